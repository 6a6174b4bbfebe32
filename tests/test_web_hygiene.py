"""Web hygiene: each page and target has its own browser title in the reader's language, a
path that is no page answers 404, a visitor never sees the server's files in the registry
banner while the editing user sees where the problems are (the root cause first), and every
page fits a phone's width."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
import yaml
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from test_scale import serving, shipped_copy
from waiting import until

ROOT = Path(__file__).resolve().parent.parent
TARGET = "hangzhou-intelligent-compute-2025"


def _names(target_id: str, lang: str) -> str:
    """'Hangzhou · …' for a shipped target, read from the registry's own files."""
    target = next(t for t in yaml.safe_load((ROOT / "targets.yaml").read_text(encoding="utf-8"))["targets"]
                  if t["id"] == target_id)
    place = next(p for p in yaml.safe_load((ROOT / "data/places.yaml").read_text(encoding="utf-8"))["places"]
                 if p["id"] == target["place"])
    metric = next(m for m in yaml.safe_load((ROOT / "data/metrics.yaml").read_text(encoding="utf-8"))["metrics"]
                  if m["id"] == target["metric"])
    return f"{place[f'name_{lang}']} · {metric[f'name_{lang}']}"


TITLES = {
    "en": {"/": "Overview — AI Targets Tracker", "/targets": "Targets — AI Targets Tracker",
           "/places": "Places — AI Targets Tracker", "/sources": "Sources — AI Targets Tracker",
           "/import": "Import — AI Targets Tracker",
           f"/target/{TARGET}": f"{_names(TARGET, 'en')} — AI Targets Tracker"},
    "zh": {"/": "总览 — 人工智能目标追踪", "/targets": "目标与数据 — 人工智能目标追踪",
           "/places": "地区 — 人工智能目标追踪", "/sources": "来源 — 人工智能目标追踪",
           "/import": "导入 — 人工智能目标追踪",
           f"/target/{TARGET}": f"{_names(TARGET, 'zh')} — 人工智能目标追踪"},
}


def _copy_registry(folder: Path) -> Path:
    return shipped_copy(folder)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """`python app.py` on a copy of the shipped registry, as a user runs it: a process of its
    own, so that the app module the other browser tests import keeps the registry they set."""
    registry = _copy_registry(tmp_path_factory.mktemp("site"))
    metrics = registry.parent / "data" / "metrics.yaml"
    text = metrics.read_text(encoding="utf-8")
    metrics.write_text(text.replace(f'name_en: "{HOSTILE_METRIC[0]}"', f'name_en: "{HOSTILE_METRIC[1]}"', 1), encoding="utf-8")
    assert metrics.read_text(encoding="utf-8") != text
    with serving(registry, {"TRACKER_AS_OF": "2026-11-23"}) as url:
        yield url


# a registry name is text: in the page's <title> too
HOSTILE_METRIC = ("AI core industry revenue", "AI </title><script>window.__pwned=1</script> revenue")


def get(url: str, path: str) -> tuple[int, str]:
    """The status and body of GET `path`, sent as it is (a browser would resolve a `..`)."""
    import http.client
    from urllib.parse import urlsplit

    where = urlsplit(url)
    connection = http.client.HTTPConnection(where.hostname, where.port, timeout=60)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def _title(page: str) -> str:
    import html

    found = re.search(r"<title>(.*?)</title>", page, re.S)
    return html.unescape(found.group(1)) if found else ""


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_each_page_is_served_with_its_own_title_in_the_readers_language(site, lang):
    for path, title in TITLES[lang].items():
        status, page = get(site, path + ("?lang=zh" if lang == "zh" else ""))
        assert status == 200, path
        assert _title(page) == title, path
    assert len(set(TITLES[lang].values())) == len(TITLES[lang])


def test_a_title_holding_markup_is_served_as_text(site):
    status, page = get(site, "/target/hangzhou-ai-core-revenue-2025")
    assert status == 200 and "<script>window.__pwned" not in page
    assert _title(page) == f"Hangzhou · {HOSTILE_METRIC[1]} — AI Targets Tracker"


def test_a_path_that_is_no_page_or_names_no_target_answers_404_with_the_apps_page(site):
    for path, words in (("/nope", "Page not found"), ("/nope?lang=zh", "找不到该页面"),
                        ("/target/no-such-id", "No such target"), ("/target/no-such-id?lang=zh", "找不到该目标"),
                        ("/not-found-404", "Page not found"), ("/_dash-nope", "Page not found")):
        status, page = get(site, path)
        assert status == 404, path
        assert words in _title(page), path
        assert 'id="react-entry-point"' in page  # the app, with its navigation


