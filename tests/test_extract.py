"""`tracker extract`: proposing registry entries from a Chinese text.

Each test states one rule of the extractor on a sentence written the way plans and reports
write it, and checks what the candidate entry says: kind, value and unit as stated, base
value, comparator, deadline or period, firmness, place, metric and the verbatim quote.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tracker import load_registry
from tracker.extract import extract, load_catalogue, merge, non_claims, plain_text, to_yaml

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = load_catalogue(ROOT / "data")


def claims(text: str, year: int = 2025, source: str | None = None):
    return extract(text, CATALOGUE, year=year, source=source)


def only(text: str, year: int = 2025):
    found = claims(text, year)
    assert len(found) == 1, to_yaml(found)
    return found[0]


def values(text: str, year: int = 2025) -> list[float]:
    return [c.entry.get("value") for c in claims(text, year)]


def tracker(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tracker", *args], capture_output=True, text=True,
                          cwd=ROOT, input=stdin)


# --- numbers and units as texts write them ---------------------------------------------------

def test_exaflops_keep_their_stated_unit_and_get_a_base_value():
    c = only("到2025年底，全市投入市场的智算规模超过50EFlops。")
    assert (c.kind, c.entry["value"], c.entry["unit"], c.entry["comparator"]) == ("targets", 50, "EFlops", ">")
    assert c.value_base == 5e19
    assert c.entry["metric"] == "intelligent_compute"


def test_a_magnitude_before_the_unit_stays_in_the_unit():
    c = only("全省智算规模已达4万PFlops。")
    assert (c.entry["value"], c.entry["unit"], c.value_base) == (4, "万PFlops", 4e19)
    c = only("全市智算规模已达5.4万P。")
    assert (c.entry["value"], c.entry["unit"], c.value_base) == (5.4, "万P", 5.4e19)


def test_p_alone_means_petaflops():
    c = only("该智算中心构建了高达10000P的澎湃算力。")
    assert (c.entry["value"], c.entry["unit"], c.value_base) == (10000, "P", 1e19)


def test_operations_per_second_in_scientific_notation():
    c = only("该集群智能算力达到每秒5×10^18次。")
    assert (c.entry["value"], c.entry["unit"], c.value_base) == (5e18, "次/秒", 5e18)


def test_scientific_notation_whose_superscript_ocr_lost():
    c = only("该集群智能算力达到每秒5×1018次。")
    assert (c.entry["value"], c.entry["unit"]) == (5e18, "次/秒")
    assert "superscript" in c.entry["note"]


def test_yuan_with_a_magnitude():
    c = only("平台累计撮合算力交易金额达1.9亿元。")
    assert (c.entry["value"], c.entry["unit"], c.value_base, c.entry["comparator"]) == (1.9, "亿元", 1.9e8, ">=")
    assert c.entry["metric"] == "compute_transaction_volume"


def test_an_order_of_magnitude_with_ji_is_at_least_one_of_it():
    c = only("计划到2027年底建成千亿级人工智能产业集群。")
    assert (c.kind, c.entry["value"], c.entry["unit"], c.entry["comparator"]) == ("targets", 1, "千亿元", ">=")
    assert c.value_base == 1e11
    assert c.entry["deadline"] == {"date": "2027-12-31", "precision": "year_end", "text": "计划到2027年底"}


def test_chao_before_a_count_with_a_magnitude():
    c = only("魔搭社区托管的开源模型数量已超7万个。")
    assert (c.kind, c.entry["value"], c.entry["unit"], c.entry["comparator"]) == ("figures", 7, "万个", ">")
    assert c.value_base == 70000
    assert (c.entry["actor"], c.entry["place"]) == ("modelscope", "hangzhou")


def test_a_month_range_is_the_figures_period_not_a_claim():
    c = only("浙江省经信厅：2025年1—8月，全省人工智能核心产业营业收入突破4000亿元。")
    assert c.entry["period"] == {"start": "2025-01", "end": "2025-08", "kind": "range", "text": "2025年1—8月"}
    assert (c.entry["value"], c.entry["place"], c.entry["metric"]) == (4000, "zhejiang", "ai_core_revenue")


@pytest.mark.parametrize("text, place", [
    ("江苏省人民政府：到2027年，全省智能算力规模达到50EFLOPS。", "jiangsu"),
    ("贵州省：到2027年，全省智能算力规模达到50EFLOPS。", "guizhou"),
    ("成都市：到2027年，全市智能算力规模达到50EFLOPS。", "chengdu"),
    ("南宁市青秀区：到2027年，全区智能算力规模达到50EFLOPS。", "qingxiu"),
])
def test_a_relative_word_is_the_place_the_text_speaks_for(text, place):
    """全省, 全市, 全区 mean the place of whoever is speaking, in any province."""
    assert only(text).entry["place"] == place


def test_a_relative_word_with_no_place_named_is_left_empty():
    """全省 alone does not say which province: no place is guessed (once it meant Zhejiang)."""
    c = only("2025年1—8月，全省人工智能核心产业营业收入突破4000亿元。")
    assert c.entry.get("place") is None and c.entry["value"] == 4000


def test_a_county_short_form_needs_its_city_named():
    """萧山 is Hangzhou's district in a text that names Hangzhou; 通道 (a county's short form,
    and a word: channel) is no place in a text about Zhejiang."""
    assert only("杭州市萧山区：到2027年，萧山智能算力规模达到5EFLOPS。").entry["place"] == "xiaoshan"
    c = only("浙江省：到2027年，打造数据通道，全省智能算力规模达到50EFLOPS。")
    assert c.entry["place"] == "zhejiang"


def test_a_range_records_its_low_end_and_says_so():
    c = only("借助大模型，鞋履产品出货周期从90天缩短到10—15天。")
    assert (c.entry["value"], c.entry["unit"], c.entry["comparator"]) == (10, "天", ">=")
    assert "10—15" in c.entry["note"]
    assert 90 not in values("借助大模型，鞋履产品出货周期从90天缩短到10—15天。")  # where it started


def test_a_compound_annual_growth_target_is_a_growth_measure():
    c = only("到2027年，全省人工智能核心产业营收年均复合增长率20%以上。")
    assert (c.kind, c.entry["measure"], c.entry["value"], c.entry["unit"], c.entry["comparator"]) == (
        "targets", "growth", 20, "%", ">")
    assert c.entry["metric"] == "ai_core_revenue"


def test_a_growth_rate_after_a_level_joins_that_figure():
    c = only("2025年我省人工智能核心产业营收6800亿元左右，增长20%以上。", year=2026)
    assert (c.entry["value"], c.entry["comparator"]) == (6800, "~")
    assert c.entry["growth"] == {"comparator": ">", "value": 20, "unit": "%", "basis": "yoy", "text": "增长20%以上"}


def test_a_rank_alone_is_a_figure_with_a_rank():
    c = only("在人工智能计算力评估中，杭州算力水平居全国第二。")
    assert c.kind == "figures" and "value" not in c.entry
    assert c.entry["rank"] == {"value": 2, "scope": "national", "text": "居全国第二"}


def test_a_rank_after_a_count_joins_that_figure():
    c = only("宁波21家企业入选人工智能赋能制造业典型案例，入选数量居全省第二位。")
    assert (c.entry["value"], c.entry["unit"]) == (21, "家")
    assert c.entry["rank"]["value"] == 2 and c.entry["rank"]["scope"] == "provincial"


def test_chinese_numerals():
    assert values("到2027年，全市培育行业大模型二十五个。") == [25]
    assert values("目前，全市已培育基础大模型两个。") == [2]


def test_a_chinese_numeral_without_a_metric_is_not_a_claim():
    # 两个轨道, 三个大趋势: counting ideas, not things the registry tracks
    assert claims("人工智能通过思维模拟和行动模拟这两个轨道协力共进，将出现三个大趋势。") == []


def test_sub_targets_after_qizhong_link_to_their_parent():
    found = claims("到2027年，全市行业大模型达到50个，其中基础大模型5个。")
    parent, child = found
    assert child.entry["links"] == [{"rel": "part_of", "target": parent.entry["id"]}]
    assert "links" not in parent.entry


def test_items_after_ji_spell_out_the_first_one():
    found = claims("杭州将构建人工智能产业创新空间，即每个空间需形成2万平米以上孵化空间，"
                   "算力、数据、模型等8类服务，资源、政策、服务等6张清单。")
    area, services, lists = found
    assert (area.entry["value"], area.entry["unit"]) == (2, "万平米")
    for part in (services, lists):
        assert part.entry["links"] == [{"rel": "part_of", "target": area.entry["id"]}]


def test_a_thousands_separator_is_read_only_as_the_text_wrote_it():
    assert values("全市人工智能企业达到1,200家。") == [1200]
    # a full-width comma ends a clause: 1，200家 is 200家
    assert values("全市人工智能企业达到1，200家。") == [200]


def test_a_claim_stated_twice_is_one_candidate_with_two_quotes():
    (c,) = claims("杭州智算规模达到1669PFlops。报道称，全市智算规模已达1669PFlops。")
    assert [s["quote"] for s in c.entry["statements"]] == ["杭州智算规模达到1669PFlops", "全市智算规模已达1669PFlops"]


PLAN = """宁波市人工智能产业发展行动方案（2025—2027年）

