"""Attaching a number to its place, actor, metric, owner level and quote."""

from __future__ import annotations

import bisect
import copy
import re

from ..units import parse_unit
from .candidate import Candidate
from .context import Context
from .mentions import Mention
from .numbers import in_description, numbers_between
from .segment import Paragraph, in_run_on
from .words import HEAD_NOUN_AFTER, JOINERS, RANK_OF_INDEX, SHARED_BY, SHARES_ITS_METRIC, STRIVE

_SHARED_WORDS = re.compile(r"等地|均|都|分别")


def own_subject(context: Context, paragraph: Paragraph, mention: Mention) -> bool:
    """A rank or growth rate whose clause names its own metric (开放数林指数…位列全国前二,
    营收年均复合增长率20%) is a claim of its own, not a qualifier of the level before it."""
    clause = paragraph.clause_at(mention.number_start)
    if mention.role == "rank" and RANK_OF_INDEX.search(paragraph.norm, clause[0], mention.start):
        return True  # 算力指数居全国第二: the index's rank, whatever count came before
    return any(clause[0] <= start and end <= mention.start for start, end, _ in context.alias_hits[paragraph.index])


def shared_claims(context: Context, paragraph: Paragraph, mention: Mention, candidate: Candidate) -> list[Candidate]:
    """杭州、宁波、嘉兴、绍兴等地…均突破百亿元 (or 指数A和指数B均位列…): one claim for each."""
    s = paragraph.norm
    sentence = paragraph.sentence_at(mention.number_start)
    for key, hits in (("place", context.place_hits[paragraph.index]), ("metric", context.alias_hits[paragraph.index])):
        run: list[tuple[int, int, str]] = []
        for hit in (h for h in hits_in(hits, reach_start(paragraph, mention, sentence), mention.start)
                    if h[1] <= mention.start):
            if run and JOINERS.fullmatch(s[run[-1][1]:hit[0]] or "x"):
                run.append(hit)
            else:
                run = [hit]
        if len(run) < 2 or not SHARED_BY.match(s[run[-1][1]:mention.start]) or ";" in s[run[-1][1]:mention.start]:
            continue  # (南京市、苏州市…分别达到…；新培育…: the next item is no longer theirs)
        values = []
        for _, _, name in run:
            if key == "metric":
                metric_ids = [m for m in context.catalogue.metric_aliases[name] if m in context.catalogue.metrics]
                name = metric_ids[0] if metric_ids else None
            if name and name not in values:
                values.append(name)
        if len(values) < 2:
            continue
        if "分别" in s[run[-1][1]:mention.start]:  # 南京市、苏州市…分别达到20EFLOPS、15EFLOPS: in order
            respective = [m for m in numbers_between(paragraph, run[-1][1], paragraph.clause_at(mention.number_start)[1])
                          if m.role == "level"]
            if len(respective) == len(values) and mention in respective:
                values = [values[respective.index(mention)]]
                return [Candidate(candidate.kind, {**candidate.entry, key: values[0]}, candidate.confidence,
                                  candidate.reason + " (respectively)", candidate.value_base, candidate.start, candidate.end)]
        clones = []
        for value in values:
            clone = Candidate(candidate.kind, {**copy.deepcopy(candidate.entry), key: value}, candidate.confidence,
                              candidate.reason + f" (one of {len(values)} sharing it)", candidate.value_base,
                              candidate.start, candidate.end,
                              warnings=[w for w in candidate.warnings if not (key == "place" and w.startswith("place "))])
            clones.append(clone)
        return clones
    return [candidate]


def owner_level(paragraph: Paragraph, levels: list[Mention], mention: Mention) -> Mention | None:
    """The level a growth rate or rank qualifies: the nearest before it in the same sentence,
    at most two clauses back."""
    sentence = paragraph.sentence_at(mention.number_start)
    clause_starts = paragraph.clause_starts()
    here = bisect.bisect_right(clause_starts, mention.number_start)
    best = None
    for level in levels:
        if sentence[0] <= level.number_start < mention.number_start:
            if here - bisect.bisect_right(clause_starts, level.number_start) <= 2 and getattr(level, mention.role) is None:
                if mention.role == "growth" and level.unit and parse_unit(level.unit).dimension == "percent":
                    continue
                best = level
    return best


def strive_hits(paragraph: Paragraph) -> list[tuple[int, int]]:
    """Where the paragraph says 力争 (and the like), found once: searched again for each number
    from its sentence's start, a long sentence was quadratic."""
    if "_strive" not in paragraph.__dict__:
        paragraph.__dict__["_strive"] = [m.span() for m in STRIVE.finditer(paragraph.norm)]
    return paragraph.__dict__["_strive"]


