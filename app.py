"""AI Targets Tracker dashboard. `python app.py` serves it on 127.0.0.1:8050;
`gunicorn app:server` in production. Every number and status comes from `tracker`."""

from __future__ import annotations

import os

import dash
from dash import Input, Output, State, dcc, html

from components.body_limit import MAX_BODY_BYTES, BodyLimit
from components.api import blueprint as api_blueprint, feed_blueprint
from components.callback_guard import guard_callbacks
from components.response_cache import ResponseCache, cache_size_from_env, read_only
from components.shell import banner_for, header
from components.state import LOADER

app = dash.Dash(
    __name__,
    use_pages=True,
    title="AI Targets Tracker",
    suppress_callback_exceptions=True,  # page layouts come and go with the URL
    serve_locally=True,                 # no CDN: every script is served by this app
    include_assets_files=True,
    use_async=False,  # an installed asgiref would otherwise switch Dash 4 to async endpoints
    compress=True,    # flask-compress: a 2,877-place page is 70 KB instead of 460 KB on the wire
)
server = app.server
# Load the registry now, not inside the first request: with `gunicorn --preload` the workers
# inherit it. From the snapshot cache this takes milliseconds; a registry that is not cached
# yet is parsed here (30 s at 10k targets), once: run `python -m tracker snapshot` first.
LOADER.get()

app.layout = html.Div(
    [
        header(),
        html.Div(id="registry-banner", role="alert"),
        dcc.Interval(id="registry-poll", interval=5_000),
        html.Main(dash.page_container, className="page"),
    ],
    className="shell",
)


# Outermost, so a remembered answer carries the security headers and compression it was sent with;
# the body limit outside it, so nothing reads an oversized body.
server.wsgi_app = BodyLimit(ResponseCache(server.wsgi_app, LOADER, read_only, cache_size_from_env()))
server.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES  # also for a body sent without its length


@server.get("/source-text/<source_id>")
def source_text(source_id: str):
    """A source's archived text, read-only, as plain text: only a text of the catalogue whose
    checksum matched when the snapshot was built, looked up by its catalogue file name in the
    registry's text folders (never a path from the request)."""
    from flask import Response, abort

    from tracker.sources import read_folders

    snapshot = LOADER.get().snapshot
    if snapshot is None or source_id not in snapshot.sources or not snapshot.quote_checked(source_id):
        abort(404)
    folders = read_folders(LOADER.path, LOADER.data_dir, LOADER.options.get("sources_dir"))
    found = folders.find(snapshot.sources[source_id].file or "")
    if found is None:
        abort(404)
    return Response(found.read_bytes(), mimetype="text/plain", content_type="text/plain; charset=utf-8",
                    headers={"Content-Disposition": f'inline; filename="{source_id}.txt"'})


@server.after_request
def security_headers(response):
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    # Dash's renderer starts from one inline script and plotly compiles with eval.
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; "
        "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
        "connect-src 'self'; frame-ancestors 'none'; object-src 'none'; base-uri 'self'",
    )
    return response


@app.callback(Output("registry-banner", "children"),
              Input("registry-poll", "n_intervals"), Input("_pages_location", "search"))
def show_registry_problems(_, __):
    return banner_for(LOADER.get())


@app.callback(
    [Output(f"nav-{name}", "href") for name in ("overview", "targets", "places", "sources", "import")]
    + [Output("lang-switch", "href"), Output("lang-switch", "children")],
    Input("_pages_location", "search"), State("_pages_location", "pathname"),
)
def carry_state_in_links(search, pathname):
    from tracker.query import parse_query, to_query

    filters, lang = parse_query(dash._pages._parse_query_string(search))
    query = to_query(filters, lang)
    other = "zh" if lang == "en" else "en"
    here = "/" + (pathname or "").lstrip("/\\")  # same origin only: //evil.example/ is not a path here
    return ([f"/{query}", f"/targets{query}", f"/places{query}", f"/sources{query}", f"/import{query}"]
            + [f"{here}{to_query(filters, other)}", "English" if other == "en" else "中文"])


guard_callbacks(app)  # forged callback requests get a 400, not a 500
server.register_blueprint(api_blueprint)  # /api/…: every view as JSON and CSV, read-only
server.register_blueprint(feed_blueprint)  # /feed.atom: new targets and figures


def main() -> None:
    host = os.environ.get("TRACKER_HOST", "127.0.0.1")
    port = int(os.environ.get("TRACKER_PORT", "8050"))
    debug = os.environ.get("TRACKER_DEBUG") == "1"  # development only
    app.run(host=host, port=port, debug=debug)


if __name__ == "__main__":
    main()
