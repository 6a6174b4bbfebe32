"""The shipped registry's dashboard with the national place catalogue against the same registry
with an earlier, smaller catalogue, in one run: does a catalogue of 3,000+ places slow a page?

    .venv/bin/python benchmarks/bench_places.py [--before REV] [--requests 60]

Two `gunicorn app:server -w 1` servers, each on a copy of the shipped registry (targets.yaml
and data/) that differs only in data/places.yaml: **before** takes it from git revision REV
(default: the last commit whose catalogue had no division codes), **after** is the working
tree's. The response cache is off (TRACKER_RESPONSE_CACHE_MB=0), so every request draws its
page. Requests alternate between the two servers, so both see the same machine load:

- **layout**: GET /_dash-layout, what a browser fetches first on every page load;
- **overview**: the page router's POST for `/` (counts, bullets, the filter bar and its place
  dropdown);
- **filter**: the router's POST for `/targets?place=hangzhou&topic=compute` (a filter change);
- **places**: the router's POST for `/places?place=zhejiang` (the city tiles of a province; with
  codes in the catalogue, also the map of its 11 cities);
- **places-china**: the router's POST for `/places` (with codes, the map of the 34 provinces).

Prints medians (ms), the after/before ratio and each answer's bytes. The aim (issue 14): within
10 % of before.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_http import dependency, request_once  # noqa: E402
from common import ROOT, free_port, machine_line, median, start, stop, table, wait_for_port  # noqa: E402


def before_revision() -> str:
    """The newest commit whose data/places.yaml has no division codes."""
    revisions = subprocess.run(["git", "rev-list", "HEAD", "--", "data/places.yaml"], cwd=ROOT, check=True,
                               capture_output=True, text=True).stdout.split()
    for rev in revisions:
        text = subprocess.run(["git", "show", f"{rev}:data/places.yaml"], cwd=ROOT, capture_output=True,
                              text=True).stdout
        if text and "code:" not in text:
            return rev
    raise SystemExit("no commit with a catalogue without codes: pass --before")


def registry_copy(folder: Path, places_text: str) -> Path:
    shutil.copy(ROOT / "targets.yaml", folder / "targets.yaml")
    shutil.copytree(ROOT / "data", folder / "data")
    (folder / "data" / "places.yaml").write_text(places_text, encoding="utf-8")
    return folder / "targets.yaml"


def router_post(port: int, pathname: str, search: str) -> bytes:
    dep = dependency(port, "_pages_content.children")
    output = dep["output"]
    ids = output.strip(".").split("...") if output.startswith("..") else [output]
    outputs = [{"id": s.rsplit(".", 1)[0], "property": s.rsplit(".", 1)[1]} for s in ids]
    values = {"pathname": pathname, "search": search}
    body = {"output": output, "outputs": outputs if len(outputs) > 1 else outputs[0],
            "inputs": [{**i, "value": values.get(i["property"])} for i in dep["inputs"]],
            "changedPropIds": ["_pages_location.pathname"],
            "state": [{**s, "value": None} for s in dep.get("state", [])]}
    return json.dumps(body).encode()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", help="git revision of the earlier catalogue")
    parser.add_argument("--requests", type=int, default=60)
    args = parser.parse_args(argv)
    rev = args.before or before_revision()
    before_text = subprocess.run(["git", "show", f"{rev}:data/places.yaml"], cwd=ROOT, check=True,
                                 capture_output=True, text=True).stdout
    after_text = (ROOT / "data" / "places.yaml").read_text(encoding="utf-8")
    servers, work = {}, Path(tempfile.mkdtemp(prefix="bench-places-"))
    try:
        for name, text in (("before", before_text), ("after", after_text)):
            folder = work / name
            folder.mkdir()
            registry = registry_copy(folder, text)
            subprocess.run([sys.executable, "-m", "tracker", "snapshot", str(registry), "--as-of", "2026-06-30",
                            "--cache", str(folder / "cache"), "--no-sources"], cwd=ROOT, check=True, capture_output=True)
            port = free_port()
            env = {"TRACKER_REGISTRY": str(registry), "TRACKER_CACHE": str(folder / "cache"),
                   "TRACKER_AS_OF": "2026-06-30", "TRACKER_RESPONSE_CACHE_MB": "0"}
            proc = start([str(Path(sys.executable).parent / "gunicorn"), "app:server", "-b", f"127.0.0.1:{port}",
                          "-w", "1", "--timeout", "600"], env=env, log=folder / "server.log")
            wait_for_port(port, 120, proc)
            servers[name] = (port, proc, len(text.splitlines()))
        requests = {
            "layout": ("GET", "/_dash-layout", None),
            "overview": ("POST", "/_dash-update-component", lambda port: router_post(port, "/", "")),
            "filter": ("POST", "/_dash-update-component",
                       lambda port: router_post(port, "/targets", "?place=hangzhou&topic=compute")),
            "places": ("POST", "/_dash-update-component", lambda port: router_post(port, "/places", "?place=zhejiang")),
            "places-china": ("POST", "/_dash-update-component", lambda port: router_post(port, "/places", "")),
        }
        bodies = {(what, name): (body(port) if callable(body) else body)
                  for name, (port, _, _) in servers.items() for what, (_, _, body) in requests.items()}
        times = {key: [] for key in bodies}
        sizes = {}
        for what, (method, path, _) in requests.items():  # a first request each, not timed
            for name, (port, _, _) in servers.items():
                request_once(port, method, path, bodies[(what, name)])
        for _ in range(args.requests):
            for what, (method, path, _) in requests.items():
                for name, (port, _, _) in servers.items():
                    elapsed, _, payload = request_once(port, method, path, bodies[(what, name)])
                    times[(what, name)].append(elapsed)
                    sizes[(what, name)] = len(payload)
        rows = []
        for what in requests:
            b, a = median(times[(what, "before")]), median(times[(what, "after")])
            rows.append([what, f"{b * 1000:.1f}", f"{a * 1000:.1f}", f"{a / b:.2f}x",
                         f"{sizes[(what, 'before')]:,}", f"{sizes[(what, 'after')]:,}"])
        print(machine_line())
        print(f"before: data/places.yaml at {rev[:10]} ({servers['before'][2]:,} lines); "
              f"after: the working tree's ({servers['after'][2]:,} lines); {args.requests} requests each, alternating")
        print(table(["request", "before p50 ms", "after p50 ms", "after/before", "before bytes", "after bytes"], rows))
    finally:
        for port, proc, _ in servers.values():
            stop(proc)
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
