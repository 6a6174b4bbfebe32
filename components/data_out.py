"""What a reader takes away from a view: its rows as CSV and JSON (links to the read-only
API with the view's own query string), each chart as PNG or SVG (plotly's own export, in the
browser, offline), and a "Cite this" text to copy."""

from __future__ import annotations

import dash
from dash import MATCH, Input, Output, dcc, html

from tracker.query import to_query

from .i18n import t


def api_links(view, lists: list[str]) -> html.Div:
    """"Data: targets JSON · CSV, figures JSON · CSV": the view's rows from /api/…, same query."""
    query = to_query(view.filters, "en")
    parts: list = [t("data_links", view.lang), " "]
    for i, name in enumerate(lists):
        if i:
            parts.append(" · ")
        parts += [t(f"list_{name}", view.lang), " ",
                  html.A("JSON", href=f"/api/{name}.json{query}", className="data-link", id=f"api-{name}-json"),
                  " ", html.A("CSV", href=f"/api/{name}.csv{query}", className="data-link", id=f"api-{name}-csv")]
    return html.Div(parts, className="data-links muted")


def chart(graph: dcc.Graph, name: str, lang: str) -> html.Div:
    """A chart with "PNG" and "SVG" buttons that save it as drawn, as `<name>.png|svg`."""
    holder = f"chart-{name}"
    buttons = [html.Button(fmt.upper(), id={"type": "chart-download", "holder": holder, "format": fmt, "name": name},
                           className="chart-download", title=t("download_chart", lang) + f" ({fmt.upper()})")
               for fmt in ("png", "svg")]
    return html.Div([graph, html.Div([html.Span(t("download_chart", lang), className="muted"), *buttons],
                                     className="chart-downloads")], id=holder, className="chart-holder")


# In the browser: the chart inside the button's holder, saved by plotly.js itself (no server).
dash.clientside_callback(
    """function (clicks, id) {
        if (!clicks) { return window.dash_clientside.no_update; }
        const holder = document.getElementById(id.holder);
        const drawn = holder && holder.querySelector('.js-plotly-plot');
        if (drawn && window.Plotly) {
            window.Plotly.downloadImage(drawn, {format: id.format, filename: id.name, scale: id.format === 'png' ? 2 : 1});
        }
        return window.dash_clientside.no_update;
    }""",
    Output({"type": "chart-download", "holder": MATCH, "format": MATCH, "name": MATCH}, "title"),
    Input({"type": "chart-download", "holder": MATCH, "format": MATCH, "name": MATCH}, "n_clicks"),
    dash.State({"type": "chart-download", "holder": MATCH, "format": MATCH, "name": MATCH}, "id"),
    prevent_initial_call=True,
)


def citation_text(what: str, view, path: str, source_titles: list[str]) -> str:
    """One paragraph to paste into an article's notes: what, the registry's version and date,
    the link, the sources."""
    from flask import has_request_context, request

    base = request.host_url.rstrip("/") if has_request_context() else ""
    url = f"{base}{path}{to_query(view.filters, view.lang)}"
    snapshot = view.snapshot
    if view.lang == "zh":
        text = (f"AI 目标追踪（AI Targets Tracker）：{what}。状态判定日期 {snapshot.as_of.isoformat()}，"
                f"登记册版本 {snapshot.key[:12]}。{url}")
        return text + (f" 来源：{'；'.join(source_titles)}。" if source_titles else "")
    text = (f"AI Targets Tracker: {what}. Statuses as of {snapshot.as_of.isoformat()}, registry version "
            f"{snapshot.key[:12]}. {url}")
    return text + (f" Sources: {'; '.join(source_titles)}." if source_titles else "")


def cite_box(what: str, view, path: str, source_ids: list[str]) -> html.Details:
    """"Cite this": the citation as plain text with a button that copies it."""
    titles = []
    for source_id in dict.fromkeys(source_ids):
        source = view.snapshot.sources.get(source_id)
        if source is not None:
            title = source.title_in(view.lang)
            titles.append(f"{title} ({source.publisher_in(view.lang)}, {source.published})")
    text = citation_text(what, view, path, titles[:10] + (["…"] if len(titles) > 10 else []))
    return html.Details([
        html.Summary(t("cite_this", view.lang)),
        html.Div([html.P(text, id="cite-text", className="cite-text"),
                  dcc.Clipboard(target_id="cite-text", title=t("copy", view.lang), className="copy")],
                 className="cite-body"),
    ], className="cite-box", id="cite-box")

