"""The overview read at a glance, and pages that never leave a reader guessing: every target a
row that opens it, a place with figures but no targets shows them, a year range says what it
hides, the Targets grid keeps its Status column in sight, and the Chinese view is Chinese.
On a made-up registry (sentences in the style of the seeds, not copied from them)."""

from __future__ import annotations

import re

import pytest
from selenium.webdriver.common.by import By

from test_scale import serving
from waiting import until

pytestmark = pytest.mark.browser

REGISTRY = """
targets:
  - id: mou-compute-2027
    place: hangzhou
    metric: intelligent_compute
    comparator: ">"
    value: 80
    unit: EFLOPS
    deadline: {date: "2027-12-31", precision: year_end, text: 到2027年底}
    statements:
      - source: seed-000
        quote: 到2027年底全市智能算力规模力争超过80EFLOPS
    links: []
  - id: mou-models-undated
    place: hangzhou
    metric: foundation_models
    comparator: ">="
    value: 5
    unit: 个
    deadline: {precision: unstated, text: 未来几年}
    statements:
      - source: seed-000
        quote: 未来几年培育不少于5个基础大模型
  - id: mou-revenue-2025
    place: hangzhou
    metric: ai_core_revenue
    comparator: ">"
    value: 500
    unit: 亿元
    deadline: {date: "2025-12-31", precision: year_end, text: 到2025年底}
    statements:
      - source: seed-000
        quote: 到2025年底人工智能核心产业营业收入超过500亿元
figures:
  - id: mou-compute-figure-2025
    place: hangzhou
    metric: intelligent_compute
    comparator: "="
    value: 40
    unit: EFLOPS
    period: {end: "2025-06", kind: point, text: 截至2025年6月}
    statements:
      - source: seed-000
        quote: 截至2025年6月全市智能算力规模达到40EFLOPS
  - id: mou-ningbo-revenue-2025
    place: ningbo
    metric: ai_core_revenue
    comparator: "="
    value: 120
    unit: 亿元
    period: {start: "2025-01", end: "2025-06", kind: range, text: 2025年上半年}
    statements:
      - source: seed-000
        quote: 上半年人工智能核心产业营业收入达到120亿元
"""
AS_OF = "2026-06-30"
TARGET_IDS = {"mou-compute-2027", "mou-models-undated", "mou-revenue-2025"}


@pytest.fixture
def made_up(make_registry, monkeypatch):
    monkeypatch.delenv("TRACKER_SOURCES", raising=False)
    return make_registry(REGISTRY)


@pytest.fixture
def site(made_up):
    with serving(made_up, {"TRACKER_AS_OF": AS_OF}) as url:
        yield url


def expected_statuses(registry):
    import datetime as dt

    from tracker import load_registry
    from tracker.frames import targets_frame

    frame = targets_frame(load_registry(registry), dt.date.fromisoformat(AS_OF))
    return {i: (status, bool(hedged)) for i, status, hedged in zip(frame["id"], frame["status"], frame["hedged"])}


def overview_rows(browser) -> list[dict]:
    """Each row of the overview's table: its id, link, cells' text and its badge."""
    return browser.driver.execute_script("""
        return [...document.querySelectorAll('#overview-table tr.target-row')].map(row => {
            const badge = row.querySelector('.badge');
            return {id: row.id.replace(/^row-/, ''), href: row.querySelector('a').getAttribute('href'),
                    cells: [...row.cells].map(c => c.innerText.trim()),
                    badge: badge ? badge.innerText.trim() : null,
                    badgeColour: badge ? getComputedStyle(badge).backgroundColor : null};
        });""")


