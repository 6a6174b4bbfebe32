"""Figures built as plain plotly dicts: a Plotly Express figure costs ~36 ms to build, a dict
microseconds, and the default template is most of a small figure's bytes."""

from __future__ import annotations

import datetime as dt
from html import escape

import pandas as pd

from tracker.formatting import humanize
from tracker.units import parse_unit

from .i18n import name, t
from .status import COLOURS, label

FONT = "Noto Sans CJK SC, WenQuanYi Micro Hei, PingFang SC, Microsoft YaHei, Tracker CJK, sans-serif"
LAYOUT = {
    "template": None,
    "font": {"family": FONT, "size": 12, "color": "#222"},
    "paper_bgcolor": "white",
    "plot_bgcolor": "white",
    "margin": {"l": 10, "r": 20, "t": 30, "b": 40},
    "showlegend": False,
    "hoverlabel": {"align": "left"},
}


def safe(text) -> str:
    """Registry text for plotly labels: plotly reads a few HTML tags, so escape them all."""
    return escape("" if text is None or text != text else str(text), quote=False)


def _short(text: str, limit: int = 38) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _unique(labels: list[str]) -> list[str]:
    """Plotly merges equal category labels; number the repeats."""
    seen: dict[str, int] = {}
    out = []
    for label_text in labels:
        seen[label_text] = seen.get(label_text, 0) + 1
        out.append(label_text if seen[label_text] == 1 else f"{label_text} ({seen[label_text]})")
    return out


def shown_value(row: pd.Series | dict, base_field: str, lang: str) -> str:
    value = row[base_field]
    if value is None or value != value:
        return "–"
    if row["measure"] == "growth":
        return f"{value:g} %"
    if row["measure"] == "rank":
        return f"#{value:g}"
    return humanize(value, row["dimension"], lang)


def growth_or_rank(row) -> str:
    """A growth or rank claim's text ("2 (national)"), or "": a frame's missing value is NaN,
    which is truthy and would print as "nan"."""
    return next((v for v in (row.get("growth"), row.get("rank")) if isinstance(v, str) and v), "")


def target_text(row, lang: str) -> str:
    return f"{row['comparator']} {row['value']:g} {row['unit']}"


def bullet_rows(targets: pd.DataFrame) -> pd.DataFrame:
    """The targets a bullet bar can show: a level target with a latest figure (so a progress
    against it). The others would be a bare "–"; the overview's table lists them."""
    if targets.empty:
        return targets
    return targets[(targets["measure"] == "level") & targets["progress"].notna()]


def bullet_figure(targets: pd.DataFrame, lang: str) -> dict:
    """One row per target with a bar (`bullet_rows`): the latest figure as a bar (as % of the
    target), the target as a marker at 100 %, the baseline as a faint band. Colour by status."""
    rows = bullet_rows(targets).sort_values(["place", "metric", "year"], ascending=False).to_dict("records")
    # the whole name (plotly reads tags in a label: escaped), the deadline on a second line
    labels = _unique([f"{safe(name(r, 'place', lang))} · {safe(_short(name(r, 'metric', lang), 60))}<br>"
                      f"{r['deadline'] if isinstance(r['deadline'], str) else t('no_deadline', lang)}" for r in rows])
    progress = [None if r["progress"] is None or r["progress"] != r["progress"] else round(r["progress"] * 100, 1)
                for r in rows]
    baseline = [(r["baseline_base"] / r["value_base"] * 100)
                if r["baseline_base"] == r["baseline_base"] and r["baseline_base"] is not None and r["value_base"] else None
                for r in rows]
    hover = []
    for r in rows:
        explanation = r["explanation_zh"] if lang == "zh" else r["explanation_en"]
        hover.append("<br>".join([
            f"<b>{safe(name(r, 'place', lang))} · {safe(name(r, 'metric', lang))}</b>",
            f"{t('target', lang)}: {safe(target_text(r, lang))} · {safe(r['date_text'] or r['deadline'] or t('no_deadline', lang))}",
            f"id: {safe(r['id'])}",
            f"{t('latest', lang)}: {safe(shown_value(r, 'latest_base', lang))}",
            f"{t('status', lang)}: {safe(label(r['status'], lang))}{' *' if r['hedged'] else ''} — {safe(explanation)}",
        ]))
    top = max([p for p in progress if p is not None] + [100])
    x_max = min(max(top * 1.08, 115), 300)
    height = 100 + 44 * len(rows)
    data = [
        {"type": "bar", "orientation": "h", "y": labels, "x": [b or 0 for b in baseline], "width": 0.8,
         "marker": {"color": "rgba(0,0,0,0.08)"}, "hoverinfo": "skip", "name": t("baseline", lang)},
        {"type": "bar", "orientation": "h", "y": labels, "x": [min(p, x_max) if p is not None else 0 for p in progress],
         "width": 0.4, "marker": {"color": [COLOURS[r["status"]] for r in rows]},
         "customdata": [r["id"] for r in rows],
         "text": [f"{p:g} %" if p is not None else "–" for p in progress], "textposition": "outside",
         "hovertext": hover, "hovertemplate": "%{hovertext}<extra></extra>", "name": t("latest", lang)},
        {"type": "scatter", "mode": "markers", "y": labels, "x": [100] * len(rows),
         "marker": {"symbol": "line-ns", "size": 22, "line": {"width": 3, "color": "#222"}},
         "hoverinfo": "skip", "name": t("target", lang)},
    ]
    layout = {**LAYOUT, "barmode": "overlay", "height": height,
              "xaxis": {"title": {"text": t("pct_of_target", lang)}, "range": [0, x_max], "ticksuffix": " %",
                        "gridcolor": "#eee", "zeroline": False},
              "yaxis": {"automargin": True, "tickfont": {"size": 11}}}
    return {"data": data, "layout": layout}


