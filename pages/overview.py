"""Overview: how many targets are met, on track, behind, missed or waiting; every target as
a bullet (latest figure against target), grouped by topic; the deadlines passed without data."""

import dash
from dash import ALL, Input, Output, callback, ctx, dcc, html

from components.charts import bullet_figure
from components.common import empty, status_cards, view_page
from components.filters import filter_bar, topic_name
from components.i18n import name, t
from components.status import badge, legend
from tracker.frames import Filters
from tracker.query import to_query

from components.shell import page_title
dash.register_page(__name__, path="/", title=page_title("overview"), name="Overview")


@view_page
def layout(view, /, **params):
    lang = view.lang
    targets, _ = view.claims()

    def with_status(status):
        f = view.filters
        return "/" + to_query(Filters(f.places, f.year_from, f.year_to, f.topics, [status], f.sources), lang)

    body = [html.H1(t("tagline", lang)),
            html.P(f"{t('as_of', lang)} {view.snapshot.as_of.isoformat()}", className="muted"),
            filter_bar(view.snapshot, view.filters, lang),
            status_cards(targets, lang, with_status)]
    if targets.empty:
        return html.Div(body + [empty(t("no_match", lang))])
    body.append(legend(lang))
    body.append(html.H2(t("by_topic", lang)))
    for topic, group in targets.groupby("topic", sort=True):
        body.append(html.Section([
            html.H3(f"{topic_name(topic, lang)} ({len(group)})"),
            dcc.Graph(id={"type": "bullet", "topic": topic}, figure=bullet_figure(group, lang),
                      config={"displayModeBar": False}),
        ], className="topic", id=f"topic-{topic}"))
    waiting = targets[targets["status"] == "awaiting_data"].sort_values("deadline")
    body.append(html.H2(t("awaiting", lang)))
    if waiting.empty:
        body.append(empty(t("none_awaiting", lang)))
    else:
        body.append(html.Ul([
            html.Li([dcc.Link(f"{name(r, 'place', lang)} · {name(r, 'metric', lang)}",
                              href=f"/target/{r['id']}{to_query(view.filters, lang)}"),
                     f" — {r['comparator']} {r['value']:g} {r['unit']} · {r['date_text'] or r['deadline']} ",
                     badge(r["status"], lang)])
            for r in waiting.to_dict("records")], id="awaiting-list"))
    return html.Div(body)


@callback(Output("_pages_location", "pathname", allow_duplicate=True),
          Input({"type": "bullet", "topic": ALL}, "clickData"), prevent_initial_call=True)
def open_clicked_target(clicks):
    """Clicking a target's bar opens its detail page."""
    for click in clicks or []:
        if click and ctx.triggered_id is not None:
            point = click["points"][0]
            if point.get("customdata"):
                return f"/target/{point['customdata']}"
    return dash.no_update
