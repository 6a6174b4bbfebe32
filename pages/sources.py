"""Sources: each document with its claims, and the number of claims per document."""

import dash
import pandas as pd
from dash import dcc, html

from components.charts import growth_or_rank, per_source_figure
from components.common import empty, source_text_mark, view_page
from components.filters import page_top
from components.i18n import t
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
             dcc.Graph(id="sources-chart", figure=per_source_figure(counts, lang), config={"displayModeBar": False})]
    query = to_query(view.filters, lang)
    for source_id, source in snapshot.sources.items():
        mine = per_source[per_source["src"] == source_id]
        if mine.empty:
            continue
        items = []
        for r in mine.sort_values(["kind", "place", "metric"], ascending=[False, True, True]).to_dict("records"):
            name = r["metric_zh"] if lang == "zh" else r["metric_en"]
            place = r["place_zh"] if lang == "zh" else r["place_en"]
            value = f"{r['comparator']} {r['value']:g} {r['unit']}" if r["value"] == r["value"] and r["value"] is not None else growth_or_rank(r)
            head = dcc.Link(r["id"], href=f"/target/{r['id']}{query}") if r["kind"] == "target" else html.Span(r["id"])
            items.append(html.Li([head, f" · {t(r['kind'], lang)} · {place} · {name} · {value} ",
                                  badge(r["status"], lang, bool(r["hedged"])) if isinstance(r["status"], str) else "",
                                  html.Div(html.Q(r["quote"]), className="quote")]))
        body.append(html.Section([
            html.H3(source.title if lang == "zh" else (source.title_en or source.title)),
            html.P([f"{source.publisher} · {t('published', lang)} {source.published} · {t('kind_' + source.kind, lang)}",
                    *source_text_mark(source_id, snapshot.text_status.get(source_id), lang)], className="muted"),
            html.Ul(items, className="claims"),
        ], className="source", id=f"source-{source_id}"))
    return html.Div(body)


def _short_title(source, lang: str, width: int = 28) -> str:
    """A chart label: the source's title, cut to fit (its full title heads its section below)."""
    title = source.title if lang == "zh" else (source.title_en or source.title)
    return title if len(title) <= width else title[: width - 1] + "…"