def test_every_overview_row_is_a_link_with_its_status_badge_and_opens_its_target(dash_br, made_up, site):
    from components.status import label

    statuses = expected_statuses(made_up)
    dash_br.driver.get(site + "/?lang=zh")
    dash_br.wait_for_element("#overview-table tr.target-row")
    rows = overview_rows(dash_br)
    assert {r["id"] for r in rows} == TARGET_IDS
    for row in rows:
        assert row["href"] == f"/target/{row['id']}?lang=zh"
        status, hedged = statuses[row["id"]]
        assert row["badge"] == label(status, "zh") + (" *" if hedged else "")
        assert row["badgeColour"] not in ("rgba(0, 0, 0, 0)", "transparent")
    compute = next(r for r in rows if r["id"] == "mou-compute-2027")
    assert compute["cells"][0] == "杭州市" and compute["cells"][1] == "智能算力规模"
    assert "80" in compute["cells"][2] and "EFLOPS" in compute["cells"][2]
    assert "40" in compute["cells"][3] and compute["cells"][5] == "到2027年底"  # the deadline in words
    undated = next(r for r in rows if r["id"] == "mou-models-undated")
    assert undated["cells"][5] == "未说明期限"
    # the whole row opens the target: a click on its place, not on the link's words
    from selenium.webdriver.common.action_chains import ActionChains

    place = dash_br.driver.find_element(By.CSS_SELECTOR, "#row-mou-revenue-2025 td.place")
    ActionChains(dash_br.driver).move_to_element(place).click().perform()
    until(lambda: "/target/mou-revenue-2025" in dash_br.driver.current_url, what="the target's page")
    assert dash_br.driver.current_url.endswith("?lang=zh")
    dash_br.wait_for_contains_text("h1", "杭州市")


def test_bullet_charts_draw_only_targets_with_a_bar(dash_br, site):
    """A target with no latest figure would be a bare '–' in a chart: it is only in the table."""
    dash_br.driver.get(site + "/")
    dash_br.wait_for_element("section.topic .ytick")
    sections = [s.get_attribute("id") for s in dash_br.driver.find_elements(By.CSS_SELECTOR, "section.topic")]
    assert sections == ["topic-compute"]
    labels = [t.text for t in dash_br.driver.find_elements(By.CSS_SELECTOR, "section.topic .ytick")]
    assert len(labels) == 1 and "Hangzhou" in labels[0] and "Intelligent (AI) compute capacity" in labels[0]
    bar_texts = [t.text for t in dash_br.driver.find_elements(By.CSS_SELECTOR, "section.topic .bartext")]
    assert bar_texts == ["50 %"]


def test_a_place_with_figures_and_no_targets_shows_its_figures(dash_br, site):
    for path in ("/places?place=ningbo", "/?place=ningbo"):
        dash_br.driver.get(site + path)
        dash_br.wait_for_contains_text("#no-targets-here", "Ningbo has no targets in this view. Figures reported on it: 1.")
        assert "AI core industry revenue" in dash_br.find_element("#no-targets-here .place-figures").text
    dash_br.driver.get(site + "/places?place=ningbo&lang=zh")
    dash_br.wait_for_contains_text("#no-targets-here", "宁波市在当前筛选条件下没有目标；已报告数据 1 条")
    dash_br.find_element("#place-figures-link").click()
    dash_br.wait_for_element("#claims-grid .ag-row")
    assert "/targets?place=ningbo&lang=zh" in dash_br.driver.current_url
    rows = dash_br.driver.execute_script(
        "return [...document.querySelectorAll('#claims-grid .ag-row')].map(r => r.getAttribute('row-id'))")
    assert set(rows) == {"mou-ningbo-revenue-2025"}


def test_a_year_range_counts_the_undated_targets_it_hides_and_shows_them_on_request(dash_br, made_up, site):
    dash_br.driver.get(site + "/?year=2025")
    dash_br.wait_for_contains_text("#undated-notice", "Targets with no deadline hidden by the year filter: 1.")
    assert {r["id"] for r in overview_rows(dash_br)} == {"mou-revenue-2025"}
    dash_br.find_element("#undated-toggle").click()
    dash_br.wait_for_contains_text("#undated-notice", "Targets with no deadline are included.")
    until(lambda: {r["id"] for r in overview_rows(dash_br)} == {"mou-revenue-2025", "mou-models-undated"},
          what="the undated target shown beside the 2025 one")
    assert "undated=1" in dash_br.driver.current_url
    # the Targets page keeps the choice through the nav link
    dash_br.find_element("#nav-targets").click()
    dash_br.wait_for_element("#claims-grid .ag-row")
    until(lambda: "mou-models-undated" in dash_br.driver.execute_script(
        "return [...document.querySelectorAll('#claims-grid .ag-row')].map(r => r.getAttribute('row-id'))"),
        what="the undated target in the grid")
    dash_br.driver.get(site + "/?year=2025&lang=zh")
    dash_br.wait_for_contains_text("#undated-notice", "年份筛选隐藏了 1 个未说明期限的目标。")
    assert dash_br.find_element("#undated-toggle").text == "显示这些目标"


