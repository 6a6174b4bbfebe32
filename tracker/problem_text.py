"""A registry problem in the reader's language.

The validator writes its problems in English with the file, line and column they are at (the
command line's and the server log's form). This is the one place that says them in Chinese,
for the Chinese view (the Import page's report of a refused candidate, `extract --merge --lang
zh`), the way tracker/extract/notes.py says the extractor's notes. In Chinese a problem is said
without its file and line (a reader of the page cannot open the server's files) and without
English: a message with no pattern here names the field that failed and says where to see
the details, so a new validator message cannot put English into the Chinese view."""

from __future__ import annotations

import re

from .errors import Problem

# The Chinese of the fields a claim's problem names (the last named part of its path).
FIELDS_ZH = {
    "id": "编号", "place": "地区", "actor": "发布机关", "metric": "指标", "comparator": "比较符", "value": "数值",
    "unit": "单位", "deadline": "期限", "period": "时间", "start": "起始时间", "end": "截止时间", "date": "日期",
    "statements": "表述", "source": "来源", "quote": "引文", "growth": "增速", "rank": "排名", "links": "关联目标",
    "target": "关联目标", "baseline": "基准值", "sha256": "原文校验值", "file": "原文文件", "measure": "数据类型",
}

_NUMBER = r"(-?[\d.]+(?:e[+-]?\d+)?)"

# The English and its Chinese ({1}, {2}: what the English's groups capture): the messages a new
# target or figure can get (tracker/validate.py check_new_claim and check_claim,
# tracker/registry.py _validate, tracker/sources.py check_texts, tracker/edit.py's refusals).
_CHINESE = {
    r"quote is not verbatim in .*": "引文与来源原文不一致：请从原文逐字复制该句",
    rf"quote does not contain the value {_NUMBER} it backs": "引文中没有它所支持的数值 {1}",
    rf"quote does not contain the growth rate {_NUMBER}": "引文中没有增速 {1}",
    rf"quote does not contain the rank {_NUMBER}": "引文中没有排名 {1}",
    r"unit .* measures .*, but metric .* is .*": "单位与该指标的计量类别不符",
    r"baseline unit .* does not match the target's .*": "基准值的单位与目标的单位不一致",
    r"unknown place .*": "地区不在地区目录中：请先添加该地区，或选用已有地区",
    r"unknown actor .*": "发布机关不在机关目录中：请先添加该机关",
    r"unknown metric .*": "指标不在指标目录中：请选用已有指标，或先添加该指标",
    r"unknown source .*": "来源尚未登记：请先把这篇文章登记为来源，再引用它",
    r"statement dated (\S+), after its source was published \((\S+)\)": "表述日期 {1} 晚于来源的发布日期 {2}",
    r"figure period (?:starts|ends) (\S+), after the document reporting it \(([^)]+)\).*":
        "数据时间 {1} 晚于报告它的文件的发布日期 {2}：对未来的预期应记为目标",
    r"duplicate id .*": "编号已被其他条目使用",
    r"a target cannot link to itself": "目标不能关联自身",
    r"unknown target .*": "关联的目标不存在",
    r"required field is missing": "缺少必填项",
    r"unknown field .*": "不认识的字段：请核对拼写",
    r".* is not an id .*": "这里应填编号（小写字母、数字、- 和 _），而不是名称",
    r"the text of (\S+) \(.*\) is not found under .*: its quote cannot be checked.*":
        "找不到来源 {1} 的原文，无法核对引文：请把原文放回原文文件夹，或把这篇文章登记为来源",
    r"the file is read-only .*": "登记册文件为只读：请先允许写入",
    r"no checksum recorded for .*": "来源原文没有登记校验值：请重新登记该来源",
    r"the text of \S+ changed since it was registered.*": "来源原文在登记后被改动：请恢复原文，或把新文本登记为新来源",
}
_PROBLEMS = [(re.compile(english), chinese) for english, chinese in _CHINESE.items()]


def _field_zh(field: str) -> str:
    """'figures.3.statements.0.quote' → '引文' (its last named part); '' when none is known."""
    names = [part for part in field.split(".") if not part.isdigit()]
    return next((FIELDS_ZH[name] for name in reversed(names) if name in FIELDS_ZH), "")


def problem_text(problem: Problem, lang: str) -> str:
    """`problem` as the reader of `lang` reads it: as the validator writes it in English (file,
    line, column, field, message), in Chinese its message alone."""
    if lang != "zh":
        return str(problem)
    for pattern, chinese in _PROBLEMS:
        match = pattern.fullmatch(problem.message)
        if match:
            return chinese.format(match[0], *match.groups())
    field = _field_zh(problem.field)
    return (f"{field}不符合登记册的要求" if field else "不符合登记册的要求") + "（详情请在命令行中校验登记册）"


def translated(message: str) -> bool:
    """Whether `message` has its own Chinese here (for the tests that keep the Chinese view Chinese)."""
    return any(pattern.fullmatch(message) for pattern, _ in _PROBLEMS)
