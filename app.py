"""AI Targets Tracker dashboard. `python app.py` serves it on 127.0.0.1:8050;
`gunicorn app:server` in production. Every number and status comes from `tracker`."""

from __future__ import annotations

import hashlib
import hmac
import html as markup
import os

import dash
from dash import Input, Output, State, dcc, html
from flask import request

from components.body_limit import MAX_BODY_BYTES, BodyLimit
from components.api import blueprint as api_blueprint, feed_blueprint
from components.callback_guard import guard_callbacks
from components.response_cache import ResponseCache, cache_size_from_env, read_only
from components.i18n import t
from components.shell import NAV_PAGES, banner_for, header, page_title
from components.state import LOADER


class TrackerDash(dash.Dash):
    def interpolate_index(self, **kwargs):
        """The page's own <title> in the HTML, as the router sets it after each navigation
        (Dash itself writes the app's title there); escaped, as it holds registry names."""
        page, variables = _page_at(request.path)
        title = (page.get("title") if page else None) or page_title("page_not_found")
        kwargs["title"] = markup.escape(title(**(variables or {})) if callable(title) else title)
        return super().interpolate_index(**kwargs)


app = TrackerDash(
    __name__,
    use_pages=True,
    title="AI Targets Tracker",
    update_title=None,  # not "Updating..." in the tab every time the banner polls the registry
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


def _page_at(path: str) -> tuple[dict, dict | None]:
    """The registered page a path shows and its path variables, as Dash's router finds it
    ({} for none, or for the page-not-found page itself)."""
    page, variables = dash._pages._path_to_page(app.strip_relative_path(path) or "")
    return ({}, None) if not page or page["module"].endswith("not_found_404") else (page, variables)


INDEX_RULES = ("/", "/<path:path>")  # Dash's routes that answer with the page shell


@server.after_request
def not_found_status(response):
    """404 for a path that is no page, or a target page of no target, with the app's page
    (saying so in the reader's language, with the navigation) as its body."""
    if request.url_rule is None or request.url_rule.rule not in INDEX_RULES or response.status_code != 200:
        return response
    page, variables = _page_at(request.path)
    snapshot = LOADER.get().snapshot
    if not page or (variables and "target_id" in variables and snapshot is not None
                    and snapshot.target(variables["target_id"]) is None):
        response.status_code = 404
    return response


@server.errorhandler(dash.exceptions.DependencyException)
def no_such_script(_):
    """A path under /_dash-component-suites/ that names no served file (a typo, a `..`): 404, not 500."""
    from werkzeug.exceptions import NotFound

    return NotFound()


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


EDITOR_COOKIE = "tracker_editor"


def _editor_proof(token: str) -> str:
    """What the editor's cookie holds: derived from the edit token, not the token itself."""
    return hmac.new(token.encode(), b"tracker: may see where the registry's problems are", hashlib.sha256).hexdigest()


def _is_editor() -> bool:
    expected = os.environ.get("TRACKER_EDIT_TOKEN", "")
    cookie = request.cookies.get(EDITOR_COOKIE, "")
    return bool(expected and cookie) and hmac.compare_digest(cookie.encode(), _editor_proof(expected).encode())


def _banner(search: str | None, editor: bool):
    from tracker.query import parse_query

    lang = parse_query(dash._pages._parse_query_string(search))[1]
    return banner_for(LOADER.get(), lang, editor=editor, good_since=LOADER.good_since, base=LOADER.path.parent)


@app.callback(Output("registry-banner", "children"),
              Input("registry-poll", "n_intervals"), Input("_pages_location", "search"))
def show_registry_problems(_, search):
    """The registry's state for everyone; where its problems are only for the editing user."""
    return _banner(search, _is_editor())


@app.callback(Output("registry-banner", "children", allow_duplicate=True),
              Input("import-token", "n_submit"), Input("import-token", "n_blur"),
              State("import-token", "value"), State("_pages_location", "search"), prevent_initial_call=True)
def remember_editor(_, __, token, search):
    """The edit token typed on the Import page also shows its holder where the registry's
    problems are, on every page, through a cookie (HttpOnly, this site only)."""
    expected = os.environ.get("TRACKER_EDIT_TOKEN", "")
    if not (expected and token) or not hmac.compare_digest(token.encode(), expected.encode()):
        return dash.no_update
    dash.callback_context.response.set_cookie(EDITOR_COOKIE, _editor_proof(expected), max_age=12 * 3600,
                                              httponly=True, samesite="Strict", secure=request.is_secure)
    return _banner(search, True)


@app.callback(
    [Output(f"nav-{name}", "href") for name, _, _ in NAV_PAGES]
    + [Output(f"nav-{name}", "children") for name, _, _ in NAV_PAGES]
    + [Output("lang-switch", "href"), Output("lang-switch", "children")],
    # the pathname too: a link to another page with the same query must move the switch along
    Input("_pages_location", "search"), Input("_pages_location", "pathname"),
)
def carry_state_in_links(search, pathname):
    """The links in the header keep the filters and the language; their words are the reader's."""
    from tracker.query import parse_query, to_query

    filters, lang = parse_query(dash._pages._parse_query_string(search))
    query = to_query(filters, lang)
    other = "zh" if lang == "en" else "en"
    here = "/" + (pathname or "").lstrip("/\\")  # same origin only: //evil.example/ is not a path here
    return ([f"/{path}{query}" for _, _, path in NAV_PAGES] + [t(key, lang) for _, key, _ in NAV_PAGES]
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
