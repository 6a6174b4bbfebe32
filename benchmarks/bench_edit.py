"""Writes at national scale (issue 17): `tracker add-figure` / `add-target` and 20 concurrent
add-figure processes on the synthetic registries, beside the floors of the same machine.

    .venv/bin/python benchmarks/bench_edit.py [--sizes 1k,10k] [--with-100k] [--runs 5]
        [--root /tmp/trk-edit-bench] [--code DIR] [--skip-concurrent]
        [--layout file|folder|both] [--split-root /tmp/trk-split-bench] [--build-runs 2] [--skip-build]
        [--yaml-before] [--build-only]
    .venv/bin/python benchmarks/bench_edit.py --aims --sizes 10k,100k [--runs 3] [--build-runs 2] [--concurrent-runs 1]

`--aims` prints issue 17's aims table: at each size the folder layout's measurements below,
then bench_visible, bench_statuses and bench_batch, and every aim beside its figure and limit
(benchmarks/aims.py).

The registries are generated once into ROOT/<size> (benchmarks/generate.py) and reused; every
measurement runs on a fresh copy of them (ROOT/work-<size>), so the generated ones stay as
generated. `--code DIR` runs the `tracker` of another checkout (e.g. a worktree at the base
commit, to measure "before"); `--before` skips what the old code cannot do in reasonable time
(it then runs one add-figure per size, with a timeout).

For each size, as medians of `--runs` runs:
- the first edit on the copy: no record of a valid state yet, so the whole registry is
  validated with the new entry (once; the dashboard's snapshot or the previous edit's record
  make every later edit incremental);
- add-figure and add-target: wall time of the whole process, and its peak RSS (os.wait4);
- 20 concurrent add-figure processes: wall time until all have landed (each is checked to be
  in the file, and the file is checked to parse);
- the full cold build of the snapshot (`tracker snapshot`, no cache: both cores for a folder
  registry), its wall time and the peak of the summed RSS of the process and its workers
  (sampled every 0.1 s from /proc);
  With `--yaml-before` every cold build is also run with TRACKER_YAML=pyyaml (the PyYAML read
  path, as before tracker/fast_yaml.py), interleaved, printed beside; `--build-only` stops
  after the cold builds;
- edit → rebuilt snapshot: one add-figure, then `tracker snapshot` on the cache of the cold
  build (a folder registry parses the one file the edit changed; one file is parsed whole);
- floors: appending the entry's bytes to a copy of the file with fsync; `yaml.load` of the
  file with CSafeLoader; an INSERT of one row (the entry as JSON) into an SQLite table holding
  one row per figure, committed; and a Python process that imports the validator and exits.
  For a folder registry "the file" is the one the edit writes (zhejiang.yaml).

`--layout folder` works on ROOT/<size>/registry/ written by `generate.py --layout folder`
(under --split-root, default /tmp/trk-split-bench): one file a city, 300–360 files.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import PYTHON, ROOT, SIZES, children, fmt_bytes, fmt_s, machine_line, median, table, vm_kb  # noqa: E402

DEFAULT_ROOT = Path(os.environ.get("TRK_EDIT_BENCH_DIR", "/tmp/trk-edit-bench"))
SPLIT_ROOT = Path(os.environ.get("TRK_SPLIT_BENCH_DIR", "/tmp/trk-split-bench"))
AS_OF = "2026-06-30"
# src-000016 is published in 2026-06 in every generated size: a figure for 2025 may cite it.
FIGURE = ["--place", "浙江", "--metric", "ai_core_revenue", "--comparator", ">", "--value", "4000", "--unit", "亿元",
          "--period-start", "2025-01", "--period-end", "2025-08", "--period-kind", "range",
          "--period-text", "2025年1—8月", "--source", "src-000016",
          "--quote", "2025年1—8月，全省人工智能核心产业营业收入突破4000亿元"]
TARGET = ["--place", "浙江", "--metric", "ai_core_revenue", "--comparator", ">", "--value", "6000", "--unit", "亿元",
          "--deadline", "2027", "--deadline-text", "到2027年", "--source", "src-000016",
          "--quote", "到2027年，全省人工智能核心产业营业收入突破6000亿元"]
ENTRY_BYTES = """\
  - id: zj-revenue-bench
    place: zhejiang
    metric: ai_core_revenue
    comparator: ">"
    value: 4000
    unit: 亿元
    statements:
      - source: src-000016
        quote: 2025年1—8月，全省人工智能核心产业营业收入突破4000亿元
    period:
      start: "2025-01"
      end: "2025-08"
      kind: range
      text: 2025年1—8月
