"""The dashboard in a real headless browser (Debian's chromium through dash[testing])."""

from __future__ import annotations

import csv
import io
import os
import shutil
import time
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

from waiting import until

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "docs" / "screenshots"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def registry_copy(tmp_path_factory):
    """The app serves a copy of the shipped registry, so tests can edit and break it.
    (The copy has no source texts beside it, so quotes are not checked against them.)"""
    folder = tmp_path_factory.mktemp("registry")
    shutil.copy(ROOT / "targets.yaml", folder / "targets.yaml")
    shutil.copytree(ROOT / "data", folder / "data")
    saved = {key: os.environ.get(key) for key in ("TRACKER_REGISTRY", "TRACKER_AS_OF")}
    os.environ["TRACKER_REGISTRY"] = str(folder / "targets.yaml")
    os.environ["TRACKER_AS_OF"] = "2026-11-23"
    yield folder / "targets.yaml"
    # other test modules read the shipped registry again
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture(scope="module")
def dashboard(registry_copy):
    """The app, serving the copy: its loader is pointed at it even when another test module
    imported the app first (the loader binds its registry on import), so that no test here
    ever edits the shipped registry."""
    from dash.testing.application_runners import import_app

    app = import_app("app")
    from components.state import LOADER

    kept = LOADER.path, LOADER.data_dir
    LOADER.path, LOADER.data_dir = registry_copy, registry_copy.parent / "data"
    yield app
    LOADER.path, LOADER.data_dir = kept


def wait_for_text(dash_duo, selector, text, timeout=None):
    dash_duo.wait_for_contains_text(selector, text, timeout=timeout)


def caught_up():
    """Wait until the running dashboard serves the registry as it is on disk now. A page asked
    for after an edit waits a few seconds for the reload (TRACKER_RELOAD_WAIT); a busy machine
    can take longer to build the snapshot, and a test must not depend on that luck."""
    from components.state import LOADER

    result = LOADER.settle()
    assert not result.loading, "the dashboard did not load the registry within 60 s"
    return result


def no_console_errors(dash_duo):
    errors = [entry for entry in dash_duo.get_logs() or [] if entry.get("level") == "SEVERE"]
    assert errors == []


