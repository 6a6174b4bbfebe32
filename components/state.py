"""The registry as the running dashboard sees it: read through a loader that reloads when the
file changes and keeps the last good registry when an edit breaks it."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

from tracker.frames import Filters
from tracker.query import known_filters, parse_query
from tracker.registry import CachedLoader, Registry

LOADER = CachedLoader()


def as_of() -> dt.date:
    """TRACKER_AS_OF fixes 'today' (for screenshots and tests); otherwise today."""
    fixed = os.environ.get("TRACKER_AS_OF")
    return dt.date.fromisoformat(fixed) if fixed else dt.date.today()


@dataclass
class View:
    registry: Registry | None
    filters: Filters
    lang: str

    def claims(self):
        """The targets and figures in view, with statuses as of today (or TRACKER_AS_OF)."""
        from tracker.frames import filtered_claims

        return filtered_claims(self.registry, self.filters, as_of())


def current_view(params: dict) -> View:
    filters, lang = parse_query(params)
    registry = LOADER.get().registry
    if registry is not None:
        filters = known_filters(filters, registry)
    return View(registry, filters, lang)
