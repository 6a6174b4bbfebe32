"""Registry load: cold `tracker.load_registry` against a bare `yaml.load(text, Loader=yaml.CSafeLoader)`
of the same file, where the cold time goes, and the warm start from the snapshot cache.

    .venv/bin/python benchmarks/bench_load.py [--sizes 1k 10k 100k] [--root /tmp/trk-bench] [--yaml-before]

Every measurement runs in a fresh child process (its own peak RSS). Medians of --repeat runs
(default 5 at 1k, 3 at 10k, 1 at 100k); each run is a bare parse, a cold `load_snapshot` into
an empty cache folder, then --warm-repeat (default 5) warm `load_snapshot`s from that folder.
The bare parse is timed twice: PyYAML's C loader, and tracker/fast_yaml.py (rapidyaml where it
reads the file as PyYAML does). `--yaml-before` also runs each cold load with TRACKER_YAML=pyyaml
(the read path before fast_yaml), interleaved, printed beside.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import (AS_OF, DEFAULT_ROOT, ensure_registry, fmt_bytes, fmt_s, machine_line,  # noqa: E402
                    median, run_child, table)

DEFAULT_REPEAT = {"1k": 5, "10k": 3, "100k": 1}
FILES = ["targets.yaml", "data/places.yaml", "data/actors.yaml", "data/metrics.yaml", "data/sources.yaml"]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- children --------------------------------------------------------------------------------

def child_bare(path: str) -> dict:
    import yaml

    from tracker import fast_yaml

    started = time.perf_counter()
    text = Path(path).read_text(encoding="utf-8-sig")
    data = yaml.load(text, Loader=yaml.CSafeLoader)
    seconds = time.perf_counter() - started
    started = time.perf_counter()
    fast = fast_yaml.load(text)
    fast_seconds = time.perf_counter() - started
    started = time.perf_counter()
    fast_yaml._text_risk(text)
    guards = time.perf_counter() - started
    return {"seconds": seconds, "fast": fast_seconds, "guards": guards, "fast_taken": fast is not fast_yaml.UNSURE,
            "entries": len(data["targets"]) + len(data["figures"]), "peak_mb": peak_rss_mb()}


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


def child_cold(path: str, data_dir: str, cache_dir: str) -> dict:
    """The dashboard's cold start: `load_snapshot` with an empty cache, which parses and
    validates the YAML (`load_registry`), builds the frames and writes the Arrow cache."""
    t = time.perf_counter()
    import datetime as dt

    import tracker.registry as registry_module
    import tracker.snapshot as snapshot_module
    import tracker.validate as validate_module
    imports = time.perf_counter() - t

    import tracker.yamlio as yamlio_module

    parts: dict[str, float] = {}
    # the one place YAML is parsed (the catalogues' and the claims' files); pydantic, per entry
    # (looked up by claim_files at each call); the checks against the catalogues and between claims
    yamlio_module.load = _timed(parts, "parse", yamlio_module.load)
    registry_module._entries = _timed(parts, "schema", registry_module._entries)
    for name in ("catalogue_check", "claims_check", "merged_check"):
        setattr(validate_module, name, _timed(parts, "cross_check", getattr(validate_module, name)))
    snapshot_module.load_registry = _timed(parts, "load_registry", snapshot_module.load_registry)
    snapshot_module.write_snapshot = _timed(parts, "write_cache", snapshot_module.write_snapshot)
    t = time.perf_counter()
    snapshot = snapshot_module.load_snapshot(path, as_of=dt.date.fromisoformat(AS_OF), check_sources=False,
                                             data_dir=data_dir, cache_dir=cache_dir)
    total = time.perf_counter() - t
    cache_bytes = sum(f.stat().st_size for f in Path(cache_dir).rglob("*") if f.is_file())
    return {"imports": imports, "load": parts["load_registry"], "snapshot": total, "parts": parts,
            "peak_mb": peak_rss_mb(), "targets": len(snapshot.targets), "figures": len(snapshot.figures),
            "cache_bytes": cache_bytes}


def child_warm(path: str, data_dir: str, cache_dir: str) -> dict:
    """A restart: `load_snapshot` in a fresh process, the cache written by the cold child (its
    files in the page cache, as after any recent start)."""
    t = time.perf_counter()
    import datetime as dt

    import tracker.snapshot as snapshot_module
    imports = time.perf_counter() - t

    parts: dict[str, float] = {}
    snapshot_module.content_key = _timed(parts, "key", snapshot_module.content_key)
    snapshot_module.read_snapshot = _timed(parts, "read", snapshot_module.read_snapshot)
    snapshot_module.load_registry = _timed(parts, "load_registry", snapshot_module.load_registry)
    t = time.perf_counter()
    snapshot = snapshot_module.load_snapshot(path, as_of=dt.date.fromisoformat(AS_OF), check_sources=False,
                                             data_dir=data_dir, cache_dir=cache_dir)
    total = time.perf_counter() - t
    assert "load_registry" not in parts, "the warm start parsed the YAML: the cache was not used"
    rss = int(Path("/proc/self/status").read_text().split("VmRSS:")[1].split()[0]) / 1024
    return {"imports": imports, "warm": total, "parts": parts, "rss_mb": rss, "peak_mb": peak_rss_mb(),
            "targets": len(snapshot.targets)}


# --- the parent ------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", nargs="+", default=["1k", "10k"])
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    parser.add_argument("--repeat", type=int, help="runs per measurement (default 5/3/1 by size)")
    parser.add_argument("--split-sizes", nargs="*", default=["1k", "10k"],
                        help="sizes at which to split the bare parse into libyaml events/compose/construct")
    parser.add_argument("--timeout", type=float, default=900, help="seconds per child process")
    parser.add_argument("--warm-repeat", type=int, default=5, help="warm starts per cold one")
    parser.add_argument("--yaml-before", action="store_true",
                        help="also run each cold load with TRACKER_YAML=pyyaml (the PyYAML read path), beside")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        kind, *rest = args.child
        result = {"bare": child_bare, "split": child_split, "cold": child_cold, "warm": child_warm}[kind](
            *[None if r == "-" else r for r in rest])
        print(json.dumps(result))
        return 0

    print(f"# bench_load — {machine_line()}\n")
    me = str(Path(__file__).resolve())
    rows, parts_rows, warm_rows, split_rows, fast_rows = [], [], [], [], []
    for size in args.sizes:
        path, data = ensure_registry(args.root, size)
        repeat = args.repeat or DEFAULT_REPEAT.get(size, 1)
        bare, cold, warm, before = [], [], [], []
        for i in range(repeat):   # interleaved, so drift on a shared machine hits both alike
            cache = Path(tempfile.mkdtemp(prefix=f"bench-load-{size}-", dir=args.root))
            try:
                bare.append(run_child([me, "--child", "bare", str(path)], args.timeout))
                if args.yaml_before:
                    old = Path(tempfile.mkdtemp(prefix=f"bench-load-{size}-pyyaml-", dir=args.root))
                    os.environ["TRACKER_YAML"] = "pyyaml"
                    try:
                        before.append(run_child([me, "--child", "cold", str(path), str(data), str(old)], args.timeout))
                    finally:
                        os.environ.pop("TRACKER_YAML", None)
                        shutil.rmtree(old, ignore_errors=True)
                cold.append(run_child([me, "--child", "cold", str(path), str(data), str(cache)], args.timeout))
                warm += [run_child([me, "--child", "warm", str(path), str(data), str(cache)], args.timeout)
                         for _ in range(args.warm_repeat)]
            finally:
                shutil.rmtree(cache, ignore_errors=True)
            print(f"  {size} run {i + 1}/{repeat}: bare {fmt_s(bare[-1]['seconds'])}, cold {fmt_s(cold[-1]['load'])}"
                  f" (snapshot {fmt_s(cold[-1]['snapshot'])}), warm {fmt_s(warm[-1]['warm'])}",
                  file=sys.stderr, flush=True)
        b, c = median([x["seconds"] for x in bare]), median([x["load"] for x in cold])
        fast_rows.append([size, fmt_s(b), fmt_s(median([x["fast"] for x in bare])),
                          fmt_s(median([x["guards"] for x in bare])), "yes" if bare[0]["fast_taken"] else "no (declined)",
                          f"{b / median([x['fast'] for x in bare]):.1f}×",
                          fmt_s(median([x["load"] for x in before])) if before else "-", fmt_s(c),
                          fmt_s(median([x["snapshot"] for x in before])) if before else "-",
                          fmt_s(median([x["snapshot"] for x in cold]))])
        snap = median([x["snapshot"] for x in cold])
        rows.append([size, cold[0]["targets"], cold[0]["figures"], fmt_bytes(path.stat().st_size), repeat,
                     fmt_s(b), fmt_s(c), f"{c / b:.2f}×", fmt_s(snap), f"{snap / b:.2f}×",
                     f"{median([x['peak_mb'] for x in bare]):.0f} / {median([x['peak_mb'] for x in cold]):.0f}"])
        parts = {k: median([x["parts"].get(k, 0.0) for x in cold]) for k in ("parse", "schema", "cross_check")}
        other = c - sum(parts.values())
        after = median([x["snapshot"] - x["load"] - x["parts"]["write_cache"] for x in cold])
        write = median([x["parts"]["write_cache"] for x in cold])
        parts_rows.append([size, *(f"{fmt_s(v)} ({v / c:.0%})" for v in parts.values()), f"{fmt_s(other)} ({other / c:.0%})",
                           fmt_s(after), fmt_s(write), fmt_bytes(cold[-1]["cache_bytes"])])
        w = median([x["warm"] for x in warm])
        warm_rows.append([size, len(warm), fmt_s(w), fmt_s(median([x["parts"]["key"] for x in warm])),
                          fmt_s(median([x["parts"]["read"] for x in warm])), f"{w / b:.4f}× / {c / w:,.0f}×",
                          "yes" if w <= 0.1 else "no", fmt_s(median([x["imports"] for x in warm])),
                          f"{median([x['rss_mb'] for x in warm]):.0f}"])
        if size in (args.split_sizes or []):
            s = run_child([me, "--child", "split", str(path)], args.timeout)
            split_rows.append([size, f"{s['n_events']:,}", fmt_s(s["events"]), fmt_s(s["compose"]), fmt_s(s["load"]),
                               fmt_s(s["json"]), f"{s['load'] / s['json']:.0f}×"])

    print("## The read path: PyYAML's C loader against tracker/fast_yaml.py (medians)\n")
    print(table(["size", "bare yaml.load (CSafeLoader)", "fast_yaml.load", "of which the text guards",
                 "fast path taken", "speed-up", "load_registry cold, PyYAML path", "load_registry cold, fast",
                 "load_snapshot cold, PyYAML path", "load_snapshot cold, fast"], fast_rows))
    print()
    print("## Cold load against the bare parse (medians)\n")
    print(table(["size", "targets", "figures", "targets.yaml", "runs", "bare yaml.load (CSafeLoader)",
                 "load_registry cold", "ratio (aim ≤ 1.3×)", "load_snapshot cold (+ frames, cache write)",
                 "its ratio", "peak RSS MB: bare / cold"], rows))
    print("\n## Where the cold load goes\n")
    print(table(["size", "yamlio.load (parse)", "pydantic schema", "checks (catalogue, claims, merged)", "other",
                 "then: frames + read back", "cache write", "cache size"], parts_rows))
    if split_rows:
        print("\n## Inside the bare parse: libyaml events vs Python objects\n")
        print(table(["size", "events", "yaml.parse (events only)", "yaml.compose (nodes)", "yaml.load (objects)",
                     "json.loads same data", "yaml.load / json"], split_rows))
    print("\n## Warm start: load_snapshot from the cache in a fresh process (aim ≤ 100 ms at 100k)\n")
    print("Files in the page cache. key = xxh3-128 of the five registry files and tracker's code;"
          " read = catalogues + Arrow frames, memory-mapped, into pandas.\n")
    print(table(["size", "runs", "warm (median)", "key", "read", "warm / bare parse, cold / warm", "≤ 100 ms",
                 "imports (not in warm)", "RSS after, MB"], warm_rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
