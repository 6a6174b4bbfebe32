"""`extract --merge`-sized batches at national scale (issue 17): 20 new entries (a target and
19 figures) appended by one `append_entries` (one lock, one write), beside the same 20 by
`append_entry` one after another, in the same run.

    .venv/bin/python benchmarks/bench_batch.py [--sizes 10k,100k] [--runs 5]
        [--root /tmp/trk-edit-bench] [--work /tmp/trk-h5]

Each size's generated registry is copied to WORK/batch-<size>. Its valid state is recorded from
the ids of the snapshot of the same files (WORK/cache-<size>, built by bench_statuses.py), as
the dashboard's snapshot records it for the first edit; so every run validates only its
entries. Every run is a fresh process (wall time from its start, peak RSS by os.wait4).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import PYTHON, ROOT, fmt_bytes, fmt_s, machine_line, median, table  # noqa: E402

BATCH = """
import sys
from tracker.edit import append_entries, append_entry
tag, one_by_one = sys.argv[2], sys.argv[3] == "one-by-one"
target = {"id": f"{tag}-target", "place": "zhejiang", "metric": "ai_core_revenue", "comparator": ">", "value": 6000,
          "unit": "亿元", "deadline": {"date": "2027", "precision": "year", "text": "到2027年"},
          "statements": [{"source": "src-000016", "quote": "到2027年，全省营业收入突破6000亿元"}]}
figures = [{"id": f"{tag}-{i}", "place": "zhejiang", "metric": "ai_core_revenue", "comparator": ">", "value": 4000,
            "unit": "亿元", "period": {"start": "2025-01", "end": "2025-08", "kind": "range", "text": "2025年1—8月"},
            "statements": [{"source": "src-000016", "quote": "2025年1—8月，全省营业收入突破4000亿元"}]}
           for i in range(19)]
entries = [("targets", target)] + [("figures", f) for f in figures]
if one_by_one:
    done = [append_entry(sys.argv[1], kind, entry, check_sources=False) for kind, entry in entries][-1]
else:
    done = append_entries(sys.argv[1], entries, check_sources=False)
assert done.validated == "entry", done
"""


def prepared(root: Path, work: Path, size: str) -> Path:
    """A copy of the generated registry with its valid state on record."""
    from tracker import edit_state
    from tracker.snapshot import _read_table

    folder = work / f"batch-{size}"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(root / size, folder, ignore=shutil.ignore_patterns(".cache", "*.lock"))
    path = folder / "targets.yaml"
    (snapshot,) = [p for p in (work / f"cache-{size}").glob("*") if (p / "figures.arrow").exists()]
    dated = sorted(snapshot.glob("targets-*.arrow"))[0]
    ids = {"targets": _read_table(dated).column("id").to_pylist(),
           "figures": _read_table(snapshot / "figures.arrow").column("id").to_pylist()}
    edit_state.record_ids(path, edit_state.state_key(path, folder / "data", None, False), ids)
    return path


def measured(path: Path, tag: str, how: str) -> dict:
    started = time.perf_counter()
    proc = subprocess.Popen([PYTHON, "-c", BATCH, str(path), tag, how], cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, stderr=subprocess.PIPE)
    err = proc.stderr.read().decode()
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"the batch {tag} failed: {err[-2000:]}")
    return {"seconds": time.perf_counter() - started, "rss": usage.ru_maxrss * 1024}


HEADER = ["size", "what", "wall", "peak RSS", "runs"]


def bench_size(root: Path, work: Path, size: str, runs: int) -> list[list]:
    path = prepared(root, work, size)
    batches = [measured(path, f"batch-{n}", "batch") for n in range(runs)]
    single = measured(path, "one-by-one", "one-by-one")
    shutil.rmtree(path.parent, ignore_errors=True)
    return [[size, "append_entries: 20 entries, one write", fmt_s(median([b["seconds"] for b in batches])),
             fmt_bytes(median([b["rss"] for b in batches])), f"median of {runs}"],
            [size, "20 × append_entry in one process (before)", fmt_s(single["seconds"]), fmt_bytes(single["rss"]),
             "1 run"]]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10k,100k")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--root", type=Path, default=Path("/tmp/trk-edit-bench"))
    parser.add_argument("--work", type=Path, default=Path("/tmp/trk-h5"))
    args = parser.parse_args(argv)
    print(machine_line())
    rows = []
    for size in args.sizes.split(","):
        rows += bench_size(args.root, args.work, size, args.runs)
        print(table(HEADER, rows[-2:]), flush=True)
    print()
    print(table(HEADER, rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
