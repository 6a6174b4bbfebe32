"""Throughput of `gunicorn app:server -w 2` under wrk on loopback: 50 clients for 60 s.

    .venv/bin/python benchmarks/bench_gunicorn.py [--registry targets.yaml] [--connections 50] [--duration 60]

Serves the registry that ships with the project (or --registry), warms both workers, then
runs wrk (Debian's package) with a Lua script that POSTs /_dash-update-component as the
browser does after a filter change: the page router callback (read from
/_dash-dependencies) for /targets?place=hangzhou&topic=compute. Twice: every request the same
view (after the first, the response cache answers), then every request a view not drawn
before (the same rows, with a query parameter the pages ignore: view=<thread>-<n>). Prints requests/s,
latency percentiles (p50/p90/p99/max), errors (connect/read/write/timeout and non-2xx) and
the workers' peak RSS. wrk runs on the same 2 cores as the server, so the numbers are a lower
bound of what the server alone would do.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_http import request_once, router_body, with_search  # noqa: E402
from common import (AS_OF, DEFAULT_ROOT, PYTHON, ROOT, children, fmt_bytes, free_port, machine_line,  # noqa: E402
                    median, start, stop, table, vm_kb, wait_for_port)

LUA = r"""
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept-Encoding"] = "gzip"  -- as a browser asks; the app compresses
local head, tail, vary = [==[%HEAD%]==], [==[%TAIL%]==], %VARY%
wrk.body = head .. "0" .. tail
non200 = 0  -- a global of each thread's Lua state, read back with thread:get
local threads = {}
function setup(thread) table.insert(threads, thread); thread:set("tid", #threads) end
function init(args) non200 = 0; n = 0 end
function request()
  if not vary then return wrk.format() end
  n = n + 1
  return wrk.format(nil, nil, nil, head .. tid .. "-" .. n .. tail)
end
function response(status, headers, body)
  if status ~= 200 then non200 = non200 + 1 end
end
function done(summary, latency, requests)
  local bad = 0
  for _, t in ipairs(threads) do bad = bad + (t:get("non200") or 0) end
  io.write(string.format(
    '\nJSON {"requests": %d, "duration_us": %d, "bytes": %d, "connect": %d, "read": %d, "write": %d, ' ..
    '"status": %d, "timeout": %d, "non200": %d, "p50": %d, "p90": %d, "p99": %d, "max": %d, "mean": %.1f}\n',
    summary.requests, summary.duration, summary.bytes, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.status, summary.errors.timeout, bad,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end
"""


def run_wrk(wrk: str, args: argparse.Namespace, port: int, lua: str) -> tuple[dict | None, list[str]]:
    """One wrk run; its summary (the JSON line the Lua script prints), or None on failure."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(lua)
        script = fh.name
    cmd = [wrk, f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s", "--timeout", "30s",
           "-s", script, f"http://127.0.0.1:{port}/_dash-update-component"]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=args.duration + 120)
    finally:
        Path(script).unlink(missing_ok=True)
    line = next((l for l in done.stdout.splitlines() if l.startswith("JSON ")), None)
    if done.returncode != 0 or line is None:
        print(done.stdout, done.stderr, file=sys.stderr)
        return None, cmd
    return json.loads(line[5:]), cmd


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--registry", type=Path, default=ROOT / "targets.yaml")
    parser.add_argument("--place", default="hangzhou")
    parser.add_argument("--topic", default="compute")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--log-dir", type=Path, default=DEFAULT_ROOT / "logs")
    args = parser.parse_args(argv)
    wrk = shutil.which("wrk")
    if not wrk:
        print("wrk not found: run benchmarks/setup.sh (apt-get install wrk)", file=sys.stderr)
        return 2
    args.log_dir.mkdir(parents=True, exist_ok=True)
    print(f"# bench_gunicorn — {machine_line()}\n")

    port = free_port()
    log = args.log_dir / "gunicorn-throughput.log"
    proc = start([PYTHON, "-m", "gunicorn", "app:server", "-b", f"127.0.0.1:{port}", "-w", str(args.workers),
                  "--timeout", "120"], env={"TRACKER_REGISTRY": str(args.registry.resolve()), "TRACKER_AS_OF": AS_OF},
                 log=log)
    try:
        wait_for_port(port, 120, proc)
        search = "?" + urlencode({"place": args.place, "topic": args.topic})
        body = router_body(port, search)
        sizes, warm = set(), []
        for _ in range(4 * args.workers):   # both workers load the registry before the clock starts
            elapsed, _, payload = request_once(port, "POST", "/_dash-update-component", body, timeout=120)
            sizes.add(len(payload))
            warm.append(elapsed)
        fresh = [request_once(port, "POST", "/_dash-update-component", with_search(body, f"{search}&view=idle-{i}"))[0]
                 for i in range(6)]
        head, _, tail = with_search(body, search + "&view=VIEW").decode().partition("VIEW")
        rows, cmd = [], []
        for label, vary in (("the same view (response cache)", "false"), ("a new view each request (drawn)", "true")):
            r, cmd = run_wrk(wrk, args, port, LUA.replace("%HEAD%", head).replace("%TAIL%", tail).replace("%VARY%", vary))
            if r is None:
                return 1
            errors = r["connect"] + r["read"] + r["write"] + r["timeout"] + r["non200"]
            rows.append([label, args.workers, args.connections, f"{r['duration_us'] / 1e6:.0f} s", r["requests"],
                         f"{r['requests'] / (r['duration_us'] / 1e6):.1f}", f"{r['p50'] / 1000:.0f}",
                         f"{r['p90'] / 1000:.0f}", f"{r['p99'] / 1000:.0f}", f"{r['max'] / 1000:.0f}",
                         f"{errors} ({r['connect']}/{r['read']}/{r['write']}/{r['timeout']}/{r['non200']})"])
        rss = [vm_kb(p) or 0 for p in children(proc.pid)]
    finally:
        stop(proc)
    worker_timeouts = log.read_text(errors="replace").count("WORKER TIMEOUT")
    print(f"Command: `{' '.join(Path(c).name if i == 0 else c for i, c in enumerate(cmd))}` against "
          f"`gunicorn app:server -w {args.workers}` serving {args.registry.name}; POST of the page router for "
          f"/targets{search}; response {', '.join(fmt_bytes(s) for s in sorted(sizes))}.\n")
    print(table(["requests ask for", "workers", "clients", "duration", "requests", "requests/s", "p50 ms", "p90 ms",
                 "p99 ms", "max ms", "errors (connect/read/write/timeout/non-2xx)"], rows))
    print(f"\nWorker timeouts: {worker_timeouts}. Workers' peak RSS: {' / '.join(f'{x / 1024:.0f}' for x in rss)} MB. "
          f"One request on the idle server (median): the same view {median(warm[args.workers:]) * 1000:.1f} ms, "
          f"a new view {median(fresh) * 1000:.1f} ms.")
    errors = sum(int(row[-1].split()[0]) for row in rows) + worker_timeouts
    return 0 if errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
