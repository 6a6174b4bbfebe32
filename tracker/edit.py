"""Appending entries to the registry: validated first, written whole or not at all.

The new entry's lines are spliced into the file where ruamel.yaml's round trip would append
them (tracker/splice.py), so every comment, the key order and the formatting of the rest of the
file stay as they were, byte for byte; a file of unusual layout goes through the round trip
itself. The write goes to a temporary file beside the registry that is fsynced and renamed over
it, under a lock, so concurrent edits all land (each waits its turn) and a crash leaves the old
file whole.

`append_entry` (add-figure, add-target) validates the new entry alone, against the last valid
state of the registry: the ids of its targets and figures recorded under the content key of its
files (tracker/snapshot.py's key, the same files and code) by the previous edit, or read from
the dashboard's snapshot of that content. With no such record (the first edit, or a file edited
by hand since) the whole registry is validated with the new entry, as `add_entry` always does,
and the record is written for the next edit. Work is then proportional to the change: about a
second at 10,000 targets instead of minutes.
"""

from __future__ import annotations

import contextlib
import errno
import io
import json
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Callable, Iterator, Sequence

from filelock import FileLock, Timeout
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from . import claim_files, new_source, splice, yamlio
from .errors import Problem, RegistryError
from . import edit_state
from .edit_state import KINDS
from .registry import Registry, load_registry

log = logging.getLogger(__name__)

LOCK_TIMEOUT_SECONDS = 60  # TRACKER_LOCK_TIMEOUT replaces it
WAIT_NOTICE_SECONDS = 2    # a writer waiting longer than this says so


def round_trip_yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.allow_unicode = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.representer.add_representer(
        type(None), lambda rep, _: rep.represent_scalar("tag:yaml.org,2002:null", "null"))
    return yaml


def round_trip(text: str) -> str:
    """Load and dump with no change: must give back the same text."""
    yaml = round_trip_yaml()
    out = io.StringIO()
    yaml.dump(yaml.load(text), out)
    return out.getvalue()


