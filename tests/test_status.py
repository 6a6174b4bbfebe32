"""Statuses on a fixed as-of date, with the working kept for the product to show."""

import datetime as dt

import pytest
import yaml

from tracker import load_registry
from tracker.frames import Filters, filtered_claims, targets_frame
from tracker.snapshot import Snapshot
from tracker.status import compute_status


def target(value=3000, unit="亿元", comparator=">=", deadline="2027", precision="year",
           measure="level", metric="ai_core_revenue", baseline=None, place="zhejiang"):
    entry = {
        "id": "t", "place": place, "metric": metric, "measure": measure, "comparator": comparator,
        "value": value, "unit": unit,
        "deadline": {"date": deadline, "precision": precision, "text": "到那时"},
        "statements": [{"source": "seed-002", "quote": f"目标{value:g}"}],
    }
    if baseline:
        entry["baseline"] = baseline
    return entry


def figure(fid, value, end, comparator="=", unit="亿元", source="seed-003", kind="year",
           growth=None, rank=None, metric="ai_core_revenue", place="zhejiang", growth_comparator="="):
    entry = {"id": fid, "place": place, "metric": metric, "comparator": comparator,
             "period": {"end": end, "kind": kind},
             "statements": [{"source": source, "quote": f"报告{value if value is not None else ''}"}]}
    if value is not None:
        entry.update(value=value, unit=unit)
    if growth is not None:
        entry["growth"] = {"value": growth, "comparator": growth_comparator, "basis": "yoy"}
        entry["statements"][0]["quote"] += f"增长{growth:g}%"
    if rank is not None:
        entry["rank"] = {"value": rank, "scope": "national", "text": "全国第二"}
        entry["statements"][0]["quote"] += "全国第二"
    return entry


@pytest.fixture
def status_of(make_registry):
    def run(t, figures, as_of):
        path = make_registry(yaml.safe_dump({"targets": [t], "figures": figures}, allow_unicode=True))
        registry = load_registry(path, check_sources=False)
        tgt = registry.targets[0]
        return compute_status(tgt, registry.figures_for(tgt), registry.sources, dt.date.fromisoformat(as_of))
    return run


def test_achieved_when_a_figure_passes_before_the_deadline(status_of):
    result = status_of(target(50, "EFLOPS", ">", "2025-12-31", "year_end", metric="intelligent_compute",
                              place="hangzhou"),
                       [figure("f", 55, "2025-10", unit="EFLOPS", kind="point", source="seed-001",
                               metric="intelligent_compute", place="hangzhou")], "2025-12-31")
    assert result.status == "achieved" and not result.hedged
    assert result.progress == pytest.approx(1.1)


def test_about_6800_against_above_6800_is_inconclusive_not_achieved(status_of):
    result = status_of(target(6800, comparator=">", deadline="2025", precision="year_end"),
                       [figure("f", 6800, "2025", comparator="~", source="seed-004")], "2026-03-01")
    assert result.status == "inconclusive" and result.hedged
    assert "leaves open whether the target was met" in result.explanation_en


def test_a_floor_below_the_target_never_counts_as_achieved(status_of):
    """超过3000亿元 proves at least 3000, not 3900: after the deadline that is inconclusive."""
    result = status_of(target(3900, comparator=">", deadline="2025", precision="year_end"),
                       [figure("f", 3000, "2025", comparator=">", source="seed-004")], "2026-03-01")
    assert result.status == "inconclusive" and result.latest_comparator == ">"


def test_reported_above_4000_meets_at_least_4000_cleanly(status_of):
    result = status_of(target(4000, comparator=">=", deadline="2025", precision="year_end"),
                       [figure("f", 4000, "2025-08", comparator=">", kind="range", source="seed-002")],
                       "2025-10-01")
    assert result.status == "achieved" and not result.hedged


def test_missed_when_the_deadline_figure_falls_short(status_of):
    result = status_of(target(6800, comparator=">", deadline="2025", precision="year_end"),
                       [figure("f", 6000, "2025", source="seed-004")], "2026-03-01")
    assert result.status == "missed"
    assert "600 billion yuan" in result.explanation_en and "6000亿元" in result.explanation_zh


def test_awaiting_data_when_the_deadline_passed_without_a_figure_for_it(status_of):
    result = status_of(target(6800, comparator=">", deadline="2025", precision="year_end"),
                       [figure("f", 4000, "2025-08", comparator=">", kind="range", source="seed-002")],
                       "2026-01-15")
    assert result.status == "awaiting_data"
    assert result.latest_figure == "f"


