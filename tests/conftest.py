"""Shared fixtures: a small registry in a temporary folder, built from the project's own
catalogues, and the path to the seed source texts."""

from __future__ import annotations

import os
import shutil
import textwrap
from pathlib import Path

import pytest

from waiting import GENEROUS

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture
def lone(tmp_path, monkeypatch) -> Path:
    """The shipped registry copied where no source texts are beside it: its targets.yaml."""
    monkeypatch.delenv("TRACKER_SOURCES", raising=False)
    folder = tmp_path / "clone"
    folder.mkdir()
    shutil.copy(ROOT / "targets.yaml", folder / "targets.yaml")
    shutil.copytree(ROOT / "data", folder / "data")
    return folder / "targets.yaml"


@pytest.fixture
def seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.fail(f"the seed texts are expected at {SEEDS} (see README)")
    return SEEDS


@pytest.fixture
def make_registry(tmp_path: Path):
    """make_registry(yaml_text) writes targets.yaml (plus a copy of data/) in a temporary
    folder and returns its path."""

    def make(text: str, name: str = "targets.yaml") -> Path:
        data = tmp_path / "data"
        if not data.exists():
            shutil.copytree(ROOT / "data", data)
        path = tmp_path / name
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return make


def pytest_setup_options():
    """Chrome flags for Debian's chromium on a closed network (dash[testing] hook)."""
    from selenium.webdriver.chrome.options import Options

    options = Options()
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run", "--disable-quic", "--window-size=1400,1000"):
        options.add_argument(flag)
    options.binary_location = "/usr/bin/chromium"
    return options


# dash[testing]'s browser fixtures wait 10 s for an element and its threaded server 3 s to
# start: on a shared, busy machine both are luck. The same fixtures, with generous deadlines.
@pytest.fixture
def dash_br(request, tmpdir):
    from dash.testing.browser import Browser

    with Browser(**_browser_options(request, tmpdir)) as browser:
        yield browser


@pytest.fixture
def dash_duo(request, dash_thread_server, tmpdir):
    from dash.testing.composite import DashComposite

    class PatientComposite(DashComposite):
        def start_server(self, app, navigate=True, **kwargs):
            kwargs.setdefault("start_timeout", GENEROUS)
            # Several checkouts may run their browser tests on one machine at once.
            kwargs.setdefault("port", int(os.environ.get("DASH_TEST_PORT", "8050")))
            super().start_server(app, navigate=navigate, **kwargs)

    with PatientComposite(server=dash_thread_server, **_browser_options(request, tmpdir)) as composite:
        yield composite


def _browser_options(request, tmpdir) -> dict:
    config = request.config
    return dict(browser=config.getoption("webdriver"), remote=config.getoption("remote"),
                remote_url=config.getoption("remote_url"), headless=config.getoption("headless"),
                options=config.hook.pytest_setup_options(), download_path=tmpdir.mkdir("download").strpath,
                percy_assets_root=config.getoption("percy_assets"),
                percy_finalize=config.getoption("nopercyfinalize"), pause=config.getoption("pause"),
                wait_timeout=GENEROUS)
