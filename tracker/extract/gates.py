"""The gates: every reason the extractor drops a number it has seen, each with a short id and
a sentence in English and in Chinese saying why. `tracker extract FILE --explain` prints, for
each number, either the claim it became or the gate that stopped it.

A gate is named where the number is dropped (numbers.py, pipeline.py, build.py): they return
the gate's id instead of a bare None, so the reason is never lost on the way."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Gate:
    id: str
    en: str
    zh: str

    def text(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


_ROWS = [
    # read as something other than a quantity
    ("part_of_number", "part of the number before it (a range's upper end, a unit)", "属于前面的数字（区间上限或单位）"),
    ("date", "a date, not a claim", "日期，不是数据"),
    ("document_number", "a document number (苏政发〔2026〕12号)", "发文字号（如苏政发〔2026〕12号）"),
    ("phone", "a phone number", "电话号码"),
    ("code", "a registration code (ISSN, CN, postal code …)", "登记编号（刊号、邮编等）"),
    ("issue", "an issue, page or edition number", "期号、页码或版次"),
    ("ordinal", "an ordinal (第十二条, 第3款, 第二批)", "序数（第十二条、第3款、第二批）"),
    ("session", "the number of a congress or plenary session", "会议届次"),
    ("label", "a formula or label (1+2+8)", "公式或代号（如1+2+8）"),
    ("list", "list numbering", "列表序号"),
    ("definition", "inside a bracketed definition of a unit", "括号内的单位释义"),
    ("identifier", "part of a name (Qwen2.5-7B, GPT-4, G60)", "名称的一部分（如Qwen2.5-7B、GPT-4、G60）"),
    ("no_unit", "no unit the tracker knows follows it", "其后没有可识别的单位"),
    ("word", "a numeral character inside a word (一流, 万物, 统一)", "词语中的数字字（如一流、万物、统一）"),
    ("set_phrase", "a set phrase (一个, 一批, 三位一体, 千家万户)", "固定说法（如一个、一批、三位一体、千家万户）"),
    ("range_unit", "a range in a unit that cannot hold one", "该单位的数值不能写成区间"),
    ("zero", "the value is zero", "数值为零"),
    ("too_large", "too large to be a number", "数值过大，不是有效数字"),
    # read as a quantity, but not a claim
    ("baseline", "where a change started (从90天缩短到…), not where it ends", "变化的起点（从90天缩短到……），不是结果"),
    ("difference", "a difference between two rates (高出2个百分点)", "两个比率之差（如高出2个百分点）"),
    ("cut_off", "in the unfinished last clause of a text that stops mid-way", "位于文本末尾未写完的分句中"),
    ("heading", "in a short heading", "位于简短标题中"),
    ("not_ai", "no AI word in its clause, sentence, paragraph or section", "所在分句、句子、段落和章节均无人工智能相关词语"),
    ("section_only", "about AI only through its section, and its clause names no metric",
     "仅因所在章节与人工智能相关，且所在分句未提及指标"),
    ("no_metric", "no metric named, and no AI word in its own clause", "未提及指标，且所在分句无人工智能相关词语"),
    ("no_measure_word", "a magnitude without a measure word, and no metric to supply one",
     "只有数量级而无量词，也没有可补充量词的指标"),
    ("size_class", "a size class (百亿级企业, 依托千卡级集群, 支持万亿参数训练, 万卡集群2个), not an amount",
     "规模等级（如百亿级企业、依托千卡级集群、支持万亿参数训练、万卡集群2个），不是数额"),
    ("own_tasks", "a count of the document's own tasks (部署12项重点任务, 实施五大工程)", "文件自身任务的数目（如部署12项重点任务、实施五大工程）"),
    ("gloss", "a unit's gloss in brackets after a number (（约合1万PFLOPS）)", "数字后括号内的单位换算（如（约合1万PFLOPS））"),
    ("rank_group", "the size of the group a rank is taken in (在五大集群中居首位)", "排名所在群体的规模（如在五大集群中居首位）"),
    ("enumeration", "counts the items of the list before it (聚焦A、B、C三个方向)", "列举项目的个数（如聚焦A、B、C三个方向）"),
    ("threshold", "a threshold that defines what is counted (估值超过10亿美元的独角兽企业20家)",
     "界定计数对象的门槛（如估值超过10亿美元的独角兽企业20家）"),
    ("chinese_count", "a count in Chinese numerals whose clause names no metric", "用汉字书写的计数，所在分句未提及指标"),
    ("big_n", "N大 (五大平台) with no metric right after it", "“N大”（如五大平台）之后紧接的不是指标"),
    ("rank_no_metric", "a rank with no metric and no AI word in its sentence", "排名既无指标，所在句子也无人工智能相关词语"),
    ("growth_of_target", "the growth rate of a target, not read as a target itself", "目标所附的增长率，本身未被识别为目标"),
    ("below_confidence", "below the confidence asked for (--min-confidence)", "低于所要求的最低置信度"),
]
GATES: dict[str, Gate] = {gate_id: Gate(gate_id, en, zh) for gate_id, en, zh in _ROWS}

