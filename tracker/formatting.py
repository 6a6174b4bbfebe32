"""Numbers for people, the one place that writes a value with its comparator and unit.

"≥ 390 billion yuan" / "≥ 3900亿元", "> 50 EFLOPS", "12颗", "No. 2 in China", "by end-2025".

A page picks one `Scale` for all its figures (`scale_for`): the target, the latest figure and
every other figure on it are then written in the same unit. The Chinese view keeps the unit
the registry states (亿元, 万卡), stepping to a smaller standard magnitude when a figure
would read below 1 (12颗, not 0.012千颗); the English view names units in English (billion
yuan, EFLOPS, a bare count). Numbers are never in scientific notation and never rounded:
only float noise (0.19000000000000003) is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Iterable

from .units import ENGLISH_UNITS, ENGLISH_WORDS, MAGNITUDES, SI_UNITS, UnitError, parse_unit

SIGNS = {">": ">", ">=": "≥", "<": "<", "<=": "≤", "~": "≈", "=": ""}


def signed(comparator: str | None, shown: str) -> str:
    """A shown value with its comparator's sign: signed('>=', '50 EFLOPS') == '≥ 50 EFLOPS'."""
    sign = SIGNS.get(comparator or "=", "")
    return f"{sign} {shown}" if sign else shown

# The magnitudes Chinese figures are written in; 千亿元 and 千颗 read as 1000亿元 and 1000颗.
_ZH_STEPS = [("万亿", 1e12), ("亿", 1e8), ("万", 1e4), ("", 1.0)]
_EN_STEPS = [("trillion", 1e12), ("billion", 1e9), ("million", 1e6), ("", 1.0)]
_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def missing(value) -> bool:
    """None, NaN, NaT, or a pandas NA: nothing to show."""
    if value is None:
        return True
    try:
        return bool(value != value)
    except TypeError:  # pandas NA refuses to be a bool
        return True


def number_text(number: float, lang: str = "zh") -> str:
    """A number as people write it: no exponent, no float noise, thousands separated
    (from 1,000 in English, from 100,000 in Chinese)."""
    exact = Decimal(f"{float(number):.12g}").normalize()
    grouped = abs(exact) >= (1000 if lang == "en" else 100000)
    return format(exact, ",f" if grouped else "f")


def _glue(number: str, unit: str) -> str:
    if not unit:
        return number
    if unit[0] > "\u2e80" or unit in ("%", "％"):  # 亿元, 颗, % follow the number directly
        return number + unit
    return f"{number} {unit}"


@dataclass(frozen=True)
class Scale:
    """How one page writes its values: base value / factor, followed by `unit`."""

    factor: float
    unit: str
    lang: str = "zh"
    kind: str = "level"  # "level", "growth" (values in %) or "rank"

    def number(self, base: float) -> str:
        return number_text(base / self.factor, self.lang)

    def text(self, base: float | None, comparator: str | None = "=") -> str:
        """'≥ 390 billion yuan'; '' for a missing value."""
        if missing(base):
            return ""
        if self.kind == "rank":
            shown = (f"第{self.number(base)}名" if self.lang == "zh" else f"No. {self.number(base)}")
        else:
            shown = _glue(self.number(base), self.unit)
        return signed(comparator, shown)

    @property
    def axis_title(self) -> str:
        """The unit for a chart's value axis ("单位：亿元"; "Number" for a bare count)."""
        if self.kind == "rank":
            return "排名" if self.lang == "zh" else "Rank"
        if self.lang == "zh":
            return f"单位：{self.unit}" if self.unit else "数量"
        return self.unit or "Number"


GROWTH_SCALE = {lang: Scale(1.0, "%", lang, "growth") for lang in ("zh", "en")}
RANK_SCALE = {lang: Scale(1.0, "", lang, "rank") for lang in ("zh", "en")}


