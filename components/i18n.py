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
    "china": ("全国", "China"),
    "map_heading": ("{place}：各地目标数", "Targets by place: {place}"),
    "map_no_targets": ("暂无目标", "no targets"),
    "map_legend": ("目标数", "Targets"),
    "kind_plan": ("规划", "plan"), "kind_policy": ("政策文件", "policy"), "kind_speech": ("讲话", "speech"),
    "kind_press_report": ("新闻报道", "press report"), "kind_magazine": ("杂志", "magazine"),
    "kind_company_release": ("企业发布", "company release"), "kind_statistics": ("统计公报", "statistics"),
    "quote_missing": ("引文未核对：未找到来源原文", "Quote not checked: the source text was not found"),
    "quote_not_checked": ("引文未与原文核对", "Quote not checked against the source text"),
    "quote": ("原文", "Quote"), "import_text_heading": ("原文（候选条目的引文已标出）", "The text, candidates' quotes marked"),
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
    "tiles": ("{place}各地目标状态", "Targets by place in {place}"),
    "claims_per_source": ("各来源的条目数", "Claims per document"),
    "published": ("发布", "Published"),
    "note": ("备注", "Note"),
    "hedged": ("* 数据本身的措辞（约、超等）可能改变这一结果", "* the figure's own wording (约, 超) could turn this result"),
    "firmness_strive": ("力争", "strive"),
    "count_targets": ("个目标", "targets"), "count_target": ("个目标", "target"),
    "count_figures": ("条数据", "figures"), "count_figure": ("条数据", "figure"),
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
    "import_need_source": ("请先选择来源文件（或在下方登记这篇文章）：每条数据都要注明出处。登记册未改动。",
                           "Choose the source first (or register this article below): every claim cites its "
                           "document. The registry was not changed."),
    "import_not_this_source": ("所选来源 {id} 的原文中没有这些引文：请先在下方把这篇文章登记为来源，再选中它写入。登记册未改动。",
                               "The quotes are not in the text of the chosen source {id}: register this article "
                               "as a source below, then choose it. The registry was not changed."),
    "import_none_selected": ("未选中任何条目：请在表格中勾选要写入的条目。登记册未改动。",
                             "No candidate selected: tick the ones to add in the grid. The registry was not changed."),
    "register_heading": ("将这篇文章登记为来源", "Register this article as a source"),
    "register_title": ("标题", "Title"), "register_publisher": ("发布机构", "Publisher"),
    "register_published": ("发布日期（如 2026-03）", "Published (e.g. 2026-03)"),
    "register_kind": ("类型", "Kind"), "register_url": ("网址（可选）", "URL (optional)"),
    "register_button": ("登记来源", "Register the source"),
    "register_done": ("已登记为 {id}，已选作来源。", "Registered as {id}, and chosen as the source."),
    "register_missing": ("请填写标题、发布机构、发布日期和类型，并粘贴文章。",
                         "Fill in the title, publisher, date and kind, and paste the article."),
    # target and sources pages
    "none_yet": ("尚无数据", "none yet"),
    "target_level": ("目标水平", "Target level"),
    "claims_count": ("条目数", "Claims"),
    "figures_counted": ("计入目标的数据", "Figures counted against the target"),
    "related_figures": ("相关但不计入的数据", "Related figures, not counted"),
    "why_other_actor": ("涉及另一机构，而非该目标的主体", "about another organisation than the target's"),
    "why_other_actor_named": ("涉及{actor}，而非该目标的主体", "about {actor}, not the target's subject"),
    "why_part": ("只覆盖该地的一部分（园区、平台或企业）", "covers only part of the place (a zone, park, platform or company)"),
    "why_each_of": ("为多个地区各自达到的下限，并非该地的总量", "a floor that holds for each of several places, not this place's total"),
    "rel_part_of": ("属于", "part of"), "rel_supersedes": ("取代", "supersedes"),
    "rel_conflicts_with": ("与之矛盾", "conflicts with"),
    "rel_part_of_in": ("包含", "includes"), "rel_supersedes_in": ("被其取代", "superseded by"),
    "rel_conflicts_with_in": ("与之矛盾", "conflicts with"),
    "floor_note": ("（下限：实际值更高）", "(a floor: the true figure is higher)"),
    "as_of_date": ("{date}", "as of {date}"),
    "derived": ("（推算：{how}）", "(derived: {how})"),
    "derived_plain": ("（推算）", "(derived)"),
    "no_rate_no_figure": ("无法计算：尚无数据", "not computable: no figure yet"),
    "no_rate_no_deadline": ("无法计算：未说明期限", "not computable: no deadline stated"),
    "no_rate_passed": ("不适用：截止日期已过", "not applicable: the deadline has passed"),
    "no_rate_met": ("不适用：已达到目标", "not applicable: the target is met"),
    "no_rate_measure": ("不适用：该目标不是总量目标", "not applicable: not a level target"),
    "no_rate_earlier": ("无法计算：尚无更早的数据或基线", "not computable: no earlier figure or dated baseline"),
    "no_baseline": ("未说明", "none stated"),
    "only_other_lang": ("（仅有英文说明）", "(in Chinese only)"),
    "deadline_label": ("期限", "Deadline"),
    "reader_note": ("说明", "Note"),
    "claim_target": ("目标", "target"), "claim_figure": ("数据", "figure"),
    # web hygiene: page titles, the page-not-found page, the registry banner
    "site_title": ("人工智能目标追踪", "AI Targets Tracker"),
    "title_import": ("导入", "Import"),
    "page_not_found": ("找不到该页面", "Page not found"),
    "page_not_found_hint": ("此地址没有页面。请从上方导航进入。",
                            "There is no page at this address. Use the navigation above."),
    "banner_public": ("登记册有 {n} 处错误，仍显示 {date} 的上一版有效数据。",
                      "The registry has {n} problems; showing the last good version from {date}."),
    "banner_public_one": ("登记册有 1 处错误，仍显示 {date} 的上一版有效数据。",
                          "The registry has 1 problem; showing the last good version from {date}."),
    "banner_unloaded": ("登记册有 {n} 处错误，无法加载。", "The registry has {n} problems and could not be loaded."),
    "banner_unloaded_one": ("登记册有 1 处错误，无法加载。", "The registry has 1 problem and could not be loaded."),
    "banner_more": ("……另有 {n} 处错误", "… and {n} more"),
    "banner_follow_on": ("……另有 {n} 处错误（{files}）可能由以上错误引起：请先修正以上错误。",
                         "… and {n} more problems ({files}) that may follow from the ones above: fix those first."),
}


