"""The registry as pandas frames (one row per target, one per figure), and the filters that
the command line and the dashboard share."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Iterable, Optional

import numpy as np
import pandas as pd

from .places import PlaceTree
from .registry import Registry
from .schema import date_end
from .status import STATUSES, StatusResult, compute_status
from .units import parse_unit

def _common(registry: Registry, entry) -> dict:
    place = registry.places[entry.place]
    actor = registry.actors.get(entry.actor) if entry.actor else None
    metric = registry.metrics[entry.metric]
    first = entry.statements[0]
    source = registry.sources[first.source]
    return {
        "id": entry.id,
        "place": place.id, "place_zh": place.name_zh, "place_en": place.name_en,
        "place_level": place.level,
        "actor": actor.id if actor else None,
        "actor_zh": actor.name_zh if actor else None,
        "actor_en": actor.name_en if actor else None,
        "actor_place": actor.place if actor else None,
        "metric": metric.id, "metric_zh": metric.name_zh, "metric_en": metric.name_en,
        "topic": metric.topic, "dimension": metric.dimension,
        "comparator": entry.comparator,
        "value": entry.value, "unit": entry.unit,
        "value_base": entry.value * parse_unit(entry.unit).factor if entry.value is not None and entry.unit else None,
        "unit_base": parse_unit(entry.unit).base if entry.unit else None,
        "source": source.id, "source_file": source.file,
        "source_published": source.published,
        "quote": first.quote,
        "statements": len(entry.statements),
        "sources_all": ";".join(dict.fromkeys(s.source for s in entry.statements)),
        "note": entry.note,
        "reader_note_en": entry.reader_note_en, "reader_note_zh": entry.reader_note_zh,
    }


def _memo(registry: Registry, key: tuple, build) -> pd.DataFrame:
    """Frames are built once per loaded registry (and as-of date): a registry object never
    changes after loading, and the dashboard asks for the same frames on every request.
    Callers get the cached frame and must not modify it in place."""
    cache = registry.__dict__.setdefault("_frames", {})
    if key not in cache:
        if len(cache) > 8:  # a long-running server sees a new as-of date each day
            cache.clear()
        cache[key] = build()
    return cache[key]


def targets_frame(registry: Registry, as_of: dt.date | None = None) -> pd.DataFrame:
    as_of = as_of or dt.date.today()
    return _memo(registry, ("targets", as_of), lambda: _targets_frame(registry, as_of))


def figures_frame(registry: Registry) -> pd.DataFrame:
    return _memo(registry, ("figures",), lambda: _figures_frame(registry))


def _targets_frame(registry: Registry, as_of: dt.date) -> pd.DataFrame:
    return _frame((target_row(registry, target, as_of) for target in registry.targets), _columns(TARGET_EXTRA))


def target_row(registry: Registry, target, as_of: dt.date) -> dict:
    """One target's row of the targets frame, with its status on `as_of`."""
    row = _common(registry, target)
    if target.measure != "level":
        row["value_base"], row["unit_base"] = target.value, "%" if target.measure == "growth" else "rank"
    row.update({
        "kind": "target",
        "measure": target.measure,
        "year": int(target.deadline.date[:4]) if target.deadline.date else None,
        "deadline": target.deadline.date,
        "deadline_precision": target.deadline.precision,
        "date_text": target.deadline.text,
        "firmness": target.firmness,
        "baseline_value": target.baseline.value if target.baseline else None,
        "baseline_unit": target.baseline.unit if target.baseline else None,
        "baseline_as_of": target.baseline.as_of if target.baseline else None,
        "baseline_derived": target.baseline.derived if target.baseline else None,
        "growth": None, "rank": None,
        "links": ";".join(f"{l.rel}:{l.target}" for l in target.links),
    })
    row.update(status_columns(compute_status(target, registry.figures_for(target), registry.sources, as_of)))
    return row


