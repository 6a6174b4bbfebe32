"""`tracker extract` on texts from anywhere in China: which number a claim is, what it measures,
and which words quote it (issue 15, classes 6, 7, 9, 10, 11).

Each test states one rule on made-up sentences written the way provincial, city and district
plans and press reports write them, and checks what a user reading the candidates would see:
the values proposed, their metric, and the verbatim quote.
"""

from __future__ import annotations

from pathlib import Path

from tracker.extract import extract, load_catalogue

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = load_catalogue(ROOT / "data")


def claims(text: str, year: int = 2025):
    return extract(text, CATALOGUE, year=year)


def by_value(text: str, year: int = 2025) -> dict:
    """value (or rank) → the candidate's entry, for a text whose values differ."""
    found = {}
    for candidate in claims(text, year):
        entry = candidate.entry
        key = entry.get("value") if entry.get("value") is not None else ("rank", (entry.get("rank") or {}).get("value"))
        assert key not in found, f"{key} proposed twice"
        found[key] = entry
    return found


def quote(entry: dict) -> str:
    return entry["statements"][0]["quote"]


# --- class 6: what a number measures ------------------------------------------------------------

def test_an_alias_held_by_the_number_before_it_does_not_name_the_next_claim():
    found = by_value("到2027年，全省打造50个人工智能示范场景，培育80家龙头企业。")
    assert found[50]["metric"] == "ai_scenarios"
    assert found[80]["metric"] == "ai_leading_enterprises"  # not the 50's scenarios
    found = by_value("到2027年，全省打造50个人工智能示范场景，培育80家创新型企业，建设10个创新平台。")
    assert found[50]["metric"] == "ai_scenarios"
    assert found[80]["metric"] is None  # counted, but not as scenarios
    assert found[10]["metric"] == "innovation_platforms"
    found = by_value("到2026年，全市建设人工智能示范场景30个、人工智能企业200家。")
    assert (found[30]["metric"], found[200]["metric"]) == ("ai_scenarios", "ai_core_enterprises")


def test_a_one_word_alias_does_not_reach_over_another_claim():
    # 部署 (deployments) two clauses back belongs to its own 12 sites, not to the 8 platforms
    found = by_value("到2027年，全区人工智能医疗应用部署12家医院，建成8个人工智能公共服务平台。")
    assert found[8]["metric"] != found[12]["metric"]


def test_a_part_of_an_aggregate_does_not_take_its_parents_metric():
    found = by_value("到2027年，全省智能算力规模达到30EFLOPS，其中超算规模达到2EFLOPS，高性能算力达到5EFLOPS。")
    assert found[30]["metric"] == "intelligent_compute"
    assert found[2]["metric"] == found[5]["metric"] == "supercomputing_compute"


def test_a_series_of_years_keeps_the_metric_named_once_before_it():
    found = by_value("人工智能产业规模：2025年达到3000亿元，2027年达到5000亿元。", year=2024)
    assert found[3000]["metric"] == found[5000]["metric"] == "ai_industry_scale"


def test_a_part_after_qizhong_counts_what_its_whole_counts():
    found = by_value("全省已培育人工智能领军企业60家，其中20家来自制造业。")
    assert found[20]["metric"] == found[60]["metric"] == "ai_leading_enterprises"


def test_the_metrics_plans_everywhere_use_are_named():
    text = ("到2027年，建设人工智能数据标注基地5个，上架数据产品1000个，规上工业企业人工智能应用普及率达到60%，"
            "智能算力占比超过70%，人工智能从业人员达到10万人，建成人工智能孵化器12个。")
    found = by_value(text)
    assert {value: entry["metric"] for value, entry in found.items()} == {
        5: "data_labelling_bases", 1000: "data_products_listed", 60: "ai_application_penetration",
        70: "intelligent_compute_share", 10: "ai_workforce", 12: "ai_incubators"}


def test_every_new_generic_metric_is_named_by_words_of_two_characters_or_more():
    for metric_id in ("ai_leading_enterprises", "data_labelling_bases", "ai_application_penetration",
                      "intelligent_compute_share", "ai_workforce", "ai_incubators", "compute_index_rank"):
        aliases = CATALOGUE.metrics[metric_id].aliases
        assert aliases and all(len(alias) >= 2 for alias in aliases), metric_id


def test_the_head_of_a_compound_names_the_metric():
    # 人工智能算力券 is a voucher (算力券), not compute (智能算力); 智能算力中心 a centre (算力中心)
    found = by_value("设立人工智能算力券，每年发放总额不超过2000万元。到2027年，全市建成智能算力中心10个。")
    assert (found[2000]["metric"], found[10]["metric"]) == ("ai_voucher_budget", "compute_centers")
    found = by_value("到2027年，培育200家人工智能应用标杆企业。")
    assert found[200]["metric"] == "ai_benchmark_enterprises"


