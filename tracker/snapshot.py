"""The registry as the dashboard reads it: the catalogues, and the claims as frames with their
statuses as of one date. A snapshot is built from a validated `Registry`, and written to a
cache keyed on the content of the registry's files (and of this package's code), so that a
restart, a second server worker or the next command reads it back from Arrow files in
milliseconds instead of parsing and validating the YAML again (minutes at 100,000 targets).

The cache lives in TRACKER_CACHE, or `.cache/tracker/` beside targets.yaml:

    <key>/places.arrow (actors, metrics, sources)   the catalogues as validated
    <key>/figures.arrow             one row per figure
    <key>/statements.arrow          one row per statement (quote) of every claim
    <key>/targets-<as-of>.arrow     one row per target, with its status on that date
    <key>/targets.json, figures.json  the validated entries: another date is judged from them
                                      (seconds at 100,000 targets) instead of from the YAML
    <key>/files.json                a folder registry's files (hash, rows): the next edit's
                                    snapshot is built from this one (tracker/incremental.py)

A file in the cache is written whole or not at all (temporary file, then rename); any file
that cannot be read is treated as absent and the snapshot is rebuilt from the YAML.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pandas as pd
import pyarrow as pa
from filelock import FileLock
from pydantic import TypeAdapter

from .arrow_cache import Catalogue, _read_frame, _read_table, _write_frame, _write_table, prune  # noqa: F401 - re-exported
from .cache_key import _code_files, content_key, default_cache_dir, registry_files  # noqa: F401 - re-exported
from .edit import atomic_write
from .errors import Problem, RegistryError
from .places import PlaceTree
from .registry import CATALOGUE_FILES, Registry, load_registry, why_not_counted
from .sources import CHECKED, TextFolders, read_folders
from .memory import gc_paused, shared_field_sets
from .schema import Actor, Figure, Metric, Place, Source, Target

log = logging.getLogger(__name__)

CATALOGUES = {"places": Place, "actors": Actor, "metrics": Metric, "sources": Source}
ENTRIES = {"targets": Target, "figures": Figure}
STATEMENT_COLUMNS = ["claim", "kind", "position", "source", "quote", "date"]
FILES_RECORD = "files.json"


def today() -> dt.date:
    """TRACKER_AS_OF fixes 'today' (for screenshots, tests and reproducible exports)."""
    fixed = os.environ.get("TRACKER_AS_OF")
    return dt.date.fromisoformat(fixed) if fixed else dt.date.today()


@dataclass
class Snapshot(PlaceTree):
    key: str
    as_of: dt.date
    places: dict[str, Place]
    actors: dict[str, Actor]
    metrics: dict[str, Metric]
    sources: dict[str, Source]
    targets: pd.DataFrame
    figures: pd.DataFrame
    # Only a target's page shows every statement: read from the cache when first needed.
    statements_source: pd.DataFrame | Path
    children: dict[str, list[str]] = field(default_factory=dict)
    # The validated targets and figures as JSON, written beside the frames so that another
    # date's statuses are judged without parsing the YAML again (see judge_on).
    entries_json: dict[str, bytes] | None = field(default=None, repr=False)
    # source id → whether its quotes were checked against its text (tracker.sources: CHECKED,
    # MISSING, NO_FILE, NOT_CHECKED)
    text_status: dict[str, str] = field(default_factory=dict)
    # which rows came from which claim file, and how it was built: `<key>/files.json`
    # (tracker/incremental.py), so that the next edit's snapshot starts from this one
    files_record: dict | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.children = self.children or self.build_children()

    @classmethod
    def build(cls, registry: Registry, as_of: dt.date, key: str = "") -> "Snapshot":
        from .frames import figures_frame, targets_frame
        from .incremental import files_record

        return cls(key, as_of, registry.places, registry.actors, registry.metrics, registry.sources,
                   targets_frame(registry, as_of), figures_frame(registry), statements_frame(registry),
                   entries_json={name: TypeAdapter(list[model]).dump_json(getattr(registry, name))
                                 for name, model in ENTRIES.items()},
                   text_status=dict(registry.text_status), files_record=files_record(registry))

    def quote_checked(self, source_id: str) -> bool:
        return self.text_status.get(source_id) == CHECKED

    def parents(self) -> dict[str, str | None]:
        return self.field("places", "parent")

    def field(self, catalogue: str, name: str) -> dict[str, Any]:
        """One field of every entry of a catalogue ("places", "metrics" …), by id."""
        entries = getattr(self, catalogue)
        if isinstance(entries, Catalogue):  # read from the cache: no need to make every entry
            return entries.field(name)
        return {key: getattr(entry, name) for key, entry in entries.items()}

    def place_rows(self, name: str, places: list[str]) -> np.ndarray | None:
        """Positions of the rows of the `name` frame ("targets" or "figures") about these
        places, any place below them, or an actor located there; None (every row) when
        `places` is empty. Looked up in an index, so a city's view of 585,000 rows touches
        only its own."""
        if not places:
            return None
        index = self._place_index(name)
        wanted = set().union(*(self.subtree(place) for place in places))
        parts = [rows for place in wanted for rows in index.get(place, [])]
        return np.unique(np.concatenate(parts)) if parts else np.empty(0, dtype=np.intp)

    def _place_index(self, name: str) -> dict[str, list]:
        frame = getattr(self, name)

        def build() -> dict[str, list]:
            index: dict[str, list] = {}
            for column in ("place", "actor_place"):
                for place, rows in frame.groupby(column).indices.items():
                    index.setdefault(place, []).append(rows)
            return index

        return self.memo(f"place_index_{name}", build) if not frame.empty else {}

    def filter_columns(self, name: str):
        """The columns of the `name` frame that the filters test, as arrays (`FilterColumns`)."""
        from .frames import FilterColumns

        return self.memo(f"filter_columns_{name}", lambda: FilterColumns(getattr(self, name)))

    def table(self, name: str) -> pa.Table:
        """The `name` frame as an Arrow table: the one read from the cache, else made once."""
        return self.memo(f"table_{name}", lambda: pa.Table.from_pandas(getattr(self, name), preserve_index=False))

    def column_values(self, name: str, rows: np.ndarray, columns: list[str]) -> dict[str, list]:
        """These rows of the `name` frame, column by column, as lists of plain values (None
        for a missing value, and for a column the frame lacks). Taken from the Arrow table:
        pandas takes and converts each column on its own, a fixed cost per column that was
        most of a small view's time."""
        table = self.table(name)
        names = set(table.column_names)
        present = [c for c in columns if c in names]
        taken = dict(zip(present, table.select(present).take(pa.array(rows, type=pa.int64())).columns))
        return {c: taken[c].to_pylist() if c in taken else [None] * len(rows) for c in columns}

    def warm(self) -> "Snapshot":
        """Make now what the first filtered view would otherwise make while a user waits (the
        place names and index, the filter columns, the Arrow tables): ~0.4 s at 100,000 targets."""
        self.place_names()
        self.year_span()
        for name in ("targets", "figures"):
            self._place_index(name)
            self.filter_columns(name).prepare()
            self.table(name)
        return self

    def target(self, target_id: str) -> dict | None:
        """One target's row, or None."""
        index = self.memo("target_rows", lambda: {tid: i for i, tid in enumerate(self.targets["id"])})
        position = index.get(target_id)
        return None if position is None else _plain(self.targets.iloc[position].to_dict())

    def about(self, name: str, place: str | None, metric: str | None, actor: str | None) -> pd.DataFrame:
        """The rows of the `name` frame ("targets" or "figures") on one place, metric and actor
        (no actor matches only rows without one), looked up in an index."""
        frame = getattr(self, name)

        def build() -> dict[tuple, Any]:
            if frame.empty:
                return {}
            return frame.groupby([frame["place"], frame["metric"], frame["actor"].fillna("")]).indices

        rows = self.memo(f"claim_index_{name}", build).get((place, metric, _text(actor)), [])
        return frame.iloc[list(rows)]

    def figures_for(self, target: dict) -> pd.DataFrame:
        """Figures that report on a target: same place, metric and actor. A company's figure
        (actor set) does not report on its city's target (no actor), nor the other way round."""
        rows = self.about("figures", target["place"], target["metric"], target.get("actor"))
        return rows[rows["scope"] == "whole"] if "scope" in rows else rows

    def related_figures_for(self, target: dict) -> pd.DataFrame:
        """Figures on the target's place and metric that do not count against it (another
        actor, a part of the place, a floor shared by several places), with the reason in
        `why_not_counted` (`registry.why_not_counted`)."""
        frame = self.figures
        rows = self.memo("place_metric_index", lambda: frame.groupby([frame["place"], frame["metric"]]).indices
                         if not frame.empty else {}).get((target["place"], target["metric"]), [])
        found = frame.iloc[list(rows)].copy()
        actor = _text(target.get("actor")) or None  # a frame's missing actor is NaN, not None
        found["why_not_counted"] = [why_not_counted(actor, _text(a) or None, s)
                                    for a, s in zip(found["actor"], found.get("scope", ["whole"] * len(found)))]
        return found[found["why_not_counted"].notna()]

    def entries_about(self, kind: str, place: str | None, metric: str | None, actor: str | None) -> list[dict]:
        """The targets or figures (`kind`) on a place, metric and actor, in the registry's
        shape (the fields that `extract.conflicts` compares)."""
        rows = self.about(kind, place, metric, actor)
        entries = []
        for row in (_plain(r) for r in rows.to_dict("records")):
            entry = {"id": row["id"], "place": row["place"], "metric": row["metric"], "actor": row["actor"],
                     "value": row["value"], "unit": row["unit"]}
            if kind == "targets":
                entry["deadline"] = {"date": row["deadline"]}
            else:
                entry["period"] = {"start": row["period_start"], "end": row["period_end"], "kind": row["period_kind"]}
                if row["growth_value"] is not None:
                    entry["growth"] = {"value": row["growth_value"], "unit": row["growth_unit"]}
                if row["rank_value"] is not None:
                    entry["rank"] = {"value": row["rank_value"]}
            entries.append(entry)
        return entries

    @property
    def statements(self) -> pd.DataFrame:
        return self.memo("statements", lambda: self.statements_source if isinstance(
            self.statements_source, pd.DataFrame) else _read_frame(self.statements_source))

    def statements_of(self, claim_id: str) -> list[dict]:
        groups = self.memo("statement_groups", lambda: self.statements.groupby("claim").indices
                            if not self.statements.empty else {})
        rows = self.statements.iloc[list(groups.get(claim_id, []))]
        return [_plain(r) for r in rows.sort_values("position").to_dict("records")]

    def linked_to(self, target_id: str) -> list[tuple[str, str]]:
        """(rel, other) for every link from this target and, marked ←, to it."""
        links = self.memo("links", lambda: [
            (tid, *link.split(":", 1)) for tid, value in zip(self.targets["id"], self.targets["links"])
            if isinstance(value, str) and value for link in value.split(";")])
        return ([(rel, other) for tid, rel, other in links if tid == target_id]
                + [(f"{rel} ←", tid) for tid, rel, other in links if other == target_id])

    def topics(self) -> list[str]:
        """The metrics' topics, sorted."""
        return self.memo("topics", lambda: sorted(set(self.field("metrics", "topic").values())))

    def year_span(self) -> tuple[int, int]:
        def build() -> tuple[int, int]:
            years = pd.concat([self.targets["year"], self.figures["year"]]).dropna()
            years = years[years > 0]
            return (int(years.min()), int(years.max())) if not years.empty else (2024, 2030)

        return self.memo("year_span", build)

    def entries(self, name: str) -> list | None:
        """The validated targets or figures (`name`) as registry models, for what the frames
        do not hold (another date's status): from the build, or the cache beside the frames."""
        def build():
            if self.entries_json is not None:
                data = self.entries_json[name]
            elif isinstance(self.statements_source, Path) and (self.statements_source.parent / f"{name}.json").exists():
                data = (self.statements_source.parent / f"{name}.json").read_bytes()
            else:
                return None
            return shared_field_sets(TypeAdapter(list[ENTRIES[name]]).validate_json(data))

        return self.memo(f"entries_{name}", build)

    def memo(self, name: str, build):
        """Computed once per snapshot: a snapshot never changes after it is made."""
        cache = self.__dict__.setdefault("_memo_cache", {})
        if name not in cache:
            cache[name] = build()
        return cache[name]


