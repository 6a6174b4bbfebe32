"""When the text was written: from its metadata, not from the years it mentions. In order: the
year given (--year, the source's date); a date line in the header or at the signature
(2026年3月2日, 二〇二六年三月二日, 发布日期：2026-03-02); the year of a document number
(苏政发〔2026〕12号); else, as a last resort, the latest year the text reports on (never a
deadline, a plan's span such as （2025—2027年）, or a year in a heading)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..quotes import chinese_numeral
from .words import (
    CHINESE_DATE_LINE, DATE_LINE, DATED_HEADER, FUTURE_BEFORE, NUMBERED_YEAR, PUBLISHED_AT, REPORT_TITLE, YEAR_MENTION, YEAR_SPAN)

if TYPE_CHECKING:
    from .segment import Paragraph

EDGE_PARAGRAPHS = 5        # where metadata stands: the first and the last few paragraphs
DATE_LINE_LENGTH = 24      # a date line is short: 2026年3月2日, （2026年3月2日）
_CHINESE_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "O": "0", "○": "0"}


@dataclass
class DocumentDate:
    date: str | None       # YYYY, YYYY-MM or YYYY-MM-DD
    basis: str | None      # given | date_line | document_number | reported
    reports_on: int | None = None  # the year a report's title says it covers

    @property
    def year(self) -> int | None:
        return int(self.date[:4]) if self.date else None

    @property
    def from_metadata(self) -> bool:
        """Whether the date says when the text was written (not inferred from what it reports)."""
        return self.basis in ("given", "date_line", "document_number")


def document_date(paragraphs: list[Paragraph], year: int | None = None) -> DocumentDate:
    title = REPORT_TITLE.search(paragraphs[0].norm) if paragraphs else None
    date = _written(paragraphs, year)
    date.reports_on = int(title.group("y")) if title else None
    return date


def _written(paragraphs: list[Paragraph], year: int | None) -> DocumentDate:
    if year:
        return DocumentDate(str(year), "given")
    edges = paragraphs[:EDGE_PARAGRAPHS] + paragraphs[max(EDGE_PARAGRAPHS, len(paragraphs) - EDGE_PARAGRAPHS):]
    for paragraph in reversed(edges):  # the signature's date, else the header's
        found = _date_line(paragraph.norm)
        if found:
            return DocumentDate(found, "date_line")
    for paragraph in edges:
        match = NUMBERED_YEAR.search(paragraph.norm)
        if match:
            return DocumentDate(match.group("year"), "document_number")
    reported = _latest_reported_year(paragraphs)
    return DocumentDate(str(reported) if reported else None, "reported" if reported else None)


def _date_line(norm: str) -> str | None:
    match = PUBLISHED_AT.search(norm) or DATED_HEADER.match(norm)
    if match is None and len(norm) <= DATE_LINE_LENGTH:
        match = DATE_LINE.fullmatch(norm)
    if match:
        return _iso(match.group("y"), match.group("m"), match.group("d"))
    if len(norm) <= DATE_LINE_LENGTH:
        match = CHINESE_DATE_LINE.fullmatch(norm)
        if match:
            year = "".join(_CHINESE_DIGITS.get(c, "") for c in match.group("y"))
            month, day = chinese_numeral(match.group("m")), chinese_numeral(match.group("d"))
            if len(year) == 4 and month and day:
                return _iso(year, str(month), str(day))
    return None


def _iso(year: str, month: str, day: str) -> str | None:
    y, m, d = int(year), int(month), int(day)
    if not (1990 <= y <= 2100 and 1 <= m <= 12 and 1 <= d <= 31):
        return None
    return f"{y}-{m:02d}-{d:02d}"


def _latest_reported_year(paragraphs: list[Paragraph]) -> int | None:
    """The latest year the text reports on (years after 到/力争 … are deadlines, not news; a
    plan's span and a heading's year say what it plans)."""
    years = []
    for paragraph in paragraphs:
        if paragraph.heading or (paragraph.index == 0 and "。" not in paragraph.norm):
            continue  # a title or a heading: (2025—2027年), 2030年远景目标
        spans = [m.span() for m in YEAR_SPAN.finditer(paragraph.norm)]
        for match in YEAR_MENTION.finditer(paragraph.norm):
            if any(a <= match.start() < b for a, b in spans):
                continue
            before = paragraph.norm[max(0, match.start() - 4):match.start()]
            after = paragraph.norm[match.end():match.end() + 3]
            if FUTURE_BEFORE.search(before) or re.match(r"(?:年?底前|前|以前)", after):
                continue
            years.append(int(match.group(1)))
    plausible = [y for y in years if 1990 <= y <= 2100]
    return max(plausible) if plausible else None
