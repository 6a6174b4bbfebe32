"""One target: its figures over time against the target and the path to it, the status's
working (baseline, latest, growth needed and seen), every statement with its source and
quote, the figures that count and the related ones that do not (and why), related targets.
Every value on the page is written in one scale (`page_scale`)."""

import dash
from dash import dcc, html

from components.data_out import chart, cite_box
from components.charts import detail_figure, figure_when, page_scale, target_text
from components.common import citation, empty, view_page
from components.i18n import name, t
from components.status import badge, rule
from tracker.formatting import claim_text, deadline_text, missing, rate_text
from tracker.query import to_query

from components.shell import target_title
dash.register_page(__name__, path_template="/target/<target_id>", title=target_title,
                   name="Target")


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def reader_note(row: dict, lang: str) -> tuple[str, str]:
    """(the note for readers in the page's language, '') or (the other language's, a marker
    saying so); ('', '') when there is none. The maintainers' `note` is never shown."""
    other = "en" if lang == "zh" else "zh"
    own, theirs = _text(row.get(f"reader_note_{lang}")).strip(), _text(row.get(f"reader_note_{other}")).strip()
    if own:
        return own, ""
    return (theirs, t("only_other_lang", lang)) if theirs else ("", "")


def _latest(row: dict, figures, scale, lang: str) -> str:
    if missing(row.get("latest_base")):
        return t("none_yet", lang)
    found = figures[figures["id"] == row.get("latest_figure")] if not figures.empty else figures
    figure = found.iloc[0].to_dict() if not found.empty else {}
    comparator = row.get("latest_comparator")
    if not isinstance(comparator, str):  # the figure's own, for a level target
        comparator = _text(figure.get("comparator")) if (row.get("measure") or "level") == "level" else ""
    shown = scale.text(row["latest_base"], comparator or "=")
    when = figure_when(figure, lang) if figure else ""
    floor = f" {t('floor_note', lang)}" if comparator in (">", ">=") else ""
    return f"{shown}{' · ' + when if when else ''}{floor}"


def _baseline(row: dict, scale, lang: str) -> str:
    if missing(row.get("baseline_base")):
        return t("no_baseline", lang)
    shown = scale.text(row["baseline_base"])
    when = _text(row.get("baseline_as_of"))
    from tracker.formatting import date_text

    if when:
        shown += " · " + t("as_of_date", lang).format(date=date_text(when, lang))
    if row.get("baseline_derived") is True:
        shown += " " + t("derived_plain", lang)
    return shown


def _rate(row: dict, field: str, lang: str, as_of) -> str:
    """A growth rate of the status's working, or why there is none."""
    if not missing(row.get(field)):
        return rate_text(row[field], lang)
    if missing(row.get("latest_base")):
        return t("no_rate_no_figure", lang)
    if (row.get("measure") or "level") != "level":
        return t("no_rate_measure", lang)
    if field == "required_rate":
        deadline = row.get("deadline_end")
        if row.get("status") == "achieved":
            return t("no_rate_met", lang)
        if missing(deadline) or not deadline:
            return t("no_rate_no_deadline", lang)
        if deadline < as_of:
            return t("no_rate_passed", lang)
    return t("no_rate_earlier", lang)


def _figure_item(r: dict, snapshot, scale, measure: str, lang: str, why: str = "") -> html.Div:
    note, marker = reader_note(r, lang)
    value = claim_text(r, lang, scale, measure) or claim_text(r, lang, scale)
    parts = [html.Strong(figure_when(r, lang)), " ", html.Span(value, className="figure-value")]
    if why:
        actor = name(r, "actor", lang) if why == "other_actor" and isinstance(r.get("actor"), str) else ""
        reason = t("why_other_actor_named", lang).format(actor=actor) if actor else t(f"why_{why}", lang)
        parts += [" — ", html.Span(reason, className="why-not-counted")]
    if note:
        parts.append(html.P([note, f" {marker}" if marker else ""], className="note reader-note"))
    parts.append(citation(snapshot.sources[r["source"]], r["quote"], lang, None, snapshot.text_status.get(r["source"])))
    return html.Div(parts, className="figure-item")


