"""The dashboard on a registry the size of China's place tree (2,877 places, from the
benchmark generator), served by `python app.py` in its own process as a user would run it,
and driven in the real browser."""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml
from selenium.webdriver.common.by import By

from waiting import until

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.browser


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def national(tmp_path_factory):
    """A generated registry (300 targets over 2,877 places) and a server on it."""
    folder = tmp_path_factory.mktemp("national")
    subprocess.run([sys.executable, "benchmarks/generate.py", str(folder), "--targets", "300"], cwd=ROOT,
                   check=True, capture_output=True, timeout=300)
    with serving(folder / "targets.yaml", {"TRACKER_AS_OF": "2026-06-30"}) as url:
        yield url, folder


def shipped_copy(folder: Path) -> Path:
    """A copy of the shipped registry (targets.yaml and data/) in `folder`, for a test that
    serves or edits it: its path. Tests never touch the shipped files themselves."""
    shutil.copy(ROOT / "targets.yaml", folder / "targets.yaml")
    shutil.copytree(ROOT / "data", folder / "data")
    return folder / "targets.yaml"


@contextlib.contextmanager
def serving(registry: Path, env: dict[str, str]):
    """`python app.py` on a registry (its snapshot cache beside it), as a user starts it; yields
    its URL once it answers."""
    port = free_port()
    env = {**os.environ, "TRACKER_REGISTRY": str(registry), "TRACKER_PORT": str(port),
           "TRACKER_CACHE": str(registry.parent / "cache"), **env}
    server = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 120
        while True:
            try:
                urllib.request.urlopen(url + "/_dash-layout", timeout=5).read()
                break
            except OSError:
                if time.time() > deadline or server.poll() is not None:
                    raise AssertionError("the server did not start") from None
                time.sleep(0.3)
        yield url
    finally:
        server.terminate()
        server.communicate(timeout=20)


def places_in_dropdown(browser) -> list[str]:
    menu = browser.wait_for_element(".dash-dropdown-options")
    return [o.text.replace("\u00a0", " ").strip() for o in menu.find_elements(By.CSS_SELECTOR, ".dash-dropdown-option")]


def click_option(browser, starts_with: str) -> bool:
    for option in browser.find_elements(".dash-dropdown-option"):
        if option.text.replace("\u00a0", " ").strip().startswith(starts_with):
            option.click()
            return True
    return False


def test_the_place_dropdown_finds_any_of_2877_places_by_typing(dash_br, national):
    url, folder = national
    places = {p["id"]: p for p in yaml.safe_load((folder / "data" / "places.yaml").read_text())["places"]}
    assert len(places) == 2877
    district = next(p for p in places.values() if p["level"] == "district")
    dash_br.driver.get(url + "/targets")
    dash_br.wait_for_element("#f-place")
    dash_br.find_element("#f-place").click()
    shown = until(lambda: places_in_dropdown(dash_br))
    # the top of the tree, not all 2,877 places
    assert 30 <= len(shown) <= 40 and not any(district["name_en"] in text for text in shown)
    search = dash_br.wait_for_element(".dash-dropdown-search")
    search.send_keys(district["name_en"])
    until(lambda: click_option(dash_br, district["name_en"]))
    until(lambda: f"place={district['id']}" in dash_br.driver.current_url)
    # opened from that link, the chosen district frames the dropdown: its city is offered
    dash_br.driver.get(dash_br.driver.current_url)
    dash_br.wait_for_element("#f-place")
    until(lambda: dash_br.find_element("#f-place").click() or True)
    parent = places[district["parent"]]
    until(lambda: any(text.startswith(parent["name_en"]) for text in places_in_dropdown(dash_br)))


def test_pages_travel_compressed(national):
    """The browser asks for gzip and gets it; and a page no longer carries every one of the
    2,877 places (that was 400 KB of every response)."""
    url, _ = national
    dependencies = json.loads(urllib.request.urlopen(url + "/_dash-dependencies", timeout=30).read())
    router = next(d for d in dependencies if "_pages_content.children" in d["output"])
    ids = router["output"].strip(".").split("...") if router["output"].startswith("..") else [router["output"]]
    outputs = [{"id": i.rsplit(".", 1)[0], "property": i.rsplit(".", 1)[1]} for i in ids]
    values = {"pathname": "/targets", "search": ""}
    body = json.dumps({"output": router["output"], "outputs": outputs if len(outputs) > 1 else outputs[0],
                       "inputs": [{**i, "value": values.get(i["property"])} for i in router["inputs"]],
                       "changedPropIds": ["_pages_location.pathname"],
                       "state": [{**st, "value": None} for st in router.get("state", [])]}).encode()
    request = urllib.request.Request(url + "/_dash-update-component", data=body, method="POST", headers={
        "Content-Type": "application/json", "Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=60) as response:
        raw = response.read()
        assert response.headers.get("Content-Encoding") == "gzip"
    text = gzip.decompress(raw).decode()
    assert '"claims-grid"' in text
    assert len(raw) < len(text) / 5, (len(raw), len(text))
    place_dropdown = find_component(json.loads(text), "f-place")
    assert 30 <= len(place_dropdown["props"]["options"]) <= 40  # not 2,877


def find_component(tree, component_id):
    if isinstance(tree, dict):
        if tree.get("props", {}).get("id") == component_id:
            return tree
        children = tree.values()
    elif isinstance(tree, list):
        children = tree
    else:
        return None
    for child in children:
        found = find_component(child, component_id)
        if found is not None:
            return found
    return None