def scale_for(unit: str | None, values: Iterable[float] = (), lang: str = "zh", measure: str = "level") -> Scale:
    """The scale for a page whose target (or claim) is stated in `unit`, showing the base
    `values` (target, latest, figures): every value on the page is written in it."""
    if measure == "growth":
        return GROWTH_SCALE[lang]
    if measure == "rank":
        return RANK_SCALE[lang]
    try:
        parsed = parse_unit(unit)
    except UnitError:
        return Scale(1.0, unit or "", lang)
    shown = [abs(v) for v in values if not missing(v) and v != 0]
    smallest, largest = (min(shown), max(shown)) if shown else (parsed.factor, parsed.factor)
    steps = SI_UNITS.get(parsed.dimension)
    if steps:  # 50 EFLOPS in both languages: the largest step the values reach
        return _down_to(smallest, _reached(steps, largest), steps, lang)
    if lang == "zh":
        word = parsed.word if parsed.dimension != "percent" or parsed.word != "％" else "%"
        steps = [(magnitude + word, size * parsed.word_factor) for magnitude, size in _ZH_STEPS]
        stated = MAGNITUDES.get(parsed.magnitude, 1.0)
        start = next(i for i, (_, size) in enumerate(_ZH_STEPS) if size <= stated)
        return _down_to(smallest, start, steps, lang)
    word, size = ENGLISH_WORDS.get(parsed.word.lower(), ENGLISH_UNITS.get(parsed.dimension, (parsed.base, 1.0)))
    if parsed.dimension in ("percent", "percentage_point", "ratio", "score"):
        return Scale(size, word, lang)
    steps = [(f"{name} {word}".strip(), step * size) for name, step in _EN_STEPS]
    return _down_to(smallest, _reached(steps, largest), steps, lang)


def _reached(steps: list[tuple[str, float]], value: float) -> int:
    return next((i for i, (_, size) in enumerate(steps) if value >= size), len(steps) - 1)


def _down_to(smallest: float, start: int, steps: list[tuple[str, float]], lang: str) -> Scale:
    """From steps[start], the first step in which the smallest value reads 0.1 or more
    (0.3 EFLOPS reads well; 0.012千颗 does not)."""
    index = start
    while index < len(steps) - 1 and smallest < 0.1 * steps[index][1]:
        index += 1
    name, size = steps[index]
    return Scale(size, name, lang)


def row_scale(row, lang: str) -> Scale:
    """The scale of one target's own values (its target and latest figure): a row of the
    targets frame, as a dict."""
    return scale_for(row.get("unit"), [row.get("value_base"), row.get("latest_base")], lang, row.get("measure") or "level")


def latest_text(row, lang: str) -> str:
    """A target's latest figure with its bound ("> 100亿元"), in the target's scale; '' for none."""
    if missing(row.get("latest_base")):
        return ""
    comparator = row.get("latest_comparator")
    return row_scale(row, lang).text(row["latest_base"], comparator if isinstance(comparator, str) else "=")


def value_text(comparator: str | None, value: float | None, unit: str | None, lang: str = "zh") -> str:
    """One stated value on its own: value_text('>=', 1, '千颗') == '≥ 1000颗'."""
    if missing(value) or not unit:
        return ""
    try:
        base = value * parse_unit(unit).factor
    except UnitError:
        return signed(comparator, f"{number_text(value, lang)} {unit}")
    return scale_for(unit, [base], lang).text(base, comparator)


# --- growth and rank figures -----------------------------------------------------------

GROWTH_BASIS = {"yoy": ("同比", "year on year"), "cagr": ("年均", "a year on average"), "other": ("", "")}
RANK_SCOPE = {"global": ("全球", "worldwide"), "national": ("全国", "in China"), "provincial": ("全省", "in the province"),
              "city": ("全市", "in the city"), "industry": ("行业", "in its industry")}


def growth_text(comparator: str | None, value: float, unit: str | None, basis: str | None, lang: str) -> str:
    """'≥ 20% year on year' / '同比 ≥ 20%'."""
    shown = value_text(comparator or "=", value, unit or "%", lang)
    zh, en = GROWTH_BASIS.get(basis or "other", ("", ""))
    if lang == "zh":
        return f"{zh} {shown}".strip()
    return f"{shown} {en}".strip()


