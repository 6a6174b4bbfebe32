"""Edit → visible on the running dashboard (issue 17): the time from `tracker add-figure`
returning to the new figure being served by a running server, on the synthetic registries.

    .venv/bin/python benchmarks/bench_visible.py [--sizes 1k,10k] [--runs 5] [--layout file|folder]
        [--root /tmp/trk-edit-bench] [--work /tmp/trk-h5] [--port 8065]

Each size's generated registry (ROOT/SIZE/targets.yaml, or with --layout folder the folder
ROOT/SIZE/registry of 358 files) is copied to WORK/visible-<size> and served by `python app.py`
(TRACKER_AS_OF 2026-06-30, its snapshot cache in the copy's folder), as a user starts it.
Once it serves the registry, each run adds one figure on Zhejiang's core AI revenue with
`tracker add-figure` (the same TRACKER_CACHE: the server's snapshot records the valid state,
so every edit validates its entry only), then polls `/api/figures.json?place=zhejiang&
source=src-000016` every 200 ms until the figure is among the rows. Printed: the edit's own
wall time, edit-returned → visible (wall, and the CPU seconds the server and its child build
used meanwhile: other work on the machine inflates the wall time, not those), and where that
goes: the server builds the snapshot of the edited files in a child process (`python -m
tracker snapshot`). One file: the same build into an empty cache is timed alone, and its parts
in one process. A folder: after one more edit, the child's build (from the snapshot before it,
tracker/incremental.py) is timed alone, beside its floor, the child's imports.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_edit import FIGURE  # noqa: E402
from common import AS_OF, PYTHON, ROOT, fmt_s, machine_line, median, start, stop, table, wait_for_port  # noqa: E402

QUERY = "/api/figures.json?place=zhejiang&source=src-000016&_size=1000"


def served_ids(port: int) -> tuple[str, set[str]]:
    """The snapshot key and the figure ids the server answers QUERY with (every page)."""
    ids, url, key = set(), f"http://127.0.0.1:{port}{QUERY}", ""
    while url:
        with urllib.request.urlopen(url, timeout=60) as response:
            answer = json.loads(response.read())
        key = answer["snapshot"]
        ids |= {row["id"] for row in answer["rows"]}
        url = answer["next_url"] and (answer["next_url"] if answer["next_url"].startswith("http")
                                      else f"http://127.0.0.1:{port}{answer['next_url']}")
    return key, ids


def until_served(port: int, figure_id: str, limit: float) -> float:
    """Seconds until the server answers with `figure_id` (polling every 200 ms)."""
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        try:
            if figure_id in served_ids(port)[1]:
                return time.perf_counter() - started
        except OSError:  # busy: ask again
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{figure_id} not served after {limit:.0f} s")


def cpu_seconds(pid: int) -> float:
    """CPU seconds of a process and of the children it waited for (the server's child builds)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(value) for value in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def bench_size(root: Path, work: Path, size: str, runs: int, port: int, limit: float, layout: str) -> list[list]:
    folder = work / f"visible-{size}"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(root / size, folder, ignore=shutil.ignore_patterns(".cache", "*.lock", "cache*"))
    registry = folder / ("registry" if layout == "folder" else "targets.yaml")
    env = {"TRACKER_REGISTRY": str(registry), "TRACKER_AS_OF": AS_OF, "TRACKER_CACHE": str(folder / "cache"),
           "TRACKER_PORT": str(port), "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
    log = folder / "server.log"
    server = start([PYTHON, "app.py"], env=env, log=log)
    rows = []

    def add_figure(figure_id: str) -> float:
        began = time.perf_counter()
        done = subprocess.run([PYTHON, "-m", "tracker", "add-figure", "--registry", str(registry), "--id", figure_id,
                               *FIGURE], cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"add-figure failed: {done.stderr[-2000:]}")
        return time.perf_counter() - began

    try:
        wait_for_port(port, 3600, server)
        started = time.perf_counter()
        served_ids(port)  # the first load: the snapshot built in a child process
        first = time.perf_counter() - started
        edits, visible, cpu = [], [], []
        for n in range(runs):
            figure_id = f"visible-{n}"
            edits.append(add_figure(figure_id))
            cpu_before = cpu_seconds(server.pid)
            visible.append(until_served(port, figure_id, limit))
            cpu.append(cpu_seconds(server.pid) - cpu_before)
        rows.append([size, "first answer once the server listens", fmt_s(first), "1 run"])
        rows.append([size, "tracker add-figure, wall", fmt_s(median(edits)), f"median of {runs}"])
        rows.append([size, "add-figure returned → figure served", fmt_s(median(visible)),
                     f"median of {runs} (min {fmt_s(min(visible))}, max {fmt_s(max(visible))})"])
        rows.append([size, "  CPU of the server and its child build meanwhile", fmt_s(median(cpu)), f"median of {runs}"])
    finally:
        stop(server)
    child_env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if layout == "folder":
        add_figure(f"visible-{runs}")
        rows.append(one_command(size, "of which: the child's `tracker snapshot` alone, from the snapshot before",
                                [PYTHON, "-m", "tracker", "snapshot", str(registry), "--as-of", AS_OF, "--cache",
                                 str(folder / "cache")], child_env))
        rows.append(one_command(size, "  floor: the child's imports (`import tracker.cli, tracker.snapshot`)",
                                [PYTHON, "-c", "import tracker.cli, tracker.snapshot, tracker.incremental"], child_env))
        newest = max((p for p in (folder / "cache").iterdir() if (p / "files.json").is_file()),
                     key=lambda p: p.stat().st_mtime)
        built = json.loads((newest / "files.json").read_bytes())["built"]
        rows.append([size, "  how it was built", built["how"],
                     f"{len(built.get('changed', []))} file changed, {built.get('judged', '-')} targets judged again"])
        shutil.rmtree(folder, ignore_errors=True)
        return rows
    shutil.rmtree(folder / "cache", ignore_errors=True)
    rows.append(one_command(size, "of which: `tracker snapshot` of the edited file alone (the server's child)",
                            [PYTHON, "-m", "tracker", "snapshot", str(registry), "--as-of", AS_OF, "--cache",
                             str(folder / "alone")], child_env))
    parts = json.loads(subprocess.run([PYTHON, "-c", PARTS, str(registry), AS_OF], cwd=ROOT, check=True, text=True,
                                      capture_output=True, env=child_env).stdout)
    rows += [[size, f"  {name}", fmt_s(seconds), "1 run"] for name, seconds in parts.items()]
    shutil.rmtree(folder, ignore_errors=True)
    return rows


def one_command(size: str, what: str, command: list[str], env: dict) -> list:
    """One run of `command`: its wall time and CPU seconds (from wait4)."""
    before = os.times()
    began = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)
    wall = time.perf_counter() - began
    after = os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return [size, what, fmt_s(wall), f"1 run, {fmt_s(cpu)} CPU"]


PARTS = """
import datetime as dt, json, sys, tempfile, time
from pathlib import Path
started = time.perf_counter()
from tracker.registry import load_registry
from tracker.snapshot import Snapshot, write_snapshot
parts = {"imports": time.perf_counter() - started}
started = time.perf_counter()
registry = load_registry(sys.argv[1])
parts["load_registry (parse + validate the YAML)"] = time.perf_counter() - started
started = time.perf_counter()
snapshot = Snapshot.build(registry, dt.date.fromisoformat(sys.argv[2]), "bench")
parts["Snapshot.build (frames, statuses)"] = time.perf_counter() - started
started = time.perf_counter()
with tempfile.TemporaryDirectory() as scratch:
    write_snapshot(snapshot, Path(scratch))
    parts["write_snapshot"] = time.perf_counter() - started
print(json.dumps(parts))
"""


HEADER = ["size", "what", "wall", "runs"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1k,10k")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--root", type=Path, default=Path("/tmp/trk-edit-bench"))
    parser.add_argument("--work", type=Path, default=Path("/tmp/trk-h5"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("DASH_TEST_PORT", "8065")))
    parser.add_argument("--limit", type=float, default=900, help="seconds to wait for one figure")
    parser.add_argument("--layout", choices=["file", "folder"], default="file",
                        help="serve ROOT/SIZE/targets.yaml, or the folder ROOT/SIZE/registry (generate.py --layout folder)")
    args = parser.parse_args(argv)
    print(machine_line())
    rows = []
    for size in args.sizes.split(","):
        added = bench_size(args.root, args.work, size, args.runs, args.port, args.limit, args.layout)
        rows += added
        print(table(HEADER, added), flush=True)
    print()
    print(table(HEADER, rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
