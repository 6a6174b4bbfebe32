"""Targets: every target and figure in view in a sortable, searchable table, with a CSV
download (tracker.export) of exactly the rows in view and a citation line."""

import dash
import dash_ag_grid as dag
from dash import Input, Output, State, callback, dcc, html

from components.common import empty, view_page
from components.data_out import api_links, cite_box
from components.filters import page_top, topic_name
from components.i18n import counts_text, grid_locale, t
from components.state import current_view
from components.status import COLOURS, label
from tracker import export
from tracker.formatting import deadline_text, growth_text, latest_text, missing, period_text, rank_text
from tracker.query import to_query

from components.shell import page_title
dash.register_page(__name__, path="/targets", title=page_title("targets"), name="Targets")

GRID_SOURCE_COLUMNS = ["id", "kind", "place_zh", "place_en", "metric_zh", "metric_en", "topic", "comparator", "value",
                       "unit", "value_base", "year", "date_text", "deadline", "deadline_precision", "period_start",
                       "period_end", "period_kind", "source_published", "status", "hedged", "explanation_zh",
                       "explanation_en", "source", "quote", "reader_note_en", "reader_note_zh", "measure",
                       "dimension", "latest_base", "latest_comparator", "growth_value", "growth_comparator",
                       "growth_unit", "growth_basis", "rank_value", "rank_scope"]


def value_text(comparator: str | None, value: float | None, unit: str | None, lang: str = "zh") -> str:
    """"≥ 50 EFLOPS": the comparator (none for "="), the number in the page's language's units."""
    from tracker.formatting import value_text as stated_value_text

    return stated_value_text(comparator, value, unit, lang)


def _markdown_text(text: str | None) -> str:
    """Registry text for the grid's markdown cells, every punctuation mark escaped: shown as
    the words it is, never as a link, image or markup."""
    return "".join("\\" + c if c in MARKDOWN_MARKS else c for c in text or "")


MARKDOWN_MARKS = set("\\`*_{}[]()<>#+-.!|~&\"'=:")


def grid_rows(claims: dict[str, list], lang: str, query: str, source_titles: dict[str, str] | None = None) -> list[dict]:
    """The grid's rows from the columns (`GRID_SOURCE_COLUMNS`) of the claims in view, made
    column by column: a row at a time cost 10 µs a row, most of a 600-row view's time."""
    zh = lang == "zh"
    source_titles = source_titles or {}

    def blank(values: list) -> list:
        return [value or "" for value in values]

    ids, kinds, statuses = claims["id"], claims["kind"], claims["status"]
    metrics = claims["metric_zh" if zh else "metric_en"]
    shown = {
        "id": ids,
        # a target's name opens it (the view's filters and language kept); a figure's is text
        "what": [f"[{_markdown_text(m)}](/target/{i}{query})" if kind == "target" else _markdown_text(m)
                 for i, m, kind in zip(ids, metrics, kinds)],
        "kind": [t(kind, lang) for kind in kinds],
        "place": claims["place_zh" if zh else "place_en"],
        "metric": metrics,
        "topic": [topic_name(topic, lang) for topic in claims["topic"]],
        "value": [value_text(c, v, u, lang) if m == "level" or k == "target" else ""
                  for c, v, u, m, k in zip(claims["comparator"], claims["value"], claims["unit"], claims["measure"],
                                           kinds)],
        "latest": [latest_text({"latest_base": base, "latest_comparator": bound, "unit": unit, "value_base": value,
                                "measure": measure}, lang) if kind == "target" else ""
                   for base, bound, unit, value, measure, kind in zip(
                       claims["latest_base"], claims["latest_comparator"], claims["unit"], claims["value_base"],
                       claims["measure"], kinds)],
        "growth": [growth_text(c, v, u, b, lang) if not missing(v) else ""
                   for c, v, u, b in zip(claims["growth_comparator"], claims["growth_value"], claims["growth_unit"],
                                         claims["growth_basis"])],
        "rank": [rank_text(v, scope, lang) if not missing(v) else ""
                 for v, scope in zip(claims["rank_value"], claims["rank_scope"])],
        "year": [int(year) if year is not None else None for year in claims["year"]],
        "when": [deadline_text(d, p, text, lang) if kind == "target"
                 else period_text(start, end, pk, text, lang, published)
                 for kind, d, p, text, start, end, pk, published in zip(
                     kinds, claims["deadline"], claims["deadline_precision"], claims["date_text"],
                     claims["period_start"], claims["period_end"], claims["period_kind"],
                     claims["source_published"])],
        "status": [label(status, lang) + (" *" if hedged else "") if status else ""
                   for status, hedged in zip(statuses, claims["hedged"])],
        "status_key": blank(statuses),
        "why": blank(claims["explanation_zh" if zh else "explanation_en"]),
        "source": [source_titles.get(source, "") for source in claims["source"]],
        "quote": claims["quote"],
        # readers' notes only (the maintainers' `note` is never shown), the other language's if
        # that is all there is
        "note": [(mine or other or "") for mine, other in zip(claims["reader_note_zh" if zh else "reader_note_en"],
                                                             claims["reader_note_en" if zh else "reader_note_zh"])],
    }
    return [dict(zip(shown, row)) for row in zip(*shown.values())]