""".encode()


REGISTRY = {"file": "targets.yaml", "folder": "registry"}


def generated(root: Path, size: str, layout: str = "file") -> Path:
    folder = root / size
    if not (folder / REGISTRY[layout]).exists() or not (folder / "data" / "places.yaml").exists():
        subprocess.run([PYTHON, str(ROOT / "benchmarks" / "generate.py"), str(folder), "--targets", size,
                        "--layout", layout], check=True, timeout=1800)
    return folder


def fresh_copy(root: Path, size: str, layout: str = "file") -> Path:
    work = root / f"work-{size}"
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(generated(root, size, layout), work, ignore=shutil.ignore_patterns(".cache", "*.lock"))
    return work / REGISTRY[layout]


def edited_file(path: Path) -> Path:
    """The file an add-figure for 浙江 writes: the registry, or a folder's zhejiang.yaml."""
    return path / "zhejiang.yaml" if path.is_dir() else path


class Tracker:
    def __init__(self, code: Path):
        self.env = {**os.environ, "PYTHONPATH": str(code)}
        self.code = code

    def run(self, *args: str) -> dict:
        """Run one command: wall seconds, return code, standard error."""
        started = time.perf_counter()
        done = subprocess.run([PYTHON, "-m", "tracker", *args], cwd=self.code, env=self.env,
                              capture_output=True, text=True)
        return {"seconds": time.perf_counter() - started, "code": done.returncode, "stderr": done.stderr}

    def measured(self, *args: str, timeout: float | None = None) -> dict:
        """Like run, with the process's own peak RSS (os.wait4 on it)."""
        started = time.perf_counter()
        proc = subprocess.Popen([PYTHON, "-m", "tracker", *args], cwd=self.code, env=self.env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = started + (timeout or 1e9)
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                os.wait4(proc.pid, 0)
                return {"seconds": float("nan"), "rss": float("nan"), "code": "timeout"}
            time.sleep(0.005)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        err = proc.stderr.read().decode()
        proc.stderr.close()
        return {"seconds": seconds, "rss": usage.ru_maxrss * 1024, "code": proc.returncode, "stderr": err}


def tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants now."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        total += (vm_kb(current, "VmRSS") or 0) * 1024
        todo += children(current)
    return total


def cold_build(tracker: Tracker, path: Path, cache: Path) -> dict:
    """`tracker snapshot` with an empty cache (or `cache` as left by an earlier build): wall
    time and the peak of the process tree's summed RSS."""
    started = time.perf_counter()
    # sources checked, as a dashboard's build and the edits do (the synthetic ones have no texts)
    proc = subprocess.Popen([PYTHON, "-m", "tracker", "snapshot", str(path), "--as-of", AS_OF,
                             "--cache", str(cache)], cwd=tracker.code, env=tracker.env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        peak = max(peak, tree_rss(proc.pid))
        time.sleep(0.1)
    seconds = time.perf_counter() - started
    err = proc.stderr.read().decode()
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"snapshot failed: {err[-2000:]}")
    # CPU seconds of the process and its workers (reaped by it): what the machine's load does not change
    return {"seconds": seconds, "rss": peak, "cpu": usage.ru_utime + usage.ru_stime}


def add_figure(tracker: Tracker, path: Path, figure_id: str, timeout: float | None = None) -> dict:
    done = tracker.measured("add-figure", "--registry", str(path), "--id", figure_id, *FIGURE, timeout=timeout)
    if done["code"] not in (0, "timeout"):
        raise RuntimeError(f"add-figure failed: {done['stderr'][-2000:]}")
    return done


def concurrent(tracker: Tracker, path: Path, tag: str, n: int = 20) -> float:
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=n) as pool:
        runs = list(pool.map(lambda i: tracker.run("add-figure", "--registry", str(path), "--id", f"{tag}-{i}",
                                                   *FIGURE), range(n)))
    took = time.perf_counter() - started
    failed = [r["stderr"][-500:] for r in runs if r["code"] != 0]
    if failed:
        raise RuntimeError(f"{len(failed)} of {n} concurrent add-figure failed: {failed[0]}")
    text = edited_file(path).read_text(encoding="utf-8")
    missing = [i for i in range(n) if f"  - id: {tag}-{i}\n" not in text]
    if missing:
        raise RuntimeError(f"concurrent add-figure: {tag}-{missing} not in the file")
    return took