def hit_within(hits: list[tuple[int, int]], low: int, high: int) -> bool:
    """Whether one of `hits` (in order of their starts) lies within [low, high]: looked up, not
    scanned, so a paragraph's thousand numbers do not each read its every hit."""
    index = bisect.bisect_left(hits, (low, -1))
    while index < len(hits) and hits[index][0] < high:
        if hits[index][1] <= high:
            return True
        index += 1
    return False


def ai_scope(context: Context, paragraph: Paragraph, mention: Mention) -> str | None:
    hits = context.ai_hits[paragraph.index]
    clause = paragraph.clause_at(mention.number_start)
    sentence = paragraph.sentence_at(mention.number_start)
    if hit_within(hits, *clause):
        return "clause"
    if mention.role == "rank" and rank_subject_names_ai(context, paragraph, mention, sentence):
        return "clause"
    if in_ai_list(context, paragraph, mention, sentence):
        return "list"
    if hit_within(hits, *sentence):
        return "sentence"
    if hits:
        return "paragraph"
    neighbours = [context.ai_hits.get(paragraph.index + d) for d in (-1, 1)]
    if any(neighbours) and context.document.section_ai[paragraph.section]:
        return "neighbour"
    if context.document.section_ai[paragraph.section] and paragraph.section > 0:
        return "section"
    return None


def rank_subject_names_ai(context: Context, paragraph: Paragraph, mention: Mention, sentence: tuple[int, int]) -> bool:
    """全省人工智能产业加快发展，在五大集群中居首位: a rank with no number before it in its
    sentence ranks the subject the sentence opened with, and that names AI."""
    return not numbers_between(paragraph, sentence[0], mention.number_start) and hit_within(context.ai_hits[paragraph.index], sentence[0], mention.start)


def in_ai_list(context: Context, paragraph: Paragraph, mention: Mention, sentence: tuple[int, int]) -> bool:
    """A count with its measure word in a list of targets plainly about AI: a sentence under a
    deadline (到2027年 …) with three numbers or more that names AI, in a section about AI
    (到2027年，人工智能核心产业规模…；新引进高层次科技人才300名，建成3至5个孵化器). Its own
    clause need not name AI again. A report's list of figures (受理纠纷13件 …) is not one."""
    if mention.role != "level" or mention.inferred_unit or mention.chinese \
            or not context.document.section_ai[paragraph.section]:
        return False
    if not hit_within(context.ai_hits[paragraph.index], *sentence):
        return False
    if not any(t.kind == "deadline" and sentence[0] <= t.start < mention.number_start
               for t in context.times[paragraph.index]):
        return False
    return len(numbers_between(paragraph, *sentence)) >= 3


def best_metric(context: Context, paragraph: Paragraph, mention: Mention,
                 dimension: str | None) -> tuple[str | None, str | None, bool]:
    """(metric id, alias, alias in the number's own clause) — the longest alias in reach whose
    metric's dimension fits, the nearest on a tie. An alias another number holds closer (打造50个
    示范场景，培育80家龙头企业: 示范场景 is the 50's) is out of the 80's reach."""
    sentence = paragraph.sentence_at(mention.number_start)
    clause = paragraph.clause_at(mention.number_start)
    clause_starts = paragraph.clause_starts()
    here = bisect.bisect_right(clause_starts, mention.number_start)
    best: tuple | None = None
    item = item_at(paragraph, mention.number_start)
    facts = paragraph.__dict__.setdefault("_hit_facts", {})
    # with no punctuation (培育人工智能企业1500家建成行业大模型50个) a number ends its claim: an
    # alias with another number after it is that number's
    run_on = in_run_on(paragraph, mention.number_start)
    for start, end, alias in hits_in(context.alias_hits[paragraph.index], reach_start(paragraph, mention, sentence), clause[1]):
        if not (sentence[0] <= start and end <= sentence[1]):
            continue
        if run_on and end <= mention.number_start and numbers_between(paragraph, end, mention.number_start):
            continue
        same_clause = clause[0] <= start and end <= clause[1]
        same_item = item[0] <= start and end <= item[1]
        clauses_back = here - bisect.bisect_right(clause_starts, start)
        if not same_clause and (start > mention.number_start or clauses_back > 2):
            continue
        if not same_item and held_by_another(paragraph, mention, start, same_clause) \
                and not SHARES_ITS_METRIC.search(paragraph.norm, clause[0], clause[1]):  # its own clause says so
            continue
        described, noun_after, head = facts.get((start, end)) or hit_facts(context, paragraph, facts, start, end)
        if described:
            continue
        modifier = shadowed(context, head, dimension)
        for metric_id in context.catalogue.metric_aliases[alias]:
            metric = context.catalogue.metrics[metric_id]
            if dimension and metric.dimension != dimension:
                continue
            if noun_after and metric.topic not in ("enterprises", "talent") and noun_after.group() not in metric.name_zh:
                continue
            distance = mention.number_start - end if end <= mention.number_start else (start - mention.end) * 2
            score = (same_clause, same_item, not modifier, len(alias), -abs(distance))
            if best is None or score > best[0]:
                best = (score, metric_id, alias, same_clause)
    if best is None:
        return None, None, False
    return best[1], best[2], best[3]


