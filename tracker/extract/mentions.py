"""A number mention and what is read around it: its unit, magnitude and comparator cues."""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field

from ..units import _WORDS as UNIT_WORDS  # the base words parse_unit knows, lower case
from ..units import MAGNITUDES, UnitError, parse_unit
from .gates import GATES
from .segment import Paragraph
from .words import ASCII_LETTER, DATE_UNITS, MAGNITUDE_ORDER, NOT_A_UNIT, POST_CUES, PRE_CUES


@dataclass
class Mention:
    paragraph: Paragraph
    start: int                 # the whole expression (cue, number, unit, post cue) in norm
    end: int
    number_start: int
    number_end: int
    value: float
    unit: str | None           # as stated; None when only a magnitude was given
    magnitude: str = ""
    role: str = "level"        # level | growth | rank
    comparator: str = "="
    comparator_text: str | None = None
    chinese: bool = False
    inferred_unit: bool = False
    range_high: float | None = None
    growth_basis: str = "yoy"
    big_n: bool = False        # 五大平台: the measure word was left out
    growth_text_start: int | None = None
    growth: Mention | None = None  # the growth rate this level carries (同比增长20%)
    rank: Mention | None = None    # the rank this level carries (居全省第二位)
    rank_scope: str | None = None
    rank_text: str | None = None
    notes: list[str] = field(default_factory=list)
    # what became of it, for --explain: the gate that dropped it, the claims it became, or the
    # level it qualifies (a growth rate or rank joined to the level before it)
    gate: str | None = None
    candidates: list = field(default_factory=list)
    qualifies: Mention | None = None

    def drop(self, gate_id: str) -> None:
        """Note the gate that drops this number (returns None: `return mention.drop("not_ai")`)."""
        if gate_id not in GATES:
            raise KeyError(f"unknown gate {gate_id!r}")
        self.gate = gate_id

_SPACE = re.compile(r"\s")
_UNIT_START = re.compile(r"[A-Za-z\u4e00-\u9fff%]")
_NAME_CHARACTER = re.compile(r"[A-Za-z0-9.\-]")


@functools.lru_cache(maxsize=65536)  # each number tries up to 8 words: an unknown one raised anew each time
def valid_unit(unit: str) -> bool:
    if not _SPACE.search(unit) and not could_be_unit(unit):
        return False  # most words tried are none: tell so without raising parse_unit's error
    try:
        parse_unit(unit)
        return True
    except UnitError:
        return False


# Every unit parse_unit can read (lower case): a base word, alone or after a magnitude. (The
# magnitudes are Chinese, caseless: lower-casing the whole unit lower-cases just its word.)
_KNOWN_UNITS = frozenset([*UNIT_WORDS, *(prefix + word for prefix in MAGNITUDES for word in UNIT_WORDS)])


def could_be_unit(unit: str) -> bool:
    """Whether parse_unit would find a base word in `unit` (one without white space): the word
    itself, or the word after a magnitude, among the units tracker.units knows."""
    return unit.lower() in _KNOWN_UNITS


def magnitude_at(s: str, k: int) -> str:
    for magnitude in MAGNITUDE_ORDER:
        if s.startswith(magnitude, k):
            return magnitude
    return ""


def unit_at(s: str, k: int, magnitude: str) -> str | None:
    """The longest unit word at s[k:] that, after the magnitude, tracker.units knows."""
    if k >= len(s) or not _UNIT_START.match(s, k):
        return None  # every word tried starts with s[k]
    for length in range(min(8, len(s) - k), 0, -1):
        word = s[k:k + length]
        if (magnitude + word).lower() not in _KNOWN_UNITS and not _SPACE.search(word):
            continue  # valid_unit would say no (the checks below only ever say no too)
        if word in DATE_UNITS or word.lower() in ("e", "b"):
            continue
        if ASCII_LETTER.match(word[-1]) and k + length < len(s) and ASCII_LETTER.match(s[k + length]):
            continue  # part of a longer Latin word: 5G, 3D, 10Pa
        if length == 1 and s[k:k + 2] in NOT_A_UNIT and not s.startswith("个人工智能", k):
            continue
        if valid_unit(magnitude + word):
            # 家企业, 个场景: the measure word is 家, 个; what it counts is no part of the unit
            if len(word) > 2 and valid_unit(word[0]) and parse_unit(word).dimension == "count" \
                    and parse_unit(word[0]).dimension == "count":
                return word[0]
            return word
    return None