def rank_text(value: float, scope: str | None, lang: str) -> str:
    """'No. 2 in China' / '全国第2名'."""
    zh, en = RANK_SCOPE.get(scope or "", ("", ""))
    return f"{zh}第{number_text(value)}名" if lang == "zh" else f"No. {number_text(value, 'en')} {en}".strip()


def entry_value_text(entry: dict, lang: str) -> str:
    """What a registry entry as written (a candidate's dict: value, growth, rank) states, in
    words: its level, growth and rank, as far as it gives them."""
    parts = []
    if entry.get("value") is not None and entry.get("measure") != "rank":
        parts.append(value_text(entry.get("comparator"), entry["value"], entry.get("unit"), lang))
    growth, rank = entry.get("growth"), entry.get("rank")
    if growth:
        parts.append(growth_text(growth.get("comparator"), growth["value"], growth.get("unit"), growth.get("basis"),
                                 lang))
    if entry.get("measure") == "rank" and not rank:
        rank = {"value": entry["value"], "scope": None}
    if rank:
        parts.append(rank_text(rank["value"], rank.get("scope"), lang))
    return ("，" if lang == "zh" else ", ").join(parts)


def claim_text(row, lang: str, scale: Scale | None = None, measure: str | None = None) -> str:
    """A target's or figure's value (a row of the frames, as a dict) in words, in `scale`
    (the page's) or its own; `measure` picks what of a figure to show (a growth target's
    page shows a figure's growth; none: all a figure states). '' when the row states nothing
    of that measure."""
    if measure is None and row.get("kind") != "target":
        parts = [claim_text(row, lang, scale, m) for m in ("level", "growth", "rank")]
        return ("，" if lang == "zh" else ", ").join(part for part in parts if part)
    measure = measure or row.get("measure") or "level"
    if row.get("kind") == "target":
        if measure == "level":
            scale = scale or scale_for(row["unit"], [row["value_base"]], lang)
            return scale.text(row["value_base"], row["comparator"])
        return scale_for(None, (), lang, measure).text(row["value"], row["comparator"])
    if measure == "growth":
        if missing(row.get("growth_value")):
            return ""
        return growth_text(row.get("growth_comparator"), row["growth_value"], row.get("growth_unit"),
                           row.get("growth_basis"), lang)
    if measure == "rank":
        return "" if missing(row.get("rank_value")) else rank_text(row["rank_value"], row.get("rank_scope"), lang)
    if missing(row.get("value_base")):
        return ""
    scale = scale or scale_for(row["unit"], [row["value_base"]], lang)
    return scale.text(row["value_base"], row.get("comparator"))


# --- dates, deadlines, periods ---------------------------------------------------------

def date_text(partial: str | None, lang: str) -> str:
    """'2025-06' → 'Jun 2025' / '2025年6月'; '' for none."""
    if missing(partial) or not partial:
        return ""
    parts = str(partial)[:10].split("-")
    year = parts[0]
    month = int(parts[1]) if len(parts) > 1 else None
    day = int(parts[2]) if len(parts) > 2 else None
    if lang == "zh":
        return year + "年" + (f"{month}月" if month else "") + (f"{day}日" if day else "")
    return " ".join(p for p in (str(day) if day else "", _MONTHS[month - 1] if month else "", year) if p)


_DEADLINE = {
    "date": ("{date}前", "by {date}"),
    "month": ("到{date}", "by {date}"),
    "year_end": ("到{year}年底", "by end-{year}"),
    "year": ("{year}年内", "in {year}"),
    "plan_period": ("到{year}年（规划期末）", "by {year} (end of the plan period)"),
}


# Words whose meaning moves with the day they are read (今年 in a 2025 text is not this year).
_RELATIVE_TIME = re.compile(r"今年|明年|去年|本年|当年|年内|目前|近日|日前|此前|近年")


def _chinese(text) -> bool:
    """Registry text fit for the Chinese view: some text, no English words in it, and no word
    such as 今年 that a reader would take for the year they read it in."""
    return (isinstance(text, str) and bool(text.strip()) and not re.search(r"[A-Za-z]{2,}", text)
            and not _RELATIVE_TIME.search(text))


