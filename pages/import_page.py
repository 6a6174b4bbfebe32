"""Import: paste an article, see the candidate targets and figures `tracker extract` finds,
with their quotes highlighted in the text, and download them as registry YAML.

The server writes the registry only when started with editing enabled (TRACKER_EDIT_TOKEN
set) and the person presents that token; accepted candidates then go through the same
validated, atomic path as `python -m tracker extract --merge`."""

import hmac
import os
import re

import dash
import dash_ag_grid as dag
from dash import Input, Output, State, callback, dcc, html

from components.common import view_page
from components.i18n import counts_text, grid_locale, name, t
from components.state import LOADER
from tracker.schema import SOURCE_KINDS

from components.shell import page_title
dash.register_page(__name__, path="/import", title=page_title("title_import"), name="Import")

# The most text the page runs the extractor on (UTF-8 bytes): a longer article is refused with
# a message before anything runs, so one paste cannot hold a worker for minutes. The text box
# stops a paste one character past it, so a cut-off paste is refused, never searched silently.
MAX_IMPORT_BYTES = 2 * 1024 * 1024


def too_large(text: str, lang: str) -> str | None:
    """The message for a text over MAX_IMPORT_BYTES, or None."""
    size = len(text.encode("utf-8", "surrogatepass"))
    if size <= MAX_IMPORT_BYTES:
        return None
    mb = 1024 * 1024
    return t("import_too_large", lang).format(size=f"{size / mb:.1f} MB", limit=f"{MAX_IMPORT_BYTES // mb} MB")


def editing_enabled() -> bool:
    return bool(os.environ.get("TRACKER_EDIT_TOKEN"))


@view_page
def layout(view, /, **params):
    lang = view.lang
    sources = [{"label": f"{s.id} · {s.title}", "value": s.id} for s in view.snapshot.sources.values()]
    body = [
        html.H1(t("import_heading", lang)),
        dcc.Store(id="import-lang", data=lang),
        html.Label(t("import_paste", lang), htmlFor="import-text"),
        dcc.Textarea(id="import-text", maxLength=MAX_IMPORT_BYTES + 1, style={"width": "100%", "height": "180px"}),
        html.Div([
            html.Label([t("import_source", lang), dcc.Dropdown(id="import-source", options=sources)], className="filter"),
            html.Button(t("import_find", lang), id="import-run", className="button"),
            html.Button(t("import_yaml", lang), id="import-yaml-button", className="button"),
        ], className="toolbar"),
        dcc.Download(id="import-yaml"),
        dcc.Store(id="import-result"),
        html.Div(id="import-summary", className="muted"),
        dag.AgGrid(id="import-grid", rowData=[], columnDefs=[
            {"field": "kind", "headerName": t("kind", lang), "checkboxSelection": editing_enabled(), "width": 110},
            {"field": "place", "headerName": t("place", lang), "width": 110},
            {"field": "metric", "headerName": t("metric", lang), "minWidth": 180},
            {"field": "value", "headerName": t("value", lang), "width": 150},
            {"field": "when", "headerName": t("import_when", lang), "width": 160},
            {"field": "confidence", "headerName": t("import_confidence", lang), "width": 110},
            {"field": "reason", "headerName": t("import_reason", lang), "minWidth": 200},
            {"field": "flags", "headerName": t("import_flags", lang), "minWidth": 160},
            {"field": "quote", "headerName": t("quote", lang), "minWidth": 360},
        ], defaultColDef={"resizable": True, "sortable": True}, getRowId="params.data.id",
            dashGridOptions={"rowSelection": "multiple", "suppressRowClickSelection": True,
                             "localeText": {**grid_locale(lang), "noRowsToShow": t("import_grid_empty", lang)}},
            style={"height": "320px"}, className="ag-theme-quartz"),
        html.H2(t("import_text_heading", lang)),
        html.Div(id="import-highlighted", className="highlighted"),
    ]
    if editing_enabled():
        kinds = [{"label": t(f"kind_{k}", lang), "value": k} for k in SOURCE_KINDS]
        body += [html.Div([
            html.Label([t("import_token", lang), dcc.Input(id="import-token", type="password")], className="filter"),
            html.Button(t("import_add", lang), id="import-add", className="button"),
        ], className="toolbar"), html.Pre(id="import-report"),
            html.H2(t("register_heading", lang)),
            html.Div([
                html.Label([t("register_title", lang), dcc.Input(id="register-title", type="text")], className="filter"),
                html.Label([t("register_publisher", lang), dcc.Input(id="register-publisher", type="text")],
                           className="filter"),
                html.Label([t("register_published", lang), dcc.Input(id="register-published", type="text")],
                           className="filter"),
                html.Label([t("register_kind", lang), dcc.Dropdown(id="register-kind", options=kinds)], className="filter"),
                html.Label([t("register_url", lang), dcc.Input(id="register-url", type="url")], className="filter"),
                html.Button(t("register_button", lang), id="register-run", className="button"),
            ], className="toolbar"), html.Pre(id="register-report")]
    return html.Div(body)


