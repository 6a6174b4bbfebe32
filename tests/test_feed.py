"""/feed.atom: what a journalist subscribes to. New targets and figures, newest source first,
each figure saying how it moved the targets it counts against; valid Atom, stable entry ids."""

from __future__ import annotations

import datetime as dt
import json
from xml.etree import ElementTree as ET

import pytest
import yaml

from tracker import feed, load_registry
from tracker.frames import Filters
from tracker.snapshot import Snapshot

ATOM = "{http://www.w3.org/2005/Atom}"

# Made-up claims in the style of the sources (seed-000 is dated 2025-07, seed-002 2025-09-20).
REGISTRY = {
    "targets": [{
        "id": "hz-compute-2025", "place": "hangzhou", "metric": "intelligent_compute", "comparator": ">",
        "value": 50, "unit": "EFLOPS", "deadline": {"date": "2025-12-31", "precision": "year_end"},
        "statements": [{"source": "seed-000", "quote": "到2025年底全市智算规模超过50EFLOPS"}]}],
    "figures": [
        {"id": "hz-compute-2025-08", "place": "hangzhou", "metric": "intelligent_compute", "comparator": "=",
         "value": 58, "unit": "EFLOPS", "period": {"end": "2025-08", "kind": "point"},
         "statements": [{"source": "seed-002", "quote": "截至8月底全市智算规模达58EFLOPS"}]},
        {"id": "nb-compute-2025-08", "place": "ningbo", "metric": "intelligent_compute", "comparator": "=",
         "value": 9, "unit": "EFLOPS", "period": {"end": "2025-08", "kind": "point"},
         "statements": [{"source": "seed-002", "quote": "宁波智算规模9EFLOPS"}]}],
}


@pytest.fixture
def snapshot(make_registry):
    path = make_registry(yaml.safe_dump(REGISTRY, allow_unicode=True))
    return Snapshot.build(load_registry(path, check_sources=False), dt.date(2026, 1, 10))


def parsed(data: bytes) -> ET.Element:
    root = ET.fromstring(data)  # a standard XML parser: it fails on anything malformed
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{required}").text
    return root


def test_the_feed_is_atom_with_the_newest_source_first(snapshot):
    root = parsed(feed.atom(snapshot, Filters(), "http://tracker.example/", "/feed.atom"))
    entries = root.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}id").text for e in entries] == [
        "tag:ai-targets-tracker,2025:figure/nb-compute-2025-08",
        "tag:ai-targets-tracker,2025:figure/hz-compute-2025-08",
        "tag:ai-targets-tracker,2025:target/hz-compute-2025"]
    for entry in entries:
        for required in ("id", "title", "updated", "summary"):
            assert entry.find(f"{ATOM}{required}").text, required
        assert entry.find(f"{ATOM}link").get("href").startswith("http://tracker.example/")
    dates = [e.find(f"{ATOM}updated").text for e in entries]
    assert dates == sorted(dates, reverse=True) and dates[-1] == "2025-07-01T00:00:00Z"


def test_a_figure_says_the_status_change_it_caused(snapshot):
    items = {e["id"].rsplit("/", 1)[1]: e for e in feed.entries(snapshot, Filters())}
    hangzhou = items["hz-compute-2025-08"]
    assert "Hangzhou · Intelligent (AI) compute capacity: No data → Achieved" in hangzhou["summary"]
    assert "“截至8月底全市智算规模达58EFLOPS”" in hangzhou["summary"]
    assert hangzhou["link"] == "/target/hz-compute-2025"
    assert "→" not in items["nb-compute-2025-08"]["summary"]  # Ningbo has no target it counts against
    zh = {e["id"].rsplit("/", 1)[1]: e for e in feed.entries(snapshot, Filters(), "zh")}
    assert "杭州市 · " in zh["hz-compute-2025-08"]["summary"] and "暂无数据 → 已达成" in zh["hz-compute-2025-08"]["summary"]


def test_the_feed_narrows_to_a_place_like_the_pages(snapshot):
    items = feed.entries(snapshot, Filters(places=["ningbo"]))
    assert [e["id"] for e in items] == ["tag:ai-targets-tracker,2025:figure/nb-compute-2025-08"]


def test_the_served_feed_validates_and_refuses_unknown_values(tmp_path):
    import urllib.error
    import urllib.request

    from test_scale import serving, shipped_copy

    with serving(shipped_copy(tmp_path), {"TRACKER_AS_OF": "2026-11-23"}) as url:
        with urllib.request.urlopen(url + "/feed.atom?place=hangzhou&lang=zh", timeout=60) as response:
            assert response.headers["Content-Type"] == "application/atom+xml; charset=utf-8"
            entries = parsed(response.read()).findall(f"{ATOM}entry")
        assert entries and len({e.find(f"{ATOM}id").text for e in entries}) == len(entries)
        with urllib.request.urlopen(url + "/feed.atom?place=hangzhou&lang=zh", timeout=60) as response:
            again = parsed(response.read()).findall(f"{ATOM}entry")
        # stable ids: a reader sees no entry twice
        assert [e.find(f"{ATOM}id").text for e in again] == [e.find(f"{ATOM}id").text for e in entries]
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(url + "/feed.atom?topic=weather", timeout=60)
        assert refused.value.code == 400 and json.loads(refused.value.read())["parameter"] == "topic"