def test_a_modifier_before_the_head_of_a_compound_names_no_metric():
    found = by_value("到2027年，建设人工智能应用示范场景300个，全省培育两到三家具有全球影响力的通用大模型企业。")
    assert found[300]["metric"] == "ai_scenarios"  # 示范场景, not 人工智能应用
    assert found[2]["metric"] is None  # enterprises that build models are not models
    assert found[2]["comparator"] == ">="


def test_a_respective_list_shares_the_metric_named_once():
    found = by_value("到2027年，南京市、苏州市智能算力规模分别达到20EFLOPS、15EFLOPS。")
    assert found[20]["metric"] == found[15]["metric"] == "intelligent_compute"
    assert found[20]["comparator"] == found[15]["comparator"] == ">="  # 达到 holds for both
    assert (found[20]["place"], found[15]["place"]) == ("nanjing", "suzhou-jiangsu")  # in order, one each


def test_a_threshold_that_defines_what_is_counted_is_no_claim():
    found = by_value("到2027年，全市集聚人工智能企业800家，其中估值超过10亿美元的独角兽企业20家。")
    assert set(found) == {800, 20}


# --- class 7: a bare count in a list about AI ------------------------------------------------------

def test_a_count_in_an_ai_target_list_is_kept_without_an_ai_word_of_its_own():
    text = ("湖南省人工智能产业发展三年行动计划\n"
            "主要目标：到2027年，全省人工智能核心产业规模达到2000亿元；新引进高层次科技人才300名，"
            "建成3至5个创新联合体，新增专利授权1500件。")
    found = by_value(text)
    assert {2000, 300, 3, 1500} <= set(found)
    assert found[3]["comparator"] == ">="  # 3至5: the low end, at least
    # kept for the list it is in, not for a metric borrowed from the talent before it
    assert (quote(found[3]), found[3]["metric"]) == ("建成3至5个创新联合体", None)
    assert (quote(found[1500]), found[1500]["metric"]) == ("新增专利授权1500件", None)


def test_a_reports_list_of_unrelated_counts_stays_out():
    text = ("数字经济发展情况通报\n人工智能产业加快发展。今年以来，全市法院共受理知识产权纠纷案件1300件，"
            "审结1100件，调解结案400件。")
    assert claims(text) == []


# --- class 9: numbers that are no claims, and repeats -------------------------------------------------

def test_an_enumeration_numeral_is_no_claim():
    assert claims("到2027年，聚焦算力、行业大模型、数据三个方向，全面推进人工智能创新发展。") == []
    assert claims("形成以人工智能龙头企业为引领、高校院所为支撑、创新型企业协同发展的“三支力量”。") == []


def test_counting_things_to_build_after_a_list_of_places_is_a_claim():
    found = by_value("到2026年，在福州、厦门、泉州建设三个人工智能示范场景。")
    assert found[3]["metric"] == "ai_scenarios"


def test_the_documents_own_tasks_are_no_claims():
    text = "《行动方案》围绕人工智能部署18项重点任务，实施五大工程，提出8个方面举措。"
    assert claims(text) == []


def test_a_size_class_is_no_claim_but_a_built_cluster_is_counted():
    assert claims("依托千卡级智算集群开展行业模型训练，支持万亿参数大模型训练。") == []
    for text in ("到2027年，全省建成万卡集群2个。", "到2027年，全省建成2个万卡级智算集群。"):
        assert list(by_value(text)) == [2], text


def test_a_unit_gloss_in_brackets_is_no_second_claim():
    found = by_value("到2026年，全市智算规模达到10EFLOPS（约合1万PFLOPS）。")
    assert list(found) == [10]


def test_a_headline_repeating_the_body_is_proposed_once_with_both_quotes():
    text = ("陕西智能算力规模将达50EFLOPS\n\n"
            "西安讯 近日，陕西省人民政府印发人工智能产业行动方案，提出到2027年，全省智能算力规模达到50EFLOPS。")
    found = claims(text)
    assert len(found) == 1
    entry = found[0].entry
    assert entry["deadline"]["date"].startswith("2027")
    assert [s["quote"] for s in entry["statements"]] == ["全省智能算力规模达到50EFLOPS", "陕西智能算力规模将达50EFLOPS"]


def test_a_claim_without_a_metric_said_twice_in_the_same_words_is_proposed_once():
    text = "到2027年，全区建成人工智能创新中心6个。\n\n到2027年，全区建成人工智能创新中心6个。"
    assert len(claims(text)) == 1


def test_the_same_count_in_two_years_is_two_claims():
    text = "2024年，全市建成人工智能创新中心5个。2025年，全市建成人工智能创新中心5个。"
    assert len(claims(text, year=2026)) == 2


# --- class 10: a rank and its subject ------------------------------------------------------------

def test_a_rank_of_an_index_is_its_own_claim_and_the_group_size_is_none():
    found = by_value("2025年，全省人工智能产业加快发展，在五大集群中居首位，算力指数居全国第二。")
    assert set(found) == {("rank", 1), ("rank", 2)}  # no claim of 5 clusters
    assert found[("rank", 2)]["metric"] == "compute_index_rank"
    assert quote(found[("rank", 2)]) == "算力指数居全国第二"
    assert quote(found[("rank", 1)]) == "在五大集群中居首位"


