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


YEAR_FORMS = "YYYY, YYYY-YYYY, YYYY- or -YYYY"


def parse_years(value: object, strict: bool = False) -> tuple[int | None, int | None]:
    """The year range of a `year` parameter: 2025 → (2025, 2025); 2025-2027; 2025- (from);
    -2027 (until). The one parser for pages and API: a page drops a malformed side (a stale
    link still opens); with `strict` (the API) it raises ValueError instead."""
    if value in (None, ""):
        return None, None
    low, sep, high = str(value).partition("-")
    years = []
    for part in (low, high) if sep else (low,):
        part = part.strip()
        year = int(part) if part.isdigit() and len(part) == 4 and 1949 <= int(part) <= 2100 else None
        if strict and part and year is None:
            raise ValueError(f"year={value!r} is not a year or a range of years")
        years.append(year)
    if strict and years in ([None], [None, None]):
        raise ValueError(f"year={value!r} is not a year or a range of years")
    return (years[0], years[1]) if sep else (years[0], years[0])


def parse_query(params: dict) -> tuple[Filters, str]:
    """Filters and language from query parameters (as Dash passes them to a layout).
    Unknown or malformed values are dropped rather than failing the page."""
    year = params.get("year")
    year_from, year_to = parse_years(year) if isinstance(year, str) else (None, None)
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