def _plain(record: dict) -> dict:
    """A row as a page uses it: a missing value is None (frames hold NaN, which is truthy)."""
    return {k: None if isinstance(v, float) and v != v else v for k, v in record.items()}


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def statements_frame(registry: Registry) -> pd.DataFrame:
    rows = [(entry.id, kind, position, s.source, s.quote, s.date)
            for kind, entries in (("target", registry.targets), ("figure", registry.figures))
            for entry in entries for position, s in enumerate(entry.statements)]
    return pd.DataFrame(rows, columns=STATEMENT_COLUMNS)


# --- the cache ------------------------------------------------------------------------------

def write_snapshot(snapshot: Snapshot, directory: Path) -> None:
    folder = directory / snapshot.key
    folder.mkdir(parents=True, exist_ok=True)
    for name in CATALOGUES:
        if not (folder / f"{name}.arrow").exists():
            rows = [item.model_dump(mode="json") for item in getattr(snapshot, name).values()]
            _write_table(pa.Table.from_pylist(rows) if rows else pa.table({"id": pa.array([], pa.string())}),
                         folder / f"{name}.arrow")
    for name in ("figures", "statements"):
        if not (folder / f"{name}.arrow").exists():
            _write_frame(getattr(snapshot, name), folder / f"{name}.arrow")
    for name, content in (snapshot.entries_json or {}).items():
        if not (folder / f"{name}.json").exists():
            atomic_write(folder / f"{name}.json", lambda handle, content=content: handle.write(content))
    if not (folder / "texts.json").exists():
        atomic_write(folder / "texts.json", json.dumps(snapshot.text_status, sort_keys=True))
    _write_frame(snapshot.targets, folder / f"targets-{snapshot.as_of.isoformat()}.arrow")
    if snapshot.files_record is not None and not (folder / FILES_RECORD).exists():
        # last: a snapshot with this record is whole, and may be the base of the next one
        atomic_write(folder / FILES_RECORD, json.dumps(snapshot.files_record, ensure_ascii=False))
    prune(directory, keep=folder)


