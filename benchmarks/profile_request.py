"""Where one filter round trip's time goes inside the Dash app (in-process, Flask test client).

    .venv/bin/python benchmarks/profile_request.py [--size 10k] [--root /tmp/trk-bench] [--top 25]

Loads the app on a synthetic registry, makes one warm-up request (it loads the registry), then
profiles --repeat router POSTs (/targets?place=<city>&topic=compute, the city from
bench_http's meta.json when present, each with another value of a parameter the pages ignore,
so that each is drawn rather than answered by the response cache) with cProfile and prints: the total per request, the time
in a few named steps (frames, filters, the filter bar, grid rows, JSON encoding) and the top
functions by cumulative time.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import AS_OF, DEFAULT_ROOT, ROOT, ensure_registry, fmt_s, table  # noqa: E402

STEPS = [
    ("tracker/frames.py", "targets_frame", "targets_frame (status of every target)"),
    ("tracker/frames.py", "figures_frame", "figures_frame (every figure)"),
    ("components/state.py", "claim_columns", "claim_columns (rows in view, as lists)"),
    ("tracker/frames.py", "claim_rows", "claim_rows (which rows)"),
    ("tracker/frames.py", "matching_rows", "matching_rows (filters)"),
    ("tracker/snapshot.py", "column_values", "Snapshot.column_values (Arrow take, to lists)"),
    ("components/common.py", "as_plain", "as_plain (components as data)"),
    ("components/filters.py", "filter_bar", "filter_bar"),
    ("components/filters.py", "place_options", "place_options"),
    ("tracker/query.py", "known_filters", "known_filters"),
    ("pages/targets.py", "grid_rows", "grid_rows"),
    ("components/state.py", "current_view", "current_view (registry stat + query)"),
    ("dash/_utils.py", "to_json", "to_json (response encoding)"),
    ("plotly/io/_json.py", "to_json_plotly", "to_json_plotly (response encoding)"),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="10k")
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args(argv)

    path, _ = ensure_registry(args.root, args.size)
    os.environ["TRACKER_REGISTRY"] = str(path)
    os.environ["TRACKER_AS_OF"] = AS_OF
    os.chdir(ROOT)
    import app as dash_app  # noqa: E402 - reads TRACKER_REGISTRY at import

    meta = args.root / args.size / "http" / "meta.json"
    city = json.loads(meta.read_text())["city"] if meta.exists() else "zhejiang"
    client = dash_app.server.test_client()
    deps = client.get("/_dash-dependencies").get_json()
    dep = next(d for d in deps if "_pages_content.children" in d["output"])
    ids = dep["output"].strip(".").split("...")
    body = {"output": dep["output"],
            "outputs": [{"id": s.rsplit(".", 1)[0], "property": s.rsplit(".", 1)[1]} for s in ids],
            "inputs": [{**i, "value": {"pathname": "/targets",
                                       "search": "?" + urlencode({"place": city, "topic": "compute"})}[i["property"]]}
                       for i in dep["inputs"]],
            "changedPropIds": ["_pages_location.search"], "state": []}
    t = time.perf_counter()
    first = client.post("/_dash-update-component", json=body)
    print(f"# profile_request — {args.size}, city {city}; first request (loads the registry) "
          f"{fmt_s(time.perf_counter() - t)}, {len(first.data):,} bytes\n")

    profiler = cProfile.Profile()
    totals = []
    for _ in range(args.repeat):
        t = time.perf_counter()
        profiler.enable()
        # a view not drawn before each time (a query parameter the pages ignore): the response
        # cache would answer the same body again without drawing anything
        view = {**body, "inputs": [{**i, "value": i["value"] + f"&view={len(totals)}"} if i["property"] == "search"
                                   else i for i in body["inputs"]]}
        response = client.post("/_dash-update-component", json=view)
        profiler.disable()
        totals.append(time.perf_counter() - t)
        assert response.status_code == 200, response.status_code
    stats = pstats.Stats(profiler)
    per = args.repeat
    total = sum(totals) / per
    rows = []
    for (file, line, func), (cc, nc, tt, ct, callers) in stats.stats.items():
        for suffix, name, label in STEPS:
            if file.endswith(suffix) and func == name:
                rows.append([label, fmt_s(ct / per), f"{ct / per / total:.0%}"])
    print(f"Per request (profiled, mean of {per}): {fmt_s(total)}\n")
    print(table(["step", "cumulative per request", "share"], sorted(rows, key=lambda r: r[0])))
    out = io.StringIO()
    stats.stream = out
    stats.sort_stats("cumulative").print_stats(args.top)
    print("\n```\n" + out.getvalue().strip() + "\n```")
    return 0


if __name__ == "__main__":
    sys.exit(main())