def hit_facts(context: Context, paragraph: Paragraph, facts: dict, start: int, end: int) -> tuple:
    """What best_metric asks of an alias whatever the number: whether it lies in a description
    (in_description), the head noun after it (通用大模型企业: enterprises, not models) and its
    compound's head. Kept in `facts`: each of a long window's numbers reads the same aliases."""
    facts[(start, end)] = (in_description(paragraph, start, end), HEAD_NOUN_AFTER.match(paragraph.norm, end),
                           compound_heads(context, paragraph).get((start, end)))
    return facts[(start, end)]


def hits_in(hits: list[tuple[int, int, str]], low: int, high: int) -> list[tuple[int, int, str]]:
    """The hits (in order of their starts) that start in [low, high), looked up, not scanned."""
    return hits[bisect.bisect_left(hits, (low,)):bisect.bisect_left(hits, (high,))]


def reach_start(paragraph: Paragraph, mention: Mention, sentence: tuple[int, int]) -> int:
    """Where the words that can name a number's metric or share it begin: two clauses back at
    most, within its sentence (a 100 KB sentence is not read again for each of its numbers)."""
    clause_starts = paragraph.clause_starts()
    here = bisect.bisect_right(clause_starts, mention.number_start)
    return max(sentence[0], clause_starts[max(0, here - 3)] if clause_starts else 0)


def compound_heads(context: Context, paragraph: Paragraph) -> dict[tuple[int, int], tuple[int, int, str]]:
    """(start, end) of an alias → the alias that starts inside it or right after it and outlasts
    it (智能算力 → 算力中心 in 智能算力中心; 人工智能应用 → 示范场景): its compound's head. Found once."""
    if "_heads" not in paragraph.__dict__:
        hits = context.alias_hits[paragraph.index]
        paragraph.__dict__["_heads"] = {(a, b): head for (a, b, _), head in zip(hits, hits[1:])
                                        if a < head[0] <= b < head[1]}
    return paragraph.__dict__["_heads"]


def shadowed(context: Context, head: tuple[int, int, str] | None, dimension: str | None) -> bool:
    """Whether an alias is its compound's modifier: the head after it names a metric of the
    number's dimension too (人工智能应用示范场景300个: 示范场景, not 人工智能应用)."""
    return head is not None and any(dimension is None or context.catalogue.metrics[m].dimension == dimension
                                    for m in context.catalogue.metric_aliases[head[2]] if m in context.catalogue.metrics)


def held_by_another(paragraph: Paragraph, mention: Mention, start: int, same_clause: bool) -> bool:
    """Whether the alias at `start` names another number: one in the alias's own list item (when
    it shares the clause of `mention`) or its own clause (an earlier one). The level that carries
    `mention` as its growth or rank shares its metric and holds nothing."""
    unit = item_at(paragraph, start) if same_clause else paragraph.clause_at(start)
    return any(other is not mention and other.growth is not mention and other.rank is not mention
               for other in numbers_between(paragraph, *unit))


def _listed_in_earlier_item(s: str, hits: list[tuple[int, int, str]], index: int, mention: Mention) -> bool:
    """南京市、苏州市…分别…；新培育…: places listed together in an earlier ；-item are that item's.
    (Only the hits next to it can be listed with it: the hits are in the text's order.)"""
    hit = hits[index]
    if ";" not in s[hit[1]:mention.start]:
        return False
    neighbours = [hits[i] for i in (index - 1, index + 1) if 0 <= i < len(hits)]
    return any(JOINERS.fullmatch(s[a[1]:b[0]] or "x") for a, b in ((n, hit) if n[0] < hit[0] else (hit, n) for n in neighbours))


