"""`tracker export --format sqlite`: one database an SQL tool (sqlite3, Datasette, DuckDB)
opens at once, with every table, its foreign keys and the statuses as of the day asked for."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pandas as pd

from tracker import load_registry

ROOT = Path(__file__).resolve().parent.parent


def export(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tracker", "export", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)


def test_the_database_holds_every_table_whole_and_joins(tmp_path):
    path = tmp_path / "registry.db"
    done = export("--format", "sqlite", "-o", str(path), "--as-of", "2026-12-01")
    assert done.returncode == 0, done.stderr
    assert f"datasette {path}" in done.stderr
    registry = load_registry()
    db = sqlite3.connect(path)
    count = lambda table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: E731
    assert count("targets") == len(registry.targets) and count("figures") == len(registry.figures)
    assert count("places") == len(registry.places) and count("metrics") == len(registry.metrics)
    assert count("sources") == len(registry.sources) and count("actors") == len(registry.actors)
    assert count("statements") == sum(len(e.statements) for e in registry.targets + registry.figures)
    db.execute("PRAGMA foreign_keys = ON")
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []  # every reference finds its row
    # a question an analyst asks in SQL: Hangzhou's targets with their metric and first quote
    rows = db.execute("""
        SELECT t.id, p.name_zh, m.name_en, t.status, s.quote, so.title
        FROM targets t JOIN places p ON p.id = t.place JOIN metrics m ON m.id = t.metric
        JOIN statements s ON s.target = t.id AND s.position = 0 JOIN sources so ON so.id = s.source
        WHERE t.id = 'hangzhou-ai-core-revenue-2025'""").fetchall()
    assert rows == [("hangzhou-ai-core-revenue-2025", "杭州市", "AI core industry revenue", "awaiting_data",
                     "力争全市人工智能核心产业收入超过3900亿元", rows[0][5])]
    assert dict(db.execute("SELECT key, value FROM meta"))["as_of"] == "2026-12-01"
    declared = {tuple(r[2:5]) for r in db.execute("SELECT * FROM pragma_foreign_key_list('targets')")}
    assert ("places", "place", "id") in declared and ("figures", "latest_figure", "id") in declared


def test_statuses_are_those_of_the_day_asked_for(tmp_path):
    before, after = tmp_path / "before.db", tmp_path / "after.db"
    assert export("--format", "sqlite", "-o", str(before), "--as-of", "2025-10-01").returncode == 0
    assert export("--format", "sqlite", "-o", str(after), "--as-of", "2026-12-01").returncode == 0
    query = "SELECT status FROM targets WHERE id = 'hangzhou-intelligent-compute-2025'"
    assert sqlite3.connect(before).execute(query).fetchone() == ("no_data",)
    assert sqlite3.connect(after).execute(query).fetchone() == ("awaiting_data",)


def test_a_filtered_export_keeps_its_references_whole(tmp_path):
    path = tmp_path / "hangzhou.db"
    assert export("--format", "sqlite", "-o", str(path), "--place", "wenzhou").returncode == 0
    db = sqlite3.connect(path)
    assert {r[0] for r in db.execute("SELECT DISTINCT place FROM targets")} == {"wenzhou"}
    db.execute("PRAGMA foreign_keys = ON")
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_parquet_has_the_csv_rows_typed(tmp_path):
    done = export("--format", "parquet", "-o", str(tmp_path), "--place", "hangzhou")
    assert done.returncode == 0, done.stderr
    (written,) = tmp_path.glob("ai-targets-hangzhou-*.parquet")
    frame = pd.read_parquet(written)
    csv = export("--format", "csv", "--place", "hangzhou", "-o", str(tmp_path / "rows.csv"))
    assert csv.returncode == 0
    assert list(frame["id"]) == list(pd.read_csv(tmp_path / "rows.csv", encoding="utf-8-sig")["id"])
    assert frame["value"].dtype.kind == "f"


def test_a_binary_format_needs_a_file():
    done = export("--format", "sqlite")
    assert done.returncode == 2 and "-o FILE.db" in done.stderr and "Traceback" not in done.stderr
