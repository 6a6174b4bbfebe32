"""The shipped registry, as a reader comparing it with the five source documents expects it."""

import datetime as dt

import pandas as pd
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


def test_hangzhou_revenue_is_not_judged_on_a_floor_shared_by_four_cities(registry):
    """"杭州、宁波、嘉兴、绍兴等地…均突破百亿元" is no city's own revenue: Hangzhou's > 3900亿元
    target has no figure of its own, before and after its deadline."""
    shared = next(f for f in registry.figures if f.id == "hangzhou-ai-core-revenue-2025-06")
    assert shared.scope == "each_of"
    for as_of, status in ((dt.date(2025, 10, 1), "no_data"), (dt.date(2026, 12, 1), "awaiting_data")):
        revenue = targets_frame(registry, as_of).set_index("id").loc["hangzhou-ai-core-revenue-2025"]
        assert revenue["status"] == status and pd.isna(revenue["latest_figure"])


def test_satellites_and_wenzhou_scenarios_are_not_on_track(registry):
    """12 of 1,000 satellites with no deadline; Wenzhou's one platform's 10 scenarios: no trend."""
    frame = targets_frame(registry, dt.date(2026, 12, 1)).set_index("id")
    assert frame.loc["hangzhou-zhejiang-lab-computing-satellites-unstated", "status"] == "no_trend"
    assert frame.loc["wenzhou-ai-scenarios-2027", "status"] == "no_data"  # the 10 are one platform's


@pytest.mark.parametrize("as_of", ["2025-06-30", "2025-10-01", "2026-03-01", "2026-12-01", "2028-01-01"])
def test_no_status_claims_more_than_its_figures_prove(registry, as_of):
    """On any day: "on track" and "behind" stand on a growth seen and a growth needed, never on
    one figure; "achieved" on a figure whose every possible value meets the target."""
    frame = targets_frame(registry, dt.date.fromisoformat(as_of))
    for row in frame.to_dict("records"):
        if row["status"] in ("on_track", "behind") and row["measure"] == "level":
            assert pd.notna(row["actual_rate"]) and pd.notna(row["required_rate"]), row["id"]
        if row["status"] == "achieved":
            assert row["status_rule"] == "met" and not row["hedged"], row["id"]
        if row["status"] == "no_data":
            assert pd.isna(row["latest_figure"]), row["id"]


def test_unrelated_articles_are_left_out(registry):
    quotes = " ".join(s.quote for e in registry.targets + registry.figures for s in e.statements)
    for word in ("福彩", "彩票", "阅兵", "医院院长", "自贸试验区", "妇联", "法院", "养老"):
        assert word not in quotes, word


def test_every_name_reads_in_english_too(registry):
    for catalogue in (registry.places, registry.actors, registry.metrics):
        for item in catalogue.values():
            assert not any("\u4e00" <= char <= "\u9fff" for char in item.name_en), item.id
