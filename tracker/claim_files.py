"""The registry's claims, file by file: `targets.yaml`, or every `*.yaml` under a folder
(`registry/zhejiang/hangzhou.yaml` …), each holding `targets:` and `figures:` (either may be
absent).

Each file is parsed and checked on its own: its schema, and every rule that needs the
catalogues but no other claim (`validate.claims_check`). The rules between claims (ids unique
across files, links) are `validate.merged_check`'s, over all files at once. So a folder
registry's file whose content has not changed need not be parsed again: its entries are
kept, once they passed, as a record under the hash of the file's bytes and the key of the
catalogues it was checked against (`<cache>/files/<key>.json`), and an edit re-parses the one
file it changed. Files not on record are parsed in a pool of processes when there are many
(both cores for a cold build: this process parses files too). Each holds one file's YAML
at a time, so their memory is bounded by the largest file, not the registry; as many parse
as the cores allow and the memory budget (TRACKER_BUILD_MEMORY) holds.
"""

from __future__ import annotations

import collections
import logging
import os
import pickle
import tempfile
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any, Callable

import xxhash
from pydantic import TypeAdapter

from . import yamlio
from .errors import Problem, RegistryError
from .memory import shared_field_sets
from .schema import Figure, Target

log = logging.getLogger(__name__)

SECTIONS = ("targets", "figures")
# How many times each claim file's YAML was parsed in this process (by it or its pool): what
# the per-file records save, and what the tests watch.
PARSED: collections.Counter[str] = collections.Counter()
POOL_MIN_FILES = 8  # fewer files to parse than this are parsed here: starting workers costs ~0.5 s
_RECORDS = TypeAdapter(tuple[list[Target], list[Figure]])


def claim_files(path: Path) -> list[Path]:
    """`path` itself for a one-file registry; for a folder, every `*.yaml` under it (hidden
    files and folders left out), in the order of their paths."""
    if not path.is_dir():
        return [path]
    found = [file for file in path.rglob("*.yaml")
             if not any(part.startswith(".") for part in file.relative_to(path).parts)]
    return sorted(found, key=lambda file: file.relative_to(path).as_posix())


def entry_file(folder: Path, catalogues, place: Any, chosen: str | Path | None = None) -> Path:
    """The file of a folder registry that a new entry goes into: `chosen` (`--file`, a path in
    the folder) if given; else the file named after the entry's place (`hangzhou.yaml`,
    anywhere in the folder), or after its nearest ancestor that has one; else a new file for
    the place, in folders named after its ancestors below the country
    (`zhejiang/hangzhou/xihu.yaml`). Its lines then diff under that place's file in git."""
    if chosen is not None:
        file = Path(chosen) if Path(chosen).is_absolute() else folder / chosen
        if file.suffix != ".yaml" or not Path(os.path.abspath(file)).is_relative_to(os.path.abspath(folder)):
            raise RegistryError.single(chosen, f"--file must name a .yaml file inside the registry folder {folder.name}/")
        return Path(os.path.abspath(file))
    if not isinstance(place, str) or place not in catalogues.places:
        return folder / "unplaced.yaml"  # the entry is refused for its place: this file is only named
    lineage = [place, *catalogues.ancestors(place)]
    by_place: dict[str, Path] = {}
    for file in claim_files(folder):
        by_place.setdefault(file.stem, file)
    for candidate in lineage:
        if candidate in by_place:
            return by_place[candidate]
    below_country = list(reversed(lineage))[1:] or [place]
    return folder.joinpath(*below_country[:-1], f"{below_country[-1]}.yaml")


class FileLocator(yamlio.Locator):
    """A file's locator that reads the file only when a problem must be placed: a file on
    record is not read as text at all."""

    def __init__(self, file: Path, text: str | None = None):
        super().__init__(text or "", file)
        self._path, self._read = file, text is not None

    def problem(self, path, field: str, message: str) -> Problem:
        if not self._read:
            try:
                self.text = yamlio.read_text(self._path)
            except RegistryError:
                self.text = ""
            self._read = True
        return super().problem(path, field, message)