def status_columns(result: StatusResult) -> dict:
    """The columns of a target's row that its status fills: all that can change with the date
    (tracker/new_day.py replaces only these on a new day)."""
    return {
        "deadline_end": result.deadline_end, "baseline_base": result.baseline_base,
        "status": result.status, "hedged": result.hedged, "status_rule": result.rule,
        "explanation_en": result.explanation_en, "explanation_zh": result.explanation_zh,
        "latest_figure": result.latest_figure, "latest_base": result.latest_base,
        "latest_comparator": result.latest_comparator,
        "latest_date": result.latest_date, "progress": result.progress,
        "required_rate": result.required_rate, "actual_rate": result.actual_rate,
    }


def _figures_frame(registry: Registry) -> pd.DataFrame:
    return _frame((_figure_row(registry, figure) for figure in registry.figures), _columns(FIGURE_EXTRA))


def _figure_row(registry: Registry, figure) -> dict:
    row = _common(registry, figure)
    end = figure.period.end or min(registry.sources[s.source].published for s in figure.statements)
    growth = figure.growth
    row.update({
        "kind": "figure",
        "measure": "level" if figure.value is not None else ("growth" if growth else "rank"),
        "year": int(end[:4]),
        "period_start": figure.period.start, "period_end": figure.period.end,
        "period_kind": figure.period.kind, "date": date_end(end),
        "date_text": figure.period.text,
        "firmness": None,
        "growth": f"{growth.comparator}{growth.value:g}{growth.unit} ({growth.basis})" if growth else None,
        "growth_value": growth.value if growth else None,
        "growth_unit": growth.unit if growth else None,
        "growth_comparator": growth.comparator if growth else None,
        "growth_basis": growth.basis if growth else None,
        "rank": f"{figure.rank.value} ({figure.rank.scope})" if figure.rank else None,
        "rank_value": figure.rank.value if figure.rank else None,
        "rank_scope": figure.rank.scope if figure.rank else None,
        "scope": figure.scope,
        "status": None, "hedged": None, "explanation_en": None, "explanation_zh": None,
    })
    return row


TARGET_EXTRA = ["deadline", "deadline_end", "deadline_precision", "baseline_value", "baseline_unit", "baseline_as_of",
                "baseline_base", "baseline_derived", "status_rule", "latest_figure", "latest_base",
                "latest_comparator", "latest_date", "progress", "required_rate", "actual_rate", "links"]
FIGURE_EXTRA = ["period_start", "period_end", "period_kind", "date", "growth_value", "growth_unit",
                "growth_comparator", "growth_basis", "rank_value", "rank_scope", "scope"]


def _frame(rows: Iterable[dict], columns: list[str]) -> pd.DataFrame:
    """A frame of `rows`, kept column by column as they come: a list of 500,000 row dicts
    would cost a gigabyte more than the frame they make."""
    values: dict[str, list] = {name: [] for name in columns}
    appends = [(name, values[name].append) for name in columns]
    for row in rows:
        for name, append in appends:
            append(row.get(name))
    if not values[columns[0]]:  # no rows: columns of no type, as pandas makes them from no dicts
        return pd.DataFrame([], columns=columns)
    return pd.DataFrame(values, columns=columns)


def _columns(extra: list[str]) -> list[str]:
    base = ["id", "kind", "place", "place_zh", "place_en", "place_level", "actor", "actor_zh", "actor_en",
            "actor_place", "metric", "metric_zh", "metric_en", "topic", "dimension", "measure", "comparator",
            "value", "unit", "value_base", "unit_base", "year", "date_text", "firmness", "growth", "rank",
            "source", "source_file", "source_published", "quote", "statements", "sources_all", "status",
            "hedged", "explanation_en", "explanation_zh", "note", "reader_note_en", "reader_note_zh"]
    return base + [c for c in extra if c not in base]


