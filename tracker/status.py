"""Every target's status on an as-of date, with the working shown.

The rule (docs/status-rule.md says the same for people, with a worked example per status):

1. Evidence: the figures that are like for like with the target (`Registry.figures_for`: same
   place, same actor, the whole place) whose source was published by the as-of date. A figure
   dates from its period's end, or from its source's publication when the text gives no period.
2. A figure passes, fails or straddles the target. Each comparator makes an interval: a
   reported 约6800 (`~`) is 6800 ± 5 %; 超过6800 (`>`) is anything above 6800, so a floor proves
   only its own number. A plain target number (`=`) means "at least" for a level and "no worse
   than" for a rank.
3. Statuses:
   - achieved: a figure dated by the deadline passes (for "at least" level targets reaching it
     early counts; rates, ranks and "about" targets are judged only at the deadline).
   - missed / inconclusive: the deadline has passed and the figure covering its period fails /
     straddles the target.
   - awaiting data: the deadline has passed and no figure covers its period yet.
   - on track / behind: before the deadline, the growth needed from the latest figure against the
     growth seen (from an earlier figure, a dated baseline, or the figure's own reported growth);
     for a rate or a rank, the latest one against the target.
   - too early to tell (`no_trend`): figures, but no pace to judge: one figure and no baseline,
     no deadline, or a rate straddling the target.
   - no data: no figure counts yet, before the deadline (or with none stated).
   `hedged` (shown as *) marks only a result that the figures' own wording could turn.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import asdict, dataclass, field
from typing import Optional

from .formatting import GROWTH_SCALE, number_text, scale_for, signed
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
    "achieved": ("截止前已有数据达到目标：按其措辞（约、超等）可能的每个数值都达到目标",
                 "a figure reported by the deadline meets the target with every value its wording allows"),
    "on_track": ("截止前：实际增速不低于实现目标所需增速（增速、排名类目标：最新数据已达到目标）",
                 "before the deadline: growth seen at or above the pace the target needs (a rate or rank: "
                 "the latest already meets it)"),
    "behind": ("截止前：实际增速低于实现目标所需增速（增速、排名类目标：最新数据未达到目标）",
               "before the deadline: growth seen below the pace the target needs (a rate or rank: the latest "
               "falls short)"),
    "no_trend": ("已有数据，但尚无可比的前期数据或基线、或未设期限，无法判断进度",
                 "figures reported, but no earlier comparable figure or dated baseline to see a trend, "
                 "or no deadline to pace against"),
    "missed": ("截止后：覆盖截止期的数据未达到目标", "after the deadline: the figure for its period falls short"),
    "inconclusive": ("截止后：数据措辞（约、超等）无法确定是否达到目标",
                     "after the deadline: the figure's own hedge (约, 超) leaves open whether the target was met"),
    "awaiting_data": ("截止日期已过，尚无该期数据", "the deadline has passed and no figure for its period is out yet"),
    "no_data": ("尚无计入该目标的数据", "no figure that counts against the target yet"),
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
    trend_from: Optional[str] = None  # the growth seen runs from this figure, "baseline" or "reported growth"
    trend_from_base: Optional[float] = None
    trend_from_date: Optional[dt.date] = None
    trend_from_comparator: Optional[str] = None
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
        result.latest_comparator = latest.comparator
        # Progress as a share of the target; for a rank, lower is better.
        if target.measure == "rank" and latest.value > 0:
            result.progress = target_base / latest.value
        elif target_base > 0:
            result.progress = latest.value / target_base
        if target.measure == "level":
            _growth_working(result, target, evidence, latest, figures, deadline, as_of)

    early_counts = target.measure == "level" and target.comparator in (">", ">=", "=")
    deadline_passed = deadline is not None and as_of > deadline
    # The figure that speaks for the deadline: one whose period reaches the deadline's period.
    covering = None
    if deadline is not None:
        period_start = _deadline_period_start(target, deadline)
        covering = next((e for e in reversed(by_deadline) if e.date >= period_start), None)

    wanted_en, wanted_zh = _target_text(target, "en"), _target_text(target, "zh")
    # A pass means the figure's whole interval meets the target: a floor (超过X) passes only
    # when X itself does, an "about" figure only when all of ±5 % does.
    passes = [e for e in by_deadline if e.verdict == "pass"]
    if passes and (early_counts or (covering is not None and covering.verdict == "pass")):
        hit = passes[-1] if not early_counts else passes[0]
        return _done(result, "achieved", False, "met",
                     f"reported {_figure_text(hit, target, 'en')} meets the target {wanted_en}",
                     f"已报告 {_figure_text(hit, target, 'zh')}，达到目标 {wanted_zh}")

    if deadline_passed:
        if covering is None:
            return _done(result, "awaiting_data", False, "deadline passed, no figure for its period",
                         f"deadline {deadline} passed; no figure for that period yet",
                         f"截止日期 {deadline} 已过，尚无该期数据")
        if covering.verdict == "hedged":
            return _done(result, "inconclusive", True, "figure straddles the target",
                         f"by {deadline}: reported {_figure_text(covering, target, 'en')} against {wanted_en}: "
                         "the figure's own wording leaves open whether the target was met",
                         f"截至 {deadline}：报告值 {_figure_text(covering, target, 'zh')}，目标 {wanted_zh}：措辞无法确定是否达成")
        return _done(result, "missed", False, "deadline passed, figure short",
                     f"by {deadline}: {_figure_text(covering, target, 'en')} against {wanted_en}",
                     f"截至 {deadline}：{_figure_text(covering, target, 'zh')}，目标 {wanted_zh}")

    if latest is None:
        return _done(result, "no_data", False, "no figure yet", "no figure reported yet", "尚无报告数据")

    latest_en, latest_zh = _figure_text(latest, target, 'en'), _figure_text(latest, target, 'zh')
    if target.measure != "level":
        # A rate or a rank is its own pace: the latest one against the target says where things
        # stand. One that straddles the target ("at least 10 %" against 20 %) tells nothing yet.
        if latest.verdict == "hedged":
            return _done(result, "no_trend", True, f"latest {target.measure} straddles the target",
                         f"latest {latest_en} against {wanted_en}: could be either side",
                         f"最新 {latest_zh}，目标 {wanted_zh}：无法判断高低")
        status = "on_track" if latest.verdict == "pass" else "behind"
        return _done(result, status, False, f"latest {target.measure} against target",
                     f"latest {latest_en} against {wanted_en}", f"最新 {latest_zh}，目标 {wanted_zh}")

    needs, seen = _pct(result.required_rate), _pct(result.actual_rate)
    if deadline is None:
        return _done(result, "no_trend", False, "no deadline to pace against",
                     f"latest {latest_en} of {wanted_en}; no deadline stated, so no pace to judge against",
                     f"最新 {latest_zh}，目标 {wanted_zh}；未说明期限，无法判断进度")
    if result.actual_rate is None:
        return _done(result, "no_trend", latest.verdict == "hedged", "no trend yet",
                     f"latest {latest_en} of {wanted_en}; needs {needs}/yr, but no earlier figure or dated "
                     "baseline to see a trend",
                     f"最新 {latest_zh}，目标 {wanted_zh}；需年增 {needs}，尚无早期数据或基线可看趋势")
    if result.required_rate is None:  # the target is not a positive level
        return _done(result, "no_trend", False, "no pace computable",
                     f"latest {latest_en} of {wanted_en}", f"最新 {latest_zh}，目标 {wanted_zh}")
    on_track = result.actual_rate >= result.required_rate
    # The pace is proven only if it holds for every value the figures' wording allows: the
    # latest figure at its least and the earlier one at its most (or, for "behind", the reverse).
    hedged = _pace_could_flip(result, latest, deadline, on_track)
    if on_track:
        return _done(result, "on_track", hedged, "growth at or above the pace needed",
                     f"needs {needs}/yr, seen {seen}/yr", f"需年增 {needs}，实际年增 {seen}")
    return _done(result, "behind", hedged, "growth below the pace needed",
                 f"needs {needs}/yr, seen {seen}/yr", f"需年增 {needs}，实际年增 {seen}")


def _bounds(value: float, comparator: str) -> tuple[float, float]:
    interval = reported_interval(comparator, value)
    return max(interval.low, 0.0), interval.high


def _pace_could_flip(result: StatusResult, latest: Evidence, deadline: dt.date, on_track: bool) -> bool:
    latest_low, latest_high = _bounds(latest.value, latest.comparator)
    years_left = max(_years(latest.date, deadline), 1 / 12)
    if result.trend_from_base is not None:
        start_low, start_high = _bounds(result.trend_from_base, result.trend_from_comparator or "=")
        years_seen = _years(result.trend_from_date, latest.date)
    end, start = (latest_low, None) if on_track else (latest_high, None)
    if result.trend_from_base is not None:
        start = start_high if on_track else start_low
    if not all(math.isfinite(v) and v > 0 for v in (end, start if start is not None else 1.0)):
        return True  # a floor with no ceiling (or a zero) leaves the pace open
    seen = _rate(start, end, years_seen) if start is not None else result.actual_rate
    needed = _rate(end, result.target_base, years_left)
    if seen is None or needed is None:
        return True
    return (seen < needed) if on_track else (seen >= needed)


def _growth_working(result: StatusResult, target: Target, evidence: list[Evidence], latest: Evidence,
                    figures: list[Figure], deadline: Optional[dt.date], as_of: dt.date) -> None:
    """Growth seen (from an earlier figure, else a dated baseline, else the latest figure's own
    reported growth in %) and growth needed (before the deadline: from the latest figure to the
    target; after it: what the series' start needed to reach the target by the deadline)."""
    earlier = [e for e in evidence if e.date < latest.date and _years(e.date, latest.date) >= 0.25]
    start: Optional[tuple[float, dt.date, str]] = None
    if earlier:
        start = (earlier[0].value, earlier[0].date, earlier[0].comparator)
        result.trend_from = earlier[0].figure_id
    elif (result.baseline_base is not None and result.baseline_date is not None
          and _years(result.baseline_date, latest.date) >= 0.25):
        start = (result.baseline_base, result.baseline_date, "=")
        result.trend_from = "baseline"
    if start is not None:
        result.actual_rate = _rate(start[0], latest.value, _years(start[1], latest.date))
        result.trend_from_base, result.trend_from_date, result.trend_from_comparator = start
    else:
        figure = next((f for f in figures if f.id == latest.figure_id), None)
        growth = figure.growth if figure is not None else None
        if (growth is not None and growth.basis in ("yoy", "cagr") and growth.comparator == "="
                and parse_unit(growth.unit).dimension == "percent"):
            result.actual_rate = growth.value / 100
            result.trend_from, result.trend_from_comparator = "reported growth", "="
    if deadline is None or result.target_base <= 0:
        return
    if as_of <= deadline:
        result.required_rate = _rate(latest.value, result.target_base, max(_years(latest.date, deadline), 1 / 12))
    elif start is not None and start[1] < deadline:
        result.required_rate = _rate(start[0], result.target_base, _years(start[1], deadline))


def _deadline_period_start(target: Target, deadline: dt.date) -> dt.date:
    """The earliest figure date that speaks for the deadline: its month for a month
    deadline, otherwise the deadline itself (a full-year figure is dated 31 December)."""
    if target.deadline.precision == "month":
        return deadline.replace(day=1)
    return deadline


def _show(value: float, target: Target, lang: str = "zh") -> str:
    if target.measure == "level":  # in the target's stated unit, 12颗 rather than 0.012千颗
        return scale_for(target.unit, [value], lang).text(value)
    if target.measure == "growth":
        return GROWTH_SCALE[lang].text(value)
    return f"#{number_text(value)}"  # read the same in both explanations


def _target_text(target: Target, lang: str) -> str:
    if target.measure == "level":
        return signed(target.comparator, _show(to_base(target.value, target.unit), target, lang))
    if target.measure == "rank":
        return signed(target.comparator, f"#{target.value:g}")
    return signed(target.comparator, f"{target.value:g} %")


def _figure_text(evidence: Evidence, target: Target, lang: str) -> str:
    return signed(evidence.comparator, _show(evidence.value, target, lang))


def _done(result: StatusResult, status: str, hedged: bool, rule: str, en: str, zh: str) -> StatusResult:
    result.status, result.hedged, result.rule = status, hedged, rule
    result.explanation_en, result.explanation_zh = en, zh
    return result
