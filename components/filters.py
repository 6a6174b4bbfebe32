"""The filter bar. Its values live in the URL query string: changing one rewrites the
query, and the page is drawn again from it, so a link always reproduces a view."""

from __future__ import annotations

import dash
from dash import Input, Output, State, dcc, html

from tracker.frames import Filters
from tracker.places import tier
from tracker.query import parse_query, to_query
from tracker.status import STATUSES

from .i18n import t
from .status import label

TOPIC_NAMES = {
    "compute": ("算力", "Compute"), "models": ("模型", "Models"), "data": ("数据", "Data"),
    "industry": ("产业", "Industry"), "funds": ("基金", "Funds"), "enterprises": ("企业", "Enterprises"),
    "scenarios": ("场景", "Scenarios"), "platforms": ("平台", "Platforms"), "talent": ("人才", "Talent"),
    "investment": ("投资", "Investment"), "ip": ("知识产权", "IP"), "policy": ("政策", "Policy"),
}


def topic_name(topic: str, lang: str) -> str:
    zh, en = TOPIC_NAMES.get(topic, (topic, topic))
    return zh if lang == "zh" else en


# Up to this many places the dropdown holds them all. Beyond it (all of China: 2,877) it holds
# the country, the provinces and the places around the ones chosen, and a search asks the
# server: every place in every page would be 400 KB of each response.
ALL_PLACES_LIMIT = 400
SEARCH_MATCHES = 50


def _all_place_options(snapshot, lang: str) -> list[dict]:
    # Built once per snapshot (a snapshot never changes): half of a 10k-target request before.
    return snapshot.memo(f"place_options_{lang}", lambda: _build_place_options(snapshot, lang))


def place_options(snapshot, chosen: list[str], lang: str, search: str = "") -> list[dict]:
    """The place dropdown's options: all places in a small tree; in a large one the top of
    the tree, the chosen places with the places above and just below them, and the places
    whose names contain `search`."""
    options = _all_place_options(snapshot, lang)
    if len(options) <= ALL_PLACES_LIMIT:
        return options
    keep = set(snapshot.memo("top_places", lambda: {
        place_id for place_id, level in snapshot.field("places", "level").items() if tier(level) in ("country", "province")}))
    for place in chosen:
        if place in snapshot.places:
            keep |= {place, *snapshot.ancestors(place), *snapshot.children.get(place, [])}
    wanted = search.strip().casefold()
    if wanted:
        found = [o for o in options if wanted in o["search"].casefold()][:SEARCH_MATCHES]
        keep |= {o["value"] for o in found}
    order = snapshot.memo(f"place_order_{lang}", lambda: {o["value"]: i for i, o in enumerate(options)})
    return [options[i] for i in sorted(order[place] for place in keep if place in order)]


def _build_place_options(snapshot, lang: str) -> list[dict]:
    """Places in tree order, indented by level, so a city sits above its districts."""
    options = []

    def walk(place_id: str, depth: int) -> None:
        place = snapshot.places[place_id]
        text = place.name_zh if lang == "zh" else f"{place.name_en} {place.name_zh}"
        options.append({"label": "\u00a0\u00a0" * depth + text, "value": place.id,
                        "search": " ".join([place.name_en, place.name_zh, place.id, *place.aliases])})
        for child in sorted(snapshot.children.get(place_id, [])):
            walk(child, depth + 1)

    roots = [p.id for p in snapshot.places.values() if not p.parent or p.parent not in snapshot.places]
    for root in roots:
        walk(root, 0)
    return options


def filter_bar(snapshot, filters: Filters, lang: str) -> html.Div:
    low, high = snapshot.year_span()
    chosen = [filters.year_from if filters.year_from is not None else low,
              filters.year_to if filters.year_to is not None else high]
    return html.Div(
        [
            html.Label([t("place", lang), dcc.Dropdown(
                id="f-place", options=place_options(snapshot, filters.places, lang), value=filters.places, multi=True,
                placeholder=t("all", lang))], className="filter wide"),
            html.Label([t("year", lang), dcc.RangeSlider(
                id="f-year", min=low, max=high, step=1, value=chosen,
                marks={y: str(y) for y in range(low, high + 1)}, allowCross=False)], className="filter wide"),
            html.Label([t("topic", lang), dcc.Dropdown(
                id="f-topic", options=[{"label": topic_name(tp, lang), "value": tp} for tp in snapshot.topics()],
                value=filters.topics, multi=True, placeholder=t("all", lang))], className="filter"),
            html.Label([t("status", lang), dcc.Dropdown(
                id="f-status", options=[{"label": label(s, lang), "value": s} for s in STATUSES],
                value=filters.statuses, multi=True, placeholder=t("all", lang))], className="filter"),
            dcc.Link(t("clear", lang), href="?" + (f"lang={lang}" if lang != "en" else ""), className="clear"),
        ],
        className="filters",
        id="filter-bar",
        **{"data-year-min": low, "data-year-max": high},
    )


@dash.callback(
    Output("_pages_location", "search", allow_duplicate=True),
    Input("f-place", "value"), Input("f-year", "value"), Input("f-topic", "value"), Input("f-status", "value"),
    State("_pages_location", "search"), State("f-year", "min"), State("f-year", "max"),
    prevent_initial_call=True,
)
def filters_to_url(places, years, topics, statuses, search, year_min, year_max):
    current, lang = parse_query(dash._pages._parse_query_string(search))
    year_from, year_to = (years or [None, None])
    if [year_from, year_to] == [year_min, year_max]:
        year_from = year_to = None
    new = Filters(list(places or []), year_from, year_to, list(topics or []), list(statuses or []),
                  current.sources, current.undated)
    query = to_query(new, lang)
    return query if query != (search or "") else dash.no_update


@dash.callback(Output("f-place", "options"), Input("f-place", "search_value"), State("f-place", "value"),
               State("_pages_location", "search"), prevent_initial_call=True)
def search_places(text, chosen, search):
    """In a large tree, typing in the place dropdown asks here for the places that match."""
    from .state import LOADER

    snapshot = LOADER.get().snapshot
    if snapshot is None or len(snapshot.places) <= ALL_PLACES_LIMIT:
        raise dash.exceptions.PreventUpdate
    _, lang = parse_query(dash._pages._parse_query_string(search))
    return place_options(snapshot, list(chosen or []), lang, text or "")


def page_top(view, title_key: str) -> list:
    """A list page's heading, filter bar and the year range's note on undated targets."""
    return [html.H1(t(title_key, view.lang)), filter_bar(view.snapshot, view.filters, view.lang),
            *undated_notice(view)]


def undated_notice(view) -> list:
    """Under a year range: how many targets with no deadline it hides, with a link that shows
    them; or, once shown, that they are included, with a link that hides them again."""
    from dataclasses import replace

    from tracker.frames import undated_hidden

    filters, lang = view.filters, view.lang
    if not filters.has_years:
        return []
    if filters.undated:
        return [html.P([t("undated_shown", lang), " ", dcc.Link(
            t("undated_hide", lang), href=to_query(replace(filters, undated=False), lang), id="undated-toggle")],
            className="notice", id="undated-notice")]
    hidden = undated_hidden(view.snapshot, filters)
    if not hidden:
        return []
    return [html.P([t("undated_hidden", lang).format(n=hidden), " ", dcc.Link(
        t("undated_show", lang), href=to_query(replace(filters, undated=True), lang), id="undated-toggle")],
        className="notice", id="undated-notice")]
