"""Units as the source texts write them, normalised to one base per dimension."""

import pytest

from tracker.units import UnitError, parse_unit, to_base


@pytest.mark.parametrize("value, unit, expected, dimension", [
    # money, every form in the seed texts
    (1.9, "亿元", 1.9e8, "money"),
    (4000, "亿元", 4000e8, "money"),
    (7000, "亿元", 7e11, "money"),
    (1, "千亿元", 1e11, "money"),
    (2, "万亿元", 2e12, "money"),
    (5000, "万元", 5e7, "money"),
    (100, "元", 100, "money"),
    # compute: 10000P = 10 EFLOPS, 5.4万P, 4万PFlops
    (10000, "P", 1e19, "compute"),
    (10, "EFLOPS", 1e19, "compute"),
    (50, "EFlops", 5e19, "compute"),
    (5.4, "万P", 5.4e19, "compute"),
    (4, "万PFlops", 4e19, "compute"),
    (300, "PFLOPS", 3e17, "compute"),
    (5e18, "次/秒", 5e18, "compute"),
    # counts, percent, area, storage, time, tokens
    (25, "个", 25, "count"),
    (120, "家", 120, "count"),
    (3700, "万人次", 3.7e7, "count"),
    (300, "款", 300, "count"),
    (20, "%", 20, "percent"),
    (15, "PB", 1.5e16, "storage"),
    (3, "万平方米", 3e4, "area"),
    (15, "天", 15, "duration"),
    (1, "万亿Tokens", 1e12, "tokens"),
    (3, "成", 30, "percent"),           # 超三成
    (10, "倍", 10, "ratio"),            # 效率提升10倍
    (8, "万核", 8e4, "count"),
    (2, "万平米", 2e4, "area"),
    (1, "千亿参数", 1e11, "parameters"),  # 千亿级参数
    (41.94, "万吨", 4.194e5, "mass"),
    (744, "TOPS", 7.44e14, "compute"),
])
def test_stated_units_convert_to_their_base(value, unit, expected, dimension):
    parsed = parse_unit(unit)
    assert parsed.dimension == dimension
    assert to_base(value, unit) == pytest.approx(expected)


def test_ten_thousand_p_is_ten_eflops():
    assert to_base(10000, "P") == to_base(10, "EFLOPS")


@pytest.mark.parametrize("unit", ["", "  ", "亿", "furlongs", "亿美金", "EFLOPSS"])
def test_unknown_units_are_errors_not_zero(unit):
    with pytest.raises(UnitError):
        parse_unit(unit)


def test_error_tells_the_fix():
    with pytest.raises(UnitError, match="add it to tracker/units.py"):
        parse_unit("furlongs")