def detail_figure(target: dict, figures: pd.DataFrame, lang: str) -> dict:
    """Every figure over time against the target, with the compound path from the baseline
    (or the first figure) to the target at its deadline."""
    unit = target["unit"]
    measure = target["measure"]
    factor = parse_unit(unit).factor if measure == "level" else 1.0

    def in_unit(base):
        return base / factor

    data = []
    points = figures.sort_values("date") if not figures.empty else figures
    if not points.empty:
        values = points["value_base"] if measure == "level" else points["growth_value" if measure == "growth" else "rank_value"]
        data.append({
            "type": "scatter", "mode": "lines+markers", "name": t("figure", lang),
            "x": [d.isoformat() for d in points["date"]], "y": [in_unit(v) for v in values],
            "marker": {"size": 10, "color": "#0072B2"}, "line": {"color": "#0072B2"},
            "hovertext": [f"{safe(c)} {v:g} {safe(unit)} · {safe(txt)}" for c, v, txt in
                          zip(points["comparator"], [in_unit(v) for v in values], points["date_text"])],
            "hovertemplate": "%{hovertext}<extra></extra>",
        })
    deadline = target.get("deadline_end")
    if isinstance(deadline, dt.date):
        data.append({"type": "scatter", "mode": "markers", "name": t("target", lang),
                     "x": [deadline.isoformat()], "y": [target["value"]],
                     "marker": {"symbol": "star", "size": 16, "color": COLOURS[target["status"]],
                                "line": {"width": 1, "color": "#222"}},
                     "hovertext": [safe(f"{t('target', lang)}: {target_text(target, lang)} · {target['date_text'] or ''}")],
                     "hovertemplate": "%{hovertext}<extra></extra>"})
        start = _path_start(target, points, measure)
        if start is not None and measure == "level":
            start_date, start_value = start
            if target.get("baseline_as_of") and target.get("baseline_value") == target.get("baseline_value"):
                data.append({"type": "scatter", "mode": "markers", "name": t("baseline", lang),
                             "x": [start_date.isoformat()], "y": [start_value],
                             "marker": {"symbol": "diamond", "size": 11, "color": "#999"},
                             "hovertext": [safe(f"{t('baseline', lang)}: {target['baseline_value']:g} "
                                                f"{target['baseline_unit']} ({target['baseline_as_of']})")],
                             "hovertemplate": "%{hovertext}<extra></extra>"})
            path = _compound_path(start_date, start_value, deadline, target["value"])
            data.append({"type": "scatter", "mode": "lines", "name": t("path", lang),
                         "x": [d.isoformat() for d, _ in path], "y": [v for _, v in path],
                         "line": {"dash": "dot", "color": "#888"}, "hoverinfo": "skip"})
    layout = {**LAYOUT, "showlegend": True, "height": 380,
              "legend": {"orientation": "h", "y": -0.2},
              "xaxis": {"type": "date", "gridcolor": "#eee", **_date_range(data)},
              "yaxis": {"automargin": True, "title": {"text": safe(unit) if measure == "level" else ("%" if measure == "growth" else "rank")},
                        "gridcolor": "#eee", "rangemode": "tozero",
                        "autorange": "reversed" if measure == "rank" else True}}
    return {"data": data, "layout": layout}


