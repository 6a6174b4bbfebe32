"""`tracker extract --merge` is safe: it never adds a duplicate (the same place, metric and
year, the value the same within rounding), never adds an entry without a place, and says for
each candidate it skips why, in English and in Chinese. A claim about another place is never
a duplicate. The texts are made up; quotes are not checked against a source file here."""

from __future__ import annotations

from pathlib import Path

from tracker import load_registry
from tracker.extract import extract, load_catalogue, merge

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = load_catalogue(ROOT / "data")

REGISTRY = """\
targets: []
figures:
  - id: jiangsu-intelligent-compute-2025
    place: jiangsu
    metric: intelligent_compute
    comparator: ">="
    value: 1669
    unit: PFlops
    period: {start: null, end: "2025", kind: point, text: 截至2025年底}
    statements:
      - source: seed-004
        quote: 截至2025年底，全省智能算力规模达到1669PFlops
"""


def run_merge(path: Path, text: str, min_confidence: float | None = 0.0, ask=None) -> tuple[int, list[str]]:
    lines: list[str] = []
    found = extract(text, CATALOGUE, source="seed-004", year=2026)
    added = merge(found, path, min_confidence=min_confidence, ask=ask,
                  load_options={"data_dir": path.parent / "data", "check_sources": False}, report=lines.append)
    return added, lines


def figure_values(path: Path) -> list[tuple[str, float]]:
    return [(f.place, f.value) for f in load_registry(path, check_sources=False).figures]


def test_the_same_figure_within_rounding_is_not_added_again(make_registry):
    path = make_registry(REGISTRY)
    added, lines = run_merge(path, "江苏省工业和信息化厅\n截至2025年底，全省智能算力规模达到1.67EFLOPS。")
    assert added == 0
    (line,) = lines
    assert line.startswith("skipped figure")
    assert "duplicates jiangsu-intelligent-compute-2025" in line and "与已有条目 jiangsu-intelligent-compute-2025 重复" in line
    assert figure_values(path) == [("jiangsu", 1669)]


def test_the_same_value_for_another_year_is_a_new_figure(make_registry):
    path = make_registry(REGISTRY)
    added, lines = run_merge(path, "江苏省工业和信息化厅\n截至2024年底，全省智能算力规模达到1669PFlops。")
    assert added == 1, lines
    assert "duplicates" not in lines[0]


def test_another_places_claim_is_neither_a_duplicate_nor_skipped(make_registry):
    path = make_registry(REGISTRY)
    added, lines = run_merge(path, "浙江省经济和信息化厅\n截至2025年底，全省智能算力规模达到1669PFlops。")
    assert added == 1, lines
    assert "duplicates" not in lines[0]
    assert sorted(figure_values(path)) == [("jiangsu", 1669), ("zhejiang", 1669)]


def test_an_entry_without_a_place_is_never_added_and_the_skip_says_why(make_registry):
    path = make_registry(REGISTRY)
    added, lines = run_merge(path, "截至2025年底，全省智能算力规模达到300EFLOPS。")
    assert added == 0
    assert "no place found in the text" in lines[0] and "文中未找到地区" in lines[0]


def test_a_claim_stated_twice_in_one_text_is_added_once(make_registry):
    path = make_registry("targets: []\nfigures: []\n")
    text = ("山西省人民政府办公厅\n"
            "截至2025年底，全省人工智能核心企业达到420家。\n"
            "全省人工智能核心企业达到420家，其中专精特新企业60家。\n")
    added, lines = run_merge(path, text)
    assert [place for place, value in figure_values(path) if value == 420] == ["shanxi"]
    assert any("repeats shanxi-ai-core-enterprises-2025" in line and "重复" in line for line in lines), lines


def test_a_candidate_below_the_threshold_is_listed_with_its_confidence(make_registry):
    path = make_registry("targets: []\nfigures: []\n")
    added, lines = run_merge(path, "山西省人民政府办公厅\n截至2025年底，全省人工智能核心企业达到420家。", min_confidence=0.99)
    assert added == 0
    assert "below --min-confidence 0.99" in lines[0] and "低于设定的 0.99" in lines[0]


def test_asked_the_user_is_not_offered_a_duplicate(make_registry):
    path = make_registry(REGISTRY)
    asked = []
    added, lines = run_merge(path, "江苏省工业和信息化厅\n截至2025年底，全省智能算力规模达到1669PFlops。",
                             min_confidence=None, ask=lambda c: asked.append(c) or True)
    assert added == 0 and asked == []


