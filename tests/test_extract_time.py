"""When a claim is for, and whether it is a target or a reported figure: the document's own date
comes from its metadata, a deadline keeps governing the aims that follow it, 累计 does not
undo it, and a figure with no time word is dated by the document when the document is dated.

Every text here is made up, in the style of plans and reports from many provinces.
"""

from __future__ import annotations

from pathlib import Path

from tracker.extract import extract, load_catalogue, read_document

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = load_catalogue(ROOT / "data")


def kinds(text: str, year: int | None = None) -> list[tuple[float, str, str | None]]:
    """(value, kind, the deadline's or period's year) of each claim."""
    out = []
    for c in extract(text, CATALOGUE, year=year):
        if c.kind == "targets":
            date = c.entry["deadline"]["date"]
        else:
            date = c.entry["period"]["end"] or c.entry["period"]["start"]
        out.append((c.entry.get("value"), c.kind, date[:4] if date else None))
    return out


# --- the document's date -------------------------------------------------------------------------

def test_the_signature_date_is_the_documents_date_not_the_plans_last_year():
    text = ("河南省人工智能产业发展行动方案（2025—2027年）\n"
            "到2027年，全省智能算力规模达到30EFLOPS。\n"
            "河南省人民政府\n2025年4月8日\n")
    document = read_document(text)
    assert document.date.date == "2025-04-08" and document.date.basis == "date_line"


def test_a_chinese_numeral_signature_date_is_read():
    text = "到2027年，全省智能算力规模达到30EFLOPS。\n陕西省人民政府\n二〇二六年三月十二日\n"
    assert read_document(text).date.date == "2026-03-12"


def test_a_document_numbers_year_dates_the_text():
    text = "皖政办〔2026〕7号\n到2030年，全省人工智能企业达到3000家。"
    document = read_document(text)
    assert (document.year, document.date.basis) == (2026, "document_number")


def test_a_plans_span_in_its_title_does_not_date_it_and_so_its_first_milestone_stays_a_target():
    text = ("重庆市推动人工智能产业高质量发展行动计划（2025—2027年）\n"
            "到2025年底，全市智能算力规模达到5EFLOPS；到2027年，全市智能算力规模达到20EFLOPS。\n"
            "重庆市人民政府办公厅\n2025年2月10日\n")
    assert kinds(text) == [(5, "targets", "2025"), (20, "targets", "2027")]


def test_the_year_given_wins_over_the_texts_own_lines():
    text = "2025年4月8日\n全省人工智能企业已达1200家。"
    assert read_document(text, year=2026).date.date == "2026"


# --- a text cut off at its end ---------------------------------------------------------------------

def test_a_cut_off_list_keeps_its_whole_items():
    text = ("福建省人民政府办公厅\n"
            "到2027年，全省智能算力规模达到15EFLOPS；培育人工智能企业300家；建设60个以")
    assert kinds(text, 2026) == [(15, "targets", "2027"), (300, "targets", "2027")]



def test_a_text_cut_off_after_a_page_break_still_drops_its_unfinished_clause():
    # the body goes on across a running head (第2页), which is read after it
    text = ("某省人工智能产业发展行动方案\n"
            "到2027年，全省智能算力规模达到50EFLOPS，培育人工智能核心企业100家，打造\n第2页\n"
            "行业大模型30个，建设人工智能创新中心60个以")
    assert [value for value, _, _ in kinds(text, 2026)] == [50, 100, 30]


# --- a deadline's reach --------------------------------------------------------------------------

def test_累计_after_a_deadline_is_a_cumulative_target_not_a_report():
    text = "吉林省人民政府办公厅\n到2027年，累计建成智能算力中心10个，累计培育人工智能企业200家。"
    assert kinds(text, 2026) == [(10, "targets", "2027"), (200, "targets", "2027")]


def test_累计_with_no_deadline_still_reports():
    assert kinds("截至2025年底，全省累计建成智能算力中心8个。", 2026) == [(8, "figures", "2025")]


def test_a_deadline_opening_an_earlier_sentence_carries_to_the_aims_after_it():
    text = ("天津市人民政府办公厅\n"
            "到2027年，全市人工智能产业体系基本形成。智能算力规模达到12EFLOPS，人工智能核心企业超过500家。")
    assert kinds(text, 2026) == [(12, "targets", "2027"), (500, "targets", "2027")]


