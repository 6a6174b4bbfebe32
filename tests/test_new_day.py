"""A new day's statuses (tracker/new_day.py) judge again only the targets the date can change:
they must be exactly what the per-target rule (tracker/status.py) gives on that day, for every
target, on a generated registry across many dates and on the shipped one."""

from __future__ import annotations

import datetime as dt
import importlib.util
import random
from dataclasses import asdict
from pathlib import Path

import numpy as np
import orjson
import pandas as pd
import pyarrow as pa
import pytest
from pydantic import TypeAdapter

from tracker.frames import targets_frame
from tracker.new_day import Entries, known_dates, may_turn, rejudge
from tracker.registry import Registry, load_registry
from tracker.schema import Figure, Target, date_end
from tracker.snapshot import load_snapshot
from tracker.status import compute_status, known_on

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Registry:
    spec = importlib.util.spec_from_file_location("generate", ROOT / "benchmarks" / "generate.py")
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    out = tmp_path_factory.mktemp("generated-1k")
    generate.generate(out, 1000)
    return load_registry(out / "targets.yaml", check_sources=False)


@pytest.fixture(scope="module")
def shipped() -> Registry:
    return load_registry(ROOT / "targets.yaml", check_sources=False)


def turning_dates(registry: Registry, sample: int, seed: int = 17) -> list[dt.date]:
    """Dates on, before and after the days statuses turn (deadlines, figures published),
    and some far apart, sorted."""
    turns = {date_end(t.deadline.date) for t in registry.targets if t.deadline.date}
    turns |= {known_on(f, registry.sources) for f in registry.figures}
    rng = random.Random(seed)
    chosen = rng.sample(sorted(turns), min(sample, len(turns)))
    days = {d + dt.timedelta(days=shift) for d in chosen for shift in (-1, 0, 1)}
    return sorted(days | {dt.date(2020, 1, 1), dt.date(2025, 12, 31), dt.date(2026, 1, 1), dt.date(2032, 1, 1)})


def results_on(registry: Registry, as_of: dt.date) -> dict[str, dict]:
    """Every field of every target's StatusResult, by the per-target rule."""
    return {t.id: asdict(compute_status(t, registry.figures_for(t), registry.sources, as_of)) for t in registry.targets}


def cached_entries(registry: Registry) -> dict[str, Entries]:
    """The entries as the snapshot cache keeps them (targets.json, figures.json)."""
    return {name: Entries(TypeAdapter(list[model]).dump_json(getattr(registry, name)), len(getattr(registry, name)))
            for name, model in (("targets", Target), ("figures", Figure))}


def figure_columns(registry: Registry) -> pd.DataFrame:
    from tracker.frames import figures_frame

    return figures_frame(registry)


def assert_same_frame(fast: pd.DataFrame, full: pd.DataFrame) -> None:
    """The same columns, types (as the cache writes them) and values, row for row."""
    fast_table = pa.Table.from_pandas(fast, preserve_index=False)
    full_table = pa.Table.from_pandas(full, preserve_index=False)
    assert fast_table.schema.names == full_table.schema.names
    for name in full_table.schema.names:
        assert fast_table.column(name).to_pylist() == full_table.column(name).to_pylist(), name
    assert fast_table.schema.remove_metadata() == full_table.schema.remove_metadata()


@pytest.mark.parametrize("which", ["generated", "shipped"])
def test_only_the_targets_a_date_can_turn_change(which, request):
    """Between any two dates, every target whose StatusResult differs in any field is among
    those `may_turn` finds (and the dates do turn some: the test can fail)."""
    registry = request.getfixturevalue(which)
    frame = targets_frame(registry, dt.date(2026, 6, 30))
    figures = figure_columns(registry)
    known = known_dates(figures, {k: s.published for k, s in registry.sources.items()})
    days = turning_dates(registry, 25)
    results = {day: results_on(registry, day) for day in days}
    changed_any = 0
    pairs = list(zip(days, days[1:])) + [(days[-1], days[0]), (days[3], days[-4])]
    for since, until in pairs:
        turned = {frame["id"].iloc[i] for i in may_turn(frame, figures, known, since, until)}
        changed = {tid for tid in results[since] if results[since][tid] != results[until][tid]}
        assert changed <= turned, (since, until, sorted(changed - turned)[:5])
        changed_any += len(changed)
    assert changed_any > 0


@pytest.mark.parametrize("which", ["generated", "shipped"])
def test_a_new_day_gives_the_per_target_frame(which, request):
    """From one day's frame, another day's (before, on and after deadlines) is the frame the
    per-target rule builds for it: every column, every row."""
    registry = request.getfixturevalue(which)
    figures = figure_columns(registry)
    known = known_dates(figures, {k: s.published for k, s in registry.sources.items()})
    entries = cached_entries(registry)
    days = turning_dates(registry, 8, seed=3)
    rejudged = 0
    for since, until in list(zip(days, days[1:])) + [(days[-1], days[0])]:
        previous = targets_frame(registry, since)
        rows = may_turn(previous, figures, known, since, until)
        rejudged += len(rows)
        assert_same_frame(rejudge(previous, until, rows, figures, entries, registry), targets_frame(registry, until))
    assert rejudged > 0