一、总体目标
到2027年，全市人工智能核心产业规模突破1500亿元；智能算力规模达到10EFLOPS；培育人工智能企业500家以上，其中核心企业100家；打造行业大模型20个。

二、重点任务
（一）夯实算力底座。新增智能算力5EFLOPS。

2024年，全市人工智能核心产业营收达到820亿元，同比增长18.5%。截至2024年底，全市智能算力规模达3.2EFLOPS。
"""


def test_a_plans_deadline_holds_for_every_item_after_it_and_semicolons_part_items():
    found = {c.entry["value"]: c for c in claims(PLAN, year=2025)}
    for value in (1500, 10, 500, 100, 20):
        assert found[value].kind == "targets"
        assert found[value].entry["deadline"]["text"] == "到2027年"
    # 其中 reaches to the next ；: only 核心企业100家 is part of the 500 enterprises
    assert found[100].entry["links"] == [{"rel": "part_of", "target": found[500].entry["id"]}]
    assert "links" not in found[20].entry
    # a section headed 重点任务 lists things to do
    assert found[5].kind == "targets" and "任务" in found[5].reason
    # what 2024 reached is a report
    assert found[820].kind == "figures" and found[820].entry["period"]["end"] == "2024"
    assert found[3.2].kind == "figures" and found[3.2].entry["period"]["kind"] == "point"
    assert {c.entry["place"] for c in found.values()} == {"ningbo"}


def test_full_width_digits_letters_and_punctuation():
    c = only("截至２０２５年６月，杭州智算规模达到１６６９ＰＦｌｏｐｓ。")
    assert (c.entry["value"], c.entry["unit"], c.value_base) == (1669, "PFlops", 1.669e18)
    assert c.entry["period"]["end"] == "2025-06"


# --- the cues that decide kind, time, firmness and comparator ----------------------------------

def test_dao_2027_nian_makes_a_target_with_that_deadline():
    c = only("到2027年，全市人工智能核心企业达到1000家。")
    assert c.kind == "targets"
    assert c.entry["deadline"] == {"date": "2027", "precision": "year", "text": "到2027年"}
    assert c.reason.startswith("target: 到2027年")


def test_lizheng_makes_a_target_to_strive_for():
    c = only("力争全市人工智能核心产业收入超过3900亿元。")
    assert (c.kind, c.entry["firmness"]) == ("targets", "strive")
    assert "力争" in c.reason
    assert only("到2027年，全市人工智能核心企业达到1000家。").entry["firmness"] == "firm"


def test_jiezhi_makes_a_figure_at_that_date():
    c = only("截至2025年6月，浙江共有44款人工智能大模型通过国家网信办备案。")
    assert c.kind == "figures"
    assert c.entry["period"] == {"start": None, "end": "2025-06", "kind": "point", "text": "截至2025年6月"}
    assert c.reason.startswith("figure: 截至")


def test_leiji_makes_a_cumulative_figure():
    c = only("杭州人工智能场景创新平台累计发布需求超340个。")
    assert (c.kind, c.entry["period"]["kind"]) == ("figures", "cumulative")
    assert "累计" in c.reason


def test_zuoyou_means_about():
    assert only("全省人工智能核心产业营收6800亿元左右。").entry["comparator"] == "~"


def test_yi_makes_a_figure_even_without_a_date():
    c = only("平台已入驻数据企业460家。")
    assert c.kind == "figures" and "已" in c.reason
    # no time word: as of the document's date (the year given), flagged as such
    assert c.entry["period"]["end"] == "2025"
    assert any("document's date" in flag for flag in c.as_yaml_entry()["flags"])


def test_jin_nian_di_is_the_documents_year_end():
    c = only("力争今年底智能算力服务超过50EFlops。", year=2025)
    assert c.entry["deadline"] == {"date": "2025-12-31", "precision": "year_end", "text": "今年底"}


def test_a_past_year_with_dao_is_a_report():
    c = only("到2024年，杭州人工智能核心产业营收达到2000亿元。", year=2026)
    assert c.kind == "figures" and "past year 2024" in c.reason


def test_place_defaults_to_the_nearest_place_named_earlier():
    found = claims("杭州人工智能产业蓬勃发展。人工智能核心企业已超过1000家。宁波人工智能核心企业已超过500家。")
    assert [c.entry["place"] for c in found] == ["hangzhou", "ningbo"]
    # 全市 is the city named last
    assert only("宁波加快发展人工智能。全市人工智能核心企业已超过500家。").entry["place"] == "ningbo"


# --- what is not a claim -------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("咨询电话：0571-85112345", ("phone", "电话:0571-85112345")),
    ("报名手机13912345678", ("phone", "手机13912345678")),
    ("连续出版物号 ISSN 1008-0260", ("code", "ISSN1008-0260")),
    ("2025年6月4日，杭州召开大会", ("date", "2025年6月4日")),
    ("今年1—7月，实现营收", ("date", "1—7月")),
    ("2025年第17期", ("issue", "第17期")),
    ("1.人工智能核心产业", ("list", "1.")),
    ("（二）人工智能企业", ("list", "(二)")),
    ("三、算力基础设施", ("list", "三、")),
    ("根据《条例》第十二条", ("ordinal", "第十二条")),
    ("省委十五届八次全会", ("session", "十五届八次全会")),
    ("以1+2+8+6+4作为运营支撑体系", ("label", "1+2+8+6+4")),
])
def test_numbers_that_are_not_claims_are_recognised_for_what_they_are(text, expected):
    assert expected in non_claims(text)


def test_a_decimal_at_the_start_of_a_sentence_is_no_list_number():
    assert non_claims("1.5亿元投向人工智能。") == []
    assert values("1.5亿元投向人工智能企业研发。") == [1.5]


def test_phone_numbers_and_codes_yield_no_candidates():
    found = claims("人工智能企业服务热线：0571-85112345台州分中心。"
                   "人工智能专刊 ISSN 1008-0260 CN 33-1213/D。")
    assert found == []


def test_a_phone_number_does_not_leak_into_a_quote():
    c = only("联系电话：0571-85112345人工智能企业超过100家。")
    assert c.entry["value"] == 100 and "0571" not in c.entry["statements"][0]["quote"]


def test_dates_are_not_claims():
    assert claims("2025年6月4日，杭州市召开人工智能创新高地建设动员大会。") == []


def test_list_numbering_is_not_a_claim():
    found = claims("1.人工智能核心产业营收持续增长。\n（2）人工智能企业加快集聚。\n三、人工智能企业超过100家。")
    assert [c.entry["value"] for c in found] == [100]


def test_the_article_number_of_a_law_is_not_a_claim():
    assert claims("依据《浙江省促进人工智能产业发展条例》第12条，人工智能企业应当备案。") == []
    assert claims("根据《条例》第十二条，人工智能企业应当向网信部门备案。") == []


def test_only_the_unfinished_clause_of_a_text_cut_off_at_its_end_is_left_out():
    # the long ；-joined lists of plans are where copies get cut: the whole clauses stay
    assert values("到2027年，全省智算规模达到5万P；培育人工智能企业100家；建设30个以") == [5, 100]
    assert values("杭州人工智能企业已超过2000家，智算规模达到") == [2000]
    assert values("杭州人工智能企业已超过2000家。") == [2000]


def test_claims_outside_ai_are_left_out():
    assert claims("全市新建养老床位1200张，改造老旧小区300个。") == []
    assert values("全市新增人工智能企业1200家。") == [1200]


def test_model_names_are_not_claims():
    assert claims("阿里巴巴发布通义千问Qwen2.5-Omni-7B，DeepSeek-V3和GPT-4同场竞技。") == []


def test_sessions_of_a_congress_are_not_claims():
    assert claims("省委十五届八次全会将打造人工智能创新发展高地作为关键。") == []


# --- input forms ---------------------------------------------------------------------------------

HTML = """<!doctype html><html><head><title>杭州</title><style>p {color: red}</style></head>
<body><h1>人工智能</h1>
<p>截至2025年6月，杭州智算规模达到<b>1669</b>PFlops。</p>
<script>var note = "人工智能企业超过100家。";</script>
</body></html>"""


def test_html_is_read_without_its_markup():
    c = only(HTML)
    assert (c.entry["value"], c.entry["unit"], c.entry["place"]) == (1669, "PFlops", "hangzhou")
    quote = c.entry["statements"][0]["quote"]
    assert quote == "杭州智算规模达到1669PFlops" and quote in plain_text(HTML)


def test_traditional_script_is_matched_and_quoted_as_written():
    text = "截至2025年6月，杭州智算規模達到1669PFlops，人工智能企業超過1000家。"
    compute, enterprises = claims(text)
    assert (compute.entry["metric"], compute.entry["place"]) == ("intelligent_compute", "hangzhou")
    assert (enterprises.entry["value"], enterprises.entry["comparator"]) == (1000, ">")
    for c in (compute, enterprises):
        assert c.entry["statements"][0]["quote"] in text


def test_pinyin_inserted_by_a_mirror_site_is_read_through_and_the_quote_keeps_it():
    text = "截至2025年6月，杭州智算規(guī)模達(dá)到1669PFlops。"
    (compute,) = claims(text)
    assert (compute.entry["metric"], compute.entry["value"], compute.entry["comparator"]) == ("intelligent_compute", 1669, ">=")
    quote = compute.entry["statements"][0]["quote"]
    assert quote in text and "(guī)" in quote


# --- output, ids and the command line -------------------------------------------------------------

def test_ids_are_place_metric_year_and_unique():
    found = claims("截至2025年6月，杭州智算规模达到1669PFlops。2025年，杭州智能算力新增500PFlops。")
    assert [c.entry["id"] for c in found] == ["hangzhou-intelligent-compute-2025",
                                              "hangzhou-intelligent-compute-2025-2"]


def test_the_command_line_prints_registry_yaml_with_confidence_and_reason():
    run = tracker("extract", "-", "--year", "2025", stdin="到2027年，全市智算规模力争达到5.4万P。")
    assert run.returncode == 0, run.stderr
    printed = yaml.safe_load(run.stdout)
    assert printed["figures"] == []
    (target,) = printed["targets"]
    assert target["value"] == 5.4 and target["unit"] == "万P" and target["value_base"] == 5.4e19
    assert 0 < target["confidence"] <= 1 and target["reason"] == "target: 到2027年 + 力争"


def test_end_to_end_on_a_seed_document(seeds, make_registry):
    registry = make_registry("""\
        targets: []
        figures:
          - id: zj-revenue-6800
            place: zhejiang
            metric: ai_core_revenue
            comparator: "~"
            value: 6800
            unit: 亿元
            period: {start: "2025", end: "2025", kind: year}
            statements:
              - source: seed-004
                quote: 2025年我省人工智能核心产业营收6800亿元左右
        """)
    path = seeds / "004_9833b179fd3d1339.txt"
    run = tracker("extract", str(path), "--registry", str(registry))
    assert run.returncode == 0, run.stderr
    printed = yaml.safe_load(run.stdout)
    revenue = next(f for f in printed["figures"] if f["value"] == 6800)
    assert (revenue["place"], revenue["metric"], revenue["unit"], revenue["comparator"]) == (
        "zhejiang", "ai_core_revenue", "亿元", "~")
    assert revenue["value_base"] == 6.8e11 and revenue["growth"]["value"] == 20
    (statement,) = revenue["statements"]
    assert statement["source"] == "seed-004"  # found from the file's name in data/sources.yaml
    assert statement["quote"] in path.read_text(encoding="utf-8")
    assert revenue["flags"] == ["duplicates zj-revenue-6800"]


def test_every_candidate_with_a_metric_passes_the_validator(seeds, make_registry):
    """The entries extract proposes for a seed text are valid registry entries: verbatim
    quotes that hold their numbers, units that fit their metrics, known places and actors."""
    text = (seeds / "003_f8d9d2d854f8ecf4.txt").read_text(encoding="utf-8")
    found = [c for c in claims(text, year=2026, source="seed-003") if c.entry["metric"]]
    assert len(found) >= 20
    document = {"targets": [], "figures": []}
    for c in found:
        document[c.kind].append(c.registry_entry())
    path = make_registry(yaml.safe_dump(document, allow_unicode=True, sort_keys=False))
    registry = load_registry(path, sources_dir=seeds)
    assert len(registry.targets) + len(registry.figures) == len(found)


# --- merging -------------------------------------------------------------------------------------

REGISTRY = """\
# my registry: this comment stays
targets: []
figures:
  # deliberately at odds with seed-004's 6800亿元 for the same place, metric and year
  - id: zj-revenue-2025
    place: zhejiang
    metric: ai_core_revenue
    comparator: ">"
    value: 4000
    unit: 亿元
    period: {start: "2025", end: "2025", kind: year, text: 2025年}
    statements:
      - source: seed-002
        quote: 2025年1—8月,全省人工智能核心产业企业数量持续增长,营业收入突破4000亿元