def _from_cache(folder: Path, key: str, as_of: dt.date, targets) -> Snapshot | None:
    """A snapshot from a cache folder, its targets made by `targets(catalogues)` (a frame, or
    the table read from the cache); None when a file cannot be read (the snapshot is then
    rebuilt from the registry)."""
    try:
        catalogues = {name: Catalogue(model, _read_table(folder / f"{name}.arrow")) for name, model in CATALOGUES.items()}
        figures = _read_table(folder / "figures.arrow")
        made = targets(catalogues)
        snapshot = Snapshot(key, as_of, **catalogues, targets=made if isinstance(made, pd.DataFrame) else made.to_pandas(),
                            figures=figures.to_pandas(), statements_source=folder / "statements.arrow",
                            text_status=json.loads((folder / "texts.json").read_text(encoding="utf-8")))
        for name, table in (("targets", made), ("figures", figures)):
            if isinstance(table, pa.Table):  # the frame's own table, memory-mapped: no second copy
                snapshot.memo(f"table_{name}", lambda table=table: table)
        return snapshot
    except (OSError, ValueError, KeyError, pa.ArrowException) as exc:
        log.warning("snapshot cache %s unreadable (%s); rebuilding from the registry", folder, exc)
        return None


def judge_on(directory: Path, key: str, as_of: dt.date, path: Path, data_dir: Path) -> Snapshot | None:
    """The cached snapshot of these files with its statuses judged on another date, from the
    validated entries kept beside its frames, and from another date's statuses judging again
    only the targets the dates between can change (tracker/new_day.py): a new day on 100,000
    targets takes seconds instead of parsing the YAML again for minutes. None when the cache
    has no such entries."""
    from .new_day import targets_on

    folder = directory / key
    if not all((folder / f"{name}.json").exists() for name in ENTRIES):
        return None
    return _from_cache(folder, key, as_of, lambda catalogues: targets_on(folder, as_of, catalogues, path, data_dir))


