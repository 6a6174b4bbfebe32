"""Issue 17's aims in one table (`bench_edit.py --aims`): each aim beside what the benchmarks of
this run measured, per size, and whether it is met.

The figures are not measured here: they are picked from the rows the benchmarks print
(bench_edit, bench_visible, bench_batch, bench_statuses), each row named by its benchmark and
its "what", so the aims table and the tables above it can never disagree.
"""

from __future__ import annotations

import re

from common import table

GB = 1024 ** 3
MB = 1024 ** 2

# (the aim, the benchmark and the "what" of the row measuring it, its column, the limit per size)
AIMS = [
    ("`tracker add-figure`, wall", "edit", "add-figure", "wall", {"10k": 2, "100k": 3}),
    ("`tracker add-target`, wall", "edit", "add-target", "wall", {"10k": 2, "100k": 3}),
    ("peak memory of one edit (add-figure)", "edit", "add-figure", "peak RSS", {"10k": 400 * MB, "100k": 600 * MB}),
    ("edit → visible on the running dashboard", "visible", "add-figure returned → figure served", "wall",
     {"10k": 5, "100k": 10}),
    ("`extract --merge` of 20 candidates (append_entries: one lock, one write)", "batch",
     "append_entries: 20 entries, one write", "wall", {"10k": 5, "100k": 10}),
    ("20 concurrent `add-figure`, all landing", "edit", "20 concurrent add-figure, all landed", "wall",
     {"10k": 20, "100k": 40}),
    ("full cold build of the snapshot (both cores), wall", "edit",
     "full cold build of the snapshot (tracker snapshot, empty cache)", "wall", {"10k": 15, "100k": 120}),
    ("full cold build, peak RSS of the process and its workers", "edit",
     "full cold build of the snapshot (tracker snapshot, empty cache)", "peak RSS", {"100k": 3 * GB}),
    ("a new day's statuses: the next day", "statuses", "next day", "wall", {"10k": 1, "100k": 5}),
    ("a new day's statuses: New Year, judged when the date turns (the worst day)", "statuses", "New Year", "wall",
     {"10k": 1, "100k": 5}),
    # the floors of the same machine in the same run, beside the aims (no limit: for scale)
    ("floor: append the entry's bytes to the file written + fsync", "edit", "floor: append the entry's bytes + fsync",
     "wall", {}),
    ("floor: an SQLite INSERT of the row + commit", "edit", "floor: SQLite INSERT of the row + commit", "wall", {}),
    ("floor: `yaml.load` (CSafeLoader) of the file written", "edit", "floor: yaml.load (CSafeLoader) of …", "wall", {}),
    ("floor: a Python that imports the validator", "edit", "floor: python -c 'import tracker.registry'", "wall", {}),
]

_SECONDS = re.compile(r"^([\d.]+) (ms|s)$")
_BYTES = re.compile(r"^([\d.]+) (B|KB|MB|GB)$")


def amount(cell: str) -> float | None:
    """The number a benchmark's cell shows (common.fmt_s, fmt_bytes), in seconds or bytes."""
    found = _SECONDS.match(cell.strip())
    if found:
        return float(found.group(1)) / (1000 if found.group(2) == "ms" else 1)
    found = _BYTES.match(cell.strip())
    if found:
        return float(found.group(1)) * 1024 ** ("B", "KB", "MB", "GB").index(found.group(2))
    return None


def _named(row_what: str, what: str) -> bool:
    """A row's "what" is the one named, or starts with it when the name ends with "…"."""
    return row_what.startswith(what[:-1]) if what.endswith("…") else row_what == what


def aims_table(measured: dict[str, tuple[list[str], list[list]]], sizes: list[str]) -> str:
    """`measured`: benchmark → (its header, its rows). One row per aim: the limit and the
    figure at each size, and whether it is met (a figure not measured in this run says so)."""
    rows = []
    for aim, bench, what, column, limits in AIMS:
        header, bench_rows = measured.get(bench, ([], []))
        cells = [aim]
        for size in sizes:
            limit = limits.get(size)
            row = next((r for r in bench_rows if r[0].split()[0] == size and _named(r[1], what)), None)
            value = amount(row[header.index(column)]) if row else None
            shown = row[header.index(column)] if row else "not measured"
            limit_text = "–" if limit is None else (f"≤ {limit / GB:g} GB" if limit >= GB else
                                                    f"≤ {limit / MB:g} MB" if limit >= MB else f"≤ {limit:g} s")
            verdict = "" if limit is None or value is None else (" **met**" if value <= limit else " **not met**")
            cells.append(f"{shown} ({limit_text}){verdict}")
        rows.append(cells)
    return table(["aim (issue 17)"] + sizes, rows)
