"""Places: compare places on one metric; a map of China's provinces (or of the chosen
province's prefecture-level divisions) by their number of targets; and a tile grid of the
province's divisions with the status of their targets."""

from dataclasses import replace

import dash
from dash import Input, Output, State, callback, dcc, html

from components.data_out import api_links, chart, cite_box
from components.charts import places_figure
from components.china_map import map_figure, outlines
from components.common import no_targets_here, view_page
from components.filters import page_top
from components.i18n import t
from components.status import COLOURS, label
from tracker.frames import frame_rows, status_counts_by_area
from tracker.places import tier
from tracker.query import to_query
from tracker.status import STATUSES

from components.shell import page_title
dash.register_page(__name__, path="/places", title=page_title("places"), name="Places")


def _metric_options(snapshot, targets, figures, lang):
    counts = {}
    for frame in (targets, figures):
        for metric, n in frame["metric"].value_counts().items():
            counts[metric] = counts.get(metric, 0) + n
    places = {}
    for frame in (targets, figures):
        for metric, group in frame.groupby("metric"):
            places.setdefault(metric, set()).update(group["place"])
    ranked = sorted(counts, key=lambda m: (-len(places.get(m, ())), -counts[m], m))
    return [{"label": f"{snapshot.metrics[m].name_zh if lang == 'zh' else snapshot.metrics[m].name_en} "
                      f"({len(places[m])})", "value": m} for m in ranked]


def tile_grid(snapshot, view, lang):
    """The heading and a tile for each prefecture-level division of the province in view
    (Zhejiang by default; a municipality's districts) with its targets' statuses."""
    province = _province_in_view(snapshot, view) or "zhejiang"
    if province not in snapshot.places:
        return []
    f = view.filters
    tiles = []
    for city in sorted(snapshot.children.get(province, [])):
        place = snapshot.places[city]
        # the view's years, topics and statuses, on this city (its sources filter is not applied here)
        mine = frame_rows(snapshot, "targets", replace(f, places=[city], sources=[]))
        counts = snapshot.targets["status"].iloc[mine].value_counts() if len(mine) else {}
        bar = [html.Span(style={"flex": int(counts.get(s, 0)), "background": COLOURS[s]},
                         title=f"{label(s, lang)}: {int(counts.get(s, 0))}") for s in STATUSES if counts.get(s, 0)]
        tiles.append(dcc.Link([
            html.Div(place.name_zh if lang == "zh" else place.name_en, className="tile-name"),
            html.Div(f"{len(mine)} {t('count_targets', lang)}", className="tile-count"),
            html.Div(bar, className="tile-bar"),
        ], href="/places" + to_query(replace(f, places=[city], sources=[]), lang),
            className="tile" + ("" if len(mine) else " tile-empty"), id=f"tile-{city}"))
    name = snapshot.places[province].name_zh if lang == "zh" else snapshot.places[province].name_en
    return [html.H2(t("tiles", lang).format(place=name)), html.Div(tiles, className="tiles", id="city-tiles")]


@view_page
def layout(view, /, metric: str | None = None, **params):
    lang = view.lang
    snapshot = view.snapshot
    targets, figures = view.claims()
    body = page_top(view, "places")
    options = _metric_options(snapshot, targets, figures, lang) if not (targets.empty and figures.empty) else []
    if targets.empty:
        body.append(no_targets_here(view, figures, "places"))
    if options:
        chosen = metric if metric in {o["value"] for o in options} else options[0]["value"]
        on_metric_t = targets[targets["metric"] == chosen]
        on_metric_f = figures[(figures["metric"] == chosen)] if not figures.empty else figures
        body += [
            html.Label([t("compare", lang), dcc.Dropdown(id="place-metric", options=options, value=chosen,
                                                         clearable=False)], className="filter wide"),
            chart(dcc.Graph(id="places-chart", figure=places_figure(on_metric_t, on_metric_f, lang),
                            config={"displayModeBar": False}), f"ai-places-{chosen}-{snapshot.as_of}", lang),
        ]
    body += china_map(snapshot, view, lang)
    body += tile_grid(snapshot, view, lang)
    body += [api_links(view, ["places", "targets", "figures"]),
             cite_box(t("places", lang), view, "/places", list(targets["source"]))]
    return html.Div(body)


def _province_in_view(snapshot, view) -> str | None:
    """The provincial-level division the place filter is in, or None (all of China)."""
    for place_id in view.filters.places:
        chain = [place_id, *snapshot.ancestors(place_id)]
        found = next((p for p in chain if tier(snapshot.places[p].level) == "province"), None)
        if found:
            return found
    return None


def china_map(snapshot, view, lang) -> list:
    """The provinces of China, or the chosen province's prefecture-level divisions, coloured
    by their number of targets in view; a click filters to that place."""
    province = _province_in_view(snapshot, view)
    codes = snapshot.field("places", "code")
    rings = outlines(codes.get(province) if province else None)
    by_code = {code: place_id for place_id, code in codes.items() if code}
    drawn = {by_code[code]: outline for code, outline in rings.items() if code in by_code}
    counts = status_counts_by_area(snapshot, list(drawn), replace(view.filters, sources=[]))
    shown = []
    for place_id, outline in drawn.items():
        place = snapshot.places[place_id]
        shown.append({"id": place_id, "name": place.name_zh if lang == "zh" else place.name_en,
                      "rings": outline, "counts": counts[place_id]})
    if not shown:
        return []
    where = snapshot.places[province].name_zh if province and lang == "zh" else \
        snapshot.places[province].name_en if province else t("china", lang)
    return [html.H2(t("map_heading", lang).format(place=where)),
            dcc.Store(id="places-map-ids", data=[p["id"] for p in shown]),
            chart(dcc.Graph(id="places-map", figure=map_figure(shown, lang), config={"displayModeBar": False},
                            className="china-map"), f"ai-targets-map-{province or 'china'}-{snapshot.as_of}", lang)]


@callback(Output("_pages_location", "search", allow_duplicate=True), Input("places-map", "clickData"),
          State("places-map-ids", "data"), State("_pages_location", "search"), prevent_initial_call=True)
def map_click_to_url(click, ids, search):
    """A click on a place filters the page to it (the other filters kept)."""
    from urllib.parse import parse_qsl, urlencode

    points = (click or {}).get("points") or []
    if not points or not ids or points[0].get("curveNumber", len(ids)) >= len(ids):
        return dash.no_update
    params = dict(parse_qsl((search or "").lstrip("?")))
    params["place"] = ids[points[0]["curveNumber"]]
    return "?" + urlencode(params, safe=",")


@callback(Output("_pages_location", "search", allow_duplicate=True), Input("place-metric", "value"),
          State("_pages_location", "search"), prevent_initial_call=True)
def metric_to_url(metric, search):
    from urllib.parse import parse_qsl, urlencode

    params = dict(parse_qsl((search or "").lstrip("?")))
    params["metric"] = metric
    return "?" + urlencode(params, safe=",")
