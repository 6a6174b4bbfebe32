"""The registry's schema: one pydantic model per kind of entry.

Field-level rules live here (types, allowed words, finite non-negative values, known units).
Rules that need the whole registry (references, duplicates, quotes against their sources,
dates against their documents) live in `validate.py`.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from typing import Annotated, Literal, Optional, get_args

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from .units import UnitError, parse_unit

ID_PATTERN = r"^[a-z0-9][a-z0-9_\-]*$"
Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=120)]
ShortText = Annotated[str, Field(min_length=1, max_length=2000)]
LongText = Annotated[str, Field(max_length=5000)]

_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _partial_date(value: object) -> object:
    """Accept "2025", "2025-07", "2025-07-18" (and the int/date YAML makes of unquoted ones)."""
    if isinstance(value, bool):
        raise ValueError("a date, not a boolean")
    if isinstance(value, int):
        value = str(value)
    elif isinstance(value, dt.datetime):
        value = value.date().isoformat()
    elif isinstance(value, dt.date):
        value = value.isoformat()
    if not isinstance(value, str):
        raise ValueError("a date written as \"YYYY\", \"YYYY-MM\" or \"YYYY-MM-DD\"")
    return _date_text(value)


# A registry repeats a few thousand dates across 500,000 entries: each is checked once
# (a new day validates ~100,000 cached entries; this was a fifth of its time).
@functools.lru_cache(maxsize=65536)
def _date_text(value: str) -> str:
    match = _PARTIAL_DATE.match(value.strip())
    if not match:
        raise ValueError(f"{value!r} is not a date: write \"YYYY\", \"YYYY-MM\" or \"YYYY-MM-DD\"")
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        dt.date(year, month or 1, day or 1)
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a real date ({exc})") from None
    if not 1949 <= year <= 2100:
        raise ValueError(f"{value!r}: year out of range 1949–2100")
    return value.strip()


PartialDate = Annotated[str, BeforeValidator(_partial_date)]


@functools.lru_cache(maxsize=65536)  # pure, and called for every figure of every status judged
def date_end(value: str) -> dt.date:
    """The last day a partial date covers: "2025" -> 2025-12-31, "2025-02" -> 2025-02-28."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        return dt.date(*parts)
    if len(parts) == 2:
        year, month = parts
        first_of_next = dt.date(year + month // 12, month % 12 + 1, 1)
        return first_of_next - dt.timedelta(days=1)
    return dt.date(parts[0], 12, 31)


@functools.lru_cache(maxsize=65536)
def date_start(value: str) -> dt.date:
    parts = [int(p) for p in value.split("-")]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    # A copy (model_copy, copy.copy, copy.deepcopy) gets a set of its fields of its own:
    # model_copy(update=...) adds to it, and the original may share its set with others
    # (tracker/memory.shared_field_sets).
    def __copy__(self):
        copied = super().__copy__()
        object.__setattr__(copied, "__pydantic_fields_set__", set(self.__pydantic_fields_set__))
        return copied

    def __deepcopy__(self, memo=None):
        copied = super().__deepcopy__(memo)
        object.__setattr__(copied, "__pydantic_fields_set__", set(self.__pydantic_fields_set__))
        return copied


Comparator = Literal[">", ">=", "<", "<=", "~", "="]
# The levels of China's divisions (tracker/places.py groups them in tiers).
Level = Literal[
    "country",
    "province", "municipality", "autonomous_region", "sar",
    "city", "prefecture", "autonomous_prefecture", "league",
    "district", "county", "county_city", "autonomous_county", "banner", "autonomous_banner",
    "forestry_district", "special_district",
    "town",
]


def _number(value: object) -> object:
    # YAML 1.1 reads yes/no/on/off as booleans: never let one pass as 1 or 0.
    if isinstance(value, bool):
        raise ValueError("a number, not true/false (YAML reads yes/no/on/off as booleans)")
    # PyYAML reads 5e18 (no dot) as a string; accept it as the number it plainly is.
    if isinstance(value, str):
        try:
            return float(value.replace(",", ""))
        except ValueError:
            return value
    return value


def _finite(value: Optional[float]) -> Optional[float]:
    if value is not None and not math.isfinite(value):
        raise ValueError("must be a finite number")
    return value


# Every number in the registry: a real float, finite (.inf and .nan are refused).
Number = Annotated[float, BeforeValidator(_number), AfterValidator(_finite)]


class Place(Strict):
    id: Id
    code: Optional[Annotated[str, Field(pattern=r"^\d{6}$")]] = None  # GB/T 2260 division code
    name_zh: ShortText
    name_en: ShortText
    level: Level
    parent: Optional[Id] = None
    aliases: list[ShortText] = []


class Actor(Strict):
    id: Id
    name_zh: ShortText
    name_en: ShortText
    kind: Literal[
        "government", "state_owned_group", "company", "lab", "university", "platform",
        "association", "fund", "park",
    ]
    place: Id
    aliases: list[ShortText] = []


class Metric(Strict):
    id: Id
    name_zh: ShortText
    name_en: ShortText
    topic: Literal[
        "compute", "models", "data", "industry", "funds", "enterprises", "scenarios",
        "platforms", "talent", "investment", "ip", "policy",
    ]
    dimension: Literal[
        "money", "money_usd", "compute", "count", "percent", "percentage_point", "area",
        "storage", "duration", "tokens", "power", "parameters", "ratio", "score", "energy", "mass",
    ]
    aliases: list[ShortText] = []
    description: Optional[LongText] = None


SourceKind = Literal["plan", "policy", "speech", "press_report", "magazine", "company_release", "statistics"]
SOURCE_KINDS = get_args(SourceKind)


class Source(Strict):
    id: Id
    title: ShortText
    title_en: Optional[ShortText] = None
    publisher: ShortText
    publisher_en: Optional[ShortText] = None
    published: PartialDate
    kind: SourceKind
    language: Literal["zh", "en"] = "zh"
    file: Optional[Annotated[str, Field(pattern=r"^[^/\\]+$", max_length=255)]] = None  # a file name in a text folder
    sha256: Optional[Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]] = None  # of the text as registered
    size: Optional[Annotated[int, Field(ge=0)]] = None  # bytes
    retrieved: Optional[PartialDate] = None  # when the text was fetched or copied
    url: Optional[Annotated[str, Field(pattern=r"^https?://", max_length=2000)]] = None
    note: Optional[LongText] = None

    def title_in(self, lang: str) -> str:
        """The title a reader of `lang` sees: the English one where the registry gives it."""
        return self.title if lang == "zh" else (self.title_en or self.title)

    def publisher_in(self, lang: str) -> str:
        return self.publisher if lang == "zh" else (self.publisher_en or self.publisher)