# overview and targets
WORDS.update({
    "every_target": ("目标一览", "Every target in view"),
    "what": ("内容", "What"),
    "by_topic_note": ("仅列出已有最新数据、可与目标数值相比的目标；其余目标见上表。",
                      "Only targets with a latest figure to set against the target number; the table above lists them all."),
    "undated_hidden": ("年份筛选隐藏了 {n} 个未说明期限的目标。", "Targets with no deadline hidden by the year filter: {n}."),
    "undated_show": ("显示这些目标", "Show them"),
    "undated_shown": ("已包括未说明期限的目标。", "Targets with no deadline are included."),
    "undated_hide": ("隐藏这些目标", "Hide them"),
    "place_no_targets": ("{place}在当前筛选条件下没有目标；已报告数据 {n} 条：",
                         "{place} has no targets in this view. Figures reported on it: {n}."),
    "place_figures_link": ("在“目标与数据”页查看这些数据", "See these figures on the Targets page"),
    "nothing_in_view": ("{place}在当前筛选条件下既没有目标，也没有报告数据。请放宽筛选。",
                        "{place} has neither targets nor figures in this view. Widen the filters to see more."),
    "growth": ("增速", "Growth"),
    "id": ("编号", "id"),
    "rank": ("排名", "Rank"),
    "grid_no_rows": ("没有可显示的行。", "No rows to show."),
    "grid_no_matching": ("没有符合搜索或列筛选的行。", "No rows match the search or column filters."),
    "import_when": ("时间", "When"), "import_confidence": ("置信度", "Confidence"),
    "import_reason": ("理由", "Reason"), "import_flags": ("提示", "Flags"),
    "import_unresolved": ("未定", "unresolved"), "import_no_metric": ("未识别", "none found"),
    "import_no_date": ("未说明", "not stated"), "import_added": ("已添加 {n} 条。", "{n} added."),
    "import_grid_empty": ("尚无候选条目：请粘贴文章并点击“查找数据”。",
                          "No candidates yet: paste an article and press Find claims."),
    "import_too_large": ("文本过大（{size}）：导入页面最多处理 {limit}，未作查找。请分段粘贴，或在命令行用 tracker extract 处理整个文件。",
                         "The text is too large ({size}): the Import page takes at most {limit}, so nothing was searched. "
                         "Paste it in parts, or run tracker extract on the whole file."),
})

