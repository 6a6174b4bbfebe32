"""The view's state as a URL query string, so that a link reproduces a view.

?place=hangzhou,ningbo&year=2025-2027&topic=compute&status=behind&lang=en
(&undated=1: with a year range, keep the targets that state no deadline too)
"""

from __future__ import annotations

from urllib.parse import urlencode

from .frames import Filters

LANGS = ("en", "zh")


# A link names a few places, topics or statuses; a query holding thousands (a 5 MB place
# list took 10 s of CPU and a 49 MB answer) is cut to these bounds, not served.
MAX_VALUES = 100
MAX_VALUE_LENGTH = 100
MAX_PARAMETER_LENGTH = 20_000


def _listed(value: object) -> list[str]:
    """The distinct comma-separated values of a parameter, at most MAX_VALUES of them."""
    if value is None:
        return []
    values = value if isinstance(value, list) else [value]
    kept: dict[str, None] = {}
    for v in values[:MAX_VALUES]:
        for part in str(v)[:MAX_PARAMETER_LENGTH].split(","):
            part = part.strip()
            if part and len(part) <= MAX_VALUE_LENGTH:
                kept[part] = None
                if len(kept) == MAX_VALUES:
                    return list(kept)
    return list(kept)


def _year(value: str) -> int | None:
    value = value.strip()
    return int(value) if value.isdigit() and len(value) == 4 else None


def parse_query(params: dict) -> tuple[Filters, str]:
    """Filters and language from query parameters (as Dash passes them to a layout).
    Unknown or malformed values are dropped rather than failing the page."""
    year_from = year_to = None
    year = params.get("year")
    if isinstance(year, str) and year:
        low, sep, high = year.partition("-")
        year_from = _year(low)
        year_to = _year(high) if sep else year_from
    lang = params.get("lang") if params.get("lang") in LANGS else "en"
    filters = Filters(_listed(params.get("place")), year_from, year_to, _listed(params.get("topic")),
                      _listed(params.get("status")), _listed(params.get("source")),
                      undated=params.get("undated") == "1" and (year_from is not None or year_to is not None))
    return filters, lang


def to_query(filters: Filters, lang: str = "en") -> str:
    """The query string (with its leading ?) for filters and a language; '' for the default view."""
    params = {}
    if filters.places:
        params["place"] = ",".join(filters.places)
    if filters.year_from is not None or filters.year_to is not None:
        low = "" if filters.year_from is None else str(filters.year_from)
        high = "" if filters.year_to is None else str(filters.year_to)
        params["year"] = low if low == high else f"{low}-{high}"
    if filters.undated and filters.has_years:
        params["undated"] = "1"
    if filters.topics:
        params["topic"] = ",".join(filters.topics)
    if filters.statuses:
        params["status"] = ",".join(filters.statuses)
    if filters.sources:
        params["source"] = ",".join(filters.sources)
    if lang != "en":
        params["lang"] = lang
    return "?" + urlencode(params, safe=",") if params else ""


def known_filters(filters: Filters, snapshot) -> Filters:
    """Drop the values a snapshot does not know (a stale link must still open)."""
    places = []
    for name in filters.places:
        try:
            places.append(snapshot.find_place(name).id)
        except LookupError:
            continue
    topics = snapshot.topics()
    from .status import STATUSES

    return Filters(places, filters.year_from, filters.year_to,
                   [t for t in filters.topics if t in topics],
                   [s for s in filters.statuses if s in STATUSES],
                   [s for s in filters.sources if s in snapshot.sources], filters.undated)
