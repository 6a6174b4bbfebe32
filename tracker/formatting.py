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


# (size of one unit, its name) from the largest down; a value takes the first unit it reaches
_MONEY_ZH = [(1e12, "万亿元"), (1e8, "亿元"), (1e4, "万元")]
_MONEY_EN = [(1e12, " trillion yuan"), (1e9, " billion yuan"), (1e6, " million yuan")]
_COMPUTE = [(1e18, " EFLOPS"), (1e15, " PFLOPS"), (1e12, " TFLOPS")]


def _in_largest_unit(value: float, units: list[tuple[float, str]], fallback: str) -> str:
    for size, name in units:
        if abs(value) >= size:
            return f"{_trim(value / size)}{name}"
    return f"{_trim(value)}{fallback}"


def humanize(value_base: float | None, dimension: str, lang: str = "zh") -> str:
    """A base value in the unit people read: money in 亿元 (zh) or billion yuan (en),
    compute in EFLOPS/PFLOPS, counts with 万, percentages with %."""
    if value_base is None or value_base != value_base:  # None or NaN
        return "–"
    if dimension == "money":
        return _in_largest_unit(value_base, _MONEY_EN if lang == "en" else _MONEY_ZH,
                                " yuan" if lang == "en" else "元")
    if dimension == "compute":
        return _in_largest_unit(value_base, _COMPUTE, " FLOP/s")
    if dimension == "percent":
        return f"{_trim(value_base)} %"
    if dimension == "count":
        if lang == "zh" and abs(value_base) >= 1e4:
            return f"{_trim(value_base / 1e4)}万"
        return _trim(value_base)
    from .units import BASE_UNITS

    return f"{_trim(value_base)} {BASE_UNITS.get(dimension, ('', ''))[1]}".strip()


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
