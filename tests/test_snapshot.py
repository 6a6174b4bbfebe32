"""The snapshot cache: a restart reads the registry's frames back from Arrow files instead of
parsing the YAML, never serves frames of files that have changed, and survives a broken or
unwritable cache. The loader reloads in the background and keeps serving meanwhile."""

from __future__ import annotations

import datetime as dt
import os
import threading
import time

import pytest
import yaml

import tracker.snapshot as snapshot_module
from tracker import load_registry
from tracker.cli import main
from tracker.snapshot import Snapshot, SnapshotLoader, load_snapshot

AS_OF = dt.date(2025, 10, 1)


def target(value, id="hz-compute", deadline="2025"):
    return {"id": id, "place": "hangzhou", "metric": "intelligent_compute", "comparator": ">", "value": value,
            "unit": "EFLOPS", "deadline": {"date": deadline, "precision": "year_end", "text": f"到{deadline}年底"},
            "statements": [{"source": "seed-000", "quote": f"{value} EFLOPS"}], "note": "a note"}


def figure(id, value, end):
    return {"id": id, "place": "hangzhou", "metric": "intelligent_compute", "comparator": "=", "value": value,
            "unit": "EFLOPS", "period": {"end": end, "kind": "point"},
            "statements": [{"source": "seed-000", "quote": f"{value} EFLOPS"}]}


@pytest.fixture
def registry_file(make_registry):
    text = yaml.safe_dump({"targets": [target(50)], "figures": [figure("f1", 20, "2024"), figure("f2", 30, "2025-06")]},
                          allow_unicode=True)
    return make_registry(text)


def records(frame):
    return [{k: (None if isinstance(v, float) and v != v else v) for k, v in row.items()}
            for row in frame.to_dict("records")]


def load(path, **options):
    return load_snapshot(path, as_of=AS_OF, check_sources=False, cache_dir=path.parent / "cache", **options)


def test_a_warm_start_reads_the_cache_and_gives_the_same_frames_as_the_yaml(registry_file, monkeypatch):
    fresh = Snapshot.build(load_registry(registry_file, check_sources=False), AS_OF)
    first = load(registry_file)
    assert records(first.targets) == records(fresh.targets)
    assert records(first.figures) == records(fresh.figures)
    assert records(first.statements) == records(fresh.statements)

    def no_parsing(*args, **kwargs):
        raise AssertionError("the YAML was parsed although the cache holds these files")

    monkeypatch.setattr(snapshot_module, "load_registry", no_parsing)
    warm = load(registry_file)
    assert warm.key == first.key
    assert records(warm.targets) == records(first.targets)
    assert warm.places["hangzhou"].name_zh == "杭州市"
    for name in ("places", "actors", "metrics", "sources"):
        fresh_catalogue, warm_catalogue = getattr(fresh, name), getattr(warm, name)
        assert list(warm_catalogue) == list(fresh_catalogue)
        assert all(warm_catalogue[k].model_dump() == fresh_catalogue[k].model_dump() for k in fresh_catalogue)
    assert warm.find_place("Hangzhou").id == "hangzhou" and "gongshu" in warm.subtree("hangzhou")


def test_an_edit_is_never_served_from_the_old_cache(registry_file):
    before = load(registry_file)
    registry_file.write_text(registry_file.read_text(encoding="utf-8").replace("50", "60"),
                             encoding="utf-8")
    after = load(registry_file)
    assert after.key != before.key
    assert after.targets.iloc[0]["value"] == 60


def test_each_as_of_date_has_its_own_statuses(registry_file):
    before = load_snapshot(registry_file, as_of=dt.date(2025, 10, 1), check_sources=False,
                           cache_dir=registry_file.parent / "cache")
    after = load_snapshot(registry_file, as_of=dt.date(2026, 6, 30), check_sources=False,
                          cache_dir=registry_file.parent / "cache")
    assert before.targets.iloc[0]["status"] == "behind"  # 30 of 50 by mid-2025, needs +67 % in half a year
    assert after.targets.iloc[0]["status"] == "awaiting_data"  # 2025 is over, no year-end figure yet


def test_a_damaged_cache_file_is_rebuilt(registry_file):
    first = load(registry_file)
    damaged = registry_file.parent / "cache" / first.key / "figures.arrow"
    damaged.write_bytes(damaged.read_bytes()[:100])
    again = load(registry_file)
    assert list(again.figures["id"]) == ["f1", "f2"]


