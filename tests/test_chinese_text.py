"""One normal form of a Chinese text for the extractor and the validator (tracker/chinese_text.py):
traditional script, inserted pinyin and full-width forms do not change what is matched, and every
span of the normal form maps back to the text as written, so a quote stays verbatim. The
sentences are made up, in the style of provincial plans and of mirror copies of them."""

from __future__ import annotations

import random

import pytest

from tracker.chinese_text import fold, normalise


def test_inserted_pinyin_is_removed_and_a_quote_is_cut_from_the_original():
    original = "到2027年，全省算力規(guī)模達(dá)到50EFLOPS，培育人工智能企業100家。"
    norm = normalise(original)
    assert norm.text == "到2027年,全省算力规模达到50EFLOPS,培育人工智能企业100家。"
    start = norm.text.index("算力")
    end = norm.text.index("EFLOPS") + len("EFLOPS")
    assert norm.original_text(start, end) == "算力規(guī)模達(dá)到50EFLOPS"
    assert original[slice(*norm.original_span(start, end))] == "算力規(guī)模達(dá)到50EFLOPS"
    # a span ending on an annotated character leaves its pinyin out; one starting after it too
    assert norm.original_text(norm.text.index("规"), norm.text.index("规") + 1) == "規"
    assert norm.original_text(norm.text.index("模"), norm.text.index("模") + 2) == "模達"


@pytest.mark.parametrize("annotated, plain", [
    ("規（guī）劃（huà）", "规划"),                  # full-width parentheses
    ("規(gui1)劃(hua4)", "规划"),                     # tone digits
    ("規劃(guī huà)", "规划"),                        # two syllables at once
    ("兩(liǎng)個", "两个"),
])
def test_every_way_of_inserting_pinyin_is_removed(annotated, plain):
    assert normalise(annotated).text == plain


@pytest.mark.parametrize("text", [
    "算力规模达到50EFLOPS（EFLOPS）", "行动计划(2025—2027年)", "实施意见（以下简称《意见》）",
    "总投资(亿元)", "人工智能(AI)", "重点任务（一）", "数据（data）", "(guī)规划", "规划 (ab1x)",
    "企业(long)",   # a pinyin-shaped word without a tone is not taken for pinyin
])
def test_real_parenthesised_content_stays(text):
    norm = normalise(text)
    assert len(norm.text) == len(text)
    assert norm.original_text(0, len(norm.text)) == text


def test_traditional_script_reads_as_simplified_one_for_one():
    traditional = "浙江省人工智能產業發展規劃：到2027年，全省智能算力規模達到50EFLOPS，萬億級產業集群，兩個億元項目，颱風臺灣髮型"
    simplified = "浙江省人工智能产业发展规划:到2027年,全省智能算力规模达到50EFLOPS,万亿级产业集群,两个亿元项目,台风台湾发型"
    assert normalise(traditional).text == simplified
    assert normalise(simplified).text == simplified  # simplified text is left alone
    # 乾坤 is simplified usage: the character table's 乾 → 干 would change the word
    assert fold("乾坤") == "乾坤"


def test_the_characters_of_simplified_texts_are_left_as_they_are(seeds):
    """The seeds are simplified: only their full-width punctuation may change, never a Han
    character (哪吒 stays 哪吒)."""
    for path in sorted(seeds.glob("*.txt")):
        text = path.read_text(encoding="utf-8-sig")
        folded = fold(text)
        changed = {(a, b) for a, b in zip(text, folded) if a != b and "\u3400" <= a <= "\u9fff"}
        assert changed == set(), path.name
    assert fold("哪吒蒜薹") == "哪吒蒜薹"


def test_full_width_forms_spaces_and_pdf_radicals_become_plain():
    assert normalise("５０ＥＦＬＯＰＳ，增长２０％").text == "50EFLOPS,增长20%"
    assert normalise("全省　算力\u00a0规模").text == "全省 算力 规模"
    assert normalise("⽅⾯").text == "方面"          # Kangxi radicals, as PDF text often has them
    assert normalise("2025–2027年").text == "2025—2027年"


def test_zero_width_characters_are_removed_with_the_offsets_kept():
    original = "算\u200b力规\ufeff模达到10EFLOPS"
    norm = normalise(original)
    assert norm.text == "算力规模达到10EFLOPS"
    assert norm.original_text(0, len(norm.text)) == original


def test_folding_never_changes_the_length():
    rng = random.Random(5)
    alphabet = [chr(c) for c in range(0x4E00, 0xA000, 7)] + list("０１９ＡＺ，。　（）兩萬億")
    for _ in range(200):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        assert len(fold(text)) == len(text)


def test_any_span_maps_back_to_the_text_it_was_made_from():
    """Cut anywhere in the normal form of a pinyin-garbled copy: the original span, normalised
    again, is exactly the cut."""
    rng = random.Random(15)
    words = ["算力規", "(guī)", "模達", "(dá)", "到", "50EFLOPS", "，", "培育", "企業", "(qǐ yè)", "100家", "；",
             "（2025—2027年）", "\u200b", "　", "兩", "（liǎng）", "個"]
    for _ in range(300):
        original = "".join(rng.choice(words) for _ in range(rng.randint(1, 30)))
        norm = normalise(original)
        for _ in range(10):
            start = rng.randint(0, len(norm.text))
            end = rng.randint(start, len(norm.text))
            assert normalise(norm.original_text(start, end)).text == norm.text[start:end], (original, start, end)
        assert norm.original_span(len(norm.text), len(norm.text))[0] <= len(original)
