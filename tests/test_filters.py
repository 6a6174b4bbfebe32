"""The filters a user sets (place, years, topic, source, status) keep exactly the claims that
the rules say, on the shipped registry, whether the snapshot was just built from the YAML or
read back from the cache (the dashboard's way). Each rule is written out plainly below, row by
row, and compared with what the dashboard and the command line show."""

from __future__ import annotations

import datetime as dt
import itertools
import math
from pathlib import Path

import pytest

from tracker.frames import Filters, claim_rows, filtered_claims
from tracker.snapshot import load_snapshot

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2026, 11, 23)

PLACES = [[], ["zhejiang"], ["hangzhou"], ["hangzhou", "ningbo"], ["xihu"]]
YEARS = [(None, None), (2025, 2025), (None, 2026), (2027, None)]
TOPICS = [[], ["compute"], ["compute", "funds"]]
SOURCES = [[], ["seed-002"], ["seed-000", "seed-003"]]
STATUSES = [[], ["achieved"], ["behind", "on_track", "no_data"]]


@pytest.fixture(scope="module")
def snapshots(tmp_path_factory):
    cache = tmp_path_factory.mktemp("cache")
    built = load_snapshot(ROOT / "targets.yaml", as_of=AS_OF, cache_dir=cache)
    read_back = load_snapshot(ROOT / "targets.yaml", as_of=AS_OF, cache_dir=cache)
    assert built is not read_back
    return {"built": built, "read back from the cache": read_back}


def missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def kept_by_the_rules(snapshot, row: dict, filters: Filters, *, statuses: bool) -> bool:
    """One row against every filter, as the help text states them."""
    if filters.places:
        below = set().union(*(snapshot.subtree(place) for place in filters.places))
        # a place keeps claims about it, about any place below it, or by an actor located there
        if row["place"] not in below and row["actor_place"] not in below:
            return False
    # a year range keeps only claims with a year inside it
    if filters.year_from is not None and (missing(row["year"]) or row["year"] < filters.year_from):
        return False
    if filters.year_to is not None and (missing(row["year"]) or row["year"] > filters.year_to):
        return False
    if filters.topics and row["topic"] not in filters.topics:
        return False
    # a source keeps the claims that any statement cites it for, not only the first one
    if filters.sources and not set(filters.sources) & set(row["sources_all"].split(";")):
        return False
    if statuses and filters.statuses and row["status"] not in filters.statuses:
        return False
    return True


def expected_ids(snapshot, filters: Filters) -> tuple[list[str], list[str]]:
    targets = [r for r in snapshot.targets.to_dict("records") if kept_by_the_rules(snapshot, r, filters, statuses=True)]
    figures = [r for r in snapshot.figures.to_dict("records") if kept_by_the_rules(snapshot, r, filters, statuses=False)]
    if filters.statuses:
        # with a status filter, the figures shown are those reporting on the targets shown
        on = {(t["place"], t["metric"]) for t in targets}
        figures = [f for f in figures if (f["place"], f["metric"]) in on]
    return sorted(t["id"] for t in targets), sorted(f["id"] for f in figures)


@pytest.mark.parametrize("how", ["built", "read back from the cache"])
def test_every_combination_of_filters_keeps_exactly_the_claims_the_rules_keep(snapshots, how):
    snapshot = snapshots[how]
    seen = set()
    for places, (year_from, year_to), topics, sources, statuses in itertools.product(
            PLACES, YEARS, TOPICS, SOURCES, STATUSES):
        filters = Filters(places, year_from, year_to, topics, statuses, sources)
        targets, figures = filtered_claims(snapshot, filters)
        want_targets, want_figures = expected_ids(snapshot, filters)
        assert (sorted(targets["id"]), sorted(figures["id"])) == (want_targets, want_figures), filters
        seen.add((len(want_targets) > 0, len(want_figures) > 0))
    # the combinations cover views with rows and views left empty
    assert seen >= {(True, True), (False, False)}


def test_a_year_range_leaves_out_a_target_that_states_no_year(snapshots):
    snapshot = snapshots["read back from the cache"]
    undated = snapshot.targets[snapshot.targets["year"].isna()]
    assert len(undated), "the shipped registry has targets without a deadline year"
    kept, _ = filtered_claims(snapshot, Filters(year_from=2000, year_to=2100))
    assert set(undated["id"]).isdisjoint(kept["id"])
    everything, _ = filtered_claims(snapshot, Filters())
    assert set(undated["id"]) <= set(everything["id"])


def test_the_rows_a_page_lists_have_none_for_a_missing_value(snapshots):
    snapshot = snapshots["read back from the cache"]
    target_rows, figure_rows = claim_rows(snapshot, Filters(places=["hangzhou"]))
    columns = ["id", "value", "unit", "year", "note", "no_such_column"]
    targets = snapshot.column_values("targets", target_rows, columns)
    figures = snapshot.column_values("figures", figure_rows, columns)
    assert list(targets) == list(figures) == columns
    assert targets["id"] == list(snapshot.targets["id"].iloc[target_rows])
    assert figures["id"] == list(snapshot.figures["id"].iloc[figure_rows])
    assert targets["no_such_column"] == [None] * len(target_rows)
    values = [v for found in (targets, figures) for column in found.values() for v in column]
    assert not any(isinstance(v, float) and math.isnan(v) for v in values), "NaN would show as 'nan' in the grid"
    notes = targets["note"] + figures["note"]
    assert None in notes and any(notes)


def test_a_link_with_thousands_of_values_is_cut_to_a_bound_not_served_whole():
    """Issue 19 L9: a 5 MB `place=` list cost 10.7 s of CPU and a 49 MB answer."""
    from tracker.query import MAX_VALUES, parse_query

    huge = ",".join(f"place-{n}" for n in range(300_000)) + ",hangzhou"
    filters, _ = parse_query({"place": huge, "topic": ["compute"] * 5000, "status": "x" * 10_000})
    assert len(filters.places) == MAX_VALUES and filters.places[:2] == ["place-0", "place-1"]
    assert filters.topics == ["compute"]  # repeats count once
    assert filters.statuses == []  # a value longer than any name is no value
    assert parse_query({"place": "hangzhou,宁波, hangzhou"})[0].places == ["hangzhou", "宁波"]


@pytest.mark.parametrize("written, years", [
    ("2025", (2025, 2025)), ("2025-2027", (2025, 2027)), ("2025-", (2025, None)), ("-2027", (None, 2027)),
    (" 2025 - 2027 ", (2025, 2027)), ("", (None, None))])
def test_a_link_and_the_api_read_a_year_range_the_same_way(written, years):
    from tracker.query import parse_query, parse_years

    filters, _ = parse_query({"year": written})
    assert (filters.year_from, filters.year_to) == years == parse_years(written, strict=True)


@pytest.mark.parametrize("written", ["25", "twenty", "2025-27", "1800", "-", "2025-2027-2029"])
def test_a_malformed_year_is_dropped_from_a_link_but_refused_by_the_api(written):
    from tracker.query import parse_query, parse_years

    filters, _ = parse_query({"year": written})
    assert None in (filters.year_from, filters.year_to)  # the link still opens, on the side it could read
    with pytest.raises(ValueError, match="is not a year or a range of years"):
        parse_years(written, strict=True)
