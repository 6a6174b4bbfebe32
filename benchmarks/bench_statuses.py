"""A new day's statuses at national scale (issue 17): the snapshot cache's targets judged on a
date not cached yet, by tracker/new_day.py (only the targets the dates between can change)
beside the per-target rule on every target (what `judge_on` did before), in the same run.

    .venv/bin/python benchmarks/bench_statuses.py [--sizes 10k,100k] [--runs 5]
        [--root /tmp/trk-edit-bench] [--cache /tmp/trk-h5]

Each size's snapshot is built once (`tracker snapshot ... --as-of 2026-06-30`, minutes and
~10 GB at 100k: one size at a time) into CACHE/cache-<size> and reused. Every run is a fresh
process (its peak RSS by os.wait4) that times reading the cached entries and frames and
judging the new day, i.e. what `snapshot.judge_on` does for a date not cached yet:

- next day: 2026-06-30 cached, judged on 2026-07-01 (month deadlines of June pass);
- New Year: 2026-12-31 cached (written once from 2026-06-30), judged on 2027-01-01: every
  deadline of 2026 passes, the worst day of a year;
- per-target: every target judged on 2026-07-01 by `compute_status`, from the same entries;
- New Year judged ahead: what a server serves at midnight. Its loader judges the next day's
  statuses in a child process after each load (`SnapshotLoader._judge_ahead`), so at midnight
  they are read from the cache (`read_snapshot`), written beforehand as that child does.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import PYTHON, ROOT, fmt_bytes, fmt_s, machine_line, median, table  # noqa: E402

CACHED = dt.date(2026, 6, 30)
SCENARIOS = {"next day": (dt.date(2026, 7, 1), "fast"), "New Year": (dt.date(2027, 1, 1), "fast"),
             "per-target (before)": (dt.date(2026, 7, 1), "full"),
             "New Year, judged ahead (served at midnight)": (dt.date(2027, 1, 1), "ahead")}


def snapshot_folder(root: Path, cache: Path, size: str) -> Path:
    """The cached snapshot of ROOT/<size> in CACHE/cache-<size>, built when missing."""
    directory = cache / f"cache-{size}"
    found = [p for p in directory.glob("*") if (p / "targets.json").exists()] if directory.exists() else []
    if not found:
        subprocess.run([PYTHON, "-m", "tracker", "snapshot", str(root / size / "targets.yaml"), "--no-sources",
                        "--as-of", CACHED.isoformat(), "--cache", str(directory)], cwd=ROOT, check=True)
        found = [p for p in directory.glob("*") if (p / "targets.json").exists()]
    return found[0]


def one(folder: Path, as_of: dt.date, mode: str, write: bool) -> dict:
    """In this process: judge the folder's targets on `as_of`; seconds and targets judged."""
    from pydantic import TypeAdapter

    from tracker import new_day
    from tracker.frames import targets_frame
    from tracker.registry import Registry
    from tracker.schema import Figure, Target
    from tracker.snapshot import CATALOGUES, Catalogue, _read_table, _write_frame

    started = time.perf_counter()
    if mode == "ahead":
        from tracker.snapshot import read_snapshot

        served = read_snapshot(folder.parent, folder.name, as_of)
        return {"seconds": time.perf_counter() - started, "judged": 0, "targets": len(served.targets)}
    catalogues = {name: Catalogue(model, _read_table(folder / f"{name}.arrow")) for name, model in CATALOGUES.items()}
    registry = folder.parent / "targets.yaml"
    if mode == "full":
        entries = {name: TypeAdapter(list[model]).validate_json((folder / f"{name}.json").read_bytes())
                   for name, model in (("targets", Target), ("figures", Figure))}
        frame = targets_frame(Registry(path=registry, data_dir=registry.parent, **catalogues, **entries), as_of)
        judged = len(frame)
    else:
        frame = new_day.targets_on(folder, as_of, catalogues, registry, registry.parent)
        judged = frame.attrs.get("judged_again", len(frame))
    seconds = time.perf_counter() - started
    if write:
        _write_frame(frame, folder / f"targets-{as_of.isoformat()}.arrow")
    return {"seconds": seconds, "judged": judged, "targets": len(frame)}


def measured(folder: Path, as_of: dt.date, mode: str, write: bool = False) -> dict:
    """`one` in a fresh process, with its peak RSS."""
    proc = subprocess.Popen([PYTHON, __file__, "--one", str(folder), as_of.isoformat(), mode] + (["--write"] if write else []),
                            cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"judging {folder} on {as_of} ({mode}) failed")
    return {**json.loads(out), "rss": usage.ru_maxrss * 1024}


def bench_size(root: Path, cache: Path, size: str, runs: int) -> list[list]:
    folder = snapshot_folder(root, cache, size)
    for stale in folder.glob("targets-*.arrow"):  # only the built day, and the eve of the New Year
        if stale.name not in (f"targets-{CACHED}.arrow", "targets-2026-12-31.arrow"):
            stale.unlink()
    if not (folder / "targets-2026-12-31.arrow").exists():
        measured(folder, dt.date(2026, 12, 31), "fast", write=True)
    rows = []
    for label, (as_of, mode) in SCENARIOS.items():
        if mode == "ahead":  # judged the day before, as the server's child does
            measured(folder, as_of, "fast", write=True)
        done = [measured(folder, as_of, mode) for _ in range(runs if mode != "full" else max(1, min(runs, 3)))]
        rows.append([size, label, f"{as_of}", f"{done[0]['judged']:,} of {done[0]['targets']:,}",
                     fmt_s(median([d["seconds"] for d in done])), fmt_bytes(median([d["rss"] for d in done])),
                     f"median of {len(done)}"])
    return rows


HEADER = ["size", "what", "judged on", "targets judged", "wall", "peak RSS", "runs"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10k,100k")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--root", type=Path, default=Path("/tmp/trk-edit-bench"))
    parser.add_argument("--cache", type=Path, default=Path("/tmp/trk-h5"))
    parser.add_argument("--one", nargs=3, metavar=("FOLDER", "DATE", "MODE"), help=argparse.SUPPRESS)
    parser.add_argument("--write", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        folder, day, mode = args.one
        print(json.dumps(one(Path(folder), dt.date.fromisoformat(day), mode, args.write)))
        return 0
    print(machine_line())
    rows = []
    for size in args.sizes.split(","):
        rows += bench_size(args.root, args.cache, size, args.runs)
        print(table(HEADER, rows[-len(SCENARIOS):]), flush=True)
    print()
    print(table(HEADER, rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
