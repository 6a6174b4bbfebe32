"""Encoding the Targets page response: the json engine Dash uses today against orjson, and gzip.

    benchmarks/.venv/bin/python benchmarks/bench_encode.py [--sizes 1k 10k] [--root /tmp/trk-bench]

Dash encodes every callback response with plotly.io.json.to_json_plotly, whose default
engine "auto" takes orjson when it is importable and otherwise the standard json module.
requirements.txt has no orjson, so the app encodes with "json". This builds the Targets page
layout for ?place=<city>&topic=compute (the city bench_http.py chose, from
OUT/<size>/http/meta.json) on a synthetic registry, as the router callback does, and times
encoding that component tree with each engine, and gzip of the result. Run it in
benchmarks/.venv, which has orjson (the registry load is outside the clock).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import AS_OF, DEFAULT_ROOT, ROOT, fmt_bytes, machine_line, table  # noqa: E402


def timed(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", nargs="+", default=["1k", "10k"])
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args(argv)
    os.chdir(ROOT)
    os.environ["TRACKER_AS_OF"] = AS_OF
    import app  # noqa: F401 - registers the pages
    import dash
    from plotly.io.json import to_json_plotly

    import components.state as state
    from tracker.registry import CachedLoader

    try:
        import orjson  # noqa: F401
        engines = ["json", "orjson"]
    except ImportError:
        engines = ["json"]
    layout = next(p["layout"] for p in dash.page_registry.values() if p["path"] == "/targets")
    print(f"# bench_encode — {machine_line()}\n")
    rows = []
    for size in args.sizes:
        path = args.root / size / "targets.yaml"
        meta = args.root / size / "http" / "meta.json"
        if not path.exists():
            continue
        city = json.loads(meta.read_text())["city"] if meta.exists() else "zhejiang"
        state.LOADER = CachedLoader(path)        # the pages read the registry through it
        tree = layout(place=city, topic="compute")
        tree = layout(place=city, topic="compute")   # the second call is the one a user waits for
        cells = [size]
        for engine in engines:
            raw = to_json_plotly(tree, engine=engine).encode()
            cells.append(f"{timed(lambda: to_json_plotly(tree, engine=engine), args.repeat) * 1000:.1f} ms, "
                         f"{fmt_bytes(len(raw))}")
        cells.append(f"{timed(lambda: gzip.compress(raw, 6), args.repeat) * 1000:.1f}")
        cells.append(fmt_bytes(len(gzip.compress(raw, 6))))
        rows.append(cells)
    print(table(["size", *(f"{e}: encode, bytes" for e in engines), f"gzip -6 of the {engines[-1]} bytes: ms",
                 "gzip bytes"], rows))
    print("\n(json escapes every Chinese character as \\uXXXX, 6 bytes; orjson writes UTF-8, 3 bytes.)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