def test_on_track_when_growth_beats_the_pace_needed(status_of):
    result = status_of(target(3000, baseline={"value": 1000, "unit": "亿元", "as_of": "2023"}),
                       [figure("f", 2000, "2024", source="seed-002")], "2025-10-01")
    assert result.status == "on_track"
    assert result.actual_rate == pytest.approx(1.0, rel=0.01)  # doubled in a year
    assert result.required_rate == pytest.approx((3000 / 2000) ** (1 / 3) - 1, rel=0.01)


def test_behind_says_needed_versus_recent_growth(status_of):
    result = status_of(target(3000),
                       [figure("a", 1000, "2023", source="seed-002"), figure("b", 1100, "2024", source="seed-002")],
                       "2025-10-01")
    assert result.status == "behind"
    assert result.actual_rate == pytest.approx(0.10, abs=0.005)
    assert result.explanation_en == "needs 40 %/yr, seen 10 %/yr"


def test_no_data_before_the_deadline(status_of):
    assert status_of(target(), [], "2025-10-01").status == "no_data"


def test_as_of_ignores_figures_published_later(status_of):
    figures = [figure("f", 6900, "2025", source="seed-003")]  # published 2026-01-27
    t = target(6800, comparator=">", deadline="2025", precision="year_end")
    assert status_of(t, figures, "2026-01-15").status == "awaiting_data"
    assert status_of(t, figures, "2026-02-01").status == "achieved"


def test_growth_target_judged_on_reported_growth(status_of):
    t = target(20, "%", ">", measure="growth")
    assert status_of(t, [figure("f", None, "2024", growth=25, source="seed-002")], "2025-10-01").status == "on_track"
    assert status_of(t, [figure("f", None, "2024", growth=10, source="seed-002")], "2025-10-01").status == "behind"
    # "at least 10 %" may or may not be above 20 %: too early to tell, marked as a hedge
    hedged = status_of(t, [figure("f", None, "2024", growth=10, growth_comparator=">=", source="seed-002")],
                       "2025-10-01")
    assert (hedged.status, hedged.hedged) == ("no_trend", True)


def test_rank_target_lower_is_better(status_of):
    t = target(3, "位", "=", deadline="2025", precision="year_end", measure="rank")
    t["statements"][0]["quote"] = "前3"
    result = status_of(t, [figure("f", None, "2025", rank=2, source="seed-003")], "2026-03-01")
    assert result.status == "achieved"


def test_targets_frame_keeps_the_working(make_registry):
    path = make_registry(yaml.safe_dump({"targets": [target(3000)], "figures": [
        figure("a", 1000, "2023", source="seed-002"), figure("b", 1100, "2024", source="seed-002")]},
        allow_unicode=True))
    frame = targets_frame(load_registry(path, check_sources=False), dt.date(2025, 10, 1))
    row = frame.iloc[0]
    assert row["status"] == "behind" and row["latest_figure"] == "b"
    assert row["value_base"] == 3000e8 and row["latest_base"] == 1100e8
    assert row["status_rule"] == "growth below the pace needed"


def test_status_filter_keeps_the_figures_of_the_targets_kept(make_registry):
    path = make_registry(yaml.safe_dump({"targets": [target(3000)], "figures": [
        figure("a", 1000, "2023", source="seed-002")]}, allow_unicode=True))
    snapshot = Snapshot.build(load_registry(path, check_sources=False), dt.date(2025, 10, 1))
    targets, figures = filtered_claims(snapshot, Filters(statuses=["no_trend"]))
    assert len(targets) == 1 and list(figures["id"]) == ["a"]
    targets, figures = filtered_claims(snapshot, Filters(statuses=["missed"]))
    assert targets.empty and figures.empty


# --- like for like, and "on track" only with a trend -------------------------------------

def test_one_figure_and_no_baseline_is_too_early_to_tell_not_on_track(status_of):
    """10 of more than 100 scenarios two years out: nothing says whether growth will do it."""
    result = status_of(target(100, "个", ">", "2027-12-31", "year_end", metric="ai_scenarios", place="wenzhou"),
                       [figure("f", 10, "2025-09", unit="个", kind="point", metric="ai_scenarios",
                               place="wenzhou", source="seed-002")], "2026-12-01")
    assert result.status == "no_trend" and not result.hedged
    assert result.actual_rate is None and result.required_rate > 1  # needs more than doubling a year
    assert "no earlier figure or dated baseline" in result.explanation_en