"""


def test_merge_adds_accepted_candidates_and_flags_duplicates_and_contradictions(seeds, make_registry):
    path = make_registry(REGISTRY)
    seed = str(seeds / "004_9833b179fd3d1339.txt")
    run = tracker("extract", seed, "--merge", "--min-confidence", "0.5", "--registry", str(path),
                  "--sources", str(seeds))
    assert run.returncode == 0, run.stderr
    # same place, metric and period as zj-revenue-2025 but another value: flagged, not added
    assert "contradicts zj-revenue-2025" in run.stderr
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# my registry: this comment stays\n")
    registry = load_registry(path, sources_dir=seeds)
    added = [f for f in registry.figures if f.id != "zj-revenue-2025"]
    assert added and all(f.statements[0].source == "seed-004" for f in added)
    assert "confidence:" not in text and "reason:" not in text and "value_base:" not in text
    # a second run finds every candidate already there
    again = tracker("extract", seed, "--merge", "--min-confidence", "0.5", "--registry", str(path),
                    "--sources", str(seeds))
    assert again.returncode == 0, again.stderr
    assert "duplicates" in again.stderr
    assert re.search(rf"^0 of \d+ candidate\(s\) added to {re.escape(str(path))}$", again.stderr, re.M)
    assert path.read_text(encoding="utf-8") == text


def test_merge_asks_before_each_entry_when_interactive(seeds, make_registry):
    path = make_registry("targets: []\nfigures: []\n")
    text = (seeds / "004_9833b179fd3d1339.txt").read_text(encoding="utf-8")
    found = claims(text, year=2026, source="seed-004")
    asked, lines = [], []

    def ask(candidate):
        asked.append(candidate)
        return candidate.entry["value"] == 6800 if "value" in candidate.entry else False

    added = merge(found, path, min_confidence=None, ask=ask, load_options={"sources_dir": seeds},
                  report=lines.append)
    assert added == 1 and len(asked) == len([c for c in found if c.entry["metric"]])
    (figure,) = load_registry(path, sources_dir=seeds).figures
    assert figure.value == 6800 and figure.growth.value == 20


def test_merge_without_a_terminal_needs_a_threshold(seeds, make_registry):
    path = make_registry("targets: []\nfigures: []\n")
    run = tracker("extract", "-", "--merge", "--source", "seed-004", "--registry", str(path),
                  stdin="2025年我省人工智能核心产业营收6800亿元左右。")
    assert run.returncode == 2 and "--min-confidence" in run.stderr


def test_yaml_output_round_trips_through_the_registrys_own_writer():
    found = claims("到2025年底，全市智算规模超过50EFlops。截至2025年6月，全市智算规模达到1669PFlops。")
    printed = yaml.safe_load(io.StringIO(to_yaml(found)))
    assert [e["id"] for e in printed["targets"]] == ["unplaced-intelligent-compute-2025"]
    assert printed["figures"][0]["period"]["end"] == "2025-06"
    assert printed["targets"][0]["deadline"]["date"] == "2025-12-31"


def test_a_run_of_digits_costs_its_length_not_its_square():
    """A pasted text of 200,000 digits (an attack on the Import page, or a corrupted PDF) is
    read in well under a minute and gives no claim; the patterns that skip formulae (1+2+8)
    and sessions (十五届) once tried every digit of the run, 3.7 s at 10,000 digits and
    ~15 minutes at 200,000."""
    code = ("from tracker.extract import extract, load_catalogue\n"
            "print(len(extract('人工智能产业规模' + '1' * 200_000 + '亿元。' + '十' * 20_000 + '届', load_catalogue('data'))))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-500:]
    assert done.stdout.strip() == "0"


def test_chinese_numerals_with_two_magnitudes_a_decimal_point_or_a_range_are_read_whole():
    # the trailing 万 of 一亿二千万 is no magnitude of the whole; 三点五亿 has a decimal point
    assert [(c.entry["value"], c.entry["unit"]) for c in claims("全省人工智能产业基金规模达到一亿二千万元。")] == \
        [(120000000, "元")]
    assert [(c.entry["value"], c.entry["unit"]) for c in claims("全省人工智能产业基金规模达到一亿零五百万元。")] == \
        [(105000000, "元")]
    assert [(c.entry["value"], c.entry["unit"]) for c in claims("全省人工智能产业基金规模达到三点五亿元。")] == \
        [(3.5, "亿元")]
    assert [(c.entry["value"], c.entry["unit"]) for c in claims("全省人工智能产业基金规模达到三千万元。")] == \
        [(3000, "万元")]
    (plants,) = claims("到2027年，建成行业大模型两到三个。")
    assert (plants.entry["value"], plants.entry["comparator"]) == (2, ">=") and "low end" in plants.entry["note"]
