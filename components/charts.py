"""Figures built as plain plotly dicts: a Plotly Express figure costs ~36 ms to build, a dict
microseconds, and the default template is most of a small figure's bytes."""

from __future__ import annotations

import datetime as dt
from html import escape

import pandas as pd

from tracker.formatting import Scale, claim_text, date_text, missing, row_scale, scale_for
from tracker.schema import date_start

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


def shown_value(row: pd.Series | dict, base_field: str, lang: str, scale: Scale | None = None) -> str:
    """A base value of a row with its comparator (a target's latest figure keeps its floor:
    "> 10 billion yuan"), in `scale` or the row's own."""
    row = dict(row)
    value = row.get(base_field)
    if missing(value):
        return t("none_yet", lang)
    comparator = row.get("latest_comparator") if base_field == "latest_base" else row.get("comparator")
    return (scale or row_scale(row, lang)).text(value, comparator if isinstance(comparator, str) else "=")


def growth_or_rank(row, lang: str = "en") -> str:
    """A growth or rank figure's text ("No. 2 in China", "同比 > 20%"), or ""."""
    row = dict(row)
    return claim_text(row, lang, measure="growth") or claim_text(row, lang, measure="rank")


def target_text(row, lang: str, scale: Scale | None = None) -> str:
    row = dict(row)
    return claim_text(row, lang, scale or row_scale(row, lang))


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


def page_scale(target: dict, *frames: pd.DataFrame, lang: str) -> Scale:
    """The one scale of a target's page: its target, latest, baseline and every figure."""
    values = [target.get("value_base"), target.get("latest_base"), target.get("baseline_base")]
    for frame in frames:
        if not frame.empty and target.get("measure", "level") == "level":
            values += list(frame["value_base"])
    return scale_for(target.get("unit"), values, lang, target.get("measure") or "level")


_FIGURE_VALUE = {"level": "value_base", "growth": "growth_value", "rank": "rank_value"}
_FLOORS = (">", ">=")
VALUE_AXIS = {"gridcolor": "#eee", "exponentformat": "none", "separatethousands": True, "automargin": True}


def unit_note(scale: Scale) -> dict:
    """The value axis's unit, written level above the axis (a rotated 个 reads as an arrow)."""
    return {"text": safe(scale.axis_title), "xref": "paper", "yref": "paper", "x": 0, "y": 1.0,
            "xanchor": "left", "yanchor": "bottom", "showarrow": False, "font": {"size": 12, "color": "#555"}}


def detail_figure(target: dict, figures: pd.DataFrame, lang: str, scale: Scale | None = None) -> dict:
    """Every figure counted over time against the target: the target as a level line across
    the chart (and a star at its deadline), the compound path from the baseline (or the
    first figure) to it. A figure that is a floor ("> 100亿元") is a hollow upward triangle
    with its sign in the label."""
    measure = target.get("measure") or "level"
    scale = scale or page_scale(target, figures, lang=lang)
    column = _FIGURE_VALUE[measure]
    comparator_column = "growth_comparator" if measure == "growth" else "comparator"
    points = figures[figures[column].notna()].sort_values("date") if not figures.empty else figures
    data = []
    if not points.empty:
        rows = points.to_dict("records")
        signs = [r.get(comparator_column) if measure != "rank" else "=" for r in rows]
        labels = [claim_text(r, lang, scale, measure) for r in rows]
        data.append({
            "type": "scatter", "mode": "lines+markers+text", "name": t("figure", lang),
            "x": [r["date"].isoformat() for r in rows], "y": [r[column] / scale.factor for r in rows],
            "text": [safe(label_text) for label_text in labels], "textposition": "top center",
            "marker": {"size": [13 if s in _FLOORS else 10 for s in signs], "color": "#0072B2",
                       "symbol": ["triangle-up-open" if s in _FLOORS else "circle" for s in signs],
                       "line": {"width": 2, "color": "#0072B2"}},
            "line": {"color": "#0072B2"},
            "hovertext": [safe(f"{label_text} · {figure_when(r, lang)}") for label_text, r in zip(labels, rows)],
            "hovertemplate": "%{hovertext}<extra></extra>",
        })
    goal = target["value_base"] / scale.factor
    goal_text = safe(f"{t('target', lang)}: {target_text(target, lang, scale)}")
    deadline = target.get("deadline_end")
    deadline = deadline if isinstance(deadline, dt.date) else None
    if deadline is not None:
        data.append({"type": "scatter", "mode": "markers", "name": t("target", lang),
                     "x": [deadline.isoformat()], "y": [goal],
                     "marker": {"symbol": "star", "size": 16, "color": COLOURS[target["status"]],
                                "line": {"width": 1, "color": "#222"}},
                     "hovertext": [goal_text], "hovertemplate": "%{hovertext}<extra></extra>"})
        start = _path_start(target, points, measure)
        if start is not None:
            start_date, start_base = start
            if not missing(target.get("baseline_base")) and target.get("baseline_as_of"):
                data.append({"type": "scatter", "mode": "markers", "name": t("baseline", lang),
                             "x": [start_date.isoformat()], "y": [start_base / scale.factor],
                             "marker": {"symbol": "diamond", "size": 11, "color": "#999"},
                             "hovertext": [safe(f"{t('baseline', lang)}: {scale.text(start_base)}")],
                             "hovertemplate": "%{hovertext}<extra></extra>"})
            path = _compound_path(start_date, start_base / scale.factor, deadline, goal)
            data.append({"type": "scatter", "mode": "lines", "name": t("path", lang),
                         "x": [d.isoformat() for d, _ in path], "y": [v for _, v in path],
                         "line": {"dash": "dot", "color": "#888"}, "hoverinfo": "skip"})
    x_range = _date_range(data)
    data.append({"type": "scatter", "mode": "lines", "name": t("target_level", lang),
                 "x": x_range, "y": [goal, goal], "line": {"dash": "dash", "color": "#222", "width": 1.5},
                 "hovertext": [goal_text, goal_text], "hovertemplate": "%{hovertext}<extra></extra>"})
    layout = {**LAYOUT, "showlegend": True, "height": 400, "margin": {**LAYOUT["margin"], "t": 40},
              "legend": {"orientation": "h", "y": -0.15},
              "annotations": [unit_note(scale)],
              "xaxis": {"type": "date", "gridcolor": "#eee", "range": x_range,
                        **({"tickformat": "%Y年%-m月"} if lang == "zh" else {})},
              "yaxis": {**VALUE_AXIS, "rangemode": "tozero",
                        "autorange": "reversed" if measure == "rank" else True}}
    return {"data": data, "layout": layout}


