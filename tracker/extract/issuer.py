"""Who issued the text, and so the place its claims default to: the issuing body in the title
or header (江苏省人民政府办公厅关于…, 深圳市南山区人民政府), the signature at its end, or the
document number's prefix (苏政发〔2026〕12号: 苏 is Jiangsu; 国发: the State Council). The
header names the most specific place; the document number only a province or the country."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .catalogue import Catalogue
from .segment import Document, Paragraph
from .words import (
    DOCUMENT_NUMBER, ISSUING_BODY, NATIONAL_BODIES, NATIONAL_DOCUMENT_NUMBER, PROVINCE_ABBREVIATIONS,
    RELATIVE, TITLE_WORDS)

HEADER_PARAGRAPHS = 3      # the title and the lines under it
SIGNATURE_PARAGRAPHS = 4   # the signature and date lines at the end
SIGNATURE_LENGTH = 40      # a signature line is short


@dataclass
class Issuer:
    place: str             # place id
    evidence: str          # header | signature | document_number
    text: str              # the words that say so


def find_issuer(document: Document, catalogue: Catalogue) -> Issuer | None:
    paragraphs = document.paragraphs
    for paragraph in paragraphs[:HEADER_PARAGRAPHS]:
        found = _issuing_place(paragraph, catalogue, title=paragraph.index == 0)
        if found:
            return Issuer(found[0], "header", found[1])
    for paragraph in reversed(paragraphs[-SIGNATURE_PARAGRAPHS:]):
        if len(paragraph.norm) <= SIGNATURE_LENGTH:
            found = _issuing_place(paragraph, catalogue, title=False)
            if found:
                return Issuer(found[0], "signature", found[1])
    for paragraph in paragraphs:
        number = document_number(paragraph.norm)
        if number:
            return Issuer(number[0], "document_number", number[1])
    return None


def document_number(norm: str) -> tuple[str, str, int] | None:
    """(place id, the number's text, its year) of a document number such as 苏政发〔2026〕12号."""
    match = NATIONAL_DOCUMENT_NUMBER.search(norm)
    if match:
        return "china", match.group(), int(match.group("year"))
    match = DOCUMENT_NUMBER.search(norm)
    if match and match.group("abbr") in PROVINCE_ABBREVIATIONS:
        return PROVINCE_ABBREVIATIONS[match.group("abbr")], match.group(), int(match.group("year"))
    return None


def _issuing_place(paragraph: Paragraph, catalogue: Catalogue, title: bool) -> tuple[str, str] | None:
    """The place a header or signature line starts with, when an issuing body follows it (or,
    in a title, a title word: 行动计划, 实施方案 …). 深圳市南山区: the most specific of a chain."""
    s = paragraph.norm
    start = len(re.match(r"^[《“\"(]*", s).group())
    national = NATIONAL_BODIES.match(s, start)
    if national and (title or len(s) <= SIGNATURE_LENGTH):  # 工业和信息化部办公厅关于…, 国务院新闻办公室
        return "china", national.group()
    chain: list[str] = []
    position = start
    for match in catalogue.place_pattern.finditer(s, start):
        if match.start() != position:
            break
        place = _one_place(catalogue, match.group(), chain[-1] if chain else None)
        if place is None:
            break
        chain.append(place)
        position = match.end()
    if not chain:
        return None
    rest = s[position:position + 20]
    if ISSUING_BODY.match(rest) or (title and "。" not in s[:-1] and TITLE_WORDS.search(s)):
        return chain[-1], s[start:position]
    return None


def _one_place(catalogue: Catalogue, name: str, above: str | None) -> str | None:
    places = [p for p in catalogue.place_names.get(name, []) if p != RELATIVE]
    if above is not None:
        places = [p for p in places if above in catalogue.ancestors(p)]
    elif name in catalogue.scoped_place_names:
        return None
    return places[0] if len(places) == 1 else None
