"""`tracker validate` names the file, line and field of every problem."""

import subprocess
import sys

import pytest

from tracker import RegistryError, load_registry

GOOD_TARGET = """
targets:
  - id: hz-compute
    place: hangzhou
    metric: intelligent_compute
    comparator: ">"
    value: 50
    unit: EFLOPS
    deadline: {date: "2025-12-31", precision: year_end, text: 到2025年底}
    statements:
      - source: seed-000
        quote: 到2025年底，全市投入市场的智算规模超过50EFLOPS
figures:
  - id: zj-revenue-2025-jan-aug
    place: zhejiang
    metric: ai_core_revenue
    comparator: ">"
    value: 4000
    unit: 亿元
    period: {start: "2025-01", end: "2025-08", kind: range, text: 2025年1—8月}
    statements:
      - source: seed-002
        quote: 2025年1—8月,全省人工智能核心产业企业数量持续增长,营业收入突破4000亿元
"""


def problems_of(path, seeds=None):
    with pytest.raises(RegistryError) as caught:
        load_registry(path, sources_dir=seeds, check_sources=seeds is not None)
    return caught.value.problems


def test_a_good_registry_loads(make_registry, seeds):
    registry = load_registry(make_registry(GOOD_TARGET), sources_dir=seeds)
    assert [t.id for t in registry.targets] == ["hz-compute"]
    assert [f.id for f in registry.figures] == ["zj-revenue-2025-jan-aug"]


def test_yaml_syntax_error_names_the_line(make_registry):
    path = make_registry("targets:\n  - id: x\n    place: [unclosed\n")
    [problem] = problems_of(path)
    assert problem.file == str(path) and problem.field == "syntax"
    assert problem.line >= 3


def test_missing_field_points_at_its_entry(make_registry):
    path = make_registry(GOOD_TARGET.replace("    metric: intelligent_compute\n", "", 1))
    [problem] = problems_of(path)
    assert problem.field == "targets.0.metric"
    assert problem.message == "required field is missing"
    assert problem.line == 2  # the entry that lacks it


def test_wrong_type_points_at_the_value(make_registry):
    path = make_registry(GOOD_TARGET.replace("value: 50", "value: fifty"))
    [problem] = problems_of(path)
    assert problem.field == "targets.0.value"
    assert problem.line == 6 and problem.column == 12


@pytest.mark.parametrize("old, new, field, words", [
    ("place: hangzhou", "place: atlantis", "targets.0.place", "unknown place 'atlantis'"),
    ("metric: intelligent_compute", "metric: vibes", "targets.0.metric", "unknown metric 'vibes'"),
    ("source: seed-000", "source: seed-999", "targets.0.statements.0.source", "unknown source 'seed-999'"),
    ("unit: EFLOPS", "unit: furlongs", "targets.0.unit", "unknown unit 'furlongs'"),
    ("unit: EFLOPS", "unit: 亿元", "targets.0.unit", "measures money"),
])
def test_unknown_references(make_registry, old, new, field, words):
    path = make_registry(GOOD_TARGET.replace(old, new, 1))
    problems = problems_of(path)
    assert [p.field for p in problems] == [field]
    assert words in problems[0].message


def test_duplicate_ids(make_registry):
    path = make_registry(GOOD_TARGET.replace("id: zj-revenue-2025-jan-aug", "id: hz-compute"))
    [problem] = problems_of(path)
    assert problem.field == "figures.0.id" and "duplicate id 'hz-compute'" in problem.message
    assert problem.line == 13


def test_figure_dated_after_its_document(make_registry):
    path = make_registry(GOOD_TARGET.replace('start: "2025-01", end: "2025-08"', 'start: "2026-01", end: "2026-08"'))
    [problem] = problems_of(path)
    assert problem.field == "figures.0.period.start"
    assert "after the document" in problem.message


@pytest.mark.parametrize("value, words", [("-50", "cannot be negative"), (".inf", "finite"), (".nan", "finite")])
def test_negative_and_non_finite_values(make_registry, value, words):
    path = make_registry(GOOD_TARGET.replace("value: 4000", f"value: {value}"))
    problems = problems_of(path)
    assert problems[0].field == "figures.0.value"
    assert words in problems[0].message


def test_quote_not_verbatim(make_registry, seeds):
    path = make_registry(GOOD_TARGET.replace("全市投入市场的智算规模", "全市智算规模"))
    [problem] = problems_of(path, seeds)
    assert problem.field == "targets.0.statements.0.quote"
    assert "not verbatim in 000_3a4ac980e0e933cd.txt" in problem.message


def test_quote_must_hold_its_number(make_registry, seeds):
    path = make_registry(GOOD_TARGET.replace("value: 4000", "value: 4500"))
    [problem] = problems_of(path, seeds)
    assert problem.field == "figures.0.statements.0.quote"
    assert "does not contain the value 4500" in problem.message


def test_ocr_line_break_spaces_do_not_break_a_quote(make_registry, seeds):
    # the magazine reads "印 发的" with a space from the printed line break
    text = GOOD_TARGET.replace("quote: 到2025年底，全市投入市场的智算规模超过50EFLOPS",
                               "quote: 力争智能算力服务超过50EFlops").replace("seed-000", "seed-002")
    assert load_registry(make_registry(text), sources_dir=seeds).targets[0].value == 50


def test_alias_bomb_is_refused(make_registry):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for level in "bcdefghi":
        previous = chr(ord(level) - 1)
        bomb += f"{level}: &{level} [*{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}]\n"
    [problem] = problems_of(make_registry(bomb))
    assert problem.field == "aliases" and "alias bomb" in problem.message


def test_python_tags_are_refused(make_registry):
    [problem] = problems_of(make_registry("targets: !!python/object/apply:os.system ['echo hi']\n"))
    assert problem.field == "syntax" and "plain data" in problem.message
    assert problem.line == 1


def test_wrong_encoding_names_the_byte(make_registry, tmp_path):
    path = make_registry("targets: []\n")
    path.write_bytes("targets: []\n# 杭州\n".encode("gb18030"))
    [problem] = problems_of(path)
    assert problem.field == "encoding" and problem.line == 2 and "UTF-8" in problem.message


def test_empty_file(make_registry):
    [problem] = problems_of(make_registry(""))
    assert problem.message == "file is empty"


def test_every_problem_is_reported_at_once(make_registry):
    text = GOOD_TARGET.replace("place: hangzhou", "place: atlantis").replace("value: 4000", "value: -1")
    assert len(problems_of(make_registry(text))) == 2


def test_cli_prints_file_line_column_field_message(make_registry):
    path = make_registry(GOOD_TARGET.replace("place: hangzhou", "place: atlantis"))
    run = subprocess.run([sys.executable, "-m", "tracker", "validate", str(path), "--no-sources"],
                         capture_output=True, text=True)
    assert run.returncode == 1
    first = run.stderr.splitlines()[0]
    assert first.startswith(f"{path}:3:12: targets.0.place: unknown place 'atlantis'")
    assert "Traceback" not in run.stderr


def test_cli_exits_zero_on_the_shipped_registry(seeds):
    run = subprocess.run([sys.executable, "-m", "tracker", "validate", "--sources", str(seeds)],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "valid" in run.stdout
