"""Numbers written in Chinese: 一亿零五百万, 三点五亿, 两千三, 3.5万, 1亿2000万, 二〇二五, and ranges
(两到三家, 3至5个, 3—5万). One reader for the extractor and for the validator, so a figure the
extractor proposes is checked by the same rules (tests/test_chinese_numerals.py holds it against
cn2an over tens of thousands of numbers).

Simplified, traditional (兩 萬 億 點) and financial forms (壹 贰 貳 仟 拾) are all read; full-width
digits too. Arithmetic is decimal, so 1.2亿 is exactly 120000000, never 120000000.00000001.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Iterator

Number = int | float

DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6,
          "七": 7, "八": 8, "九": 9,
          # financial (大写) forms, simplified and traditional
          "壹": 1, "贰": 2, "貳": 2, "叁": 3, "參": 3, "肆": 4, "伍": 5, "陆": 6, "陸": 6, "柒": 7, "捌": 8,
          "玖": 9}
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_UNITS = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
POINTS = "点點"
_ZEROS = "零〇○"

_HAN = "".join(DIGITS) + "".join(SMALL_UNITS) + "".join(BIG_UNITS)
_FULLWIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")
_ARABIC = r"\d+(?:,\d{3})*(?:\.\d+)?"
# A numeral as it stands in running text: Han numeral characters, Arabic digits followed by a
# magnitude (3.5万, 1亿2000万), or both; 点 only between numeral characters.
NUMERAL = re.compile(rf"(?:{_ARABIC}|[{_HAN}])(?:(?:{_ARABIC}|[{_HAN}])|[{POINTS}](?=[{''.join(DIGITS)}]))*")
_TOKEN = re.compile(rf"({_ARABIC})|([{POINTS}])|(.)", re.S)

# what joins the two ends of a range: 到, 至, a dash, a tilde
RANGE_JOINERS = ("到", "至", "—", "——", "–", "-", "－", "~", "～", "〜")
_RANGE = re.compile(r"(.+?)\s*(?:——|到|至|—|–|-|－|~|～|〜)\s*(.+)", re.S)


def _result(value: Decimal) -> Number:
    return int(value) if value == value.to_integral_value() else float(value)


def parse_numeral(text: str) -> Number | None:
    """The value of a numeral, or None if `text` is not exactly one well-formed numeral.

    一亿零五百万 -> 105000000, 一亿二千万 -> 120000000, 三点五亿 -> 350000000, 两千三 -> 2300,
    十二 -> 12, 一万亿 -> 10**12, 3.5万 -> 35000, 1亿2000万 -> 120000000, 二〇二五 -> 2025.
    A bare magnitude (万, 千亿) is a size class, not a number: None.
    """
    text = text.strip().translate(_FULLWIDTH)
    if not text:
        return None
    if _is_digit_string(text):  # 二〇二五: digit by digit
        return int("".join(str(DIGITS[c]) for c in text))
    value = _parse(text)
    return None if value is None else _result(value)


def _is_digit_string(text: str) -> bool:
    """二〇二五, 一九九八, 二〇三〇: a year or code read digit by digit. Other runs of digits
    (一二三产业, 三五个) are not numbers."""
    if not all(c in DIGITS and c not in "两兩" for c in text):
        return False
    return len(text) == 4 or (len(text) > 1 and any(c in "〇○" for c in text))


def _parse(text: str) -> Decimal | None:
    yi_part = Decimal(0)        # what is already multiplied by 亿
    wan_part = Decimal(0)       # what is multiplied by 万, within the current 亿 group
    section = Decimal(0)        # below 万: 二千三百…
    number: Decimal | None = None   # the digit (or Arabic number) waiting for its unit
    last_small: int | None = None   # the last 十/百/千 of this section: units must fall
    last_unit = None            # the unit just passed, for 两千三 (= 2300)
    after_zero = False
    seen_yi = seen_wan = closed = False
    tokens = list(_TOKEN.finditer(text))
    i = 0
    while i < len(tokens):
        arabic, point, char = tokens[i].groups()
        if arabic is not None or (char in DIGITS):
            if number is not None:  # two digits in a row: 五五
                return None
            if arabic is not None:
                try:
                    number = Decimal(arabic.replace(",", ""))
                except InvalidOperation:
                    return None
            else:
                digit = DIGITS[char]
                if digit == 0:
                    after_zero, last_unit = True, None
                    i += 1
                    continue
                number = Decimal(digit)
            i += 1
            continue
        if point is not None:
            # 三点五, 十二点零五: the fraction is read digit by digit
            whole = section + (number or 0)
            if number is None and not (section or wan_part or yi_part or after_zero):  # 零点五 is 0.5
                return None
            fraction = ""
            i += 1
            while i < len(tokens) and tokens[i].group(3) in DIGITS:
                fraction += str(DIGITS[tokens[i].group(3)])
                i += 1
            if not fraction:
                return None
            if wan_part or yi_part:  # 一万点七 = 10000.7: the whole so far, and no unit after it
                whole += wan_part + yi_part
                wan_part = yi_part = Decimal(0)
                closed = True
            number, section, last_small, last_unit = whole + Decimal("0." + fraction), Decimal(0), None, None
            continue
        if closed and (char in SMALL_UNITS or char in BIG_UNITS):
            return None
        if char in SMALL_UNITS:
            unit = SMALL_UNITS[char]
            if last_small is not None and unit >= last_small:
                return None
            if number is None:
                if unit != 10 or section or wan_part or yi_part:
                    # 十 alone may lead (十二); 百, 千 need their digit, except 一百一十 → 一十
                    if unit != 10 or not (after_zero or last_small):
                        return None
                number = Decimal(1)
            section += number * unit
            number, last_small, last_unit, after_zero = None, unit, unit, False
            i += 1
            continue
        if char in BIG_UNITS:
            unit = BIG_UNITS[char]
            if unit == 10_000:
                group = section + (number or 0)
                if seen_wan or group == 0:
                    return None
                wan_part, seen_wan = group * unit, True
            else:
                group = wan_part + section + (number or 0)
                if seen_yi or group == 0:
                    return None
                yi_part, seen_yi, wan_part, seen_wan = group * unit, True, Decimal(0), False
            section, number, last_small, last_unit, after_zero = Decimal(0), None, None, unit, False
            i += 1
            continue
        return None
    if number is not None and last_unit is not None and number == number.to_integral_value() and number < 10:
        number *= Decimal(last_unit) / 10  # 两千三 = 2300, 一万五 = 15000: the unit below is meant
    total = yi_part + wan_part + section + (number or 0)
    if number is None and not (section or wan_part or yi_part) and not after_zero:
        return None
    return total


def parse_range(text: str) -> tuple[Number, Number] | None:
    """(low, high) of a range, or None: 两到三 -> (2, 3), 3至5 -> (3, 5), 3—5万 -> (30000, 50000),
    十至二十万 -> (100000, 200000), 两三 -> (2, 3). A trailing measure word (家, 个) is
    dropped; a magnitude written only after the high end (万, 亿) applies to both ends."""
    text = text.strip().translate(_FULLWIDTH)
    text = _without_measure_word(text)  # 两到三家 → 两到三
    match = _RANGE.fullmatch(text)
    if match:
        low_text, high_text = _without_measure_word(match.group(1)), match.group(2).strip()
        low, high = parse_numeral(low_text), parse_numeral(high_text)
        if low is None or high is None:
            return None
        magnitude = _trailing_magnitude(high_text)
        if magnitude > 1 and not any(c in BIG_UNITS for c in low_text) and low * magnitude <= high:
            low = _result(Decimal(str(low)) * magnitude)
    elif len(text) == 2 and all(c in DIGITS for c in text) and DIGITS[text[1]] == DIGITS[text[0]] + 1 > 1:
        low, high = DIGITS[text[0]], DIGITS[text[1]]  # 两三家, 七八个: "two or three"
    else:
        return None
    return (low, high) if low < high else None


def _without_measure_word(text: str) -> str:
    return re.sub(rf"[^\d{_HAN}]+$", "", text.strip())


def _trailing_magnitude(text: str) -> int:
    """The product of the magnitude words that end a numeral: 30万 → 10000, 5万亿 → 10**12."""
    factor = 1
    for char in reversed(text):
        if char not in BIG_UNITS:
            break
        factor *= BIG_UNITS[char]
    return factor


@dataclass(frozen=True)
class Numeral:
    start: int
    end: int
    text: str
    value: Number

    @property
    def magnitude(self) -> int:
        """The magnitude words the numeral ends with (二十万 → 10000), 1 if none."""
        return _trailing_magnitude(self.text)


    @property
    def bare(self) -> bool:
        """A magnitude word without a digit: 百 (上百家), 千 (近千家), 万 (万卡), 千亿 (千亿级)."""
        return all(c in SMALL_UNITS or c in BIG_UNITS for c in self.text)


def parse_magnitude(text: str) -> int | None:
    """The value of a bare magnitude word: 百 -> 100, 千万亿 -> 10**15, 万卡's 万 -> 10000;
    None if `text` is anything else."""
    if not text or not all(c in SMALL_UNITS or c in BIG_UNITS for c in text):
        return None
    value = parse_numeral("一" + text)
    return value if isinstance(value, int) else None


def find_numerals(text: str, bare_magnitudes: bool = False) -> Iterator[Numeral]:
    """Every numeral in running text that reads as a number, with its span: 一亿二千万, 3.5万,
    二十五, and plain Arabic numbers (2027, 50). A bare magnitude word (万卡, 千亿级, 上百家) is
    a size class or an approximation, not a stated number: it is skipped unless
    `bare_magnitudes` (its `Numeral.bare` is then True)."""
    for match in NUMERAL.finditer(text):
        value = parse_numeral(match.group())
        if value is None and bare_magnitudes:
            value = parse_magnitude(match.group())
        if value is not None:
            yield Numeral(match.start(), match.end(), match.group(), value)
