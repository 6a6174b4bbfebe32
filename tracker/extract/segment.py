"""Document structure: logical paragraphs (OCR'd line breaks joined), sentences and clauses."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

from .dating import DocumentDate, document_date
from .gates import GATES
from .normalise import normalise, normalise_with_offsets
from .catalogue import ai_cues


@dataclass
class Paragraph:
    index: int
    norm: str                 # normalised, white space squeezed out
    offsets: list[int]        # norm index -> offset in the text
    original: str             # the text's own character at each norm index
    heading: bool
    section: int
    sentences: list[tuple[int, int]] = field(default_factory=list)
    clauses: list[tuple[int, int]] = field(default_factory=list)
    cut_off_from: int | None = None   # the last sentence of a text that stops mid-way
    gaps: set[int] = field(default_factory=set)  # norm indices after a skipped heading
    excluded: list[tuple[int, int]] = field(default_factory=list)  # phone numbers, codes …
    dropped: list[tuple[int, int, str]] = field(default_factory=list)  # numbers seen and the gate that dropped them
    mentions: list = field(default_factory=list)  # the numbers read as quantities (Mention)
    continues: bool = False   # a window of a long paragraph cut mid-sentence from the one before
    run_ons: list[tuple[int, int]] = field(default_factory=list)  # stretches with no punctuation (LONG_CLAUSE)

    def drop(self, start: int, end: int, gate_id: str) -> None:
        """Note that the number at norm[start:end] was dropped at the gate `gate_id`."""
        if gate_id not in GATES:
            raise KeyError(f"unknown gate {gate_id!r}")
        self.dropped.append((start, end, gate_id))

    def gap_has_text(self, i: int) -> bool:
        return i in self.gaps

    def sentence_at(self, position: int) -> tuple[int, int]:
        return self._span_at(self.sentences, "_starts_sentences", position)

    def clause_at(self, position: int) -> tuple[int, int]:
        return self._span_at(self.clauses, "_starts_clauses", position)

    def clause_starts(self) -> list[int]:
        """The clauses' starts (kept: a long paragraph's every number asks for them)."""
        return self._starts("clauses")

    def _starts(self, name: str) -> list[int]:
        """The starts of the spans `name`, kept while the spans are the same list: made anew for
        each of a paragraph's numbers, they were quadratic."""
        spans = getattr(self, name)
        memo = self.__dict__.get("_starts_" + name)
        if memo is None or memo[0] is not spans or len(memo[1]) != len(spans):
            memo = self.__dict__["_starts_" + name] = (spans, [a for a, _ in spans])
        return memo[1]

    def _span_at(self, spans: list[tuple[int, int]], key: str, position: int) -> tuple[int, int]:
        # _starts inlined: a long paragraph's numbers ask for their clause ~20 times each
        if not spans:
            return (0, 0)
        memo = self.__dict__.get(key)
        if memo is None or memo[0] is not spans or len(memo[1]) != len(spans):
            memo = self.__dict__[key] = (spans, [a for a, _ in spans])
        index = bisect.bisect_right(memo[1], position) - 1
        return spans[index if index > 0 else 0]


# A semicolon parts the items of one sentence (到2027年，A；B；C。): the deadline holds for all.
_SENTENCE = re.compile(r"[^。!?…]*(?:[。!?…]+[”’\"')]*|$)")
_CLAUSE_BREAK = re.compile(r"[,:;]")
_CLOSING = "。!?;…”’\"')】》」』.·"
_NO_JOIN = _CLOSING + "—:-"
_HEADING_MARK = re.compile(r"^\s*#+\s*")
_HEADING_PREFIX = re.compile(r"^\s*#*\s*")


@dataclass
class Document:
    text: str
    paragraphs: list[Paragraph]
    year: int | None
    section_ai: list[bool]
    section_titles: list[str]
    date: DocumentDate | None = None
    issuer: Any = None  # the Issuer found (issuer.py), set when the context is built


_NON_SPACE = re.compile(r"\S+")
_THOUSANDS_TAIL = re.compile(r",\d{3}(?!\d)")


def _squeeze(text: str, ranges: list[tuple[int, int]]) -> tuple[str, list[int], set[int]]:
    pieces: list[str] = []
    offsets: list[int] = []
    gaps: set[int] = set()
    for index, (start, end) in enumerate(ranges):
        if index:
            gaps.add(len(offsets))
        for match in _NON_SPACE.finditer(text, start, end):
            pieces.append(match.group())
            offsets.extend(range(match.start(), match.end()))
    norm, offsets, moved = normalise_with_offsets("".join(pieces), offsets)
    return norm, offsets, {moved.get(g, g) for g in gaps}


