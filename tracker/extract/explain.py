"""`tracker extract FILE --explain`: every number the extractor saw in a text, and either the
claim it became or the gate that dropped it, as a table (English or Chinese) or as JSON."""

from __future__ import annotations

import bisect
import json
from dataclasses import asdict, dataclass
from typing import Any

from ..formatting import entry_value_text
from .candidate import Candidate
from .catalogue import Catalogue
from .gates import GATES
from .mentions import Mention
from .pipeline import read_claims
from .segment import Document, Paragraph

# The table's words: (Chinese, English).
WORDS = {
    "paragraph": ("段", "para"), "line": ("行:列", "line:col"), "number": ("数字", "number"),
    "became": ("结果", "became"), "target": ("目标", "target"), "figure": ("数据", "figure"),
    "dropped": ("未采用", "dropped"), "joined": ("并入", "joins"), "repeat": ("重复，并入", "repeat of"),
    "place": ("地区", "place"), "metric": ("指标", "metric"), "year": ("年份", "year"),
    "none": ("未识别", "none"), "held_back": ("未输出", "held back"),
    "summary": ("共 {numbers} 个数字：{claims} 个成为候选条目，{dropped} 个未采用。",
                "{numbers} numbers: {claims} became candidates, {dropped} were dropped."),
    "words_hidden": ("另有 {n} 个词语中的数字字（如一流、统一）未列出；用 --format json 查看全部。",
                     "{n} numeral characters inside words (一流, 统一 …) are not listed; --format json lists all."),
    "no_numbers": ("文本中没有数字。", "The text has no numbers."),
    "issuer": ("发文机关", "issuer"), "date": ("成文日期", "document date"), "not_found": ("未找到", "not found"),
    "reports_on": ("报告年度", "reports on"),
    "by_header": ("标题或文头", "title or header"), "by_signature": ("落款", "signature"),
    "by_document_number": ("文号", "document number"), "by_given": ("指定", "given"),
    "by_date_line": ("日期行", "date line"), "by_reported": ("按文中最近的报告年份推断", "inferred from the latest year reported"),
}


@dataclass
class Seen:
    """One number seen, and what became of it."""
    paragraph: int           # 1-based
    line: int                # 1-based, in the text (after any HTML markup is stripped)
    column: int              # 1-based
    position: int            # character offset in the text
    text: str                # the number as the text writes it, with its unit and cues
    outcome: str             # claim | joined | gate
    gate: str | None = None
    reason_en: str | None = None
    reason_zh: str | None = None
    claim: dict[str, Any] | None = None  # id, kind, value, unit, place, metric, year …
    repeat_of: str | None = None         # the id of the claim this one states again


@dataclass
class Explanation:
    """What the extractor read: the issuer and the date it found, and every number."""
    issuer: dict[str, Any] | None       # place, evidence (header | signature | document_number), text
    date: dict[str, Any] | None         # date, basis (given | date_line | document_number | reported), reports_on
    numbers: list[Seen]


def explain(text: str, catalogue: Catalogue, *, source: str | None = None, year: int | None = None,
            min_confidence: float = 0.0) -> Explanation:
    """The issuer, the date and every number in the text, in the text's order."""
    document, _ = read_claims(text, catalogue, source=source, year=year, min_confidence=min_confidence)
    issuer = asdict(document.issuer) if document.issuer is not None else None
    date = asdict(document.date) if document.date is not None and document.date.date else None
    return Explanation(issuer, date, _numbers(document))


def _numbers(document: Document) -> list[Seen]:
    line_starts = [0] + [i + 1 for i, c in enumerate(document.text) if c == "\n"]
    rows: list[Seen] = []
    for paragraph in document.paragraphs:
        where = _locator(document, paragraph, line_starts)
        for start, end, gate_id in paragraph.dropped:
            rows.append(Seen(**where(start, end), outcome="gate", **_gate(gate_id)))
        for mention in paragraph.mentions:
            rows.extend(_fates(mention, where))
    rows.sort(key=lambda row: (row.position, row.outcome != "claim"))
    return rows


def _locator(document: Document, paragraph: Paragraph, line_starts: list[int]):
    def where(start: int, end: int) -> dict[str, Any]:
        offset = paragraph.offsets[start]
        line = bisect.bisect_right(line_starts, offset)
        last = paragraph.offsets[max(start, end - 1)]
        return {"paragraph": paragraph.index + 1, "line": line, "column": offset - line_starts[line - 1] + 1,
                "position": offset, "text": document.text[offset:last + 1]}
    return where


def _gate(gate_id: str | None) -> dict[str, Any]:
    gate = GATES.get(gate_id or "")
    return {"gate": gate_id, "reason_en": gate.en if gate else None, "reason_zh": gate.zh if gate else None}


def _fates(mention: Mention, where) -> list[Seen]:
    here = where(mention.number_start, mention.end)
    if mention.qualifies is not None:
        owner = mention.qualifies
        if owner.candidates:
            return [Seen(**here, outcome="joined", claim=_claim(_first(c))) for c in owner.candidates]
        return [Seen(**here, outcome="gate", **_gate(owner.gate))]
    if not mention.candidates:
        return [Seen(**here, outcome="gate", **_gate(mention.gate))]
    rows = []
    for candidate in mention.candidates:
        first = _first(candidate)
        held = first.gate
        rows.append(Seen(**here, outcome="gate" if held else "claim", claim=_claim(first),
                         repeat_of=first.entry["id"] if first is not candidate else None, **(_gate(held) if held else {})))
    return rows