def _date_range(data: list[dict]) -> dict:
    """A single date would collapse the axis to a millisecond: pad it to a year each side."""
    dates = sorted({x for trace in data for x in trace.get("x", [])})
    if len(dates) == 1:
        day = dt.date.fromisoformat(dates[0][:10])
        return {"range": [(day - dt.timedelta(days=365)).isoformat(), (day + dt.timedelta(days=365)).isoformat()]}
    return {}


def _path_start(target: dict, points: pd.DataFrame, measure: str):
    if measure != "level":
        return None
    base = target.get("baseline_value")
    if base is not None and base == base and target.get("baseline_as_of"):
        from tracker.schema import date_start

        # Drawn from the start of the period the baseline is dated to ("2025" -> 1 Jan 2025).
        factor = parse_unit(target["baseline_unit"]).factor / parse_unit(target["unit"]).factor
        return date_start(target["baseline_as_of"]), base * factor
    if not points.empty:
        first = points.iloc[0]
        return first["date"], first["value_base"] / parse_unit(target["unit"]).factor
    return None


def _compound_path(start: dt.date, start_value: float, end: dt.date, end_value: float, steps: int = 12):
    if start >= end or start_value <= 0 or end_value <= 0:
        return [(start, start_value), (end, end_value)]
    span = (end - start).days
    ratio = end_value / start_value
    return [(start + dt.timedelta(days=span * i / steps), start_value * ratio ** (i / steps))
            for i in range(steps + 1)]


def places_figure(targets: pd.DataFrame, figures: pd.DataFrame, lang: str) -> dict:
    """Places side by side on one metric: latest reported value and target (same units)."""
    dimension = (targets["dimension"].iloc[0] if not targets.empty else figures["dimension"].iloc[0])
    places = sorted(set(targets["place"]) | set(figures["place"]))
    place_names = {}
    for frame in (targets, figures):
        for r in frame.to_dict("records"):
            place_names[r["place"]] = name(r, "place", lang)
    latest, goal = [], []
    for place in places:
        reported = figures[(figures["place"] == place) & figures["value_base"].notna()].sort_values("date")
        latest.append(reported["value_base"].iloc[-1] if not reported.empty else None)
        wanted = targets[(targets["place"] == place) & (targets["measure"] == "level")].sort_values("year")
        goal.append(wanted["value_base"].iloc[-1] if not wanted.empty else None)
    scale = _scale(dimension, [v for v in latest + goal if v is not None], lang)
    x = [place_names[p] for p in places]
    data = [
        {"type": "bar", "name": t("latest", lang), "x": x, "y": [v / scale[0] if v is not None else None for v in latest],
         "marker": {"color": "#0072B2"}},
        {"type": "bar", "name": t("target", lang), "x": x, "y": [v / scale[0] if v is not None else None for v in goal],
         "marker": {"color": "rgba(0,0,0,0.15)", "line": {"color": "#222", "width": 1.5}}},
    ]
    layout = {**LAYOUT, "barmode": "group", "showlegend": True, "height": 380,
              "legend": {"orientation": "h", "y": 1.12},
              "yaxis": {"automargin": True, "title": {"text": scale[1]}, "gridcolor": "#eee"}}
    return {"data": data, "layout": layout}


def _scale(dimension: str, values: list[float], lang: str) -> tuple[float, str]:
    top = max(values) if values else 1
    if dimension == "money":
        if lang == "en":
            return (1e9, "billion yuan") if top >= 1e9 else (1e6, "million yuan")
        return (1e8, "亿元") if top >= 1e8 else (1e4, "万元")
    if dimension == "compute":
        return (1e18, "EFLOPS") if top >= 1e18 else (1e15, "PFLOPS")
    return (1, "")


def per_source_figure(counts: pd.DataFrame, lang: str) -> dict:
    """Stacked bars: targets and figures per source document."""
    data = []
    for kind, colour in (("target", "#0072B2"), ("figure", "#E69F00")):
        part = counts[counts["kind"] == kind]
        data.append({"type": "bar", "name": t(kind, lang), "x": list(part["count"]), "y": list(part["label"]),
                     "orientation": "h", "marker": {"color": colour}})
    layout = {**LAYOUT, "barmode": "stack", "showlegend": True, "height": 120 + 40 * counts["label"].nunique(),
              "yaxis": {"automargin": True}, "legend": {"orientation": "h", "y": 1.15}}
    return {"data": data, "layout": layout}