def test_the_command_line_counts_the_same_hidden_targets(made_up, capsys):
    from tracker.cli import main

    assert main(["status", "--registry", str(made_up), "--year", "2025", "--as-of", AS_OF]) == 0
    out = capsys.readouterr().out
    assert "mou-revenue-2025" in out and "mou-models-undated" not in out
    assert "Targets with no deadline hidden by the year filter: 1 (add --undated to show them)." in out
    assert main(["status", "--registry", str(made_up), "--year", "2025", "--undated", "--as-of", AS_OF]) == 0
    out = capsys.readouterr().out
    assert "mou-models-undated" in out and "hidden by the year filter" not in out


def test_tracker_status_in_chinese_has_no_english_words(made_up, capsys):
    from tracker.cli import main

    assert main(["status", "--registry", str(made_up), "--lang", "zh", "--as-of", AS_OF, "--place", "ningbo"]) == 0
    assert capsys.readouterr().out.strip() == "没有符合筛选条件的目标。"
    assert main(["status", "--registry", str(made_up), "--lang", "zh", "--as-of", AS_OF, "--year", "2025"]) == 0
    lines = capsys.readouterr().out.splitlines()
    header, totals, note = lines[0], lines[-2], lines[-1]
    assert header.split() == ["编号", "地区", "指标", "目标", "期限", "最新数据", "状态", "说明"]
    assert not re.search("[A-Za-z]", totals) and "待数据：1" in totals
    assert note == "年份筛选隐藏了 1 个未说明期限的目标（加 --undated 显示）。"


def grid_row_ids(browser) -> list[str]:
    return sorted(browser.driver.execute_script(
        "return [...document.querySelectorAll('#claims-grid .ag-center-cols-container .ag-row')]"
        ".map(r => r.getAttribute('row-id'))"))


def header_texts(browser, grid: str) -> list[str]:
    return browser.driver.execute_script(
        f"return [...document.querySelectorAll('#{grid} .ag-header-cell-text')].map(h => h.innerText.trim())")


def test_the_chinese_targets_grid_and_import_grid_speak_chinese(dash_br, site):
    from components.i18n import t

    dash_br.driver.get(site + "/targets?lang=zh")
    dash_br.wait_for_element("#claims-grid .ag-row")
    headers = header_texts(dash_br, "claims-grid")
    assert headers[:4] == [t("place", "zh"), t("what", "zh"), t("value", "zh"), t("status", "zh")]
    assert not [h for h in headers if re.search("[A-Za-z]", h)]
    # the search finds a target by its name (its cell is a link)
    dash_br.find_element("#grid-search").send_keys("智能算力")
    until(lambda: grid_row_ids(dash_br) == ["mou-compute-2027", "mou-compute-figure-2025"], what="the search's rows")
    # a search that matches nothing: the grid's own overlay, in Chinese
    dash_br.find_element("#grid-search").clear()
    dash_br.find_element("#grid-search").send_keys("没有这样的条目")
    dash_br.wait_for_contains_text("#claims-grid .ag-overlay", "没有符合搜索或列筛选的行。")
    # the column filter menu's words
    dash_br.driver.execute_script(
        "document.querySelector('#claims-grid .ag-header-cell[col-id=place] .ag-header-cell-filter-button').click()")
    menu = dash_br.wait_for_element(".ag-filter")
    until(lambda: menu.find_elements(By.CSS_SELECTOR, "input[placeholder]"), what="the filter menu's box")
    placeholder = menu.find_element(By.CSS_SELECTOR, "input[placeholder]").get_attribute("placeholder")
    assert placeholder == "筛选…" and "包含" in menu.text and not re.search("[A-Za-z]", menu.text)
    dash_br.driver.get(site + "/import?lang=zh")
    dash_br.wait_for_contains_text("#import-grid .ag-overlay", "尚无候选条目：请粘贴文章并点击“查找数据”。")
    headers = header_texts(dash_br, "import-grid")
    assert headers and not [h for h in headers if re.search("[A-Za-z]", h)]


def test_the_status_column_is_in_sight_at_1280_pixels(dash_br, site):
    dash_br.driver.set_window_size(1280, 900)
    for lang in ("en", "zh"):
        dash_br.driver.get(site + f"/targets?lang={lang}")
        dash_br.wait_for_element("#claims-grid .ag-row")
        box = dash_br.driver.execute_script("""
            const r = document.querySelector('#claims-grid .ag-header-cell[col-id=status]').getBoundingClientRect();
            return {left: r.left, right: r.right, width: window.innerWidth};""")
        assert 0 <= box["left"] and box["right"] <= box["width"], box