def test_the_accepted_candidates_land_in_one_write(make_registry, monkeypatch):
    import tracker.edit

    path = make_registry(REGISTRY)
    writes = []
    real_write = tracker.edit.atomic_write
    monkeypatch.setattr(tracker.edit, "atomic_write", lambda *a, **k: writes.append(a[0]) or real_write(*a, **k))
    added, lines = run_merge(path, "江苏省工业和信息化厅\n截至2024年底，全省智能算力规模达到1200PFlops，"
                                   "人工智能核心企业超过1000家，人工智能核心产业规模达到3000亿元。")
    assert added == 3, lines
    assert [line.split()[0] for line in lines] == ["added"] * 3
    # one write of the registry (beside it, the edit's record): a reader never sees part of the batch
    assert [w for w in writes if Path(w).name == path.name] == [path]
    assert len(load_registry(path, check_sources=False).figures) == 4


def test_a_refused_candidate_is_reported_and_the_others_still_land(make_registry, monkeypatch):
    from tracker.extract import Candidate

    path = make_registry(REGISTRY)
    found = extract("江苏省工业和信息化厅\n截至2024年底，全省智能算力规模达到1200PFlops，人工智能核心企业超过1000家。",
                    CATALOGUE, source="seed-004", year=2026)
    assert len(found) == 2 and all(isinstance(c, Candidate) for c in found)
    found[1].entry["statements"][0]["source"] = "no-such-source"  # the registry refuses this one
    lines: list[str] = []
    added = merge(found, path, min_confidence=0.0, ask=None,
                  load_options={"data_dir": path.parent / "data", "check_sources": False}, report=lines.append)
    assert added == 1
    assert lines[0].startswith("added") and lines[1].startswith("rejected")
    assert any("no-such-source" in line for line in lines[2:])
    assert figure_values(path) == [("jiangsu", 1669), ("jiangsu", 1200)]


def test_a_claim_already_recorded_from_the_same_quote_is_skipped_whatever_its_metric(make_registry):
    path = make_registry(REGISTRY)
    found = extract("江苏省工业和信息化厅\n截至2025年底，全省智能算力规模达到1669PFlops。", CATALOGUE, source="seed-004",
                    year=2026)
    [candidate] = found
    candidate.entry["metric"] = "compute_centers"  # filed under another metric, it is still the same claim
    lines: list[str] = []
    added = merge(found, path, min_confidence=0.0, ask=None,
                  load_options={"data_dir": path.parent / "data", "check_sources": False}, report=lines.append)
    assert added == 0
    assert "already recorded from the same quote as jiangsu-intelligent-compute-2025" in lines[0]
    assert figure_values(path) == [("jiangsu", 1669)]


def test_in_chinese_the_report_says_each_outcome_in_chinese(make_registry):
    """The Import page's Chinese view (and `extract --merge --lang zh`) reports in Chinese: what
    was added, what was not and why; ids and SI units stay as written."""
    import re

    path = make_registry(REGISTRY)
    found = extract("江苏省工业和信息化厅\n截至2025年底，全省智能算力规模达到1.67EFLOPS，人工智能核心企业超过1000家。",
                    CATALOGUE, source="seed-004", year=2026)
    lines: list[str] = []
    added = merge(found, path, min_confidence=0.0, ask=None, lang="zh",
                  load_options={"data_dir": path.parent / "data", "check_sources": False}, report=lines.append)
    assert added == 1, lines
    skipped = next(line for line in lines if line.startswith("未添加"))
    assert "与已有条目 jiangsu-intelligent-compute-2025 重复" in skipped
    assert any(line.startswith("已添加 数据 ") for line in lines)
    for line in lines:  # no English word left but the ids, metric ids and units
        words = set(re.findall(r"[A-Za-z]{3,}", re.sub(r"\b[a-z0-9]+(?:[-_][a-z0-9]+)+\b", "", line)))
        assert words <= {"EFLOPS", "jiangsu"}, line  # a unit and a place id


# Made-up articles: the first is registered as a source; the second is another document.
REGISTERED = "某市工业和信息化局\n到2027年，全市智能算力规模超过80EFLOPS，人工智能核心企业达到900家。"
ANOTHER = "某市工业和信息化局\n到2027年，全市智能算力规模超过95EFLOPS。"


def registered_source(make_registry) -> tuple[Path, str]:
    from tracker.sources import register_text

    path = make_registry("targets: []\nfigures: []\n")
    entry, _ = register_text(path, REGISTERED, data_dir=path.parent / "data", title="某市人工智能方案（示例）",
                             publisher="某市人民政府", published="2026-03", kind="policy")
    return path, entry["id"]


