"""Target or figure: the kind cues around a number and the time that governs it."""

from __future__ import annotations

import bisect
import functools
import re

from ..units import parse_unit
from .context import Context
from .mentions import Mention, valid_unit
from .segment import Paragraph
from .times import TimeExpr
from .words import (
    CONTINUES, FIGURE_CUES, NEGATED_TARGET, NOUN_PLAN, NOW_WORDS, OBJECT_MARKER, PLAN_SECTION, PLAN_VERBS, POLICY_PARAMETER,
    QUOTED_NAMES, TARGET_CUES)

# How far back through a sentence a number looks for its kind cue (力争, 已 …): a plan's list
# of items runs to a few dozen clauses; without a bound a 1,000-item sentence was quadratic.
_MAX_CLAUSES_BACK = 60

_FRAME_WORDS = re.compile(r"力争|目标|计划|规划")
_DIGIT = re.compile(r"\d")


def frame_ends_by(paragraph: Paragraph) -> float:
    """Where the paragraph's first sentence that sets a plan's frame (力争, 目标 …) ends, or
    infinity: found once, not for each number again (a long window's every number asked)."""
    if "_frame_end" not in paragraph.__dict__:
        s = paragraph.norm
        paragraph.__dict__["_frame_end"] = next((end for start, end in paragraph.sentences
                                                 if _FRAME_WORDS.search(s[start:end])), float("inf"))
    return paragraph.__dict__["_frame_end"]


@functools.lru_cache(maxsize=8192)
def region_cues(region: str) -> tuple[int, tuple, tuple, bool]:
    """The kind cues of one stretch of text: (programme nouns, target cues with their weights,
    figure cues with theirs, whether it says 争取到). A clause is read once however many numbers
    after it look back at it: a list of 1,000 items was quadratic in this."""
    region = QUOTED_NAMES.sub("", region)
    cleaned = NEGATED_TARGET.sub("", region)
    cleaned = re.sub(r"(?:成功|已|已经)?争取(?:到|了)(?!\d)", "", cleaned)
    cleaned = OBJECT_MARKER.sub("", cleaned)
    plans = len(NOUN_PLAN.findall(cleaned))
    cleaned = NOUN_PLAN.sub("", cleaned)
    return (plans, tuple((cue, w) for cue, w in TARGET_CUES if cue in cleaned),
            tuple((cue, w) for cue, w in FIGURE_CUES if cue in region),
            bool(re.search(r"(?:成功|已|已经)争取(?:到|了)(?!\d)", region)))


