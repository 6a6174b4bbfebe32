"""The registry as one SQLite database, for SQL tools: `datasette registry.db`, DuckDB,
sqlite3. Tables targets, figures, statements, places, metrics, sources and actors with their
foreign keys and indexes; targets carry their status and its working as of the snapshot's
date, and a `meta` table says which snapshot and date the file holds.

    tracker export --format sqlite -o registry.db
"""

from __future__ import annotations

import datetime as dt
import math
import os
import sqlite3
import tempfile
from pathlib import Path
from typing import Any, Iterable

import pandas as pd

from .frames import Filters, filtered_claims

# (column, SQL type, foreign key or None), in the order the tables show them
CATALOGUES: dict[str, list[tuple[str, str, str | None]]] = {
    "places": [("id", "TEXT PRIMARY KEY", None), ("code", "TEXT", None), ("name_zh", "TEXT", None),
               ("name_en", "TEXT", None), ("level", "TEXT", None), ("parent", "TEXT", "places")],
    "actors": [("id", "TEXT PRIMARY KEY", None), ("name_zh", "TEXT", None), ("name_en", "TEXT", None),
               ("kind", "TEXT", None), ("place", "TEXT", "places")],
    "metrics": [("id", "TEXT PRIMARY KEY", None), ("name_zh", "TEXT", None), ("name_en", "TEXT", None),
                ("topic", "TEXT", None), ("dimension", "TEXT", None), ("description", "TEXT", None)],
    "sources": [("id", "TEXT PRIMARY KEY", None), ("title", "TEXT", None), ("title_en", "TEXT", None),
                ("publisher", "TEXT", None), ("published", "TEXT", None), ("kind", "TEXT", None),
                ("language", "TEXT", None), ("url", "TEXT", None), ("file", "TEXT", None),
                ("sha256", "TEXT", None), ("retrieved", "TEXT", None)],
}
CLAIM_COLUMNS = [("id", "TEXT PRIMARY KEY", None), ("place", "TEXT", "places"), ("actor", "TEXT", "actors"),
                 ("metric", "TEXT", "metrics"), ("measure", "TEXT", None), ("comparator", "TEXT", None),
                 ("value", "REAL", None), ("unit", "TEXT", None), ("value_base", "REAL", None),
                 ("unit_base", "TEXT", None), ("year", "INTEGER", None)]
TABLES: dict[str, list[tuple[str, str, str | None]]] = {
    **CATALOGUES,
    "targets": CLAIM_COLUMNS + [
        ("deadline", "TEXT", None), ("deadline_precision", "TEXT", None), ("deadline_text", "TEXT", None),
        ("firmness", "TEXT", None), ("baseline_value", "REAL", None), ("baseline_unit", "TEXT", None),
        ("baseline_as_of", "TEXT", None), ("baseline_base", "REAL", None), ("status", "TEXT", None),
        ("hedged", "INTEGER", None), ("status_rule", "TEXT", None), ("explanation_en", "TEXT", None),
        ("explanation_zh", "TEXT", None), ("latest_figure", "TEXT", "figures"), ("latest_base", "REAL", None),
        ("latest_comparator", "TEXT", None), ("latest_date", "TEXT", None), ("progress", "REAL", None),
        ("required_rate", "REAL", None), ("actual_rate", "REAL", None), ("reader_note_en", "TEXT", None),
        ("reader_note_zh", "TEXT", None)],
    "figures": CLAIM_COLUMNS + [
        ("period_start", "TEXT", None), ("period_end", "TEXT", None), ("period_kind", "TEXT", None),
        ("period_text", "TEXT", None), ("date", "TEXT", None), ("scope", "TEXT", None),
        ("growth_value", "REAL", None), ("growth_unit", "TEXT", None), ("rank_value", "INTEGER", None),
        ("reader_note_en", "TEXT", None), ("reader_note_zh", "TEXT", None)],
    "statements": [("target", "TEXT", "targets"), ("figure", "TEXT", "figures"), ("position", "INTEGER", None),
                   ("source", "TEXT", "sources"), ("quote", "TEXT", None), ("date", "TEXT", None)],
}
INDEXES = {"targets": ["place", "metric", "actor", "status", "year"], "figures": ["place", "metric", "actor", "year"],
           "statements": ["target", "figure", "source"], "places": ["parent"], "actors": ["place"]}


