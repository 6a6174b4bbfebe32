"""The filter round trip over HTTP, side by side: the Dash app, Datasette and a bare Flask floor.

    .venv/bin/python benchmarks/bench_http.py [--sizes 1k 10k 100k] [--requests 40] [--budget 180]

For each synthetic registry (benchmarks/generate.py), one server at a time on 127.0.0.1:

- **dash**: `gunicorn app:server -w 1` on the registry (TRACKER_REGISTRY, TRACKER_AS_OF fixed).
  The script reads GET /_dash-dependencies, finds the page router callback (output
  `_pages_content.children`, inputs `_pages_location` pathname and search) and POSTs
  /_dash-update-component as the browser does after a filter change:
  pathname /targets, search ?place=<city>&topic=compute. The city is the one with the most
  rows for that filter (the worst case for the payload).
- **datasette**: `datasette serve -i claims.db` over a SQLite file built from
  tracker.frames.targets_frame/figures_frame (the rows the Targets page shows), indexed on
  place, topic, status, kind; GET /claims/claims.json?place__in=<the city and its
  districts>&topic=compute&_facet=status&_facet=kind&_size=max&_shape=objects.
- **flask-rows**: a bare Flask endpoint (gunicorn -w 1) holding the same frames in memory,
  filtering them per request with pandas and returning the same rows with the same facets as JSON.
- **flask-bytes**: the same Flask process returning the exact bytes of the Dash response
  (the transport floor for the payload the dashboard sends).
- **flask-encode**: the same Flask process holding the Dash response's payload as Python data
  and encoding it (orjson) and compressing it (gzip -6, as flask-compress does) per request:
  the floor for an answer that is made, not stored.
- **dash-callback**: the Dash server answering its smallest callback (the grid's search box,
  a few bytes): what Dash and gunicorn cost per request before a page draws anything.

The Dash server runs with --timeout 3600: a registry that is not in the snapshot cache yet is
parsed when the worker starts (`python -m tracker snapshot` beforehand avoids it). The script
also starts it once as documented (default --timeout 30) and reports whether the first
request is answered.

Requests are sequential, a new connection each (gunicorn's sync worker closes every one), with
`Accept-Encoding: gzip` as a browser sends it: Dash compresses (flask-compress), Datasette and
the Flask rows endpoint do not, and the floor sends Dash's compressed bytes as they are. Timings
include decompressing. p50/p95 over --requests (or until --budget seconds per server), bytes on
the wire and decoded, rows returned, and each server's peak RSS (VmHWM from /proc; for
gunicorn, the worker's). The first Dash request is reported apart.

Dash is measured twice: **dash** asks for the same view each time (after the first, the
response cache answers), **dash-new-view** asks each time for a view it has not drawn before
(the same rows, with a query parameter the pages ignore, so every request is drawn).
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import json
import os
import pickle
import sqlite3
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import (AS_OF, BENCH_PYTHON, DEFAULT_ROOT, PYTHON, children, ensure_registry, fmt_bytes, fmt_ms,  # noqa: E402
                    fmt_s, free_port, machine_line, median, percentile, run_child, start, stop, table,
                    vm_kb, wait_for_port)

HERE = Path(__file__).resolve().parent
TOPIC = "compute"
DEFAULT_REQUESTS = {"1k": 40, "10k": 20, "100k": 5}
# The columns the Targets grid shows, as the rows of the data servers.
ROW_COLUMNS = ["id", "kind", "place", "place_en", "place_zh", "actor", "actor_place", "metric", "metric_en",
               "topic", "comparator", "value", "unit", "growth", "rank", "year", "date_text", "status", "hedged",
               "explanation_en", "source", "source_file", "quote", "note"]


# --- preparing the data servers' inputs --------------------------------------------------------

def prep_child(path: str, data_dir: str, out_dir: str) -> dict:
    """Frames -> claims.db (SQLite) + frames.pickle + the city to filter on. Uses bench_load's
    cache of the frames when it is there and fresh (saves a registry load at 100k)."""
    import datetime as dt

    import pandas as pd

    started = time.perf_counter()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    cache = Path(path).parent / "cache"
    source = "load_registry"
    if ((cache / "frames.pickle").exists() and (cache / "catalogues.pickle").exists()
            and (cache / "frames.pickle").stat().st_mtime > Path(path).stat().st_mtime):
        frames = pickle.loads((cache / "frames.pickle").read_bytes())
        catalogues = pickle.loads((cache / "catalogues.pickle").read_bytes())
        targets, figures, places = frames["targets"], frames["figures"], catalogues.places
        source = "bench_load cache"
    else:
        import tracker
        from tracker.frames import figures_frame, targets_frame

        registry = tracker.load_registry(path, check_sources=False, data_dir=data_dir)
        as_of = dt.date.fromisoformat(AS_OF)
        targets, figures, places = targets_frame(registry, as_of), figures_frame(registry), registry.places
    kids: dict[str, list[str]] = {}
    for place in places.values():
        if place.parent:
            kids.setdefault(place.parent, []).append(place.id)
    frame = pd.concat([targets, figures], ignore_index=True)[ROW_COLUMNS]
    frame = frame.astype(object).where(frame.notna(), None)

    def subtree(pid):
        found, stack = [], [pid]
        while stack:
            cur = stack.pop()
            found.append(cur)
            stack.extend(kids.get(cur, []))
        return found

    # the city with the most rows for the filter
    compute = frame[frame["topic"] == TOPIC]
    best, best_n = None, -1
    for pid, place in places.items():
        if place.level != "city":
            continue
        ids = set(subtree(pid))
        n = int((compute["place"].isin(ids) | compute["actor_place"].isin(ids)).sum())
        if n > best_n:
            best, best_n = pid, n
    db = out / "claims.db"
    if db.exists():
        db.unlink()
    with sqlite3.connect(db) as conn:
        frame.to_sql("claims", conn, index=False, chunksize=10_000)
        for column in ("place", "actor_place", "topic", "status", "kind"):
            conn.execute(f"create index idx_{column} on claims({column})")
        conn.execute("analyze")
    (out / "frames.pickle").write_bytes(pickle.dumps({"rows": frame, "children": kids}, protocol=5))
    meta = {"python": sys.executable, "city": best, "subtree": subtree(best), "expected_rows": best_n, "rows_total": len(frame),
            "db_bytes": db.stat().st_size, "source": source, "seconds": time.perf_counter() - started}
    (out / "meta.json").write_text(json.dumps(meta))
    return meta


# --- the Flask floor (imported by gunicorn: bench_http:floor_app()) ---------------------------

def floor_app():
    import orjson
    import pandas as pd  # noqa: F401
    from flask import Flask, Response, request

    prep = Path(os.environ["BENCH_PREP"])
    data = pickle.loads((prep / "frames.pickle").read_bytes())
    rows, kids = data["rows"], data["children"]
    dash_bytes = (prep / "dash-response.json").read_bytes() if (prep / "dash-response.json").exists() else b"{}"
    encoding_file = prep / "dash-response.encoding"
    dash_encoding = encoding_file.read_text() if encoding_file.exists() else ""
    dash_payload = json.loads(gzip.decompress(dash_bytes) if dash_encoding == "gzip" else dash_bytes)
    app = Flask("floor")

    def subtree(pid):
        found, stack = set(), [pid]
        while stack:
            cur = stack.pop()
            if cur not in found:
                found.add(cur)
                stack.extend(kids.get(cur, []))
        return found

    @app.get("/rows")
    def filtered():
        mask = pd.Series(True, index=rows.index)
        place, topic = request.args.get("place"), request.args.get("topic")
        if place:
            wanted = subtree(place)
            mask &= rows["place"].isin(wanted) | rows["actor_place"].isin(wanted)
        if topic:
            mask &= rows["topic"] == topic
        view = rows[mask]
        payload = {"count": len(view),
                   "facets": {c: view[c].value_counts().to_dict() for c in ("status", "kind")},
                   "rows": view.to_dict("records")}
        return Response(json.dumps(payload, ensure_ascii=False, default=str), mimetype="application/json")

    @app.post("/_dash-update-component")
    def same_bytes():
        response = Response(dash_bytes, mimetype="application/json")
        if dash_encoding:
            response.headers["Content-Encoding"] = dash_encoding
        return response

    @app.post("/encode")
    def same_payload_encoded():
        response = Response(gzip.compress(orjson.dumps(dash_payload), 6), mimetype="application/json")
        response.headers["Content-Encoding"] = "gzip"
        return response

    return app


# --- the client -------------------------------------------------------------------------------

LAST_WIRE: dict = {}  # the last response as it came over the wire: bytes and Content-Encoding


def request_once(port: int, method: str, path: str, body: bytes | None = None,
                 timeout: float = 1800) -> tuple[float, int, bytes]:
    """One request as a browser makes it (Accept-Encoding: gzip); returns the decoded body.
    The time includes decompressing it, as the browser must."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    headers = {"Accept-Encoding": "gzip"}
    if body is not None:
        headers.update({"Content-Type": "application/json", "Accept": "application/json"})
    t = time.perf_counter()
    conn.request(method, path, body=body, headers=headers)
    resp = conn.getresponse()
    wire = resp.read()
    encoding = resp.getheader("Content-Encoding") or ""
    payload = gzip.decompress(wire) if encoding == "gzip" else wire
    elapsed = time.perf_counter() - t
    conn.close()
    if resp.status != 200:
        raise RuntimeError(f"{method} {path} -> {resp.status}: {payload[:300]!r}")
    LAST_WIRE.update(bytes=wire, encoding=encoding)
    return elapsed, resp.status, payload


