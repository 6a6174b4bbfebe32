"""After an edit of a folder registry, the snapshot is built from the cached snapshot before it
(tracker/incremental.py): only the changed files are parsed and checked, their rows replaced,
and only the targets whose status they can change are judged again. Whatever the edit, that
snapshot is the one a cold build makes, frame for frame, and a bad edit is refused with the
problems a full build finds."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import tracker.incremental as incremental
from tracker import RegistryError, load_registry
from tracker import snapshot as snapshot_module
from tracker.edit import append_entries
from tracker.incremental import how_built
from tracker.snapshot import SnapshotLoader, load_snapshot

from test_split_registry import FIGURE, FIGURES, HANGZHOU, TARGETS, ZHEJIANG, other_city

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2025, 10, 1)  # after seed-002 (published 2025-09-20)
FRAMES = ("targets", "figures", "statements")

# A figure on Hangzhou's computing power, kept in a file of its own: it proves hz-compute (in
# zhejiang/hangzhou.yaml: > 50 EFLOPS by the end of 2025) achieved.
HANGZHOU_COMPUTE = {"id": "hz-compute-2025h1", "place": "hangzhou", "metric": "intelligent_compute",
                    "comparator": ">", "value": 60, "unit": "EFLOPS",
                    "period": {"start": "2025-01", "end": "2025-06", "kind": "range", "text": "2025年上半年"},
                    "statements": [{"source": "seed-002", "quote": "全市智算规模超过60EFLOPS"}]}
TARGET = {"id": "hz-compute-2027", "place": "hangzhou", "metric": "intelligent_compute", "comparator": ">",
          "value": 80, "unit": "EFLOPS", "deadline": {"date": "2027-12-31", "precision": "year_end", "text": "到2027年底"},
          "statements": [{"source": "seed-000", "quote": "到2027年底智算规模超过80EFLOPS"}]}


def same_as_cold(folder: Path, cache: Path, scratch: Path, as_of: dt.date = AS_OF, **options) -> dict:
    """Load the snapshot from `cache` as the dashboard does, and a full build of the same files
    into `scratch` (its snapshots removed first; the files' records kept: the full build's own
    cache); assert they are the same and return how the first was built."""
    options = {"check_sources": False, **options}
    served = load_snapshot(folder, as_of=as_of, cache_dir=cache, **options)
    for old in scratch.iterdir() if scratch.is_dir() else ():
        if old.is_dir() and old.name != "files":
            shutil.rmtree(old)
    full = load_snapshot(folder, as_of=as_of, cache_dir=scratch, **options)
    assert how_built(scratch / full.key) == ({"how": "full"} if folder.is_dir() else None)
    assert served.key == full.key
    for name in FRAMES:
        pd.testing.assert_frame_equal(getattr(served, name), getattr(full, name))
    for name in ("targets", "figures"):
        assert (cache / served.key / f"{name}.json").read_bytes() == (scratch / full.key / f"{name}.json").read_bytes()
    assert served.text_status == full.text_status
    return how_built(cache / served.key)


def status(folder: Path, cache: Path, target: str, as_of: dt.date = AS_OF) -> str:
    return load_snapshot(folder, as_of=as_of, cache_dir=cache, check_sources=False).target(target)["status"]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A small folder registry: Zhejiang's target and figure, Hangzhou's target linking to it
    (another file), and three Jiangsu cities of one figure each."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    files = {"zhejiang.yaml": ZHEJIANG, "zhejiang/hangzhou.yaml": HANGZHOU,
             **{f"jiangsu/city-{n}.yaml": other_city(n) for n in range(3)}}
    for name, text in files.items():
        (tmp_path / "registry" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "registry" / name).write_text(text, encoding="utf-8")
    return tmp_path / "registry"


def edit(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert old in text, old
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_each_edit_is_built_from_the_snapshot_before_and_equals_a_cold_build(folder: Path, tmp_path: Path):
    cache, scratch = tmp_path / "cache", tmp_path / "scratch"
    assert same_as_cold(folder, cache, scratch) == {"how": "full"}  # nothing cached yet
    assert status(folder, cache, "hz-compute") == "no_data"

    # a figure in a new file changes the status of a target in another file
    append_entries(folder, [("figures", HANGZHOU_COMPUTE)], check_sources=False, file="zhejiang/hangzhou-figures.yaml")
    built = same_as_cold(folder, cache, scratch)
    assert (built["how"], built["changed"]) == ("incremental", ["zhejiang/hangzhou-figures.yaml"])
    assert status(folder, cache, "hz-compute") == "achieved"

    # a new target where figures already report
    append_entries(folder, [("targets", TARGET)], check_sources=False, file="zhejiang/hangzhou.yaml")
    built = same_as_cold(folder, cache, scratch)
    assert (built["how"], built["changed"]) == ("incremental", ["zhejiang/hangzhou.yaml"])
    assert status(folder, cache, "hz-compute-2027") != "no_data"

    # a value changed by hand
    edit(folder / "zhejiang.yaml", "value: 4000", "value: 4100")
    edit(folder / "zhejiang.yaml", "营业收入突破4000亿元", "营业收入突破4100亿元")
    assert same_as_cold(folder, cache, scratch)["how"] == "incremental"

    # an entry deleted: the figure on Hangzhou's computing power, so hz-compute has no data again
    (folder / "zhejiang" / "hangzhou-figures.yaml").write_text("figures: []\n", encoding="utf-8")
    assert same_as_cold(folder, cache, scratch)["how"] == "incremental"
    assert status(folder, cache, "hz-compute") == "no_data"

    # a file added, a file removed, in one step
    (folder / "jiangsu" / "city-9.yaml").write_text(other_city(9), encoding="utf-8")
    (folder / "jiangsu" / "city-0.yaml").unlink()
    built = same_as_cold(folder, cache, scratch)
    assert (built["how"], built["changed"], built["removed"]) == ("incremental", ["jiangsu/city-9.yaml"],
                                                                  ["jiangsu/city-0.yaml"])


def test_a_figure_published_after_the_day_judged_does_not_count_until_it_is(folder: Path, tmp_path: Path):
    cache, scratch = tmp_path / "cache", tmp_path / "scratch"
    before = dt.date(2025, 9, 1)  # seed-002, which the figure cites, is published on 2025-09-20
    same_as_cold(folder, cache, scratch, as_of=before)
    append_entries(folder, [("figures", HANGZHOU_COMPUTE)], check_sources=False, file="zhejiang/hangzhou-figures.yaml")
    assert same_as_cold(folder, cache, scratch, as_of=before)["how"] == "incremental"
    assert status(folder, cache, "hz-compute", before) == "no_data"
    # the next day judged, from the base's statuses of another date: the targets it turns too
    (folder / "jiangsu" / "city-9.yaml").write_text(other_city(9), encoding="utf-8")
    built = same_as_cold(folder, cache, scratch)
    assert (built["how"], built["since"]) == ("incremental", before.isoformat())
    assert status(folder, cache, "hz-compute") == "achieved"


def bad_edit_problems(folder: Path, cache: Path, monkeypatch) -> tuple[list, list]:
    """The problems the incremental build raises (the full build is not run: it would fail the
    test), and those a full validation of the same files finds."""
    with monkeypatch.context() as patched:
        patched.setattr(snapshot_module, "load_registry", lambda *a, **k: pytest.fail("the full build ran"))
        with pytest.raises(RegistryError) as incremental_error:
            load_snapshot(folder, as_of=AS_OF, cache_dir=cache, check_sources=False)
    with pytest.raises(RegistryError) as full_error:
        load_registry(folder, check_sources=False, records_dir=cache.parent / "other-records")
    return incremental_error.value.problems, full_error.value.problems


@pytest.mark.parametrize("name, file, old, new, message", [
    ("duplicate id, placed in a file not changed", "jiangsu/city-1.yaml", "id: fig-1", "id: zj-revenue", "duplicate id 'zj-revenue'"),
    ("duplicate id, placed in the changed file", "zhejiang.yaml", "id: zj-revenue", "id: fig-2", "duplicate id 'fig-2'"),
    ("unknown place", "jiangsu/city-1.yaml", "place: jiangsu", "place: atlantis", "unknown place 'atlantis'"),
    ("a link's target removed in another file", "zhejiang.yaml", "id: zj-compute", "id: zj-compute-2",
     "unknown target 'zj-compute'"),
    ("a syntax error", "jiangsu/city-1.yaml", "metric: ai_core_revenue", "metric: [ai_core_revenue", None),
])
def test_a_bad_edit_is_refused_with_the_full_builds_problems(folder: Path, tmp_path: Path, monkeypatch,
                                                               name, file, old, new, message):
    cache = tmp_path / "cache"
    good = load_snapshot(folder, as_of=AS_OF, cache_dir=cache, check_sources=False)
    edit(folder / file, old, new)
    found, expected = bad_edit_problems(folder, cache, monkeypatch)
    assert found == expected
    if message:
        assert any(message in problem.message for problem in found)
    # fixed another way: built from the last good snapshot
    (folder / file).write_text(other_city(7) if file.startswith("jiangsu") else ZHEJIANG.replace("value: 4000", "value: 4200")
                               .replace("营业收入突破4000亿元", "营业收入突破4200亿元"), encoding="utf-8")
    built = same_as_cold(folder, cache, tmp_path / "scratch")
    assert (built["how"], built["base"]) == ("incremental", good.key)


def test_quotes_of_a_changed_file_are_checked_against_their_texts(tmp_path: Path, monkeypatch, seeds):
    shutil.copytree(ROOT / "data", tmp_path / "data")
    folder, cache = tmp_path / "registry", tmp_path / "cache"
    (folder / "zhejiang").mkdir(parents=True)
    (folder / "zhejiang.yaml").write_text("figures:\n" + FIGURES, encoding="utf-8")  # quoted verbatim from seed-002
    (folder / "zhejiang" / "hangzhou.yaml").write_text(TARGETS, encoding="utf-8")  # from seed-000
    same_as_cold(folder, cache, tmp_path / "scratch", sources_dir=seeds, check_sources=True)
    edit(folder / "zhejiang" / "hangzhou.yaml", "links: []", "links: []\n    note: checked again")
    assert same_as_cold(folder, cache, tmp_path / "scratch", sources_dir=seeds, check_sources=True)["how"] == "incremental"
    edit(folder / "zhejiang" / "hangzhou.yaml", "全市投入", "全市投放")  # no longer verbatim in seed-000
    with monkeypatch.context() as patched:
        patched.setattr(snapshot_module, "load_registry", lambda *a, **k: pytest.fail("the full build ran"))
        with pytest.raises(RegistryError) as incremental_error:
            load_snapshot(folder, as_of=AS_OF, cache_dir=cache, sources_dir=seeds)
    with pytest.raises(RegistryError) as full_error:
        load_registry(folder, sources_dir=seeds, records_dir=tmp_path / "other-records")
    assert incremental_error.value.problems == full_error.value.problems
    assert [p.field for p in incremental_error.value.problems] == ["targets.0.statements.0.quote"]


def test_what_the_incremental_build_does_not_handle_is_built_whole(folder: Path, tmp_path: Path, monkeypatch):
    cache, scratch = tmp_path / "cache", tmp_path / "scratch"
    same_as_cold(folder, cache, scratch)
    # too much changed
    monkeypatch.setattr(incremental, "MAX_CHANGED_FLOOR", 0)
    monkeypatch.setattr(incremental, "MAX_CHANGED_SHARE", 0.0)
    (folder / "jiangsu" / "city-9.yaml").write_text(other_city(9), encoding="utf-8")
    assert same_as_cold(folder, cache, scratch) == {"how": "full"}
    monkeypatch.undo()
    # a catalogue changed: every file's claims are checked against it again
    places = folder.parent / "data" / "places.yaml"
    places.write_text(places.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    (folder / "jiangsu" / "city-8.yaml").write_text(other_city(8), encoding="utf-8")
    assert same_as_cold(folder, cache, scratch) == {"how": "full"}
    # a base that cannot be read
    (folder / "jiangsu" / "city-7.yaml").write_text(other_city(7), encoding="utf-8")
    for base in cache.iterdir():
        if (base / "figures.arrow").exists():
            (base / "figures.arrow").write_bytes(b"not arrow")
    assert same_as_cold(folder, cache, scratch) == {"how": "full"}


def test_a_one_file_registry_is_built_whole(make_registry, tmp_path: Path):
    from test_reliability import GOOD

    path = make_registry(GOOD)
    cache = tmp_path / "cache"
    load_snapshot(path, as_of=AS_OF, cache_dir=cache, check_sources=False)
    path.write_text(GOOD.replace("value: 4000", "value: 4100").replace("突破4000亿元", "突破4100亿元"), encoding="utf-8")
    assert same_as_cold(path, cache, tmp_path / "scratch") is None  # built whole, no record of its file


def test_the_running_dashboards_loader_shows_an_edit_built_from_its_last_snapshot(folder: Path, tmp_path: Path):
    cache = tmp_path / "cache"
    loader = SnapshotLoader(folder, wait=0, in_child=True, check_sources=False, cache_dir=cache)
    first = loader.settle(120).snapshot
    append_entries(folder, [("figures", HANGZHOU_COMPUTE)], check_sources=False, file="zhejiang/hangzhou-figures.yaml")
    served = loader.settle(120)
    assert served.error is None and served.snapshot.key != first.key
    assert "hz-compute-2025h1" in set(served.snapshot.figures["id"])
    assert how_built(cache / served.snapshot.key)["how"] == "incremental"  # by the loader's child process
    edit(folder / "jiangsu" / "city-1.yaml", "id: fig-1", "id: zj-revenue")  # a bad edit: the last good one is served
    after = loader.settle(120)
    assert after.error is not None and after.snapshot.key == served.snapshot.key


@pytest.fixture(scope="session")
def generated(tmp_path_factory) -> Path:
    """benchmarks/generate.py's 1,000-target registry in the folder layout (300 files)."""
    out = tmp_path_factory.mktemp("generated") / "1k"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), str(out), "--targets", "1k",
                    "--layout", "folder"], check=True, capture_output=True)
    return out


