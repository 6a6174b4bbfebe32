"""A text without line breaks (an HTML page flattened, a PDF's text) reads as the same text with
them, and the calibrated confidence keeps a claim without a metric or a place under 0.8
(issue 15). Timing belongs in benchmarks/bench_extract_scaling.py, not here."""

from __future__ import annotations

from pathlib import Path

from tracker.extract import extract, load_catalogue
from tracker.extract.build import calibration, confidence_of
from tracker.extract.segment import LONG_CLAUSE, WINDOW, read_document

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = load_catalogue(ROOT / "data")
ISSUER = "浙江省人民政府办公厅关于印发人工智能发展行动方案的通知\n"

# made-up plan sentences, each complete in itself (its own deadline, its own metric)
SUBJECTS = (("全省人工智能核心产业规模达到", "亿元"), ("全省智能算力规模突破", "EFLOPS"),
            ("全省培育人工智能企业", "家"), ("全省建成智算中心", "个"))


def sentences(count: int) -> list[str]:
    out = []
    for n in range(count):
        subject, unit = SUBJECTS[n % len(SUBJECTS)]
        out.append(f"到{2026 + n % 5}年，{subject}{100 + n}{unit}。")
    return out


def claims(text: str) -> list[tuple]:
    return [(c.kind, c.entry.get("value"), c.entry.get("unit"), c.entry.get("metric"), c.entry.get("place"),
             (c.entry.get("deadline") or {}).get("date"), c.entry["statements"][0]["quote"])
            for c in extract(text, CATALOGUE)]


def test_one_long_paragraph_gives_the_claims_of_the_same_sentences_on_their_own_lines():
    body = sentences(120)
    flat = ISSUER + "".join(body)
    assert len(read_document(flat).paragraphs[-1].norm) <= WINDOW < len("".join(body))  # read in windows
    lined = ISSUER + "\n".join(body)
    found = claims(flat)
    assert len(found) == 120
    assert found == claims(lined)


def test_a_sentence_longer_than_a_window_keeps_its_deadline_in_every_window():
    items = [f"新建智算中心{100 + n}个" for n in range(300)]  # one sentence of 300 items, ~3,300 characters
    found = extract(ISSUER + "到2027年，力争" + "，".join(items) + "。", CATALOGUE)
    assert len(found) == 300
    assert {c.kind for c in found} == {"targets"}
    assert {c.entry["deadline"]["date"][:4] for c in found} == {"2027"}


def test_a_text_without_any_punctuation_reads_each_claim_as_the_punctuated_text_does():
    body = "".join(s.rstrip("。").replace("，", "") for s in sentences(120))
    found = [claim[:6] for claim in claims(ISSUER + body)]  # all but the quote, which has no comma to start at
    punctuated = [claim[:6] for claim in claims(ISSUER + "\n".join(sentences(120)))]
    # the same kind, value, unit, metric, place and deadline for every claim: one claim's 到2027年
    # does not govern the next; only the last, with no full stop, is an unfinished clause
    assert found == punctuated[:-1]
    quotes = [claim[6] for claim in claims(ISSUER + body)]
    assert quotes[:2] == ["到2026年全省人工智能核心产业规模达到100亿元", "到2027年全省智能算力规模突破101EFLOPS"]


def test_a_claim_without_a_metric_or_a_place_stays_under_0_8():
    best = {"scope_clause": 1.0, "metric_alias_in_clause": 1.0, "place_named": 1.0, "date_stated": 1.0,
            "kind_target": 1.0, "role_level": 1.0}
    assert confidence_of(best) >= 0.8  # the calibrated table does trust a claim with all of them
    assert confidence_of({**best, "metric_alias_in_clause": 0.0, "metric_none": 1.0}) < 0.8
    assert confidence_of({**best, "place_named": 0.0, "place_unresolved": 1.0}) < 0.8


def test_extracted_claims_missing_their_place_or_metric_are_below_0_8():
    no_place = extract("到2027年，人工智能核心产业规模达到500亿元。", CATALOGUE)
    assert no_place and no_place[0].entry["place"] is None and no_place[0].confidence < 0.8
    no_metric = extract(ISSUER + "到2027年，全省打造人工智能小镇30个。", CATALOGUE)  # no catalogued metric
    assert no_metric and no_metric[0].entry["metric"] is None and no_metric[0].confidence < 0.8
    named = extract(ISSUER + "到2027年，全省人工智能核心产业规模达到500亿元。", CATALOGUE)
    assert named[0].entry["metric"] and named[0].entry["place"] == "zhejiang"
    assert named[0].confidence > no_place[0].confidence


def test_the_confidence_reads_its_fitted_table():
    table = calibration()
    assert table["cap_without_metric_or_place"] < 0.8
    features = {"scope_clause": 1.0, "metric_alias_in_clause": 1.0, "place_named": 1.0}
    doubted = {**table, "intercept": table["intercept"] - 20.0, "steps": []}  # a refit that trusts nothing
    assert confidence_of(features, doubted) < confidence_of(features, table)


def test_without_punctuation_each_number_keeps_its_own_metric_and_达到_opens_no_claim():
    run_on = ("到2026年全省人工智能核心产业规模达到3000亿元力争全省智能算力规模突破80EFLOPS"
              "加快推进新型基础设施建设深化数字政府改革支持龙头企业牵头组建创新联合体完善政策保障体系"
              "到2027年全省培育人工智能企业1500家建成行业大模型50个打造人工智能示范场景200个"
              "完善政策保障体系深化数字政府改革支持龙头企业牵头组建创新联合体加快推进新型基础设施建设"
              "持续优化人工智能产业发展环境强化要素保障着力构建开放协同的创新生态体系。")
    assert len(run_on) > LONG_CLAUSE  # one clause with no punctuation, read one claim at a time
    found = {c.entry["value"]: (c.kind, c.entry["metric"], (c.entry.get("deadline") or {}).get("date"))
             for c in extract(ISSUER + run_on, CATALOGUE)}
    assert found[3000] == ("targets", "ai_industry_scale", "2026")  # 达到3000 is no year
    assert found[1500] == ("targets", "ai_core_enterprises", "2027")
    assert found[50] == ("targets", "industry_models", "2027")  # not the enterprises of the 1500
    assert found[200] == ("targets", "ai_scenarios", "2027")


def test_a_run_without_punctuation_after_commas_parts_only_its_own_claims_into_sentences():
    text = ("到2027年，全省智能算力规模达到100EFLOPS，全省培育人工智能企业1500家建成行业大模型50个"
            "加快推进新型基础设施建设深化数字政府改革支持龙头企业牵头组建创新联合体完善政策保障体系"
            "力争打造人工智能示范场景200个完善政策保障体系深化数字政府改革支持龙头企业牵头组建创新联合体"
            "加快推进新型基础设施建设统筹推进算力网络数据要素和应用场景协同发展持续优化人工智能产业发展环境"
            "强化要素保障着力构建开放协同的创新生态体系全面提升人工智能治理能力和安全水平推动产业高质量发展。")
    paragraph = read_document(ISSUER + text).paragraphs[-1]
    assert any(b - a > LONG_CLAUSE for a, b in paragraph.run_ons)
    # the commas part clauses, not sentences: the one sentence is parted only before 力争
    starts = [paragraph.norm[a:a + 6] for a, _ in paragraph.sentences]
    assert starts == ["到2027年", "力争打造人工"]