@dataclass
class FileClaims:
    """One file's claims that passed its own checks, as (index in the file, entry) pairs."""
    file: Path
    targets: list[tuple[int, Target]] = field(default_factory=list)
    figures: list[tuple[int, Figure]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # the file's own: unreadable, syntax, schema
    checked: list[Problem] = field(default_factory=list)  # its claims against the catalogues (claims_check)
    locator: yamlio.Locator | None = None
    from_record: bool = False
    unreadable: bool = False  # not read as a mapping at all: nothing of it could be checked
    # the hash of the bytes checked and of the Context's key (`file_hash`): names its record,
    # and tells an incremental snapshot build (tracker/incremental.py) which files changed
    record_key: str | None = None

    def __post_init__(self) -> None:
        self.locator = self.locator or FileLocator(self.file)


@dataclass
class Context:
    """What a file's claims are checked against: the catalogues (a Registry without claims)
    and the source texts found; `key` names both (tracker/cache_key.py's content_key)."""
    catalogues: Any
    source_texts: dict[str, str]
    key: str
    records: Path | None  # where the files' records live; None: none kept
    used: set[str] = field(default_factory=set)  # the records of the files as they are now


def check_text(context: Context, file: Path, text: str) -> FileClaims:
    """Parse one file's text and check its claims on their own."""
    from .registry import _entries
    from .validate import claims_check

    PARSED[str(file)] += 1
    locator = yamlio.Locator(text, file)
    claims = FileClaims(file, locator=locator)
    try:
        data = yamlio.load(text, file)
    except RegistryError as exc:
        claims.problems.extend(exc.problems)
        claims.unreadable = True
        return claims
    if not isinstance(data, dict):
        claims.problems.append(locator.problem([], "-", "expected a mapping with `targets:` and `figures:` lists"))
        claims.unreadable = True
        return claims
    for key in data:
        if key not in SECTIONS:
            claims.problems.append(locator.problem([key], str(key), "unknown section: expected `targets:` and `figures:`"))
    for kind, model in (("targets", Target), ("figures", Figure)):
        pairs = _entries(data.get(kind), model, locator, kind, claims.problems)
        claims_check(context.catalogues, kind, pairs, locator, context.source_texts, claims.checked)
        setattr(claims, kind, pairs)
    return claims


def file_hash(data: bytes, context_key: str) -> str:
    """A claim file's content hash as checked against the Context named `context_key`."""
    digest = xxhash.xxh3_128(data)  # fed in parts: no copy of a large file's bytes
    digest.update(b"\0" + context_key.encode())
    return digest.hexdigest()



def _read_record(context: Context, key: str) -> tuple[list[Target], list[Figure]] | None:
    if context.records is None:
        return None
    try:
        return _entries_from_json((context.records / f"{key}.json").read_bytes())
    except (OSError, ValueError):  # a record that cannot be read is parsed again
        return None


def _write_record(context: Context, key: str, claims: FileClaims, content: bytes) -> None:
    """Best effort: a file with no problems is kept for the next load. Written whole
    (temporary file, then rename) but not fsynced: a record lost in a crash is parsed again,
    and 3,000 fsyncs would cost more than the parsing they save."""
    if context.records is None or claims.problems or claims.checked:
        return
    record = context.records / f"{key}.json"
    try:
        context.records.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{record.name}.", suffix=".tmp", dir=context.records)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(content)
            os.replace(temporary, record)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
    except OSError as exc:
        log.warning("could not keep the record of %s (%s)", claims.file, exc)


def _entries_json(claims: FileClaims) -> bytes:
    return _RECORDS.dump_json(([t for _, t in claims.targets], [f for _, f in claims.figures]))


def _entries_from_json(data: bytes) -> tuple[list[Target], list[Figure]]:
    """A file's entries back from `_entries_json`'s JSON (a record, a worker's answer)."""
    targets, figures = _RECORDS.validate_json(data)
    return shared_field_sets(targets), shared_field_sets(figures)


def _check_file(context: Context, file: Path) -> tuple[FileClaims, bytes | None]:
    """One file read from disk, checked, and kept on record if it passed; with its entries as
    JSON (None if it could not be read)."""
    try:
        data = yamlio.read_bytes(file)
        text = yamlio.decode(data, file)
    except RegistryError as exc:
        return FileClaims(file, problems=list(exc.problems), unreadable=True), None
    claims = check_text(context, file, text)
    claims.record_key = file_hash(data, context.key)
    content = _entries_json(claims)
    _write_record(context, claims.record_key, claims, content)
    if not claims.problems and not claims.checked:  # placed again from the file if a merged check needs it
        claims.locator = FileLocator(file)
    return claims, content


_WORKER_CONTEXT: Context | None = None


def _start_worker(context_file: str) -> None:
    # The Context comes as a file, not as an argument: an argument of ~1 MB is written to the
    # worker's pipe, and the parent would wait (~0.5 s a worker) for each to start and read it.
    global _WORKER_CONTEXT
    with open(context_file, "rb") as stream:
        _WORKER_CONTEXT = pickle.load(stream)


def _check_in_worker(file: Path) -> tuple:
    """A worker's answer, small to send back: the entries as JSON, not as models."""
    claims, content = _check_file(_WORKER_CONTEXT, file)
    return ([i for i, _ in claims.targets], [i for i, _ in claims.figures], content or _entries_json(claims),
            claims.problems, claims.checked, claims.unreadable, claims.record_key)


def _from_answer(file: Path, answer: tuple) -> FileClaims:
    target_index, figure_index, entries, problems, checked, unreadable, record_key = answer
    targets, figures = _entries_from_json(entries)
    PARSED[str(file)] += 1
    return FileClaims(file, list(zip(target_index, targets)), list(zip(figure_index, figures)), problems, checked,
                      unreadable=unreadable, record_key=record_key)


# A parsing process's memory: the interpreter with the catalogues, and the parsed YAML of one
# file, ~45 times its size (PyYAML's objects, then pydantic's). Measured on the synthetic registries.
WORKER_BASE_BYTES = 150_000_000
YAML_BYTES_PER_FILE_BYTE = 45
DEFAULT_BUILD_MEMORY = 2_000_000_000  # bytes all of them together may use: TRACKER_BUILD_MEMORY


def workers(largest_file: int = 0) -> int:
    """How many processes parse files, this one included: TRACKER_BUILD_WORKERS, else the
    cores this process may use, fewer if that many parsing files of `largest_file` bytes
    would exceed the memory budget
    (TRACKER_BUILD_MEMORY bytes, default 2 GB)."""
    setting = os.environ.get("TRACKER_BUILD_WORKERS")
    if setting:
        return max(1, int(setting))
    budget = int(os.environ.get("TRACKER_BUILD_MEMORY") or DEFAULT_BUILD_MEMORY)
    per_worker = WORKER_BASE_BYTES + YAML_BYTES_PER_FILE_BYTE * largest_file
    return max(1, min(len(os.sched_getaffinity(0)), budget // per_worker))


def load_claims(files: list[Path], context: Context, texts: dict[Path, str] | None = None,
                progress: Callable[[int, int], None] | None = None) -> list[FileClaims]:
    """Every file's claims, in the order of `files`: from its record when one is kept for its
    content, else parsed (`texts` replaces a file's content: an edit checked before it is
    written), by this process and `workers() - 1` worker processes when there are
    POOL_MIN_FILES or more.
    `progress(done, total)` is called as files are done."""
    texts = texts or {}
    results: list[FileClaims | None] = [None] * len(files)
    todo: list[int] = []
    for position, file in enumerate(files):
        if file in texts:
            results[position] = check_text(context, file, texts[file])
            continue
        kept, key = None, None
        if context.records is not None:
            try:
                key = file_hash(yamlio.read_bytes(file), context.key)
                context.used.add(key)
                kept = _read_record(context, key)
            except RegistryError:
                kept = None  # parsed below, and the problem located there
        if kept is None:
            todo.append(position)
        else:
            results[position] = FileClaims(file, list(enumerate(kept[0])), list(enumerate(kept[1])), from_record=True,
                                           record_key=key)
    done = len(files) - len(todo)
    if progress:
        progress(done, len(files))
    largest = max((_size(files[p]) for p in todo), default=0)
    processes = min(workers(largest), len(todo))
    if processes > 1 and len(todo) >= POOL_MIN_FILES:
        _check_shared(files, todo, context, results, processes - 1, done, progress)
    else:
        for position in todo:
            results[position] = _check_file(context, files[position])[0]
            done += 1
            if progress:
                progress(done, len(files))
    return results  # type: ignore[return-value]


def _check_shared(files: list[Path], todo: list[int], context: Context, results: list, pool_size: int,
                  done: int, progress: Callable[[int, int], None] | None) -> None:
    """Check the files at `todo` in `pool_size` worker processes and this one: the workers take
    the largest first, this process the smallest meanwhile. This process would otherwise only
    turn the workers' JSON into models, and each file it checks itself is one it need not."""
    order = sorted(todo, key=lambda position: _size(files[position]), reverse=True)
    front, back = 0, len(order)  # the workers take order[front], this process order[back - 1]
    pending: dict = {}
    handle, context_file = tempfile.mkstemp(prefix="tracker-context-", suffix=".pickle")
    try:
        with os.fdopen(handle, "wb") as stream:
            pickle.dump(context, stream, protocol=pickle.HIGHEST_PROTOCOL)
        # spawn, not fork: a server's loader thread may hold locks a forked child would inherit
        with ProcessPoolExecutor(pool_size, mp_context=get_context("spawn"), initializer=_start_worker,
                                 initargs=(context_file,)) as pool:
            while front < back or pending:
                while front < back and len(pending) < 2 * pool_size:  # each worker has its next file waiting
                    pending[pool.submit(_check_in_worker, files[order[front]])] = order[front]
                    front += 1
                finished = [future for future in pending if future.done()]
                if not finished and front >= back:
                    finished = list(wait(pending, return_when=FIRST_COMPLETED).done)
                for future in finished:
                    position = pending.pop(future)
                    results[position] = _from_answer(files[position], future.result())
                if not finished:
                    back -= 1
                    results[order[back]] = _check_file(context, files[order[back]])[0]
                done += len(finished) or 1
                if progress:
                    progress(done, len(files))
    finally:
        os.unlink(context_file)


def _size(file: Path) -> int:
    try:
        return file.stat().st_size
    except OSError:
        return 0


def prune_records(context: Context, keep_seconds: float = 600) -> None:
    """Remove the records of no file as it is now, unwritten for a while (every edit of a
    file leaves one behind; another process may still be loading the older content)."""
    if context.records is None or not context.records.is_dir():
        return
    now = time.time()
    for record in context.records.glob("*.json"):
        try:
            if record.stem not in context.used and now - record.stat().st_mtime > keep_seconds:
                record.unlink()
        except OSError:
            continue