def _quoted_dates(entry: Any) -> Any:
    """Dates are written quoted, so PyYAML and ruamel read them alike."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    if isinstance(entry, dict):
        out = CommentedMap()
        for key, value in entry.items():
            if value is None:
                continue
            if key in ("date", "start", "end", "as_of", "published", "retrieved") and isinstance(value, (str, int)):
                out[key] = DoubleQuotedScalarString(str(value))
            elif key == "comparator":
                out[key] = DoubleQuotedScalarString(value)
            else:
                out[key] = _quoted_dates(value)
        return out
    if isinstance(entry, list):
        seq = CommentedSeq()
        seq.extend(_quoted_dates(item) for item in entry)
        return seq
    return entry


def add_entry(path: str | Path, kind: str, entry: dict, *, archive: tuple[Path, bytes] | None = None,
              **load_options: Any) -> Registry:
    """Append one target (kind 'targets'), figure ('figures') or source ('sources', to
    data/sources.yaml) to the registry at `path`. Returns the new registry; raises
    RegistryError and writes nothing if the result would be invalid. `archive` (file, bytes)
    is a new source's text: written first, so its quotes and checksum are checked, and removed
    again if the entry is refused."""
    if kind not in ("targets", "figures", "sources"):
        raise ValueError(f"kind must be 'targets', 'figures' or 'sources', not {kind!r}")
    path = Path(path)
    file = path
    data_dir = Path(load_options["data_dir"]) if load_options.get("data_dir") else path.parent / "data"
    if kind == "sources":
        file = data_dir / "sources.yaml"
    with registry_lock(path):
        if kind != "sources" and path.is_dir():  # a folder registry: the file of the entry's place
            catalogues = edit_state.catalogues(path, data_dir, load_options.get("sources_dir"))[0]
            file = claim_files.entry_file(path, catalogues, entry.get("place"))
        remove_stale_temporaries(file)
        on_record = new_source.state_on_record(path, data_dir, load_options.get("sources_dir"),
                                               load_options.get("check_sources", True)) if kind == "sources" else None
        written = None
        if archive is not None:
            target, data = archive
            if target.exists():
                raise ValueError(f"a text named {target.name} is already in the source folder: give another --id")
            target.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(target, lambda handle: handle.write(data))
            written = target
        try:
            if on_record is not None:  # a new source, checked on its own against the valid state
                added = new_source.add_on_record(on_record, path, entry, data_dir, load_options.get("sources_dir"),
                                                 load_options.get("check_sources", True))
                if added is not None:
                    return added
            new_text = _appended(file, kind, entry)
            override = {"catalogue_texts": {"sources": new_text}} if kind == "sources" else \
                {"text": new_text, "text_file": file}
            registry = load_registry(path, **override, **load_options)
        except BaseException:
            if written is not None:
                written.unlink(missing_ok=True)
            raise
        if kind != "sources" and load_options.get("check_sources", True):
            _refuse_unverified(file, entry, registry)
        file.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(file, new_text)
        edit_state.record_ids(path, edit_state.state_key(path, registry.data_dir, registry.text_folders,
                                                         load_options.get("check_sources", True)),
                              {"targets": [t.id for t in registry.targets], "figures": [f.id for f in registry.figures]})
        return registry


def _refuse_unverified(file: Path, entry: dict, registry: Registry) -> None:
    """A new claim's quote must be checked against its text: one whose text is not found is
    not added unverified."""
    from .sources import MISSING

    for statement in entry.get("statements") or []:
        if registry.text_status.get(statement.get("source")) == MISSING:
            source = registry.sources[statement["source"]]
            raise RegistryError.single(
                file, f"the text of {source.id} ({source.file}) is not found under "
                      f"{registry.text_folders.describe()}: its quote cannot be checked; put the text there, "
                      f"or register it with `tracker add-source`", field="statements.0.source")


def _appended(file: Path, kind: str, entry: dict) -> str:
    """The text of `file` with `entry` appended to its `kind` list, all else kept as it was."""
    original = yamlio.read_text(file) if os.path.lexists(file) else ""  # a symlink loop is read: a located problem
    if kind in (*KINDS, "sources"):
        spliced = _spliced(original, kind, entry)
        if spliced is not None:
            return spliced.text
    return _round_tripped(file, original, kind, entry)


def _round_tripped(file: Path, original: str, kind: str, entry: dict) -> str:
    """`original` with `entry` appended by ruamel's round trip of the whole document: any
    layout, but minutes at 10,000 targets."""
    if original.strip():
        yamlio.load(original, file)  # the file as the loader reads it: a located problem, never ruamel's traceback
    yaml = round_trip_yaml()
    document = yaml.load(original) if original.strip() else None
    if document is None:
        document = CommentedMap()
    if not isinstance(document, CommentedMap):
        raise RegistryError.single(file, f"expected a mapping with a `{kind}:` list")
    if document.get(kind) is None:
        document[kind] = CommentedSeq()
    document[kind].append(_quoted_dates(entry))
    out = io.StringIO()
    yaml.dump(document, out)
    return out.getvalue()


def entry_lines(kind: str, entry: dict) -> str:
    """The lines the round trip writes for `entry` appended to a `kind:` list (`  - id: …`)."""
    yaml = round_trip_yaml()
    out = io.StringIO()
    yaml.dump(CommentedMap({kind: CommentedSeq([_quoted_dates(entry)])}), out)
    return out.getvalue().removeprefix(f"{kind}:\n")


def _spliced(original: str, kind: str, entry: dict) -> splice.Splice | None:
    return _spliced_batch(original, [(kind, entry)])


def _spliced_batch(original: str, entries: Sequence[tuple[str, dict]]) -> splice.Splice | None:
    return splice.spliced(original, [(kind, entry_lines(kind, entry)) for kind, entry in entries])


@dataclass(frozen=True)
class Appended:
    """What `append_entries` did: the counts of the registry it wrote."""
    targets: int
    figures: int
    validated: str  # "entry" (the new entries against the last valid state) or "whole"
    files: tuple[Path, ...] = ()  # the files written (in a folder registry, those of the entries' places)

    @property
    def file(self) -> Path | None:
        return self.files[0] if self.files else None


def append_entry(path: str | Path, kind: str, entry: dict, **options: Any) -> Appended:
    """Append one target (kind 'targets') or figure ('figures'): `append_entries` of one."""
    return append_entries(path, [(kind, entry)], **options)


def append_entries(path: str | Path, entries: Sequence[tuple[str, dict]], *, data_dir: str | Path | None = None,
                   sources_dir: str | Path | None = None, check_sources: bool = True,
                   resolve: Callable[[Registry, dict], None] | None = None,
                   on_wait: Callable[[str], None] | None = None, file: str | Path | None = None) -> Appended:
    """Append targets and figures (`entries`: (kind, entry) pairs, kind 'targets' or
    'figures') to the registry at `path`, under one lock, all or none: one write of the
    registry file, or in a folder registry one write of each file the entries go into
    (`file`, a path in the folder, else the file of each entry's place: `entry_file`).
    Only the new entries are validated (each against the last valid state of the registry and
    the batch's entries before it: a duplicate id within the batch is refused) when that state
    is on record (see the module's docstring), else the whole registry with them.
    `resolve(catalogues, entry)` may turn the names a person typed into ids first (it gets a
    Registry with the catalogues only). Raises RegistryError, and writes nothing, if any entry
    is refused: every problem of every entry, each with its file and line."""
    entries = list(entries)
    if not entries:
        raise ValueError("no entries to append")
    for kind, _ in entries:
        if kind not in KINDS:
            raise ValueError(f"kind must be 'targets' or 'figures', not {kind!r}")
    path = Path(path)
    data_dir = Path(data_dir) if data_dir else path.parent / "data"
    options = {"data_dir": data_dir, "sources_dir": sources_dir, "check_sources": check_sources}
    folder = path.is_dir()

    with registry_lock(path, on_wait):
        catalogues, locators, source_entries = edit_state.catalogues(path, data_dir, sources_dir)
        if resolve is not None:
            for _, entry in entries:
                resolve(catalogues, entry)
        groups: dict[Path, list[tuple[str, dict]]] = {}
        for kind, entry in entries:
            written = claim_files.entry_file(path, catalogues, entry.get("place"), file) if folder else path
            groups.setdefault(written, []).append((kind, entry))
        folders = catalogues.text_folders
        key = edit_state.state_key(path, data_dir, folders, check_sources)
        originals = {}
        for written in groups:
            remove_stale_temporaries(written)
            # a symlink loop is read: a located problem
            originals[written] = yamlio.read_text(written) if os.path.lexists(written) else ""
        # The key again: a file changed by hand while it was read is not the one on record.
        unchanged = key == edit_state.state_key(path, data_dir, folders, check_sources)
        known = edit_state.known_ids(path, key) if unchanged and (folder or originals[path].strip()) else None
        splices = {written: _spliced_batch(originals[written], batch) if originals[written].strip() or not folder
                   else splice.new_file([(kind, entry_lines(kind, entry)) for kind, entry in batch])
                   for written, batch in groups.items()}
        if known is None or None in splices.values():
            known = _validated_whole(path, groups, originals, splices, options)
            validated = "whole"
        else:
            problems: list[Problem] = []
            for written, batch in groups.items():
                problems += _new_entries_problems(written, batch, splices[written], catalogues, locators,
                                                  source_entries, known, folders, check_sources)
            if problems:
                raise RegistryError(problems)
            for written, spliced in splices.items():
                written.parent.mkdir(parents=True, exist_ok=True)  # a new place's folder, in a folder registry
                atomic_write(written, spliced.write)
            validated = "entry"
        edit_state.record_ids(path, edit_state.state_key(path, data_dir, folders, check_sources), known)
        return Appended(len(known["targets"]), len(known["figures"]), validated, tuple(groups))


def _validated_whole(path: Path, groups: dict[Path, list[tuple[str, dict]]], originals: dict[Path, str],
                     splices: dict[Path, "splice.Splice | None"], options: dict[str, Any]) -> dict[str, list]:
    """No record of a valid state, or an unusual layout: the whole registry is validated with
    the new entries (in a folder registry, file after file), then written. The ids it holds."""
    for written, batch in groups.items():
        spliced = splices[written]
        text = spliced.text if spliced is not None else originals[written]
        for kind, entry in batch if spliced is None else ():
            text = _round_tripped(written, text, kind, entry)
        registry = load_registry(path, text=text, text_file=written, **options)
        if options["check_sources"]:
            for _, entry in batch:
                _refuse_unverified(written, entry, registry)
        written.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(written, text)
    return {"targets": [t.id for t in registry.targets], "figures": [f.id for f in registry.figures]}


def _new_entries_problems(file: Path, entries: list[tuple[str, dict]], spliced: splice.Splice, catalogues: Registry,
                          locators: dict, source_entries: list, known: dict[str, list], folders,
                          check_sources: bool) -> list[Problem]:
    """The problems of each new entry, as `file` will read it, against the last valid state
    (`known`: the ids on record, to which each entry's id is added) and the entries before it."""
    from .validate import check_new_claim

    by_id = {name: {id_: i for i, id_ in enumerate(ids)} for name, ids in known.items()}
    problems: list[Problem] = []
    for position, (kind, entry) in enumerate(entries):
        index = len(known[kind])
        data = yamlio.load(f"{kind}:\n{spliced.entry_lines(position)}", file)[kind][0]
        locators["claims"] = splice.EntryLocator(spliced, position, file, kind, index)
        found = check_new_claim(catalogues, kind, data, index, locators, source_entries, by_id,
                                folders if check_sources else None)
        if not found and check_sources:
            _refuse_unverified(file, entry, catalogues)
        problems += found
        new_id = data.get("id") if isinstance(data, dict) else None
        known[kind].append(new_id)
        if isinstance(new_id, str):
            by_id[kind].setdefault(new_id, index)
    return problems


@contextlib.contextmanager
def registry_lock(path: Path, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the registry's lock: concurrent edits take turns. A writer waiting longer than
    WAIT_NOTICE_SECONDS says so through `on_wait`; one that cannot get the lock within the
    timeout raises OSError (EBUSY), one line, having changed nothing."""
    timeout = float(os.environ.get("TRACKER_LOCK_TIMEOUT") or LOCK_TIMEOUT_SECONDS)
    lock = FileLock(str(path) + ".lock")
    try:
        lock.acquire(timeout=min(WAIT_NOTICE_SECONDS, timeout))
    except Timeout:
        if on_wait is not None:
            on_wait(f"waiting for another edit of {path.name} to finish…")
        try:
            lock.acquire(timeout=max(0.0, timeout - WAIT_NOTICE_SECONDS))
        except Timeout:
            raise OSError(errno.EBUSY, f"another edit of {path.name} held its lock for over {timeout:g} s; "
                                       "try again when it is done", str(path)) from None
    try:
        yield
    finally:
        lock.release()


def remove_stale_temporaries(file: Path) -> list[Path]:
    """Delete the temporary files a writer killed mid-write left beside `file`
    (`.targets.yaml.*.tmp`). Called under the registry's lock: no writer is using them."""
    real = Path(os.path.realpath(file))
    removed = []
    for stale in real.parent.glob(f".{real.name}.*.tmp"):
        try:
            stale.unlink()
            removed.append(stale)
        except OSError:
            continue  # not ours to delete: leave it
    return removed


def atomic_write(path: Path, content: str | Callable[[BinaryIO], None]) -> None:
    """Write to a temporary file in the same folder, fsync, rename over `path`, fsync the
    folder: a reader sees the old file or the new one, never a part. `content` is text (written
    as UTF-8) or a function that writes bytes to the open file."""
    # Through a symlink, the real file is replaced, not the link (realpath: a loop is no crash;
    # the open below then names the file).
    path = Path(os.path.realpath(path))
    if path.exists() and not path.stat().st_mode & 0o222:  # by its mode: root may write anything
        raise RegistryError.single(path, "the file is read-only (no write permission): make it writable first")
    folder = path.parent
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            if isinstance(content, str):
                stream.write(content.encode("utf-8"))
            else:
                content(stream)
            stream.flush()
            os.fsync(stream.fileno())
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o777)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
    directory = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
