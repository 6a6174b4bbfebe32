"""Overview: how many targets are met, on track, behind, missed or waiting; then one row per
target in view (place, what, target, latest figure, status, deadline), each opening the
target; then, where a target has a figure to set against it, its progress as a bullet bar."""

from dataclasses import replace

import dash
from dash import ALL, Input, Output, callback, ctx, dcc, html

from components.data_out import api_links, chart, cite_box
from components.charts import bullet_figure, bullet_rows, shown_value, target_text
from components.common import no_targets_here, status_cards, view_page
from components.filters import filter_bar, topic_name, undated_notice
from components.i18n import name, t
from components.status import COLOURS, badge, legend
from tracker.formatting import date_text, deadline_text
from tracker.query import to_query

from components.shell import page_title
dash.register_page(__name__, path="/", title=page_title("overview"), name="Overview")


@view_page
def layout(view, /, **params):
    lang = view.lang
    targets, figures = view.claims()

    def with_status(status):
        return "/" + to_query(replace(view.filters, statuses=[status]), lang)

    body = [html.H1(t("tagline", lang)),
            html.P(f"{t('as_of', lang)} {view.snapshot.as_of.isoformat()}", className="muted"),
            filter_bar(view.snapshot, view.filters, lang),
            *undated_notice(view),
            status_cards(targets, lang, with_status),
            api_links(view, ["targets", "figures"])]
    if targets.empty:
        return html.Div(body + [no_targets_here(view, figures, "overview")])
    body.append(html.H2(t("every_target", lang)))
    body.append(target_table(targets, lang, to_query(view.filters, lang)))
    charts = []
    for topic, group in targets.groupby("topic", sort=True):
        drawn = bullet_rows(group)
        if drawn.empty:
            continue
        charts.append(html.Section([
            html.H3(f"{topic_name(topic, lang)} ({len(drawn)})"),
            chart(dcc.Graph(id={"type": "bullet", "topic": topic}, figure=bullet_figure(drawn, lang),
                            config={"displayModeBar": False}), f"ai-targets-{topic}-{view.snapshot.as_of}", lang),
        ], className="topic", id=f"topic-{topic}"))
    if charts:
        body += [html.H2(t("by_topic", lang)), html.P(t("by_topic_note", lang), className="muted"), *charts]
    body.append(legend(lang))
    body.append(cite_box(t("tagline", lang), view, "/", list(targets["source"])))
    return html.Div(body)


def target_table(targets, lang: str, query: str) -> html.Table:
    """Every target in view, grouped by topic: what it promises, the latest figure and its
    status. The whole row is one link to the target (the view's filters and language kept)."""
    head = html.Thead(html.Tr([html.Th(t(key, lang), scope="col") for key in
                               ("place", "what", "target", "latest", "status", "deadline")]))
    groups = []
    for topic, group in targets.groupby("topic", sort=True):
        rows = [html.Tr(html.Th(f"{topic_name(topic, lang)} ({len(group)})", colSpan=6, scope="colgroup"),
                        className="topic-row")]
        for r in group.sort_values(["place", "metric", "id"]).to_dict("records"):
            latest = shown_value(r, "latest_base", lang)
            when = date_text(r["latest_date"].isoformat(), lang) if hasattr(r["latest_date"], "isoformat") else ""
            rows.append(html.Tr([
                html.Td(name(r, "place", lang), className="place",
                        style={"borderLeft": f"6px solid {COLOURS[r['status']]}"}),
                html.Td(dcc.Link(name(r, "metric", lang), href=f"/target/{r['id']}{query}", className="row-link")),
                html.Td(target_text(r, lang), className="number"),
                html.Td([latest, html.Span(when, className="muted when") if when else None], className="number"),
                html.Td(badge(r["status"], lang, hedged=bool(r["hedged"]))),
                html.Td(deadline_text(r["deadline"], r["deadline_precision"], r["date_text"], lang),
                        className="deadline", title=r["date_text"] if isinstance(r["date_text"], str) else None),
            ], className="target-row", id=f"row-{r['id']}", **{"data-status": r["status"]}))
        groups.append(html.Tbody(rows))
    return html.Table([head, *groups], className="overview-table", id="overview-table")


@callback(Output("_pages_location", "pathname", allow_duplicate=True),
          Input({"type": "bullet", "topic": ALL}, "clickData"), prevent_initial_call=True)
def open_clicked_target(clicks):
    """Clicking a target's bar opens its detail page (the query string, so the view's filters
    and language, stays as it is)."""
    for click in clicks or []:
        if click and ctx.triggered_id is not None:
            point = click["points"][0]
            if point.get("customdata"):
                return f"/target/{point['customdata']}"
    return dash.no_update