def test_edits_of_a_generated_registry_equal_cold_builds(generated: Path, tmp_path: Path):
    work = tmp_path / "1k"
    shutil.copytree(generated, work)
    folder, cache, scratch = work / "registry", tmp_path / "cache", tmp_path / "scratch"
    as_of = dt.date(2026, 6, 30)
    same_as_cold(folder, cache, scratch, as_of)
    figure = {**FIGURE, "id": "zj-revenue-2025-08", "place": "zhejiang", "value": 4000,
              "period": {"start": "2025-01", "end": "2025-08", "kind": "range", "text": "2025年1—8月"},
              "statements": [{"source": "src-000016", "quote": "2025年1—8月，全省人工智能核心产业营业收入突破4000亿元"}]}
    append_entries(folder, [("figures", figure)], check_sources=False)
    built = same_as_cold(folder, cache, scratch, as_of)
    assert (built["how"], built["changed"]) == ("incremental", ["zhejiang.yaml"])
    assert built["judged"] < 100  # of 1,000 targets
    # a file of many claims removed, and the figure's file changed by hand
    victim = sorted(folder.glob("*/*.yaml"))[0]
    victim.unlink()
    edit(folder / "zhejiang.yaml", "突破4000亿元", "突破4000亿元 ")
    built = same_as_cold(folder, cache, scratch, as_of)
    assert built["how"] == "incremental" and built["removed"] == [victim.relative_to(folder).as_posix()]
