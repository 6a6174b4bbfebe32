"""The read-only API: each list answers with the rows its page shows for the same query
string, as JSON and CSV; a value it does not know is a 400 that names it."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import parse_qsl, quote

import pytest

from test_scale import serving, shipped_copy
from tracker.snapshot import load_snapshot



AS_OF = "2026-11-23"


class Answer:
    def __init__(self, status: int, headers, body: bytes):
        self.status_code, self.headers, self.body = status, headers, body

    def get_data(self, as_text: bool = False):
        return self.body.decode("utf-8") if as_text else self.body

    def get_json(self):
        return json.loads(self.body)


class Client:
    """HTTP to the served app (a process of its own: importing the app here would bind its
    registry loader to whatever registry this test process saw first)."""

    def __init__(self, url: str):
        self.url = url

    def request(self, method: str, path: str, headers: dict | None = None, body: bytes | None = None) -> Answer:
        request = urllib.request.Request(self.url + quote(path, safe="/?=&,:%"), data=body, method=method,
                                         headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return Answer(response.status, response.headers, response.read())
        except urllib.error.HTTPError as error:
            return Answer(error.code, error.headers, error.read())

    def get(self, path: str, headers: dict | None = None) -> Answer:
        return self.request("GET", path, headers)

    def post(self, path: str, json: dict | None = None) -> Answer:  # noqa: A002 - as Flask's client names it
        return self.request("POST", path, {"Content-Type": "application/json"}, b"{}")

    def delete(self, path: str) -> Answer:
        return self.request("DELETE", path)


@pytest.fixture(scope="module")
def registry(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("api")
    return shipped_copy(folder)


@pytest.fixture(scope="module")
def client(registry):
    with serving(registry, {"TRACKER_AS_OF": AS_OF}) as url:
        yield Client(url)


@pytest.fixture(scope="module")
def snapshot(registry):
    return load_snapshot(registry, as_of=dt.date.fromisoformat(AS_OF), cache_dir=registry.parent / "cache")


def get(client, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(response.get_data(as_text=True))


def page_ids(snapshot, query: str) -> tuple[list[str], list[str]]:
    """The ids the Targets page lists for a query string: the page's own reading of the URL
    (parse_query, known_filters) and its own rows (claim_rows, as View.claim_columns takes them)."""
    from tracker.frames import claim_rows
    from tracker.query import known_filters, parse_query

    filters, _ = parse_query(dict(parse_qsl(query)))
    target_rows, figure_rows = claim_rows(snapshot, known_filters(filters, snapshot))  # as View.claim_columns
    return (snapshot.column_values("targets", target_rows, ["id"])["id"],
            snapshot.column_values("figures", figure_rows, ["id"])["id"])


@pytest.mark.parametrize("query", ["", "place=hangzhou", "place=杭州,ningbo&topic=industry",
                                   "year=2025&undated=1", "status=awaiting_data", "source=seed-002&lang=zh"])
def test_each_list_has_the_rows_of_its_page(client, snapshot, query):
    targets, figures = page_ids(snapshot, query)
    assert [r["id"] for r in get(client, f"/api/targets.json?{query}")["rows"]] == targets
    assert [r["id"] for r in get(client, f"/api/figures.json?{query}")["rows"]] == figures


def test_the_csv_twin_has_the_same_rows(client):
    response = client.get("/api/figures.csv?place=hangzhou")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="ai-figures-hangzhou-' in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert [r["id"] for r in rows] == [r["id"] for r in get(client, "/api/figures.json?place=hangzhou")["rows"]]


@pytest.mark.parametrize("query, parameter, accepted", [
    ("status=behnd", "status", "behind"),
    ("topic=computing", "topic", "compute"),
    ("place=atlantis", "place", "/api/places.json"),
    ("year=20x5", "year", "YYYY-YYYY"),
    ("colour=red", "colour", "place"),
    ("_size=5000", "_size", "1–1000"),
    ("lang=fr", "lang", "zh"),
])
def test_an_unknown_value_is_a_400_naming_it(client, query, parameter, accepted):
    response = client.get(f"/api/targets.json?{query}")
    assert response.status_code == 400
    problem = response.get_json()
    assert problem["parameter"] == parameter and accepted in json.dumps(problem["accepted"], ensure_ascii=False)


def test_pages_of_a_long_list_join_into_the_whole(client):
    whole = get(client, "/api/places.json?place=zhejiang")
    seen, url = [], "/api/places.json?place=zhejiang&_size=25"
    while url:
        answer = get(client, url)
        assert len(answer["rows"]) <= 25 and answer["count"] == whole["count"]
        seen += [r["id"] for r in answer["rows"]]
        url = answer["next_url"]
    assert seen == [r["id"] for r in whole["rows"]] and len(seen) == whole["count"] > 25


def test_a_repeat_request_is_answered_304_and_any_site_may_read_it(client):
    first = client.get("/api/targets.json?place=wenzhou")
    assert first.headers["Access-Control-Allow-Origin"] == "*" and first.headers["ETag"]
    again = client.get("/api/targets.json?place=wenzhou", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.get_data() == b""
    other = client.get("/api/targets.json?place=ningbo")
    assert other.headers["ETag"] != first.headers["ETag"]
    body = first.get_json()
    assert body["as_of"] and body["snapshot"]


def test_a_target_comes_with_its_statements_figures_and_working(client):
    answer = get(client, "/api/target/hangzhou-ai-core-revenue-2025.json")
    assert answer["target"]["status"] == answer["working"]["status"] == "awaiting_data"
    assert answer["statements"][0]["quote"] == "力争全市人工智能核心产业收入超过3900亿元"
    assert answer["figures"] == []  # the four-city floor does not count …
    related = {r["id"]: r["why_not_counted"] for r in answer["related_figures"]}
    assert related["hangzhou-ai-core-revenue-2025-06"] == "each_of"  # … and says why
    assert client.get("/api/target/no-such-target.json").status_code == 404


def test_the_api_never_writes(client):
    for url in ("/api/targets.json", "/api/target/hangzhou-ai-core-revenue-2025.json"):
        assert client.post(url, json={}).status_code == 405
        assert client.delete(url).status_code == 405


def test_a_repeated_call_is_remembered_until_the_registry_changes(client, registry):
    from waiting import until

    url = "/api/targets.json?place=wenzhou&_size=7"
    first, second = client.get(url), client.get(url)
    assert (first.headers["X-Tracker-Cache"], second.headers["X-Tracker-Cache"]) == ("miss", "hit")
    assert second.get_data() == first.get_data()
    original = registry.read_text(encoding="utf-8")
    edited = original.replace("  - id: wenzhou-ai-scenarios-2027\n",
                              "  - id: wenzhou-ai-scenarios-2027\n    reader_note_en: \"A note added just now.\"\n", 1)
    assert edited != original
    registry.write_text(edited, encoding="utf-8")
    try:  # an edit is never hidden behind a remembered answer
        until(lambda: "A note added just now." in client.get(url).get_data(as_text=True), what="the edited row")
    finally:
        registry.write_text(original, encoding="utf-8")


def test_an_unknown_list_is_a_404_naming_the_lists(client):
    response = client.get("/api/tragets.json")
    assert response.status_code == 404 and "targets.json" in response.get_json()["accepted"]