def deadline_text(date: str | None, precision: str | None, text: str | None, lang: str) -> str:
    """A deadline in words: 'by end-2025' / the registry's own '到2025年底'."""
    if missing(date) or not date or precision not in _DEADLINE:  # 未来几年 is no deadline either
        return "未说明期限" if lang == "zh" else "no deadline stated"
    if lang == "zh" and _chinese(text):
        return text
    zh, en = _DEADLINE[precision]
    return (zh if lang == "zh" else en).format(date=date_text(date, lang), year=str(date)[:4])


_PERIOD = {
    "year": ("{end_year}年", "in {end_year}"),
    "point": ("截至{end}", "as of {end}"),
    "cumulative": ("累计至{end}", "cumulative to {end}"),
    "range": ("{start}至{end}", "{start} – {end}"),
}


def period_text(start: str | None, end: str | None, kind: str | None, text: str | None, lang: str,
                published: str | None = None) -> str:
    """When a figure is from, in words: the registry's own text in Chinese ('今年'); in English
    from the period's dates ('as of Jun 2025'), or the source's date when it gives none."""
    if lang == "zh" and _chinese(text):
        return text
    start = None if missing(start) else start
    end = None if missing(end) else end
    if not end:
        if missing(published) or not published:
            return ""
        return f"{date_text(published, lang)}发布" if lang == "zh" else f"reported {date_text(published, lang)}"
    if kind == "range" and not start:
        kind = "point"
    zh, en = _PERIOD.get(kind or "point", _PERIOD["point"])
    return (zh if lang == "zh" else en).format(start=date_text(start, lang), end=date_text(end, lang),
                                               end_year=str(end)[:4])


def rate_text(rate: float | None, lang: str) -> str:
    """A yearly growth rate: '+12.5 % a year' / '年均 +12.5%'; '' for none."""
    if missing(rate):
        return ""
    shown = number_text(round(rate * 100, 1), lang)
    sign = "+" if rate > 0 else ""
    return f"年均 {sign}{shown}%" if lang == "zh" else f"{sign}{shown}% a year"


# --- older names ----------------------------------------------------------------------

def format_base(value_base: float, unit: str) -> str:
    """A base value in the scale of a stated unit: format_base(5e19, 'EFLOPS') == '50 EFLOPS'."""
    return scale_for(unit, [value_base], "zh").text(value_base)


_DIMENSION_UNITS = {"money": "元", "money_usd": "美元", "compute": "FLOPS", "count": "个", "percent": "%",
                    "storage": "B"}


def humanize(value_base: float | None, dimension: str, lang: str = "zh") -> str:
    """A base value in the unit people read, knowing only its dimension: 680亿元 / 68 billion
    yuan, 50 EFLOPS, 1.2万个 / 12,000."""
    if missing(value_base):
        return "–"
    word = _DIMENSION_UNITS.get(dimension)
    if word is None:
        from .units import BASE_UNITS

        return _glue(number_text(value_base, lang), BASE_UNITS.get(dimension, ("", ""))[1])
    if lang == "zh" and dimension in ("money", "money_usd", "count"):  # the largest magnitude reached
        word = next(name for name, size in _ZH_STEPS if abs(value_base) >= size or size == 1.0) + word
    return scale_for(word, [value_base], lang).text(value_base)


def exact_number(number: float | int) -> str:
    """A number as exactly as it is held, for files: 400000000000 (not 400000000000.0), 0.125,
    5e+19. A whole number of 15 digits or more is written in float notation, which every reader
    takes as a number (pandas reads a longer run of digits as text)."""
    if isinstance(number, int):
        return str(number)
    if number.is_integer() and abs(number) < 1e15:
        return str(int(number))
    return repr(float(number))


def stated_value(comparator: str | None, value: float | None, unit: str | None) -> str | None:
    """"≥ 50 EFLOPS", "> 6800 亿元": the comparator (none for "="), the number as stated, the
    unit; None without a number."""
    if value is None or value != value:  # None or NaN
        return None
    parts = ("" if comparator in (None, "=") else comparator, exact_number(value), unit or "")
    return " ".join(part for part in parts if isinstance(part, str) and part)