def floor_append(path: Path, runs: int) -> float:
    with tempfile.TemporaryDirectory(dir=path.parent) as scratch:
        copy = Path(scratch) / "targets.yaml"
        shutil.copyfile(path, copy)
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            with open(copy, "ab") as handle:
                handle.write(ENTRY_BYTES)
                handle.flush()
                os.fsync(handle.fileno())
            times.append(time.perf_counter() - started)
    return median(times)


def floor_yaml_load(path: Path, runs: int) -> float:
    code = ("import sys, time, yaml; text = open(sys.argv[1], encoding='utf-8').read(); t = time.perf_counter(); "
            "yaml.load(text, Loader=yaml.CSafeLoader); print(time.perf_counter() - t)")
    return median([float(subprocess.run([PYTHON, "-c", code, str(path)], capture_output=True, text=True,
                                        check=True).stdout) for _ in range(runs)])


def floor_sqlite(path: Path, figures: int, runs: int) -> float:
    row = json.dumps({"id": "zj-revenue-bench", "text": ENTRY_BYTES.decode()}, ensure_ascii=False)
    with tempfile.TemporaryDirectory(dir=path.parent) as scratch:
        database = sqlite3.connect(Path(scratch) / "registry.sqlite")
        database.execute("CREATE TABLE figures (id TEXT PRIMARY KEY, entry TEXT NOT NULL)")
        database.executemany("INSERT INTO figures VALUES (?, ?)", ((f"figure-{i}", row) for i in range(figures)))
        database.commit()
        times = []
        for n in range(runs):
            started = time.perf_counter()
            database.execute("INSERT INTO figures VALUES (?, ?)", (f"bench-{n}", row))
            database.commit()
            times.append(time.perf_counter() - started)
        database.close()
    return median(times)


