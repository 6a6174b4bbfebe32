"""A dashboard started on a registry that is broken from the first moment: every page says
so instead of failing, the banner says how many problems it has, and fixing the file
brings the data in without a restart. Served by `python app.py` as a user runs it, and
driven in the real browser."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from test_scale import serving
from waiting import until

ROOT = Path(__file__).resolve().parent.parent
NOTICE = "The registry could not be loaded; there is nothing to show yet."

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def broken_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("broken")
    shutil.copytree(ROOT / "data", folder / "data")
    good = (ROOT / "targets.yaml").read_text(encoding="utf-8")
    # the first target's value becomes text: a located type error
    broken = good.replace("value: ", "value: lots-", 1)
    assert broken != good
    (folder / "targets.yaml").write_text(broken, encoding="utf-8")
    with serving(folder / "targets.yaml", {"TRACKER_AS_OF": "2026-11-23"}) as url:
        yield url, folder / "targets.yaml", good


def test_every_page_says_the_registry_could_not_be_loaded_then_shows_it_once_fixed(dash_br, broken_server):
    url, registry, good = broken_server
    for path in ["/", "/targets", "/places", "/sources", "/import", "/target/hangzhou-intelligent-compute-2025"]:
        dash_br.driver.get(url + path)
        dash_br.wait_for_contains_text("#_pages_content", NOTICE)
        dash_br.wait_for_contains_text("#registry-banner", "could not be loaded")
        # a visitor sees how many problems there are, not the server's files (the editing
        # user sees where: test_web_hygiene)
        banner = dash_br.find_element("#registry-banner").text
        assert re.search(r"The registry has \d+ problems? and could not be loaded", banner)
        assert "targets.yaml" not in banner and "/" not in banner
    registry.write_text(good, encoding="utf-8")
    # the fixed file is loaded by the running server: the grid and its counts appear (on a busy
    # machine the reload can outlast a page's wait for it, so the page is asked for again)
    until(lambda: showing_the_grid(dash_br, url + "/targets"), what="the grid after the fix")
    assert NOTICE not in dash_br.find_element("#_pages_content").text


def showing_the_grid(browser, url) -> bool:
    """The page asked for afresh shows the grid's counts (not the notice of a registry that
    could not be loaded, which it shows while the reload is still running)."""
    browser.driver.get(url)
    drawn = until(lambda: [e.text for e in browser.driver.find_elements("css selector", "#grid-counts, .empty")
                           if e.text], what="the page drawn, with its grid or a notice")
    return any(re.search(r"\d+ targets? · \d+ figures?", text) for text in drawn)
