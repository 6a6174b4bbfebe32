"""What the whole document says once: places, actors, metric aliases, AI cues, times per paragraph."""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field

from ..places import tier
from .catalogue import Catalogue, ai_cues
from .issuer import Issuer, find_issuer
from .segment import Document
from .times import TimeExpr, find_times
from .words import (
    NATIONAL_SUBJECT_BEFORE, PLACE_LEVELS, RANK_FIELD_AFTER, RANK_FIELD_BEFORE, RANK_SCOPE_AFTER,
    RELATIVE, RELATIVE_PLACES)


@dataclass
class Context:
    document: Document
    catalogue: Catalogue
    source: str | None
    main_place: str | None
    place_hits: dict[int, list[tuple[int, int, str]]]
    actor_hits: dict[int, list[tuple[int, int, str]]]
    alias_hits: dict[int, list[tuple[int, int, str]]]
    ai_hits: dict[int, list[tuple[int, int]]]
    times: dict[int, list[TimeExpr]]
    last_place_before: dict[int, str | None]
    issuer: Issuer | None = None
    frames: dict[int, TimeExpr] = field(default_factory=dict)  # paragraph -> the deadline framing it


def find_hits(pattern: re.Pattern, text: str, fold: bool = False) -> list[tuple[int, int, str]]:
    out = []
    for match in pattern.finditer(text):
        key = match.group().casefold() if fold else match.group()
        out.append((match.start(), match.end(), key))
    return out


def build_context(document: Document, catalogue: Catalogue, source: str | None) -> Context:
    place_hits, actor_hits, alias_hits, ai_hits, times = {}, {}, {}, {}, {}
    counts: Counter = Counter()
    last_place_before: dict[int, str | None] = {}
    last: str | None = None
    last_by_level: dict[str, str] = {}
    issuer = find_issuer(document, catalogue)
    document.issuer = issuer
    speaker = [issuer.place, *catalogue.ancestors(issuer.place)] if issuer else []
    named = place_hits_of(document, catalogue, issuer)
    most_named = most_named_by_level(named, catalogue)
    for paragraph in document.paragraphs:
        s = paragraph.norm
        last_place_before[paragraph.index] = last
        actors = [(a, b, catalogue.actor_names[n]) for a, b, n in find_hits(catalogue.actor_pattern, s, fold=True)]
        # an alias inside an actor's name (数据集 in 杭州市数据集团) names no metric
        aliases = catalogue.metric_hits(s)
        if actors:
            aliases = [h for h in aliases if not any(a <= h[0] and h[1] <= b for a, b, _ in actors)]
        cues = [m.span() for m in ai_cues(s)]
        cue_starts = sorted([a for a, _ in cues] + [h[0] for h in aliases])
        hits = []
        for start, end, name, place in named[paragraph.index]:
            if RANK_SCOPE_AFTER.match(s, end) or re.search(r"(?:居|位列|位居|排名|排在)$", s[max(0, start - 3):start]):
                continue
            if RANK_FIELD_BEFORE.search(s, max(0, start - 1), start) and RANK_FIELD_AFTER.match(s, end):
                continue  # 在全市十一个区中居首位: the rank's field
            if place != RELATIVE and catalogue.places[place].level == "country":
                # 全国/我国 is the claim's place only as the subject of what is measured
                # (全国智算规模, 我国人工智能企业), not in 全国技术领先 or 全国示范
                nearest = cue_starts[bisect.bisect_left(cue_starts, end):][:1]
                if not nearest or nearest[0] - end > 6:
                    continue
                if not NATIONAL_SUBJECT_BEFORE.search(s[paragraph.clause_at(start)[0]:start]):
                    continue  # 打造全国一流的人工智能高地: 全国 qualifies, the claim is the issuer's
            if place == RELATIVE:
                place = relative_place(name, speaker, last_by_level, most_named, catalogue)
                if place is None:
                    continue
            else:
                counts[place] += 1
                level = catalogue.places[place].level
                last_by_level[level] = place
            hits.append((start, end, place))
            last = place
        place_hits[paragraph.index] = hits
        actor_hits[paragraph.index] = actors
        alias_hits[paragraph.index] = aliases
        ai = list(cues)
        ai.extend((a, b) for a, b, alias in alias_hits[paragraph.index] if alias in catalogue.ai_aliases)
        ai_hits[paragraph.index] = sorted(ai)
        times[paragraph.index] = find_times(paragraph, document.year)
    # the main place: the most named one below the country, else the most named at all
    ranked = [p for p, _ in counts.most_common() if catalogue.places[p].level != "country"] or [p for p, _ in counts.most_common()]
    return Context(document, catalogue, source, ranked[0] if ranked else None, place_hits, actor_hits,
                   alias_hits, ai_hits, times, last_place_before, issuer, deadline_frames(document, times))


# How many paragraphs a framing deadline (到2025年，主要目标是：) governs at most.
FRAME_PARAGRAPHS = 8