def measure(port: int, method: str, path: str, body, n: int, budget: float, count_rows) -> dict:
    """`body`: bytes, None, or a function of the request's number giving its bytes."""
    times, sizes, rows = [], [], None
    deadline = time.monotonic() + budget
    for i in range(n):
        elapsed, _, payload = request_once(port, method, path, body(i) if callable(body) else body)
        times.append(elapsed)
        sizes.append(len(LAST_WIRE["bytes"]))
        if rows is None:
            rows = count_rows(payload)
            plain = len(payload)
            gz = len(gzip.compress(payload, 6))
        if time.monotonic() > deadline and i >= 2:
            break
    return {"n": len(times), "p50": median(times), "p95": percentile(times, 95), "bytes": median(sizes),
            "plain": plain, "gzip": gz, "rows": rows, "times": times, "encoding": LAST_WIRE["encoding"] or "none"}


def walk(node):
    """Every Dash component dict in a layout JSON."""
    stack = [node]
    while stack:
        cur = stack.pop()
        if isinstance(cur, dict):
            if "props" in cur and "type" in cur:
                yield cur
            stack.extend(cur.values())
        elif isinstance(cur, list):
            stack.extend(cur)


def dash_parts(payload: bytes) -> dict:
    data = json.loads(payload)
    parts = {"rows": None, "rowData bytes": 0, "place options bytes": 0, "columnDefs bytes": 0}
    for comp in walk(data):
        props = comp["props"]
        if comp["type"] == "AgGrid":
            parts["rows"] = len(props.get("rowData") or [])
            parts["rowData bytes"] = len(json.dumps(props.get("rowData"), separators=(",", ":")))
            parts["columnDefs bytes"] = len(json.dumps(props.get("columnDefs"), separators=(",", ":")))
        if props.get("id") == "f-place":
            parts["place options bytes"] = len(json.dumps(props.get("options"), separators=(",", ":")))
    if parts["rows"] is None:
        parts["rows"] = 0
    return parts


