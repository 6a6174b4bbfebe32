"""Registry load: cold `tracker.load_registry` against a bare `yaml.load(text, Loader=yaml.CSafeLoader)`
of the same file, where the cold time goes, and what a warm start from a cache could cost.

    .venv/bin/python benchmarks/bench_load.py [--sizes 1k 10k 100k] [--root /tmp/trk-bench]

Every measurement runs in a fresh child process (cold caches, its own peak RSS). Medians of
--repeat runs (default 5 at 1k, 3 at 10k, 1 at 100k). The tracker has no load cache today:
the "warm" table measures prototypes that this script writes itself (pickle of the Registry,
pickle/parquet/Arrow of the frames the pages build), keyed on the sha256 of the five files,
to show what such a cache would cost.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import (AS_OF, BENCH_PYTHON, DEFAULT_ROOT, ensure_registry, fmt_bytes, fmt_s, machine_line,  # noqa: E402
                    median, run_child, table)

DEFAULT_REPEAT = {"1k": 5, "10k": 3, "100k": 1}
FILES = ["targets.yaml", "data/places.yaml", "data/actors.yaml", "data/metrics.yaml", "data/sources.yaml"]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- children --------------------------------------------------------------------------------

def child_bare(path: str) -> dict:
    import yaml

    started = time.perf_counter()
    text = Path(path).read_text(encoding="utf-8-sig")
    data = yaml.load(text, Loader=yaml.CSafeLoader)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "entries": len(data["targets"]) + len(data["figures"]), "peak_mb": peak_rss_mb()}


def child_split(path: str) -> dict:
    """Where a bare parse goes: libyaml's events, node composition, object construction;
    and json.loads of the same data for reference."""
    import yaml

    text = Path(path).read_text(encoding="utf-8-sig")
    out = {}
    t = time.perf_counter()
    events = sum(1 for _ in yaml.parse(text, Loader=yaml.CSafeLoader))
    out["events"] = time.perf_counter() - t
    t = time.perf_counter()
    yaml.compose(text, Loader=yaml.CSafeLoader)
    out["compose"] = time.perf_counter() - t
    t = time.perf_counter()
    data = yaml.load(text, Loader=yaml.CSafeLoader)
    out["load"] = time.perf_counter() - t
    js = json.dumps(data, ensure_ascii=False)
    t = time.perf_counter()
    json.loads(js)
    out["json"] = time.perf_counter() - t
    out["n_events"] = events
    return out


def _timed(store: dict, name: str, fn):
    def wrapper(*args, **kwargs):
        t = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            store[name] = store.get(name, 0.0) + time.perf_counter() - t
    return wrapper


def child_cold(path: str, data_dir: str, cache_dir: str | None) -> dict:
    t = time.perf_counter()
    import datetime as dt

    import tracker
    import tracker.registry as registry_module
    import tracker.validate as validate_module
    from tracker.frames import figures_frame, targets_frame
    imports = time.perf_counter() - t

    parts: dict[str, float] = {}
    registry_module._read = _timed(parts, "parse", registry_module._read)          # read + yaml.load
    registry_module._entries = _timed(parts, "schema", registry_module._entries)   # pydantic, per entry
    validate_module.cross_check = _timed(parts, "cross_check", validate_module.cross_check)
    t = time.perf_counter()
    registry = tracker.load_registry(path, check_sources=False, data_dir=data_dir)
    load = time.perf_counter() - t
    peak_load = peak_rss_mb()

    as_of = dt.date.fromisoformat(AS_OF)
    t = time.perf_counter()
    targets = targets_frame(registry, as_of)
    t_targets = time.perf_counter() - t
    t = time.perf_counter()
    figures = figures_frame(registry)
    t_figures = time.perf_counter() - t
    out = {"imports": imports, "load": load, "parts": parts, "targets_frame": t_targets,
           "figures_frame": t_figures, "peak_mb_load": peak_load, "peak_mb": peak_rss_mb(),
           "targets": len(registry.targets), "figures": len(registry.figures)}
    if cache_dir:
        out["cache"] = write_caches(Path(cache_dir), registry, targets, figures)
    return out


def _arrow_safe(frame):
    """Parquet/Arrow want one type a column: dates as strings, objects as strings."""
    import pandas as pd

    frame = frame.copy()
    for column in frame.columns:
        if frame[column].dtype == object:
            frame[column] = frame[column].map(lambda v: None if v is None or v != v else str(v)).astype("string")
    return pd.DataFrame(frame)


def write_caches(folder: Path, registry, targets, figures) -> dict:
    """Pickles, written by the cold child in the app's venv (no pyarrow there)."""
    import dataclasses
    import pickle

    folder.mkdir(parents=True, exist_ok=True)
    sizes = {}
    # a fresh Registry: the loaded one memoises its frames and indexes in __dict__
    bare = dataclasses.replace(registry, children={})
    t = time.perf_counter()
    with open(folder / "registry.pickle", "wb") as fh:
        pickle.dump(bare, fh, protocol=pickle.HIGHEST_PROTOCOL)
    sizes["registry.pickle"] = [time.perf_counter() - t, (folder / "registry.pickle").stat().st_size]
    catalogues = dataclasses.replace(registry, targets=[], figures=[], children={})
    with open(folder / "catalogues.pickle", "wb") as fh:
        pickle.dump(catalogues, fh, protocol=pickle.HIGHEST_PROTOCOL)
    sizes["catalogues.pickle"] = [0.0, (folder / "catalogues.pickle").stat().st_size]
    t = time.perf_counter()
    with open(folder / "frames.pickle", "wb") as fh:
        pickle.dump({"targets": targets, "figures": figures}, fh, protocol=pickle.HIGHEST_PROTOCOL)
    sizes["frames.pickle"] = [time.perf_counter() - t, (folder / "frames.pickle").stat().st_size]
    return sizes