def classify_kind(context: Context, paragraph: Paragraph, mention: Mention,
                  times: list[TimeExpr]) -> tuple[str, list[str], TimeExpr | None, float]:
    """Target or figure. An aspect word governs the predicate after it until the next clause,
    so cues weigh most in the number's own clause and less the further back they stand."""
    s = paragraph.norm
    sentence = paragraph.sentence_at(mention.number_start)
    clause_starts = paragraph.clause_starts()
    here = bisect.bisect_right(clause_starts, mention.number_start) - 1
    time, weight, cumulative_target = governing_time(context, paragraph, mention, times, here)
    target, figure = 0.0, 0.0
    target_cues: list[str] = []
    figure_cues: list[str] = []

    def score(region: str, weight: float) -> None:
        nonlocal target, figure
        if cumulative_target:  # 到2027年，累计建成…: a cumulative target, not a report
            region = region.replace("累计", "··")
        plans, found_target, found_figure, obtained = region_cues(region)
        target += 0.5 * weight * plans  # a programme: half a plan cue
        for cue, w in found_target:
            target += w * weight
            if cue not in target_cues and w * weight >= 0.5:
                target_cues.append(cue)
        for cue, w in found_figure:
            figure += w * weight
            if cue not in figure_cues and w * weight >= 0.5:
                figure_cues.append(cue)
        if obtained:
            figure += weight
            figure_cues.append("争取到 (obtained)")

    # back through the sentence clause by clause: weak cues add up with distance; the nearest
    # clause with a real cue (力争, 已, 将 …) governs a list of items after it, and ends the walk
    for index in range(here, max(-1, here - _MAX_CLAUSES_BACK), -1):
        start, end = paragraph.clauses[index]
        if end <= sentence[0]:
            break
        start = max(start, sentence[0])
        distance = here - index
        before_t, before_f = target, figure
        score(s[start:min(end, mention.start)], 1.0 if distance == 0 else 0.8)
        if max(target - before_t, figure - before_f) >= 0.8:
            break
        # only weak cues here: keep them, but let them count less with distance
        fade = {0: 1.0, 1: 0.5, 2: 0.3}.get(distance, 0.15) / (1.0 if distance == 0 else 0.8)
        target = before_t + (target - before_t) * fade
        figure = before_f + (figure - before_f) * fade
    score(s[mention.end:paragraph.clauses[here][1]], 0.6)
    # the sentences before, within the paragraph, may set a plan's frame (到2027年，… 其中 …)
    target += 0.4 if frame_ends_by(paragraph) <= sentence[0] else 0.0
    # a section headed 目标, 任务, 举措 … (一、总体目标; 二、重点任务) lists what is to be done;
    # so does a paragraph opened by such a title: （一）夯实算力底座。
    title = context.document.section_titles[paragraph.section] if not paragraph.heading else ""
    if PLAN_SECTION.search(title):
        target += 0.8
        target_cues.append(PLAN_SECTION.search(title).group())
    doc_year = context.document.year
    if time is not None:
        if time.kind == "deadline":
            target += weight
            target_cues.insert(0, time.text)
        elif time.kind == "period":
            figure += weight
            figure_cues.insert(0, time.cue)
        elif time.year and doc_year and time.year < doc_year:
            figure += weight
            figure_cues.insert(0, f"past year {time.year}")
    kind = "targets" if target >= 0.8 and target > figure else "figures"
    # 2025年，全省加快建设…，已建成…: a plan verb in a sentence that reports what was done
    reported = time is not None and (time.kind == "period" or (time.kind == "either" and time.year and doc_year
                                                               and time.year <= doc_year))
    if kind == "targets" and reported and figure >= 0.5 and target_cues and set(target_cues) <= PLAN_VERBS:
        kind = "figures"
    if kind == "targets" and _policy_parameter(paragraph, mention, time, sentence):
        kind = "figures"
        figure_cues.insert(0, "policy parameter (补贴/奖励/券 …)")
        time = None
    if kind == "targets" and time is not None and time.kind == "period":
        time = None
    if kind == "figures" and time is not None and time.kind == "deadline":
        time = None
    cues = target_cues if kind == "targets" else figure_cues
    return kind, cues, time, abs(target - figure)


def _policy_parameter(paragraph: Paragraph, mention: Mention, time: TimeExpr | None, sentence: tuple[int, int]) -> bool:
    """An amount a policy grants (给予…奖励100万元, 每年发放不超过2000万元), with no deadline in its
    own sentence (one carried from a 发展目标 paragraph before it does not count)."""
    if time is not None and time.kind == "deadline" and time.start >= sentence[0]:
        return False
    if mention.role != "level" or not mention.unit or not valid_unit(mention.unit) \
            or parse_unit(mention.unit).dimension != "money":
        return False
    return bool(POLICY_PARAMETER.search(paragraph.norm, sentence[0], mention.start))