def test_a_quote_not_in_the_text_of_its_source_is_found_before_anything_is_written(make_registry):
    from tracker.extract.merge import quotes_outside_their_source
    from tracker.snapshot import load_snapshot

    path, source = registered_source(make_registry)
    options = {"data_dir": path.parent / "data"}
    own = extract(REGISTERED, CATALOGUE, source=source, year=2026)
    other = extract(ANOTHER, CATALOGUE, source=source, year=2026)
    assert own and other
    sources = load_snapshot(path, **options).sources
    assert quotes_outside_their_source(own, sources, path, options) == []
    assert quotes_outside_their_source([*own, *other], sources, path, options) == other
    # the command line's merge refuses the same candidates, saying why in both languages
    before = path.read_text(encoding="utf-8")
    lines: list[str] = []
    assert merge(other, path, min_confidence=0.0, ask=None, load_options=options, report=lines.append) == 0
    assert lines and all(line.startswith("skipped") and f"its quote is not in the text of {source}" in line
                         and f"引文不在来源 {source} 的原文中" in line for line in lines), lines
    assert path.read_text(encoding="utf-8") == before


def test_in_chinese_a_refused_candidates_problems_are_said_in_chinese(make_registry):
    """The validator's reasons for refusing a candidate (its English, with file and line) are
    said in Chinese in the Chinese view, and the candidate by its place's and metric's Chinese
    names: no English word but the entry's own id and an SI unit."""
    import re

    path = make_registry(REGISTRY)
    # seed-004 was published in 2026-01: a figure for mid-2026 cannot come from it
    found = extract("江苏省工业和信息化厅\n截至2026年6月，全省智能算力规模达到2000PFlops，人工智能核心企业超过1200家。",
                    CATALOGUE, source="seed-004", year=2026)
    assert len(found) == 2
    found[1].entry["statements"][0]["source"] = "no-such-source"
    for lang in ("zh", "en"):
        lines: list[str] = []
        added = merge(found, path, min_confidence=0.0, ask=None, lang=lang,
                      load_options={"data_dir": path.parent / "data", "check_sources": False}, report=lines.append)
        assert added == 0 and figure_values(path) == [("jiangsu", 1669)], lines
        rejected = [line for line in lines if line.startswith(("被拒绝", "rejected"))]
        assert len(rejected) == 2, lines
        if lang == "en":  # the command line keeps the validator's words, located
            assert any("after the document reporting it" in line for line in lines)
            assert any("targets.yaml:" in line and "unknown source 'no-such-source'" in line for line in lines)
            continue
        problems = [line for line in lines if line.startswith("  ")]
        assert len(problems) >= 2, lines
        assert any("晚于报告它的文件的发布日期 2026-01" in line for line in problems)
        assert any("来源尚未登记" in line for line in problems)
        shown = {c.entry["id"] for c in found} | {"EFLOPS"}
        for line in lines:
            rest = line
            for code in sorted(shown, key=len, reverse=True):
                rest = rest.replace(code, "")
            assert not re.search(r"[A-Za-z]{2,}", rest), line


def test_a_problem_without_its_own_chinese_still_reads_in_chinese():
    from tracker.errors import Problem
    from tracker.problem_text import problem_text, translated

    novel = Problem("/srv/registry/targets.yaml", 12, 5, "figures.3.period.kind", "Input should be 'point' or 'range'")
    assert not translated(novel.message)
    assert problem_text(novel, "zh") == "时间不符合登记册的要求（详情请在命令行中校验登记册）"
    assert problem_text(novel, "en") == str(novel)


def test_in_chinese_a_quote_that_cannot_be_checked_is_said_in_chinese(make_registry, tmp_path):
    """A candidate citing a source whose text is not found here is not added unverified; the
    Chinese view says so in Chinese, naming the source by its id only (no folder, no file)."""
    import re

    path = make_registry(REGISTRY)
    empty = tmp_path / "no-texts"
    empty.mkdir()
    found = extract("江苏省工业和信息化厅\n截至2024年底，全省智能算力规模达到1200PFlops。", CATALOGUE, source="seed-004", year=2026)
    lines: list[str] = []
    added = merge(found, path, min_confidence=0.0, ask=None, lang="zh", report=lines.append,
                  load_options={"data_dir": path.parent / "data", "sources_dir": empty})
    assert added == 0 and lines[0].startswith("被拒绝"), lines
    assert any("找不到来源 seed-004 的原文" in line for line in lines[1:]), lines
    for line in lines:
        rest = line.replace(found[0].entry["id"], "").replace("seed-004", "").replace("EFLOPS", "")
        assert not re.search(r"[A-Za-z]{2,}", rest), line
