"""Checking that a quote is verbatim in its source and holds the number it backs."""

from __future__ import annotations

import functools
import math
import re
from pathlib import Path

from .chinese_numerals import find_numerals, parse_magnitude, parse_numeral
from .chinese_text import normalise
from .textio import read_text_file
from .units import MAGNITUDES

_WHITESPACE = re.compile(r"\s+")


def squeeze(text: str) -> str:
    """Drop all white space: OCR'd print breaks lines (and so inserts spaces) mid-word."""
    return _WHITESPACE.sub("", text)


@functools.lru_cache(maxsize=64)
def _source_text(path: str, mtime_ns: int) -> str:
    return squeeze(read_text_file(path))


def source_text(path: Path) -> str:
    """The squeezed text of a source file, cached on its modification time."""
    return _source_text(str(path), path.stat().st_mtime_ns)


def is_verbatim(quote: str, squeezed_source: str) -> bool:
    return squeeze(quote) in squeezed_source


def chinese_numeral(text: str) -> int | float | None:
    """二十五 -> 25, 一亿二千万 -> 120000000, 兩 -> 2, and a bare 百 or 千 (上百家, 近千家, 千万)
    as its magnitude; None if not a numeral (tracker.chinese_numerals reads it)."""
    value = parse_numeral(text)
    if value is None and text[:1] in ("百", "千"):
        value = parse_magnitude(text)
    return value


_ARABIC = re.compile(r"\d+(?:\.\d+)?")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3})")  # 1,000 is 1000
_SCIENTIFIC = re.compile(r"(\d+(?:\.\d+)?)\s*[×xX*]\s*10\^?\s*(\d{1,3})")


def numbers_in(text: str) -> tuple[list[float], list[float]]:
    """The numbers a text writes, in Arabic digits, Chinese numerals (traditional or simplified,
    pinyin inserted or not) or a×10^n: (each whole, each in its trailing magnitude word). 二十万
    gives 200000 and 20, 一亿二千万 120000000 and 12000, 3.5万 35000 and 3.5."""
    text = _THOUSANDS.sub("", normalise(text).text)
    whole, in_magnitude = [], [float(m) for m in _ARABIC.findall(text)]
    # 5×10^18; OCR often drops the superscript, leaving 5×1018.
    for mantissa, exponent in _SCIENTIFIC.findall(text):
        whole.append(float(mantissa) * 10 ** int(exponent))
    for numeral in find_numerals(text, bare_magnitudes=True):  # 上百家 backs 100, 近千家 1000
        whole.append(float(numeral.value))
        if numeral.magnitude > 1:
            in_magnitude.append(float(numeral.value) / numeral.magnitude)
    return whole, in_magnitude


def quote_backs_number(quote: str, value: float, unit: str | None = None) -> bool:
    """True when the quote writes `value` (as digits, a Chinese numeral or a×10^n).

    A value of 1 with a magnitude unit (千亿级 -> 1 千亿元, 万卡 -> 1 万张) is backed by the
    magnitude word itself.
    """
    # Most quotes write the value in digits: found so, the numerals need not be read (a
    # tenth of the cold build's checks at 100,000 targets). Normalising only adds numbers.
    if any(math.isclose(float(n), value, rel_tol=1e-9, abs_tol=1e-9)
           for n in _ARABIC.findall(_THOUSANDS.sub("", quote))):
        return True
    whole, in_magnitude = numbers_in(quote)
    # 1.2 亿元 is backed by 一亿二千万元 too: the value times its unit's magnitude, written whole
    factor = next((f for prefix, f in MAGNITUDES.items() if unit and unit.startswith(prefix)), 1.0)
    if any(math.isclose(n, value, rel_tol=1e-9, abs_tol=1e-9) for n in whole + in_magnitude):
        return True
    if factor != 1.0 and any(math.isclose(n, value * factor, rel_tol=1e-9) for n in whole):
        return True
    if value == 1 and unit:
        for prefix in MAGNITUDES:
            if unit.startswith(prefix) and prefix in quote:
                return True
    return False


_FIRST = ("第一", "第1", "首位", "榜首", "最大", "最高", "最多", "最强", "领先", "首个", "首家")


def says_first(quote: str) -> bool:
    """A rank of 1 may be written without a digit: 全国第一, 规模最大, 居首位."""
    return any(cue in quote for cue in _FIRST)
