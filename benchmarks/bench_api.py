"""The read-only API against the page it mirrors: a repeated call within 2× of the page's own
callback (issue 18). In one process, on one registry, with Flask's test client (no network):

    .venv/bin/python benchmarks/bench_api.py [--size shipped|1k|10k] [--repeats 30]

For one view (/targets?place=<the place with the most claims>):
- **page**: the page router's callback (POST /_dash-update-component) as the browser sends it
  when the URL changes: the Targets page's rows drawn as its grid;
- **api**: GET /api/targets.json and /api/figures.json with the same query (both lists: the
  page shows both);
each with the response cache on (a repeat: what the issue asks) and off (every answer made).
Medians of --repeats after one warm-up; the ratio api / page beside them.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))


def router_body(client, search: str) -> bytes:
    deps = client.get("/_dash-dependencies").get_json()
    dep = next(d for d in deps if "_pages_content.children" in d["output"])
    output = dep["output"]
    ids = output.strip(".").split("...") if output.startswith("..") else [output]
    outputs = [{"id": s.rsplit(".", 1)[0], "property": s.rsplit(".", 1)[1]} for s in ids]
    values = {"pathname": "/targets", "search": search}
    inputs = [{**i, "value": values.get(i["property"])} for i in dep["inputs"]]
    return json.dumps({"output": output, "outputs": outputs if len(outputs) > 1 else outputs[0], "inputs": inputs,
                       "changedPropIds": ["_pages_location.search"],
                       "state": [{**s, "value": None} for s in dep.get("state", [])]}).encode()


def timed(call, repeats: int) -> float:
    call()  # warm-up (and, with the cache on, the answer to remember)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        response = call()
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, response.status_code
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="shipped", help="shipped, or a synthetic size: 1k, 10k")
    parser.add_argument("--repeats", type=int, default=30)
    args = parser.parse_args()
    if args.size != "shipped":
        from common import ensure_registry

        registry, data = ensure_registry(Path("/tmp/trk-bench"), args.size)
        os.environ["TRACKER_REGISTRY"] = str(registry)
    os.environ.setdefault("TRACKER_AS_OF", "2026-11-23")
    import logging

    logging.disable(logging.WARNING)
    import app  # noqa: E402 - after the environment names the registry
    from components.state import LOADER
    from tracker.frames import Filters, filtered_claims

    snapshot = LOADER.get().snapshot
    place = snapshot.targets["place"].value_counts().index[0]
    targets, figures = filtered_claims(snapshot, Filters(places=[place]))
    client = app.server.test_client()
    body = router_body(client, f"?place={place}")
    cache = app.server.wsgi_app.app  # BodyLimit → ResponseCache

    def page():
        return client.post("/_dash-update-component", data=body, content_type="application/json")

    def api():
        client.get(f"/api/targets.json?place={place}")
        return client.get(f"/api/figures.json?place={place}")

    rows = []
    for label, size in (("cache on (a repeat)", cache.max_bytes or 64 * 1024 * 1024), ("cache off", 0)):
        cache.max_bytes = size
        cache._clear(None)
        page_s, api_s = timed(page, args.repeats), timed(api, args.repeats)
        rows.append((label, page_s, api_s))
    print(f"registry: {args.size} ({len(snapshot.targets)} targets, {len(snapshot.figures)} figures); view "
          f"/targets?place={place}: {len(targets)} targets, {len(figures)} figures; medians of {args.repeats}")
    print(f"{'':22} {'page callback':>14} {'API (both lists)':>17} {'API / page':>11}")
    for label, page_s, api_s in rows:
        print(f"{label:22} {page_s * 1000:11.2f} ms {api_s * 1000:14.2f} ms {api_s / page_s:10.2f}×")


if __name__ == "__main__":
    main()
