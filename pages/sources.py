"""Sources: each document with its claims, and the number of claims per document."""

import dash
import pandas as pd
from dash import dcc, html

from components.data_out import api_links, chart, cite_box
from components.charts import figure_when, per_source_figure
from components.common import empty, source_text_mark, view_page
from components.filters import page_top
from components.i18n import name, t
from tracker.formatting import claim_text, date_text, deadline_text
from components.status import badge
from tracker.query import to_query

from components.shell import page_title
dash.register_page(__name__, path="/sources", title=page_title("sources"), name="Sources")


@view_page
def layout(view, /, **params):
    lang = view.lang
    snapshot = view.snapshot
    targets, figures = view.claims()
    body = page_top(view, "sources")
    claims = pd.concat([targets, figures], ignore_index=True) if not figures.empty else targets
    if claims.empty:
        return html.Div(body + [empty(t("no_match", lang))])
    # a claim counts once per document that states it
    per_source = claims.assign(src=claims["sources_all"].str.split(";")).explode("src")
    counts = (per_source.groupby(["src", "kind"]).size().reset_index(name="count"))
    counts["label"] = [_short_title(snapshot.sources[s], lang) for s in counts["src"]]
    body += [html.H2(t("claims_per_source", lang)),
             chart(dcc.Graph(id="sources-chart", figure=per_source_figure(counts, lang),
                             config={"displayModeBar": False}), f"ai-sources-{snapshot.as_of}", lang),
             api_links(view, ["sources", "targets", "figures"])]
    query = to_query(view.filters, lang)
    for source_id, source in snapshot.sources.items():
        mine = per_source[per_source["src"] == source_id]
        if mine.empty:
            continue
        items = [_claim_item(r, lang, query)
                 for r in mine.sort_values(["kind", "place", "metric"], ascending=[False, True, True]).to_dict("records")]
        body.append(html.Section([
            html.H3(source.title_in(lang)),
            html.P([f"{source.publisher_in(lang)} · {t('published', lang)} {date_text(source.published, lang)} · "
                    f"{t('kind_' + source.kind, lang)}",
                    *source_text_mark(source_id, snapshot.text_status.get(source_id), lang)], className="muted"),
            html.Ul(items, className="claims"),
        ], className="source", id=f"source-{source_id}"))
    body.append(cite_box(t("sources", lang), view, "/sources", list(snapshot.sources)))
    return html.Div(body)


def _claim_item(r: dict, lang: str, query: str) -> html.Li:
    """A claim of a source: place · metric (a target links to its page), its value and when
    (a deadline, or a figure's period), its status; the quote."""
    heading = f"{name(r, 'place', lang)} · {name(r, 'metric', lang)}"
    head = (dcc.Link(heading, href=f"/target/{r['id']}{query}") if r["kind"] == "target"
            else html.Span(heading))
    if r["kind"] == "target":
        when = deadline_text(r.get("deadline"), r.get("deadline_precision"), r.get("date_text"), lang)
    else:
        when = figure_when(r, lang)
    details = [t(r["kind"], lang), claim_text(r, lang), when]
    return html.Li([head, " · " + " · ".join(d for d in details if d) + " ",
                    badge(r["status"], lang, bool(r["hedged"])) if isinstance(r["status"], str) else "",
                    html.Div(html.Q(r["quote"]), className="quote")], className=f"claim claim-{r['kind']}")


def _short_title(source, lang: str, width: int = 28) -> str:
    """A chart label: the source's title, cut to fit (its full title heads its section below)."""
    title = source.title_in(lang)
    return title if len(title) <= width else title[: width - 1] + "…"
