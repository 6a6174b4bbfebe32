"""The extractor's short cuts (issue 15: >= 1 MB/s) find what the slow ways found: a pattern is
skipped only where it cannot match, the split scans give the whole pattern's hits, the comparator
cue is the longest. Made-up strings only."""

from __future__ import annotations

import random
from pathlib import Path

from tracker.extract import AI_CUE, extract, load_catalogue
from tracker.extract.catalogue import ai_cues, alternation, split_alternation
from tracker.extract.mentions import pre_cue, unit_at
from tracker.extract.words import NOT_CLAIMS, PRE_CUES, RANK_NEEDS, RANK_PATTERN, TIME_PATTERNS

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = load_catalogue(ROOT / "data")

# characters the patterns are made of, so random strings hit them often
ALPHABET = list("0123456789.,-—~/:+()%年月日号届次第总期版页卷条款章节项批会全体扩大议党代表前底末以来目当如现已迄今较比截至止到去上下半季度"
                "一二两三四五六七八九十百千万亿零〇卡级核参数集群个座在中居位列首榜名排AIPpGgXx①②约合即或是指依托支持部署提出任务工程人工智能算力") \
    + ["人工智能", "2025年", "10:30", "0571-", "400", "十五五", "第十二条", "智算中心", "截至目前"]


def random_texts(count: int, seed: int = 15) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(ALPHABET) for _ in range(rng.randrange(5, 40))) for _ in range(count)]


def test_a_pattern_is_skipped_only_where_it_cannot_match():
    """Each non-claim, time and rank pattern names what every match holds; a paragraph without
    it is not scanned with the pattern. Wherever a pattern matches, what it needs is there."""
    checked = 0
    patterns = [(what, pattern, needs) for what, pattern, needs in [*NOT_CLAIMS, *TIME_PATTERNS] if needs is not None]
    patterns.append(("rank", RANK_PATTERN, RANK_NEEDS))
    for text in random_texts(4000) + ["苏政发〔2026〕12号", "2025年1—8月", "6月4日", "2025-06-04", "二〇二五年", "10:30",
                                      "0571-85112345", "13912345678", "400-123-4567", "第17期", "P12", "12版", "十五届八次全会",
                                      "1+2+8", "建成万卡集群2个", "50EFLOPS(约合5万PFLOPS)", "居全国第二", "位列榜首", "居前三。",
                                      "2025年上半年", "2023年以来", "目前"]:
        for what, pattern, needs in patterns:
            for match in pattern.finditer(text):
                assert needs.search(match.group()), (what, text, match.group())
                checked += 1
    assert checked > 1000  # the strings did reach the patterns


def test_split_scans_find_the_hits_of_the_whole_pattern():
    """Words starting with Latin letters and words starting with Chinese ones, one inside the
    other (AI芯片 holds 芯片), in any case: the two scans merged give the single pattern's hits."""
    words = ["芯片", "ai芯片", "gpu", "gpu集群", "智能算力", "算力", "算力中心", "tokens", "数据集", "大模型"]
    whole, split = alternation(words, ignore_case=True), split_alternation(words, ignore_case=True)
    texts = random_texts(500, seed=3) + ["AI芯片和GPU集群，智能算力中心、Tokens", "建设ai芯片芯片gpu算力中心",
                                         "toKens和tokenſ", "İ芯片", "芯片"]
    rng = random.Random(4)
    texts += ["".join(rng.choice(["芯片", "AI", "ai", "GPU", "集群", "智能", "算力", "中心", "Tokens", "数据集", "，"])
                      for _ in range(12)) for _ in range(300)]
    for text in texts:
        assert [m.span() for m in split.finditer(text)] == [m.span() for m in whole.finditer(text)], text
        for k in range(len(text)):
            a, b = split.match(text, k), whole.match(text, k)
            assert (a and a.span()) == (b and b.span()), (text, k)


def test_the_ai_cues_in_two_parts_are_the_ai_cues():
    """… also where a letter outside ASCII matches a Latin one under re.I (ſ is s, K is k)."""
    texts = random_texts(500, seed=5) + ["AIGC与人工智能、GPU和数据要素，DeepSeek大模型", "MAIN ai算力 EFLOPS数据集团",
                                         "toKens与算力", "tokenſ", "İA和ıa", "数据集团"]
    for text in texts:
        assert [m.span() for m in ai_cues(text)] == [m.span() for m in AI_CUE.finditer(text)], text


def test_the_comparator_cue_before_a_number_is_the_longest_written():
    assert pre_cue("算力不超过100", 5) == ("不超过", "<=")
    assert pre_cue("规模超过100", 4) == ("超过", ">")
    assert pre_cue("规模约为100", 4) == ("约为", "~")
    assert pre_cue("超100", 1) == ("超", ">")
    assert pre_cue("建成100", 2) is None
    for cue, comparator in PRE_CUES:  # each cue read as itself, where a longer one does not end there
        text = f"x{cue}5"
        longest = max((c for c, _ in PRE_CUES if text[:1 + len(cue)].endswith(c)), key=len)
        assert pre_cue(text, 1 + len(cue))[0] == longest


def test_a_word_that_is_no_unit_gives_none_and_a_unit_its_longest_word():
    assert unit_at("100家企业", 3, "") == "家"
    assert unit_at("50EFLOPS算力", 2, "") == "EFLOPS"
    assert unit_at("30亿元", 3, "亿") == "元"
    assert unit_at("3月份", 1, "") is None  # a date word is no unit
    assert unit_at("5G网络", 1, "") is None  # part of a longer Latin word
    assert unit_at("10，", 2, "") is None
    assert unit_at("10", 2, "") is None


def test_a_paragraph_without_numbers_between_claims_leaves_them_as_they_were():
    """Paragraphs with no numeral are skipped by the number scan; the claims around them keep
    their place, deadline and metric."""
    text = ("浙江省人民政府办公厅关于印发人工智能发展行动方案的通知\n到2027年，全省智能算力规模达到50EFLOPS。\n"
            "加快推进新型基础设施建设，完善政策保障体系。\n全省培育人工智能企业300家。\n")
    found = [(c.entry.get("value"), c.entry.get("unit"), c.entry.get("place"), c.entry.get("metric")) for c in extract(text, CATALOGUE)]
    assert [(v, u) for v, u, _, _ in found] == [(50, "EFLOPS"), (300, "家")]
    assert all(place == "zhejiang" for _, _, place, _ in found)


def test_reading_a_text_leaves_the_cyclic_collector_as_it_found_it():
    """The collector is paused while a text is read (issue 15: ~25-30 % of a long text's time
    went to full collections) and resumed after, also when reading fails; a caller that had
    turned it off finds it off."""
    import gc

    from tracker.memory import gc_paused

    text = "到2027年，全省人工智能核心产业规模力争达到500亿元。"
    assert gc.isenabled()
    seen = []
    with gc_paused():
        seen.append(gc.isenabled())
    assert seen == [False] and gc.isenabled()
    assert [c.entry["value"] for c in extract(text, CATALOGUE)] == [500] and gc.isenabled()
    try:
        with gc_paused():
            raise ValueError("a text that cannot be read")
    except ValueError:
        pass
    assert gc.isenabled()
    gc.disable()
    try:
        extract(text, CATALOGUE)
        assert not gc.isenabled()
    finally:
        gc.enable()
