"""The extractor's pipeline: paragraphs → numbers → candidates → repeats merged → ids."""

from __future__ import annotations

import math
import re
from typing import Callable

from ..memory import gc_paused
from ..units import parse_unit
from .attach import own_subject, owner_level, shared_claims
from .build import build_candidate
from .candidate import Candidate
from .catalogue import Catalogue
from .context import Context, build_context
from .emit import assign_ids, merge_repeats
from .html_text import plain_text
from .mentions import Mention
from .numbers import scan_numbers
from .segment import Document, Paragraph, read_document
from .words import GROWTH_BASIS, GROWTH_WORDS


def extract(text: str, catalogue: Catalogue, *, source: str | None = None, year: int | None = None,
            min_confidence: float = 0.0, progress: Callable[[float], None] | None = None) -> list[Candidate]:
    """Candidate targets and figures in a text (plain or HTML), in the order of the text.
    `progress`, when given, is called with the share of the paragraphs read (0..1) as it goes."""
    _, candidates = read_claims(text, catalogue, source=source, year=year, min_confidence=min_confidence,
                                progress=progress)
    return [c for c in candidates if c.gate is None]


def read_claims(text: str, catalogue: Catalogue, *, source: str | None = None, year: int | None = None,
                min_confidence: float = 0.0, progress: Callable[[float], None] | None = None
                ) -> tuple[Document, list[Candidate]]:
    """The document as read (each paragraph's numbers with what became of them) and every
    candidate, those below `min_confidence` marked with that gate."""
    # Reading keeps nearly all it allocates (paragraphs, numbers, hits) until the end: each full
    # collection walked the whole growing document again, ~25-30 % of a 1 MB text's time.
    with gc_paused():
        return _read_claims(text, catalogue, source, year, min_confidence, progress)


def _read_claims(text: str, catalogue: Catalogue, source: str | None, year: int | None, min_confidence: float,
                 progress: Callable[[float], None] | None) -> tuple[Document, list[Candidate]]:
    text = plain_text(text)
    document = read_document(text, year)
    context = build_context(document, catalogue, source)
    candidates: list[Candidate] = []
    step = max(1, len(document.paragraphs) // 100)
    for paragraph in document.paragraphs:
        if progress is not None and paragraph.index % step == 0:
            progress(paragraph.index / len(document.paragraphs))
        if paragraph.heading and len(paragraph.norm) < 12:
            for mention in scan_numbers(paragraph):
                paragraph.drop(mention.number_start, mention.end, "heading")
            continue
        candidates.extend(paragraph_candidates(context, paragraph))
    if progress is not None:
        progress(1.0)
    candidates = merge_repeats(candidates)
    assign_ids(candidates, set())
    for candidate in candidates:
        if candidate.confidence < min_confidence:
            candidate.gate = "below_confidence"
    return document, candidates


def paragraph_candidates(context: Context, paragraph: Paragraph) -> list[Candidate]:
    mentions = scan_numbers(paragraph)
    paragraph.mentions = mentions
    if not mentions:
        return []
    growth_or_level: list[Mention] = []
    for mention in mentions:
        if mention.role == "level" and mention.unit:
            dimension = parse_unit(mention.unit).dimension
            clause_start = paragraph.clause_at(mention.number_start)[0]
            before = paragraph.norm[max(clause_start, mention.start - 10):mention.start]
            growth_word = GROWTH_WORDS.search(before)
            if dimension in ("percent", "ratio") and growth_word and "比重" not in before:
                mention.role = "growth"
                mention.growth_text_start = max(clause_start, mention.start - 10) + growth_word.start()
                for pattern, basis in GROWTH_BASIS:
                    if pattern.search(before):
                        mention.growth_basis = basis
                        break
        growth_or_level.append(mention)
    built: list[tuple[Mention, Candidate]] = []
    attached: set[int] = set()
    levels = [m for m in growth_or_level if m.role == "level"]
    for mention in growth_or_level:
        if mention.role in ("rank", "growth") and own_subject(context, paragraph, mention):
            continue
        if mention.role in ("growth", "rank"):
            owner = owner_level(paragraph, levels, mention)
            if owner is not None:
                setattr(owner, mention.role, mention)
                mention.qualifies = owner
                attached.add(id(mention))
    for mention in growth_or_level:
        if id(mention) in attached:
            continue
        if not math.isfinite(mention.value):  # 1 followed by 400 digits is no claim
            mention.drop("too_large")
            continue
        candidate = build_candidate(context, paragraph, mention)
        if candidate is not None:
            shared = shared_claims(context, paragraph, mention, candidate)
            for clone in shared:  # one of 杭州、宁波…均: the clones keep what the confidence came from
                clone.features = {**candidate.features, "shared": float(len(shared) > 1)}
            built.extend((mention, c) for c in shared)
    # a target's growth rate is a target of its own (measure: growth)
    for mention, candidate in list(built):
        growth = mention.growth
        if candidate.kind == "targets" and growth is not None and candidate.entry.get("measure") == "level":
            mention.growth = None
            growth.qualifies = None
            extra = build_candidate(context, paragraph, growth)
            if extra is not None and extra.kind == "targets":
                built.append((growth, extra))
            elif extra is not None:
                growth.drop("growth_of_target")
    built.sort(key=lambda pair: pair[0].number_start)
    for mention, candidate in built:
        mention.candidates.append(candidate)
    link_parts(paragraph, built)
    return [c for _, c in built]


def link_parts(paragraph: Paragraph, built: list[tuple[Mention, Candidate]]) -> None:
    """其中 … : the claims after it, up to the next ；or 。, are parts of the claim before it.
    即 … : the claims after it spell out what comes before it (or, with nothing before, belong
    with the first after it)."""
    s = paragraph.norm
    for marker in ("其中", "即"):
        for match in re.finditer(marker, s):
            sentence = paragraph.sentence_at(match.start())
            if marker == "其中":
                stop = s.find(";", match.start(), sentence[1])
                segment_end = stop if stop >= 0 else sentence[1]
                segment_start = s.rfind(";", sentence[0], match.start()) + 1 or sentence[0]
            else:
                segment_start, segment_end = sentence
            before = [c for m, c in built if segment_start <= m.number_start < match.start()]
            after = [c for m, c in built if match.start() <= m.number_start < segment_end]
            if marker == "其中" and not before:
                # 其中 may open the next item or sentence
                before = [c for m, c in built if m.number_start < match.start()][-1:]
            if not after:
                continue
            if before:
                parent, children = before[-1], after
            elif marker == "即" and len(after) > 1:
                parent, children = after[0], after[1:]
            else:
                continue
            for child in children:
                if child is parent or child.parent is not None:
                    continue
                child.parent = parent