def shot(dash_duo, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    dash_duo.driver.save_screenshot(str(SHOTS / f"{name}.png"))


PAGES = [("/", "overview", "Are governments hitting their AI targets?"),
         ("/targets", "targets", "Targets"),
         ("/places", "places", "Places"),
         ("/sources", "sources", "Sources"),
         ("/target/hangzhou-intelligent-compute-2025", "target-detail", "Hangzhou")]


def open_page(dash_duo, path):
    dash_duo.driver.get(dash_duo.server_url + path)
    dash_duo.wait_for_element("h1")


def choose(dash_duo, dropdown, starts_with):
    """Pick the option of a Dash 4 dropdown whose text starts with `starts_with`, typing it in
    the search box as a person does (the place dropdown offers the top of a 3,000-place tree
    until they type)."""
    from test_scale import click_option

    dash_duo.find_element(dropdown).click()
    dash_duo.wait_for_element(".dash-dropdown-options")
    if click_option(dash_duo, starts_with):
        return
    dash_duo.wait_for_element(".dash-dropdown-search").send_keys(starts_with)
    until(lambda: click_option(dash_duo, starts_with), what=f"an option starting with {starts_with!r}")


def grid_rows(dash_duo) -> dict[str, str]:
    """The grid's rows in view: id → the text of all its cells (pinned and scrolled parts),
    read in one script, so a row the grid redraws meanwhile cannot go stale."""
    return dash_duo.driver.execute_script("""
        const rows = {};
        for (const row of document.querySelectorAll('#claims-grid .ag-row')) {
            const id = row.getAttribute('row-id');
            rows[id] = (rows[id] || '') + ' ' + row.innerText;
        }
        return rows;""")


def grid_ids(dash_duo):
    return sorted(grid_rows(dash_duo))


def test_every_page_loads_without_console_errors(dash_duo, dashboard):
    dash_duo.start_server(dashboard)
    for path, name, heading in PAGES:
        open_page(dash_duo, path)
        wait_for_text(dash_duo, "h1", heading)
        if name in ("overview", "target-detail", "places", "sources"):
            dash_duo.wait_for_element(".js-plotly-plot .main-svg")
        time.sleep(1.5)  # let the charts finish drawing before the screenshot
        shot(dash_duo, name)
        no_console_errors(dash_duo)
    open_page(dash_duo, "/?lang=zh")
    wait_for_text(dash_duo, "h1", "各地人工智能目标与实际进展")
    dash_duo.wait_for_element("section.topic .ytick")
    time.sleep(1.5)
    shot(dash_duo, "overview-zh")
    no_console_errors(dash_duo)


def test_a_link_with_stray_query_parameters_still_opens_every_page(dash_duo, dashboard):
    """Links get copied with parameters the tracker does not use, some named like a page's
    own arguments (view, metric): the page opens as if they were not there. (A `target_id`
    in the query would override the one in a target's path: Dash merges them that way.)"""
    dash_duo.start_server(dashboard)
    stray = "view=1&metric=nonsense&utm_source=mail&place=nowhere"
    for path, _, heading in PAGES:
        open_page(dash_duo, f"{path}?{stray}")
        wait_for_text(dash_duo, "h1", heading)
    open_page(dash_duo, f"/targets?{stray}")
    dash_duo.wait_for_text_to_equal("#grid-counts", expected_counts())
    no_console_errors(dash_duo)


def test_overview_counts_and_bullets_follow_the_registry(dash_duo, dashboard):
    from tracker import load_registry
    from tracker.frames import status_counts, targets_frame
    import datetime as dt

    dash_duo.start_server(dashboard)
    open_page(dash_duo, "/")
    expected = status_counts(targets_frame(load_registry(os.environ["TRACKER_REGISTRY"]), dt.date(2026, 11, 23)))
    for status, count in expected.items():
        wait_for_text(dash_duo, f"#count-{status} .count", str(count))
    # one row per target; a bullet bar only for a target with a latest figure against a level
    frame = targets_frame(load_registry(os.environ["TRACKER_REGISTRY"]), dt.date(2026, 11, 23))
    rows = dash_duo.driver.find_elements(By.CSS_SELECTOR, "#overview-table tr.target-row")
    assert len(rows) == len(frame)
    drawn = frame[(frame["measure"] == "level") & frame["progress"].notna()]
    ticks = dash_duo.driver.find_elements(By.CSS_SELECTOR, "section.topic .ytick")
    assert len(ticks) == len(drawn) and len(drawn) >= 1


def expected_counts(**filters):
    import datetime as dt

    from tracker import load_registry
    from tracker.frames import Filters, filtered_claims
    from tracker.snapshot import Snapshot

    registry = load_registry(os.environ["TRACKER_REGISTRY"])
    targets, figures = filtered_claims(Snapshot.build(registry, dt.date(2026, 11, 23)), Filters(**filters))
    def counted(n, noun):
        return f"{n:,} {noun}{'s' if n != 1 else ''}"
    return f"{counted(len(targets), 'target')} · {counted(len(figures), 'figure')}"


def test_a_filter_change_updates_url_chart_and_table(dash_duo, dashboard):
    dash_duo.start_server(dashboard)
    open_page(dash_duo, "/targets")
    dash_duo.wait_for_text_to_equal("#grid-counts", expected_counts())
    choose(dash_duo, "#f-place", "Wenzhou")
    dash_duo.wait_for_text_to_equal("#grid-counts", expected_counts(places=["wenzhou"]))
    assert "place=wenzhou" in dash_duo.driver.current_url
    places = {cell.text for cell in dash_duo.driver.find_elements(
        By.CSS_SELECTOR, "#claims-grid .ag-row [col-id=place]")}
    assert places <= {"Wenzhou", "Ouhai District"} and "Wenzhou" in places
    # the overview's table of targets follows the same filter through the nav link
    dash_duo.find_element("#nav-overview").click()
    dash_duo.wait_for_element("#overview-table .target-row")
    assert "place=wenzhou" in dash_duo.driver.current_url
    places = {cell.text for cell in dash_duo.driver.find_elements(By.CSS_SELECTOR, "#overview-table .target-row .place")}
    assert places == {"Wenzhou"}
    no_console_errors(dash_duo)


def test_the_url_round_trips_the_filters(dash_duo, dashboard):
    dash_duo.start_server(dashboard)
    open_page(dash_duo, "/targets?place=hangzhou&topic=compute&lang=en")
    dash_duo.wait_for_element("#claims-grid .ag-row")
    assert "Hangzhou" in dash_duo.find_element("#f-place").text
    assert "Compute" in dash_duo.find_element("#f-topic").text
    topics = {c.text for c in dash_duo.driver.find_elements(
        By.CSS_SELECTOR, "#claims-grid .ag-center-cols-container [col-id=topic]")}
    assert topics == {"Compute"}
    # the filters carry across pages
    dash_duo.find_element("#nav-places").click()
    dash_duo.wait_for_element("#city-tiles")
    assert "place=hangzhou" in dash_duo.driver.current_url and "topic=compute" in dash_duo.driver.current_url
    assert "Hangzhou" in dash_duo.find_element("#f-place").text


def test_csv_download_equals_the_rows_in_view(dash_duo, dashboard):
    dash_duo.start_server(dashboard)
    open_page(dash_duo, "/targets?place=hangzhou")
    dash_duo.wait_for_element("#claims-grid .ag-row")
    before = grid_ids(dash_duo)
    dash_duo.find_element("#grid-search").send_keys("EFLOPS")
    # the search has been applied once every row left in view mentions EFLOPS
    until(lambda: grid_ids(dash_duo) != before and all("EFLOPS" in text for text in grid_rows(dash_duo).values()),
          timeout=60)
    in_view = grid_ids(dash_duo)
    assert in_view, "the search should leave some rows"
    dash_duo.find_element("#grid-download-button").click()
    # named after the view's places and the date its statuses were judged on
    header, rows, citation = read_download(Path(dash_duo.download_path) / "ai-targets-hangzhou-2026-11-23.csv")
    assert sorted(r["id"] for r in rows) == in_view
    assert {r["topic"] for r in rows} == {"compute"}  # what the search for EFLOPS left: compute claims
    assert citation[0].startswith("# Source: AI Targets Tracker registry") and len(citation) == 1
    assert {r["as_of"] for r in rows} == {"2026-11-23"}


def read_download(path: Path) -> tuple[list[str], list[dict], list[str]]:
    """The header, the rows and the last (citation) row of a downloaded CSV, once it is all there."""
    until(path.exists, what=f"the download {path.name}")  # chromium renames a download once it is whole
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf"), "a CSV without a byte order mark is garbled in Excel"
    parsed = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    header, body, citation = parsed[0], parsed[1:-1], parsed[-1]
    assert all(len(row) == len(header) for row in body)
    return header, [dict(zip(header, row)) for row in body], citation


def test_the_download_has_the_rows_of_the_command_line_export(dash_duo, dashboard, registry_copy, tmp_path):
    from tracker.cli import main

    dash_duo.start_server(dashboard)
    open_page(dash_duo, "/targets?place=hangzhou,ningbo&topic=compute")
    dash_duo.wait_for_element("#claims-grid .ag-row")
    dash_duo.find_element("#grid-download-button").click()
    header, rows, _ = read_download(Path(dash_duo.download_path) / "ai-targets-hangzhou_ningbo-2026-11-23.csv")
    assert main(["export", "--registry", str(registry_copy), "--as-of", "2026-11-23", "--place", "hangzhou,ningbo",
                 "--topic", "compute", "-o", str(tmp_path)]) == 0
    exported = list(csv.reader(io.StringIO(
        (tmp_path / "ai-targets-hangzhou_ningbo-2026-11-23.csv").read_text(encoding="utf-8-sig"), newline="")))
    assert rows and exported[0] == header
    assert sorted(rows, key=lambda r: r["id"]) == sorted((dict(zip(header, r)) for r in exported[1:]),
                                                         key=lambda r: r["id"])


def test_the_table_shows_no_placeholder_for_missing_values(dash_duo, dashboard):
    """A rank target has no unit, a target may have no stated deadline: the cell is blank, not
    'nan' or 'None', and a year reads 2025, not 2025.0."""
    dash_duo.start_server(dashboard)
    open_page(dash_duo, "/targets")
    dash_duo.wait_for_element("#claims-grid .ag-row")
    dash_duo.find_element("#grid-download-button").click()
    _, rows, _ = read_download(Path(dash_duo.download_path) / "ai-targets-all-2026-11-23.csv")
    assert len(rows) > 100
    placeholders = [(r["id"], k, v) for r in rows for k, v in r.items()
                    if v.strip() in ("nan", "None", "null") or v.endswith(" nan")]
    assert placeholders == []
    assert all(r["year"] == "" or r["year"].isdigit() for r in rows)


def test_hostile_registry_strings_stay_inert_text(dash_duo, dashboard, registry_copy):
    original = registry_copy.read_text(encoding="utf-8")
    hostile = original.replace(
        "targets:\n",
        "targets:\n"
        "  - id: hostile-test\n"
        "    place: hangzhou\n"
        "    metric: intelligent_compute\n"
        "    comparator: \">\"\n"
        "    value: 50\n"
        "    unit: EFLOPS\n"
        "    deadline: {date: \"2030\", precision: year, text: \"<script>window.__pwned=1</script>\"}\n"
        "    statements:\n"
        "      - source: seed-000\n"
        "        quote: \"<img src=x onerror=\\\"window.__pwned=2\\\">50\"\n"
        "    note: \"for maintainers only, see tracker/units.py\"\n"
        "    reader_note_en: \"<b onmouseover=window.__pwned=3>bold?</b><script>window.__pwned=4</script>\"\n", 1)
    registry_copy.write_text(hostile, encoding="utf-8")
    try:
        dash_duo.start_server(dashboard)
        caught_up()
        for path, drawn in (("/targets?place=hangzhou", "#claims-grid .ag-row"), ("/target/hostile-test", ".note"),
                            ("/sources", ".js-plotly-plot .main-svg"), ("/", "section.topic")):
            open_page(dash_duo, path)
            dash_duo.wait_for_element(drawn)  # the registry's text is on the page
            assert dash_duo.driver.execute_script("return window.__pwned === undefined")
        open_page(dash_duo, "/target/hostile-test")
        wait_for_text(dash_duo, ".note", "<script>window.__pwned=4</script>")
        assert "for maintainers only" not in dash_duo.find_element("#_pages_content").text  # never shown
        wait_for_text(dash_duo, ".citation", '<img src=x onerror="window.__pwned=2">50')
        assert not dash_duo.driver.find_elements(By.CSS_SELECTOR, ".detail img, .detail b, .detail script")
    finally:
        registry_copy.write_text(original, encoding="utf-8")


def test_registry_names_in_chart_labels_are_text_not_links(dash_duo, dashboard, registry_copy):
    """Issue 19 L11: a name_en holding <a href=…> became a clickable link in a chart's tick label."""
    places = registry_copy.parent / "data" / "places.yaml"
    original = places.read_text(encoding="utf-8")
    assert "name_en: Ningbo," in original
    places.write_text(original.replace("name_en: Ningbo,", "name_en: '<a href=\"https://evil.example/\">Ningbo</a>',", 1),
                      encoding="utf-8")
    try:
        dash_duo.start_server(dashboard)
        caught_up()
        for path in ("/places?place=zhejiang", "/sources"):
            open_page(dash_duo, path)
            dash_duo.wait_for_element(".js-plotly-plot .main-svg")
        open_page(dash_duo, "/places?place=zhejiang")
        ticks = "return [...document.querySelectorAll('#places-chart .xtick text')].map(e => e.textContent).join(' ')"
        until(lambda: "evil.example" in dash_duo.driver.execute_script(ticks), timeout=60,
              what=f"the name as text among {dash_duo.find_element('#_pages_content').text[:600]!r}")  # shown as text
        assert not dash_duo.driver.find_elements(By.CSS_SELECTOR, ".js-plotly-plot a[href*='evil.example']")
    finally:
        places.write_text(original, encoding="utf-8")


def test_a_broken_registry_shows_the_banner_and_keeps_the_data(dash_duo, dashboard, registry_copy):
    original = registry_copy.read_text(encoding="utf-8")
    dash_duo.start_server(dashboard)
    open_page(dash_duo, "/")
    dash_duo.wait_for_element("section.topic")
    before = dash_duo.find_element("#count-awaiting_data .count").text
    registry_copy.write_text(original.replace("    place: ", "    place: [broken\n", 1), encoding="utf-8")
    try:
        caught_up()
        open_page(dash_duo, "/")
        dash_duo.wait_for_element("#registry-error")
        banner = dash_duo.find_element("#registry-error").text
        # a visitor is told how many problems and which version is shown, not where on the server
        assert "The registry has 1 problem; showing the last good version from" in banner
        assert "targets.yaml" not in banner and "/" not in banner
        assert not dash_duo.driver.find_elements(By.CSS_SELECTOR, "#registry-problems")
        assert dash_duo.find_element("#count-awaiting_data .count").text == before
        assert dash_duo.driver.find_elements(By.CSS_SELECTOR, "section.topic")
    finally:
        registry_copy.write_text(original, encoding="utf-8")
    # once fixed, the banner goes away by itself (the page polls the registry)
    dash_duo.wait_for_no_elements("#registry-error")


def test_an_edit_shows_up_without_a_restart(dash_duo, dashboard, registry_copy):
    from tracker.edit import add_entry

    original = registry_copy.read_text(encoding="utf-8")
    dash_duo.start_server(dashboard)
    open_page(dash_duo, "/targets?place=gongshu")
    try:
        add_entry(registry_copy, "targets", {
            "id": "live-edit-test", "place": "gongshu", "metric": "intelligent_compute", "comparator": ">",
            "value": 50, "unit": "EFLOPS", "deadline": {"date": "2030", "precision": "year", "text": "到2030年"},
            "statements": [{"source": "seed-000", "quote": "到2025年底，全市投入市场的智算规模超过50EFLOPS"}],
        }, check_sources=False)
        caught_up()
        open_page(dash_duo, "/targets?place=gongshu")
        dash_duo.wait_for_element("#claims-grid .ag-row")
        assert "live-edit-test" in grid_ids(dash_duo)
    finally:
        registry_copy.write_text(original, encoding="utf-8")


def test_a_slow_reload_keeps_the_page_and_says_it_is_loading(dash_duo, dashboard, registry_copy, monkeypatch):
    """A large registry takes minutes to load after an edit: meanwhile the last one stays on
    screen, under a notice, and the new one replaces it once loaded."""
    import threading

    import tracker.snapshot as snapshot_module
    from components.state import LOADER

    original = registry_copy.read_text(encoding="utf-8")
    dash_duo.start_server(dashboard)
    open_page(dash_duo, "/targets?place=gongshu")
    dash_duo.wait_for_element("#grid-counts")
    before = dash_duo.find_element("#grid-counts").text
    release = threading.Event()
    real = snapshot_module.load_snapshot
    monkeypatch.setattr(snapshot_module, "load_snapshot", lambda *a, **k: release.wait(60) and real(*a, **k))
    monkeypatch.setattr(LOADER, "wait", 0.1)
    try:
        registry_copy.write_text(original.replace("place: gongshu", "place: hangzhou"), encoding="utf-8")
        open_page(dash_duo, "/targets?place=gongshu")
        dash_duo.wait_for_element("#registry-loading")
        assert dash_duo.find_element("#grid-counts").text == before
        release.set()
        caught_up()
        dash_duo.wait_for_no_elements("#registry-loading")  # the page polls every 5 s
        open_page(dash_duo, "/targets?place=gongshu")
        dash_duo.wait_for_element("#grid-counts, .empty")
        assert dash_duo.find_element("#grid-counts, .empty").text != before
    finally:
        release.set()
        registry_copy.write_text(original, encoding="utf-8")


def test_everything_is_served_by_the_app_itself(dash_duo, dashboard):
    """No CDN: every script, style sheet and font comes from the app's own origin."""
    dash_duo.start_server(dashboard)
    for path in ("/", "/targets", "/places"):
        open_page(dash_duo, path)
        until(lambda: dash_duo.driver.execute_script("return document.readyState") == "complete")
        urls = dash_duo.driver.execute_script(
            "return performance.getEntriesByType('resource').map(e => e.name)")
        assert urls
        foreign = [u for u in urls if not u.startswith(dash_duo.server_url) and not u.startswith("data:")]
        assert foreign == []
    fonts = dash_duo.driver.execute_script(
        "return fetch('/assets/fonts/wqy-microhei-subset.woff2').then(r => [r.status, r.headers.get('content-type')])")
    assert fonts[0] == 200


ARTICLE = ("浙江省：人工智能，是“十五五”期间的关键变量，2025年我省人工智能核心产业营收6800亿元左右，增长20%以上，"
           "远高于规上工业增长速度。咨询电话：0571-85123456。")


def find_claims(dash_duo, text=ARTICLE, path="/import"):
    open_page(dash_duo, path)
    dash_duo.find_element("#import-text").send_keys(text)
    dash_duo.find_element("#import-run").click()
    dash_duo.wait_for_element("#import-grid .ag-center-cols-container .ag-row")


def test_import_finds_candidates_highlights_quotes_and_downloads_yaml(dash_duo, dashboard):
    dash_duo.start_server(dashboard)
    find_claims(dash_duo)
    values = [c.text for c in dash_duo.driver.find_elements(
        By.CSS_SELECTOR, "#import-grid .ag-center-cols-container [col-id=value]")]
    assert values == ["≈ 680 billion yuan, > 20% year on year"]  # the phone number is not a claim
    marks = [m.text for m in dash_duo.driver.find_elements(By.CSS_SELECTOR, "#import-highlighted mark")]
    assert marks and all(m in ARTICLE for m in marks) and any("6800亿元左右" in m for m in marks)
    assert not dash_duo.driver.find_elements(By.CSS_SELECTOR, "#import-token")  # editing is off
    dash_duo.find_element("#import-yaml-button").click()
    target = Path(dash_duo.download_path) / "candidates.yaml"
    until(target.exists, what="the download")
    document = yaml_load(target.read_text(encoding="utf-8"))
    [figure] = document["figures"]
    assert (figure["place"], figure["metric"], figure["value"], figure["unit"]) == ("zhejiang", "ai_core_revenue", 6800, "亿元")
    no_console_errors(dash_duo)


def yaml_load(text):
    import yaml

    return yaml.safe_load(text)


def test_import_writes_only_with_the_editing_token(dash_duo, dashboard, registry_copy, seeds, monkeypatch):
    # the copy's quotes can be checked (a claim is never added unverified): its texts are the seeds
    monkeypatch.setenv("TRACKER_SOURCES", str(seeds))
    from tracker import load_registry
    from tracker.edit import atomic_write, round_trip_yaml

    original = registry_copy.read_text(encoding="utf-8")
    document = round_trip_yaml().load(original)
    document["figures"] = [f for f in document["figures"] if f["id"] != "zhejiang-ai-core-revenue-2025"]
    buffer = io.StringIO()
    round_trip_yaml().dump(document, buffer)
    atomic_write(registry_copy, buffer.getvalue())
    os.environ["TRACKER_EDIT_TOKEN"] = "s3cret-token"
    try:
        dash_duo.start_server(dashboard)
        caught_up()
        find_claims(dash_duo)
        dash_duo.find_element("#import-grid .ag-center-cols-container .ag-row .ag-checkbox-input").click()
        dash_duo.find_element("#import-token").send_keys("guess")
        dash_duo.find_element("#import-add").click()
        wait_for_text(dash_duo, "#import-report", "Wrong token")
        assert not [f for f in load_registry(registry_copy).figures if f.place == "zhejiang" and f.value == 6800]
        dash_duo.clear_input("#import-token")
        dash_duo.find_element("#import-token").send_keys("s3cret-token")
        dash_duo.find_element("#import-add").click()  # no source chosen yet: said, nothing written
        wait_for_text(dash_duo, "#import-report", "Choose the source first")
        assert registry_copy.read_text(encoding="utf-8") == buffer.getvalue()
        choose(dash_duo, "#import-source", "seed-001")  # another document: its text lacks these quotes
        dash_duo.find_element("#import-add").click()
        wait_for_text(dash_duo, "#import-report", "not in the text of the chosen source seed-001")
        assert registry_copy.read_text(encoding="utf-8") == buffer.getvalue()
        choose(dash_duo, "#import-source", "seed-004")
        dash_duo.find_element("#import-add").click()
        wait_for_text(dash_duo, "#import-report", "1 added.")
        figures = load_registry(registry_copy).figures
        added = [f for f in figures if f.place == "zhejiang" and f.value == 6800]
        assert len(added) == 1 and added[0].statements[0].quote in ARTICLE
    finally:
        os.environ.pop("TRACKER_EDIT_TOKEN", None)
        registry_copy.write_text(original, encoding="utf-8")


def import_values(dash_duo) -> list[str]:
    return [c.text for c in dash_duo.driver.find_elements(
        By.CSS_SELECTOR, "#import-grid .ag-center-cols-container [col-id=value]")]


# A made-up plan: a count (家) beside a compute and a money target
COUNTED = "浙江省：到2027年，全省人工智能核心企业达到800家，智能算力规模超过50EFLOPS，核心产业规模达到3500亿元。"


def test_import_grid_shows_every_value_with_its_unit_in_both_languages(dash_duo, dashboard):
    dash_duo.start_server(dashboard)
    find_claims(dash_duo, COUNTED)
    until(lambda: "≥ 800 organisations" in import_values(dash_duo), what="the count with its unit in English")
    assert {"> 50 EFLOPS", "≥ 350 billion yuan"} <= set(import_values(dash_duo))
    find_claims(dash_duo, COUNTED, "/import?lang=zh")
    until(lambda: "≥ 800家" in import_values(dash_duo), what="the count with its unit in Chinese")
    assert {"> 50 EFLOPS", "≥ 3500亿元"} <= set(import_values(dash_duo))


def test_import_in_chinese_says_why_a_candidate_is_refused_in_chinese(dash_duo, dashboard, registry_copy):
    """A candidate the registry refuses (a figure for mid-2026 cited to a text of 2025-07): the
    report the Chinese view shows has no English but the candidate's own id and an SI unit."""
    import re

    original = registry_copy.read_text(encoding="utf-8")
    os.environ["TRACKER_EDIT_TOKEN"] = "s3cret-token"
    try:
        dash_duo.start_server(dashboard)
        caught_up()
        find_claims(dash_duo, "浙江省：截至2026年6月，全省智能算力规模达到2000PFlops。", "/import?lang=zh")
        dash_duo.find_element("#import-grid .ag-center-cols-container .ag-row .ag-checkbox-input").click()
        dash_duo.find_element("#import-token").send_keys("s3cret-token")
        choose(dash_duo, "#import-source", "seed-000")
        dash_duo.find_element("#import-add").click()
        wait_for_text(dash_duo, "#import-report", "已添加 0 条")
        report = dash_duo.find_element("#import-report").text
        assert "被拒绝" in report and "晚于报告它的文件的发布日期 2025-07" in report, report
        for line in report.splitlines():
            rest = re.sub(r"\b[a-z0-9]+(?:-[a-z0-9]+)+\b|EFLOPS", "", line)  # the entry's id and an SI unit
            assert not re.search(r"[A-Za-z]{2,}", rest), line
        assert registry_copy.read_text(encoding="utf-8") == original
    finally:
        os.environ.pop("TRACKER_EDIT_TOKEN", None)
        registry_copy.write_text(original, encoding="utf-8")


def test_rank_and_growth_figures_show_their_text_not_nan(dash_duo, dashboard):
    """A rank figure has no value: its line reads "No. 2 in China", never "nan" (in both languages)."""
    import re

    dash_duo.start_server(dashboard)
    for path in ("/sources", "/sources?lang=zh", "/target/hangzhou-intelligent-compute-2025"):
        open_page(dash_duo, path)
        dash_duo.wait_for_element(".js-plotly-plot .main-svg")
        text = dash_duo.find_element("#_pages_content").text
        assert not re.search(r"\bnan\b|\bNone\b", text), path
    open_page(dash_duo, "/sources")
    wait_for_text(dash_duo, "#_pages_content", "No. 2 in China")


DETAIL_ENTRIES = {
    "targets:\n": (
        "targets:\n"
        "  - id: detail-test\n"
        "    place: wenzhou\n"
        "    metric: ai_core_revenue\n"
        "    comparator: \">\"\n"
        "    value: 3900\n"
        "    unit: 亿元\n"
        "    deadline: {date: \"2025-12-31\", precision: year_end}\n"
        "    statements:\n"
        "      - source: seed-002\n"
        "        quote: \"力争核心产业收入超过3900亿元\"\n"
        "    note: \"maintainers only: see tracker/units.py COUNT_WORDS\"\n"
        "    reader_note_en: \"Core-industry revenue, as the plan defines it.\"\n"),
    "figures:\n": (
        "figures:\n"
        "  - id: detail-test-counted\n"
        "    place: wenzhou\n"
        "    metric: ai_core_revenue\n"
        "    comparator: \">\"\n"
        "    value: 1\n"
        "    unit: 百亿元\n"
        "    period: {end: \"2025-06\", kind: point, text: \"截至2025年6月\"}\n"
        "    statements:\n"
        "      - source: seed-002\n"
        "        quote: \"截至2025年6月，核心产业营业收入突破百亿元\"\n"
        "  - id: detail-test-park\n"
        "    place: wenzhou\n"
        "    metric: ai_core_revenue\n"
        "    value: 30\n"
        "    unit: 亿元\n"
        "    scope: part\n"
        "    period: {end: \"2025\", kind: year, text: \"今年\"}\n"
        "    statements:\n"
        "      - source: seed-002\n"
        "        quote: \"园区核心产业收入30亿元\"\n"
        "    reader_note_zh: \"仅为一个园区的收入。\"\n"),
}


def test_the_target_page_writes_every_value_in_one_unit_and_says_what_counts(dash_duo, dashboard, registry_copy):
    """Target, latest figure, chart and the related figures in one scale per language; the
    floor kept (">"); deadline and period in words; a part-of-the-place figure listed apart
    with why; the readers' note shown, the maintainers' never."""
    original = registry_copy.read_text(encoding="utf-8")
    edited = original
    for anchor, entries in DETAIL_ENTRIES.items():
        edited = edited.replace(anchor, entries, 1)
    registry_copy.write_text(edited, encoding="utf-8")
    try:
        dash_duo.start_server(dashboard)
        caught_up()
        open_page(dash_duo, "/target/detail-test")
        dash_duo.wait_for_element("#detail-chart .main-svg")
        facts = dash_duo.find_element("#target-facts").text
        assert "> 390 billion yuan" in facts and "by end-2025" in facts
        assert "> 10 billion yuan · as of Jun 2025" in facts and "floor" in facts
        assert "亿" not in facts and "–" not in facts
        chart = dash_duo.find_element("#detail-chart").text
        assert "> 10 billion yuan" in chart and "billion yuan" in chart and "Target level" in chart
        assert "e+" not in chart
        related = dash_duo.find_element("#related-figures").text
        assert "3 billion yuan" in related and "covers only part of the place" in related
        assert "in 2025" in related and "今年" not in related
        assert "仅为一个园区的收入。 (in Chinese only)" in related  # the only note there is, marked
        counted = dash_duo.find_element("#figures-counted").text
        assert "3 billion yuan" not in counted and "> 10 billion yuan" in counted
        page = dash_duo.find_element("#_pages_content").text
        assert "Core-industry revenue, as the plan defines it." in page
        assert "maintainers only" not in page and "COUNT_WORDS" not in page

        open_page(dash_duo, "/target/detail-test?lang=zh")
        dash_duo.wait_for_element("#detail-chart .main-svg")
        facts = dash_duo.find_element("#target-facts").text
        assert "> 3900亿元" in facts and "> 100亿元" in facts and "到2025年底" in facts
        related = dash_duo.find_element("#related-figures").text
        # the registry's 今年 (a 2025 text) is shown as its year: a reader in 2026 would misread it
        assert "30亿元" in related and "2025年" in related and "今年" not in related and "只覆盖该地的一部分" in related
        assert "单位：亿元" in dash_duo.find_element("#detail-chart").text
    finally:
        registry_copy.write_text(original, encoding="utf-8")


def test_a_target_without_deadline_still_draws_its_level_and_a_small_count_reads_whole(dash_duo, dashboard):
    """≥ 1 千颗 with 12 satellites reported: "≥ 1000颗" and "12颗", never 0.012千颗; the target
    is a level line across the chart though no deadline is stated; the axis names its unit
    level, not as a rotated single character."""
    dash_duo.start_server(dashboard)
    open_page(dash_duo, "/target/hangzhou-zhejiang-lab-computing-satellites-unstated?lang=zh")
    dash_duo.wait_for_element("#detail-chart .main-svg")
    facts = dash_duo.find_element("#target-facts").text
    assert "≥ 1000颗" in facts and "12颗" in facts and "未说明期限" in facts
    chart = dash_duo.find_element("#detail-chart").text
    assert "目标水平" in chart and "单位：颗" in chart and "0.0" not in chart
    open_page(dash_duo, "/target/hangzhou-zhejiang-lab-computing-satellites-unstated")
    dash_duo.wait_for_element("#detail-chart .main-svg")
    facts = dash_duo.find_element("#target-facts").text
    assert "≥ 1,000" in facts and "no deadline stated" in facts and "颗" not in facts
    assert "Target level" in dash_duo.find_element("#detail-chart").text


def test_sources_name_claims_by_place_and_metric_with_dates_in_words(dash_duo, dashboard):
    """The Sources page lists each claim by place and metric with its value in the view's
    units and its date in words: no claim or source ids, no file names, no raw dates."""
    import re

    dash_duo.start_server(dashboard)
    open_page(dash_duo, "/sources")
    dash_duo.wait_for_element("#sources-chart .main-svg")
    text = dash_duo.find_element("#_pages_content").text
    assert "Hangzhou · AI core industry revenue · Target · > 390 billion yuan · by end-2025" in text
    assert not re.search(r"seed-\d|hangzhou-ai-core-revenue-2025|\.txt\b|Published \d{4}-", text)
    open_page(dash_duo, "/sources?lang=zh")
    dash_duo.wait_for_element("#sources-chart .main-svg")
    text = dash_duo.find_element("#_pages_content").text
    assert "杭州市 · 人工智能核心产业营业收入 · 目标 · > 3900亿元 · 到2025年底" in text
