"""Units as Chinese texts state them, normalised to one base unit per dimension.

A stated unit is an optional Chinese magnitude (万, 亿, 千亿 …) followed by a base word
(元, EFLOPS, 个, 平方米 …). The magnitude is a plain multiplier; the base word maps to a
pint unit, and pint converts it to the dimension's base unit. An unknown unit raises
UnitError: a silent zero or a guessed unit would corrupt every status built on it.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass

import pint


class UnitError(ValueError):
    """A unit string the tracker does not know."""


# Longest first so that 千亿 wins over 亿 and 万亿 over 万.
MAGNITUDES: dict[str, float] = {
    "万亿": 1e12,
    "千亿": 1e11,
    "百亿": 1e10,
    "十亿": 1e9,
    "亿": 1e8,
    "千万": 1e7,
    "百万": 1e6,
    "十万": 1e5,
    "万": 1e4,
    "千": 1e3,
    "百": 1e2,
}

# dimension -> (pint unit of the base, label shown to people)
BASE_UNITS: dict[str, tuple[str, str]] = {
    "money": ("yuan", "yuan"),
    "money_usd": ("usd", "USD"),
    "compute": ("FLOPS", "FLOP/s"),
    "count": ("count", "count"),
    "percent": ("percent", "%"),
    "percentage_point": ("percentage_point", "pp"),
    "area": ("meter ** 2", "m²"),
    "storage": ("byte", "byte"),
    "duration": ("day", "day"),
    "tokens": ("token", "token"),
    "power": ("watt", "W"),
    "parameters": ("parameter", "parameter"),
    "ratio": ("times", "×"),
    "score": ("point", "points"),
    "energy": ("kilowatt_hour", "kWh"),
    "mass": ("tonne", "t"),
}

# Base words as written in texts -> (pint expression, dimension). Matched case-insensitively.
_WORDS: dict[str, tuple[str, str]] = {
    "元": ("yuan", "money"),
    "元人民币": ("yuan", "money"),
    "人民币": ("yuan", "money"),
    "美元": ("usd", "money_usd"),
    "flops": ("FLOPS", "compute"),
    "flop/s": ("FLOPS", "compute"),
    "次/秒": ("FLOPS", "compute"),
    "次每秒": ("FLOPS", "compute"),
    "次浮点运算/秒": ("FLOPS", "compute"),
    "tflops": ("TFLOPS", "compute"),
    "pflops": ("PFLOPS", "compute"),
    "eflops": ("EFLOPS", "compute"),
    # In Chinese compute reporting "P" alone means PFLOPS (10000P = 10 EFLOPS).
    "p": ("PFLOPS", "compute"),
    "e": ("EFLOPS", "compute"),
    "%": ("percent", "percent"),
    "％": ("percent", "percent"),
    "个百分点": ("percentage_point", "percentage_point"),
    "平方米": ("meter ** 2", "area"),
    "㎡": ("meter ** 2", "area"),
    "m2": ("meter ** 2", "area"),
    "平方公里": ("kilometer ** 2", "area"),
    "亩": ("mu", "area"),
    "b": ("byte", "storage"),
    "kb": ("kilobyte", "storage"),
    "mb": ("megabyte", "storage"),
    "gb": ("gigabyte", "storage"),
    "tb": ("terabyte", "storage"),
    "pb": ("petabyte", "storage"),
    "eb": ("exabyte", "storage"),
    "天": ("day", "duration"),
    "日": ("day", "duration"),
    "小时": ("hour", "duration"),
    "个月": ("month", "duration"),
    "月": ("month", "duration"),
    "年": ("year", "duration"),
    "token": ("token", "tokens"),
    "tokens": ("token", "tokens"),
    "词元": ("token", "tokens"),
    "瓦": ("watt", "power"),
    "千瓦": ("kilowatt", "power"),
    "kw": ("kilowatt", "power"),
    "mw": ("megawatt", "power"),
    "参数": ("parameter", "parameters"),
    "倍": ("times", "ratio"),
    "成": ("tenth", "percent"),  # 三成 = 30 %
    "分": ("point", "score"),
    "千瓦时": ("kilowatt_hour", "energy"),
    "度": ("kilowatt_hour", "energy"),
    "kwh": ("kilowatt_hour", "energy"),
    "吨": ("tonne", "mass"),
    # Energy quotas are set in tonnes of standard coal: 1 tce = 29.3076 GJ = 8141 kWh.
    "吨标煤": ("tonne_coal_equivalent", "energy"),
    "吨标准煤": ("tonne_coal_equivalent", "energy"),
    "平米": ("meter ** 2", "area"),
    "tops": ("TFLOPS", "compute"),
    "pops": ("PFLOPS", "compute"),
}

# Measure words for counted things. All share the dimension `count`.
COUNT_WORDS = (
    "个 家 款 项 人 人次 名 位 张 台 座 条 套 篇 件 所 卡 次 户 种 类 批 部 本 份 支 只 辆 艘 架 "
    "块 枚 片 例 场 期 届 处 栋 间 颗 核 点 门 条次 家次 个次 项次 家企业 个场景 款产品"
).split()
for _word in COUNT_WORDS:
    _WORDS.setdefault(_word, ("count", "count"))

# The English view's name for a dimension's unit: (word, base value of one). Numbers are
# then scaled by thousand/million/billion words (tracker/formatting.py). Measured counts
# have no English word by default: the metric's name says what is counted ("12" computing
# satellites, not "12 颗").
ENGLISH_UNITS: dict[str, tuple[str, float]] = {
    "money": ("yuan", 1),
    "money_usd": ("USD", 1),
    "count": ("", 1),
    "percent": ("%", 1),
    "percentage_point": ("percentage points", 1),
    "area": ("m²", 1),
    "duration": ("days", 1),
    "tokens": ("tokens", 1),
    "power": ("W", 1),
    "parameters": ("parameters", 1),
    "ratio": ("times", 1),
    "score": ("points", 1),
    "energy": ("kWh", 1),
    "mass": ("tonnes", 1),
}
# Base words whose English name is not their dimension's (keys as in _WORDS, lower case).
ENGLISH_WORDS: dict[str, tuple[str, float]] = {
    "平方公里": ("km²", 1e6),
    "亩": ("mu", 10000 / 15),
    "小时": ("hours", 1 / 24),
    "个月": ("months", 365.25 / 12),
    "月": ("months", 365.25 / 12),
    "年": ("years", 365.25),
    "千瓦": ("kW", 1e3), "kw": ("kW", 1e3), "mw": ("MW", 1e6),
    "吨标煤": ("tonnes of standard coal", 8141), "吨标准煤": ("tonnes of standard coal", 8141),
    # measure words that say more than "how many"
    "人": ("people", 1), "名": ("people", 1), "位": ("people", 1),
    "人次": ("person-visits", 1),
    "卡": ("cards", 1),
    "核": ("cores", 1),
    # 家 counts firms, institutions, factories, hospitals: organisations, whatever the kind
    "家": ("organisations", 1), "家企业": ("enterprises", 1),
    "个场景": ("scenarios", 1), "款产品": ("products", 1),
}
# Units named in SI steps in both languages (50 EFLOPS, 15 PB): (name, base value of one),
# largest first.
SI_UNITS: dict[str, list[tuple[str, float]]] = {
    "compute": [("EFLOPS", 1e18), ("PFLOPS", 1e15), ("TFLOPS", 1e12), ("GFLOPS", 1e9), ("FLOPS", 1.0)],
    "storage": [("EB", 1e18), ("PB", 1e15), ("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("bytes", 1.0)],
}

_PINT_DEFINITIONS = [
    "kilo- = 1e3 = k",
    "mega- = 1e6 = M",
    "giga- = 1e9 = G",
    "tera- = 1e12 = T",
    "peta- = 1e15 = P",
    "exa- = 1e18 = E",
    "yuan = [money]",
    "usd = [money_usd]",
    "FLOPS = [compute]",
    "count = [count]",
    "token = [tokens]",
    "parameter = [parameters]",
    "percent = [percent]",
    "percentage_point = [percentage_point]",
    "meter = [length] = m",
    "mu = 10000 / 15 * meter ** 2",
    "byte = [information] = B",
    "day = [time]",
    "hour = day / 24",
    "month = 365.25 / 12 * day",
    "year = 365.25 * day",
    "watt = [power] = W",
    "kilowatt_hour = [energy]",
    "tonne_coal_equivalent = 8141 * kilowatt_hour",
    "tonne = [mass]",
    "times = [ratio]",
    "point = [score]",
    "tenth = 10 * percent",
]


@functools.cache
def _registry() -> pint.UnitRegistry:
    # A registry of our own few definitions starts in milliseconds; pint's full default
    # registry takes about half a second and knows nothing of 亿 or P.
    ureg = pint.UnitRegistry(None, cache_folder=None)
    for definition in _PINT_DEFINITIONS:
        ureg.define(definition)
    return ureg


@dataclass(frozen=True)
class ParsedUnit:
    stated: str
    factor: float  # multiply a stated value by this to get the base value
    dimension: str
    magnitude: str = ""  # the Chinese magnitude it starts with (亿 of 亿元), or ""
    word: str = ""  # the base word after it (元 of 亿元), as written

    @property
    def word_factor(self) -> float:
        """The base value of one of the base word: 1 for 元, 1e15 for PFLOPS."""
        return self.factor / MAGNITUDES.get(self.magnitude, 1.0)

    @property
    def base(self) -> str:
        return BASE_UNITS[self.dimension][1]


_SPACE = re.compile(r"\s+")


@functools.lru_cache(maxsize=4096)
def parse_unit(unit: str) -> ParsedUnit:
    """Parse a stated unit such as 亿元, 万P, EFlops, 万人次 or %."""
    if not isinstance(unit, str) or not unit.strip():
        raise UnitError("empty unit")
    text = _SPACE.sub("", unit)
    magnitude, prefix_word = 1.0, ""
    rest = text
    word = _WORDS.get(rest.lower())
    if word is None:
        for prefix, factor in MAGNITUDES.items():
            if rest.startswith(prefix) and _WORDS.get(rest[len(prefix):].lower()):
                magnitude, rest, prefix_word = factor, rest[len(prefix):], prefix
                word = _WORDS[rest.lower()]
                break
    if word is None:
        raise UnitError(
            f"unknown unit {unit!r}: write it as the text does with a known base "
            f"(元, 亿元, EFLOPS, P, 个, %, 平方米, PB, Tokens …) or add it to tracker/units.py"
        )
    expression, dimension = word
    ureg = _registry()
    base_expression = BASE_UNITS[dimension][0]
    factor = ureg.Quantity(1, expression).to(base_expression).magnitude
    return ParsedUnit(stated=unit, factor=magnitude * float(factor), dimension=dimension,
                      magnitude=prefix_word, word=rest)


def to_base(value: float, unit: str) -> float:
    """The stated value in the base unit of its dimension: to_base(50, 'EFLOPS') == 5e19."""
    return value * parse_unit(unit).factor


def dimension_of(unit: str) -> str:
    return parse_unit(unit).dimension


def is_finite_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