def read_document(text: str, year: int | None = None) -> Document:
    """Cut a plain text into logical paragraphs, sentences and clauses."""
    lines: list[tuple[int, int]] = []
    position = 0
    for line in text.splitlines(keepends=True):
        stripped = line.rstrip("\r\n")
        if stripped.strip():
            lines.append((position, position + len(stripped)))
        position += len(line)

    def is_heading(i: int) -> bool:
        """A marked heading (# …, <h2> in HTML), or a short line without closing punctuation."""
        line = text[lines[i][0]:lines[i][1]].strip()
        return bool(_HEADING_MARK.match(line)) or (len(line) <= 20 and normalise(line[-1]) not in _NO_JOIN)

    def open_ended(i: int) -> bool:
        line = text[lines[i][0]:lines[i][1]].strip()
        return len(line) >= 30 and normalise(line[-1]) not in _NO_JOIN

    paragraphs: list[Paragraph] = []
    titles: list[str] = [""]  # section -> its heading
    section = 0
    index = 0

    def add(ranges: list[tuple[int, int]], heading: bool) -> None:
        norm, offsets, gaps = _squeeze(text, ranges)
        if norm:
            original = "".join(map(text.__getitem__, offsets))
            for a, b, continues in windows(norm, original):
                paragraph = Paragraph(len(paragraphs), norm[a:b], offsets[a:b], original[a:b], heading, section,
                                      gaps={g - a for g in gaps if a <= g < b}, continues=continues)
                _segment(paragraph)
                paragraphs.append(paragraph)

    while index < len(lines):
        start, end = lines[index]
        if is_heading(index):
            section += 1
            add([(start + _HEADING_PREFIX.match(text[start:end]).end(), end)], True)
            titles.append(paragraphs[-1].norm if paragraphs and paragraphs[-1].heading else "")
            index += 1
            continue
        # A body line broken off mid-sentence (OCR'd columns and pages) goes on in the next body
        # line, even when a running head or a sub-heading was printed in between.
        ranges = [(start, end)]
        skipped: list[int] = []
        while open_ended(index):
            ahead = index + 1
            while ahead < len(lines) and is_heading(ahead) and ahead - index <= 3:
                ahead += 1
            if ahead >= len(lines) or is_heading(ahead):
                break
            skipped.extend(range(index + 1, ahead))
            index = ahead
            ranges.append(lines[index])
        add(ranges, False)
        for heading_line in skipped:
            section += 1
            h_start, h_end = lines[heading_line]
            add([(h_start + _HEADING_PREFIX.match(text[h_start:h_end]).end(), h_end)], True)
            titles.append(paragraphs[-1].norm if paragraphs and paragraphs[-1].heading else "")
        index += 1
    if paragraphs:
        # the paragraph the text ends in: headings skipped over by a broken-off body line are
        # added after it, so the last one added is not always the last one written
        last = max(paragraphs, key=lambda paragraph: paragraph.offsets[-1])
        if last.norm[-1] not in _NO_JOIN and last.sentences:
            last.cut_off_from = last.clauses[-1][0]  # the unfinished clause; those before it are whole
    date = document_date(paragraphs, year)
    document = Document(text, paragraphs, date.year, [], titles, date)
    document.section_ai = section_ai_of(paragraphs, section + 1)
    return document


# A paragraph longer than WINDOW characters (an HTML page flattened, a PDF's text: megabytes
# without a line break) is read in windows of whole sentences where it has them. Each number
# looks back over its paragraph (its sentence, clauses, places, times), so one huge paragraph
# was quadratic; windows bound every look-back. No paragraph of the seeds or the dev set
# comes near it (the longest is ~850 characters).
WINDOW = 1200
_SENTENCE_END = re.compile(r"[。!?…]+[”’\"')]*")
_ITEM_END = re.compile(r";")
_CLAUSE_END = re.compile(r"[,:]")
# With no punctuation at all: before a time word that opens a claim (到2027年, 力争), else
# between two characters that are not parts of a number
# the time words that open a claim, each whole (力争到2027年 is one opening, not two: a cut
# between 到 and 2027年 made the year a reported one); a year, never 达到3000亿元
_CLAIM_OPENER = re.compile(r"力争(?:到(?:19|20)\d{2}年?)?|截至(?:(?:19|20)\d{2}年?)?|(?<!达)到(?:19|20)\d{2}年"
                           r"|(?<![\d.])(?:19|20)\d{2}年|全年")
_SOFT_BREAK = re.compile(r"(?<=[^\d.%a-zA-Z一二三四五六七八九十百千万亿两零〇点])(?=[^\d.%a-zA-Z一二三四五六七八九十百千万亿两零〇点])")


