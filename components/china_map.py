"""China on one picture: each province (or, for a chosen province, each of its prefecture-level
divisions; for a municipality, its districts) drawn from data/boundaries.json and coloured by its number of targets; a place with
none is drawn grey, not as zero. Plain plotly shapes on ordinary axes (filled outlines): no map
tiles, no topojson fetched from another origin."""

from __future__ import annotations

import functools
import json
import math
from pathlib import Path

from .charts import LAYOUT, safe
from .i18n import t
from .status import label

BOUNDARIES = Path(__file__).resolve().parent.parent / "data" / "boundaries.json"
SHADES = ["#deebf7", "#9ecae1", "#4292c6", "#2171b5", "#08306b"]  # 1, 2–3, 4–7, 8–15, 16+ targets
NONE = "#e5e5e5"


@functools.lru_cache(maxsize=2)
def _outlines(mtime_ns: int) -> dict:
    return json.loads(BOUNDARIES.read_text(encoding="utf-8"))


def outlines(province_code: str | None = None) -> dict[str, list]:
    """code → outer rings: the provinces, or a province's prefecture-level divisions."""
    if not BOUNDARIES.exists():
        return {}
    document = _outlines(BOUNDARIES.stat().st_mtime_ns)
    return document["prefectures"].get(province_code, {}) if province_code else document["provinces"]


def shade(count: int) -> str:
    return NONE if count <= 0 else SHADES[min(len(SHADES) - 1, int(math.log2(count)))]


def map_figure(places: list[dict], lang: str) -> dict:
    """`places`: dicts with id, code, name, rings and counts (status → number of targets)."""
    data = []
    for place in places:
        total = sum(place["counts"].values())
        xs, ys = [], []
        for ring in place["rings"]:
            xs += [point[0] for point in ring] + [None]
            ys += [point[1] for point in ring] + [None]
        lines = [f"<b>{safe(place['name'])}</b>"]
        lines += [f"{label(s, lang)}: {n}" for s, n in place["counts"].items() if n] or [t("map_no_targets", lang)]
        if total:
            lines.insert(1, f"{total} {t('count_targets', lang)}")
        data.append({"type": "scatter", "x": xs, "y": ys, "mode": "lines", "fill": "toself",
                     "fillcolor": shade(total), "line": {"color": "white", "width": 0.8},
                     "hoveron": "fills", "text": "<br>".join(lines), "hoverinfo": "text", "showlegend": False,
                     "name": safe(place["name"])})
    legend = [(NONE, t("map_no_targets", lang)), (SHADES[0], "1"), (SHADES[1], "2–3"), (SHADES[2], "4–7"),
              (SHADES[3], "8–15"), (SHADES[4], "16+")]
    for colour, text in legend:  # a legend of the shades, as markers off the map
        data.append({"type": "scatter", "x": [None], "y": [None], "mode": "markers", "showlegend": True,
                     "name": text, "marker": {"color": colour, "size": 12, "symbol": "square"}, "hoverinfo": "skip"})
    latitude = 35.0  # lon/lat drawn at China's middle latitude so shapes are not stretched
    layout = {**LAYOUT, "height": 620, "showlegend": True, "dragmode": False, "hovermode": "closest",
              "legend": {"orientation": "h", "y": -0.02, "title": {"text": t("map_legend", lang)}},
              "xaxis": {"visible": False, "fixedrange": True},
              "yaxis": {"visible": False, "fixedrange": True, "scaleanchor": "x",
                        "scaleratio": 1 / math.cos(math.radians(latitude))},
              "margin": {"l": 0, "r": 0, "t": 10, "b": 10}}
    return {"data": data, "layout": layout}
