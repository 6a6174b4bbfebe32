"""A new day's statuses, recomputed only for the targets whose status the date can change.

`compute_status` (tracker/status.py) reads the as-of date in two places only:

- a figure counts once its source is published: `known_on(figure) <= as_of`;
- the deadline has passed: `as_of > deadline` (which also picks how growth needed is worked).

So a target's status (every field of its `StatusResult`) is the same on two dates unless,
between them, its deadline passes or one of its figures (`Registry.figures_for`) becomes known.
From the statuses already judged on a nearby date (a `targets-<date>.arrow` in the snapshot
cache), only those targets are judged again, by the same `compute_status`; the others keep
their row. Which targets those are is found in array operations over the frames: at 100,000
targets a day turns a few hundred, and even a New Year (every year-end deadline) a seventh.
The equivalence is tested against the per-target rule on every target (tests/test_new_day.py).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import numpy as np
import orjson
import pandas as pd
from pydantic import TypeAdapter

from .frames import status_columns, targets_frame
from .registry import Registry
from .memory import gc_paused, shared_field_sets
from .schema import Figure, Target, date_end
from .status import compute_status

FIGURE_COLUMNS = ["id", "place", "metric", "actor", "scope", "sources_all"]


def known_dates(figures: pd.DataFrame, published: dict[str, Any]) -> np.ndarray:
    """Each figure's `known_on` (the earliest publication of the sources it cites), as
    datetime64[D]: from the frame's `sources_all`, one date computation per distinct list."""
    codes, lists = pd.factorize(figures["sources_all"])
    dates = np.array([min(date_end(published[s]) for s in cited.split(";")) for cited in lists], dtype="datetime64[D]")
    return dates[codes] if len(codes) else np.empty(0, dtype="datetime64[D]")


def _keys(frame: pd.DataFrame) -> pd.MultiIndex:
    """What `Registry.figures_for` matches a target's figures on: place, metric, actor."""
    actor = frame["actor"].astype(object).where(frame["actor"].notna(), "")
    return pd.MultiIndex.from_arrays([frame["place"].astype(object), frame["metric"].astype(object), actor])


def counting(figures: pd.DataFrame) -> np.ndarray:
    """Which figures may count for a target (`figures_for` keeps only whole-place ones)."""
    return (figures["scope"] == "whole").to_numpy(dtype=bool) if "scope" in figures else np.ones(len(figures), bool)


def may_turn(targets: pd.DataFrame, figures: pd.DataFrame, known: np.ndarray, since: dt.date,
             until: dt.date) -> np.ndarray:
    """Positions of the targets whose status may differ between the dates `since` and
    `until` (either order): a deadline passes, or a figure becomes known, between them."""
    low, high = np.datetime64(min(since, until), "D"), np.datetime64(max(since, until), "D")
    deadline = pd.to_datetime(targets["deadline_end"]).to_numpy(dtype="datetime64[D]")
    passes = (deadline >= low) & (deadline < high)  # passed on `high`, not on `low` (NaT compares False)
    arrives = counting(figures) & (known > low) & (known <= high)
    touched = _keys(targets).isin(_keys(figures[arrives]).unique()) if arrives.any() else np.zeros(len(targets), bool)
    return np.flatnonzero(passes | touched)


def rejudge(previous: pd.DataFrame, as_of: dt.date, rows: np.ndarray, figures: pd.DataFrame,
            entries: dict[str, list], registry: Registry) -> pd.DataFrame:
    """`previous` (a targets frame) with the status columns of the targets at `rows` judged
    again on `as_of`. `entries` holds the targets and figures as the cache keeps them
    (`Entries`, in registry order as the frames' rows), `registry` the catalogues."""
    wanted = _keys(previous.iloc[rows]).unique()
    figure_rows = np.flatnonzero(_keys(figures).isin(wanted) & counting(figures)) if len(rows) else rows
    judged = Registry(path=registry.path, data_dir=registry.data_dir, places=registry.places, actors=registry.actors,
                      metrics=registry.metrics, sources=registry.sources,
                      targets=entries["targets"].validated(Target, rows),
                      figures=entries["figures"].validated(Figure, figure_rows),
                      children=registry.children)
    for kind, frame, positions in (("targets", previous, rows), ("figures", figures, figure_rows)):
        ids = frame["id"].to_numpy()
        if any(entry.id != ids[i] for entry, i in zip(getattr(judged, kind), positions)):
            raise ValueError(f"the cached {kind} are not in the order of the cached frame")
    results = [status_columns(compute_status(t, judged.figures_for(t), judged.sources, as_of)) for t in judged.targets]
    columns = {name: previous[name] for name in previous.columns}
    for name in results[0] if results else ():
        # a missing value as None, as in the rows the full build starts from (not NaN)
        values = previous[name].astype(object).where(previous[name].notna(), None).tolist()
        for position, result in zip(rows, results):
            values[position] = result[name]
        columns[name] = pd.Series(values, name=name)
    judged_frame = pd.DataFrame(columns, columns=previous.columns)
    judged_frame.attrs["judged_again"] = len(rows)  # for the benchmark and the log
    return judged_frame