def read_snapshot(directory: Path, key: str, as_of: dt.date) -> Snapshot | None:
    """The cached snapshot for this content and date, or None when there is none (or it
    cannot be read: then it is rebuilt)."""
    targets_file = directory / key / f"targets-{as_of.isoformat()}.arrow"
    if not targets_file.exists():
        return None
    return _from_cache(directory / key, key, as_of, lambda _: _read_table(targets_file))


def load_snapshot(path: str | Path | None = None, *, as_of: dt.date | None = None,
                  data_dir: str | Path | None = None, sources_dir: str | Path | None = None,
                  check_sources: bool = True, cache_dir: str | Path | None = None,
                  use_cache: bool = True, in_child: bool = False,
                  progress: Callable[[int, int], None] | None = None) -> Snapshot:
    """The registry's snapshot on `as_of` (default: today): from the cache when the files have
    not changed since it was written, else loaded and validated (raising `RegistryError` as
    `load_registry` does) and then cached. With `in_child`, a snapshot that is not cached yet
    is built by a child process (`python -m tracker snapshot`) and read back from the cache.
    A folder registry's files are parsed on both cores and kept on record file by file
    (tracker/claim_files.py) in `files/` of the cache: after an edit one file is parsed again.
    `progress(done, total)` hears of the files as they are read."""
    from .registry import default_registry_path

    path = Path(path) if path else default_registry_path()
    data_dir = Path(data_dir) if data_dir else path.parent / "data"
    as_of = as_of or today()
    sources_dir = Path(sources_dir) if sources_dir else None
    folders = read_folders(path, data_dir, sources_dir) if check_sources else None
    key = content_key(registry_files(path, data_dir), folders=folders, check_sources=check_sources,
                      root=path if path.is_dir() else None)

    directory = Path(cache_dir) if cache_dir else default_cache_dir(path)

    def build(from_base: bool = False) -> Snapshot:
        with gc_paused():
            return _build(from_base)

    def _build(from_base: bool) -> Snapshot:
        if from_base:  # from a cached snapshot of the files before an edit, if there is one
            from .incremental import build_from_base

            built = build_from_base(path, data_dir, folders, check_sources, as_of, key, directory)
            if built is not None:
                return built
        # The validated Registry lives only in here: the snapshot keeps its frames and catalogues.
        registry = load_registry(path, data_dir=data_dir, sources_dir=sources_dir, check_sources=check_sources,
                                 records_dir=directory / "files" if use_cache else None, progress=progress)
        return Snapshot.build(registry, as_of, key)

    if not use_cache:
        return build()
    cached = read_snapshot(directory, key, as_of)
    if cached is not None:
        return cached
    if in_child:
        built_key = build_in_child(path, data_dir, sources_dir, check_sources, as_of, directory)
        # the child's key: the files may have changed since `key` (the loader then reloads again)
        cached = read_snapshot(directory, built_key, as_of)
        if cached is not None:
            return cached
        log.warning("the snapshot built by a child process could not be read from %s; building it here", directory)
    try:
        directory.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(directory / f"{key}.lock"))
        lock.acquire()
    except OSError as exc:  # a read-only place: serve without a cache
        log.warning("no snapshot cache in %s (%s)", directory, exc)
        return build()
    try:
        # Another process may have built it while this one waited for the lock.
        cached = read_snapshot(directory, key, as_of)
        if cached is not None:
            return cached
        built = judge_on(directory, key, as_of, path, data_dir) or build(from_base=True)
        try:
            write_snapshot(built, directory)
        except OSError as exc:
            log.warning("could not write the snapshot cache in %s (%s)", directory, exc)
            return built
        # Serve what was written, so a fresh build and a warm start give the same frames.
        return read_snapshot(directory, key, as_of) or built
    finally:
        lock.release()


