"""The shipped registry, as a reader comparing it with the five source documents expects it."""

import datetime as dt

import pytest

from tracker import load_registry
from tracker.frames import targets_frame


@pytest.fixture(scope="module")
def registry():
    return load_registry()  # quotes are checked against ../shared/seeds


def test_the_shipped_registry_is_valid_against_its_sources(registry, seeds):
    load_registry(sources_dir=seeds)
    assert len(registry.targets) >= 30 and len(registry.figures) >= 150
    assert {s.file for s in registry.sources.values()} == {p.name for p in seeds.glob("*.txt")}


def test_every_source_document_contributes_claims(registry):
    cited = {s.source for entry in registry.targets + registry.figures for s in entry.statements}
    assert cited == set(registry.sources)


def test_a_target_stated_twice_is_one_target_with_two_statements(registry):
    compute = next(t for t in registry.targets if t.id == "hangzhou-intelligent-compute-2025")
    assert [s.source for s in compute.statements] == ["seed-000", "seed-002"]
    assert (compute.comparator, compute.value, compute.unit) == (">", 50, "EFLOPS")
    models = next(t for t in registry.targets if t.id == "hangzhou-industry-models-2025")
    assert {s.source for s in models.statements} == {"seed-000", "seed-002"}
    ids = [t.id for t in registry.targets]
    assert len(ids) == len(set(ids))


def test_a_doubling_is_recorded_as_a_derived_baseline(registry):
    compute = next(t for t in registry.targets if t.id == "hangzhou-intelligent-compute-2025")
    assert compute.baseline.derived and compute.baseline.value == 25 and "翻番" in compute.baseline.derivation


def test_zhejiang_ai_core_revenue_figures(registry):
    figures = {f.id: f for f in registry.figures if f.place == "zhejiang" and f.metric == "ai_core_revenue"}
    jan_aug = figures["zhejiang-ai-core-revenue-2025-jan-aug"]
    assert (jan_aug.comparator, jan_aug.value, jan_aug.unit, jan_aug.period.start, jan_aug.period.end) == (
        ">", 4000, "亿元", "2025-01", "2025-08")
    year = figures["zhejiang-ai-core-revenue-2025"]
    assert (year.comparator, year.value, year.growth.comparator, year.growth.value) == ("~", 6800, ">", 20)


def test_hangzhou_targets_are_joined_with_the_figures_that_report_on_them(registry):
    frame = targets_frame(registry, dt.date(2026, 11, 23)).set_index("id")
    revenue = frame.loc["hangzhou-ai-core-revenue-2025"]
    assert revenue["latest_figure"] == "hangzhou-ai-core-revenue-2025-06"
    assert revenue["status"] == "awaiting_data"  # the 2025 full-year figure is not out in these sources


def test_unrelated_articles_are_left_out(registry):
    quotes = " ".join(s.quote for e in registry.targets + registry.figures for s in e.statements)
    for word in ("福彩", "彩票", "阅兵", "医院院长", "自贸试验区", "妇联", "法院", "养老"):
        assert word not in quotes, word


def test_every_name_reads_in_english_too(registry):
    for catalogue in (registry.places, registry.actors, registry.metrics):
        for item in catalogue.values():
            assert not any("\u4e00" <= char <= "\u9fff" for char in item.name_en), item.id
