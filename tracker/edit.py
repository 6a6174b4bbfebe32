"""Appending entries to the registry: validated first, written whole or not at all.

The file is edited with ruamel.yaml's round trip, so every comment, the key order and the
formatting of the rest of the file stay as they were. The new text is validated as a whole
registry before it is written; the write goes to a temporary file beside the registry that is
fsynced and renamed over it, under a lock, so concurrent edits all land and a crash leaves
the old file whole.
"""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path
from typing import Any, BinaryIO, Callable

from filelock import FileLock
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from .errors import RegistryError
from .registry import Registry, load_registry

LOCK_TIMEOUT_SECONDS = 60


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
    if kind == "sources":
        file = (Path(load_options["data_dir"]) if load_options.get("data_dir") else path.parent / "data") / "sources.yaml"
    with FileLock(str(path) + ".lock", timeout=LOCK_TIMEOUT_SECONDS):
        remove_stale_temporaries(file)
        new_text = _appended(file, kind, entry)
        written = None
        if archive is not None:
            target, data = archive
            if target.exists():
                raise ValueError(f"a text named {target.name} is already in the source folder: give another --id")
            target.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(target, lambda handle: handle.write(data))
            written = target
        try:
            override = {"catalogue_texts": {"sources": new_text}} if kind == "sources" else {"text": new_text}
            registry = load_registry(path, **override, **load_options)
        except BaseException:
            if written is not None:
                written.unlink(missing_ok=True)
            raise
        if kind != "sources" and load_options.get("check_sources", True):
            _refuse_unverified(file, entry, registry)
        atomic_write(file, new_text)
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
    from . import yamlio

    original = yamlio.read_text(file) if file.exists() else ""
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
