"""The registry as the running dashboard sees it: a snapshot (catalogues and frames) read
through a loader that reloads in the background when the files change and keeps the last
good snapshot when an edit breaks them."""

from __future__ import annotations

from dataclasses import dataclass

from tracker.frames import Filters
from tracker.query import known_filters, parse_query
from tracker.snapshot import Snapshot, SnapshotLoader, today

LOADER = SnapshotLoader()


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