class Spans(list):
    """Spans (start, end) sorted by start, for within_spans to look up rather than scan: a long
    paragraph's every number asks whether a date or code holds it."""

    def __init__(self, spans) -> None:
        super().__init__(sorted(spans))
        self.starts = [a for a, _ in self]
        self.longest = max((b - a for a, b in self), default=0)


def within_spans(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    if isinstance(spans, Spans):
        low = bisect.bisect_left(spans.starts, start - spans.longest)
        high = bisect.bisect_right(spans.starts, start)
        return any(end <= b for _, b in spans[low:high])
    return any(a <= start and end <= b for a, b in spans)


def identifier_around(s: str, start: int, end: int) -> bool:
    """A number inside a name such as Qwen2.5-Omni-7B, DeepSeek-V3, GPT-4, AIME25, G60."""
    k = start
    while k > 0 and _NAME_CHARACTER.match(s, k - 1):
        k -= 1
    if ASCII_LETTER.search(s[k:start]):
        return True
    return False


# The cues that may end where a number starts, as one pattern: of those that end there, the
# leftmost to match is the longest, the one PRE_CUES (longest first) names first.
_PRE_CUE = re.compile("(?:" + "|".join(re.escape(cue) for cue, _ in PRE_CUES) + r")\Z")
_PRE_CUE_LONGEST = max(len(cue) for cue, _ in PRE_CUES)
_PRE_COMPARATOR = dict(PRE_CUES)


def pre_cue(s: str, start: int) -> tuple[str, str] | None:
    found = _PRE_CUE.search(s, max(0, start - _PRE_CUE_LONGEST), start)
    return (found.group(), _PRE_COMPARATOR[found.group()]) if found else None


def post_cue(s: str, k: int) -> tuple[str, str] | None:
    for cue, comparator in POST_CUES:
        if s.startswith(cue, k):
            if cue == "内" and s.startswith(("内容", "内部", "内外", "内蒙", "内涵", "内生", "内在"), k):
                return None
            return cue, comparator
    return None


def finish_mention(paragraph: Paragraph, mention: Mention, k: int, approximate: bool) -> Mention:
    """Comparator cues before the number and after the unit."""
    s = paragraph.norm
    cue_start = mention.number_start
    pre = pre_cue(s, cue_start)
    if pre:
        mention.comparator, mention.comparator_text = pre[1], pre[0]
        mention.start = cue_start - len(pre[0])
    if approximate and mention.comparator in ("=", ">="):
        mention.comparator = ">"
    if s.startswith("级", k) and mention.unit:  # 万卡级集群: of that order, at least
        k += 1
        if mention.comparator == "=":
            mention.comparator = ">="
    post = post_cue(s, k)
    if post:
        k += len(post[0])
        if post[1] == "~" or mention.comparator == "=" or (post[1] == ">" and mention.comparator == ">="):
            mention.comparator = post[1]
        mention.comparator_text = (mention.comparator_text or "") + post[0]
    clause_start = paragraph.clause_at(mention.number_start)[0]
    before = s[clause_start:mention.start]
    if mention.comparator_text in ("达", "可达", "达到") and "最高" in before[-8:]:
        mention.comparator = "<="
    if "预计" in before and mention.comparator in ("=", ">="):
        mention.comparator = "~"
    mention.end = k
    return mention