def governing_time(context: Context, paragraph: Paragraph, mention: Mention, times: list[TimeExpr],
                   here: int) -> tuple[TimeExpr | None, float, bool]:
    """(the time that governs the number, its weight as a kind cue, whether 累计 follows a
    deadline). In order: a time before it in its sentence (a deadline there governs; a later
    今年/2025年 only repeats the year; 累计 after it makes the target cumulative, and does not
    undo it; 目前 after a year brings the sentence to the present), one after it in its clause,
    a deadline opening an earlier sentence of the paragraph, a deadline framing the paragraphs
    after it (到2025年，主要目标是：). A bare 累计 yields to a dated period or a carried deadline."""
    s = paragraph.norm
    sentence = paragraph.sentence_at(mention.number_start)
    starts = _time_starts(paragraph, times)
    before = [t for t in times[bisect.bisect_left(starts, sentence[0]):bisect.bisect_right(starts, mention.start)]
              if t.end <= mention.start]
    inside = times[bisect.bisect_left(starts, mention.end):bisect.bisect_left(starts, paragraph.clauses[here][1])]
    dated = [t for t in before if t.cue not in NOW_WORDS]
    if before and dated and before[-1].cue in NOW_WORDS and before[-1].start > dated[-1].end:
        return before[-1], 1.0, False  # 2025年，…；目前全市…: now, not 2025
    if dated:
        time = dated[-1]
        deadlines = [t for t in dated if t.kind == "deadline"]
        if deadlines and (time.kind == "either" or _bare_cumulative(time)):
            return deadlines[-1], 2.0, _bare_cumulative(time)
        if _bare_cumulative(time):
            names = [m.span() for m in QUOTED_NAMES.finditer(s, sentence[0], mention.start)]  # 《2025年…方案》
            periods = [t for t in dated if not _bare_cumulative(t) and t.period
                       and not any(a <= t.start < b for a, b in names)]
            if periods:  # 截至2025年底，累计…: the total as of that date
                return periods[-1], 2.0, False
            carried = _carried_deadline(context, paragraph, times, sentence)
            if carried is not None:  # 到2027年，主要目标如下：…累计培育…: a cumulative target
                return carried, 1.5, True
        return time, 2.0, False
    if before:
        return before[-1], 1.0, False
    if inside:
        return inside[0], 1.5, False
    carried = _carried_deadline(context, paragraph, times, sentence)
    return (carried, 1.0, False) if carried is not None else (None, 0.0, False)


def _time_starts(paragraph: Paragraph, times: list[TimeExpr]) -> list[int]:
    """The starts of the paragraph's times (in order of their starts, as find_times gives them),
    kept while they are the same list: each of a long window's numbers asks."""
    memo = paragraph.__dict__.get("_time_starts")
    if memo is None or memo[0] is not times or len(memo[1]) != len(times):
        memo = paragraph.__dict__["_time_starts"] = (times, [t.start for t in times])
    return memo[1]


def _bare_cumulative(time: TimeExpr) -> bool:
    return time.cue == "累计" and not (time.period and (time.period["start"] or time.period["end"]))


def _carried_deadline(context: Context, paragraph: Paragraph, times: list[TimeExpr],
                      sentence: tuple[int, int]) -> TimeExpr | None:
    """A deadline from an earlier sentence of the paragraph (after 其中/同时 …, or one that
    opened its sentence, for a few sentences), else the deadline framing the paragraph."""
    s = paragraph.norm
    previous = [t for t in times if t.end <= sentence[0] and not _bare_cumulative(t)]
    if previous and previous[-1].kind == "deadline":
        sentence_starts = [a for a, _ in paragraph.sentences]
        back = bisect.bisect_right(sentence_starts, sentence[0]) - bisect.bisect_right(sentence_starts, previous[-1].start)
        opened = opens_its_sentence(paragraph, previous[-1])
        if (back <= 2 and CONTINUES.match(s, sentence[0])) or (opened and back <= _FRAME_SENTENCES):
            return previous[-1]
    if not previous:
        return context.frames.get(paragraph.index)
    return None


# A deadline that opens a sentence (到2027年，…) frames the few sentences after it.
_FRAME_SENTENCES = 3


def opens_its_sentence(paragraph: Paragraph, time: TimeExpr) -> bool:
    """到2027年，… / 力争到2027年，…: the deadline stands at the start of its sentence."""
    sentence = paragraph.sentence_at(time.start)
    lead = paragraph.norm[sentence[0]:time.start]
    return len(lead) <= 4 and not _DIGIT.search(lead)