def child_arrow(cache_dir: str) -> dict:
    """frames.pickle -> parquet and Arrow IPC files (in benchmarks/.venv, which has pyarrow)."""
    import pickle

    import pyarrow as pa
    import pyarrow.feather as feather

    folder = Path(cache_dir)
    frames = pickle.loads((folder / "frames.pickle").read_bytes())
    targets, figures = frames["targets"], frames["figures"]
    sizes = {}
    t = time.perf_counter()
    safe_t, safe_f = _arrow_safe(targets), _arrow_safe(figures)
    safe_t.to_parquet(folder / "targets.parquet", compression="snappy")
    safe_f.to_parquet(folder / "figures.parquet", compression="snappy")
    sizes["frames.parquet"] = [time.perf_counter() - t, (folder / "targets.parquet").stat().st_size
                               + (folder / "figures.parquet").stat().st_size]
    t = time.perf_counter()
    feather.write_feather(pa.Table.from_pandas(safe_t, preserve_index=False), folder / "targets.arrow",
                          compression="uncompressed")
    feather.write_feather(pa.Table.from_pandas(safe_f, preserve_index=False), folder / "figures.arrow",
                          compression="uncompressed")
    sizes["frames.arrow"] = [time.perf_counter() - t, (folder / "targets.arrow").stat().st_size
                             + (folder / "figures.arrow").stat().st_size]
    return sizes


def child_warm(root: str, cache_dir: str) -> dict:
    """Each way of starting warm, timed alone (the process is fresh; the files are in the page cache)."""
    t = time.perf_counter()
    import gc
    import hashlib
    import pickle

    import pandas as pd
    import pyarrow.feather as feather

    import tracker  # noqa: F401 - unpickling needs the classes
    imports = time.perf_counter() - t
    folder, cache = Path(root), Path(cache_dir)
    out = {"imports": imports}

    t = time.perf_counter()
    digest = hashlib.sha256()
    for name in FILES:
        with open(folder / name, "rb") as fh:
            digest.update(hashlib.file_digest(fh, "sha256").digest())
    out["sha256 of the 5 files"] = time.perf_counter() - t

    try:
        import xxhash

        t = time.perf_counter()
        fast = xxhash.xxh3_128()
        for name in FILES:
            with open(folder / name, "rb") as fh:
                while chunk := fh.read(1 << 22):
                    fast.update(chunk)
        out["xxh3_128 of the 5 files"] = time.perf_counter() - t
    except ImportError:  # benchmarks/requirements.txt installs it
        pass

    t = time.perf_counter()
    stamp = tuple((p.stat().st_mtime_ns, p.stat().st_size) for p in (folder / n for n in FILES))
    out["stat key (mtime, size)"] = time.perf_counter() - t
    assert stamp

    def timed(name, fn):
        gc.collect()   # so that no step pays for collecting the previous one's garbage
        t0 = time.perf_counter()
        fn()
        out[name] = time.perf_counter() - t0

    timed("pickle: Registry (pydantic objects)", lambda: pickle.loads((cache / "registry.pickle").read_bytes()))
    timed("pickle: catalogues only", lambda: pickle.loads((cache / "catalogues.pickle").read_bytes()))
    timed("pickle: frames (pandas)", lambda: pickle.loads((cache / "frames.pickle").read_bytes()))
    timed("parquet: frames -> pandas",
          lambda: (pd.read_parquet(cache / "targets.parquet"), pd.read_parquet(cache / "figures.parquet")))
    timed("arrow IPC, memory-mapped (no pandas)",
          lambda: (feather.read_table(cache / "targets.arrow", memory_map=True),
                   feather.read_table(cache / "figures.arrow", memory_map=True)))
    timed("arrow IPC, memory-mapped -> pandas",
          lambda: (feather.read_table(cache / "targets.arrow", memory_map=True).to_pandas(),
                   feather.read_table(cache / "figures.arrow", memory_map=True).to_pandas()))
    out["peak_mb"] = peak_rss_mb()
    return out


