"""One target: its figures over time against the target and the path to it, required
against actual growth, every statement with its source and quote, related targets."""

import dash
from dash import dcc, html

from components.charts import detail_figure, growth_or_rank, shown_value
from components.common import citation, empty, view_page
from components.i18n import name, t
from components.status import badge, rule
from tracker.query import to_query

from components.shell import target_title
dash.register_page(__name__, path_template="/target/<target_id>", title=target_title,
                   name="Target")


def _pct(rate) -> str:
    return "–" if rate is None or rate != rate else f"{rate * 100:.1f} %/yr"


@view_page
def layout(view, /, target_id: str = "", **params):
    lang = view.lang
    snapshot = view.snapshot
    row = snapshot.target(target_id)
    if row is None:
        return html.Div([html.H1(t("not_found", lang)), html.P(target_id, className="muted"),
                         dcc.Link(t("back", lang), href="/targets" + to_query(view.filters, lang))])
    figures = snapshot.figures_for(row)
    explanation = row["explanation_zh"] if lang == "zh" else row["explanation_en"]
    facts = [
        (t("target", lang), f"{row['comparator']} {row['value']:g} {row['unit']}"
         + (f" ({t('firmness_strive', lang)})" if row["firmness"] == "strive" else "")),
        (t("deadline", lang), f"{row['date_text'] or '–'} ({row['deadline'] or '–'}, {row['deadline_precision']})"),
        (t("latest", lang), shown_value(row, "latest_base", lang)),
        (t("baseline", lang), "–" if row["baseline_value"] is None or row["baseline_value"] != row["baseline_value"]
         else f"{row['baseline_value']:g} {row['baseline_unit']} ({row['baseline_as_of'] or '–'})"
              + (" · derived" if row["baseline_derived"] else "")),
        (t("required", lang), _pct(row["required_rate"])),
        (t("actual", lang), _pct(row["actual_rate"])),
    ]
    body = [
        dcc.Link("← " + t("back", lang), href="/targets" + to_query(view.filters, lang)),
        html.H1(f"{name(row, 'place', lang)} · {name(row, 'metric', lang)}"),
        html.P([badge(row["status"], lang, row["hedged"]), " ", html.Span(explanation, id="status-why")],
               className="status-line", title=rule(row["status"], lang)),
        html.Dl([part for label_text, value in facts for part in (html.Dt(label_text), html.Dd(value))],
                className="facts"),
        html.H2(t("figures_over_time", lang)),
    ]
    if figures.empty and not row.get("deadline_end"):
        body.append(empty(t("no_figures", lang)))
    else:
        body.append(dcc.Graph(id="detail-chart", figure=detail_figure(row, figures, lang),
                              config={"displayModeBar": False}))
        if figures.empty:
            body.append(empty(t("no_figures", lang)))
    body.append(html.H2(t("statements", lang)))
    body.append(html.Div([citation(snapshot.sources[s["source"]], s["quote"], lang, s["date"],
                                   snapshot.text_status.get(s["source"]))
                          for s in snapshot.statements_of(target_id)]))
    if not figures.empty:
        body.append(html.H2(t("figure", lang)))
        body.append(html.Div([
            html.Div([html.Strong(f"{r['date_text'] or r['period_end'] or ''} "),
                      shown_value({**r, "measure": r["measure"]}, "value_base", lang) if r["measure"] == "level"
                      else growth_or_rank(r),
                      citation(snapshot.sources[r["source"]], r["quote"], lang, None,
                               snapshot.text_status.get(r["source"]))], className="figure-item")
            for r in figures.sort_values("date").to_dict("records")]))
    if isinstance(row["note"], str) and row["note"]:
        body += [html.H2(t("note", lang)), html.P(row["note"], className="note")]
    related = snapshot.linked_to(target_id)
    if related:
        body += [html.H2(t("links", lang)), html.Ul([
            html.Li([f"{rel}: ", dcc.Link(other, href=f"/target/{other}{to_query(view.filters, lang)}")])
            for rel, other in related], id="related")]
    return html.Div(body, className="detail")