def test_dash_routes_keep_working_and_bad_script_paths_are_404_not_500(site):
    for path in ("/_dash-layout", "/_dash-dependencies", "/_reload-hash", "/_favicon.ico", "/assets/style.css"):
        assert get(site, path)[0] == 200, path
    scripts = re.findall(r'src="(/_dash-component-suites/[^"]+)', get(site, "/")[1])
    assert scripts and all(get(site, src)[0] == 200 for src in scripts)
    for path in ("/_dash-component-suites/../../etc/passwd", "/_dash-component-suites/%2e%2e/%2e%2e/etc/passwd",
                 "/_dash-component-suites/dash/../../../../etc/passwd",
                 "/_dash-component-suites/dash/..%2f..%2f..%2fapp.py", "/_dash-component-suites/dash/%2e%2e/app.py",
                 "/_dash-component-suites/nope/x.js", "/_dash-component-suites/dash/nope.js"):
        assert get(site, path)[0] == 404, path


# --- the registry banner ----------------------------------------------------------------------

def _break_places(registry: Path) -> int:
    """A syntax error in data/places.yaml (every place lost); returns its line."""
    places = registry.parent / "data" / "places.yaml"
    lines = places.read_text(encoding="utf-8").splitlines(keepends=True)
    line = next(i for i, text in enumerate(lines) if text.startswith("  - {id: hangzhou,"))
    lines[line] = lines[line].replace("{id: hangzhou,", "{id: hangzhou", 1)
    places.write_text("".join(lines), encoding="utf-8")
    return line + 1


def test_a_broken_places_file_is_reported_first_and_what_follows_from_it_after(tmp_path):
    from tracker.errors import RegistryError
    from tracker.registry import load_registry

    registry = _copy_registry(tmp_path)
    line = _break_places(registry)
    with pytest.raises(RegistryError) as caught:
        load_registry(registry, check_sources=False)
    error = caught.value
    assert str(error).splitlines()[0].startswith(f"{tmp_path / 'data' / 'places.yaml'}:{line}:")
    assert [p.file for p in error.causes] == [str(tmp_path / "data" / "places.yaml")]
    assert error.follow_on and all("unknown" in p.message for p in error.follow_on)


def test_each_new_registry_error_is_logged_once_with_its_located_problems(tmp_path, caplog):
    from components.state import DashboardLoader

    registry = _copy_registry(tmp_path)
    loader = DashboardLoader(registry, check_sources=False, cache_dir=tmp_path / "cache", in_child=False)
    assert loader.settle().error is None
    line = _break_places(registry)
    with caplog.at_level(logging.WARNING, logger="tracker.dashboard"):
        assert loader.settle().error is not None
        for _ in range(5):  # the pages poll every 5 s: nothing more is logged
            loader.get()
    logged = [r.getMessage() for r in caplog.records if r.name == "tracker.dashboard"]
    assert len(logged) == 1
    assert f"places.yaml:{line}:" in logged[0] and "serving the last good version" in logged[0]


@pytest.fixture(scope="module")
def edited_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hygiene")
    registry = _copy_registry(folder)
    with serving(registry, {"TRACKER_AS_OF": "2026-11-23", "TRACKER_EDIT_TOKEN": "s3cret-token",
                            "TRACKER_RELOAD_WAIT": "30"}) as url:
        yield url, registry


@pytest.mark.browser
def test_a_visitor_sees_how_many_problems_and_the_editor_sees_where_root_cause_first(dash_br, edited_server):
    url, registry = edited_server
    dash_br.driver.get(url + "/")
    dash_br.wait_for_element("section.topic")
    places = registry.parent / "data" / "places.yaml"
    good = places.read_text(encoding="utf-8")
    line = _break_places(registry)
    try:
        dash_br.driver.get(url + "/?lang=zh")
        dash_br.wait_for_contains_text("#registry-error", "登记册有 1 处错误，仍显示")
        banner = dash_br.find_element("#registry-error").text
        assert "places.yaml" not in banner and "/" not in banner and "yaml" not in banner
        dash_br.driver.get(url + "/targets")
        dash_br.wait_for_contains_text("#registry-error", "The registry has 1 problem; showing the last good version from")
        assert not dash_br.driver.find_elements(By.CSS_SELECTOR, "#registry-problems")
        # a wrong token shows nothing more
        dash_br.driver.get(url + "/import")
        dash_br.wait_for_element("#import-token").send_keys("wrong" + Keys.ENTER)
        dash_br.wait_for_contains_text("#registry-error", "The registry has 1 problem")
        assert not dash_br.driver.find_elements(By.CSS_SELECTOR, "#registry-problems")
        # the edit token typed on the Import page shows its holder where, on every page after
        dash_br.driver.get(url + "/import")
        dash_br.wait_for_element("#import-token").send_keys("s3cret-token" + Keys.ENTER)
        dash_br.wait_for_element("#registry-problems")
        dash_br.driver.get(url + "/sources")
        problems = dash_br.wait_for_element("#registry-problems").text.splitlines()
        assert problems[0].startswith(f"data/places.yaml:{line}:")
        assert len(problems) == 2 and "may follow from the ones above" in problems[1]
        assert str(registry.parent) not in dash_br.find_element("#registry-error").text
    finally:
        places.write_text(good, encoding="utf-8")
    dash_br.wait_for_no_elements("#registry-error")