@view_page
def layout(view, /, target_id: str = "", **params):
    lang = view.lang
    snapshot = view.snapshot
    query = to_query(view.filters, lang)
    row = snapshot.target(target_id)
    if row is None:
        return html.Div([html.H1(t("not_found", lang)), html.P(target_id, className="muted"),
                         dcc.Link(t("back", lang), href="/targets" + query)])
    figures = snapshot.figures_for(row)
    related = snapshot.related_figures_for(row)
    scale = page_scale(row, figures, related, lang=lang)
    measure = row.get("measure") or "level"
    explanation = row["explanation_zh"] if lang == "zh" else row["explanation_en"]
    facts = [
        (t("target", lang), target_text(row, lang, scale)
         + ((f"（{t('firmness_strive', lang)}）" if lang == "zh" else f" ({t('firmness_strive', lang)})")
            if row.get("firmness") == "strive" else "")),
        (t("deadline", lang), deadline_text(row.get("deadline"), row.get("deadline_precision"), row.get("date_text"), lang)),
        (t("latest", lang), _latest(row, figures, scale, lang)),
        (t("baseline", lang), _baseline(row, scale, lang)),
        (t("required", lang), _rate(row, "required_rate", lang, snapshot.as_of)),
        (t("actual", lang), _rate(row, "actual_rate", lang, snapshot.as_of)),
    ]
    actor = name(row, "actor", lang) if isinstance(row.get("actor"), str) else ""
    body = [
        dcc.Link("← " + t("back", lang), href="/targets" + query),
        html.H1(" · ".join(p for p in (name(row, "place", lang), actor, name(row, "metric", lang)) if p)),
        html.P([badge(row["status"], lang, row["hedged"]), " ", html.Span(_text(explanation), id="status-why")],
               className="status-line", title=rule(row["status"], lang)),
        html.Dl([part for label_text, value in facts for part in (html.Dt(label_text), html.Dd(value))],
                className="facts", id="target-facts"),
    ]
    note, marker = reader_note(row, lang)
    if note:
        body.append(html.P([note, f" {marker}" if marker else ""], className="note reader-note", id="reader-note"))
    body.append(html.H2(t("figures_over_time", lang)))
    if figures.empty and not row.get("deadline_end"):
        body.append(empty(t("no_figures", lang)))
    else:
        body.append(chart(dcc.Graph(id="detail-chart", figure=detail_figure(row, figures, lang, scale),
                                    config={"displayModeBar": False}), f"ai-target-{target_id}-{snapshot.as_of}", lang))
        if figures.empty:
            body.append(empty(t("no_figures", lang)))
    body.append(html.H2(t("statements", lang)))
    body.append(html.Div([citation(snapshot.sources[s["source"]], s["quote"], lang, s["date"],
                                   snapshot.text_status.get(s["source"]))
                          for s in snapshot.statements_of(target_id)]))
    if not figures.empty:
        body += [html.H2(t("figures_counted", lang)), html.Div(
            [_figure_item(r, snapshot, scale, measure, lang) for r in figures.sort_values("date").to_dict("records")],
            id="figures-counted")]
    if not related.empty:
        body += [html.H2(t("related_figures", lang)), html.Div(
            [_figure_item(r, snapshot, scale, measure, lang, r["why_not_counted"])
             for r in related.sort_values("date").to_dict("records")], id="related-figures")]
    links = snapshot.linked_to(target_id)
    if links:
        items = []
        for rel, other in links:
            other_row = snapshot.target(other)
            text = (f"{name(other_row, 'place', lang)} · {name(other_row, 'metric', lang)} · "
                    f"{target_text(other_row, lang)}") if other_row is not None else t("not_found", lang)
            relation = "rel_" + rel.replace(" ←", "_in")  # ← marks a link from the other target to this one
            items.append(html.Li([f"{t(relation, lang)}: ", dcc.Link(text, href=f"/target/{other}{query}")]))
        body += [html.H2(t("links", lang)), html.Ul(items, id="related")]
    statements = snapshot.statements_of(target_id)
    body += [html.P([t("data_links", lang), " ", t("list_target", lang), " ",
                     html.A("JSON", href=f"/api/target/{target_id}.json", className="data-link", id="api-target-json")],
                    className="data-links muted"),
             cite_box(" · ".join(p for p in (name(row, "place", lang), actor, name(row, "metric", lang)) if p)
                      + f" ({target_text(row, lang, scale)})", view, f"/target/{target_id}",
                      [s["source"] for s in statements])]
    return html.Div(body, className="detail")