def figure_when(row: dict, lang: str) -> str:
    """When a figure is from: its period in words, or its source's date."""
    from tracker.formatting import period_text

    return period_text(row.get("period_start"), row.get("period_end"), row.get("period_kind"), row.get("date_text"),
                       lang, row.get("source_published"))


def _date_range(data: list[dict]) -> list[str]:
    """The shown dates, padded (a single date would collapse the axis to a millisecond)."""
    dates = sorted(dt.date.fromisoformat(x[:10]) for trace in data for x in trace.get("x", []))
    first, last = (dates[0], dates[-1]) if dates else (dt.date.today(), dt.date.today())
    pad = dt.timedelta(days=max(45, (last - first).days // 12)) if first != last else dt.timedelta(days=365)
    return [(first - pad).isoformat(), (last + pad).isoformat()]


def _path_start(target: dict, points: pd.DataFrame, measure: str):
    """Where the path to the target starts, in base units: the baseline (from the start of
    the period it is dated to: "2025" -> 1 Jan 2025), or the first figure."""
    if measure != "level":
        return None
    if not missing(target.get("baseline_base")) and target.get("baseline_as_of"):
        return date_start(target["baseline_as_of"]), target["baseline_base"]
    if not points.empty:
        first = points.iloc[0]
        return first["date"], first["value_base"]
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
    places = sorted(set(targets["place"]) | set(figures["place"]))
    place_names = {}
    for frame in (targets, figures):
        for r in frame.to_dict("records"):
            place_names[r["place"]] = name(r, "place", lang)
    latest, goal, latest_signs, goal_signs = [], [], [], []
    for place in places:
        # the place's own figure only: not a zone's, a company's or a floor shared with others
        reported = figures[(figures["place"] == place) & figures["value_base"].notna() & figures["actor"].isna()
                           & (figures["scope"] == "whole")].sort_values("date")
        latest.append(reported["value_base"].iloc[-1] if not reported.empty else None)
        latest_signs.append(reported["comparator"].iloc[-1] if not reported.empty else "=")
        wanted = targets[(targets["place"] == place) & (targets["measure"] == "level")].sort_values("year")
        goal.append(wanted["value_base"].iloc[-1] if not wanted.empty else None)
        goal_signs.append(wanted["comparator"].iloc[-1] if not wanted.empty else "=")
    units = [u for frame in (targets, figures) if not frame.empty for u in frame["unit"] if isinstance(u, str)]
    scale = scale_for(units[0] if units else None, [v for v in latest + goal if v is not None], lang)
    x = _unique([safe(place_names[p]) for p in places])  # tick labels: plotly reads <a href> in them

    def bars(values: list, comparators: list) -> dict:
        return {"y": [v / scale.factor if v is not None else None for v in values],
                "hovertext": [safe(scale.text(v, c)) if v is not None else "" for v, c in zip(values, comparators)],
                "hovertemplate": "%{x}: %{hovertext}<extra></extra>"}

    data = [
        {"type": "bar", "name": t("latest", lang), "x": x, **bars(latest, latest_signs), "marker": {"color": "#0072B2"}},
        {"type": "bar", "name": t("target", lang), "x": x, **bars(goal, goal_signs),
         "marker": {"color": "rgba(0,0,0,0.15)", "line": {"color": "#222", "width": 1.5}}},
    ]
    layout = {**LAYOUT, "barmode": "group", "showlegend": True, "height": 380, "margin": {**LAYOUT["margin"], "t": 50},
              "legend": {"orientation": "h", "y": 1.14, "x": 1, "xanchor": "right"}, "annotations": [unit_note(scale)],
              "yaxis": VALUE_AXIS}
    return {"data": data, "layout": layout}


def per_source_figure(counts: pd.DataFrame, lang: str) -> dict:
    """Stacked bars: targets and figures per source document."""
    data = []
    for kind, colour in (("target", "#0072B2"), ("figure", "#E69F00")):
        part = counts[counts["kind"] == kind]
        data.append({"type": "bar", "name": t(kind, lang), "x": list(part["count"]), "y": [safe(l) for l in part["label"]],
                     "orientation": "h", "marker": {"color": colour}})
    layout = {**LAYOUT, "barmode": "stack", "showlegend": True, "height": 120 + 40 * counts["label"].nunique(),
              "xaxis": {**VALUE_AXIS, "title": {"text": t("claims_count", lang)}},
              "yaxis": {"automargin": True}, "legend": {"orientation": "h", "y": 1.15}}
    return {"data": data, "layout": layout}