BUILD_TIMEOUT = 3600  # seconds; 100,000 targets take about 6 minutes


def build_in_child(path: Path, data_dir: Path, sources_dir: Path | None, check_sources: bool, as_of: dt.date,
                   cache_dir: Path, nice: int = 0) -> str:
    """Build a snapshot into the cache with `python -m tracker snapshot` in a child process and
    return its key. Parsing the YAML takes minutes on a large registry and ~45 times the file's
    size in memory (10 GB at 100,000 targets): in a child, a server's worker neither holds that
    memory afterwards nor shares the GIL with it while answering requests. A registry that
    does not validate raises the child's `RegistryError`, problem for problem."""
    with tempfile.TemporaryDirectory(prefix="tracker-build-") as scratch:
        report = Path(scratch) / "report.json"
        command = [sys.executable, "-m", "tracker", "snapshot", str(path), "--data", str(data_dir),
                   "--as-of", as_of.isoformat(), "--cache", str(cache_dir), "--report", str(report)]
        command += ["--sources", str(sources_dir)] if sources_dir else [] if check_sources else ["--no-sources"]
        package_root = str(Path(__file__).resolve().parent.parent)
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")]))}
        try:
            done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=BUILD_TIMEOUT,
                                  preexec_fn=(lambda: os.nice(nice)) if nice else None)
        except subprocess.TimeoutExpired:
            raise RegistryError.single(path, f"could not be loaded: building its snapshot took over {BUILD_TIMEOUT} s")
        result = json.loads(report.read_text(encoding="utf-8")) if report.exists() else {}
    if result.get("problems"):
        raise RegistryError([Problem(**problem) for problem in result["problems"]],
                            [Problem(**problem) for problem in result.get("follow_on", [])])
    if done.returncode != 0 or not result.get("key"):
        how = f"was killed by signal {-done.returncode}" if done.returncode < 0 else f"exited with {done.returncode}"
        last = (done.stderr.strip().splitlines() or [""])[-1][:300]
        raise RegistryError.single(path, f"could not be loaded: building its snapshot {how}" + (f": {last}" if last else ""))
    return result["key"]