def columns(lang: str) -> list[dict]:
    """What a reader looks for first, left to right, and inside 1280 px: place, what, the
    value stated, the status, the latest figure, the year and the deadline's words; then the
    rest (scrolled to)."""
    style = {"styleConditions": [{"condition": f"params.data.status_key == '{s}'",
                                  "style": {"borderLeft": f"6px solid {c}"}} for s, c in COLOURS.items()]}
    return [
        {"field": "place", "headerName": t("place", lang), "width": 120, "pinned": "left"},
        {"field": "what", "headerName": t("what", lang), "cellRenderer": "markdown", "width": 260, "pinned": "left",
         "tooltipField": "metric", "getQuickFilterText": {"function": "params.data.metric"}},
        {"field": "value", "headerName": t("value", lang), "width": 140},
        {"field": "status", "headerName": t("status", lang), "width": 130, "cellStyle": style},
        {"field": "latest", "headerName": t("latest", lang), "width": 120},
        {"field": "year", "headerName": t("year", lang), "width": 80, "filter": "agNumberColumnFilter"},
        {"field": "when", "headerName": t("deadline", lang), "width": 120},
        {"field": "kind", "headerName": t("kind", lang), "width": 90},
        {"field": "topic", "headerName": t("topic", lang), "width": 100},
        {"field": "why", "headerName": t("why", lang), "minWidth": 220, "tooltipField": "why"},
        {"field": "growth", "headerName": t("growth", lang), "width": 120},
        {"field": "rank", "headerName": t("rank", lang), "width": 110},
        {"field": "source", "headerName": t("source", lang), "width": 220, "tooltipField": "source"},
        {"field": "quote", "headerName": t("quote", lang), "minWidth": 380, "wrapText": False, "tooltipField": "quote"},
        {"field": "note", "headerName": t("note", lang), "minWidth": 200, "tooltipField": "note"},
        {"field": "id", "headerName": t("id", lang), "minWidth": 220},
    ]


@view_page
def layout(view, /, **params):
    lang = view.lang
    targets, figures = view.claim_columns(GRID_SOURCE_COLUMNS)
    titles = view.snapshot.field("sources", "title" if lang == "zh" else "title_en")
    titles = {sid: title or view.snapshot.sources[sid].title for sid, title in titles.items()}
    rows = grid_rows({name: targets[name] + figures[name] for name in GRID_SOURCE_COLUMNS}, lang,
                     to_query(view.filters, lang), titles)
    body = page_top(view, "targets")
    if not rows:
        return html.Div(body + [empty(t("no_match", lang))])
    body += [
        html.Div([
            dcc.Input(id="grid-search", type="search", placeholder=t("search", lang), debounce=False,
                      className="search"),
            html.Button(t("download", lang), id="grid-download-button", className="button"),
            html.Span(counts_text(len(targets["id"]), len(figures["id"]), lang), id="grid-counts", className="muted"),
            api_links(view, ["targets", "figures"]),
        ], className="toolbar"),
        dag.AgGrid(
            id="claims-grid",
            rowData=rows,
            columnDefs=columns(lang),
            defaultColDef={"sortable": True, "resizable": True, "filter": True},
            dashGridOptions={"animateRows": False, "tooltipShowDelay": 300, "enableCellTextSelection": True,
                             "localeText": grid_locale(lang)},
            getRowId="params.data.id",
            style={"height": "70vh"},
            className="ag-theme-quartz",
        ),
        dcc.Download(id="grid-download"),
        cite_box(t("targets", lang), view, "/targets", list(dict.fromkeys(targets["source"] + figures["source"]))),
    ]
    return html.Div(body)


@callback(Output("claims-grid", "dashGridOptions"), Input("grid-search", "value"),
          State("claims-grid", "dashGridOptions"), prevent_initial_call=True)
def search_grid(text, options):
    return {**(options or {}), "quickFilterText": text or ""}


@callback(Output("grid-download", "data"), Input("grid-download-button", "n_clicks"),
          State("claims-grid", "virtualRowData"), State("_pages_location", "search"), prevent_initial_call=True)
def download_rows_in_view(_, rows, search):
    """Exactly the rows the grid shows, after its search, filters and sort, as the export
    (tracker.export) makes them; the view's places and as-of date name the file, its language
    the citation."""
    view = current_view(dash._pages._parse_query_string(search or ""))
    if view.snapshot is None:
        return dash.no_update
    rows = export.export_view(view.snapshot, view.filters, [row["id"] for row in rows or []])
    data = export.to_csv(rows, export.citation(view.snapshot.as_of, view.lang))
    return dcc.send_bytes(data, export.file_name(view.filters.places, view.snapshot.as_of), type="text/csv")
