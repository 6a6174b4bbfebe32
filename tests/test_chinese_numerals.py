"""Chinese numerals as a plan text writes them, read by tracker/chinese_numerals.py and held
against cn2an (a test dependency only) over tens of thousands of seeded random numbers."""

from __future__ import annotations

import random
import re
import warnings

import pytest

from tracker.chinese_numerals import find_numerals, parse_magnitude, parse_numeral, parse_range

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import cn2an


def oracle(text: str, mode: str = "strict"):
    """cn2an's reading, or None where it refuses (or stumbles on) the text."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return cn2an.cn2an(text, mode)
    except Exception:  # cn2an raises ValueError, and KeyError on some forms
        return None


@pytest.mark.parametrize("text, value", [
    ("一亿零五百万", 105_000_000),      # issue 15: was read as 1.000005e12
    ("一亿二千万", 120_000_000),        # issue 15: was 1.00002e12, in the validator too
    ("三点五亿", 350_000_000),          # issue 15: was not read
    ("两", 2), ("兩", 2), ("兩千", 2000), ("〇", 0), ("零", 0), ("零点五", 0.5),
    ("十", 10), ("十二", 12), ("一十二", 12), ("二十", 20), ("二十万", 200_000), ("一千零一", 1001),
    ("一万零一十", 10_010), ("一万亿", 10 ** 12), ("五万亿", 5 * 10 ** 12), ("一万二千亿", 1_200_000_000_000),
    ("两千三", 2300), ("一万五", 15_000), ("三百五", 350),            # spoken: the unit below is meant
    ("3.5万", 35_000), ("1.2亿", 120_000_000), ("2000万", 20_000_000), ("1亿2000万", 120_000_000),
    ("5万亿", 5 * 10 ** 12), ("1.5千", 1500), ("１２万", 120_000),      # full-width digits
    ("十二点零五", 12.05), ("一万点七", 10_000.7),
    ("二〇二五", 2025), ("二零三〇", 2030), ("一九九八", 1998),          # years, digit by digit
    ("壹亿贰仟万", 120_000_000), ("叁拾", 30),                         # financial forms
    ("一億二千萬", 120_000_000), ("三點五億", 350_000_000),              # traditional
])
def test_a_numeral_reads_as_its_value(text, value):
    got = parse_numeral(text)
    assert got == value and type(got) is type(value)


@pytest.mark.parametrize("text", ["", "万", "千亿", "百", "亿", "五五", "一二三", "三五", "十百", "二百一千",
                                  "一亿三亿", "一万二万", "点五", "三点", "万卡", "人工智能"])
def test_what_is_not_one_numeral_is_refused(text):
    """A bare magnitude (万卡, 千亿级) is a size class; 一二三产业 and 三五个 are not numbers."""
    assert parse_numeral(text) is None


def test_every_integer_cn2an_writes_reads_back_and_cn2an_agrees():
    rng = random.Random(15)
    checked = 0
    for _ in range(12_000):
        n = int(10 ** rng.uniform(0, 16))
        lower, upper = cn2an.an2cn(n, "low"), cn2an.an2cn(n, "up")
        assert parse_numeral(lower) == n, lower
        assert parse_numeral(upper) == n, upper
        read = oracle(lower)
        if read is not None:  # cn2an drops a needed 零 in some numbers over 10**12, then refuses its own text
            assert read == n
            checked += 1
    assert checked > 11_000


def test_two_written_as_liang_and_in_traditional_script():
    rng = random.Random(27)
    for _ in range(5000):
        n = int(10 ** rng.uniform(0, 13))
        text = re.sub("二(?=[百千万亿])", "两", cn2an.an2cn(n, "low"))
        assert parse_numeral(text) == n == oracle(text, "normal"), text
        traditional = text.translate(str.maketrans("两万亿", "兩萬億"))
        assert parse_numeral(traditional) == n, traditional


def test_decimals_agree_with_cn2an():
    rng = random.Random(33)
    checked = 0
    for _ in range(10_000):
        x = round(rng.uniform(0, 10 ** rng.randint(0, 12)), rng.randint(1, 3))
        text = cn2an.an2cn(x, "low")
        read = oracle(text)
        if read is not None:  # cn2an refuses a fraction written as 点零
            assert parse_numeral(text) == read, text
            checked += 1
    assert checked > 9000


def test_digits_with_a_magnitude_agree_with_cn2an():
    rng = random.Random(44)
    for _ in range(5000):
        number = f"{round(rng.uniform(0.1, 9999), rng.randint(0, 2)):g}"
        for magnitude in ("万", "亿", "千", ""):
            text = number + magnitude
            assert parse_numeral(text) == oracle(text, "smart"), text


@pytest.mark.parametrize("text, expected", [
    ("两到三家", (2, 3)), ("3至5个", (3, 5)), ("3—5个", (3, 5)), ("三至五", (3, 5)), ("3-5", (3, 5)),
    ("3～5个", (3, 5)), ("两三家", (2, 3)), ("七八个", (7, 8)),
    ("3—5万元", (30_000, 50_000)),          # the magnitude after the high end is both ends'
    ("十至二十万", (100_000, 200_000)), ("3万至5万", (30_000, 50_000)), ("3%—5%", (3, 5)),
    ("2025—2027", (2025, 2027)),
])
def test_ranges(text, expected):
    assert parse_range(text) == expected


@pytest.mark.parametrize("text", ["5至3", "三", "三五家", "到五", "三至", "一二三"])
def test_what_is_not_a_range_is_refused(text):
    assert parse_range(text) is None


def test_numerals_are_found_in_running_text_with_their_spans():
    text = "到2027年，全省培育一亿二千万元规模的基金3.5万家，建设千卡集群，百度参与。"
    found = [(n.text, n.value, n.magnitude) for n in find_numerals(text)]
    assert found == [("2027", 2027, 1), ("一亿二千万", 120_000_000, 10_000), ("3.5万", 35_000, 10_000)]
    for numeral in find_numerals(text):
        assert text[numeral.start:numeral.end] == numeral.text


@pytest.mark.parametrize("text, value", [("百", 100), ("千", 1000), ("万", 10_000), ("千亿", 10 ** 11),
                                         ("千万亿", 10 ** 15), ("五", None), ("一百", None), ("", None)])
def test_a_bare_magnitude_word_has_its_own_value(text, value):
    assert parse_magnitude(text) == value


# --- the validator reads quotes with the same reader (tracker/quotes.py) -----------------------

@pytest.mark.parametrize("quote, value, unit", [
    ("设立总规模一亿二千万元的产业基金", 120_000_000, "元"),     # was read as 1.00002e12: refused
    ("设立总规模一亿二千万元的产业基金", 1.2, "亿元"),           # the same amount in 亿元
    ("设立总规模一亿二千万元的产业基金", 12_000, "万元"),
    ("投入一亿零五百万元", 105_000_000, "元"),
    ("新增算力三点五亿次", 3.5, "亿次"),
    ("培育兩個行業大模型", 2, "个"),                           # 兩: --merge refused its own candidate
    ("培育兩(liǎng)個行業大模型", 2, "个"),                     # a mirror copy with pinyin
    ("吸引上百家企业入驻", 100, "家"),                         # the registry's approximate counts
    ("算力正以每秒千万亿次的速度持续输出", 1e15, "次/秒"),
    ("全省智能算力规模达到５０ＥＦＬＯＰＳ", 50, "EFLOPS"),
])
def test_a_quote_backs_the_number_it_writes(quote, value, unit):
    from tracker.quotes import quote_backs_number

    assert quote_backs_number(quote, value, unit)


@pytest.mark.parametrize("quote, value, unit", [
    ("设立总规模一亿二千万元的产业基金", 1.00002e12, "元"),      # the old misreading is no longer backed
    ("设立总规模一亿二千万元的产业基金", 1.2, "万元"),
    ("投入一亿零五百万元", 1.000005e12, "元"),
    ("培育兩個行業大模型", 3, "个"),
])
def test_a_quote_does_not_back_a_number_it_does_not_write(quote, value, unit):
    from tracker.quotes import quote_backs_number

    assert not quote_backs_number(quote, value, unit)
