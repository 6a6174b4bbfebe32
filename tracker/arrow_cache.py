"""The files of the snapshot cache (tracker/snapshot.py): Arrow tables written whole or not at
all and read back memory-mapped, catalogues made from them entry by entry when asked for, and
the pruning of old snapshots."""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from .edit import atomic_write

log = logging.getLogger("tracker.snapshot")


class Catalogue(Mapping):
    """id -> catalogue entry, read from an Arrow table and made when first asked for: 15,000
    sources at 100,000 targets would take 60 ms to make at every start, and a page shows a
    handful. The entries were validated when the cache was written; they are not again."""

    def __init__(self, model: type, table: pa.Table):
        self._model, self._table, self._made = model, table, {}
        self._rows = {key: i for i, key in enumerate(table.column("id").to_pylist())}

    def __getitem__(self, key: str):
        made = self._made.get(key)
        if made is None:
            row = self._rows[key]
            made = self._made[key] = self._model.model_construct(
                **{name: self._table.column(name)[row].as_py() for name in self._table.column_names})
        return made

    def __contains__(self, key: object) -> bool:
        return key in self._rows

    def field(self, name: str) -> dict[str, Any]:
        """One field of every entry, by id, without making the entries."""
        values = self._table.column(name).to_pylist() if name in self._table.column_names else [None] * len(self._rows)
        return dict(zip(self._rows, values))

    def __iter__(self):
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)


def _write_frame(frame: pd.DataFrame, path: Path) -> None:
    _write_table(pa.Table.from_pandas(frame, preserve_index=False), path)


def _write_table(table: pa.Table, path: Path) -> None:
    def write(out) -> None:
        with pa.ipc.new_file(out, table.schema) as writer:
            writer.write_table(table)

    atomic_write(path, write)


def _read_table(path: Path) -> pa.Table:
    # Memory-mapped: the columns stay in the page cache, shared by every worker process.
    with pa.memory_map(str(path)) as source:
        return pa.ipc.open_file(source).read_all()


def _read_frame(path: Path) -> pd.DataFrame:
    return _read_table(path).to_pandas()


def prune(directory: Path, keep: Path, newest: int = 3, idle_seconds: float = 600) -> None:
    """Remove cached snapshots beyond the `newest` few (counting `keep`) unwritten for a while
    (~790 MB each at 100,000 targets: every edit would otherwise leave one behind), and in
    `keep`, the statuses of all but the newest few dates. A process still serving an old
    snapshot keeps its memory-mapped files: Linux frees them only when it lets go."""
    now = time.time()

    def stale(path: Path, rank: int) -> bool:
        return rank >= newest and now - path.stat().st_mtime > idle_seconds

    try:
        # edits/ and files/ hold the edits' and the files' records, not snapshots
        folders = sorted((p for p in directory.iterdir() if p.is_dir() and p != keep and p.name not in ("edits", "files")),
                         key=lambda p: p.stat().st_mtime, reverse=True)
        for rank, folder in enumerate(folders, start=1):
            if stale(folder, rank):
                shutil.rmtree(folder, ignore_errors=True)
                (directory / f"{folder.name}.lock").unlink(missing_ok=True)
        dated = sorted(keep.glob("targets-*.arrow"), key=lambda p: p.name, reverse=True)
        for rank, old in enumerate(dated):
            if stale(old, rank):
                old.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("could not prune the snapshot cache in %s (%s)", directory, exc)
