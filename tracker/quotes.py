"""Checking that a quote is verbatim in its source and holds the number it backs."""

from __future__ import annotations

import functools
import math
import re
from pathlib import Path

from .units import MAGNITUDES

_WHITESPACE = re.compile(r"\s+")
_FULLWIDTH = str.maketrans("０１２３４５６７８９．，％", "0123456789.,%")


def squeeze(text: str) -> str:
    """Drop all white space: OCR'd print breaks lines (and so inserts spaces) mid-word."""
    return _WHITESPACE.sub("", text)


@functools.lru_cache(maxsize=64)
def _source_text(path: str, mtime_ns: int) -> str:
    return squeeze(Path(path).read_text(encoding="utf-8-sig"))


def source_text(path: Path) -> str:
    """The squeezed text of a source file, cached on its modification time."""
    return _source_text(str(path), path.stat().st_mtime_ns)


def is_verbatim(quote: str, squeezed_source: str) -> bool:
    return squeeze(quote) in squeezed_source


_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
           "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
_CN_NUMERAL = re.compile(r"[零〇一二两三四五六七八九十百千万亿]+")


def chinese_numeral(text: str) -> float | None:
    """二十五 -> 25, 三百 -> 300, 十 -> 10, 一千二百万 -> 12000000; None if not a numeral."""
    total, section, digit = 0, 0, None
    seen = False
    for char in text:
        if char in _DIGITS:
            digit = _DIGITS[char]
            seen = True
        elif char in _SMALL_UNITS:
            section += (1 if digit is None else digit) * _SMALL_UNITS[char]
            digit = None
            seen = True
        elif char in _BIG_UNITS:
            section += digit or 0
            total = (total + section) * _BIG_UNITS[char] if section or total else 0
            section, digit = 0, None
        else:
            return None
    if not seen:
        return None
    return total + section + (digit or 0)


_ARABIC = re.compile(r"\d+(?:\.\d+)?")
_SCIENTIFIC = re.compile(r"(\d+(?:\.\d+)?)\s*[×xX*]\s*10\^?\s*(\d{1,3})")


def numbers_in(text: str) -> list[float]:
    """Every number written in the text, in Arabic digits, Chinese numerals or a×10^n."""
    text = text.translate(_FULLWIDTH)
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text)
    found = [float(m) for m in _ARABIC.findall(text)]
    # 5×10^18; OCR often drops the superscript, leaving 5×1018.
    for mantissa, exponent in _SCIENTIFIC.findall(text):
        found.append(float(mantissa) * 10 ** int(exponent))
    for numeral in _CN_NUMERAL.findall(text):
        value = chinese_numeral(numeral)
        if value is not None:
            found.append(float(value))
        # 十余, 二十多: also try the numeral without its trailing magnitude word
        stripped = numeral.rstrip("万亿")
        if stripped and stripped != numeral:
            value = chinese_numeral(stripped)
            if value is not None:
                found.append(float(value))
    return found


def quote_backs_number(quote: str, value: float, unit: str | None = None) -> bool:
    """True when the quote writes `value` (as digits, a Chinese numeral or a×10^n).

    A value of 1 with a magnitude unit (千亿级 -> 1 千亿元, 万卡 -> 1 万张) is backed by the
    magnitude word itself.
    """
    for number in numbers_in(quote):
        if math.isclose(number, value, rel_tol=1e-9, abs_tol=1e-9):
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
