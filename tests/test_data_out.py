"""What a reader takes away from every view (issue 18.3): the view's rows from the API with
the same query, each chart as PNG and SVG drawn in the browser, and a citation to copy."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

from test_scale import serving, shipped_copy
from waiting import until

TARGET = "hangzhou-zhejiang-lab-computing-satellites-unstated"
AS_OF = "2026-11-23"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("data-out")
    with serving(shipped_copy(folder), {"TRACKER_AS_OF": AS_OF}) as url:
        yield url


VIEWS = [("/?place=hangzhou&topic=compute", ["targets", "figures"]),
         ("/targets?place=wenzhou&lang=zh", ["targets", "figures"]),
         ("/places?place=zhejiang", ["places", "targets", "figures"]),
         ("/sources?topic=industry", ["sources", "targets", "figures"])]


@pytest.mark.browser
@pytest.mark.parametrize("path, lists", VIEWS)
def test_every_view_links_its_rows_and_can_be_cited(dash_br, site, path, lists):
    dash_br.driver.get(site + path)
    dash_br.wait_for_element("#cite-box")
    query = path.partition("?")[2].replace("&lang=zh", "")
    for name in lists:
        link = dash_br.find_element(f"#api-{name}-json").get_attribute("href")
        assert link == f"{site}/api/{name}.json?{query}"
        answer = json.loads(urllib.request.urlopen(link, timeout=30).read())
        assert answer["as_of"] == AS_OF and "rows" in answer
        assert dash_br.find_element(f"#api-{name}-csv").get_attribute("href") == f"{site}/api/{name}.csv?{query}"
    dash_br.find_element("#cite-box summary").click()
    cited = dash_br.find_element("#cite-text").text
    assert f"{site}{path.partition('?')[0]}" in cited and AS_OF in cited
    assert dash_br.driver.find_elements(By.CSS_SELECTOR, "#cite-box .copy")  # the copy button


@pytest.mark.browser
@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_a_chart_downloads_as_drawn(dash_br, site, fmt):
    dash_br.driver.get(f"{site}/target/{TARGET}")
    dash_br.wait_for_element("#detail-chart .main-svg")
    buttons = [b for b in dash_br.driver.find_elements(By.CSS_SELECTOR, "#chart-ai-target-" + TARGET + "-" + AS_OF
                                                       + " .chart-download") if b.text == fmt.upper()]
    buttons[0].click()
    saved = Path(dash_br.download_path) / f"ai-target-{TARGET}-{AS_OF}.{fmt}"
    until(lambda: saved.exists() and saved.stat().st_size > 1000, what=f"the {fmt} file")
    head = saved.read_bytes()[:200]
    assert head.startswith(b"\x89PNG") if fmt == "png" else b"<svg" in head


@pytest.mark.browser
def test_a_target_page_cites_its_sources_and_links_its_json(dash_br, site):
    dash_br.driver.get(f"{site}/target/{TARGET}?lang=zh")
    dash_br.wait_for_element("#cite-box")
    dash_br.find_element("#cite-box summary").click()
    cited = dash_br.find_element("#cite-text").text
    assert "计算卫星" in cited and "今日浙江" in cited and f"状态判定日期 {AS_OF}" in cited
    link = dash_br.find_element("#api-target-json").get_attribute("href")
    answer = json.loads(urllib.request.urlopen(link, timeout=30).read())
    assert answer["target"]["id"] == TARGET and answer["working"]["status"] == "no_trend"
