"""The response cache: a page asked for again is sent again as it was, without being drawn;
an edit of the registry is never hidden behind a remembered page; callbacks that are not
read-only are always run; memory stays within its bound."""

from __future__ import annotations

import json
import os
import time

import pytest
import yaml
from flask import Flask, jsonify, request

from components.response_cache import ResponseCache, cache_size_from_env, read_only
from tracker.snapshot import SnapshotLoader

ROUTER = "..._pages_content.children..._pages_store.data..."


def target(value):
    return {"id": "hz-compute", "place": "hangzhou", "metric": "intelligent_compute", "comparator": ">",
            "value": value, "unit": "EFLOPS", "deadline": {"date": "2025", "precision": "year_end", "text": "到2025年底"},
            "statements": [{"source": "seed-000", "quote": f"{value} EFLOPS"}]}


@pytest.fixture
def registry_file(make_registry):
    return make_registry(yaml.safe_dump({"targets": [target(50)], "figures": []}, allow_unicode=True))


@pytest.fixture
def served(registry_file):
    """A stand-in for the dashboard behind the cache: its one callback draws the target's
    value from the snapshot being served and echoes the request, and counts its draws."""
    loader = SnapshotLoader(registry_file, check_sources=False, cache_dir=registry_file.parent / "cache", wait=5)
    app = Flask("stand-in")
    app.draws = 0

    @app.post("/_dash-update-component")
    def update():
        app.draws += 1
        body = request.get_json()
        if body["inputs"][0]["value"] == "/boom":
            return "failed", 500
        value = loader.get().snapshot.targets.iloc[0]["value"]
        return jsonify({"value": float(value), "echo": body})

    app.wsgi_app = ResponseCache(app.wsgi_app, loader, read_only, max_bytes=1 << 20)
    app.loader = loader
    return app


def ask(app, pathname="/targets", search="?place=hangzhou", output=ROUTER, **headers):
    body = {"output": output, "inputs": [{"id": "_pages_location", "property": "pathname", "value": pathname},
                                         {"id": "_pages_location", "property": "search", "value": search}]}
    return app.test_client().post("/_dash-update-component", data=json.dumps(body),
                                  headers={"Content-Type": "application/json", **headers})


def test_a_page_asked_for_again_is_sent_as_it_was_without_drawing_it(served):
    first, again = ask(served), ask(served)
    assert first.status_code == again.status_code == 200
    assert again.data == first.data and again.get_json()["value"] == 50
    assert (first.headers["X-Tracker-Cache"], again.headers["X-Tracker-Cache"]) == ("miss", "hit")
    assert served.draws == 1
    # what the callback received is the request as sent: the cache read the body and put it back
    assert first.get_json()["echo"]["inputs"][1]["value"] == "?place=hangzhou"


def test_another_url_or_encoding_is_drawn_on_its_own(served):
    ask(served)
    other = ask(served, search="?place=ningbo")
    assert other.headers["X-Tracker-Cache"] == "miss" and other.get_json()["echo"]["inputs"][1]["value"] == "?place=ningbo"
    assert ask(served, **{"Accept-Encoding": "gzip"}).headers["X-Tracker-Cache"] == "miss"
    assert served.draws == 3


def test_an_edit_of_the_registry_is_never_hidden_by_a_stored_page(served, registry_file):
    assert ask(served).get_json()["value"] == 50
    assert ask(served).headers["X-Tracker-Cache"] == "hit"
    registry_file.write_text(yaml.safe_dump({"targets": [target(70)], "figures": []}, allow_unicode=True),
                             encoding="utf-8")
    os.utime(registry_file, ns=(time.time_ns(), time.time_ns()))
    served.loader.settle()  # the new snapshot is served (however long the machine takes to build it)
    after = ask(served)
    assert after.headers["X-Tracker-Cache"] == "miss" and after.get_json()["value"] == 70


def test_callbacks_that_are_not_read_only_always_run(served):
    for _ in range(2):
        assert ask(served, pathname="/import").headers["X-Tracker-Cache"] == "miss"
        assert ask(served, output="import-result.children").headers["X-Tracker-Cache"] == "miss"
    assert served.draws == 4


def test_a_failed_answer_is_not_remembered(served):
    assert ask(served, pathname="/boom").status_code == 500
    assert ask(served, pathname="/boom").headers["X-Tracker-Cache"] == "miss"


def test_memory_stays_within_its_bound_and_the_oldest_answers_go_first(registry_file):
    loader = SnapshotLoader(registry_file, check_sources=False, cache_dir=registry_file.parent / "cache")
    app = Flask("big")
    app.post("/_dash-update-component")(lambda: "x" * 10_000)
    cache = ResponseCache(app.wsgi_app, loader, read_only, max_bytes=35_000)
    app.wsgi_app = cache
    for city in ("a", "b", "c", "d"):
        ask(app, search=f"?place={city}")
    assert len(cache) == 3 and cache._bytes <= 35_000
    assert ask(app, search="?place=d").headers["X-Tracker-Cache"] == "hit"
    assert ask(app, search="?place=a").headers["X-Tracker-Cache"] == "miss"


def test_the_dashboards_read_only_callbacks():
    def router(pathname):
        return {"output": "..._pages_content.children..._pages_store.data...",
                "inputs": [{"id": "_pages_location", "property": "pathname", "value": pathname},
                           {"id": "_pages_location", "property": "search", "value": ""}]}

    assert read_only(router("/targets")) and read_only(router("/target/hz-compute")) and read_only(router("/"))
    assert not read_only(router("/import"))  # depends on whether editing is enabled
    assert read_only({"output": "f-place.options", "inputs": []})
    assert not read_only({"output": "grid-download.data", "inputs": []})
    assert not read_only({"output": "import-result.children", "inputs": []})


def test_the_size_is_set_in_megabytes_and_zero_turns_it_off(monkeypatch, registry_file):
    monkeypatch.setenv("TRACKER_RESPONSE_CACHE_MB", "0")
    assert cache_size_from_env() == 0
    monkeypatch.setenv("TRACKER_RESPONSE_CACHE_MB", "1.5")
    assert cache_size_from_env() == 1_572_864
    monkeypatch.setenv("TRACKER_RESPONSE_CACHE_MB", "lots")
    with pytest.raises(SystemExit, match="TRACKER_RESPONSE_CACHE_MB='lots'"):
        cache_size_from_env()
    loader = SnapshotLoader(registry_file, check_sources=False, cache_dir=registry_file.parent / "cache")
    app = Flask("off")
    app.post("/_dash-update-component")(lambda: "drawn")
    app.wsgi_app = ResponseCache(app.wsgi_app, loader, read_only, max_bytes=0)
    assert "X-Tracker-Cache" not in ask(app).headers
