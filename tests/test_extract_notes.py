"""The Chinese view of the Import page is Chinese: every note the extractor writes on a
candidate (why it is a target or a figure, what it is unsure of, what it conflicts with) has
its Chinese, on the labelled texts and on the seeds checked against the shipped registry."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tracker.extract import conflicts, extract, load_catalogue
from tracker.extract.notes import note_text, translated

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture(scope="module")
def notes() -> set[str]:
    from tracker.snapshot import load_snapshot

    catalogue = load_catalogue(ROOT / "data")
    texts = [d["text"] for d in yaml.safe_load((ROOT / "benchmarks" / "beyond_seeds.yaml").read_text(encoding="utf-8"))
             ["documents"]]
    texts += [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("0*.txt"))]
    snapshot = load_snapshot(ROOT / "targets.yaml", check_sources=False)
    found: set[str] = set()
    for text in texts:
        for candidate in extract(text, catalogue):
            found.update([candidate.reason, *candidate.warnings, *conflicts(candidate, snapshot)])
    return found


def test_every_note_on_the_labelled_texts_and_seeds_reads_in_chinese(notes):
    kinds_of_note = {note.split(":")[0].split(" (")[0] if note.startswith(("target", "figure", "period"))
                     else note.split()[0] for note in notes}
    # reasons for both kinds, the extractor's doubts and conflicts with the registry
    assert {"target", "figure", "period from the document's date", "duplicates", "contradicts"} <= kinds_of_note
    untranslated = sorted(note for note in notes if not translated(note))
    assert untranslated == []


@pytest.mark.parametrize("english, chinese", [
    ("target: 到2027年 + 力争", "目标：到2027年 + 力争"),
    ("figure: no future cue (a report by default) (growth)", "数据：无表示未来的用语（默认为已报告的数据）（增速）"),
    ("figure: 争取到 (obtained)", "数据：争取到（已争取到）"),
    ("period from the document's date (2026-03-15, its date_line): no time word", "期间取自文件日期（2026-03-15，据日期行）：无时间词"),
    ("duplicates zj-revenue-6800", "与已有条目 zj-revenue-6800 重复"),
])
def test_a_note_in_chinese_says_what_the_english_says(english, chinese):
    assert note_text(english, "zh") == chinese
    assert note_text(english, "en") == english
