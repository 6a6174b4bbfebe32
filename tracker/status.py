"""Every target's status on an as-of date, with the working shown.

The rule (docs/status-rule.md says the same for people):

1. Evidence: the figures on the target's place and metric (and actor, when the target names
   one) whose source was published by the as-of date. A figure dates from its period's end,
   or from its source's publication when the text gives no period.
2. A figure meets, fails or straddles the target. Each comparator makes an interval: a
   reported 约6800 (`~`) is 6800 ± 5 %; 超过6800 (`>`) is anything above 6800. A figure whose
   interval lies inside the target's is a clean pass; one outside it, a fail; one that
   overlaps both, a *hedged* result, never a clean pass. A plain target number (`=`) means
   "at least" for a level and "no worse than" for a rank.
3. Statuses:
   - achieved: a figure dated by the deadline passes (for "at least" level targets reaching it
     early counts; rates, ranks and "about" targets are judged only at the deadline).
   - missed: the deadline has passed and the figure covering the deadline's period fails.
   - awaiting data: the deadline has passed and no figure covers its period yet.
   - on track / behind: before the deadline, the rate needed from the latest figure to the
     target against the rate seen so far (from the baseline or an earlier figure, or the
     figure's own reported growth). With no rate seen, it stays "on track" but says so.
   - no data: before the deadline (or with none stated), no figure yet.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import asdict, dataclass, field
from typing import Optional

from .schema import Figure, Target, date_end
from .units import parse_unit, to_base

STATUSES = ["achieved", "on_track", "behind", "no_trend", "missed", "inconclusive", "awaiting_data", "no_data"]
STATUS_LABELS = {
    "achieved": ("已达成", "Achieved"),
    "on_track": ("进展顺利", "On track"),
    "behind": ("进度落后", "Behind"),
    "no_trend": ("尚难判断", "Too early to tell"),
    "inconclusive": ("无法判定", "Inconclusive"),
    "missed": ("未达成", "Missed"),
    "awaiting_data": ("待数据", "Awaiting data"),
    "no_data": ("暂无数据", "No data"),
}
# What each status means, shown in the product's legend.
STATUS_RULES = {
    "achieved": ("截止前已有数据达到目标（含“约”“超”等措辞时标注*，表示并非明确达成）",
                 "a figure reported by the deadline meets the target (* when a hedge such as 约 makes it "
                 "no clean pass)"),
    "on_track": ("截止前：近期增速不低于实现目标所需增速",
                 "before the deadline: recent growth at or above the pace the target needs"),
    "behind": ("截止前：近期增速低于实现目标所需增速",
               "before the deadline: recent growth below the pace the target needs"),
    "no_trend": ("已有数据，但尚无可比的前期数据或基线、或未设期限，无法判断进度",
                 "figures reported, but no earlier comparable figure or dated baseline to see a trend, "
                 "or no deadline to pace against"),
    "missed": ("截止后：覆盖截止期的数据未达到目标", "after the deadline: the figure for its period falls short"),
    "inconclusive": ("截止后：数据措辞（约、超等）无法确定是否达到目标",
                     "after the deadline: the figure's own hedge (约, 超) leaves open whether the target was met"),
    "awaiting_data": ("截止日期已过，尚无该期数据", "the deadline has passed and no figure for its period is out yet"),
    "no_data": ("截止前尚无任何报告数据", "before the deadline, nothing reported yet"),
}
ABOUT_TOLERANCE = 0.05
_INF = math.inf


@dataclass
class Interval:
    low: float
    high: float
    low_open: bool = False
    high_open: bool = False

    def contains(self, other: "Interval") -> bool:
        low_ok = other.low > self.low or (other.low == self.low and (not self.low_open or other.low_open))
        high_ok = other.high < self.high or (other.high == self.high and (not self.high_open or other.high_open))
        return low_ok and high_ok

    def disjoint(self, other: "Interval") -> bool:
        if self.high < other.low or other.high < self.low:
            return True
        if self.high == other.low:
            return self.high_open or other.low_open
        if other.high == self.low:
            return other.high_open or self.low_open
        return False


def reported_interval(comparator: str, value: float) -> Interval:
    """What a reported value with its comparator says the true value is."""
    if comparator == ">":
        return Interval(value, _INF, low_open=True)
    if comparator == ">=":
        return Interval(value, _INF)
    if comparator == "<":
        return Interval(-_INF, value, high_open=True)
    if comparator == "<=":
        return Interval(-_INF, value)
    if comparator == "~":
        spread = abs(value) * ABOUT_TOLERANCE
        return Interval(value - spread, value + spread)
    return Interval(value, value)


def required_interval(comparator: str, value: float, measure: str) -> Interval:
    """The values that satisfy a target."""
    if measure == "rank":
        # Lower is better: 第二 as a target is met by first or second.
        if comparator in ("=", "<=", "~"):
            return Interval(-_INF, value)
        if comparator == "<":
            return Interval(-_INF, value, high_open=True)
        return reported_interval(comparator, value)
    if comparator == "=":
        return Interval(value, _INF)
    return reported_interval(comparator, value)


def judge(required: Interval, reported: Interval) -> str:
    """'pass', 'fail' or 'hedged'."""
    if required.contains(reported):
        return "pass"
    if required.disjoint(reported):
        return "fail"
    return "hedged"


@dataclass
class Evidence:
    figure_id: str
    date: dt.date
    value: float  # in the target's unit of comparison (base units, %, or rank)
    comparator: str
    verdict: str


@dataclass
class StatusResult:
    target_id: str
    status: str
    hedged: bool
    rule: str
    explanation_en: str
    explanation_zh: str
    deadline_end: Optional[dt.date]
    target_base: float
    baseline_base: Optional[float] = None
    baseline_date: Optional[dt.date] = None
    latest_figure: Optional[str] = None
    latest_base: Optional[float] = None
    latest_comparator: Optional[str] = None  # ">" when the latest figure is a floor ("突破", "超过")
    latest_date: Optional[dt.date] = None
    progress: Optional[float] = None
    required_rate: Optional[float] = None
    actual_rate: Optional[float] = None
    evidence: list[Evidence] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def figure_date(figure: Figure, sources: dict) -> dt.date:
    if figure.period.end:
        return date_end(figure.period.end)
    return min(date_end(sources[s.source].published) for s in figure.statements)


def known_on(figure: Figure, sources: dict) -> dt.date:
    """The date by which the figure had been published."""
    return min(date_end(sources[s.source].published) for s in figure.statements)


def _evidence_value(target: Target, figure: Figure) -> tuple[float, str] | None:
    if target.measure == "rank":
        return (float(figure.rank.value), "=") if figure.rank else None
    if target.measure == "growth":
        return (figure.growth.value, figure.growth.comparator) if figure.growth else None
    if figure.value is None or figure.unit is None:
        return None
    return to_base(figure.value, figure.unit), figure.comparator


def _rate(start: float, end: float, years: float) -> Optional[float]:
    if start <= 0 or end <= 0 or years <= 0:
        return None
    return (end / start) ** (1 / years) - 1


def _years(start: dt.date, end: dt.date) -> float:
    return (end - start).days / 365.25


def _pct(rate: Optional[float]) -> str:
    return "?" if rate is None else f"{rate * 100:.0f} %"


def compute_status(target: Target, figures: list[Figure], sources: dict,
                   as_of: dt.date) -> StatusResult:
    deadline = date_end(target.deadline.date) if target.deadline.date else None
    if target.measure == "level":
        target_base = to_base(target.value, target.unit)
    else:
        target_base = target.value
    required = required_interval(target.comparator, target_base, target.measure)
    result = StatusResult(target.id, "no_data", False, "", "", "", deadline, target_base)
    if target.baseline is not None and target.measure == "level":
        result.baseline_base = to_base(target.baseline.value, target.baseline.unit)
        result.baseline_date = date_end(target.baseline.as_of) if target.baseline.as_of else None

    evidence: list[Evidence] = []
    for figure in figures:
        if known_on(figure, sources) > as_of:
            continue
        found = _evidence_value(target, figure)
        if found is None:
            continue
        value, comparator = found
        verdict = judge(required, reported_interval(comparator, value))
        evidence.append(Evidence(figure.id, figure_date(figure, sources), value, comparator, verdict))
    evidence.sort(key=lambda e: (e.date, e.value))
    result.evidence = evidence

    by_deadline = [e for e in evidence if deadline is None or e.date <= deadline]
    latest = by_deadline[-1] if by_deadline else (evidence[-1] if evidence else None)
    if latest is not None:
        result.latest_figure, result.latest_base, result.latest_date = latest.figure_id, latest.value, latest.date
        # Progress as a share of the target; for a rank, lower is better.
        if target.measure == "rank" and latest.value > 0:
            result.progress = target_base / latest.value
        elif target_base > 0:
            result.progress = latest.value / target_base

    early_counts = target.measure == "level" and target.comparator in (">", ">=", "=")
    deadline_passed = deadline is not None and as_of > deadline
    # The figure that speaks for the deadline: one whose period reaches the deadline's period.
    covering = None
    if deadline is not None:
        period_start = _deadline_period_start(target, deadline)
        covering = next((e for e in reversed(by_deadline) if e.date >= period_start), None)

    passes = [e for e in by_deadline if e.verdict == "pass"]
    unit = target.unit
    if passes and (early_counts or (covering is not None and covering.verdict == "pass")):
        hit = passes[-1] if not early_counts else passes[0]
        return _done(result, "achieved", False, "met",
                     f"reported {_show(hit.value, target)} meets {target.comparator} {target.value:g} {unit}",
                     f"已报告 {_show(hit.value, target)}，达到目标 {target.comparator} {target.value:g} {unit}")

    if deadline_passed:
        if covering is None:
            return _done(result, "awaiting_data", False, "deadline passed, no figure for its period",
                         f"deadline {deadline} passed; no figure for that period yet",
                         f"截止日期 {deadline} 已过，尚无该期数据")
        if covering.verdict == "hedged":
            return _done(result, "achieved", True, "hedged pass",
                         f"reported {covering.comparator} {_show(covering.value, target)} against "
                         f"{target.comparator} {target.value:g} {unit}: not a clean pass",
                         f"报告值 {covering.comparator}{_show(covering.value, target)}，目标 "
                         f"{target.comparator}{target.value:g}{unit}：并非明确达成")
        return _done(result, "missed", False, "deadline passed, figure short",
                     f"by {deadline}: {_show(covering.value, target)} against {target.comparator} {target.value:g} {unit}",
                     f"截至 {deadline}：{_show(covering.value, target)}，目标 {target.comparator}{target.value:g}{unit}")

    if latest is None:
        return _done(result, "no_data", False, "no figure yet", "no figure reported yet", "尚无报告数据")

    if latest.verdict == "hedged":
        return _done(result, "on_track", True, "about at target",
                     f"reported {latest.comparator} {_show(latest.value, target)}, about at the target",
                     "报告值约为目标水平")
    if target.measure != "level":
        status = "on_track" if latest.verdict == "pass" else "behind"
        return _done(result, status, False, f"latest {target.measure} against target",
                     f"latest {_show(latest.value, target)} against {target.comparator} {target.value:g} {unit}",
                     f"最新 {_show(latest.value, target)}，目标 {target.comparator}{target.value:g}{unit}")

    # A level target before its deadline: required against actual growth.
    if deadline is not None and target_base > 0:
        result.required_rate = _rate(latest.value, target_base, max(_years(latest.date, deadline), 1 / 12))
    result.actual_rate = _actual_rate(result, evidence, latest, figures)
    needs, seen = _pct(result.required_rate), _pct(result.actual_rate)
    if result.required_rate is None:
        return _done(result, "on_track", True, "no deadline to pace against",
                     f"latest {_show(latest.value, target)}; no deadline stated", f"最新 {_show(latest.value, target)}；未说明期限")
    if result.actual_rate is None:
        return _done(result, "on_track", True, "no trend yet",
                     f"needs {needs}/yr; no earlier figure or baseline to compare",
                     f"需年增 {needs}；尚无基线或早期数据可比")
    if result.actual_rate >= result.required_rate:
        return _done(result, "on_track", False, "growth at or above the pace needed",
                     f"needs {needs}/yr, recent {seen}/yr", f"需年增 {needs}，近期年增 {seen}")
    return _done(result, "behind", False, "growth below the pace needed",
                 f"needs {needs}/yr, recent {seen}/yr", f"需年增 {needs}，近期年增 {seen}")


def _actual_rate(result: StatusResult, evidence: list[Evidence], latest: Evidence,
                 figures: list[Figure]) -> Optional[float]:
    earlier = [e for e in evidence if e.date < latest.date and _years(e.date, latest.date) >= 0.25]
    if earlier:
        first = earlier[0]
        return _rate(first.value, latest.value, _years(first.date, latest.date))
    if result.baseline_base is not None and result.baseline_date and result.baseline_date < latest.date:
        years = _years(result.baseline_date, latest.date)
        if years >= 0.25:
            return _rate(result.baseline_base, latest.value, years)
    figure = next((f for f in figures if f.id == latest.figure_id), None)
    if figure is not None and figure.growth is not None and figure.growth.basis in ("yoy", "cagr"):
        return figure.growth.value / 100
    return None


def _deadline_period_start(target: Target, deadline: dt.date) -> dt.date:
    """The earliest figure date that speaks for the deadline: its month for a month
    deadline, otherwise the deadline itself (a full-year figure is dated 31 December)."""
    if target.deadline.precision == "month":
        return deadline.replace(day=1)
    return deadline


def _show(value: float, target: Target) -> str:
    from .formatting import GROWTH_SCALE, number_text, scale_for

    if target.measure == "level":  # in the target's stated unit, 12颗 rather than 0.012千颗
        return scale_for(target.unit, [value], "zh").text(value)
    if target.measure == "growth":
        return GROWTH_SCALE["zh"].text(value)
    return f"#{number_text(value)}"  # read the same in both explanations


def _done(result: StatusResult, status: str, hedged: bool, rule: str, en: str, zh: str) -> StatusResult:
    result.status, result.hedged, result.rule = status, hedged, rule
    result.explanation_en, result.explanation_zh = en, zh
    return result