@callback(Output("register-report", "children"), Output("import-source", "options"), Output("import-source", "value"),
          Input("register-run", "n_clicks"), State("import-token", "value"), State("import-text", "value"),
          State("register-title", "value"), State("register-publisher", "value"), State("register-published", "value"),
          State("register-kind", "value"), State("register-url", "value"), State("import-source", "options"),
          State("import-source", "value"), State("import-lang", "data"), prevent_initial_call=True)
def register_source(_, token, text, title, publisher, published, kind, url, options, chosen, lang):
    """The pasted article as a new source, through the same path as `tracker add-source`, so
    its candidates can be added in the same sitting."""
    expected = os.environ.get("TRACKER_EDIT_TOKEN", "")
    if not expected or not token or not hmac.compare_digest(token.encode(), expected.encode()):
        return t("import_refused", lang), options, chosen
    if not all(isinstance(v, str) and v.strip() for v in (text, title, publisher, published, kind)):
        return t("register_missing", lang), options, chosen
    from tracker.errors import RegistryError
    from tracker.sources import register_text

    try:
        entry, _ = register_text(LOADER.path, text, data_dir=LOADER.options.get("data_dir"), title=title.strip(),
                                 publisher=publisher.strip(), published=published.strip(), kind=kind,
                                 url=(url or "").strip() or None, name="the pasted text")
    except (ValueError, RegistryError) as exc:
        # a registry problem names the file by its name only: no server paths on the page
        return "\n".join(_public(line) for line in str(exc).splitlines()), options, chosen
    option = {"label": f"{entry['id']} · {entry['title']}", "value": entry["id"]}
    return t("register_done", lang).format(id=entry["id"]), [*(options or []), option], entry["id"]


def _public(line: str) -> str:
    """A problem line without the folders it names (sources.yaml:12:5: … not /srv/…/sources.yaml)."""
    return re.sub(r"(?<![\w.])(/[^\s:]+/)([^/\s:]+)", r"\2", line)


def _run(text: str, source: str | None):
    from tracker.extract import conflicts, extract, load_catalogue, plain_text

    snapshot = LOADER.get().snapshot
    catalogue = load_catalogue(LOADER.data_dir)
    candidates = extract(text, catalogue, source=source)
    for candidate in candidates if snapshot is not None else []:
        candidate.flags = conflicts(candidate, snapshot)
    return plain_text(text), candidates, catalogue