def test_the_editor_reads_the_registry_problems_in_chinese_in_the_chinese_view(tmp_path):
    """Where the problem is (file:line:column) for the editor in both views; what it is in the
    reader's language."""
    from types import SimpleNamespace

    from components.shell import banner_for
    from tracker.errors import Problem, RegistryError

    problem = Problem(str(tmp_path / "targets.yaml"), 12, 5, "targets.3.place", "unknown place 'atlantis'")
    result = SimpleNamespace(error=RegistryError([problem]), snapshot=None, loading=False)

    def lines(lang: str) -> list[str]:
        banner = banner_for(result, lang, editor=True, base=tmp_path)
        return next(part for part in banner.children if getattr(part, "id", None) == "registry-problems").children.splitlines()

    assert lines("en") == ["targets.yaml:12:5: targets.3.place: unknown place 'atlantis'"]
    [chinese] = lines("zh")
    assert chinese.startswith("targets.yaml:12:5: ") and "地区" in chinese
    assert not re.search(r"[A-Za-z]{3,}", chinese.removeprefix("targets.yaml:12:5: "))


# --- titles after navigation, and the phone's width ------------------------------------------

@pytest.mark.browser
def test_the_title_follows_the_reader_through_links(dash_br, site):
    driver = dash_br.driver
    driver.get(site + f"/target/{TARGET}?lang=zh")
    until(lambda: driver.title == TITLES["zh"][f"/target/{TARGET}"], what="the target's title")
    dash_br.wait_for_element(".detail a").click()  # ← back to the targets
    until(lambda: driver.title == TITLES["zh"]["/targets"], what="the targets page's title")
    switch = dash_br.wait_for_element("#lang-switch")
    until(lambda: switch.get_attribute("href").endswith("/targets"), what="the switch to this page in English")
    switch.click()
    until(lambda: driver.title == TITLES["en"]["/targets"], what="the title in English")
    for nav, path in (("#nav-places", "/places"), ("#nav-sources", "/sources"), ("#nav-import", "/import"),
                      ("#nav-overview", "/")):
        dash_br.find_element(nav).click()
        until(lambda: driver.title == TITLES["en"][path], what=f"the title of {path}")
    driver.get(site + "/nope?lang=zh")
    until(lambda: driver.title == "找不到该页面 — 人工智能目标追踪", what="the not-found title")
    dash_br.wait_for_contains_text("#page-not-found", "找不到该页面")


PHONE_PAGES = [("/", "section.topic"), ("/targets", "#claims-grid .ag-row"), (f"/target/{TARGET}", ".facts"),
               ("/places", ".js-plotly-plot .main-svg"), ("/sources", ".js-plotly-plot .main-svg"),
               ("/import", "#import-grid"), ("/nope", "#page-not-found")]


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_page_fits_a_phones_width(dash_br, site, lang):
    driver = dash_br.driver
    driver.set_window_size(390, 844)
    until(lambda: driver.execute_script("return window.innerWidth") <= 390, what="a phone-wide window")
    for path, drawn in PHONE_PAGES:
        driver.get(site + path + ("?lang=zh" if lang == "zh" else ""))
        dash_br.wait_for_element(drawn)
        dash_br.wait_for_element("#lang-switch")
        wide = driver.execute_script("""
            return [...document.querySelectorAll('#_pages_content *, header *')]
              // a grid, a chart and the overview's table scroll inside their own box
              .filter(e => e.offsetParent !== null && !e.closest('.ag-root-wrapper, .js-plotly-plot, .overview-table'))
              .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
              .slice(0, 5).map(e => e.tagName + '.' + e.className)""")
        width, inner = driver.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
        assert width <= inner, (path, width, inner, wide)
        assert wide == [], path
        charts = driver.find_elements(By.CSS_SELECTOR, ".js-plotly-plot .main-svg")
        assert all(c.rect["x"] + c.rect["width"] <= inner for c in charts), path