# --- the loader a long-running server holds ----------------------------------------------

@dataclass
class LoadResult:
    snapshot: Snapshot | None  # the last good one
    error: RegistryError | None  # why the files as they are now cannot be used
    loading: bool = False  # newer files are being loaded; `snapshot` is the one before them


class SnapshotLoader:
    """The running dashboard's registry. When a file changes (or the date turns), it reloads
    in a background thread (a snapshot not cached yet is built by a child process) and keeps
    serving the last good snapshot meanwhile, and after a
    bad edit, so a broken file never empties a screen and no request waits minutes for a
    large registry. Requests wait for a reload until `wait` seconds (TRACKER_RELOAD_WAIT,
    default 3) after it began, so on a registry of ordinary size an edit shows on the next
    page, and during a long one no request waits at all once that time has passed."""

    # Tomorrow's statuses are judged ahead, after each load, for a registry of at least this
    # many targets: below it a new day takes a fraction of a second anyway.
    ahead_from_targets = 5_000

    def __init__(self, path: str | Path | None = None, *, wait: float | None = None, in_child: bool = True,
                 **options: Any):
        from .registry import default_registry_path

        self.path = Path(path) if path else default_registry_path()
        self.options = options  # how to read the registry, as load_registry takes them
        self.data_dir = Path(options["data_dir"]) if options.get("data_dir") else self.path.parent / "data"
        self.wait = float(os.environ.get("TRACKER_RELOAD_WAIT", "3")) if wait is None else wait
        self.in_child = in_child  # build in a child process (build_in_child): the server stays at its snapshot's size
        self._lock = threading.Lock()
        self._stamp: tuple | None = None  # of the files last loaded, good or bad
        self._good: Snapshot | None = None
        self._error: RegistryError | None = None
        self._thread: threading.Thread | None = None
        self._started = 0.0  # time.monotonic() when the reload in _thread began
        self._ahead: threading.Thread | None = None  # judging tomorrow (_judge_ahead)

    def _current_stamp(self) -> tuple:
        stamp: list[Any] = []
        for file in registry_files(self.path, self.data_dir):
            try:
                st = file.stat()
                stamp.append((st.st_mtime_ns, st.st_size))
            except OSError:
                stamp.append(None)
        return (*stamp, today())

    def get(self) -> LoadResult:
        stamp = self._current_stamp()
        with self._lock:
            if stamp != self._stamp and not (self._thread and self._thread.is_alive()):
                self._thread = threading.Thread(target=self._reload, args=(stamp,), name="registry-reload",
                                                daemon=True)
                self._thread.start()
                self._started = time.monotonic()
            thread, first, waited_until = self._thread, self._stamp is None, self._started + self.wait
        if thread is not None:  # nothing to serve until the first load ends
            thread.join(None if first else max(0.0, waited_until - time.monotonic()))
        with self._lock:
            return LoadResult(self._good, self._error, bool(thread and thread.is_alive()))

    def settle(self, timeout: float = 60.0) -> LoadResult:
        """What `get` serves once the loader has caught up with the files on disk: waits for
        the reloads their changes start (up to `timeout`) instead of `wait`. For a command or
        a test that must see an edit's result, whatever the machine's load."""
        deadline = time.monotonic() + timeout
        while True:
            result = self.get()
            stamp = self._current_stamp()
            with self._lock:
                thread, caught_up = self._thread, self._stamp == stamp
            if (caught_up and not result.loading) or time.monotonic() >= deadline:
                return result
            if thread is not None:
                thread.join(max(0.0, deadline - time.monotonic()))

    def _reload(self, stamp: tuple) -> None:
        snapshot, error = None, None
        try:
            snapshot = load_snapshot(self.path, as_of=stamp[-1], in_child=self.in_child, **self.options).warm()
        except RegistryError as exc:
            error = exc
        except Exception as exc:  # noqa: BLE001 - a loading bug must not take the server down
            log.exception("loading %s failed", self.path)
            error = RegistryError.single(self.path, f"could not be loaded: {type(exc).__name__}: {exc}")
        with self._lock:
            if snapshot is not None:
                self._good = snapshot
            self._error = error
            self._stamp = stamp
        if snapshot is not None and self.in_child and len(snapshot.targets) >= self.ahead_from_targets:
            self._judge_ahead(snapshot, stamp)

    def _judge_ahead(self, snapshot: Snapshot, stamp: tuple) -> None:
        """Judge the next day's statuses now, in a child process at low priority, so that the
        first page after midnight is served from the cache instead of waiting while they are
        judged: on a New Year at 100,000 targets every year-end deadline passes (~13,000
        targets, several seconds). Skipped when they are cached, while one is being judged, and
        when the files have changed since `stamp` (the reload that follows judges ahead again)."""
        tomorrow = snapshot.as_of + dt.timedelta(days=1)
        directory = Path(self.options["cache_dir"]) if self.options.get("cache_dir") else default_cache_dir(self.path)
        if (directory / snapshot.key / f"targets-{tomorrow.isoformat()}.arrow").exists() or \
                (self._ahead is not None and self._ahead.is_alive()):
            return

        def judge() -> None:
            if self._current_stamp()[:-1] != stamp[:-1]:
                return
            try:
                build_in_child(self.path, self.data_dir, self.options.get("sources_dir"),
                               self.options.get("check_sources", True), tomorrow, directory, nice=10)
            except (RegistryError, OSError) as exc:  # best effort: midnight then judges it as before
                log.warning("could not judge the statuses of %s ahead: %s", tomorrow, exc)

        self._ahead = threading.Thread(target=judge, name="judge-ahead", daemon=True)
        self._ahead.start()