@dataclass
class Filters:
    """What a user narrows the view to. Empty means everything."""

    places: list[str] = field(default_factory=list)  # ids or names; a place includes all below it
    year_from: Optional[int] = None
    year_to: Optional[int] = None
    topics: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    # A year range keeps the claims dated inside it. A target with no deadline has no year: it
    # is left out unless this is set, and `undated_hidden` counts what was left out, so a page
    # or the command line can say so and offer to show them.
    undated: bool = False

    @property
    def has_years(self) -> bool:
        return self.year_from is not None or self.year_to is not None

    def validate(self, registry: Registry) -> "Filters":
        """Resolve place names to ids; raise ValueError naming an unknown topic or status."""
        place_ids = [registry.find_place(name).id for name in self.places]
        topics = {m.topic for m in registry.metrics.values()}
        for topic in self.topics:
            if topic not in topics:
                raise ValueError(f"unknown topic {topic!r}; topics: {', '.join(sorted(topics))}")
        for status in self.statuses:
            if status not in STATUSES:
                raise ValueError(f"unknown status {status!r}; statuses: {', '.join(STATUSES)}")
        return Filters(place_ids, self.year_from, self.year_to, list(self.topics), list(self.statuses),
                       list(self.sources), self.undated)


class FilterColumns:
    """The columns of one frame that the filters test, as numpy arrays: each text column as
    codes into its distinct values, the year as floats. Made once per snapshot frame
    (`Snapshot.filter_columns`): a test is then an array lookup, not a pandas call on
    Arrow-backed strings (a fixed ~0.1 ms each, most of a small view's time)."""

    def __init__(self, frame: pd.DataFrame):
        self.frame = frame
        self._codes: dict[str, tuple[np.ndarray, dict[str, int]]] = {}
        self._years: np.ndarray | None = None

    def prepare(self) -> None:
        """Make the arrays of every column a filter tests now rather than on first use."""
        for name in ("place", "actor_place", "topic", "status", "sources_all"):
            self._codes_of(name)
        self.years(np.empty(0, dtype=np.intp))

    def _codes_of(self, name: str) -> tuple[np.ndarray, dict[str, int]]:
        if name not in self._codes:
            codes, distinct = pd.factorize(self.frame[name]) if name in self.frame else (
                np.full(len(self.frame), -1), [])
            # int32: 585,000 rows of five columns in 12 MB rather than 23
            self._codes[name] = (codes.astype(np.int32), {value: code for code, value in enumerate(distinct)})
        return self._codes[name]

    def where(self, name: str, rows: np.ndarray, values: Iterable[str] | None = None,
              test=None) -> np.ndarray:
        """For each of `rows`: is the value of column `name` one of `values` (or passes
        `test`)? A missing value never matches."""
        codes, index = self._codes_of(name)
        keep = np.zeros(len(index) + 1, dtype=bool)  # the last one: a missing value (code -1)
        if values is not None:
            keep[[index[v] for v in values if v in index]] = True
        else:
            keep[:-1] = [bool(test(value)) for value in index]
        return keep[codes[rows]]

    def years(self, rows: np.ndarray) -> np.ndarray:
        """The year of each of `rows`, NaN where there is none (no comparison matches NaN)."""
        if self._years is None:
            self._years = self.frame["year"].to_numpy(dtype=float, na_value=np.nan)
        return self._years[rows]


def matching_rows(columns: FilterColumns, tree: PlaceTree, filters: Filters,
                  rows: np.ndarray | None = None) -> np.ndarray:
    """Positions of the rows (among `rows`, or all) of the frame behind `columns` that match
    every filter. A place keeps claims about it, any place below it, and any actor located there."""
    if rows is None:
        rows = np.arange(len(columns.frame))
    if not len(rows):
        return rows
    mask = np.ones(len(rows), dtype=bool)
    if filters.places:
        wanted: set[str] = set()
        for place in filters.places:
            wanted |= tree.subtree(place)
        mask &= columns.where("place", rows, wanted) | columns.where("actor_place", rows, wanted)
    if filters.has_years:
        years = columns.years(rows)
        in_range = np.ones(len(rows), dtype=bool)
        if filters.year_from is not None:
            in_range &= years >= filters.year_from
        if filters.year_to is not None:
            in_range &= years <= filters.year_to
        mask &= (in_range | np.isnan(years)) if filters.undated else in_range
    if filters.topics:
        mask &= columns.where("topic", rows, filters.topics)
    if filters.sources:
        wanted_sources = set(filters.sources)
        mask &= columns.where("sources_all", rows, test=lambda s: not wanted_sources.isdisjoint(s.split(";")))
    if filters.statuses:
        mask &= columns.where("status", rows, filters.statuses)
    return rows[mask]