class Statement(Strict):
    source: Id
    quote: ShortText
    date: Optional[PartialDate] = None


class UnitValue(Strict):
    """A value with a stated unit that must be known."""

    @field_validator("unit", check_fields=False)
    @classmethod
    def _known_unit(cls, unit: Optional[str]) -> Optional[str]:
        if unit is not None:
            try:
                parse_unit(unit)
            except UnitError as exc:
                raise ValueError(str(exc)) from None
        return unit


class Deadline(Strict):
    date: Optional[PartialDate] = None
    precision: Literal["date", "month", "year_end", "year", "plan_period", "unstated"]
    text: Optional[ShortText] = None

    @model_validator(mode="after")
    def _date_matches_precision(self) -> "Deadline":
        if self.precision == "unstated" and self.date is not None:
            raise ValueError("precision 'unstated' goes with date: null")
        if self.precision != "unstated" and self.date is None:
            raise ValueError(f"precision {self.precision!r} needs a date (or say precision: unstated)")
        return self


class Baseline(UnitValue):
    value: Annotated[Number, Field(ge=0)]
    unit: ShortText
    as_of: Optional[PartialDate] = None
    derived: bool = False
    derivation: Optional[LongText] = None



class Link(Strict):
    rel: Literal["part_of", "supersedes", "conflicts_with"]
    target: Id


class Target(UnitValue):
    id: Id
    place: Id
    actor: Optional[Id] = None
    metric: Id
    measure: Literal["level", "growth", "rank"] = "level"
    comparator: Comparator
    value: Number
    unit: ShortText
    deadline: Deadline
    firmness: Literal["firm", "strive"] = "firm"
    baseline: Optional[Baseline] = None
    statements: Annotated[list[Statement], Field(min_length=1)]
    links: list[Link] = []
    note: Optional[LongText] = None  # for maintainers: never shown on a page
    reader_note_en: Optional[LongText] = None  # for readers, shown on the target's page
    reader_note_zh: Optional[LongText] = None


    @model_validator(mode="after")
    def _value_fits_measure(self) -> "Target":
        if self.measure == "level" and self.value < 0:
            raise ValueError("value: a level cannot be negative")
        if self.measure == "growth" and parse_unit(self.unit).dimension != "percent":
            raise ValueError("unit: a growth target is a rate in %")
        if self.measure == "rank" and self.value < 1:
            raise ValueError("value: a rank starts at 1")
        return self


class Period(Strict):
    start: Optional[PartialDate] = None
    end: Optional[PartialDate] = None
    kind: Literal["year", "range", "point", "cumulative"]
    text: Optional[ShortText] = None

    @model_validator(mode="after")
    def _ordered(self) -> "Period":
        if self.start and self.end and date_start(self.start) > date_end(self.end):
            raise ValueError(f"start {self.start} is after end {self.end}")
        return self


class Growth(UnitValue):
    comparator: Comparator = "="
    value: Number
    unit: ShortText = "%"
    basis: Literal["yoy", "cagr", "other"] = "yoy"
    text: Optional[ShortText] = None



class Rank(Strict):
    value: Annotated[int, Field(ge=1)]
    scope: Literal["global", "national", "provincial", "city", "industry"]
    text: Optional[ShortText] = None


class Figure(UnitValue):
    id: Id
    place: Id
    actor: Optional[Id] = None
    metric: Id
    comparator: Comparator = "="
    value: Optional[Number] = None
    unit: Optional[ShortText] = None
    period: Period
    growth: Optional[Growth] = None
    rank: Optional[Rank] = None
    # What the figure covers of its place: the whole place; a part of it (a zone, park,
    # platform or one company's share); or a floor that holds for each of several places
    # ("杭州、宁波等地均突破百亿元"). Only a whole-place figure counts against a target.
    scope: Literal["whole", "part", "each_of"] = "whole"
    statements: Annotated[list[Statement], Field(min_length=1)]
    note: Optional[LongText] = None  # for maintainers: never shown on a page
    reader_note_en: Optional[LongText] = None  # for readers, shown beside the figure
    reader_note_zh: Optional[LongText] = None

    @field_validator("value")
    @classmethod
    def _non_negative(cls, value: Optional[float]) -> Optional[float]:
        if value is not None and value < 0:
            raise ValueError("a reported level cannot be negative (a fall belongs in growth)")
        return value

    @model_validator(mode="after")
    def _says_something(self) -> "Figure":
        if (self.value is None) != (self.unit is None):
            raise ValueError("value and unit go together: give both or neither")
        if self.value is None and self.growth is None and self.rank is None:
            raise ValueError("a figure needs a value with its unit, a growth or a rank")
        return self