def test_no_deadline_means_no_pace_to_judge(status_of):
    result = status_of(target(1000, "颗", ">=", None, "unstated", metric="computing_satellites", place="hangzhou"),
                       [figure("f", 12, "2025-05", unit="颗", kind="point", metric="computing_satellites",
                               place="hangzhou", source="seed-002")], "2026-12-01")
    assert result.status == "no_trend"
    assert result.progress == pytest.approx(0.012)


def test_behind_from_a_floor_is_marked_as_a_hedge(status_of):
    """超过1100亿元 in 2024 may be far more than 1100: "behind" is not proven, so it carries a *."""
    result = status_of(target(3000),
                       [figure("a", 1000, "2023", source="seed-002"),
                        figure("b", 1100, "2024", comparator=">", source="seed-002")], "2025-10-01")
    assert (result.status, result.hedged) == ("behind", True)


def test_growth_seen_and_needed_are_kept_after_the_deadline(status_of):
    result = status_of(target(3000, deadline="2025", precision="year_end"),
                       [figure("a", 1000, "2023", source="seed-002"), figure("b", 2000, "2025", source="seed-004")],
                       "2026-03-01")
    assert result.status == "missed"
    assert result.actual_rate == pytest.approx((2000 / 1000) ** (1 / 2) - 1, rel=0.01)
    assert result.required_rate == pytest.approx((3000 / 1000) ** (1 / 2) - 1, rel=0.01)
    assert result.trend_from == "a"


def test_a_floor_shared_by_several_cities_does_not_count_for_one(make_registry):
    """"杭州、宁波等地均突破百亿元" holds for each city: it is no city's own revenue."""
    shared = figure("each", 100, "2025-06", comparator=">", kind="point", place="hangzhou", source="seed-002")
    shared["scope"] = "each_of"
    park = figure("park", 150, "2025-06", kind="point", place="hangzhou", source="seed-002")
    park["scope"] = "part"
    path = make_registry(yaml.safe_dump({"targets": [target(3900, comparator=">", deadline="2025-12-31",
                                                            precision="year_end", place="hangzhou")],
                                         "figures": [shared, park]}, allow_unicode=True))
    snapshot = Snapshot.build(load_registry(path, check_sources=False), dt.date(2025, 10, 1))
    row = snapshot.target("t")
    assert row["status"] == "no_data" and row["latest_figure"] is None
    assert snapshot.figures_for(row).empty
    related = snapshot.related_figures_for(row)
    assert dict(zip(related["id"], related["why_not_counted"])) == {"each": "each_of", "park": "part"}


def test_a_company_figure_is_related_to_the_city_target_not_counted(make_registry):
    company = figure("co", 60, "2025-06", unit="EFLOPS", kind="point", metric="intelligent_compute",
                     place="hangzhou", source="seed-002")
    company["actor"] = "alibaba"
    path = make_registry(yaml.safe_dump({"targets": [target(50, "EFLOPS", ">", "2025-12-31", "year_end",
                                                            metric="intelligent_compute", place="hangzhou")],
                                         "figures": [company]}, allow_unicode=True))
    snapshot = Snapshot.build(load_registry(path, check_sources=False), dt.date(2025, 10, 1))
    row = snapshot.target("t")
    assert row["status"] == "no_data"
    assert list(snapshot.related_figures_for(row)["why_not_counted"]) == ["other_actor"]


def test_the_status_rule_page_names_every_status_the_code_can_give():
    from pathlib import Path

    from tracker.status import STATUS_LABELS, STATUSES

    page = (Path(__file__).parent.parent / "docs" / "status-rule.md").read_text(encoding="utf-8")
    table = page.split("## 3. Statuses")[1].split("## 4.")[0]
    examples = page.split("## 4. Worked examples")[1]
    for status in STATUSES:
        name = STATUS_LABELS[status][1].lower()
        assert f"| **{name}** |" in table, name
        assert f"**{name}**" in examples, name


def test_an_about_figure_far_from_the_pace_is_behind_without_a_hedge(status_of):
    """约1100亿元 is 1045–1155: growth from 1000 is below the 40 %/yr needed at either end."""
    result = status_of(target(3000),
                       [figure("a", 1000, "2023", source="seed-002"),
                        figure("b", 1100, "2024", comparator="~", source="seed-002")], "2025-10-01")
    assert (result.status, result.hedged) == ("behind", False)
    close = status_of(target(1300, deadline="2025", precision="year_end"),
                      [figure("a", 1000, "2023", source="seed-002"),
                       figure("b", 1130, "2024", comparator="~", source="seed-002")], "2025-10-01")
    assert close.status in ("on_track", "behind") and close.hedged  # ±5 % of 1130 spans the pace