def frame_rows(snapshot, name: str, filters: Filters) -> np.ndarray:
    """Positions of the rows of a `Snapshot` frame ("targets" or "figures") that match every
    filter. The place index already keeps exactly the rows about the places: the rest of the
    filters are tested on those, through the frame's kept `FilterColumns`."""
    return matching_rows(snapshot.filter_columns(name), snapshot, replace(filters, places=[]),
                         snapshot.place_rows(name, filters.places))


def undated_hidden(snapshot, filters: Filters) -> int:
    """How many targets the year range leaves out only because they state no deadline (0 when
    there is no year range, or when `filters.undated` keeps them)."""
    if not filters.has_years or filters.undated:
        return 0
    rows = frame_rows(snapshot, "targets", replace(filters, year_from=None, year_to=None))
    return int(np.isnan(snapshot.filter_columns("targets").years(rows)).sum())


def status_counts_by_area(snapshot, areas: list[str], filters: Filters) -> dict[str, dict[str, int]]:
    """area → status → the number of targets in view about it (a place below it, or an actor
    located there), for a map of many areas in one pass over the targets in view."""
    rows = frame_rows(snapshot, "targets", replace(filters, places=[]))
    wanted, area_of = set(areas), {}

    def area(place) -> str | None:
        if not isinstance(place, str):
            return None
        if place not in area_of:
            area_of[place] = next((p for p in (place, *snapshot.ancestors(place)) if p in wanted), None)
        return area_of[place]

    counts = {a: dict.fromkeys(STATUSES, 0) for a in areas}
    frame = snapshot.targets
    for place, actor_place, status in zip(frame["place"].iloc[rows], frame["actor_place"].iloc[rows],
                                          frame["status"].iloc[rows]):
        for hit in {area(place), area(actor_place)} - {None}:
            counts[hit][status] = counts[hit].get(status, 0) + 1
    return counts


def claim_rows(snapshot, filters: Filters) -> tuple[np.ndarray, np.ndarray]:
    """Positions of the targets and of the figures of a `Snapshot` in view. With a status
    filter, the figures kept are those that report on the targets kept."""
    target_rows = frame_rows(snapshot, "targets", filters)
    figure_rows = frame_rows(snapshot, "figures", replace(filters, statuses=[]))
    if filters.statuses and len(figure_rows):
        keys = set(zip(snapshot.targets["place"].iloc[target_rows], snapshot.targets["metric"].iloc[target_rows]))
        places, metrics = snapshot.figures["place"].iloc[figure_rows], snapshot.figures["metric"].iloc[figure_rows]
        figure_rows = figure_rows[np.array([k in keys for k in zip(places, metrics)], dtype=bool)]
    return target_rows, figure_rows


def filtered_claims(snapshot, filters: Filters) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Targets and figures of a `Snapshot` in view, as frames; see `claim_rows`."""
    target_rows, figure_rows = claim_rows(snapshot, filters)
    return _take(snapshot.targets, target_rows), _take(snapshot.figures, figure_rows)


def _take(frame: pd.DataFrame, rows: np.ndarray) -> pd.DataFrame:
    return frame if len(rows) == len(frame) else frame.iloc[rows]  # all rows: no copy of 585,000


def status_counts(targets: pd.DataFrame) -> dict[str, int]:
    counts = targets["status"].value_counts() if not targets.empty else {}
    return {status: int(counts.get(status, 0)) for status in STATUSES}


def iter_names(values: Iterable[str]) -> list[str]:
    """Split comma-separated command-line values: --place 杭州,宁波."""
    return [v.strip() for value in values for v in value.split(",") if v.strip()]
