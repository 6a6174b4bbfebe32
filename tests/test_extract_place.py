"""Where a claim belongs: the text's issuer gives the default place, a claim's own place names
override it, 全省/我市/全区 mean the issuer (or the place above it), and what cannot be told
is left without a place and flagged, never guessed.

Every text here is made up, in the style of plans, notices and reports from many provinces.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.extract import extract, load_catalogue
from tracker.extract.issuer import document_number

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = load_catalogue(ROOT / "data")


def places(text: str, year: int = 2026) -> list[tuple[float, str | None]]:
    return [(c.entry.get("value"), c.entry["place"]) for c in extract(text, CATALOGUE, year=year)]


# --- the issuer --------------------------------------------------------------------------------

def test_the_issuing_body_in_the_title_gives_the_place_of_全省():
    text = ("江西省人民政府办公厅关于印发江西省算力基础设施高质量发展行动方案的通知\n"
            "到2027年，全省智能算力规模达到20EFLOPS，建成人工智能行业大模型30个。")
    assert places(text) == [(20, "jiangxi"), (30, "jiangxi")]


def test_a_title_without_an_issuing_body_still_names_the_plans_place():
    text = ("湖南省人工智能产业发展三年行动计划（2025—2027年）\n"
            "到2027年，全省人工智能核心产业规模达到1000亿元。")
    assert places(text) == [(1000, "hunan")]


def test_the_signature_at_the_end_gives_the_place():
    text = ("各市、县人民政府，省政府各部门：\n"
            "到2027年，全省培育人工智能企业500家，智能算力规模达到15EFLOPS。\n"
            "山东省工业和信息化厅\n2026年3月2日\n")
    assert places(text) == [(500, "shandong"), (15, "shandong")]


@pytest.mark.parametrize("number, province", [
    ("苏政发〔2026〕12号", "jiangsu"), ("鲁科字〔2025〕8号", "shandong"), ("川办发[2026]3号", "sichuan"),
    ("粤府函〔2025〕101号", "guangdong"), ("黔府办发〔2026〕5号", "guizhou"), ("工信部联科〔2025〕12号", "china"),
    ("国办发〔2026〕1号", "china"),
])
def test_a_document_number_names_its_province_or_the_country(number, province):
    assert document_number(number)[0] == province


def test_a_document_number_alone_gives_the_province():
    text = "鄂政办发〔2026〕9号\n到2027年，全省智能算力规模超过30EFLOPS。"
    assert places(text) == [(30, "hubei")]


def test_a_city_that_shares_a_provinces_abbreviation_is_not_read_as_one():
    assert document_number("宁政发〔2026〕4号") is None  # Nanjing or Ningxia: the number alone cannot say


# --- a claim's own place and the relative words --------------------------------------------------

RELATIVE_AND_OWN_PLACES = {
    "a place named in the claim overrides the issuer": (
        "江苏省人民政府关于加快人工智能发展的实施意见\n"
        "到2027年，全省智能算力规模达到50EFLOPS，其中南京市智能算力规模达到20EFLOPS。",
        [(50, "jiangsu"), (20, "nanjing")]),
    "a district issuer makes 全区 the district": (
        "成都市郫都区人民政府办公室关于印发人工智能产业发展行动方案的通知\n"
        "到2026年，全区集聚人工智能企业80家，建成智算中心2个。",
        [(80, "pidu"), (2, "pidu")]),
    "全省 in a city's text is the province above the city": (
        "武汉市人民政府关于印发行动方案的通知\n"
        "到2027年，全省人工智能企业达到3000家，全市人工智能企业达到1500家。",
        [(3000, "hubei"), (1500, "wuhan")]),
    "全市 in a provincial text is the city named before it": (
        "浙江省经济和信息化厅\n宁波市：到2026年，全市人工智能核心产业营业收入达到800亿元。",
        [(800, "ningbo")]),
}


@pytest.mark.parametrize("text, expected", RELATIVE_AND_OWN_PLACES.values(), ids=RELATIVE_AND_OWN_PLACES)
def test_own_places_and_relative_words(text, expected):
    assert places(text) == expected


def test_全国_as_a_qualifier_does_not_make_a_provincial_claim_national():
    text = ("湖北省人民政府办公厅\n"
            "到2027年，打造全国一流的算力枢纽，建成全国领先的人工智能产业集群，全省智能算力规模达到30EFLOPS。")
    assert places(text) == [(30, "hubei")]


def test_全国_as_the_subject_is_national():
    text = "国家数据局\n截至2025年底，全国智能算力规模达到300EFLOPS。"
    assert places(text) == [(300, "china")]


def test_a_national_issuer_keeps_the_provinces_it_names():
    text = "国务院办公厅\n截至2025年底，贵州省智能算力规模达到25EFLOPS，全国智能算力规模达到300EFLOPS。"
    assert places(text) == [(25, "guizhou"), (300, "china")]


def test_traditional_script_issuers_are_read_too():
    text = "貴州省人民政府辦公廳\n到2027年，全省智能算力規模達到60EFLOPS。"
    assert places(text) == [(60, "guizhou")]


# --- what cannot be told ------------------------------------------------------------------------

def test_a_text_that_names_no_place_gives_no_place_and_says_so():
    (candidate,) = extract("某省人民政府关于加快人工智能发展的意见\n到2027年，全省智能算力规模达到50EFLOPS。",
                           CATALOGUE, year=2026)
    assert candidate.entry["place"] is None
    assert any(flag.startswith("place unresolved") for flag in candidate.as_yaml_entry()["flags"])


def test_ids_are_built_from_place_metric_and_year_never_a_bare_year():
    found = extract("到2027年，全省智能算力规模达到50EFLOPS，培育一批企业超过100家。", CATALOGUE, year=2026)
    for candidate in found:
        assert not candidate.entry["id"].isdigit()
        assert candidate.entry["id"].startswith("unplaced-")
    text = "山西省人民政府\n到2027年，全省智能算力规模达到10EFLOPS。"
    assert [c.entry["id"] for c in extract(text, CATALOGUE, year=2026)] == ["shanxi-intelligent-compute-2027"]


def test_a_ministrys_notice_is_national_whatever_its_addressees():
    text = ("工业和信息化部办公厅关于开展人工智能应用试点的通知\n"
            "各省、自治区、直辖市及新疆生产建设兵团工业和信息化主管部门：\n"
            "到2027年，培育人工智能应用标杆企业200家。\n")
    assert places(text) == [(200, "china")]


def test_the_field_of_a_rank_is_not_the_claims_place():
    text = "据南京市江宁区消息，2025年，全区人工智能企业在全市十一个区中居首位，集聚人工智能企业超过800家。"
    assert (800, "jiangning") in places(text)


def test_what_is_ranked_may_stand_between_the_field_and_the_rank():
    # 全国 is where 遵义 is ranked, not the place of the rank: the rank is Zunyi's
    text = "遵义市大数据发展管理局消息，2026年，遵义市在全国二十个算力枢纽城市中数据中心上架率居第三位。"
    ranked = [c.entry for c in extract(text, CATALOGUE, year=2026) if c.entry.get("rank")]
    assert [(entry["place"], entry["rank"]["value"]) for entry in ranked] == [("zunyi", 3)]


def test_places_listed_in_an_earlier_item_do_not_take_the_next_item():
    text = ("江苏省人民政府\n到2027年，南京市、苏州市智能算力规模分别达到20EFLOPS、15EFLOPS；"
            "新培育人工智能领域高层次人才5000名。")
    talent = [place for value, place in places(text) if value == 5000]
    assert talent == ["jiangsu"]  # once, and the province's: not Nanjing's and Suzhou's
