"""Targets: every target and figure in view in a sortable, searchable table, with a CSV
download of exactly the rows in view and a citation line."""

import datetime as dt

import dash
import dash_ag_grid as dag
import pandas as pd
from dash import Input, Output, State, callback, dcc, html

from components.common import empty, view_page
from components.filters import page_top, topic_name
from components.i18n import t
from components.state import as_of
from components.status import COLOURS, label
from tracker.query import to_query

from components.shell import page_title
dash.register_page(__name__, path="/targets", title=page_title("targets"), name="Targets")

CITATION = ("Source: AI Targets Tracker registry (targets.yaml), status as of {as_of}; "
            "each row cites its source document and verbatim quote. Exported {now}.")


GRID_SOURCE_COLUMNS = ["id", "kind", "place_zh", "place_en", "metric_zh", "metric_en", "topic", "comparator", "value",
                       "unit", "growth", "rank", "year", "date_text", "status", "hedged", "explanation_zh",
                       "explanation_en", "source", "source_file", "quote", "note"]


def value_text(comparator: str | None, value: float | None, unit: str | None) -> str:
    """"≥ 50 EFLOPS": the comparator (none for "="), the number as stated, the unit."""
    parts = (comparator if comparator != "=" else "", f"{value:g}" if value is not None else "", unit or "")
    return " ".join(part for part in parts if part)


def grid_rows(claims: dict[str, list], lang: str, query: str) -> list[dict]:
    """The grid's rows from the columns (`GRID_SOURCE_COLUMNS`) of the claims in view, made
    column by column: a row at a time cost 10 µs a row, most of a 600-row view's time."""
    zh = lang == "zh"

    def blank(values: list) -> list:
        return [value or "" for value in values]

    ids, kinds, statuses = claims["id"], claims["kind"], claims["status"]
    shown = {
        "id": ids,
        "link": [f"[{i}](/target/{i}{query})" if kind == "target" else i for i, kind in zip(ids, kinds)],
        "kind": [t(kind, lang) for kind in kinds],
        "place": claims["place_zh" if zh else "place_en"],
        "metric": claims["metric_zh" if zh else "metric_en"],
        "topic": [topic_name(topic, lang) for topic in claims["topic"]],
        "value": [value_text(*parts) for parts in zip(claims["comparator"], claims["value"], claims["unit"])],
        "growth": blank(claims["growth"]),
        "rank": blank(claims["rank"]),
        "year": [int(year) if year is not None else None for year in claims["year"]],
        "when": blank(claims["date_text"]),
        "status": [label(status, lang) + (" *" if hedged else "") if status else ""
                   for status, hedged in zip(statuses, claims["hedged"])],
        "status_key": blank(statuses),
        "why": blank(claims["explanation_zh" if zh else "explanation_en"]),
        "source": claims["source"],
        "source_file": blank(claims["source_file"]),
        "quote": claims["quote"],
        "note": blank(claims["note"]),
    }
    return [dict(zip(shown, row)) for row in zip(*shown.values())]


def columns(lang: str) -> list[dict]:
    style = {"styleConditions": [{"condition": f"params.data.status_key == '{s}'",
                                  "style": {"borderLeft": f"6px solid {c}"}} for s, c in COLOURS.items()]}
    return [
        {"field": "link", "headerName": "id", "cellRenderer": "markdown", "minWidth": 220, "pinned": "left"},
        {"field": "kind", "headerName": t("kind", lang), "width": 90},
        {"field": "place", "headerName": t("place", lang), "width": 130},
        {"field": "metric", "headerName": t("metric", lang), "minWidth": 200},
        {"field": "topic", "headerName": t("topic", lang), "width": 110},
        {"field": "value", "headerName": t("value", lang), "width": 150},
        {"field": "growth", "headerName": "growth", "width": 120},
        {"field": "rank", "headerName": "rank", "width": 110},
        {"field": "year", "headerName": t("year", lang), "width": 90, "filter": "agNumberColumnFilter"},
        {"field": "when", "headerName": t("deadline", lang), "width": 140},
        {"field": "status", "headerName": t("status", lang), "width": 140, "cellStyle": style},
        {"field": "why", "headerName": t("why", lang), "minWidth": 220},
        {"field": "source", "headerName": t("source", lang), "width": 110},
        {"field": "quote", "headerName": t("quote", lang), "minWidth": 380, "wrapText": False, "tooltipField": "quote"},
        {"field": "note", "headerName": t("note", lang), "minWidth": 200, "tooltipField": "note"},
    ]


@view_page
def layout(view, /, **params):
    lang = view.lang
    targets, figures = view.claim_columns(GRID_SOURCE_COLUMNS)
    rows = grid_rows({name: targets[name] + figures[name] for name in GRID_SOURCE_COLUMNS}, lang,
                     to_query(view.filters, lang))
    body = page_top(view, "targets")
    if not rows:
        return html.Div(body + [empty(t("no_match", lang))])
    body += [
        html.Div([
            dcc.Input(id="grid-search", type="search", placeholder=t("search", lang), debounce=False,
                      className="search"),
            html.Button(t("download", lang), id="grid-download-button", className="button"),
            html.Span(f"{len(targets['id'])} {t('count_targets', lang)} · "
                      f"{len(figures['id'])} {t('count_figures', lang)}",
                      id="grid-counts", className="muted"),
        ], className="toolbar"),
        dag.AgGrid(
            id="claims-grid",
            rowData=rows,
            columnDefs=columns(lang),
            defaultColDef={"sortable": True, "resizable": True, "filter": True},
            dashGridOptions={"animateRows": False, "tooltipShowDelay": 300, "enableCellTextSelection": True},
            getRowId="params.data.id",
            style={"height": "70vh"},
            className="ag-theme-quartz",
        ),
        dcc.Download(id="grid-download"),
    ]
    return html.Div(body)


@callback(Output("claims-grid", "dashGridOptions"), Input("grid-search", "value"),
          State("claims-grid", "dashGridOptions"), prevent_initial_call=True)
def search_grid(text, options):
    return {**(options or {}), "quickFilterText": text or ""}


EXPORT_FIELDS = ["id", "kind", "place", "metric", "topic", "value", "growth", "rank", "year", "when", "status",
                 "why", "source", "source_file", "quote", "note"]


def rows_to_csv(rows: list[dict], as_of_date: dt.date) -> str:
    # as objects: a year column with a blank would otherwise become floats (2025.0)
    frame = pd.DataFrame(rows or [], columns=EXPORT_FIELDS, dtype=object)
    citation = CITATION.format(as_of=as_of_date.isoformat(), now=dt.date.today().isoformat())
    return frame[EXPORT_FIELDS].to_csv(index=False) + f"\n# {citation}\n"


@callback(Output("grid-download", "data"), Input("grid-download-button", "n_clicks"),
          State("claims-grid", "virtualRowData"), prevent_initial_call=True)
def download_rows_in_view(_, rows):
    """Exactly the rows the grid shows, after its search, filters and sort."""
    return dcc.send_string(rows_to_csv(rows, as_of()), "ai-targets.csv", type="text/csv")
