"""Numbers for people: 680亿元 / 68 billion yuan, 50 EFLOPS, 1.2万个."""

from __future__ import annotations

from .units import parse_unit


def _trim(number: float) -> str:
    if number == int(number) and abs(number) < 1e15:
        return f"{int(number):,}" if abs(number) >= 10000 else str(int(number))
    return f"{number:,.4g}" if abs(number) >= 1000 else f"{number:.4g}"


def format_base(value_base: float, unit: str) -> str:
    """A base value shown in a stated unit: format_base(5e19, 'EFLOPS') == '50 EFLOPS'."""
    number = value_base / parse_unit(unit).factor
    separator = "" if unit[:1] > "\u2e80" else " "
    return f"{_trim(number)}{separator}{unit}"


# (threshold, divisor, zh suffix, en suffix) from the largest down
_MONEY = [(1e12, 1e12, "万亿元", "trillion yuan"), (1e8, 1e8, "亿元", None), (1e4, 1e4, "万元", None)]
_COMPUTE = [(1e18, 1e18, "EFLOPS", "EFLOPS"), (1e15, 1e15, "PFLOPS", "PFLOPS"), (1e12, 1e12, "TFLOPS", "TFLOPS")]


def humanize(value_base: float | None, dimension: str, lang: str = "zh") -> str:
    """A base value in the unit people read: money in 亿元 (zh) or billion yuan (en),
    compute in EFLOPS/PFLOPS, counts with 万, percentages with %."""
    if value_base is None or value_base != value_base:  # None or NaN
        return "–"
    if dimension == "money":
        if lang == "en":
            for threshold, divisor, suffix in ((1e12, 1e12, "trillion"), (1e9, 1e9, "billion"), (1e6, 1e6, "million")):
                if abs(value_base) >= threshold:
                    return f"{_trim(value_base / divisor)} {suffix} yuan"
            return f"{_trim(value_base)} yuan"
        for threshold, divisor, suffix, _ in _MONEY:
            if abs(value_base) >= threshold:
                return f"{_trim(value_base / divisor)}{suffix}"
        return f"{_trim(value_base)}元"
    if dimension == "compute":
        for threshold, divisor, suffix, _ in _COMPUTE:
            if abs(value_base) >= threshold:
                return f"{_trim(value_base / divisor)} {suffix}"
        return f"{_trim(value_base)} FLOP/s"
    if dimension == "percent":
        return f"{_trim(value_base)} %"
    if dimension == "count":
        if lang == "zh" and abs(value_base) >= 1e4:
            return f"{_trim(value_base / 1e4)}万"
        return _trim(value_base)
    from .units import BASE_UNITS

    return f"{_trim(value_base)} {BASE_UNITS.get(dimension, ('', ''))[1]}".strip()