def _row(candidate, catalogue, lang: str) -> dict:
    """A candidate as the grid shows it: names and words in the reader's language; the id,
    the quote and the place or metric ids the YAML will carry stay as they are."""
    from tracker.extract.notes import note_text
    from tracker.formatting import entry_value_text

    entry = candidate.entry
    when = entry.get("deadline") or entry.get("period") or {}
    place = catalogue.places.get(entry.get("place") or "")
    metric = catalogue.metrics.get(entry.get("metric") or "")
    return {"id": entry["id"], "kind": t(candidate.kind[:-1], lang),
            "place": name(place, "name", lang) if place else t("import_unresolved", lang),
            "metric": name(metric, "name", lang) if metric else t("import_no_metric", lang),
            "value": entry_value_text(entry, lang),
            "when": when.get("text") or when.get("date") or when.get("end") or t("import_no_date", lang),
            "confidence": round(candidate.confidence, 2), "reason": note_text(candidate.reason, lang),
            "flags": ("；" if lang == "zh" else "; ").join(note_text(f, lang) for f in [*candidate.warnings,
                                                                                       *candidate.flags]),
            "quote": entry["statements"][0]["quote"]}


def highlighted(text: str, candidates) -> list:
    """The text with each candidate's quote in a <mark>; all of it rendered as text."""
    spans = sorted({(c.start, c.end) for c in candidates})
    children, at = [], 0
    for start, end in spans:
        if start < at:
            continue
        children += [text[at:start], html.Mark(text[start:end])]
        at = end
    children.append(text[at:])
    return children


@callback(Output("import-grid", "rowData"), Output("import-highlighted", "children"),
          Output("import-summary", "children"), Output("import-result", "data"),
          Input("import-run", "n_clicks"), State("import-text", "value"), State("import-source", "value"),
          State("import-lang", "data"), prevent_initial_call=True)
def find_claims(_, text, source, lang):
    if not text or not text.strip():
        return [], None, t("import_none", lang), None
    refused = too_large(text, lang)
    if refused:
        return [], None, refused, None
    plain, candidates, catalogue = _run(text, source)
    if not candidates:
        return [], plain, t("import_none", lang), None
    from tracker.extract import to_yaml

    summary = counts_text(sum(c.kind == "targets" for c in candidates), sum(c.kind == "figures" for c in candidates), lang)
    return [_row(c, catalogue, lang) for c in candidates], highlighted(plain, candidates), summary, to_yaml(candidates)


@callback(Output("import-yaml", "data"), Input("import-yaml-button", "n_clicks"), State("import-result", "data"),
          prevent_initial_call=True)
def download_yaml(_, document):
    if not document:
        return dash.no_update
    return dcc.send_string(document, "candidates.yaml", type="text/yaml")


@callback(Output("import-report", "children"), Input("import-add", "n_clicks"), State("import-token", "value"),
          State("import-grid", "selectedRows"), State("import-text", "value"), State("import-source", "value"),
          State("import-lang", "data"), prevent_initial_call=True)
def add_selected(_, token, selected, text, source, lang):
    expected = os.environ.get("TRACKER_EDIT_TOKEN", "")
    if not expected or not token or not hmac.compare_digest(token.encode(), expected.encode()):
        return t("import_refused", lang)
    refused = too_large(text or "", lang)
    if refused:
        return refused
    if not source:
        return t("import_need_source", lang)
    if not selected:
        return t("import_none_selected", lang)
    from tracker.extract.merge import merge, quotes_outside_their_source

    wanted = {row["id"] for row in selected or []}
    _, candidates, _ = _run(text or "", source)
    chosen = [c for c in candidates if c.entry["id"] in wanted]
    # all or nothing: a text pasted under another document's id is refused as one thing
    snapshot = LOADER.get().snapshot
    if snapshot is not None and quotes_outside_their_source(chosen, snapshot.sources, LOADER.path, dict(LOADER.options)):
        return t("import_not_this_source", lang).format(id=source)
    lines: list[str] = []
    added = merge(chosen, LOADER.path, min_confidence=0.0, ask=lambda c: True,
                  load_options=dict(LOADER.options), report=lines.append, lang=lang)
    return "\n".join([_public(line) for line in lines] + [t("import_added", lang).format(n=added)])
