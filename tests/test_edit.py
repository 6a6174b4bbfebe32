"""Adding entries: validated first, written whole, comments and formatting kept."""

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tracker import RegistryError, load_registry
from tracker.edit import add_entry, round_trip

ROOT = Path(__file__).resolve().parent.parent

HAND_WRITTEN = """\
# A registry as a person writes it: comments, flow mappings, odd quoting.
targets:
  # Hangzhou's compute goal, stated twice
  - id: hz-compute   # keep this comment
    place: hangzhou
    actor: null
    metric: intelligent_compute
    comparator: ">"
    value: 50
    unit: 'EFLOPS'
    deadline: {date: "2025-12-31", precision: year_end, text: 到2025年底}
    statements:
      - source: seed-000
        quote: 到2025年底，全市投入市场的智算规模超过50EFLOPS
    note: "A long note that goes on and on past the usual eighty column line width, so a narrow dumper would fold it."
figures: []   # none yet
"""

NEW_FIGURE = [
    "--id", "zj-revenue-2025-jan-aug", "--place", "浙江", "--metric", "ai_core_revenue",
    "--comparator", ">", "--value", "4000", "--unit", "亿元",
    "--period-start", "2025-01", "--period-end", "2025-08", "--period-kind", "range",
    "--period-text", "2025年1—8月", "--source", "seed-002",
    "--quote", "2025年1—8月,全省人工智能核心产业企业数量持续增长,营业收入突破4000亿元",
]


def tracker(*args, **kwargs):
    return subprocess.run([sys.executable, "-m", "tracker", *args], capture_output=True, text=True,
                          cwd=ROOT, **kwargs)


def test_load_and_save_with_no_change_is_byte_identical(make_registry):
    assert round_trip(HAND_WRITTEN) == HAND_WRITTEN
    shipped = (ROOT / "targets.yaml").read_text(encoding="utf-8")
    assert round_trip(shipped) == shipped


def test_add_figure_appends_and_keeps_everything_else(make_registry, seeds):
    path = make_registry(HAND_WRITTEN)
    run = tracker("add-figure", "--registry", str(path), "--sources", str(seeds), *NEW_FIGURE)
    assert run.returncode == 0, run.stderr
    assert "added figure 'zj-revenue-2025-jan-aug'" in run.stdout
    text = path.read_text(encoding="utf-8")
    # everything before the new entry is untouched, comments included
    before, _, added = text.partition("figures:")
    assert before == HAND_WRITTEN.partition("figures:")[0]
    assert "# none yet" in text
    registry = load_registry(path, sources_dir=seeds)
    [figure] = registry.figures
    assert (figure.place, figure.value, figure.unit, figure.period.end) == ("zhejiang", 4000, "亿元", "2025-08")
    assert 'end: "2025-08"' in added  # dates are written quoted


def test_a_rejected_entry_changes_nothing_and_says_why(make_registry, seeds):
    path = make_registry(HAND_WRITTEN)
    bad = [a if a != "4000" else "4500" for a in NEW_FIGURE]
    run = tracker("add-figure", "--registry", str(path), "--sources", str(seeds), *bad)
    assert run.returncode == 1
    assert "figures.0.statements.0.quote: quote does not contain the value 4500" in run.stderr
    assert "nothing was changed" in run.stderr
    assert path.read_text(encoding="utf-8") == HAND_WRITTEN


def test_add_target_from_yaml_on_stdin(make_registry, seeds):
    path = make_registry(HAND_WRITTEN)
    entry = """
id: hz-industry-models-2025
place: hangzhou
metric: industry_models
comparator: "="
value: 25
unit: 个
deadline: {date: "2025-12-31", precision: year_end, text: 到2025年底}
statements:
  - source: seed-000
    quote: 行业应用大模型25个
"""
    run = tracker("add-target", "--registry", str(path), "--sources", str(seeds), "--yaml", "-", input=entry)
    assert run.returncode == 0, run.stderr
    assert [t.id for t in load_registry(path, sources_dir=seeds).targets] == ["hz-compute", "hz-industry-models-2025"]


def test_twenty_concurrent_add_figure_processes_all_land(make_registry, seeds):
    path = make_registry(HAND_WRITTEN)

    def add(n):
        args = [a if a != "zj-revenue-2025-jan-aug" else f"zj-revenue-{n}" for a in NEW_FIGURE]
        return tracker("add-figure", "--registry", str(path), "--sources", str(seeds), *args)

    with ThreadPoolExecutor(max_workers=20) as pool:
        runs = list(pool.map(add, range(20)))
    assert [r.returncode for r in runs] == [0] * 20, [r.stderr for r in runs if r.returncode]
    registry = load_registry(path, sources_dir=seeds)
    assert sorted(f.id for f in registry.figures) == sorted(f"zj-revenue-{n}" for n in range(20))
    assert "# keep this comment" in path.read_text(encoding="utf-8")
    assert not list(path.parent.glob(".targets.yaml.*.tmp"))


def test_duplicate_id_is_refused(make_registry, seeds):
    path = make_registry(HAND_WRITTEN)
    entry = load_registry(path, sources_dir=seeds).targets[0].model_dump(exclude_none=True)
    with pytest.raises(RegistryError, match="duplicate id 'hz-compute'"):
        add_entry(path, "targets", entry, sources_dir=seeds)
    assert path.read_text(encoding="utf-8") == HAND_WRITTEN


def test_the_next_add_figure_appends_the_new_lines_only(make_registry, seeds):
    """Issue 17: once the list is a block list, an entry is spliced in, not the file re-dumped."""
    path = make_registry(HAND_WRITTEN)
    assert tracker("add-figure", "--registry", str(path), "--sources", str(seeds), *NEW_FIGURE).returncode == 0
    first = path.read_text(encoding="utf-8")
    second = [a if a != "zj-revenue-2025-jan-aug" else "zj-revenue-again" for a in NEW_FIGURE]
    run = tracker("add-figure", "--registry", str(path), "--sources", str(seeds), *second)
    assert run.returncode == 0, run.stderr
    assert "now 1 targets, 2 figures" in run.stdout
    text = path.read_text(encoding="utf-8")
    assert text.startswith(first) and text[len(first):].startswith("  - id: zj-revenue-again\n")
    assert [f.id for f in load_registry(path, sources_dir=seeds).figures] == ["zj-revenue-2025-jan-aug", "zj-revenue-again"]
