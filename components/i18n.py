"""Interface words in both languages. Names of places, metrics and sources come from the
registry itself, never from here."""

WORDS = {
    "title": ("AI 目标追踪", "AI Targets Tracker"),
    "tagline": ("各地人工智能目标与实际进展", "Are governments hitting their AI targets?"),
    "overview": ("总览", "Overview"),
    "targets": ("目标与数据", "Targets"),
    "places": ("地区", "Places"),
    "sources": ("来源", "Sources"),
    "place": ("地区", "Place"),
    "year": ("年份", "Year"),
    "topic": ("领域", "Topic"),
    "status": ("状态", "Status"),
    "all": ("全部", "All"),
    "clear": ("清除筛选", "Clear filters"),
    "no_match": ("没有符合筛选条件的目标。请放宽筛选。", "No targets match these filters. Widen them to see more."),
    "no_registry": ("登记册无法加载，暂无数据可显示。", "The registry could not be loaded; there is nothing to show yet."),
    "banner": ("登记册有误，仍显示上一版有效数据：", "The registry has errors; showing the last good version:"),
    "reloading": ("登记册已更新，正在加载新版本；此前仍显示上一版。",
                  "The registry has changed and the new version is loading; showing the previous one meanwhile."),
    "awaiting": ("已过截止日期、仍待数据的目标", "Deadline passed, still waiting for data"),
    "none_awaiting": ("没有已过期仍待数据的目标。", "No target is past its deadline without data."),
    "by_topic": ("按领域：最新数据占目标的百分比", "By topic: latest figure as % of target"),
    "pct_of_target": ("占目标 %", "% of target"),
    "legend": ("状态说明", "What the statuses mean"),
    "metric": ("指标", "Metric"),
    "value": ("数值", "Value"),
    "deadline": ("期限", "Deadline"),
    "kind": ("类型", "Kind"),
    "target": ("目标", "Target"),
    "figure": ("数据", "Figure"),
    "source": ("来源", "Source"),
    "source_text": ("原文全文", "Full text"),
    "quote_missing": ("引文未核对：未找到来源原文", "Quote not checked: the source text was not found"),
    "quote_not_checked": ("引文未与原文核对", "Quote not checked against the source text"),
    "quote": ("原文", "Quote"),
    "search": ("搜索…", "Search…"),
    "download": ("下载 CSV（当前显示的行）", "Download CSV (rows in view)"),
    "latest": ("最新数据", "Latest"),
    "why": ("说明", "Why"),
    "statements": ("表述", "Statements"),
    "figures_over_time": ("历年数据与目标", "Figures over time against the target"),
    "path": ("达标路径", "Path to target"),
    "baseline": ("基线", "Baseline"),
    "required": ("所需年增速", "Required growth"),
    "actual": ("实际年增速", "Actual growth"),
    "links": ("相关目标", "Related targets"),
    "not_found": ("找不到该目标", "No such target"),
    "compare": ("比较各地：", "Compare places on:"),
    "tiles": ("浙江各市目标状态", "Targets by city in Zhejiang"),
    "claims_per_source": ("各来源的条目数", "Claims per document"),
    "published": ("发布", "Published"),
    "note": ("备注", "Note"),
    "hedged": ("*含“约”“超”等措辞，并非明确达成", "* hedged: not a clean result"),
    "firmness_strive": ("力争", "strive"),
    "count_targets": ("个目标", "targets"),
    "count_figures": ("条数据", "figures"),
    "back": ("返回目标列表", "Back to targets"),
    "no_figures": ("尚无报告数据，无法绘制走势。", "No figure reported yet: nothing to plot."),
    "as_of": ("判定日期", "Status as of"),
    "no_deadline": ("未说明期限", "no deadline"),
    "import_heading": ("导入新文章", "Import an article"),
    "import_paste": ("粘贴中文文章（纯文本或 HTML）", "Paste a Chinese article (plain text or HTML)"),
    "import_find": ("查找数据", "Find claims"),
    "import_yaml": ("下载 YAML", "Download YAML"),
    "import_none": ("未找到与人工智能相关的数字表述。", "No AI-related quantitative claim found."),
    "import_token": ("编辑口令", "Editing token"),
    "import_add": ("将选中的条目写入登记册", "Add the selected candidates to the registry"),
    "import_refused": ("口令不正确：登记册未改动。", "Wrong token: the registry was not changed."),
    "import_source": ("来源（写入时必填）", "Source (needed to add)"),
}


def t(key: str, lang: str) -> str:
    zh, en = WORDS[key]
    return zh if lang == "zh" else en


def name(row, field: str, lang: str) -> str:
    """A registry name in the view's language: name(row, 'place', 'zh') -> row.place_zh."""
    value = getattr(row, f"{field}_{lang}", None) if not isinstance(row, dict) else row.get(f"{field}_{lang}")
    return value or (getattr(row, f"{field}_en", "") if not isinstance(row, dict) else row.get(f"{field}_en", ""))