def _first(candidate: Candidate) -> Candidate:
    while candidate.repeat_of is not None:
        candidate = candidate.repeat_of
    return candidate


def _claim(candidate: Candidate) -> dict[str, Any]:
    entry = candidate.entry
    if candidate.kind == "targets":
        date = (entry.get("deadline") or {}).get("date")
    else:
        period = entry.get("period") or {}
        date = period.get("end") or period.get("start")
    return {"id": entry.get("id"), "kind": candidate.kind[:-1], "measure": entry.get("measure"),
            "comparator": entry.get("comparator"), "value": entry.get("value"), "unit": entry.get("unit"),
            "growth": entry.get("growth"), "rank": entry.get("rank"), "place": entry.get("place"),
            "metric": entry.get("metric"), "year": int(date[:4]) if date else None,
            "confidence": candidate.confidence}


def as_json(explanation: Explanation) -> str:
    return json.dumps(asdict(explanation), ensure_ascii=False, indent=1)


def as_table(explanation: Explanation, catalogue: Catalogue, lang: str) -> str:
    """The issuer and date found, then one line per number: where it stands, what it says,
    what became of it."""
    from ..cli import _cell

    zh = lang == "zh"

    def word(key: str) -> str:
        return WORDS[key][0 if zh else 1]

    rows = explanation.numbers
    head = _about(explanation, catalogue, zh, word)
    if not rows:
        return head + word("no_numbers") + "\n"
    hidden = [row for row in rows if row.gate == "word"]
    shown = [row for row in rows if row.gate != "word"]
    widths = (4, 9, 18)
    lines = ["  ".join(_cell(word(key), w) for key, w in zip(("paragraph", "line", "number"), widths)) + "  " + word("became")]
    lines.append("  ".join("-" * w for w in widths) + "  " + "-" * 40)
    for row in shown:
        cells = [str(row.paragraph), f"{row.line}:{row.column}", row.text.replace("\n", " ")]
        lines.append("  ".join(_cell(c, w) for c, w in zip(cells, widths)) + "  " + _outcome(row, catalogue, zh, word))
    claims = len({row.claim["id"] for row in rows if row.outcome == "claim"})
    dropped = sum(1 for row in rows if row.outcome == "gate")
    lines.append("")
    lines.append(word("summary").format(numbers=len({(r.position, r.text) for r in rows}), claims=claims, dropped=dropped))
    if hidden:
        lines.append(word("words_hidden").format(n=len(hidden)))
    return head + "\n".join(lines) + "\n"


def _about(explanation: Explanation, catalogue: Catalogue, zh: bool, word) -> str:
    issuer, date = explanation.issuer, explanation.date
    if issuer:
        place = catalogue.places.get(issuer["place"])
        name = (place.name_zh if zh else place.name_en) if place else issuer["place"]
        found = f"{name}（{word('by_' + issuer['evidence'])}：{issuer['text']}）" if zh else \
            f"{name} ({word('by_' + issuer['evidence'])}: {issuer['text']})"
    else:
        found = word("not_found")
    when = word("not_found")
    if date:
        when = f"{date['date']}（{word('by_' + date['basis'])}）" if zh else f"{date['date']} ({word('by_' + date['basis'])})"
        if date.get("reports_on"):
            when += f"{'，' if zh else '; '}{word('reports_on')} {date['reports_on']}"
    sep = "：" if zh else ": "
    return f"{word('issuer')}{sep}{found}\n{word('date')}{sep}{when}\n\n"


def _outcome(row: Seen, catalogue: Catalogue, zh: bool, word) -> str:
    lang = "zh" if zh else "en"
    if row.outcome == "gate" and row.claim is None:
        reason = row.reason_zh if zh else row.reason_en
        return f"{word('dropped')}：{reason}" if zh else f"{word('dropped')} [{row.gate}]: {reason}"
    claim = row.claim
    place = catalogue.places.get(claim["place"]) if claim["place"] else None
    metric = catalogue.metrics.get(claim["metric"]) if claim["metric"] else None
    place_name = (place.name_zh if zh else place.name_en) if place else word("none")
    metric_name = (metric.name_zh if zh else metric.name_en) if metric else word("none")
    value = entry_value_text(claim, lang)
    sep = "，" if zh else ", "
    head = {"claim": word(claim["kind"]), "joined": word("joined"), "gate": word("held_back")}[row.outcome]
    text = (f"{head} {claim['id']}{'：' if zh else ': '}{value}{sep}{word('place')} {place_name}{sep}"
            f"{word('metric')} {metric_name}{sep}{word('year')} {claim['year'] or word('none')}")
    if row.repeat_of:
        text += f"（{word('repeat')} {row.repeat_of}）" if zh else f" ({word('repeat')} {row.repeat_of})"
    if row.outcome == "gate":
        text += f"{sep}{row.reason_zh}" if zh else f"{sep}[{row.gate}] {row.reason_en}"
    return text
