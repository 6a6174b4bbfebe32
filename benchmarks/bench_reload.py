"""A server's reload after an edit: built by a child process (`tracker snapshot`, as shipped)
against built in the worker's own thread (as before), side by side in one run.

    .venv/bin/python benchmarks/bench_reload.py [--sizes 10k] [--root /tmp/trk-bench]

For each size and each way, on a copy of the synthetic registry (the snapshot of the copy as it
is comes from the shared bench cache, so the server starts warm):

1. start `gunicorn app:server -w 1` (the in-thread way: the same app with
   `LOADER.in_child = False`, through `bench_reload:in_thread_server()`), ask for the Targets
   page once, note the worker's RSS;
2. edit the registry (append a comment: new content, a new snapshot to build; each way gets its
   own comment, so neither finds the other's build in the cache);
3. ask for the same page every 0.25 s until it is answered from the new snapshot (the response
   cache answers `X-Tracker-Cache: hit` while the old snapshot is served, `miss` once the new
   one is in), and time each answer meanwhile;
4. note the worker's RSS now (VmRSS) and its peak (VmHWM).

Printed: the time from the edit to the new snapshot, the answers' p50 and max while it was
built, and the worker's RSS before and after and its peak.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import (AS_OF, DEFAULT_ROOT, PYTHON, ROOT, children, ensure_registry, fmt_ms, fmt_s, free_port,  # noqa: E402
                    machine_line, median, start, stop, table, vm_kb, wait_for_port)

HERE = Path(__file__).resolve().parent


def in_thread_server():
    """The shipped app, building snapshots in the worker's own thread (the way before)."""
    sys.path.insert(0, str(ROOT))
    import app

    app.LOADER.in_child = False
    return app.server


def ask(port: int, body: bytes) -> tuple[float, str]:
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=900)
    started = time.perf_counter()
    conn.request("POST", "/_dash-update-component", body=body,
                 headers={"Content-Type": "application/json", "Accept-Encoding": "gzip"})
    response = conn.getresponse()
    response.read()
    elapsed = time.perf_counter() - started
    conn.close()
    if response.status != 200:
        raise RuntimeError(f"router answered {response.status}")
    return elapsed, response.getheader("X-Tracker-Cache") or ""


def run_way(way: str, registry: Path, cache: Path, city: str, log_dir: Path, limit: float) -> dict:
    from bench_http import router_body

    port = free_port()
    app_spec = "app:server" if way == "child process" else "bench_reload:in_thread_server()"
    env = {"TRACKER_REGISTRY": str(registry), "TRACKER_AS_OF": AS_OF, "TRACKER_CACHE": str(cache),
           "PYTHONUNBUFFERED": "1"}
    proc = start([PYTHON, "-m", "gunicorn", app_spec, "-b", f"127.0.0.1:{port}", "-w", "1", "--pythonpath", str(HERE),
                  "--timeout", "3600"], env=env, log=log_dir / f"reload-{way.split()[0]}.log")
    try:
        wait_for_port(port, 300, proc)
        body = router_body(port, "?" + urlencode({"place": city, "topic": "compute"}))
        ask(port, body)
        ask(port, body)
        worker = (children(proc.pid) or [proc.pid])[0]
        before = vm_kb(worker, "VmRSS")
        with registry.open("a", encoding="utf-8") as handle:
            handle.write(f"\n# edited by bench_reload ({way}, {time.time_ns()})\n")
        edited = time.monotonic()
        during, state = [], "hit"
        while state != "miss" and time.monotonic() - edited < limit:
            elapsed, state = ask(port, body)
            if state == "hit":
                during.append(elapsed)
            time.sleep(0.25)
        swapped = time.monotonic() - edited
        return {"way": way, "reload": swapped if state == "miss" else None, "answers": len(during),
                "p50": median(during) if during else None, "max": max(during) if during else None,
                "before": before / 1024, "after": (vm_kb(worker, "VmRSS") or 0) / 1024,
                "peak": (vm_kb(worker) or 0) / 1024}
    finally:
        stop(proc)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", nargs="+", default=["10k"])
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    parser.add_argument("--limit", type=float, default=1800, help="seconds to wait for a reload at most")
    args = parser.parse_args(argv)
    print(f"# bench_reload — {machine_line()}\n")
    log_dir = args.root / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    rows = []
    for size in args.sizes:
        path, data = ensure_registry(args.root, size)
        meta = args.root / size / "http" / "meta.json"
        city = json.loads(meta.read_text())["city"] if meta.exists() else "zhejiang"
        work = args.root / size / "reload"
        cache = work / "cache"
        for way in ("worker thread", "child process"):
            copy = work / way.split()[0]
            shutil.rmtree(copy, ignore_errors=True)
            (copy / "data").mkdir(parents=True)
            shutil.copy(path, copy / "targets.yaml")
            for file in data.iterdir():
                shutil.copy(file, copy / "data" / file.name)
            # the unedited copy's snapshot, built ahead like the README says (cached after the first time)
            subprocess.run([PYTHON, "-m", "tracker", "snapshot", str(copy / "targets.yaml"), "--no-sources",
                            "--as-of", AS_OF, "--cache", str(cache)], cwd=ROOT, check=True, timeout=3600,
                           stdout=subprocess.DEVNULL)
            print(f"  {size}, {way} …", file=sys.stderr, flush=True)
            result = run_way(way, copy / "targets.yaml", cache, city, log_dir, args.limit)
            rows.append([size, way, fmt_s(result["reload"]) if result["reload"] else f"> {args.limit:.0f} s",
                         result["answers"], fmt_ms(result["p50"]) if result["p50"] else "-",
                         fmt_ms(result["max"]) if result["max"] else "-", f"{result['before']:.0f}",
                         f"{result['after']:.0f}", f"{result['peak']:.0f}"])
    print("## A reload after an edit, seen from the server\n")
    print(table(["size", "built in", "edit to new snapshot", "answers meanwhile", "their p50 ms", "their max ms",
                 "worker RSS before, MB", "after, MB", "worker peak, MB"], rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