def test_a_deadline_in_a_heading_line_carries_to_the_paragraphs_under_it():
    text = ("云南省人民政府办公厅关于印发行动方案的通知\n"
            "到2026年，全省人工智能发展的主要目标是：\n"
            "智能算力规模达到8EFLOPS。\n"
            "人工智能核心企业达到150家。\n")
    assert kinds(text, 2025) == [(8, "targets", "2026"), (150, "targets", "2026")]


def test_a_paragraph_with_its_own_time_is_not_framed_by_an_earlier_deadline():
    text = ("到2026年，全省人工智能发展的主要目标是：\n"
            "智能算力规模达到8EFLOPS。\n"
            "截至2024年底，全省智能算力规模已达3EFLOPS。\n")
    assert kinds(text, 2025) == [(8, "targets", "2026"), (3, "figures", "2024")]


def test_a_plan_verb_in_a_sentence_that_reports_does_not_make_a_target():
    text = "2025年，全省加快推进人工智能产业发展，建成智算中心12个。"
    assert kinds(text, 2025) == [(12, "figures", "2025")]


# --- figures without a date -----------------------------------------------------------------------

def test_目前_takes_the_documents_date_when_its_metadata_gives_one_and_says_so():
    text = "目前，全省人工智能核心企业达到860家。\n黑龙江省工业和信息化厅\n2026年5月6日\n"
    (candidate,) = extract(text, CATALOGUE)
    assert candidate.kind == "figures"
    assert candidate.entry["period"]["end"] == "2026-05-06"
    assert any(flag.startswith("period from the document's date") for flag in candidate.as_yaml_entry()["flags"])


def test_a_figure_with_no_time_word_takes_the_given_year():
    (candidate,) = extract("全省人工智能核心企业已有860家。", CATALOGUE, year=2026)
    assert candidate.entry["period"]["end"] == "2026"


def test_an_undated_figure_in_an_undated_text_stays_undated():
    (candidate,) = extract("全省人工智能核心企业已有860家。", CATALOGUE)
    assert candidate.entry["period"]["end"] is None and candidate.entry["period"]["start"] is None


def test_a_press_pages_date_line_dates_it_and_目前_after_a_year_is_that_date():
    text = ("合肥：人工智能产业跑出加速度\n"
            "来源：安徽日报  2026-02-11\n"
            "2025年，合肥人工智能核心产业规模达到900亿元；目前全市人工智能企业超过1300家。\n")
    assert read_document(text).date.date == "2026-02-11"
    assert kinds(text) == [(900, "figures", "2025"), (1300, "figures", "2026")]


def test_a_statistics_bulletins_title_gives_the_year_of_its_undated_figures():
    text = ("四川省2025年国民经济和社会发展统计公报\n"
            "四川省统计局\n2026年3月10日\n"
            "全年全省人工智能核心产业营业收入1200亿元。年末全省在用智能算力规模达到9EFLOPS。\n")
    assert kinds(text) == [(1200, "figures", "2025"), (9, "figures", "2025")]


def test_过去一年_in_a_work_report_is_the_year_before_it():
    text = ("政府工作报告\n——2026年1月20日在某市第十七届人民代表大会第四次会议上\n"
            "过去一年，全市智能算力规模达到4EFLOPS。\n")
    assert kinds(text) == [(4, "figures", "2025")]


def test_an_amount_a_policy_grants_is_a_figure_as_of_the_policy():
    text = ("长沙市岳麓区人民政府办公室关于支持人工智能产业发展的若干措施\n"
            "岳政办发〔2026〕3号\n"
            "一、发展目标。到2027年，全区人工智能企业达到300家。\n"
            "二、支持算力应用。每年发放算力券总额不超过3000万元，每家企业每年不超过80万元。\n")
    assert kinds(text) == [(300, "targets", "2027"), (3000, "figures", "2026"), (80, "figures", "2026")]


def test_a_city_document_numbers_year_dates_the_text_too():
    assert read_document("岳政办发〔2026〕3号\n全区人工智能企业已有120家。").date.date == "2026"