def floor_imports(tracker: Tracker, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([PYTHON, "-c", "import tracker.registry"], cwd=tracker.code, env=tracker.env, check=True)
        times.append(time.perf_counter() - started)
    return median(times)


def bench_size(tracker: Tracker, root: Path, size: str, runs: int, before: bool, skip_concurrent: bool,
               timeout: float, layout: str = "file", build_runs: int = 2, skip_build: bool = False,
               concurrent_runs: int | None = None, yaml_before: bool = False,
               build_only: bool = False) -> list[list]:
    path = fresh_copy(root, size, layout)
    size = f"{size} {layout}"
    tracker.env.pop("TRACKER_CACHE", None)
    rows = []
    if not skip_build:
        readers = {"": None, " — before: PyYAML read path (TRACKER_YAML=pyyaml)": "pyyaml"} if yaml_before else {"": None}
        builds: dict[str, list] = {label: [] for label in readers}
        for n in range(build_runs):  # interleaved, so drift on a shared machine hits both alike
            for label, reader in readers.items():
                cache = path.parent / f"cache-cold-{n}{'-' + reader if reader else ''}"
                shutil.rmtree(cache, ignore_errors=True)
                tracker.env.pop("TRACKER_YAML", None)
                if reader:
                    tracker.env["TRACKER_YAML"] = reader
                builds[label].append(cold_build(tracker, path, cache))
                tracker.env.pop("TRACKER_YAML", None)
        for label, done in builds.items():
            rows.append([size, f"full cold build of the snapshot (tracker snapshot, empty cache){label}",
                         fmt_s(median([b["seconds"] for b in done])), fmt_bytes(median([b["rss"] for b in done])),
                         f"median of {build_runs}; RSS of the process and its workers; CPU "
                         f"{fmt_s(median([b['cpu'] for b in done]))}"])
        if build_only:
            return rows
        # the edits then find the snapshot, as a running dashboard's edits do
        tracker.env["TRACKER_CACHE"] = str(path.parent / "cache-cold-0")
    first = add_figure(tracker, path, "first-edit", timeout=timeout)
    label = "add-figure (the old code: ruamel round trip + whole validation)" if before else \
        "first add-figure, no record yet (whole validation)" if skip_build else \
        "first add-figure after the cold build (the ids from its snapshot)"
    rows.append([size, label, fmt_s(first["seconds"]) + (" (timed out)" if first["code"] == "timeout" else ""),
                 fmt_bytes(first["rss"]), "1 run"])
    if before:
        return rows
    if not skip_build:
        rebuilds = []
        for n in range(build_runs):
            add_figure(tracker, path, f"rebuild-figure-{n}")
            rebuilds.append(cold_build(tracker, path, path.parent / f"cache-cold-{n}"))
        rows.append([size, "edit → rebuilt snapshot (tracker snapshot after one add-figure, the build's cache)",
                     fmt_s(median([b["seconds"] for b in rebuilds])), fmt_bytes(median([b["rss"] for b in rebuilds])),
                     f"median of {build_runs}; CPU {fmt_s(median([b['cpu'] for b in rebuilds]))}"])
    figures = [add_figure(tracker, path, f"bench-figure-{n}") for n in range(runs)]
    rows.append([size, "add-figure", fmt_s(median([r["seconds"] for r in figures])),
                 fmt_bytes(median([r["rss"] for r in figures])), f"median of {runs}"])
    targets = [tracker.measured("add-target", "--registry", str(path), "--id", f"bench-target-{n}", *TARGET)
               for n in range(runs)]
    if any(t["code"] != 0 for t in targets):
        raise RuntimeError(f"add-target failed: {targets[0]['stderr'][-2000:]}")
    rows.append([size, "add-target", fmt_s(median([r["seconds"] for r in targets])),
                 fmt_bytes(median([r["rss"] for r in targets])), f"median of {runs}"])
    if not skip_concurrent:
        walls = [concurrent(tracker, path, f"concurrent-{n}") for n in range(concurrent_runs or runs)]
        rows.append([size, "20 concurrent add-figure, all landed", fmt_s(median(walls)), "",
                     f"median of {concurrent_runs or runs}"])
    n_figures = sum(file.read_text(encoding="utf-8").count("\n  - id: ")
                    for file in (sorted(path.rglob("*.yaml")) if path.is_dir() else [path]))
    written = edited_file(path)
    rows.append([size, "floor: append the entry's bytes + fsync", fmt_s(floor_append(written, runs)), "",
                 f"median of {runs}"])
    rows.append([size, "floor: SQLite INSERT of the row + commit", fmt_s(floor_sqlite(written, n_figures, runs)), "",
                 f"median of {runs}"])
    rows.append([size, f"floor: yaml.load (CSafeLoader) of {written.name} ({fmt_bytes(written.stat().st_size)})",
                 fmt_s(floor_yaml_load(written, min(runs, 3))), "", f"median of {min(runs, 3)}"])
    rows.append([size, "floor: python -c 'import tracker.registry'", fmt_s(floor_imports(tracker, runs)), "",
                 f"median of {runs}"])
    return rows


def sizes_of(args: argparse.Namespace) -> list[str]:
    sizes = args.sizes.split(",") + (["100k"] if args.with_100k and "100k" not in args.sizes else [])
    for size in sizes:
        if size not in SIZES:
            raise SystemExit(f"unknown size {size}: one of {', '.join(SIZES)}")
    return sizes


def aims(args: argparse.Namespace, sizes: list[str]) -> int:
    """Every aim of issue 17 measured at each size in this run, each benchmark's table printed as
    it finishes, then the aims table (benchmarks/aims.py) from those same rows."""
    import bench_batch
    import bench_statuses
    import bench_visible
    from aims import aims_table

    print(machine_line())
    tracker = Tracker(args.code.resolve())
    measured = {"edit": (HEADER, []), "visible": (bench_visible.HEADER, []), "batch": (bench_batch.HEADER, []),
                "statuses": (bench_statuses.HEADER, [])}
    for size in sizes:
        runs = {
            "edit": lambda: bench_size(tracker, args.split_root, size, args.runs, False, False, args.timeout, "folder",
                                       args.build_runs, False, args.concurrent_runs),
            "visible": lambda: bench_visible.bench_size(args.split_root, args.work, size, args.runs, args.port, 900,
                                                        "folder"),
            # statuses before batch: bench_batch reads the ids of the snapshot bench_statuses builds
            "statuses": lambda: bench_statuses.bench_size(args.root, args.work, size, args.runs),
            "batch": lambda: bench_batch.bench_size(args.root, args.work, size, args.runs),
        }
        for name, run in runs.items():
            header, rows = measured[name]
            added = run()
            rows += added
            print(f"\n{name}, {size}:", flush=True)
            print(table(header, added), flush=True)
    print("\nThe aims of issue 17 (figures from the tables above):\n")
    print(aims_table(measured, sizes))
    return 0


HEADER = ["size", "what", "wall", "peak RSS", "runs"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1k,10k")
    parser.add_argument("--with-100k", action="store_true", help="add 100k (generating it takes minutes, once)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout whose tracker is measured")
    parser.add_argument("--before", action="store_true", help="the old code: one add-figure per size, with --timeout")
    parser.add_argument("--timeout", type=float, default=900, help="seconds one add-figure may take")
    parser.add_argument("--skip-concurrent", action="store_true")
    parser.add_argument("--layout", choices=["file", "folder", "both"], default="file")
    parser.add_argument("--split-root", type=Path, default=SPLIT_ROOT, help="where the folder layouts are generated")
    parser.add_argument("--build-runs", type=int, default=2, help="cold builds (and rebuilds after an edit) per size")
    parser.add_argument("--skip-build", action="store_true", help="no cold build or rebuild")
    parser.add_argument("--concurrent-runs", type=int, help="runs of the 20 concurrent writers (default: --runs)")
    parser.add_argument("--yaml-before", action="store_true",
                        help="also run each cold build with TRACKER_YAML=pyyaml (the PyYAML read path), beside")
    parser.add_argument("--build-only", action="store_true", help="only the cold builds (no edits, no floors)")
    parser.add_argument("--aims", action="store_true",
                        help="issue 17's aims table: the folder layout's writes and builds, then bench_visible, "
                             "bench_batch and bench_statuses at each size, and every aim beside its figure")
    parser.add_argument("--work", type=Path, default=Path("/tmp/trk-h5"),
                        help="with --aims: the other benchmarks' work folder (bench_visible's --work)")
    parser.add_argument("--port", type=int, default=8065, help="with --aims: the port bench_visible serves on")
    args = parser.parse_args(argv)
    if args.aims:
        return aims(args, sizes_of(args))
    sizes = sizes_of(args)
    print(machine_line())
    print(f"code measured: {args.code}")
    tracker = Tracker(args.code.resolve())
    rows = []
    layouts = ["file", "folder"] if args.layout == "both" else [args.layout]
    for size in sizes:
        for layout in layouts:
            done = bench_size(tracker, args.root if layout == "file" else args.split_root, size, args.runs,
                              args.before, args.skip_concurrent, args.timeout, layout, args.build_runs, args.skip_build,
                              args.concurrent_runs, args.yaml_before, args.build_only)
            rows += done
            print(table(HEADER, done), flush=True)
    print()
    print(table(HEADER, rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
