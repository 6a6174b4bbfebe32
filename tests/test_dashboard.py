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

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "docs" / "screenshots"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def registry_copy(tmp_path_factory):
    """The app serves a copy of the shipped registry, so tests can edit and break it."""
    folder = tmp_path_factory.mktemp("registry")
    shutil.copy(ROOT / "targets.yaml", folder / "targets.yaml")
    shutil.copytree(ROOT / "data", folder / "data")
    os.environ["TRACKER_REGISTRY"] = str(folder / "targets.yaml")
    os.environ["TRACKER_AS_OF"] = "2026-11-23"
    os.environ["TRACKER_SOURCES"] = str(ROOT.parent / "shared" / "seeds")
    return folder / "targets.yaml"


@pytest.fixture(scope="module")
def dashboard(registry_copy):
    from dash.testing.application_runners import import_app

    return import_app("app")


def wait_for_text(dash_duo, selector, text, timeout=10):
    dash_duo.wait_for_contains_text(selector, text, timeout=timeout)


def no_console_errors(dash_duo):
    errors = [entry for entry in dash_duo.get_logs() or [] if entry.get("level") == "SEVERE"]
    assert errors == []


def shot(dash_duo, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    dash_duo.driver.save_screenshot(str(SHOTS / f"{name}.png"))
