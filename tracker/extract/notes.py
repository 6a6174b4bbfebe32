"""A candidate's notes (the reason for its kind, its flags) in the reader's language.

The rules write their notes in English, the language of the YAML a candidate is written to;
this is the one place that says them in Chinese for the Chinese view. A note with no
translation here is shown as written (and tests/test_extract_notes.py fails for it), so a new
note cannot slip into the Chinese view unnoticed."""

from __future__ import annotations

import re

from .explain import WORDS

# The Chinese of a claim's kind and of a figure's role (also merge's report words)
ROLES_ZH = {"growth": "增速", "rank": "排名", "level": "规模"}
KINDS_ZH = {"target": "目标", "figure": "数据"}


def _basis(code: str) -> str:
    return WORDS.get(f"by_{code.replace(' ', '_')}", (code, code))[0]


def _time_word(text: str) -> str:
    return "无时间词" if text == "no time word" else text


def _cues(text: str) -> str:
    text = text.replace(" (obtained)", "（已争取到）")
    return re.sub(r"past year (\d{4})", r"往年\1", text)


# (pattern of the English note, its Chinese): the patterns of every note the rules write.
_NOTES: list[tuple[re.Pattern, object]] = [
    (re.compile(r"target: future cues"), lambda m: "目标：有表示未来的用语"),
    (re.compile(r"figure: no future cue \(a report by default\)"), lambda m: "数据：无表示未来的用语（默认为已报告的数据）"),
    (re.compile(r"(target|figure): (.+)"), lambda m: f"{KINDS_ZH[m[1]]}：{_cues(m[2])}"),
    (re.compile(r"period from the report's title \((\d{4})\): (.*)"),
     lambda m: f"期间取自报告标题（{m[1]}年）：{_time_word(m[2])}"),
    (re.compile(r"period from the document's date \(([^,]+), its ([\w ]+)\): (.*)"),
     lambda m: f"期间取自文件日期（{m[1]}，据{_basis(m[2])}）：{_time_word(m[3])}"),
    (re.compile(r"place unresolved: .*"), lambda m: "地区未定：文中未说明此项属于何地，也未找到发文机关；请手工补上"),
    (re.compile(r"place carried: .*"), lambda m: "地区沿用：未找到发文机关，取此项之前最后（或最常）提到的地区"),
    (re.compile(r"duplicates (\S+)"), lambda m: f"与已有条目 {m[1]} 重复"),
    (re.compile(r"contradicts (\S+) \((.*)\)"), lambda m: f"与已有条目 {m[1]}（{m[2]}）不一致"),
]
_ROLE_SUFFIX = re.compile(r"^(.*) \((growth|rank|level)\)$")


def note_text(note: str, lang: str) -> str:
    """`note` as the reader of `lang` reads it: as written in English, translated in Chinese."""
    if lang != "zh":
        return note
    role = _ROLE_SUFFIX.match(note)
    body, suffix = (role[1], f"（{ROLES_ZH[role[2]]}）") if role else (note, "")
    for pattern, chinese in _NOTES:
        match = pattern.fullmatch(body)
        if match:
            return chinese(match) + suffix
    return note


def translated(note: str) -> bool:
    """Whether `note` has its Chinese here (for the test that keeps the Chinese view Chinese)."""
    return note_text(note, "zh") != note or not re.search(r"[A-Za-z]{3,}", note)