def nearest_dated(folder: Path, as_of: dt.date) -> tuple[dt.date, Path] | None:
    """The statuses cached in `folder` for the date nearest `as_of`, if any."""
    dated = []
    for file in folder.glob("targets-*.arrow"):
        try:
            dated.append((dt.date.fromisoformat(file.stem.removeprefix("targets-")), file))
        except ValueError:
            continue
    return min(dated, key=lambda found: abs((found[0] - as_of).days)) if dated else None


# Where each entry starts in the cache's JSON list (pydantic's compact dump: `[{"id":…},{"id":…}]`).
# A raw `"` never occurs inside a JSON string, so this matches only where an object's first key
# is "id": the entries themselves (no nested model of a target or figure has an id); `Entries`
# checks that there is one match per row, and `rejudge` that the ids are the frame's.
# (A literal pattern: the regex engine finds it 30x as fast as one with a look-behind.)
_NEXT_ENTRY = re.compile(rb',\{"id":"')


class Entries:
    """The validated targets or figures kept beside the frames (`<name>.json`), each parsed only
    when asked for: at 100,000 targets parsing every one would take most of a new day's time."""

    def __init__(self, data: bytes, rows: int):
        self.data = data
        first = [1] if data.startswith(b'[{"id":"') else []
        self.starts = first + [match.start() + 1 for match in _NEXT_ENTRY.finditer(data)]
        if len(self.starts) != rows:
            raise ValueError(f"{len(self.starts)} entries in the cache's JSON, {rows} rows in its frame")
        self.starts.append(len(data))  # after the closing bracket

    def __getitem__(self, row: int) -> dict:
        return orjson.loads(self._text(row))

    def validated(self, model: type, rows) -> list:
        """The entries at `rows` as `model`s (pydantic reads the JSON itself: a quarter faster
        than from parsed objects)."""
        return TypeAdapter(list[model]).validate_json(b"[" + b",".join(self._text(row) for row in rows) + b"]")

    def _text(self, row: int) -> bytes:
        return self.data[self.starts[row]:self.starts[row + 1] - 1]  # without its "," or "]"


def read_entries(folder: Path, rows: dict[str, int]) -> dict[str, Entries]:
    """The cached targets and figures of `folder`, whose frames have `rows` rows."""
    return {name: Entries((folder / f"{name}.json").read_bytes(), rows[name]) for name in ("targets", "figures")}


def targets_on(folder: Path, as_of: dt.date, catalogues: dict, path: Path, data_dir: Path) -> pd.DataFrame:
    """The targets frame of the snapshot cached in `folder`, judged on `as_of`: from the
    statuses of the nearest date cached there, judging again only the targets the dates
    between can change; with none cached, every target."""
    from .snapshot import _read_table

    with gc_paused():
        registry = Registry(path=path, data_dir=data_dir, **catalogues, targets=[], figures=[],
                            children=_children(catalogues["places"]))
        nearest = nearest_dated(folder, as_of)
        if nearest is None:
            for name, model in (("targets", Target), ("figures", Figure)):
                setattr(registry, name, shared_field_sets(TypeAdapter(list[model]).validate_json((folder / f"{name}.json").read_bytes())))
            return targets_frame(registry, as_of)
        since, file = nearest
        previous = _read_table(file).to_pandas()
        figures = _read_table(folder / "figures.arrow").select(FIGURE_COLUMNS).to_pandas()
        entries = read_entries(folder, {"targets": len(previous), "figures": len(figures)})
        known = known_dates(figures, _field(catalogues["sources"], "published"))
        return rejudge(previous, as_of, may_turn(previous, figures, known, since, as_of), figures, entries, registry)


def _children(places) -> dict[str, list[str]]:
    children: dict[str, list[str]] = {}
    for place_id, parent in _field(places, "parent").items():
        if parent:
            children.setdefault(parent, []).append(place_id)
    return children or {"": []}  # not empty: Registry would build it again


def _field(catalogue, name: str) -> dict[str, Any]:
    """One field of every entry of a catalogue, by id (a cache's `Catalogue` without making
    every entry)."""
    if hasattr(catalogue, "field"):
        return catalogue.field(name)
    return {key: getattr(entry, name) for key, entry in catalogue.items()}
