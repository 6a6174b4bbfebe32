"""The export as people open it: a CSV that Excel, LibreOffice and pandas read as UTF-8, where no
registry text runs as a formula and numbers stay numbers, with every quote, the deadline and the
date the statuses were judged on; and the same rows as JSON and from `tracker export`."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pandas as pd
import pytest
import yaml

from tracker import export
from tracker.cli import main
from tracker.frames import Filters
from tracker.snapshot import load_snapshot

AS_OF = dt.date(2026, 3, 15)
BOM = b"\xef\xbb\xbf"

# Made-up sentences in the style of the sources; none is taken from a source text.
TARGET = {
    "id": "hz-compute-2027", "place": "hangzhou", "metric": "intelligent_compute", "comparator": ">=",
    "value": 80, "unit": "EFLOPS",
    "deadline": {"date": "2027", "precision": "year_end", "text": "到2027年底"},
    "statements": [{"source": "seed-000", "quote": "力争到2027年底全市智能算力规模达到80EFLOPS以上"},
                   {"source": "seed-001", "quote": "智能算力总规模不低于80EFLOPS", "date": "2025-11"}],
    "note": "=24.7% (yoy) checked by hand",
    "reader_note_en": "+ counts the clusters of two parks",
    "reader_note_zh": "@园区 两个集群合计",
}
FIGURE = {
    "id": "hz-compute-2025-h1", "place": "hangzhou", "metric": "intelligent_compute", "comparator": "~",
    "value": 31.5, "unit": "EFLOPS", "period": {"end": "2025-06", "kind": "point", "text": "截至2025年6月"},
    "growth": {"comparator": "=", "value": -3.5, "unit": "%", "basis": "yoy"},
    "statements": [{"source": "seed-000", "quote": "截至6月底智能算力规模约31.5EFLOPS，同比下降3.5%"}],
    "note": "-2 clusters moved to Ningbo",
}
NINGBO = {
    "id": "nb-revenue-2025", "place": "ningbo", "metric": "ai_core_revenue", "comparator": "=", "value": 1200,
    "unit": "亿元", "period": {"end": "2025", "kind": "year"},
    "statements": [{"source": "seed-001", "quote": "全市人工智能核心产业营业收入1200亿元"}],
}


@pytest.fixture
def registry_path(make_registry):
    return make_registry(yaml.safe_dump({"targets": [TARGET], "figures": [FIGURE, NINGBO]}, allow_unicode=True))


@pytest.fixture
def snapshot(registry_path):
    return load_snapshot(registry_path, as_of=AS_OF, check_sources=False, cache_dir=registry_path.parent / "cache")


def csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def by_id(frame: pd.DataFrame) -> dict[str, dict]:
    return {row["id"]: row for row in frame.to_dict("records")}


def test_the_csv_is_utf8_with_a_bom_and_reads_back_in_csv_and_pandas(snapshot):
    data = export.to_csv(export.export_view(snapshot, Filters()))
    assert data.startswith(BOM) and not data.startswith(BOM * 2)
    rows = csv_rows(data)
    assert rows[0][0] == "id" and rows[0] == export.EXPORT_COLUMNS
    assert all(len(row) == len(rows[0]) for row in rows)
    assert sorted(row[0] for row in rows[1:]) == ["hz-compute-2025-h1", "hz-compute-2027", "nb-revenue-2025"]
    frame = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert list(frame.columns) == export.EXPORT_COLUMNS
    row = by_id(frame)["nb-revenue-2025"]
    assert (row["place_zh"], row["place_en"], row["metric_zh"]) == ("宁波市", "Ningbo", "人工智能核心产业营业收入")
    assert row["value_text"] == "1200 亿元"


def test_text_that_could_run_as_a_formula_is_escaped_and_numbers_stay_numbers(snapshot):
    data = export.to_csv(export.export_view(snapshot, Filters()))
    frame = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    target, figure = by_id(frame)["hz-compute-2027"], by_id(frame)["hz-compute-2025-h1"]
    assert target["maintainer_note"] == "'=24.7% (yoy) checked by hand"
    assert target["reader_note_en"] == "'+ counts the clusters of two parks"
    assert target["reader_note_zh"] == "'@园区 两个集群合计"
    assert figure["maintainer_note"] == "'-2 clusters moved to Ningbo"
    assert figure["growth"] == "'=-3.5% (yoy)"
    # numbers are numbers, a negative one too, and never escaped or quoted as text
    for column in export.NUMBER_COLUMNS:
        assert pd.api.types.is_numeric_dtype(frame[column]), column
    assert figure["growth_value"] == -3.5 and figure["value"] == 31.5 and figure["value_base"] == 3.15e19
    assert target["value"] == 80 and target["year"] == 2027
    line = next(line for line in data.decode("utf-8-sig").splitlines() if line.startswith("hz-compute-2025-h1,"))
    assert ",-3.5,%," in line and ",31.5,EFLOPS,3.15e+19," in line
    # a spreadsheet reads no text cell as a formula; a number cell is a bare number
    header, *body = csv_rows(data)
    for name, cells in zip(header, zip(*body)):
        if name in export.NUMBER_COLUMNS:
            assert all(cell == "" or float(cell) == float(cell.strip()) for cell in cells), name
        else:
            assert not [cell for cell in cells if cell[:1] and cell[0] in export.FORMULA_STARTS], name
    assert "'=" in [row[header.index("comparator")] for row in body]  # the comparator "=" too


def test_a_row_holds_every_quote_with_its_source_the_deadline_and_the_as_of_date(snapshot):
    frame = pd.read_csv(io.BytesIO(export.to_csv(export.export_view(snapshot, Filters()))), encoding="utf-8-sig",
                        dtype=str, keep_default_na=False)
    target = by_id(frame)["hz-compute-2027"]
    quotes = target["quotes"].split("\n")
    assert len(quotes) == 2 == int(target["statements"])
    titles = {s: snapshot.sources[s].title for s in ("seed-000", "seed-001")}
    assert quotes[0].startswith(TARGET["statements"][0]["quote"]) and titles["seed-000"] in quotes[0]
    assert quotes[1].startswith(TARGET["statements"][1]["quote"]) and titles["seed-001"] in quotes[1]
    assert quotes[1].endswith("(2025-11)")  # the statement's own date, else its source's
    assert target["quote"] == TARGET["statements"][0]["quote"]
    assert (target["source"], target["source_title"]) == ("seed-000", titles["seed-000"])
    assert target["source_publisher"] == snapshot.sources["seed-000"].publisher
    assert target["source_published"] == snapshot.sources["seed-000"].published
    assert target["sources_all"] == "seed-000;seed-001"
    assert (target["deadline"], target["deadline_precision"], target["deadline_text"]) == ("2027", "year_end",
                                                                                           "到2027年底")
    assert set(frame["as_of"]) == {"2026-03-15"}
    assert target["value_text"] == ">= 80 EFLOPS" and target["comparator"] == ">="
    figure = by_id(frame)["hz-compute-2025-h1"]
    assert (figure["period_end"], figure["period_text"], figure["scope"]) == ("2025-06", "截至2025年6月", "whole")
    assert figure["deadline_text"] == ""
    # the status with its working, in both languages
    assert target["status"] in export.STATUS_LABELS
    assert (target["status_zh"], target["status_en"]) == export.STATUS_LABELS[target["status"]]
    assert target["latest_figure"] == "hz-compute-2025-h1" and float(target["latest_base"]) == 3.15e19
    assert "note" not in frame.columns  # the maintainers' note is never offered as a reader's note


def test_the_citation_is_one_cell_of_one_last_row(snapshot):
    rows = export.export_view(snapshot, Filters())
    data = export.to_csv(rows, export.citation(AS_OF, "en", now=dt.date(2026, 3, 16)))
    parsed = csv_rows(data)
    assert len(parsed) == len(rows) + 2 and all(len(row) == len(parsed[0]) for row in parsed[:-1])
    assert parsed[-1] == ["# Source: AI Targets Tracker registry (targets.yaml); statuses as of 2026-03-15; each row "
                          "cites its source document and verbatim quotes. Exported 2026-03-16."]
    # pandas (like a spreadsheet) reads it without complaint: the data rows, then the citation in the first column
    frame = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert list(frame["id"].iloc[:-1]) == list(rows["id"]) and frame["id"].iloc[-1].startswith("# Source:")
    assert frame.iloc[-1, 1:].isna().all()
    zh = csv_rows(export.to_csv(rows, export.citation(AS_OF, "zh")))[-1]
    assert len(zh) == 1 and zh[0].startswith("# 来源：") and "2026-03-15" in zh[0]


def test_json_has_the_same_rows_and_columns_with_numbers_as_numbers(snapshot):
    rows = export.export_view(snapshot, Filters())
    data = export.to_json(rows)
    assert "杭州市".encode() in data and b"\\u" not in data
    records = json.loads(data)
    assert [r["id"] for r in records] == list(rows["id"]) and list(records[0]) == export.EXPORT_COLUMNS
    figure = next(r for r in records if r["id"] == "hz-compute-2025-h1")
    assert figure["growth_value"] == -3.5 and figure["value_base"] == 3.15e19 and figure["year"] == 2025
    assert figure["maintainer_note"] == "-2 clusters moved to Ningbo"  # unescaped: JSON is read by programs
    assert figure["hedged"] is None and next(r for r in records if r["kind"] == "target")["hedged"] is False


def test_only_the_rows_asked_for_in_their_order(snapshot):
    rows = export.export_view(snapshot, Filters(), ["nb-revenue-2025", "gone-since", "hz-compute-2027"])
    assert list(rows["id"]) == ["nb-revenue-2025", "hz-compute-2027"]
    assert list(export.export_view(snapshot, Filters(places=["ningbo"]), ["hz-compute-2027"])["id"]) == []
    # nothing in view: the header alone, still a file a spreadsheet opens
    assert csv_rows(export.to_csv(export.export_view(snapshot, Filters(places=["wenzhou"])))) == [export.EXPORT_COLUMNS]
    assert json.loads(export.to_json(export.export_view(snapshot, Filters(), []))) == []


@pytest.mark.parametrize("places, name", [
    ([], "ai-targets-all-2026-03-15.csv"),
    (["hangzhou"], "ai-targets-hangzhou-2026-03-15.csv"),
    (["hangzhou", "ningbo"], "ai-targets-hangzhou_ningbo-2026-03-15.csv"),
    (["a", "b", "c", "d", "e"], "ai-targets-a_b_c_and-2-more-2026-03-15.csv"),
    (["../../etc/passwd", "x" * 200], f"ai-targets-etc-passwd_{'x' * 40}-2026-03-15.csv"),
])
def test_the_file_name_says_what_and_when(places, name):
    assert export.file_name(places, AS_OF) == name


def test_the_command_line_writes_the_same_rows(registry_path, snapshot, capsysbinary, tmp_path):
    expected = export.to_csv(export.export_view(snapshot, Filters(places=["hangzhou"])))
    options = ["--registry", str(registry_path), "--as-of", AS_OF.isoformat(), "--place", "杭州"]
    assert main(["export", *options]) == 0
    assert capsysbinary.readouterr().out == expected  # standard output stays standard output
    folder = tmp_path / "out"
    folder.mkdir()
    assert main(["export", *options, "-o", str(folder)]) == 0
    assert (folder / "ai-targets-hangzhou-2026-03-15.csv").read_bytes() == expected
    assert main(["export", *options, "--format", "json", "-o", str(folder / "mine.json")]) == 0
    assert [r["id"] for r in json.loads((folder / "mine.json").read_bytes())] == \
        [row[0] for row in csv_rows(expected)[1:]]
    assert main(["export", "--registry", str(registry_path), "--as-of", AS_OF.isoformat(), "-o", str(folder)]) == 0
    assert len(csv_rows((folder / "ai-targets-all-2026-03-15.csv").read_bytes())) == 4
