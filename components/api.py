"""The read-only HTTP API: every view's rows as JSON and CSV, served by the dashboard's own
Flask server from the snapshot the pages show, with the pages' query strings
(tracker/api.py makes the answers; docs/api.md documents them).

    /api/targets.json  /api/figures.json  /api/places.json  /api/metrics.json  /api/sources.json
    /api/targets.csv   … (a .csv twin of each list)
    /api/target/<id>.json
    /feed.atom  (an Atom feed of new targets and figures, with the same query string)

Answers carry the snapshot key and as-of date, an ETag (a repeat request gets 304), CORS for
GET, and page past 1,000 rows with `_size` and `_next`. Nothing here writes."""

from __future__ import annotations

import json

import xxhash
from flask import Blueprint, Response, request, url_for

from tracker import api, export, feed

from .state import LOADER

blueprint = Blueprint("api", __name__, url_prefix="/api")
feed_blueprint = Blueprint("feed", __name__)


def _etag(snapshot) -> str:
    """The answer depends on the snapshot, its as-of date, the path and the query only."""
    key = f"{snapshot.key}|{snapshot.as_of}|{request.path}|{request.query_string.decode('latin-1')}"
    return xxhash.xxh3_64_hexdigest(key.encode())


def _answer(make, media: str = "application/json"):
    snapshot = LOADER.get().snapshot
    if snapshot is None:
        return _json({"error": "the registry is not loaded yet; try again shortly"}, 503)
    tag = _etag(snapshot)
    if request.if_none_match.contains(tag):
        response = Response(status=304)
    else:
        try:
            response = make(snapshot)
        except api.ApiError as problem:
            return _json(problem.as_dict(), 400)
    response.set_etag(tag)
    response.headers["Cache-Control"] = "no-cache"  # revalidate: an edit changes the answer
    return response


def _json(body, status: int = 200) -> Response:
    """UTF-8 JSON with the Chinese as it is (Flask's jsonify would write \\u escapes)."""
    text = json.dumps(body, ensure_ascii=False, default=str, separators=(",", ":"))
    return Response(text + "\n", status=status, content_type="application/json; charset=utf-8")


@blueprint.get("/<name>.<fmt>")
def list_rows(name: str, fmt: str):
    """A list's rows for the query: JSON (a page of them, with the next page's link) or CSV (all)."""
    if name not in api.LISTS or fmt not in ("json", "csv"):
        return _json({"error": f"no list called {name}.{fmt}",
                      "accepted": [f"{n}.{f}" for n in api.LISTS for f in ("json", "csv")]}, 404)

    def make(snapshot):
        query = api.read_query(snapshot, request.args.to_dict(flat=True))
        frame = api.rows(snapshot, name, query)
        if fmt == "csv":
            response = Response(export.to_csv(frame), content_type="text/csv; charset=utf-8")
            stem = export.file_name(query.filters.places, snapshot.as_of).replace("ai-targets", f"ai-{name}", 1)
            response.headers["Content-Disposition"] = f'attachment; filename="{stem}"'
            return response
        rows, following = api.page(frame, query)
        next_url = None
        if following is not None:
            next_url = url_for("api.list_rows", name=name, fmt=fmt,
                               **{**request.args.to_dict(flat=True), "_next": str(following)})
        return _json({"snapshot": snapshot.key, "as_of": snapshot.as_of.isoformat(), "count": len(frame),
                      "rows": rows, "next": following, "next_url": next_url})

    return _answer(make)


@blueprint.get("/target/<target_id>.json")
def target_json(target_id: str):
    def make(snapshot):
        found = api.target(snapshot, target_id)
        if found is None:
            return _json({"error": f"no target {target_id!r}", "accepted": "ids from /api/targets.json"}, 404)
        return _json({"snapshot": snapshot.key, "as_of": snapshot.as_of.isoformat(), **found})

    return _answer(make)


@feed_blueprint.get("/feed.atom")
def feed_atom():
    """New targets and figures, newest first, with the status change each figure caused
    (`?place=`, `?topic=`, … as on the pages; `?lang=zh` in Chinese)."""
    def make(snapshot):
        query = api.read_query(snapshot, request.args.to_dict(flat=True))
        self_url = request.full_path.rstrip("?")
        body = snapshot.memo(f"feed {self_url}", lambda: feed.atom(snapshot, query.filters, request.host_url,
                                                                  self_url, query.lang))
        return Response(body, content_type="application/atom+xml; charset=utf-8")

    return _answer(make)


@blueprint.after_request
@feed_blueprint.after_request
def cors(response: Response) -> Response:
    """Any site may read the API (GET only): it is public, read-only data."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Allow-Methods"] = "GET"
    response.headers["Vary"] = "Accept-Encoding"
    return response
