"""Small shared pieces: empty states, count cards, a claim's citation, and the wrapper that
sends a page's components as plain data."""

import functools

from dash import dcc, html
from dash.development.base_component import Component

from tracker.frames import status_counts
from tracker.status import STATUSES

from .i18n import t
from .status import COLOURS, label, rule


def empty(message: str) -> html.Div:
    return html.Div(message, className="empty", role="status")


def no_targets_here(view, figures, page: str = "") -> html.Div:
    """The empty state of a view with no targets: when places are chosen, it says so by name,
    and lists the figures reported on them (the first few, and a link to all of them on the
    Targets page, which lists figures too), so a place with figures never looks empty."""
    from tracker.query import to_query

    from .charts import growth_or_rank, target_text
    from .i18n import name

    lang, snapshot = view.lang, view.snapshot
    if not view.filters.places:
        return empty(t("no_match", lang))
    places = ("、" if lang == "zh" else ", ").join(
        getattr(snapshot.places[p], f"name_{lang}") or snapshot.places[p].name_en
        for p in view.filters.places if p in snapshot.places)
    if figures.empty:
        return empty(t("nothing_in_view", lang).format(place=places))
    shown = figures.sort_values(["metric", "year"]).head(FIGURES_LISTED).to_dict("records")
    items = [html.Li([html.Span(name(r, "metric", lang), className="what"), " — ",
                      html.Span(target_text(r, lang) if r["value"] == r["value"] and r["value"] is not None
                                else growth_or_rank(r), className="number"),
                      f" · {r['year']:.0f}" if r["year"] == r["year"] else ""]) for r in shown]
    return html.Div([
        html.P(t("place_no_targets", lang).format(place=places, n=len(figures))),
        html.Ul(items, className="place-figures"),
        dcc.Link(t("place_figures_link", lang), href="/targets" + to_query(view.filters, lang),
                 id="place-figures-link"),
    ], className="empty place-empty", role="status", id="no-targets-here", **{"data-page": page})


FIGURES_LISTED = 8


def status_cards(targets, lang: str, query_for) -> html.Div:
    """Counts by status; each card links to the view filtered to that status."""
    counts = status_counts(targets)
    return html.Div(
        [dcc.Link([html.Div(str(counts[s]), className="count"), html.Div(label(s, lang))],
                  href=query_for(s), className=f"card status-{s}", id=f"count-{s}", title=rule(s, lang),
                  style={"borderTopColor": COLOURS[s]})
         for s in STATUSES],
        className="cards",
    )


def citation(statement_source, quote: str, lang: str, date: str | None = None,
             text_status: str | None = None) -> html.Blockquote:
    """A quote with its source; a link to the source's archived text when its quotes were
    checked against it, and a mark when they could not be."""
    from tracker.formatting import date_text

    title = statement_source.title_in(lang)
    parts = [html.Q(quote, className="quote"), html.Footer(
        [f"{t('source', lang)}: ", html.Span(title, className="source-title"),
         f" · {statement_source.publisher_in(lang)} · {date_text(statement_source.published, lang)}",
         f" · {date_text(date, lang)}" if isinstance(date, str) and date else "",
         *source_text_mark(statement_source.id, text_status, lang)])]
    return html.Blockquote(parts, className="citation")


def source_text_mark(source_id: str, text_status: str | None, lang: str) -> list:
    """' · Full text' (a link) for a source whose quotes were checked, a warning for one whose
    were not, nothing for a source with no text (a web page cited by its address)."""
    if text_status == "checked":
        return [" · ", html.A(t("source_text", lang), href=f"/source-text/{source_id}", className="source-text",
                              target="_blank", rel="noopener")]
    if text_status in ("missing", "not_checked"):
        word = "quote_missing" if text_status == "missing" else "quote_not_checked"
        return [" · ", html.Span(t(word, lang), className="unverified")]
    return []


def as_plain(node):
    """A tree of Dash components as the plain dicts and lists it is sent as. Dash encodes a
    response with orjson, which cannot read a component: it then walks the whole answer in
    Python to clean it, every one of a grid's rows too (~1.6 ms of a 10k view). Here only
    the props that can hold components are walked, and orjson takes the rest as it is."""
    if isinstance(node, Component):
        sent = node.to_plotly_json()
        props = sent["props"]
        for name in {"children", *(p.split("[")[0].split(".")[0] for p in node._children_props)}:
            if name in props:
                props[name] = as_plain(props[name])
        return sent
    if isinstance(node, (list, tuple)):
        return [as_plain(item) for item in node]
    return node


def view_page(draw):
    """A page's layout from `draw(view, **params)`: the view (snapshot, filters, language) read
    from the URL, the "no registry" notice while none is loaded, and the components sent as
    plain data (`as_plain`). `draw` takes `view` positional-only (`def layout(view, /, **params)`):
    the query string's parameters arrive as keywords, and a link may carry one named view."""
    from .state import current_view

    @functools.wraps(draw)
    def layout(**params):
        view = current_view(params)
        if view.snapshot is None:
            return as_plain(empty(t("no_registry", view.lang)))
        return as_plain(draw(view, **params))

    return layout