def deadline_frames(document: Document, times: dict[int, list[TimeExpr]]) -> dict[int, TimeExpr]:
    """A heading or a line that opens with a deadline and states no number of its own (到2025年，
    全省人工智能发展的主要目标是：) frames the paragraphs after it, until one opens with a time of
    its own or FRAME_PARAGRAPHS have passed."""
    frames: dict[int, TimeExpr] = {}
    frame, left = None, 0
    for paragraph in document.paragraphs:
        own = times[paragraph.index]
        carried = continued_deadline(document, times, frames, paragraph)
        if carried is not None:
            frames[paragraph.index] = carried
        opening = own[0] if own and own[0].start <= 4 else None
        if opening is not None:
            rest = paragraph.norm[:opening.start] + paragraph.norm[opening.end:]
            frames_next = opening.kind == "deadline" and (paragraph.heading or paragraph.norm.endswith(":")
                                                          or not re.search(r"\d", rest))
            frame, left = (opening, FRAME_PARAGRAPHS) if frames_next else (None, 0)
            continue
        if frame is not None and left > 0:
            frames.setdefault(paragraph.index, frame)
            left -= 1
    return frames


def continued_deadline(document: Document, times: dict[int, list[TimeExpr]], frames: dict[int, TimeExpr],
                       paragraph) -> TimeExpr | None:
    """A window of a long paragraph cut mid-sentence (segment.windows) goes on under the deadline
    of the sentence it continues (到2027年，A，B … C: C's window is still under 2027)."""
    if not paragraph.continues or paragraph.index == 0:
        return None
    before = document.paragraphs[paragraph.index - 1]
    last_sentence = before.sentences[-1][0] if before.sentences else 0
    in_sentence = [t for t in times[before.index] if t.start >= last_sentence]
    deadlines = [t for t in in_sentence if t.kind == "deadline"]
    if deadlines:
        return deadlines[-1]
    return frames.get(before.index) if not in_sentence else None


def relative_place(word: str, speaker: list[str], last_by_level: dict[str, str], most_named: dict[str, str],
                   catalogue: Catalogue) -> str | None:
    """What 全省, 我市, 本区 … stand for: the issuer (or the place above it) of that level; else
    the nearest place of that level named before; for 全省 and the like, else the one the
    text names most; else nothing."""
    levels = PLACE_LEVELS[RELATIVE_PLACES[word]]
    own = next((p for p in speaker if catalogue.places[p].level in levels), None)
    if own:
        return own
    earlier = next((last_by_level[level] for level in levels if level in last_by_level), None)
    if earlier or word[0] in "我本":
        return earlier
    return next((most_named[level] for level in levels if level in most_named), None)


def place_hits_of(document: Document, catalogue: Catalogue,
                  issuer: Issuer | None = None) -> dict[int, list[tuple[int, int, str, str]]]:
    """paragraph index → (start, end, name, place id or RELATIVE) of each place named. A
    scoped name (shared by several places, or a county's short form) stands for the one of its
    places that has a place above it named plainly somewhere in the text; else for none."""
    found = {p.index: catalogue.place_trie.hits(p.norm) for p in document.paragraphs}
    plain = {catalogue.place_names[name][0] for hits in found.values() for _, _, name in hits
             if name not in catalogue.scoped_place_names and catalogue.place_names[name][0] != RELATIVE}
    resolved = {}
    for index, hits in found.items():
        resolved[index] = []
        for start, end, name in hits:
            places = catalogue.place_names[name]
            if name in catalogue.scoped_place_names:  # its parent must be named plainly (萧山 needs 杭州)
                places = [p for p in places if catalogue.places[p].parent in plain]
            if len(places) == 1:
                resolved[index].append((start, end, name, places[0]))
    # A place outside the issuer's province (else the province the text is mostly about) is
    # taken as mentioned, not as the place of its claims (东数西算 names 内蒙古 and 甘肃 in a
    # Zhejiang text). A national text's claims may be any province's.
    if issuer is not None and issuer.place == "china":
        return resolved
    counts = Counter(h[3] for hits in resolved.values() for h in hits if h[3] != RELATIVE)
    ranked = [p for p, _ in counts.most_common() if tier(catalogue.places[p].level) != "country"]
    if issuer is not None:
        ranked = [issuer.place]
    if ranked:
        chain = [ranked[0], *catalogue.ancestors(ranked[0])]
        home = next((p for p in chain if tier(catalogue.places[p].level) == "province"), ranked[0])
        keep = lambda place: place == RELATIVE or tier(catalogue.places[place].level) == "country" or \
            home in (place, *catalogue.ancestors(place))  # noqa: E731
        resolved = {index: [h for h in hits if keep(h[3])] for index, hits in resolved.items()}
    return resolved


def most_named_by_level(named: dict[int, list[tuple[int, int, str, str]]], catalogue: Catalogue) -> dict[str, str]:
    """level → the place of that level the text names most (what 全省 means in a text that
    never names its province before it says 全省)."""
    counts: dict[str, Counter] = {}
    for hits in named.values():
        for _, _, _, place in hits:
            if place != RELATIVE:
                counts.setdefault(catalogue.places[place].level, Counter())[place] += 1
    return {level: counter.most_common(1)[0][0] for level, counter in counts.items()}