def write_database(snapshot, path: Path, filters: Filters | None = None) -> dict[str, int]:
    """Write the claims in view (all, by default) and the whole catalogues to `path`, whole
    or not at all (a temporary file renamed over it). Returns each table's row count."""
    targets, figures = filtered_claims(snapshot, filters or Filters())
    figures = _with_latest_figures(snapshot, targets, figures)
    targets = targets.rename(columns={"date_text": "deadline_text"})
    figures = figures.rename(columns={"date_text": "period_text"})
    rows = {name: _catalogue_rows(getattr(snapshot, name).values(), TABLES[name]) for name in CATALOGUES}
    rows["targets"] = _frame_rows(targets, TABLES["targets"])
    rows["figures"] = _frame_rows(figures, TABLES["figures"])
    rows["statements"] = _statement_rows(snapshot, set(targets["id"]), set(figures["id"]))

    path = Path(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    os.close(handle)
    try:
        with sqlite3.connect(temporary) as db:
            for name, columns in TABLES.items():
                db.execute(_create(name, columns))
                marks = ", ".join("?" * len(columns))
                db.executemany(f"INSERT INTO {name} VALUES ({marks})", rows[name])
                for column in INDEXES.get(name, []):
                    db.execute(f"CREATE INDEX {name}_{column} ON {name} ({column})")
            db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
            db.executemany("INSERT INTO meta VALUES (?, ?)", [
                ("snapshot_key", snapshot.key), ("as_of", snapshot.as_of.isoformat()),
                ("written", dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")),
                ("status_rule", "docs/status-rule.md")])
        db.close()
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # as an ordinary new file, not mkstemp's 0600
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
    return {name: len(table_rows) for name, table_rows in rows.items()}


def _create(name: str, columns: list[tuple[str, str, str | None]]) -> str:
    parts = [f"{column} {kind}" for column, kind, _ in columns]
    parts += [f"FOREIGN KEY ({column}) REFERENCES {table}(id)" for column, _, table in columns if table]
    return f"CREATE TABLE {name} ({', '.join(parts)})"


def _with_latest_figures(snapshot, targets: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """The figures in view, plus any that a target in view names as its latest (a year
    filter may have left it out), so that every foreign key finds its row."""
    wanted = {f for f in targets["latest_figure"] if isinstance(f, str)} - set(figures["id"])
    if not wanted:
        return figures
    extra = snapshot.figures[snapshot.figures["id"].isin(wanted)]
    return pd.concat([figures, extra], ignore_index=True)


def _sql(value: Any) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return None
    if isinstance(value, (dt.date, pd.Timestamp)):
        return value.isoformat()[:10]
    if isinstance(value, bool):
        return int(value)
    if hasattr(value, "item"):  # numpy scalars
        return _sql(value.item())
    return value


def _catalogue_rows(entries: Iterable, columns) -> list[tuple]:
    return [tuple(_sql(getattr(entry, column, None)) for column, _, _ in columns) for entry in entries]


def _frame_rows(frame: pd.DataFrame, columns) -> list[tuple]:
    names = [column for column, _, _ in columns]
    present = frame.reindex(columns=names)
    return [tuple(_sql(v) for v in row) for row in present.itertuples(index=False, name=None)]


def _statement_rows(snapshot, target_ids: set[str], figure_ids: set[str]) -> list[tuple]:
    statements = snapshot.statements
    rows = []
    for claim, kind, position, source, quote, date in statements[
            ["claim", "kind", "position", "source", "quote", "date"]].itertuples(index=False, name=None):
        if claim in target_ids if kind == "target" else claim in figure_ids:
            rows.append((claim if kind == "target" else None, claim if kind != "target" else None,
                         _sql(position), source, quote, _sql(date)))
    return rows
