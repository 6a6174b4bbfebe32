"""Values as people write them: the comparator kept, one unit per page, no exponent, no
float noise, and dates, deadlines and periods in words in both languages."""

import math

import pytest

from tracker.formatting import (claim_text, date_text, deadline_text, growth_text, number_text, period_text,
                                rank_text, rate_text, scale_for, value_text)
from tracker.units import COUNT_WORDS, to_base


@pytest.mark.parametrize("comparator, value, unit, zh, en", [
    (">", 3900, "亿元", "> 3900亿元", "> 390 billion yuan"),
    (">=", 1, "千颗", "≥ 1000颗", "≥ 1,000"),             # 千颗 reads as 1000颗
    (">", 1, "百亿元", "> 100亿元", "> 10 billion yuan"),
    (">=", 1e15, "次/秒", "≥ 1 PFLOPS", "≥ 1 PFLOPS"),     # never 1e+15
    ("=", 10000, "P", "10 EFLOPS", "10 EFLOPS"),
    ("~", 49690.2, "万千瓦时", "≈ 49690.2万千瓦时", "≈ 496.902 million kWh"),
    ("=", 210, "万家", "210万家", "2.1 million organisations"),   # 家 counts organisations
    (">=", 800, "家企业", "≥ 800家企业", "≥ 800 enterprises"),
    ("<", 3, "成", "< 3成", "< 30%"),
    ("<=", 15, "PB", "≤ 15 PB", "≤ 15 PB"),
    ("=", 2, "万平方米", "2万平方米", "20,000 m²"),
    ("=", 3700, "万人次", "3700万人次", "37 million person-visits"),
    ("=", 1.9, "亿元", "1.9亿元", "190 million yuan"),
])
def test_a_stated_value_keeps_its_bound_and_reads_in_the_views_units(comparator, value, unit, zh, en):
    assert value_text(comparator, value, unit, "zh") == zh
    assert value_text(comparator, value, unit, "en") == en


def test_one_page_writes_the_target_and_every_figure_in_one_scale():
    target, latest = to_base(3900, "亿元"), to_base(1, "百亿元")
    en = scale_for("亿元", [target, latest], "en")
    assert (en.text(target, ">"), en.text(latest, ">")) == ("> 390 billion yuan", "> 10 billion yuan")
    zh = scale_for("亿元", [target, latest], "zh")
    assert (zh.text(target, ">"), zh.text(latest, ">")) == ("> 3900亿元", "> 100亿元")


def test_a_small_figure_steps_the_scale_down_instead_of_reading_as_a_fraction():
    satellites = scale_for("千颗", [1000, 12], "zh")
    assert (satellites.text(1000, ">="), satellites.text(12)) == ("≥ 1000颗", "12颗")
    assert satellites.axis_title == "单位：颗"
    compute = scale_for("EFLOPS", [5e19, 3e16], "en")  # 0.03 EFLOPS would be hard to read
    assert compute.text(5e19) == "50,000 PFLOPS" and compute.text(3e16) == "30 PFLOPS"


@pytest.mark.parametrize("number, zh, en", [
    (1e15, "1,000,000,000,000,000", "1,000,000,000,000,000"),
    (0.19000000000000003, "0.19", "0.19"),
    (2.5e-05, "0.000025", "0.000025"),
    (3900.0, "3900", "3,900"),
    (123456.5, "123,456.5", "123,456.5"),
])
def test_numbers_have_no_exponent_and_no_float_noise(number, zh, en):
    assert number_text(number, "zh") == zh
    assert number_text(number, "en") == en


def test_every_measure_word_for_counts_has_an_english_reading():
    """A count in the English view is never followed by a Chinese measure word."""
    for word in COUNT_WORDS:
        shown = value_text("=", 12, word, "en")
        assert not any("\u2e80" <= ch for ch in shown), (word, shown)


def test_growth_and_rank_in_both_languages():
    assert growth_text(">", 20, "%", "yoy", "en") == "> 20% year on year"
    assert growth_text(">", 20, "%", "yoy", "zh") == "同比 > 20%"
    assert rank_text(2, "national", "en") == "No. 2 in China"
    assert rank_text(1, "provincial", "zh") == "全省第1名"


def test_a_figure_row_shows_all_it_states_and_nothing_for_missing_parts():
    row = {"kind": "figure", "measure": "level", "value": 12, "unit": "颗", "value_base": 12.0, "comparator": "=",
           "growth_value": float("nan"), "rank_value": None}
    assert claim_text(row, "zh") == "12颗"
    rank = {"kind": "figure", "measure": "rank", "value": math.nan, "value_base": math.nan, "unit": None,
            "growth_value": math.nan, "rank_value": 2.0, "rank_scope": "national"}
    assert claim_text(rank, "en") == "No. 2 in China"


@pytest.mark.parametrize("date, precision, text, zh, en", [
    ("2025-12-31", "year_end", None, "到2025年底", "by end-2025"),
    ("2025-12-31", "year_end", "到2025年底", "到2025年底", "by end-2025"),
    ("2027", "plan_period", None, "到2027年（规划期末）", "by 2027 (end of the plan period)"),
    ("2026-06", "month", None, "到2026年6月", "by Jun 2026"),
    (None, "unstated", None, "未说明期限", "no deadline stated"),
])
def test_deadlines_read_as_words(date, precision, text, zh, en):
    assert deadline_text(date, precision, text, "zh") == zh
    assert deadline_text(date, precision, text, "en") == en


def test_a_periods_chinese_words_stay_out_of_the_english_view():
    assert period_text(None, "2025-06", "point", "截至2025年6月", "en") == "as of Jun 2025"
    assert period_text(None, "2025-06", "point", "截至2025年6月", "zh") == "截至2025年6月"
    assert period_text(None, None, "point", "今年", "en", published="2025-09-20") == "reported 20 Sep 2025"
    assert period_text("2025-07", "2026-01", "range", None, "zh") == "2025年7月至2026年1月"
    # registry text with English in it is not shown in the Chinese view
    assert period_text(None, "2025-09", "point", "当前（as of publication）", "zh") == "截至2025年9月"


def test_dates_and_rates_in_words():
    assert date_text("2025-09-20", "en") == "20 Sep 2025" and date_text("2025-09", "zh") == "2025年9月"
    assert rate_text(0.125, "en") == "+12.5% a year" and rate_text(None, "en") == ""


def test_a_relative_time_word_is_replaced_by_its_date_in_the_chinese_view():
    """今年 in a 2025 text is 2025, not the year the reader reads it in."""
    from tracker.formatting import deadline_text, period_text

    assert deadline_text("2025", "year", "今年", "zh") == "2025年内"
    assert period_text(None, "2025-08", "point", "截至今年8月", "zh") == "截至2025年8月"
    assert deadline_text("2025-12-31", "year_end", "到2025年底", "zh") == "到2025年底"  # the text's own words