# --- the parent ------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", nargs="+", default=["1k", "10k"])
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    parser.add_argument("--repeat", type=int, help="runs per measurement (default 5/3/1 by size)")
    parser.add_argument("--split-sizes", nargs="*", default=["1k", "10k"],
                        help="sizes at which to split the bare parse into libyaml events/compose/construct")
    parser.add_argument("--timeout", type=float, default=900, help="seconds per child process")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        kind, *rest = args.child
        result = {"bare": child_bare, "split": child_split, "cold": child_cold, "warm": child_warm,
                  "arrow": child_arrow}[kind](
            *[None if r == "-" else r for r in rest])
        print(json.dumps(result))
        return 0

    print(f"# bench_load — {machine_line()}\n")
    me = str(Path(__file__).resolve())
    rows, parts_rows, warm_rows, split_rows, cache_rows = [], [], [], [], []
    for size in args.sizes:
        path, data = ensure_registry(args.root, size)
        cache = args.root / size / "cache"
        repeat = args.repeat or DEFAULT_REPEAT.get(size, 1)
        bare, cold = [], []
        for i in range(repeat):   # interleaved, so drift on a shared machine hits both alike
            bare.append(run_child([me, "--child", "bare", str(path)], args.timeout))
            cold.append(run_child([me, "--child", "cold", str(path), str(data),
                                   str(cache) if i == repeat - 1 else "-"], args.timeout))
            print(f"  {size} run {i + 1}/{repeat}: bare {fmt_s(bare[-1]['seconds'])}, cold {fmt_s(cold[-1]['load'])}",
                  file=sys.stderr, flush=True)
        arrow = run_child([me, "--child", "arrow", str(cache)], args.timeout, BENCH_PYTHON)
        warm = [run_child([me, "--child", "warm", str(path.parent), str(cache)], args.timeout, BENCH_PYTHON)
                for _ in range(repeat)]
        b, c = median([x["seconds"] for x in bare]), median([x["load"] for x in cold])
        frames = median([x["targets_frame"] + x["figures_frame"] for x in cold])
        rows.append([size, cold[0]["targets"], cold[0]["figures"], fmt_bytes(path.stat().st_size), repeat,
                     fmt_s(b), fmt_s(c), f"{c / b:.2f}×", fmt_s(median([x["imports"] for x in cold])), fmt_s(frames),
                     f"{median([x['peak_mb'] for x in bare]):.0f} / {median([x['peak_mb_load'] for x in cold]):.0f}"
                     f" / {median([x['peak_mb'] for x in cold]):.0f}"])
        parts = {k: median([x["parts"].get(k, 0.0) for x in cold]) for k in ("parse", "schema", "cross_check")}
        other = median([x["load"] - sum(x["parts"].values()) for x in cold])
        parts_rows.append([size, *(f"{fmt_s(v)} ({v / c:.0%})" for v in parts.values()), f"{fmt_s(other)} ({other / c:.0%})",
                           f"{parts['parse'] / b:.2f}×"])
        for name, (seconds, nbytes) in {**cold[-1].get("cache", {}), **arrow}.items():
            cache_rows.append([size, name, fmt_bytes(nbytes), fmt_s(seconds) if seconds else "–"])
        keys = [k for k in warm[0] if k not in ("imports", "peak_mb")]
        for k in keys:
            v = median([w[k] for w in warm])
            warm_rows.append([size, k, fmt_s(v), "yes" if v <= 0.1 else "no"])
        warm_rows.append([size, "(imports: tracker, pandas, pyarrow)", fmt_s(median([w["imports"] for w in warm])), ""])
        if size in (args.split_sizes or []):
            s = run_child([me, "--child", "split", str(path)], args.timeout)
            split_rows.append([size, f"{s['n_events']:,}", fmt_s(s["events"]), fmt_s(s["compose"]), fmt_s(s["load"]),
                               fmt_s(s["json"]), f"{s['load'] / s['json']:.0f}×"])

    print("## Cold load against the bare parse (medians)\n")
    print(table(["size", "targets", "figures", "targets.yaml", "runs", "bare yaml.load (CSafeLoader)",
                 "load_registry cold", "ratio (aim ≤ 1.3×)", "imports", "frames (targets+figures)",
                 "peak RSS MB: bare / load / +frames"], rows))
    print("\n## Where the cold load goes (inside load_registry)\n")
    print(table(["size", "read + yaml.load", "pydantic schema", "cross_check", "other",
                 "its parse vs bare"], parts_rows))
    if split_rows:
        print("\n## Inside the bare parse: libyaml events vs Python objects\n")
        print(table(["size", "events", "yaml.parse (events only)", "yaml.compose (nodes)", "yaml.load (objects)",
                     "json.loads same data", "yaml.load / json"], split_rows))
    print("\n## Warm start prototypes (no such cache in tracker/ today; aim ≤ 100 ms at 100k)\n")
    print("Each step timed alone in a fresh process of benchmarks/.venv, cache files in the page cache.\n")
    print(table(["size", "step", "median", "≤ 100 ms"], warm_rows))
    print("\n## Cache files written by the prototype\n")
    print(table(["size", "file", "bytes", "write time"], cache_rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
