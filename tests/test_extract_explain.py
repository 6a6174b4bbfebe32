"""`tracker extract FILE --explain`: every number in a text, and what became of it.

A user who wonders why a figure of their text is missing reads one line per number: where it
stands (paragraph, line and column), how the text writes it, and either the claim it became
(id, kind, value, place, metric, year) or the gate that dropped it, in English or in Chinese.
The sentences are made up, in the style of provincial plans.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from tracker.extract import extract, load_catalogue
from tracker.extract.explain import explain
from tracker.extract.gates import GATES

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = load_catalogue(ROOT / "data")

PLAN = (
    "湖北省人民政府办公厅关于加快人工智能产业发展的实施意见\n"
    "到2027年，全省智能算力规模达到50EFLOPS，培育人工智能企业100家。\n"
    "联系电话：027-87654321。\n"
    "全省规上工业企业营业收入增长5%。\n"
    "同时，建设30个以"
)


def tracker(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tracker", *args], capture_output=True, text=True,
                          cwd=ROOT, input=stdin)


def by_text(rows):
    return {row.text: row for row in rows}


def test_each_number_shows_the_claim_it_became_with_its_id_kind_value_and_year():
    rows = by_text(explain(PLAN, CATALOGUE, year=2025).numbers)
    compute = rows["50EFLOPS"]
    assert compute.outcome == "claim"
    assert compute.claim["kind"] == "target"
    assert (compute.claim["value"], compute.claim["unit"], compute.claim["year"]) == (50, "EFLOPS", 2027)
    assert compute.claim["metric"] == "intelligent_compute"
    ids = {c.entry["id"] for c in extract(PLAN, CATALOGUE, year=2025)}
    assert compute.claim["id"] in ids  # the same id `extract` prints


def test_each_dropped_number_names_its_gate_and_says_why():
    rows = by_text(explain(PLAN, CATALOGUE, year=2025).numbers)
    assert rows["2027"].gate == "date"
    assert rows["027"].gate == rows["87654321"].gate == "phone"
    assert rows["5%"].gate == "not_ai"  # an industry's revenue, with no AI word near it
    assert rows["30个"].gate == "cut_off"  # the text stops in the middle of this clause
    for row in rows.values():
        if row.outcome == "gate":
            assert row.reason_en == GATES[row.gate].en and row.reason_zh == GATES[row.gate].zh


def test_positions_point_at_the_number_in_the_text():
    for row in explain(PLAN, CATALOGUE, year=2025).numbers:
        assert PLAN[row.position:row.position + len(row.text)] == row.text
        line = PLAN.split("\n")[row.line - 1]
        assert line[row.column - 1:].startswith(row.text)


def test_a_growth_rate_joined_to_its_level_points_at_that_claim():
    text = "2025年，全省人工智能核心产业营业收入达到800亿元，同比增长20%。"
    rows = by_text(explain(text, CATALOGUE, year=2025).numbers)
    level, growth = rows["800亿元"], rows["20%"]
    assert level.outcome == "claim" and growth.outcome == "joined"
    assert growth.claim["id"] == level.claim["id"]


def test_a_repeated_claim_points_at_its_first_statement():
    text = ("到2027年，全省智能算力规模达到50EFLOPS。\n"
            "其中，到2027年全省智能算力规模达到50EFLOPS，居全国前列。")
    rows = [row for row in explain(text, CATALOGUE, year=2025).numbers if row.text.startswith("50")]
    assert len(rows) == 2
    assert rows[1].repeat_of == rows[0].claim["id"]


def test_below_min_confidence_is_a_gate_too():
    rows = explain(PLAN, CATALOGUE, year=2025, min_confidence=0.99).numbers
    held = [row for row in rows if row.gate == "below_confidence"]
    assert held and all(row.claim is not None for row in held)


def test_every_gate_has_both_sentences():
    for gate in GATES.values():
        assert gate.en and gate.zh and gate.id
        assert re.search(r"[\u4e00-\u9fff]", gate.zh)


def test_the_command_prints_a_table_in_english():
    path = ROOT / ".pytest-explain-en.txt"
    path.write_text(PLAN, encoding="utf-8")
    try:
        result = tracker("extract", str(path), "--year", "2025", "--explain")
    finally:
        path.unlink()
    assert result.returncode == 0, result.stderr
    assert "number" in result.stdout and "became" in result.stdout
    assert result.stdout.startswith("issuer: Hubei (title or header: 湖北省)\ndocument date: 2025 (given)\n")
    assert re.search(r"2:\d+\s+50EFLOPS\s+target \S+: ≥ 50 EFLOPS, place Hubei", result.stdout)
    assert "dropped [cut_off]: in the unfinished last clause" in result.stdout


def test_the_chinese_table_has_no_english_words():
    result = tracker("extract", "-", "--year", "2025", "--explain", "--lang", "zh", stdin=PLAN)
    assert result.returncode == 0, result.stderr
    assert "数字" in result.stdout and "结果" in result.stdout and "未采用：日期，不是数据" in result.stdout
    shown = result.stdout
    rows = explain(PLAN, CATALOGUE, year=2025).numbers
    for row in rows:  # ids are codes, and what the text itself writes may be Latin (EFLOPS)
        if row.claim:
            shown = shown.replace(row.claim["id"], "").replace(row.claim["unit"] or "", "")
    for row in rows:
        shown = shown.replace(row.text, "")
    assert not re.search(r"[A-Za-z]{2,}", shown), shown


def test_json_lists_every_number_with_its_outcome():
    result = tracker("extract", "-", "--year", "2025", "--explain", "--format", "json", stdin=PLAN)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["issuer"]["place"] == "hubei" and found["date"]["date"] == "2025"
    rows = found["numbers"]
    assert {row["outcome"] for row in rows} <= {"claim", "joined", "gate"}
    assert all(row["gate"] in GATES for row in rows if row["outcome"] == "gate")
    assert any(row["claim"] and row["claim"]["value"] == 50 for row in rows)


def test_a_gbk_file_is_read_and_a_pdf_refused_in_one_line(tmp_path):
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes(PLAN.encode("gb18030"))
    result = tracker("extract", str(gbk), "--year", "2025", "--explain", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["issuer"]["place"] == "hubei"
    pdf = tmp_path / "plan.pdf"
    pdf.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    refused = tracker("extract", str(pdf))
    assert refused.returncode != 0 and len(refused.stderr.strip().splitlines()) == 1
    assert "not a text file" in refused.stderr
