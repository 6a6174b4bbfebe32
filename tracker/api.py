"""The read-only API's answers, from a snapshot and a query string (the web layer is
components/api.py; docs/api.md documents every field).

The query string is the pages' own (`?place=hangzhou&topic=compute&year=2025-2027&status=behind
&lang=zh`), read strictly: a page drops what it does not know so that a stale link still opens,
but a program asking for `status=behnd` must hear that nothing is called that, not get an
empty list. So every unknown parameter or value is an `ApiError` naming it and what is accepted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from . import export
from .frames import Filters, filtered_claims
from .query import LANGS, MAX_VALUES, YEAR_FORMS, _listed, parse_years
from .status import STATUSES

LISTS = ("targets", "figures", "places", "metrics", "sources")
PAGE_SIZE = 1000  # the most rows one answer holds; `_next` pages past them
PARAMETERS = ("place", "year", "topic", "status", "source", "lang", "undated", "_size", "_next")


@dataclass
class ApiError(ValueError):
    parameter: str
    message: str
    accepted: list[str] | str

    def as_dict(self) -> dict[str, Any]:
        return {"error": self.message, "parameter": self.parameter, "accepted": self.accepted}


@dataclass
class Query:
    filters: Filters
    lang: str
    size: int
    offset: int


def read_query(snapshot, params: dict[str, Any]) -> Query:
    """The filters, language and page a query string asks for; ApiError for anything unknown."""
    for name in params:
        if name not in PARAMETERS:
            raise ApiError(name, f"unknown parameter {name!r}", list(PARAMETERS))
    places = []
    for name in _values(params, "place"):
        try:
            places.append(snapshot.find_place(name).id)
        except LookupError as exc:
            raise ApiError("place", f"{exc}", "place ids, codes or names: see /api/places.json") from None
    topics = _known(params, "topic", snapshot.topics())
    statuses = _known(params, "status", STATUSES)
    sources = _known(params, "source", sorted(snapshot.sources))
    year_from, year_to = _years(params.get("year"))
    lang = params.get("lang", "en")
    if lang not in LANGS:
        raise ApiError("lang", f"unknown language {lang!r}", list(LANGS))
    undated = params.get("undated")
    if undated not in (None, "0", "1"):
        raise ApiError("undated", f"undated={undated!r}: 1 keeps targets with no deadline under a year range",
                       ["0", "1"])
    filters = Filters(places, year_from, year_to, topics, statuses, sources,
                      undated=undated == "1" and (year_from is not None or year_to is not None))
    return Query(filters, lang, _integer(params, "_size", PAGE_SIZE, 1, PAGE_SIZE),
                 _integer(params, "_next", 0, 0, None))


def _values(params: dict, name: str) -> list[str]:
    values = _listed(params.get(name))
    if len(values) >= MAX_VALUES:
        raise ApiError(name, f"more than {MAX_VALUES - 1} values", f"at most {MAX_VALUES - 1}")
    return values


def _known(params: dict, name: str, accepted) -> list[str]:
    accepted = list(accepted)
    values = _values(params, name)
    for value in values:
        if value not in accepted:
            raise ApiError(name, f"unknown {name} {value!r}", accepted)
    return values


def _years(value: Any) -> tuple[int | None, int | None]:
    try:
        return parse_years(value, strict=True)
    except ValueError as exc:
        raise ApiError("year", str(exc), YEAR_FORMS) from None


def _integer(params: dict, name: str, default: int, low: int, high: int | None) -> int:
    value = params.get(name)
    if value in (None, ""):
        return default
    if not str(value).isdigit() or int(value) < low or (high is not None and int(value) > high):
        raise ApiError(name, f"{name}={value!r} is not a whole number from {low}"
                       + (f" to {high}" if high is not None else ""), f"{low}–{high or '…'}")
    return int(value)


# --- the lists -----------------------------------------------------------------------------

def rows(snapshot, name: str, query: Query) -> pd.DataFrame:
    """The rows of list `name` for the query: targets and figures as the export makes them
    (the Targets page's rows); places, metrics and sources with how many claims in view
    concern them."""
    targets, figures = filtered_claims(snapshot, query.filters)
    if name == "targets":
        return export.export_frame(snapshot, targets, figures.iloc[0:0])
    if name == "figures":
        return export.export_frame(snapshot, targets.iloc[0:0], figures)
    claims = pd.concat([targets[["place", "metric", "sources_all"]], figures[["place", "metric", "sources_all"]]])
    if name == "places":
        wanted = _places_in_view(snapshot, query.filters)
        counts = claims["place"].value_counts()
        return pd.DataFrame([{"id": p.id, "code": p.code, "name_zh": p.name_zh, "name_en": p.name_en,
                              "level": p.level, "parent": p.parent, "claims": int(counts.get(p.id, 0))}
                             for p in snapshot.places.values() if wanted is None or p.id in wanted])
    if name == "metrics":
        counts = claims["metric"].value_counts()
        topics = set(query.filters.topics)
        return pd.DataFrame([{"id": m.id, "name_zh": m.name_zh, "name_en": m.name_en, "topic": m.topic,
                              "dimension": m.dimension, "claims": int(counts.get(m.id, 0))}
                             for m in snapshot.metrics.values() if not topics or m.topic in topics])
    counts = pd.Series([s for value in claims["sources_all"] for s in str(value).split(";")]).value_counts()
    wanted_sources = set(query.filters.sources)
    return pd.DataFrame([{"id": s.id, "title": s.title, "title_en": s.title_en, "publisher": s.publisher,
                          "publisher_en": s.publisher_en, "published": s.published, "kind": s.kind, "url": s.url,
                          "quotes_checked": snapshot.text_status.get(s.id), "claims": int(counts.get(s.id, 0))}
                         for s in snapshot.sources.values() if not wanted_sources or s.id in wanted_sources])


def _places_in_view(snapshot, filters: Filters) -> set[str] | None:
    if not filters.places:
        return None
    return set().union(*(snapshot.subtree(place) for place in filters.places))


def page(frame: pd.DataFrame, query: Query) -> tuple[list[dict], int | None]:
    """One page of rows as plain values, and the offset of the next page (None at the end)."""
    part = frame.iloc[query.offset:query.offset + query.size]
    following = query.offset + query.size
    return export.records(part), (following if following < len(frame) else None)


def target(snapshot, target_id: str) -> dict[str, Any] | None:
    """One target: its row, every statement, the figures that count and the related ones
    (with why they do not), and its status's working."""
    row = snapshot.target(target_id)
    if row is None:
        return None
    targets = snapshot.targets[snapshot.targets["id"] == target_id]
    (record,) = export.records(export.export_frame(snapshot, targets, snapshot.figures.iloc[0:0]))
    counting = snapshot.figures_for(row)
    related = snapshot.related_figures_for(row)
    related_records = export.records(export.export_frame(snapshot, snapshot.figures.iloc[0:0], related))
    for entry, why in zip(related_records, related["why_not_counted"]):
        entry["why_not_counted"] = why
    working = {key: record[key] for key in ("status", "hedged", "status_rule", "explanation_en", "explanation_zh",
                                            "baseline_base", "latest_figure", "latest_base", "latest_comparator",
                                            "latest_date", "progress", "required_rate", "actual_rate", "as_of")}
    return {"target": record, "statements": snapshot.statements_of(target_id),
            "figures": export.records(export.export_frame(snapshot, snapshot.figures.iloc[0:0], counting)),
            "related_figures": related_records, "working": working}
