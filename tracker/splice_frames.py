"""The frames and entries of a snapshot put together from slices of an older one's and new
rows (tracker/incremental.py), as a cold build would have made them."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
from pydantic import TypeAdapter

from .memory import shared_field_sets


class TypesUnclear(Exception):
    """A spliced column's type cannot be told from its parts: the full build decides it."""


# A column of the spliced frames is kept in the slices it was put together from (copying every
# column of 585,000 figures costs seconds at 100,000 targets), up to this many: beyond, one array.
MAX_CHUNKS = 32


def concat(spans: list[tuple[bool, int, int]], base: pa.Table, new: pa.Table) -> pa.Table:
    """The rows at `spans` ((of the base?, start, length) one after the other) of `base` and
    `new`, each column of the type a cold build infers over all its rows."""
    merged: list[tuple[bool, int, int]] = []  # the unchanged files' rows side by side are one slice
    for from_base, start, length in spans:
        if merged and merged[-1][0] == from_base and sum(merged[-1][1:]) == start:
            merged[-1] = (from_base, merged[-1][1], merged[-1][2] + length)
        elif length:
            merged.append((from_base, start, length))
    columns = []
    for name in base.column_names:
        if name not in new.column_names and new.num_rows:
            raise TypesUnclear(f"the changed files' rows lack the base's column {name!r}")
        old_column, new_column = base.column(name), new.column(name) if name in new.column_names else None
        columns.append(column_of(name, [((old_column if from_base else new_column).slice(start, length), from_base)
                                      for from_base, start, length in merged], old_column))
    return pa.Table.from_arrays(columns, names=base.column_names)


def column_of(name: str, parts: list[tuple[pa.ChunkedArray, bool]], base_column: pa.ChunkedArray) -> pa.ChunkedArray:
    """One column of the spliced frame, of the type pandas infers from the Python values of a
    cold build's rows: none but missing values: null; whole numbers: int64 unless a value
    is missing (then float64); otherwise the type of its values."""
    if not parts:  # no rows: a cold build's empty frame has object columns
        return pa.chunked_array([], type=pa.null())
    arrays = [array for array, _ in parts]
    values = sum(len(a) - a.null_count for a in arrays)
    missing = any(a.null_count for a in arrays)
    if values == 0:
        return pa.chunked_array([pa.nulls(len(a)) for a in arrays], type=pa.null())
    types = {a.type for a in arrays if len(a) - a.null_count} - {pa.null()}
    if pa.int64() in types and types <= {pa.int64(), pa.float64()}:
        # whole numbers (a column's values are of one Python type): float64 in the base's
        # slices when the base missed a value somewhere
        wanted = pa.float64() if missing else pa.int64()
    elif types == {pa.float64()}:
        wanted = pa.float64()
        floats_seen = any(not from_base and a.type == pa.float64() and not a.null_count for a, from_base in parts)
        if not missing and not floats_seen and base_column.null_count:
            raise TypesUnclear(f"column {name!r} may be whole numbers again")
    elif len(types) == 1:
        wanted = types.pop()
    else:
        raise TypesUnclear(f"column {name!r} holds values of types {sorted(map(str, types))}")
    chunks = [chunk if chunk.type == wanted else chunk.cast(wanted) for a in arrays for chunk in a.chunks]
    if len(chunks) > MAX_CHUNKS:  # each edit adds a slice or two: made one again now and then
        chunks = [pa.concat_arrays(chunks)]
    return pa.chunked_array(chunks, type=wanted)


def entries_bytes(entries, start: int, stop: int) -> bytes:
    """Rows `start` to `stop` of a cached entries JSON (`new_day.Entries`), as its text."""
    return entries.data[entries.starts[start]:entries.starts[stop] - 1] if stop > start else b""



class SplicedEntries:
    """The new entries as `rejudge` reads them (`validated`), from the base's cached entries and
    the changed files' new ones, without scanning the new JSON again for where each starts."""

    def __init__(self, spans: list[tuple[bool, int, int]], base, new: list[bytes]):
        self.base, self.new = base, new
        self.spans = [(from_base, start, length) for from_base, start, length in spans if length]
        self.ends = np.cumsum([length for _, _, length in self.spans])

    def validated(self, model: type, rows) -> list:
        located = []  # (from the base?, row there) of each row asked for
        for row in rows:
            span = int(np.searchsorted(self.ends, row, side="right"))
            from_base, start, length = self.spans[span]
            located.append((from_base, start + row - (self.ends[span] - length)))
        base_rows = [at for from_base, at in located if from_base]
        from_base = iter(self.base.validated(model, base_rows) if base_rows else [])
        new = iter(shared_field_sets(TypeAdapter(list[model]).validate_json(
            b"[" + b",".join(self.new[at] for is_base, at in located if not is_base) + b"]")))
        return [next(from_base) if is_base else next(new) for is_base, _ in located]
