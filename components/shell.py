"""The frame around every page: title, navigation, language switch, the registry banner, and
each page's browser title."""

from pathlib import Path

from dash import dcc, html

from .i18n import name, t
from tracker.problem_text import problem_text


# The header's links: (id, i18n key of the page's name, path). Their words and their queries
# follow the reader (app.carry_state_in_links); drawn first in English.
NAV_PAGES = (("overview", "overview", ""), ("targets", "targets", "targets"), ("places", "places", "places"),
             ("sources", "sources", "sources"), ("import", "title_import", "import"))


def header() -> html.Header:
    return html.Header(
        [
            html.Div([html.Span("AI Targets Tracker", className="brand"),
                      html.Span(" · 人工智能目标追踪", className="brand-zh")], className="brand-box"),
            html.Nav(
                [dcc.Link(t(key, "en"), href=f"/{path}", id=f"nav-{name}", className="nav-link")
                 for name, key, path in NAV_PAGES]
                + [dcc.Link("中文", href="/?lang=zh", id="lang-switch", className="nav-link lang")],
            ),
        ],
        className="top",
    )


# --- browser titles -----------------------------------------------------------------------
# Dash calls a page's `title` with the path's variables only, both for the page asked for
# (its <title>) and in the router callback on every navigation (document.title): the
# language is read from the request itself.

def request_lang() -> str:
    """The language of the page being drawn: the router callback's query string, or that of
    the URL asked for."""
    import dash
    from flask import has_request_context, request

    from tracker.query import parse_query

    try:
        search = dash.callback_context.inputs.get("_pages_location.search")
    except (dash.exceptions.MissingCallbackContextException, LookupError):  # not in a callback
        search = None
    if search is not None:
        params = dash._pages._parse_query_string(search)
    else:
        params = request.args.to_dict() if has_request_context() else {}
    return parse_query(params)[1]


def page_title(key: str):
    """A page's title function: its name (the i18n key) and the site's, in the reader's language."""

    def title(**_path_variables) -> str:
        lang = request_lang()
        return f"{t(key, lang)} — {t('site_title', lang)}"

    return title


def target_title(target_id: str = "", **_) -> str:
    """'Hangzhou · AI core industry revenue — AI Targets Tracker', from the served snapshot."""
    from .state import LOADER

    lang = request_lang()
    snapshot = LOADER.get().snapshot
    row = snapshot.target(target_id) if snapshot is not None else None
    head = t("not_found", lang) if row is None else f"{name(row, 'place', lang)} · {name(row, 'metric', lang)}"
    return f"{head} — {t('site_title', lang)}"


# --- the registry banner ------------------------------------------------------------------

SHOWN_PROBLEMS = 8


def banner_for(result, lang: str = "en", editor: bool = False, good_since=None, base: Path | None = None):
    """A banner saying that the registry is broken, or that a newer one is still loading (a
    large one takes minutes). A visitor is told how many problems there are and which
    version is shown; the editing user (`editor`) also sees where they are (file:line:column,
    paths relative to `base`, the registry's folder), the root causes first and what may
    follow from them in one line. The server log has every problem (state.DashboardLoader)."""
    if result.error is None:
        if result.loading and result.snapshot is not None:
            return html.Div(t("reloading", lang), className="banner", id="registry-loading")
        return None
    error = result.error
    count = len(error.causes or error.problems)
    if result.snapshot is not None:
        date = good_since.isoformat() if good_since else result.snapshot.as_of.isoformat()
        heading = t("banner_public_one" if count == 1 else "banner_public", lang).format(n=count, date=date)
    else:
        heading = t("banner_unloaded_one" if count == 1 else "banner_unloaded", lang).format(n=count)
    parts = [html.Strong(heading)]
    if editor:
        parts.append(html.Pre("\n".join(_located_lines(error, lang, base)), id="registry-problems"))
    return html.Div(parts, className="banner", id="registry-error")


def _located_lines(error, lang: str, base: Path | None) -> list[str]:
    roots = error.causes if error.follow_on and error.causes else error.problems
    lines = [_relative(_located(problem, lang), base) for problem in roots[:SHOWN_PROBLEMS]]
    if len(roots) > SHOWN_PROBLEMS:
        lines.append(t("banner_more", lang).format(n=len(roots) - SHOWN_PROBLEMS))
    if roots is error.causes and error.follow_on:
        files = ", ".join(dict.fromkeys(Path(problem.file).name for problem in error.follow_on))
        lines.append(t("banner_follow_on", lang).format(n=len(error.follow_on), files=files))
    return lines


def _located(problem, lang: str) -> str:
    """file:line:column and the problem, said in the reader's language (tracker/problem_text)."""
    if lang != "zh":
        return str(problem)
    return f"{problem.location}: {problem_text(problem, lang)}"


def _relative(line: str, base: Path | None) -> str:
    """data/places.yaml:12:3: … rather than the server's whole path, when under the registry's folder."""
    if base is None:
        return line
    prefix = str(base).rstrip("/") + "/"
    return line[len(prefix):] if line.startswith(prefix) else line