def test_a_new_day_judges_few_targets(generated):
    """The point of it: an ordinary day judges again a small share of the targets."""
    frame = targets_frame(generated, dt.date(2026, 6, 30))
    figures = figure_columns(generated)
    known = known_dates(figures, {k: s.published for k, s in generated.sources.items()})
    rows = may_turn(frame, figures, known, dt.date(2026, 6, 30), dt.date(2026, 7, 1))
    assert len(rows) < len(frame) / 10


def test_the_cache_judges_a_new_day_from_the_day_before(tmp_path, monkeypatch):
    """Through load_snapshot: the next day read from a cache that has only the day before
    gives the statuses a fresh build gives (targets whose deadline passes in between turn)."""
    from test_scale import shipped_copy

    path = shipped_copy(tmp_path)
    cache = tmp_path / "cache"
    before, after = dt.date(2025, 12, 31), dt.date(2026, 1, 1)
    load_snapshot(path, as_of=before, check_sources=False, cache_dir=cache)
    (dated,) = list(cache.glob("*/targets-*.arrow"))
    with monkeypatch.context() as patched:  # judged from the cache, not the YAML
        patched.setattr("tracker.snapshot.load_registry", lambda *a, **k: pytest.fail("the YAML was read again"))
        judged = load_snapshot(path, as_of=after, check_sources=False, cache_dir=cache)
    assert (dated.parent / f"targets-{after.isoformat()}.arrow").exists()
    fresh = load_snapshot(path, as_of=after, check_sources=False, use_cache=False)
    assert_same_frame(judged.targets, fresh.targets)
    old = load_snapshot(path, as_of=before, check_sources=False, use_cache=False)
    assert not np.array_equal(old.targets["status"].to_numpy(), fresh.targets["status"].to_numpy())


def test_cached_entries_are_read_one_by_one_as_they_were_written(shipped):
    """Each entry read on its own from the cache's JSON is the entry written, even one whose
    text looks like the start of another entry."""
    figures = list(shipped.figures)
    quote = figures[0].statements[0].model_copy(update={"quote": 'a quote with },{"id":"not-an-entry"} in it'})
    tricky = figures[0].model_copy(update={"statements": [quote]})
    figures.insert(1, tricky)
    data = TypeAdapter(list[Figure]).dump_json(figures)
    entries = Entries(data, len(figures))
    assert [entries[i] for i in range(len(figures))] == orjson.loads(data)
    assert entries.validated(Figure, [1, 0]) == [tricky, figures[0]]
    with pytest.raises(ValueError):
        Entries(data, len(figures) + 1)


def test_a_server_judges_tomorrow_ahead_so_midnight_is_served_from_the_cache(tmp_path, monkeypatch):
    """The dashboard's loader, after each load of a large registry, judges the next day's
    statuses in a child process; when the date turns, the statuses are read from the cache
    (the file judged ahead is served unchanged), and they are the per-target rule's."""
    import shutil

    from waiting import until
    from tracker.snapshot import SnapshotLoader

    registry = tmp_path / "targets.yaml"
    shutil.copy(ROOT / "targets.yaml", registry)
    shutil.copytree(ROOT / "data", tmp_path / "data")
    cache = tmp_path / "cache"
    eve, new_year = dt.date(2025, 12, 31), dt.date(2026, 1, 1)  # the shipped registry's 2025 deadlines pass
    monkeypatch.setenv("TRACKER_AS_OF", eve.isoformat())
    loader = SnapshotLoader(registry, check_sources=False, cache_dir=cache)
    loader.ahead_from_targets = 0  # the shipped registry is small: judge ahead anyway
    today = loader.settle().snapshot
    assert today.as_of == eve
    ahead = cache / today.key / f"targets-{new_year.isoformat()}.arrow"
    until(ahead.exists, what="tomorrow's statuses judged ahead")
    judged_ahead = ahead.stat()

    monkeypatch.setenv("TRACKER_AS_OF", new_year.isoformat())  # midnight
    served = loader.settle().snapshot
    assert served.as_of == new_year and served.key == today.key
    assert (ahead.stat().st_ino, ahead.stat().st_mtime_ns) == (judged_ahead.st_ino, judged_ahead.st_mtime_ns)
    shipped = load_registry(registry, check_sources=False)
    expected = {t.id: compute_status(t, shipped.figures_for(t), shipped.sources, new_year).status for t in shipped.targets}
    assert dict(zip(served.targets["id"], served.targets["status"])) == expected
    turned = [t for t in shipped.targets
              if compute_status(t, shipped.figures_for(t), shipped.sources, eve).status != expected[t.id]]
    assert turned, "the shipped registry has a target whose status turns at the New Year"