def test_without_a_writable_cache_the_registry_still_loads(registry_file, tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would go")
    snapshot = load_snapshot(registry_file, as_of=AS_OF, check_sources=False, cache_dir=blocked / "cache")
    assert list(snapshot.targets["id"]) == ["hz-compute"]


def test_a_targets_detail_comes_from_the_frames(registry_file):
    snapshot = load(registry_file)
    row = snapshot.target("hz-compute")
    assert row["note"] == "a note" and row["latest_figure"] == "f2"
    assert snapshot.target("nope") is None
    assert list(snapshot.figures_for(row)["id"]) == ["f1", "f2"]
    assert [s["quote"] for s in snapshot.statements_of("hz-compute")] == ["50 EFLOPS"]
    # no statement date in the text: None, not NaN (which would print as "nan")
    assert snapshot.statements_of("hz-compute")[0]["date"] is None


def test_the_loader_serves_the_last_snapshot_while_a_slow_reload_runs(registry_file, monkeypatch):
    loader = SnapshotLoader(registry_file, check_sources=False, cache_dir=registry_file.parent / "cache", wait=0.05)
    first = loader.get()
    assert first.snapshot is not None and not first.loading
    release = threading.Event()
    real = snapshot_module.load_snapshot

    def slow(*args, **kwargs):
        release.wait(60)
        return real(*args, **kwargs)

    monkeypatch.setattr(snapshot_module, "load_snapshot", slow)
    registry_file.write_text(registry_file.read_text(encoding="utf-8").replace("50", "70"),
                             encoding="utf-8")
    os.utime(registry_file, ns=(time.time_ns(), time.time_ns()))
    during = loader.get()
    assert during.loading and during.snapshot is first.snapshot
    release.set()
    after = loader.settle()
    assert not after.loading and after.snapshot.targets.iloc[0]["value"] == 70


def test_the_snapshot_command_warms_the_cache(registry_file, capsys):
    cache = registry_file.parent / "cache"
    assert main(["snapshot", str(registry_file), "--no-sources", "--as-of", "2025-10-01", "--cache", str(cache)]) == 0
    out = capsys.readouterr().out
    assert "1 targets, 2 figures" in out and str(cache) in out
    folder = next(p for p in cache.iterdir() if p.is_dir())
    assert sorted(p.name for p in folder.iterdir()) == [
        "actors.arrow", "figures.arrow", "figures.json", "metrics.arrow", "places.arrow", "sources.arrow",
        "statements.arrow", "targets-2025-10-01.arrow", "targets.json", "texts.json"]


def test_old_snapshots_are_pruned_but_the_newest_kept(registry_file):
    cache = registry_file.parent / "cache"
    keys = []
    for value in (51, 52, 53, 54, 55):
        registry_file.write_text(registry_file.read_text(encoding="utf-8").replace(str(value - 1), str(value)),
                                 encoding="utf-8")
        keys.append(load(registry_file).key)
        written = time.time() - 3600 + value  # as if written an hour ago, one after the other
        os.utime(cache / keys[-1], (written, written))
    registry_file.write_text(registry_file.read_text(encoding="utf-8").replace("55", "56"), encoding="utf-8")
    newest = load(registry_file).key
    kept = sorted(p.name for p in cache.iterdir() if p.is_dir())
    assert newest in kept and len(kept) == 3  # the one just written and the two before it
    assert keys[-1] in kept and keys[-2] in kept and keys[0] not in kept


def test_a_server_beside_no_source_texts_marks_their_quotes_unverified(registry_file, monkeypatch):
    """The registry's texts are not beside this copy: it still loads, and every source is
    marked as not checked, so a page can say its quotes are unverified (not pass them)."""
    monkeypatch.delenv("TRACKER_SOURCES", raising=False)
    served = load_snapshot(registry_file, as_of=AS_OF, cache_dir=registry_file.parent / "cache")
    assert served.text_status and set(served.text_status.values()) == {"missing"}
    assert not served.quote_checked("seed-000")
    again = load_snapshot(registry_file, as_of=AS_OF, cache_dir=registry_file.parent / "cache")
    assert again.key == served.key and again.text_status == served.text_status  # read back from the cache


def test_during_a_long_reload_only_the_first_seconds_wait_for_it(registry_file, monkeypatch):
    """A request waits for a reload up to `wait` seconds after it began, so an edit of a small
    registry shows on the next page; but once that time has passed, requests are answered at
    once from the last snapshot instead of each waiting again."""
    loader = SnapshotLoader(registry_file, check_sources=False, cache_dir=registry_file.parent / "cache", wait=4)
    first = loader.settle().snapshot
    release = threading.Event()
    real = snapshot_module.load_snapshot
    monkeypatch.setattr(snapshot_module, "load_snapshot", lambda *a, **k: release.wait(30) and real(*a, **k))
    registry_file.write_text(registry_file.read_text(encoding="utf-8").replace("50", "70"), encoding="utf-8")
    os.utime(registry_file, ns=(time.time_ns(), time.time_ns()))
    try:
        started = time.monotonic()
        assert loader.get().snapshot is first
        waited = time.monotonic() - started
        started = time.monotonic()
        later = loader.get()
        assert later.loading and later.snapshot is first
        # the first request waited its 4 s; the next one did not wait them again (half of
        # them is a bound a busy machine cannot reach for a few stat calls)
        assert waited >= 3.9 and time.monotonic() - started < 2.0
    finally:
        release.set()


def test_a_server_parses_the_yaml_in_a_child_process(registry_file, monkeypatch):
    """Parsing a large registry takes minutes and gigabytes: the loader leaves it to
    `python -m tracker snapshot` in a child process, and reads what it wrote."""
    import tracker.registry

    def not_here(*args, **kwargs):
        raise AssertionError("the server process parsed the YAML itself")

    monkeypatch.setattr(tracker.registry, "load_registry", not_here)
    monkeypatch.setattr(snapshot_module, "load_registry", not_here)
    loader = SnapshotLoader(registry_file, check_sources=False, cache_dir=registry_file.parent / "cache")
    result = loader.get()
    assert result.error is None and result.snapshot.targets.iloc[0]["value"] == 50
    text = registry_file.read_text(encoding="utf-8").replace("value: 50", "value: fifty")
    registry_file.write_text(text, encoding="utf-8")
    line = text.splitlines().index("  value: fifty") + 1
    broken = loader.settle()
    assert [(p.line, p.field) for p in broken.error.problems] == [(line, "targets.0.value")]
    assert broken.snapshot is result.snapshot


def test_a_build_that_dies_is_reported_and_the_last_snapshot_kept(registry_file, monkeypatch):
    import subprocess

    loader = SnapshotLoader(registry_file, check_sources=False, cache_dir=registry_file.parent / "cache")
    good = loader.get().snapshot
    monkeypatch.setattr(snapshot_module.subprocess, "run",
                        lambda *a, **k: subprocess.CompletedProcess(a, -9, "", "MemoryError\n"))
    registry_file.write_text(registry_file.read_text(encoding="utf-8").replace("50", "70"), encoding="utf-8")
    os.utime(registry_file, ns=(time.time_ns(), time.time_ns()))
    result = loader.settle()
    assert result.snapshot is good
    assert "building its snapshot was killed by signal 9: MemoryError" in str(result.error)


def test_a_new_day_is_judged_from_the_cache_without_parsing_the_yaml(registry_file, monkeypatch):
    """The statuses change with the date; the entries do not. The cache keeps the validated
    entries, so the next day's statuses are judged from them: no YAML parse (minutes at
    100,000 targets), and the same result as a build from the YAML on that day."""
    later = dt.date(2026, 3, 1)
    expected = Snapshot.build(load_registry(registry_file, check_sources=False), later)
    load(registry_file)

    def no_parsing(*args, **kwargs):
        raise AssertionError("the YAML was parsed although the cache holds the validated entries")

    monkeypatch.setattr(snapshot_module, "load_registry", no_parsing)
    next_day = load_snapshot(registry_file, as_of=later, check_sources=False, cache_dir=registry_file.parent / "cache")
    assert records(next_day.targets) == records(expected.targets)
    assert next_day.targets.iloc[0]["status"] != load(registry_file).targets.iloc[0]["status"]
    # and it is cached for that day, like any other
    assert load_snapshot(registry_file, as_of=later, check_sources=False,
                         cache_dir=registry_file.parent / "cache").key == next_day.key
