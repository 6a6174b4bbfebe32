"""Waiting on a condition, never for a fixed time: these machines are shared and busy, so a
test polls for what the user would see, with a deadline generous enough for a loaded machine."""

from __future__ import annotations

import time

from selenium.common.exceptions import StaleElementReferenceException

GENEROUS = 60  # seconds: what a test may wait for a condition before it fails


def until(condition, timeout: float = GENEROUS, what: str = ""):
    """condition()'s first truthy result; a page redraws as results arrive, so an element
    that goes stale in between is simply looked up again."""
    deadline = time.time() + timeout
    while True:
        try:
            result = condition()
            if result:
                return result
        except StaleElementReferenceException:
            pass
        assert time.time() < deadline, f"timed out after {timeout} s{': ' + what if what else ''}"
        time.sleep(0.2)
