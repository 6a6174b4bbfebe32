"""The last valid state of a registry, as an edit needs it: what lets `tracker add-figure`
check one new entry instead of the whole registry again.

- the catalogues (places, actors, metrics, sources), schema-checked: parsing their YAML is
  most of an edit's time (a second at 10,000 targets), so the validated entries are kept as
  JSON under the content key of the catalogue files (and this package's code), and validated
  back through the same models on the next edit, as the snapshot does with its entries;
- the ids of the targets and figures of a registry known to be valid, under the snapshot's
  content key of all its files: recorded by the edit that wrote them, or read from the
  dashboard's snapshot of that content (a snapshot is only built from a valid registry).

Both live in the snapshot cache's folder (`edits/`), are written whole (atomic_write), and are
best effort: a record that is missing or cannot be read means the whole registry is validated.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from .errors import RegistryError
from .registry import CATALOGUE_FILES, Registry, load_catalogues
from .schema import Actor, Metric, Place, Source
from .sources import TextFolders

log = logging.getLogger(__name__)

KINDS = ("targets", "figures")
MODELS = {"places": Place, "actors": Actor, "metrics": Metric, "sources": Source}
_FOLDER = "edits"
_KEEP = 3  # records of each sort kept: the newest


def catalogues(path: Path, data_dir: Path, sources_dir: str | Path | None) -> tuple[Registry, dict, list]:
    """A Registry holding the catalogues only (schema-checked; their cross-checks are the
    whole registry's), the catalogues' locators, and the (index, source) pairs of
    data/sources.yaml. Raises RegistryError when a catalogue has a problem."""
    from . import yamlio

    entries, folders = catalogue_entries(path, data_dir, sources_dir)
    registry = Registry(path=path, data_dir=data_dir, targets=[], figures=[],
                        **{key: {item.id: item for _, item in entries[key]} for key in MODELS})
    registry.text_folders = folders
    # Located problems of a source (its text's checksum) are composed from its file when needed.
    sources_file = data_dir / CATALOGUE_FILES["sources"]
    locators = {"sources": yamlio.Locator(yamlio.read_text(sources_file), sources_file)}
    return registry, locators, entries["sources"]


def catalogue_entries(path: Path, data_dir: Path, sources_dir: str | Path | None) -> tuple[dict, TextFolders]:
    """The catalogues' (index, entry) pairs by key, schema-checked, and the text folders: from
    the record of their content, else parsed (and recorded). Raises RegistryError when a
    catalogue has a problem."""
    kept = _read_catalogues(_catalogues_record(data_dir, path), _override(sources_dir))
    if kept is not None:
        return kept
    entries, _, folders, problems = load_catalogues(path, data_dir, sources_dir)
    if problems:
        raise RegistryError(problems)
    record_catalogues(path, data_dir, sources_dir, entries, folders)
    return entries, folders


def record_catalogues(path: Path, data_dir: Path, sources_dir: str | Path | None, entries: dict,
                      folders: TextFolders) -> None:
    """Record the catalogues as the files under `data_dir` now hold them (`entries`: key →
    (index, entry) pairs), for the next edit."""
    _write(_catalogues_record(data_dir, path), json.dumps({
        "override": _override(sources_dir), "own": str(folders.own), "search": [str(f) for f in folders.search],
        **{key: [[i, item.model_dump(mode="json")] for i, item in entries[key]] for key in MODELS}},
        ensure_ascii=False))


def _catalogues_record(data_dir: Path, path: Path) -> Path:
    from .cache_key import content_key

    files = [data_dir / name for name in CATALOGUE_FILES.values()]
    return _folder(path) / f"catalogues-{content_key(files, check_sources=False)}.json"


def _override(sources_dir: str | Path | None) -> str:
    return str(sources_dir or os.environ.get("TRACKER_SOURCES") or "")


def _read_catalogues(record: Path, override: str) -> tuple[dict, TextFolders] | None:
    try:
        kept = json.loads(record.read_bytes())
        if kept.get("override") != override:
            return None
        entries = {key: list(zip([i for i, _ in kept[key]],
                                 TypeAdapter(list[model]).validate_python([row for _, row in kept[key]])))
                   for key, model in MODELS.items()}
        return entries, TextFolders(Path(kept["own"]), tuple(Path(f) for f in kept["search"]))
    except (OSError, ValueError, KeyError, TypeError):  # pydantic's ValidationError is a ValueError
        return None


def state_key(path: Path, data_dir: Path, folders: TextFolders | None, check_sources: bool) -> str:
    """The snapshot's content key of the registry's files: what they hold, this package's code
    and (with check_sources) the texts the quotes are checked against."""
    from .cache_key import content_key, registry_files

    return content_key(registry_files(path, data_dir), folders=folders if check_sources else None,
                       check_sources=check_sources, root=path if path.is_dir() else None)


def known_ids(path: Path, key: str) -> dict[str, list[str]] | None:
    """The ids of the targets and figures, in order, of the registry whose files have content
    key `key`, if it is known to be valid; else None."""
    from .cache_key import default_cache_dir

    try:
        recorded = json.loads((_folder(path) / f"ids-{key}.json").read_bytes())
        if isinstance(recorded, dict) and all(isinstance(recorded.get(k), list) for k in KINDS):
            return {k: recorded[k] for k in KINDS}
    except (OSError, ValueError):
        pass
    return _snapshot_ids(default_cache_dir(path) / key)


def _snapshot_ids(folder: Path) -> dict[str, list[str]] | None:
    if not folder.is_dir():
        return None
    import pyarrow as pa

    from .snapshot import _read_table

    try:
        dated = sorted(folder.glob("targets-*.arrow"))
        if not dated:
            return None
        return {"targets": _read_table(dated[-1]).column("id").to_pylist(),
                "figures": _read_table(folder / "figures.arrow").column("id").to_pylist()}
    except (OSError, KeyError, pa.ArrowException):
        return None


def record_ids(path: Path, key: str, ids: dict[str, list[Any]]) -> None:
    """Record the ids of the valid registry just written, for the next edit."""
    _write(_folder(path) / f"ids-{key}.json", json.dumps({k: ids[k] for k in KINDS}, ensure_ascii=False))


def _folder(path: Path) -> Path:
    from .cache_key import default_cache_dir

    return default_cache_dir(path) / _FOLDER


def _write(record: Path, text: str) -> None:
    """Best effort: a cache that cannot be written costs the next edit time, nothing else."""
    from .edit import atomic_write

    try:
        record.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(record, text)
        sort = record.name.split("-")[0]
        older = sorted(record.parent.glob(f"{sort}-*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in older[_KEEP:]:
            old.unlink(missing_ok=True)
    except (OSError, RegistryError) as exc:
        log.warning("could not keep %s (%s)", record, exc)