def claim_place(context: Context, paragraph: Paragraph, mention: Mention, actor: str | None) -> tuple[str | None, str]:
    """(place id or None, how it was found): named in the claim's clause or sentence, the
    actor's, named just after it, named earlier in the paragraph, the issuer's; with no issuer,
    the place named last before (else most): "carried", flagged as such."""
    s = paragraph.norm
    sentence = paragraph.sentence_at(mention.number_start)
    clause = paragraph.clause_at(mention.number_start)
    hits = context.place_hits[paragraph.index]
    in_clause = [h for h in hits if clause[0] <= h[0] < mention.start]
    if in_clause:
        return in_clause[-1][2], "named"
    in_sentence = [i for i, h in enumerate(hits) if sentence[0] <= h[0] < mention.start]
    for index in reversed(in_sentence):
        if not _listed_in_earlier_item(s, hits, index, mention):
            return hits[index][2], "named"
    if actor:
        return context.catalogue.actors[actor].place, "actor"
    after = [h for h in hits if mention.end <= h[0] < clause[1]]
    if after:
        return after[0][2], "named"
    earlier = [h for h in hits if h[0] < sentence[0]]
    if earlier:
        return earlier[-1][2], "named"
    if context.issuer is not None:
        return context.issuer.place, "issuer"
    carried = context.last_place_before.get(paragraph.index) or context.main_place
    return carried, "carried" if carried else "unresolved"


def claim_actor(context: Context, paragraph: Paragraph, mention: Mention) -> str | None:
    sentence = paragraph.sentence_at(mention.number_start)
    hits = [h for h in context.actor_hits[paragraph.index] if sentence[0] <= h[0] < mention.start]
    return hits[-1][2] if hits else None


def item_at(paragraph: Paragraph, position: int) -> tuple[int, int]:
    """The list item (between 、) of the clause at `position`."""
    clause = paragraph.clause_at(position)
    s = paragraph.norm
    before = s.rfind("、", clause[0], position)
    after = s.find("、", position, clause[1])
    return (before + 1 if before >= 0 else clause[0], after if after >= 0 else clause[1])


def sorted_gaps(paragraph: Paragraph) -> list[int]:
    """The paragraph's gaps (Paragraph.gaps) in order, kept while the set is the same."""
    memo = paragraph.__dict__.get("_sorted_gaps")
    if memo is None or memo[0] is not paragraph.gaps or len(memo[1]) != len(paragraph.gaps):
        memo = paragraph.__dict__["_sorted_gaps"] = (paragraph.gaps, sorted(paragraph.gaps))
    return memo[1]


def quote_span(paragraph: Paragraph, mention: Mention, first: int) -> tuple[int, int]:
    """From the list item or clause holding `first` (the metric alias or the number) to the
    end of the item or clause holding the number or its growth/rank: the short clause that
    holds the number (a list of places or metrics sharing it, 杭州、宁波等地…均…, stays whole)."""
    s = paragraph.norm
    clause = paragraph.clause_at(mention.number_start)
    first = min(first, mention.number_start)
    if clause[0] <= first and not _SHARED_WORDS.search(s, clause[0], mention.number_start):
        start = item_at(paragraph, first)[0]
    else:
        start = paragraph.clause_at(first)[0]
    last = mention.end
    for other in (mention.growth, mention.rank):
        if other is not None:
            last = max(last, other.end)
    if last <= clause[1]:
        end = item_at(paragraph, max(mention.number_start, last - 1))[1]
    else:
        end = paragraph.clause_at(max(mention.number_start, last - 1))[1]
    # another clause's number is no part of this one's quote (每年…不超过2000万元，每家不超过50万元)
    others = [m for m in numbers_between(paragraph, start, clause[0])
              if m.growth is not mention and m.rank is not mention]
    if others:
        start = max(start, paragraph.clause_at(others[-1].number_start)[1])
    while start < clause[0] and s[start] in ",、:;":
        start += 1
    # a phone number or registration code before the claim is no part of it
    for a, b in paragraph.excluded:
        if start <= a < mention.number_start and b <= mention.number_start:
            start = b
    # (only the places after a skipped heading are looked at: the paragraph's gaps, in order)
    gaps = sorted_gaps(paragraph)
    for i in gaps[bisect.bisect_left(gaps, start + 1):bisect.bisect_left(gaps, min(end, mention.number_start + 1))]:
        if paragraph.offsets[i] - paragraph.offsets[i - 1] > 1:
            start = i  # the paragraph was joined across a heading: quote from after it
    for i in gaps[bisect.bisect_left(gaps, max(last, start + 1)):bisect.bisect_left(gaps, end)]:
        if paragraph.offsets[i] - paragraph.offsets[i - 1] > 1:
            end = i  # … and up to it (a title line joined to the text below)
            break
    while end > start and s[end - 1] in ",:;。!?…":
        end -= 1
    while start < end and s[start] in "”\"'’)】》」』":
        start += 1
    return start, end
