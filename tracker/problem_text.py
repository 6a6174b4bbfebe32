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

# (pattern of the English message, its Chinese): the messages a new target or figure can get
# (tracker/validate.py check_new_claim and check_claim, tracker/registry.py _validate, the
# source text checks of tracker/sources.py check_texts, tracker/edit.py's refusals).
_PROBLEMS: list[tuple[re.Pattern, object]] = [
    (re.compile(r"quote is not verbatim in .*"), lambda m: "引文与来源原文不一致：请从原文逐字复制该句"),
    (re.compile(rf"quote does not contain the value {_NUMBER} it backs"), lambda m: f"引文中没有它所支持的数值 {m[1]}"),
    (re.compile(rf"quote does not contain the growth rate {_NUMBER}"), lambda m: f"引文中没有增速 {m[1]}"),
    (re.compile(rf"quote does not contain the rank {_NUMBER}"), lambda m: f"引文中没有排名 {m[1]}"),
    (re.compile(r"unit .* measures .*, but metric .* is .*"), lambda m: "单位与该指标的计量类别不符"),
    (re.compile(r"baseline unit .* does not match the target's .*"), lambda m: "基准值的单位与目标的单位不一致"),
    (re.compile(r"unknown place .*"), lambda m: "地区不在地区目录中：请先添加该地区，或选用已有地区"),
    (re.compile(r"unknown actor .*"), lambda m: "发布机关不在机关目录中：请先添加该机关"),
    (re.compile(r"unknown metric .*"), lambda m: "指标不在指标目录中：请选用已有指标，或先添加该指标"),
    (re.compile(r"unknown source .*"), lambda m: "来源尚未登记：请先把这篇文章登记为来源，再引用它"),
    (re.compile(r"statement dated (\S+), after its source was published \((\S+)\)"),
     lambda m: f"表述日期 {m[1]} 晚于来源的发布日期 {m[2]}"),
    (re.compile(r"figure period (?:starts|ends) (\S+), after the document reporting it \(([^)]+)\).*"),
     lambda m: f"数据时间 {m[1]} 晚于报告它的文件的发布日期 {m[2]}：对未来的预期应记为目标"),
    (re.compile(r"duplicate id .*"), lambda m: "编号已被其他条目使用"),
    (re.compile(r"a target cannot link to itself"), lambda m: "目标不能关联自身"),
    (re.compile(r"unknown target .*"), lambda m: "关联的目标不存在"),
    (re.compile(r"required field is missing"), lambda m: "缺少必填项"),
    (re.compile(r"unknown field .*"), lambda m: "不认识的字段：请核对拼写"),
    (re.compile(r".* is not an id .*"), lambda m: "这里应填编号（小写字母、数字、- 和 _），而不是名称"),
    (re.compile(r"the text of (\S+) \(.*\) is not found under .*: its quote cannot be checked.*"),
     lambda m: f"找不到来源 {m[1]} 的原文，无法核对引文：请把原文放回原文文件夹，或把这篇文章登记为来源"),
    (re.compile(r"the file is read-only .*"), lambda m: "登记册文件为只读：请先允许写入"),
    (re.compile(r"no checksum recorded for .*"), lambda m: "来源原文没有登记校验值：请重新登记该来源"),
    (re.compile(r"the text of \S+ changed since it was registered.*"),
     lambda m: "来源原文在登记后被改动：请恢复原文，或把新文本登记为新来源"),
]


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
            return chinese(match)
    field = _field_zh(problem.field)
    return (f"{field}不符合登记册的要求" if field else "不符合登记册的要求") + "（详情请在命令行中校验登记册）"


def translated(message: str) -> bool:
    """Whether `message` has its own Chinese here (for the tests that keep the Chinese view Chinese)."""
    return any(pattern.fullmatch(message) for pattern, _ in _PROBLEMS)