# AG Grid's own words (overlays, paging, the column filter menu) in Chinese; the grid falls
# back to its English for any key not given, so the English view passes only our overlays.
GRID_LOCALE_ZH = {
    "loadingOoo": "加载中…", "loadingError": "出错", "exportingOoo": "正在导出…",
    "page": "第", "of": "共", "to": "至", "more": "更多", "pageLastRowUnknown": "?",
    "firstPage": "首页", "lastPage": "末页", "nextPage": "下一页", "previousPage": "上一页",
    "pageSizeSelectorLabel": "每页行数：",
    "selectAll": "（全选）", "selectAllSearchResults": "（全选搜索结果）", "searchOoo": "搜索…",
    "blanks": "（空白）", "noMatches": "无匹配项",
    "applyFilter": "应用", "clearFilter": "清除", "resetFilter": "重置", "cancelFilter": "取消",
    "textFilter": "文本筛选", "numberFilter": "数字筛选", "bigintFilter": "整数筛选", "dateFilter": "日期筛选",
    "setFilter": "集合筛选", "filterOoo": "筛选…", "empty": "请选择", "equals": "等于", "notEqual": "不等于",
    "lessThan": "小于", "greaterThan": "大于", "inRange": "介于", "inRangeStart": "从", "inRangeEnd": "到",
    "lessThanOrEqual": "小于或等于", "greaterThanOrEqual": "大于或等于", "contains": "包含",
    "notContains": "不包含", "startsWith": "开头是", "endsWith": "结尾是", "blank": "为空", "notBlank": "不为空",
    "before": "早于", "after": "晚于", "andCondition": "且", "orCondition": "或", "dateFormatOoo": "年-月-日",
    "invalidNumber": "数字无效", "invalidDate": "日期无效", "invalidBigInt": "整数无效",
    "pinColumn": "固定列", "pinLeft": "固定在左侧", "pinRight": "固定在右侧", "noPin": "不固定",
    "sortAscending": "升序", "sortDescending": "降序", "sortUnSort": "取消排序",
    "autosizeThiscolumn": "自动调整此列宽度", "autosizeAllColumns": "自动调整所有列宽度",
    "resetColumns": "重置列", "columnFilter": "列筛选", "columnChooser": "选择列", "chooseColumns": "选择列",
    "hideColumn": "隐藏列", "columns": "列", "filters": "筛选",
    "ariaFilterInput": "筛选输入", "ariaFilteringOperator": "筛选条件", "ariaColumnFiltered": "已筛选的列",
}


def grid_locale(lang: str) -> dict:
    """`localeText` for an AG Grid: its words in the view's language, its empty overlays ours."""
    ours = {"noRowsToShow": t("grid_no_rows", lang), "noMatchingRows": t("grid_no_matching", lang)}
    return {**GRID_LOCALE_ZH, **ours} if lang == "zh" else ours


def t(key: str, lang: str) -> str:
    zh, en = WORDS[key]
    return zh if lang == "zh" else en


def counts_text(targets: int, figures: int, lang: str) -> str:
    """"4 targets · 1 figure" / "4 个目标 · 1 条数据"."""
    def counted(n: int, noun: str) -> str:
        return f"{n:,} {t(f'count_{noun}' if n == 1 else f'count_{noun}s', lang)}"
    return f"{counted(targets, 'target')} · {counted(figures, 'figure')}"


def name(row, field: str, lang: str) -> str:
    """A registry name in the view's language: name(row, 'place', 'zh') -> row.place_zh."""
    value = getattr(row, f"{field}_{lang}", None) if not isinstance(row, dict) else row.get(f"{field}_{lang}")
    return value or (getattr(row, f"{field}_en", "") if not isinstance(row, dict) else row.get(f"{field}_en", ""))


# data out: downloads, API links, citations
WORDS.update({
    "data_links": ("数据下载：", "Data:"),
    "list_targets": ("目标", "targets"), "list_figures": ("数据", "figures"), "list_places": ("地区", "places"),
    "list_sources": ("来源", "sources"), "list_metrics": ("指标", "metrics"), "list_target": ("本目标", "this target"),
    "download_chart": ("下载图表", "Download chart"),
    "cite_this": ("引用本页", "Cite this"),
    "copy": ("复制", "Copy"),
    "feed": ("订阅更新（Atom）", "Updates feed (Atom)"),
})