def dependency(port: int, output: str) -> dict:
    """The callback whose output contains `output`, from /_dash-dependencies."""
    _, _, deps = request_once(port, "GET", "/_dash-dependencies")
    for dep in json.loads(deps):
        if output in dep["output"]:
            return dep
    raise RuntimeError(f"no callback with the output {output} in /_dash-dependencies")


def search_box_body(port: int) -> bytes:
    """The POST the browser sends when a user types in the grid's search box."""
    dep = dependency(port, "claims-grid.dashGridOptions")
    body = {"output": dep["output"], "outputs": {"id": "claims-grid", "property": "dashGridOptions"},
            "inputs": [{**i, "value": "hangzhou"} for i in dep["inputs"]],
            "state": [{**s, "value": {}} for s in dep.get("state", [])], "changedPropIds": ["grid-search.value"]}
    return json.dumps(body).encode()


def router_body(port: int, search: str) -> bytes:
    """The POST the browser sends for the page router, built from /_dash-dependencies."""
    dep = dependency(port, "_pages_content.children")
    output = dep["output"]
    ids = [part for part in output.strip(".").split("...")] if output.startswith("..") else [output]
    outputs = [{"id": s.rsplit(".", 1)[0], "property": s.rsplit(".", 1)[1]} for s in ids]
    values = {"pathname": "/targets", "search": search}
    inputs = [{**i, "value": values.get(i["property"])} for i in dep["inputs"]]
    body = {"output": output, "outputs": outputs if len(outputs) > 1 else outputs[0], "inputs": inputs,
            "changedPropIds": ["_pages_location.search"], "parsedChangedPropsIds": ["_pages_location.search"],
            "state": [{**s, "value": None} for s in dep.get("state", [])]}
    return json.dumps(body).encode()


def with_search(body: bytes, search: str) -> bytes:
    """The router POST for another query string."""
    request = json.loads(body)
    for item in request["inputs"]:
        if item["property"] == "search":
            item["value"] = search
    return json.dumps(request).encode()