def windows(norm: str, original: str) -> list[tuple[int, int, bool]]:
    """(start, end, cut mid-sentence) of the windows a paragraph is read in: one for a paragraph
    up to WINDOW characters; else cut at the last sentence end of each window's second half,
    else the last ；, else the last clause break, else before a time word, else between two
    characters that are no part of a number."""
    if len(norm) <= WINDOW:
        return [(0, len(norm), False)]
    out: list[tuple[int, int, bool]] = []
    start, continues = 0, False
    while len(norm) - start > WINDOW:
        low, high = start + WINDOW // 2, start + WINDOW
        cut, mid_sentence = None, True
        for pattern in (_SENTENCE_END, _ITEM_END, _CLAUSE_END, _CLAIM_OPENER, _SOFT_BREAK):
            ends = [m.start() if pattern is _CLAIM_OPENER else m.end() for m in pattern.finditer(norm, low, high)
                    if pattern is not _CLAUSE_END or not _thousands_comma(norm, original, m.start())]
            ends = [e for e in ends if low < e < high]
            if ends:
                cut, mid_sentence = ends[-1], pattern is not _SENTENCE_END
                break
        cut = cut or high
        out.append((start, cut, continues))
        start, continues = cut, mid_sentence
    out.append((start, len(norm), continues))
    return out


def _thousands_comma(norm: str, original: str, i: int) -> bool:
    """1,000 written with an ASCII comma: a thousands separator, not a clause break."""
    return original[i] == "," and i > 0 and norm[i - 1].isdigit() and bool(_THOUSANDS_TAIL.match(norm[i:i + 5]))


def _segment(paragraph: Paragraph) -> None:
    norm = paragraph.norm
    for match in _SENTENCE.finditer(norm):
        if match.end() > match.start():
            paragraph.sentences.append((match.start(), match.end()))
    start = 0
    for match in _CLAUSE_BREAK.finditer(norm):
        i = match.start()
        # a thousands separator (1,000, written with an ASCII comma) is not a clause break
        if _thousands_comma(norm, paragraph.original, i):
            continue
        paragraph.clauses.append((start, match.end()))
        start = match.end()
    paragraph.clauses.append((start, len(norm)))
    # sentence ends are clause ends too
    bounds = sorted({e for _, e in paragraph.sentences} | {e for _, e in paragraph.clauses})
    clauses, previous, opened = [], 0, []
    for bound in bounds:
        if bound > previous:
            parts = _claims_of_long_clause(paragraph, previous, bound)
            clauses.extend(parts)
            opened.extend(start for start, _ in parts[1:])
            previous = bound
    paragraph.clauses = clauses
    if opened:  # a long clause was parted: each of its parts is a sentence of its own (not each clause)
        sentence_bounds = sorted({0, *opened, *(b for _, b in paragraph.sentences)})
        paragraph.sentences = list(zip(sentence_bounds, sentence_bounds[1:]))


# A clause of more than LONG_CLAUSE characters is a text without punctuation (a PDF's or a
# flattened page's): it is read as one clause and sentence per claim, parted before each time
# word that opens one (到2027年, 力争 …), so one claim's time and cues do not govern the next.
# Read as one, every number in it looked back over all of it for its kind and metric (linear
# per number, so a 5 MB text took minutes), and the longest alias anywhere in it named each
# number's metric. No clause of the seeds or the labelled sets reaches 80 characters.
LONG_CLAUSE = 200


def in_run_on(paragraph: Paragraph, position: int) -> bool:
    """Whether `position` lies in a stretch read that way (its numbers end their claims: see
    attach.best_metric)."""
    return any(a <= position < b for a, b in paragraph.run_ons)


def _claims_of_long_clause(paragraph: Paragraph, start: int, end: int) -> list[tuple[int, int]]:
    if end - start <= LONG_CLAUSE:
        return [(start, end)]
    paragraph.run_ons.append((start, end))
    norm = paragraph.norm
    cuts = [m.start() for m in _CLAIM_OPENER.finditer(norm, start, end) if m.start() > start]
    bounds = [start, *cuts, end]
    return list(zip(bounds, bounds[1:]))


def section_ai_of(paragraphs: list[Paragraph], count: int) -> list[bool]:
    """A section (the text between two headings) is about AI when its heading or at least a
    third of its body paragraphs carry an AI cue."""
    heading_cue = [False] * count
    body = [[0, 0] for _ in range(count)]
    for paragraph in paragraphs:
        has_cue = next(ai_cues(paragraph.norm), None) is not None
        if paragraph.heading:
            heading_cue[paragraph.section] = heading_cue[paragraph.section] or has_cue
        else:
            body[paragraph.section][0] += has_cue
            body[paragraph.section][1] += 1
    return [heading_cue[i] or (body[i][1] > 0 and body[i][0] * 3 >= body[i][1]) for i in range(count)]


# ---------------------------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------------------------
