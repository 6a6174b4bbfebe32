"""The registry as the running dashboard sees it: a snapshot (catalogues and frames) read
through a loader that reloads in the background when the files change and keeps the last
good snapshot when an edit breaks them."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from tracker.frames import Filters
from tracker.query import known_filters, parse_query
from tracker.snapshot import Snapshot, SnapshotLoader, today

log = logging.getLogger("tracker.dashboard")


class DashboardLoader(SnapshotLoader):
    """The loader, plus what the server keeps about a broken registry: each new registry error
    is logged once, every located problem of it (the page shows them only to the editing
    user), and `good_since` is the day the files of the snapshot still served were last
    changed ("showing the last good version from …")."""

    good_since: dt.date | None = None

    def _reload(self, stamp: tuple) -> None:
        good, error = self._good, self._error
        super()._reload(stamp)
        if self._good is not good:
            changed = [entry[0] for entry in stamp[:-1] if entry]  # (mtime_ns, size) per file; today last
            self.good_since = dt.date.fromtimestamp(max(changed) / 1e9) if changed else today()
        if self._error is not None and self._error is not error:
            log.warning("the registry %s has %d problems%s:\n%s", self.path, len(self._error.problems),
                        "; serving the last good version" if self._good else "",
                        "\n".join(str(problem) for problem in self._error.problems))


LOADER = DashboardLoader()


def as_of():
    """The date the statuses on screen were judged on: the served snapshot's (today, or
    TRACKER_AS_OF; yesterday's while a reload for the new day is still running)."""
    snapshot = LOADER.get().snapshot
    return snapshot.as_of if snapshot else today()


@dataclass
class View:
    snapshot: Snapshot | None
    filters: Filters
    lang: str

    def claims(self):
        """The targets and figures in view, as frames."""
        from tracker.frames import filtered_claims

        return filtered_claims(self.snapshot, self.filters)

    def claim_columns(self, columns: list[str]) -> tuple[dict[str, list], dict[str, list]]:
        """The targets and the figures in view, each as lists of plain values by column: for a
        page that lists rows."""
        from tracker.frames import claim_rows

        target_rows, figure_rows = claim_rows(self.snapshot, self.filters)
        return (self.snapshot.column_values("targets", target_rows, columns),
                self.snapshot.column_values("figures", figure_rows, columns))


def current_view(params: dict) -> View:
    filters, lang = parse_query(params)
    snapshot = LOADER.get().snapshot
    if snapshot is not None:
        filters = known_filters(filters, snapshot)
    return View(snapshot, filters, lang)