def test_the_group_a_rank_is_taken_in_is_no_count():
    found = by_value("2025年，中卫市在全国十大数据中心集群中算力上架率居首位。")
    assert set(found) == {("rank", 1)}
    # nor do its words (数据中心) make the rank one of the data centres counted before it
    found = by_value("2025年，中卫市已建成数据中心12个，其中已建成万卡级智算集群3个，"
                     "在全国十大数据中心集群中算力上架率居首位。")
    assert found[("rank", 1)]["metric"] is None
    assert found[12]["metric"] == "compute_centers"


def test_a_rank_with_no_subject_of_its_own_qualifies_the_level_before_it():
    found = by_value("年末全市智能算力规模达到6.8EFLOPS，在西部十二省区市中居首位，算力发展指数居全国第六。")
    assert found[6.8]["rank"]["value"] == 1
    assert found[("rank", 6)]["metric"] == "compute_index_rank"
    assert 12 not in found


# --- class 11: the quote ----------------------------------------------------------------------

def test_a_quote_starts_at_its_own_clause_not_at_another_claims_number():
    found = by_value("对购买算力服务的中小企业，每年发放算力券总额不超过2000万元，每家企业每年不超过50万元。")
    assert quote(found[2000]) == "每年发放算力券总额不超过2000万元"
    assert quote(found[50]) == "每家企业每年不超过50万元"
    found = by_value("人工智能产业规模：2025年达到3000亿元，2027年达到5000亿元。", year=2024)
    assert "3000" not in quote(found[5000])


def test_a_quote_stays_inside_its_list_item():
    found = by_value("到2027年，全市建设人工智能示范场景50个、人工智能领军企业80家。")
    assert quote(found[50]) == "全市建设人工智能示范场景50个"
    assert quote(found[80]) == "人工智能领军企业80家"


# --- classes 8 and 12: the same claims from any copy, numerals read by tracker.chinese_numerals ---

CLEAN = ("河南省人民政府关于加快人工智能产业发展的实施意见\n"
         "到2027年，全省人工智能核心产业规模突破800亿元，打造行业大模型30个以上，"
         "培育人工智能领军企业两到三家，智能算力规模达到20EFLOPS。")
TRADITIONAL = ("河南省人民政府關於加快人工智能產業發展的實施意見\n"
               "到2027年，全省人工智能核心產業規模突破800億元，打造行業大模型30個以上，"
               "培育人工智能領軍企業兩到三家，智能算力規模達到20EFLOPS。")
PINYIN = ("河南省人民政府關(guān)於加快人工智能產(chǎn)業(yè)發(fā)展的實(shí)施意見\n"
          "到2027年，全省人工智能核心產(chǎn)業(yè)規(guī)模突破800億元，打造行業(yè)大模型30個(gè)以上，"
          "培育人工智能領(lǐng)軍企業(yè)兩到三家，智能算力規(guī)模達(dá)到20EFLOPS。")


def test_a_traditional_or_pinyin_garbled_copy_gives_the_claims_of_the_clean_text():
    def read(text):
        return [(c.kind, c.entry["value"], c.entry["unit"], c.entry["comparator"], c.entry["metric"],
                 c.entry["place"]) for c in claims(text)]

    clean = read(CLEAN)
    assert [row[1] for row in clean] == [800, 30, 2, 20]
    assert read(TRADITIONAL) == clean
    assert read(PINYIN) == clean


def test_quotes_stay_verbatim_from_each_copy():
    for text in (CLEAN, TRADITIONAL, PINYIN):
        for candidate in claims(text):
            assert candidate.entry["statements"][0]["quote"] in text
    quotes = [c.entry["statements"][0]["quote"] for c in claims(PINYIN)]
    assert quotes[0] == "全省人工智能核心產(chǎn)業(yè)規(guī)模突破800億元"  # the pinyin inside is kept


def test_chinese_numerals_with_two_magnitudes_decimals_and_ranges():
    text = ("2025年，省级财政安排一亿二千万元专项资金支持人工智能发展，带动社会资本投入一亿零五百万元。"
            "到2027年，人工智能产业规模达到三千亿元，新增人工智能产业基金三点五亿元，培育两到三家人工智能领军企业。")
    found = {(c.entry["value"], c.entry["unit"]): c.entry for c in claims(text, year=2026)}
    assert set(found) == {(120000000, "元"), (105000000, "元"), (3000, "亿元"), (3.5, "亿元"), (2, "家")}
    assert found[(2, "家")]["comparator"] == ">="  # 两到三家: at least two
    found = by_value("到2027年，培育兩到三家百億級人工智能企業。")  # a range before a size class
    assert list(found) == [2] and found[2]["metric"] == "enterprises_revenue_over_10bn"