def worker_hwm_mb(proc) -> float:
    """Peak RSS of a gunicorn worker (or of the process itself when it has no children)."""
    pids = children(proc.pid) or [proc.pid]
    values = [vm_kb(p) or 0 for p in pids]
    return max(values) / 1024 if values else float("nan")


def run_size(size: str, root: Path, n: int, budget: float, log_dir: Path) -> tuple[list, dict]:
    path, data = ensure_registry(root, size)
    prep = root / size / "http"
    meta_file = prep / "meta.json"
    if (not meta_file.exists() or meta_file.stat().st_mtime < path.stat().st_mtime
            or json.loads(meta_file.read_text()).get("python") != PYTHON):
        print(f"  {size}: building claims.db and frames …", file=sys.stderr, flush=True)
        run_child([str(HERE / "bench_http.py"), "--child", "prep", str(path), str(data), str(prep)], 3600)
    meta = json.loads(meta_file.read_text())
    city, ids = meta["city"], meta["subtree"]
    search = "?" + urlencode({"place": city, "topic": TOPIC})
    results, extra = {}, {"city": city, "places in subtree": len(ids), "expected rows": meta["expected_rows"],
                          "db": meta["db_bytes"]}

    # 1. Dash under gunicorn, one worker
    port = free_port()
    env = {"TRACKER_REGISTRY": str(path), "TRACKER_AS_OF": AS_OF, "PYTHONUNBUFFERED": "1"}
    proc = start([PYTHON, "-m", "gunicorn", "app:server", "-b", f"127.0.0.1:{port}", "-w", "1",
                  "--timeout", "3600", "--graceful-timeout", "5"], env=env, log=log_dir / f"dash-{size}.log")
    try:
        wait_for_port(port, 120, proc)
        body = router_body(port, search)
        first, _, payload = request_once(port, "POST", "/_dash-update-component", body)
        extra["dash first request"] = first
        extra["dash parts"] = dash_parts(payload)
        (prep / "dash-response.json").write_bytes(LAST_WIRE["bytes"])  # as sent: the floor sends the same
        (prep / "dash-response.encoding").write_text(LAST_WIRE["encoding"])
        # The same view again: the response cache sends it as it was.
        results["dash"] = measure(port, "POST", "/_dash-update-component", body, n, budget,
                                  lambda p: dash_parts(p)["rows"])
        # A view not asked for before, each time: the same rows, with a query parameter the
        # pages ignore (view=i), so every request misses the response cache and is drawn.
        results["dash-new-view"] = measure(port, "POST", "/_dash-update-component",
                                           lambda i: with_search(body, f"{search}&view={i}"), n, budget,
                                           lambda p: dash_parts(p)["rows"])
        results["dash-callback"] = measure(port, "POST", "/_dash-update-component", search_box_body(port), n, budget,
                                           lambda p: 0)
        results["dash"]["rss"] = results["dash-new-view"]["rss"] = results["dash-callback"]["rss"] = worker_hwm_mb(proc)
    finally:
        stop(proc)

    # 1b. The documented production command keeps gunicorn's default --timeout (30 s): does the
    # first request, which loads the registry, finish before the worker is killed?
    port = free_port()
    log = log_dir / f"dash-default-timeout-{size}.log"
    proc = start([PYTHON, "-m", "gunicorn", "app:server", "-b", f"127.0.0.1:{port}", "-w", "1"], env=env, log=log)
    try:
        wait_for_port(port, 120, proc)
        t = time.perf_counter()
        try:
            request_once(port, "POST", "/_dash-update-component", body, timeout=120)
            outcome = "200"
        except (RuntimeError, OSError) as exc:
            outcome = str(exc).split(":")[0][:60]
        elapsed = time.perf_counter() - t
    finally:
        stop(proc)
    killed = "WORKER TIMEOUT" in log.read_text(errors="replace")
    extra["default timeout"] = f"{outcome} after {fmt_s(elapsed)}" + (" (WORKER TIMEOUT: worker killed)" if killed else "")

    # 2. Datasette on the SQLite file
    port = free_port()
    proc = start([BENCH_PYTHON, "-m", "datasette", "serve", "-i", str(prep / "claims.db"), "-h", "127.0.0.1",
                  "-p", str(port), "--setting", "max_returned_rows", "100000",
                  "--setting", "sql_time_limit_ms", "60000", "--setting", "facet_time_limit_ms", "60000",
                  "--setting", "num_sql_threads", "2"], log=log_dir / f"datasette-{size}.log")
    try:
        wait_for_port(port, 120, proc)
        query = urlencode({"place__in": ",".join(ids), "topic": TOPIC, "_facet": "status", "_size": "max",
                           "_shape": "objects"}) + "&_facet=kind"
        url = f"/claims/claims.json?{query}"
        request_once(port, "GET", url)   # warm-up: opens the database
        results["datasette"] = measure(port, "GET", url, None, n, budget,
                                       lambda p: len(json.loads(p)["rows"]))
        results["datasette"]["rss"] = worker_hwm_mb(proc)
    finally:
        stop(proc)

    # 3. Flask floor under gunicorn, one worker
    port = free_port()
    proc = start([PYTHON, "-m", "gunicorn", "bench_http:floor_app()", "-b", f"127.0.0.1:{port}", "-w", "1",
                  "--timeout", "600"], env={"BENCH_PREP": str(prep)}, cwd=HERE, log=log_dir / f"flask-{size}.log")
    try:
        wait_for_port(port, 600, proc)
        url = "/rows?" + urlencode({"place": city, "topic": TOPIC})
        request_once(port, "GET", url)
        results["flask-rows"] = measure(port, "GET", url, None, n, budget, lambda p: json.loads(p)["count"])
        results["flask-bytes"] = measure(port, "POST", "/_dash-update-component", body, n, budget,
                                         lambda p: dash_parts(p)["rows"])
        results["flask-encode"] = measure(port, "POST", "/encode", body, n, budget, lambda p: dash_parts(p)["rows"])
        results["flask-rows"]["rss"] = results["flask-bytes"]["rss"] = results["flask-encode"]["rss"] = worker_hwm_mb(proc)
    finally:
        stop(proc)
    return results, extra


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", nargs="+", default=["1k", "10k"])
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    parser.add_argument("--requests", type=int, help="requests per server (default 40/20/5 by size)")
    parser.add_argument("--budget", type=float, default=180, help="seconds per server at most (after 3 requests)")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        kind, *rest = args.child
        print(json.dumps({"prep": prep_child}[kind](*rest)))
        return 0

    print(f"# bench_http — {machine_line()}\n")
    log_dir = args.root / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    rows, memory_rows, notes = [], [], []
    for size in args.sizes:
        started = time.monotonic()
        n = args.requests or DEFAULT_REQUESTS.get(size, 10)
        results, extra = run_size(size, args.root, n, args.budget, log_dir)
        ds, floor, encode_floor, rows_floor = (results[k]["p50"] for k in (
            "datasette", "flask-bytes", "flask-encode", "flask-rows"))

        def ratio(x):
            return f"{x:.2f}×" if x < 1 else f"{x:.1f}×"
        for name, r in results.items():
            rows.append([size, name, r["rows"], fmt_bytes(r["bytes"]), r["encoding"], fmt_bytes(r["plain"]),
                         fmt_bytes(r["gzip"]), r["n"], fmt_ms(r["p50"]),
                         fmt_ms(r["p95"]), ratio(r["p50"] / ds), ratio(r["p50"] / floor), ratio(r["p50"] / encode_floor),
                         ratio(r["p50"] / rows_floor)])
        memory_rows.append([size, *(f"{results[k]['rss']:.0f}" for k in ("dash", "datasette", "flask-rows"))])
        parts = extra["dash parts"]
        notes.append(f"- {size}: filter `?place={extra['city']}&topic={TOPIC}` ({extra['places in subtree']} places in "
                     f"the subtree, {extra['expected rows']} rows expected); first Dash request "
                     f"{fmt_s(extra['dash first request'])}; Dash response parts: rowData "
                     f"{fmt_bytes(parts['rowData bytes'])}, place dropdown options {fmt_bytes(parts['place options bytes'])}, "
                     f"columnDefs {fmt_bytes(parts['columnDefs bytes'])}; SQLite file {fmt_bytes(extra['db'])}; "
                     f"first request under gunicorn's default --timeout 30: {extra['default timeout']}; "
                     f"size done in {time.monotonic() - started:.0f} s")
        print(f"  {size} done", file=sys.stderr, flush=True)
    print("## Filter round trip, one client, sequential (p50/p95 in ms)\n")
    print(table(["size", "server", "rows", "bytes on the wire", "encoding", "decoded", "gzip -6 of it", "n",
                 "p50 ms", "p95 ms", "p50 / datasette",
                 "p50 / flask-bytes", "p50 / flask-encode", "p50 / flask-rows"], rows))
    print("\n## Peak RSS of the server process (VmHWM, MB; gunicorn: the worker)\n")
    print(table(["size", "dash (gunicorn worker)", "datasette", "flask floor (gunicorn worker)"], memory_rows))
    print("\n## Notes\n")
    print("\n".join(notes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
