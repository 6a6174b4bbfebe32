"""The command line over the shipped registry: status tables and exports a person can use."""

import csv
import io
import json

from tracker.cli import main

AS_OF = "2026-11-23"


def run(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_status_accepts_chinese_and_english_place_names(capsys):
    code, by_zh, _ = run(capsys, "status", "--place", "杭州", "--as-of", AS_OF)
    assert code == 0
    _, by_en, _ = run(capsys, "status", "--place", "Hangzhou", "--as-of", AS_OF)
    assert by_zh == by_en
    assert "hangzhou-intelligent-compute-2025" in by_zh and "Awaiting data" in by_zh
    assert "wenzhou-" not in by_zh


def test_status_in_chinese(capsys):
    _, out, _ = run(capsys, "status", "--place", "温州", "--lang", "zh", "--as-of", AS_OF)
    assert "温州市" in out and "人工智能产业规模" in out


def test_a_city_includes_its_districts(capsys):
    _, out, _ = run(capsys, "export", "--format", "json", "--place", "hangzhou", "--as-of", AS_OF)
    places = {row["place"] for row in json.loads(out)}
    assert {"hangzhou", "gongshu"} <= places and "wenzhou" not in places


def test_status_filter_and_unknown_values(capsys):
    _, out, _ = run(capsys, "status", "--status", "awaiting_data", "--as-of", AS_OF)
    assert "Awaiting data" in out and "No data " not in out.split("\n\n")[0]
    code, _, err = run(capsys, "status", "--status", "late", "--as-of", AS_OF)
    assert code == 2 and "unknown status 'late'" in err
    code, _, err = run(capsys, "status", "--place", "Atlantis")
    assert code == 2 and "unknown place 'Atlantis'" in err


def test_export_csv_has_one_row_per_target_and_figure(capsys):
    from tracker import load_registry

    registry = load_registry()
    code, out, _ = run(capsys, "export", "--format", "csv", "--as-of", AS_OF)
    assert code == 0
    assert out.startswith("\ufeff")  # the byte order mark Excel needs to read UTF-8
    rows = list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff"), newline="")))
    assert len(rows) == len(registry.targets) + len(registry.figures)
    for column in ("id", "kind", "place", "place_level", "actor", "metric", "topic", "comparator", "value", "unit",
                   "value_base", "unit_base", "year", "deadline", "deadline_text", "period_text", "as_of", "source",
                   "source_title", "source_file", "quote", "quotes", "status", "required_rate", "actual_rate"):
        assert column in rows[0], column
    revenue = next(r for r in rows if r["id"] == "zhejiang-ai-core-revenue-2025-jan-aug")
    assert (revenue["kind"], revenue["value_base"], revenue["unit_base"]) == ("figure", "400000000000", "yuan")
    assert {r["as_of"] for r in rows} == {AS_OF}
    assert revenue["source_file"] == "002_ab666b1953648f6e.txt"
    # a year is written as a year, and a missing one as a blank, even beside targets without a deadline
    assert {r["year"] for r in rows} >= {"", "2025"} and not [r for r in rows if r["year"].endswith(".0")]


def test_export_json_filters_by_topic_and_year(capsys):
    _, out, _ = run(capsys, "export", "--format", "json", "--topic", "compute", "--year", "2025", "--as-of", AS_OF)
    rows = json.loads(out)
    assert rows and {r["topic"] for r in rows} == {"compute"} and {r["year"] for r in rows} == {2025}
    target = next(r for r in rows if r["id"] == "hangzhou-intelligent-compute-2025")
    assert target["value_base"] == 5e19 and target["status"] == "awaiting_data"
