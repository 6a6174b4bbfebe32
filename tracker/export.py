"""The export: the claims in view as rows for a spreadsheet (CSV) or a program (JSON). The one
place that makes export rows and writes them; the dashboard's download and `tracker export`
both call it.

A row holds the numbers as numbers beside the readable text (`value` and `unit` beside
`value_text`), the status with its working (`required_rate`, `actual_rate`, …) and the date it
was judged on (`as_of`), the deadline with the text's own words, and every statement's quote
with its source's title. Names come in both languages.

The CSV is meant to open cleanly in Excel, LibreOffice and pandas:
- UTF-8 with a byte order mark (Excel on Windows reads a file without one as the local code
  page and garbles Chinese);
- a text cell that a spreadsheet would run as a formula (starting with = + - @, a tab or a
  carriage return) gets a leading apostrophe, which spreadsheets show as plain text; a number
  is written as a number and never escaped (a negative growth rate stays -3.5);
- an optional citation goes in one cell of one last row, starting with "#".
The JSON has the same rows and columns, unescaped, with numbers as numbers.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
from typing import Any, Iterable, Sequence

import pandas as pd

from .formatting import exact_number, stated_value
from .status import STATUS_LABELS

EXPORT_COLUMNS = [
    "id", "kind", "place", "place_zh", "place_en", "place_level", "actor", "actor_zh", "actor_en",
    "metric", "metric_zh", "metric_en", "topic", "measure",
    "value_text", "comparator", "value", "unit", "value_base", "unit_base",
    "growth", "growth_value", "growth_unit", "rank", "rank_value", "scope",
    "year", "deadline", "deadline_precision", "deadline_text", "deadline_end",
    "period_start", "period_end", "period_kind", "period_text", "firmness",
    "as_of", "status", "status_en", "status_zh", "hedged", "status_rule", "explanation_en", "explanation_zh",
    "baseline_value", "baseline_unit", "baseline_as_of", "baseline_base",
    "latest_figure", "latest_base", "latest_comparator", "latest_date", "progress", "required_rate", "actual_rate",
    "source", "source_title", "source_title_en", "source_publisher", "source_published", "source_url",
    "source_file", "quote", "statements", "sources_all", "quotes",
    "reader_note_en", "reader_note_zh", "maintainer_note",
]
# Numbers (blank when missing) in every row; `hedged` is TRUE/FALSE; every other column is text.
NUMBER_COLUMNS = {"value", "value_base", "growth_value", "rank_value", "year", "baseline_value", "baseline_base",
                  "latest_base", "progress", "required_rate", "actual_rate", "statements"}
DATE_COLUMNS = ["deadline", "deadline_end", "period_start", "period_end", "baseline_as_of", "latest_date"]
# The first characters that make a spreadsheet read a cell as a formula (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Between two statements in the `quotes` cell: a line break shows as one statement per line.
QUOTE_SEPARATOR = "\n"

CITATION = {
    "en": "Source: AI Targets Tracker registry (targets.yaml); statuses as of {as_of}; each row cites its "
          "source document and verbatim quotes. Exported {now}.",
    "zh": "来源：AI 目标追踪登记册（targets.yaml），状态判定日期 {as_of}；每行注明来源文件与原文引语。导出日期 {now}。",
}


def citation(as_of: dt.date, lang: str = "en", now: dt.date | None = None) -> str:
    return CITATION["zh" if lang == "zh" else "en"].format(
        as_of=as_of.isoformat(), now=(now or dt.date.today()).isoformat())


# --- rows ------------------------------------------------------------------------------------

def export_view(snapshot, filters, ids: Sequence[str] | None = None) -> pd.DataFrame:
    """The claims of `snapshot` that `filters` (a `tracker.frames.Filters`) keep, as export
    rows; with `ids`, only those, in that order."""
    from .frames import filtered_claims

    targets, figures = filtered_claims(snapshot, filters)
    return export_frame(snapshot, targets, figures, ids)


def export_frame(snapshot, targets: pd.DataFrame, figures: pd.DataFrame,
                 ids: Sequence[str] | None = None) -> pd.DataFrame:
    """One table of `targets` then `figures` (frames of `snapshot`), in EXPORT_COLUMNS; with
    `ids`, only those claims, in that order (a grid's rows after its search and sort)."""
    parts = [frame for frame in (targets, figures) if not frame.empty]
    frame = pd.concat(parts, ignore_index=True) if parts else targets.iloc[0:0].copy()
    if ids is not None:
        position = {claim: i for i, claim in enumerate(frame["id"])}
        frame = frame.iloc[[position[claim] for claim in ids if claim in position]].reset_index(drop=True)
    out = pd.DataFrame(index=frame.index)
    for column in EXPORT_COLUMNS:
        out[column] = frame[column].astype(object) if column in frame else None
    is_target = frame["kind"] == "target"
    out["year"] = [None if _missing(year) else int(year) for year in frame["year"]]
    out["value_text"] = [stated_value(*parts) for parts in zip(frame["comparator"], frame["value"], frame["unit"])]
    out["deadline_text"] = frame["date_text"].where(is_target, None)
    out["period_text"] = frame["date_text"].where(~is_target, None)
    for column in DATE_COLUMNS:  # dates as ISO text (some frames hold datetime.date)
        out[column] = [value.isoformat() if isinstance(value, dt.date) else value for value in out[column]]
    out["as_of"] = snapshot.as_of.isoformat()
    out["status_en"] = [STATUS_LABELS[s][1] if s in STATUS_LABELS else None for s in frame["status"]]
    out["status_zh"] = [STATUS_LABELS[s][0] if s in STATUS_LABELS else None for s in frame["status"]]
    out["maintainer_note"] = frame["note"]
    for column, field in (("source_title", "title"), ("source_title_en", "title_en"),
                          ("source_publisher", "publisher"), ("source_published", "published"),
                          ("source_url", "url")):
        out[column] = frame["source"].map(snapshot.field("sources", field))
    out["quotes"] = all_quotes(snapshot, list(frame["id"]))
    return out


def all_quotes(snapshot, claim_ids: list[str]) -> list[str | None]:
    """Each claim's statements, one a line: the verbatim quote — its source's title (date)."""
    statements = snapshot.statements
    if statements.empty or not claim_ids:
        return [None] * len(claim_ids)
    statements = statements[statements["claim"].isin(set(claim_ids))].sort_values(["claim", "position"])
    titles = snapshot.field("sources", "title")
    published = snapshot.field("sources", "published")
    lines: dict[str, list[str]] = {}
    for claim, source, quote, date in zip(statements["claim"], statements["source"], statements["quote"],
                                          statements["date"]):
        when = date if isinstance(date, str) and date else published.get(source)
        lines.setdefault(claim, []).append(f"{quote} — {titles.get(source, source)}" + (f" ({when})" if when else ""))
    return [QUOTE_SEPARATOR.join(lines[c]) if c in lines else None for c in claim_ids]


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows as plain Python values: None for a missing value, int/float/bool, text."""
    values = plain_columns(frame)
    return [dict(zip(values, row)) for row in zip(*values.values())]


def plain_columns(frame: pd.DataFrame) -> dict[str, list]:
    """Each column as a list of plain values (None for a missing one), made a column at a time:
    a cell at a time took most of the export's time."""
    return {name: frame[name].astype(object).where(frame[name].notna(), None).tolist() for name in frame.columns}


# --- files -----------------------------------------------------------------------------------

def to_csv(frame: pd.DataFrame, citation_line: str | None = None) -> bytes:
    """The rows as a CSV a spreadsheet opens cleanly (see the module's description)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(frame.columns)
    writer.writerows(zip(*([csv_cell(value) for value in values] for values in plain_columns(frame).values())))
    if citation_line:
        writer.writerow([csv_cell(f"# {citation_line}")])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_json(frame: pd.DataFrame) -> bytes:
    return (json.dumps(records(frame), ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def to_parquet(frame: pd.DataFrame, path) -> None:
    """The rows, typed (numbers as numbers, dates as text as in the CSV), for pandas, DuckDB,
    Arrow tools."""
    frame.to_parquet(path, index=False)


def csv_cell(value: Any) -> str:
    """A number as a number; a text that could run as a formula with a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return exact_number(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def file_name(places: Iterable[str], as_of: dt.date, extension: str = "csv") -> str:
    """ai-targets-hangzhou-2026-12-01.csv: the places filtered on (`all` for none; at most three
    named, then how many more), the as-of date. Only [a-z0-9_-], and short."""
    names = [re.sub(r"[^a-z0-9-]+", "-", place.lower()).strip("-")[:40] for place in places]
    names = [name for name in dict.fromkeys(names) if name]
    part = "_".join(names[:3]) + (f"_and-{len(names) - 3}-more" if len(names) > 3 else "") if names else "all"
    return f"ai-targets-{part}-{as_of.isoformat()}.{extension}"


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))
