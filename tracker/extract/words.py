"""The word lists of the extractor, as data in one place: AI cues, kind cues, comparator cues,
relative places, non-claim patterns and time patterns. Each names a general Chinese pattern,
not one document's wording."""

from __future__ import annotations

import re

from ..units import MAGNITUDES

# ---------------------------------------------------------------------------------------------
# Cue words. Each list names a general Chinese pattern, not one document's wording.
# ---------------------------------------------------------------------------------------------

AI_TOPICS = {"compute", "models", "data"}

# Words that put a clause in the AI domain (compute, models, data, AI industry): those in
# Chinese and those in Latin letters, kept apart so the Chinese ones can be scanned alone (no
# character starts words of both; see catalogue.merged_finditer).
_AI_CUE_HAN = (
    r"人工智能|智能|算力|智算|通算|超算|算法|大模型|模型|机器人|具身|语料|芯片|"
    r"万卡|千卡|云计算|开源|词元|生成式|深度学习|机器学习|神经网络|自动驾驶|算谷|信创|数商|"
    r"数据(?:要素|产权|交易|集(?!团)|空间|资源|产品|流通|中心|实验室|知识产权|企业|标注|治理|开放|安全|基础设施|"
    r"底座|产业|授权|目录|接口|市场|局|经济|跨境|确权|价值)|公共数据|开放数据|高质量数据|大数据|工业数据|"
    r"通义|数字人|脑机")
_AI_CUE_LATIN = r"(?<![A-Za-z])AI(?![a-z])|AIGC|GPU|NPU|tokens?|[EPT]FLOPS|DeepSeek|ChatGPT|GPT|LLM"
AI_CUE = re.compile(_AI_CUE_HAN + "|" + _AI_CUE_LATIN, re.I)
AI_CUE_PARTS = (re.compile(_AI_CUE_HAN, re.I), re.compile(_AI_CUE_LATIN, re.I))
# every Latin cue holds one of A G N t E P T D C L, which no other character matches under re.I
AI_CUE_LATIN_NEEDS = re.compile(r"[A-Za-z]")

# Words that name the place of whoever is speaking, never a place of their own: each stands for
# the nearest place of its kind named before it, else the one the text names most.
RELATIVE_PLACES = {"全省": "province", "本省": "province", "我省": "province",
                    "全市": "city", "本市": "city", "我市": "city", "全区": "district", "本区": "district",
                    "我区": "district", "全县": "county", "本县": "county", "我县": "county",
                    "全州": "prefecture", "本州": "prefecture", "全旗": "banner"}
RELATIVE = "<relative>"
PLACE_LEVELS = {"province": ("province",), "city": ("city", "county_city", "municipality"),
                 "district": ("district", "autonomous_region"), "county": ("county", "autonomous_county", "county_city"),
                 "prefecture": ("autonomous_prefecture", "prefecture"), "banner": ("banner", "autonomous_banner")}
# For a Chinese text, the country it speaks of: 全国, 我国.
NATIONAL_WORDS = ("全国", "我国")

# A rank of an index or a list (算力指数居全国第二) has its own subject, not the level before it.
RANK_OF_INDEX = re.compile(r"指数|排名|排行|榜单|榜|评估|评价|竞争力")
# 在全市十一个区中居首位, 在西部十二省区市中排名第一, 在全国十大集群中上架率居首位: the place
# is the rank's field, not the claim's (what is ranked may stand between the field and the rank).
RANK_FIELD_BEFORE = re.compile(r"在$")
RANK_FIELD_AFTER = re.compile(r"[^,。;]{0,12}?中[^,。;]{0,8}?(?:居|排|位|名列|率先|首个|第)")
# A place name used as the scope of a rank or a first (全国首个, 全球第二) is not the claim's place.
RANK_SCOPE_AFTER = re.compile(r"(?:首|第|前|领先|最|排名|排行|之最|一流|唯一|同类|范围)")

# Target cues, with their weight. A deadline (到2027年) counts separately.
TARGET_CUES: list[tuple[str, float]] = [
    ("力争", 2.0), ("争取", 2.0), ("努力", 1.0), ("目标", 1.5), ("计划", 1.0), ("规划", 1.0), ("预计", 1.0),
    ("有望", 1.0), ("确保", 1.5), ("力求", 1.5), ("拟", 1.0), ("新增", 1.0), ("将", 0.8), ("要", 0.8), ("需", 0.8),
    ("打造", 0.5), ("培育", 0.6), ("建设", 0.3), ("构建", 0.3), ("推进", 0.4), ("加快", 0.8), ("每年", 0.8),
    ("年均", 0.6), ("达到", 0.3), ("以上", 0.3), ("锚定", 1.0), ("竞速", 0.8), ("迈向", 0.8), ("大力", 0.8),
    ("提出", 0.5), ("积极", 0.4),
]
# Report cues, with their weight. A period (截至…, 2025年1—8月, a past year) counts separately.
FIGURE_CUES: list[tuple[str, float]] = [
    ("已", 2.0), ("累计", 2.0), ("共有", 1.5), ("现有", 1.5), ("拥有", 1.0), ("目前", 1.0), ("当前", 0.6),
    ("如今", 1.0), ("同比", 1.5), ("完成", 0.6), ("实现", 0.3), ("获得", 0.8), ("斩获", 1.0), ("荣获", 1.0),
    ("入选", 1.0), ("位列", 1.0), ("位居", 1.0), ("居", 0.5), ("排名", 0.6), ("发布", 0.5), ("举办", 0.8),
    ("吸引", 0.5), ("上线", 0.6), ("落地", 0.4), ("汇聚", 0.6), ("集聚", 0.6), ("入驻", 0.5), ("覆盖", 0.4),
    ("成为", 0.4), ("刷新", 0.8), ("建成", 0.5), ("了", 0.6), ("达", 0.3), ("首个", 0.8), ("首批", 0.6),
    ("去年", 1.5), ("上半年", 1.5), ("过去", 1.0), ("以来", 1.5), ("成功", 0.8), ("签署", 0.5), ("涵盖", 0.4),
    ("沉淀", 0.8), ("为", 0.2), ("仅用", 1.0), ("用时", 0.8), ("现在", 0.8), ("耗时", 0.8), ("缩短", 0.5), ("提升", 0.3), ("下降", 0.4), ("上升", 0.4), ("增长", 0.4),
]
# 将 + object + result verb is the 把 construction (将周期缩短到…), not the future tense
OBJECT_MARKER = re.compile(r"将(?=[^,。;将]{1,12}?(?:缩短|压缩|提升|提高|降低|减少|增加|扩大|转化|作为|列为|纳入|控制|降至|提至))")
# titles and quoted names say nothing about tense: 《…加快建设…方案》, “春雨计划”
# 计划 as a noun (推出…进阶计划, 建设计划,) names a programme; as a verb (计划到2027年) it plans
NOUN_PLAN = re.compile(r"计划(?=$|[,。;、”\"》)的和与及])")
QUOTED_NAMES = re.compile(r"《[^》]{0,60}》|“[^”]{0,30}”|\"[^\"]{0,30}\"")
# a sentence that goes on with the one before (its deadline still holds)
CONTINUES = re.compile(r"其中|同时|并|此外|另外|在此基础上|进一步|以及|还|届时|力争|争取|到那时")
PLAN_SECTION = re.compile(r"目标|任务|举措|措施|行动|计划|规划|重点工作")
STRIVE = re.compile(r"力争|争取|努力")
NEGATED_TARGET = re.compile(r"[“\"《][^”\"》]{0,12}计划[”\"》]|需求|需要|必需|急需|重要|主要|要素|要求|只要|必要|纪要|摘要|要点|要闻|将其|将军|即将")

# Comparator cues written before a number (longest first) and after its unit.
PRE_CUES: list[tuple[str, str]] = sorted([
    ("不超过", "<="), ("不高于", "<="), ("不多于", "<="), ("控制在", "<="), ("最多", "<="), ("最高", "<="),
    ("不少于", ">="), ("不低于", ">="), ("至少", ">="), ("达到", ">="), ("可达", ">="), ("高达", "="), ("达", ">="),
    ("不足", "<"), ("不到", "<"), ("低于", "<"), ("少于", "<"),
    ("超过", ">"), ("突破", ">"), ("超出", ">"), ("逾", ">"), ("超", ">"), ("多于", ">"), ("高于", ">"),
    ("大于", ">"), ("约", "~"), ("近", "~"), ("将近", "~"), ("接近", "~"), ("大约", "~"), ("约为", "~"),
], key=lambda cue: -len(cue[0]))
POST_CUES: list[tuple[str, str]] = [
    ("及以上", ">="), ("以上", ">"), ("以下", "<="), ("以内", "<="), ("左右", "~"), ("上下", "~"), ("内", "<="),
]

GROWTH_WORDS = re.compile(r"增长|增速|增幅|同比|环比|年均|复合增长率|年增|翻番")
GROWTH_BASIS = [(re.compile(r"复合增长率|年均"), "cagr"), (re.compile(r"同比|增长|增速|增幅|年增"), "yoy")]

# A single measure word that starts a common word is not a unit there (100人工智能…).
NOT_A_UNIT = {
    "人工", "人才", "人民", "人员", "个人", "个性", "个体", "个别", "核心", "期间", "期待", "期望", "处理", "本地",
    "本土", "本身", "部署", "部门", "部分", "场景", "场所", "场地", "点击", "门户", "门槛", "台阶", "户外", "种子",
    "类似", "类型", "批准", "支持", "支撑", "只有", "只是", "片区", "块链", "件事", "所有", "所在", "所属", "条件",
    "位于", "名单", "名称", "名片", "家庭", "家居", "家电", "家乡", "间隔", "座谈", "次元", "款式", "套餐", "张力",
    "台湾", "本届", "届时", "例如", "篇章", "项目", "卡片", "点位", "元素", "元宇", "年度", "个月",
}
DATE_UNITS = {"年", "月", "日", "周", "岁", "周年", "世纪", "年代"}
ASCII_LETTER = re.compile(r"[A-Za-z]")
CN_DIGITS = "零〇一二两三四五六七八九十百千万亿"
MAGNITUDE_ORDER = sorted(MAGNITUDES, key=len, reverse=True)

# Numbers that are never claims, by what they are. Matched on the normalised text. Each is
# (what, pattern, needs): `needs` finds something every match must hold (its 年, its 届, a
# digit …), or is None. A pattern that opens with a look-behind is tried at every character of
# every paragraph; asking first whether its paragraph holds such a thing at all skips ~20
# passes over the many paragraphs without one (issue 15: >= 1 MB/s).
def _needs(pattern: str) -> re.Pattern:
    return re.compile(pattern)


CODES = [  # phone numbers, ISSN / CN / postal codes and similar registration numbers
    ("phone", re.compile(r"(?:电话|热线|手机|传真|联系方式|Tel|TEL|tel)[:]?[\d\-—()+]{5,}"), None),
    ("phone", re.compile(r"(?<![\d.])0\d{2,3}[-—]\d{7,8}(?![\d])"), _needs(r"[-—]")),
    ("phone", re.compile(r"(?<![\d.])1[3-9]\d{9}(?![\d.])"), _needs(r"\d{11}")),
    ("phone", re.compile(r"(?<![\d.])[48]00[-—]?\d{3}[-—]?\d{4}(?![\d])"), _needs(r"00")),
    ("code", re.compile(r"(?:ISSN|ISBN|CN|邮发代号|刊号|邮编|邮政编码|统一社会信用代码|编号|文号)[:]?[\dA-Z\-—/]+", re.I), None),
    ("code", re.compile(r"(?<!\d)\d{4}[-—]\d{3}[\dX](?![\d年])"), _needs(r"[-—]")),
]
NOT_CLAIMS = [
    # document numbers: 苏政发〔2026〕12号, 川办发[2025]3号
    ("document_number", re.compile(r"[〔\[【](?:19|20)\d{2}[〕\]】]\d{1,4}号"), _needs(r"号")),
    # dates: 2025年1—8月, 2025年6月30日, 6月4日, 1—12月, 2003—2007年, 2025-06-04, 二〇二五年, 十五五
    ("date", re.compile(r"(?:19|20)\d{2}(?:[—\-~至到](?:19|20)?\d{2,4})?年(?:\d{1,2}(?:[—\-~至到]\d{1,2})?月份?(?:\d{1,2}日)?)?"), _needs(r"年")),
    ("date", re.compile(r"(?<![\d.])\d{1,2}(?:[—\-~至到]\d{1,2})?月份?(?:\d{1,2}(?:[—\-~至到]\d{1,2})?[日号])?"), _needs(r"月")),
    ("date", re.compile(r"(?<![\d.])\d{1,2}[日号](?![\d])"), _needs(r"[日号]")),
    ("date", re.compile(r"(?<!\d)(?:19|20)\d{2}[-/.](?:1[0-2]|0?[1-9])(?:[-/.](?:3[01]|[12]\d|0?[1-9]))?(?![\d])"), _needs(r"[-/.]")),
    ("date", re.compile(r"[〇零一二三四五六七八九]{4}年"), _needs(r"年")),
    ("date", re.compile(r"十[一二三四五六七八九]五"), None),
    ("date", re.compile(r"\d{1,2}:\d{2}"), _needs(r":")),
    *CODES,
    # issue, page and edition numbers: 第17期, 总第776期, P12, 12版
    ("issue", re.compile(r"总?第\d+[期版页卷号]"), _needs(r"第")),
    ("issue", re.compile(r"(?<![A-Za-z])[Pp]\.?\d+(?![\d])"), _needs(r"[Pp]")),
    ("issue", re.compile(r"(?<![\d.])\d+[版页](?![\d])"), _needs(r"[版页]")),
    # articles of a law or a plan, and ordinals in general: 第十二条, 第3款, 第二章
    ("ordinal", re.compile(rf"第[{CN_DIGITS}\d]+[条款章节项部篇批届次]?"), None),
    # sessions of a congress or a party committee: 十五届八次全会, 第十四届人大六次会议
    # (each starts only where a run of digits starts: tried at every digit of a run, a pattern
    # that must find 届 or + after the run costs the run's length squared)
    ("session", re.compile(rf"(?<![{CN_DIGITS}\d])[{CN_DIGITS}\d]+届(?:[^,。;]{{0,8}}?[{CN_DIGITS}\d]+次)?(?:全体)?(?:\(扩大\))?(?:全会|会议|大会)?"), _needs(r"届")),
    ("session", re.compile(rf"(?<![{CN_DIGITS}\d])[{CN_DIGITS}\d]+次(?:全体)?(?:\(扩大\))?(?:全会|会议|党代会|代表大会)"), _needs(r"次")),
    # the document's own parts: 部署12项重点任务, 实施五大工程, 提出8个方面举措 (its structure, no target)
    ("own_tasks", re.compile(rf"(?:部署|提出|明确|安排|实施|开展|围绕|包括|分为|涵盖|从)[^,。;\d{CN_DIGITS}]{{0,3}}"
                             rf"[\d{CN_DIGITS}]+(?:项|个|条|大|方面)(?:重点|主要|具体|专项|重大|方面)?"
                             r"(?:任务|行动|工程|举措|措施|专项行动|方面|部分)"), None),
    # a size class, not an amount: 依托千卡级智算集群开展训练, 支持万亿参数训练 (a bare magnitude before
    # the hardware or parameters it sizes, as the means or the condition of something else; a
    # cluster built or being built, 建成万卡集群 / 推进超万卡集群建设, stays a claim)
    ("size_class", re.compile(r"(?:依托|基于|支持|面向|适配|满足|承载|利用|通过|用于|可供)[^,。;\d]{0,6}?"
                              r"(?<![\d.零〇一二两三四五六七八九十数上近超逾])(?:百|千|万|十万|百万|千万|亿|百亿|千亿|万亿)"
                              r"(?:张|块)?(?:卡|核|参数)(?:级)?"), None),
    # … and the size of the clusters a count counts: 建成万卡集群2个, 建成2个万卡级集群, 千亿级产业集群3个
    ("size_class", re.compile(r"(?:(?<=\d个)|(?<=[一二两三四五六七八九十]个)|(?<=\d座))(?:千|万|十万)卡(?:级)?|"
                              r"(?<![\d.零〇一二两三四五六七八九十数上近超逾])(?:(?:千|万|十万)卡级?|(?:百亿|千亿|万亿)级)"
                              r"(?=[^,。;、\d]{0,10}?集群(?:\d+[个座]|[一二两三四五六七八九十]+[个座]))"), _needs(r"[卡级]")),
    # a unit's gloss in brackets after a number: 50EFLOPS（约合5万PFLOPS）, 3万P（即30EFLOPS）
    ("gloss", re.compile(r"(?<=[\dA-Za-z%\u4e00-\u9fff])\((?:约合|折合|相当于|约|即|合|或)?[\d.,]+[^()\d]{1,10}\)"), _needs(r"\(")),
    # the group a rank is taken in: 在五大集群中居首位, 在西部十二省区市中位列第一 (its size, no claim)
    ("rank_group", re.compile(r"在[^,。;在]{0,14}?中(?=[^,。;中]{0,8}?(?:居|位列|位居|排名|排在|名列|领先|第))"), None),
    # formulae and labels: 1+2+8+6+4, 115X
    ("label", re.compile(r"(?<!\d)\d+(?:\+\d+)+(?:\+?[A-Za-z]+)?"), _needs(r"\+")),
    # list numbering at the start of a paragraph or sentence: 1. 2、 (3) （一） 一、 ①
    ("list", re.compile(r"(?:^|(?<=[。!?;:]))(?:\d{1,2}(?:[、)]|\.(?!\d))|\(\d{1,2}\)|\([一二三四五六七八九十]+\)|"
                        r"[一二三四五六七八九十]+、|[①-⑳])"), None),
]


RANK_PATTERN = re.compile(
    r"(?P<verb>排名|排在|排行|位列|位居|位于|名列|居于|居|列)?"
    r"(?P<scope>全国|全省|全市|全球|世界|国内|中国|省内|全区|行业|同类城市)?"
    r"(?P<verb2>排名|排在|位列|位居|居)?"
    r"(?:第(?P<n>[一二三四五六七八九十]+|\d{1,3})(?![条款章节项期届次批个])(?:位|名)?|(?P<first>首位|榜首)|前(?P<top>[二三四五六七八九十]|\d{1,2})(?=[,。;、]|$))")
# every rank holds 第, 首 or 前: a paragraph without them is not read for ranks (the pattern's
# optional words make it try every character)
RANK_NEEDS = re.compile(r"[第首前]")


# ---------------------------------------------------------------------------------------------
# Document structure
# ---------------------------------------------------------------------------------------------


YEAR_MENTION = re.compile(r"(?<![\d.])((?:19|20)\d{2})(?:年|-\d{1,2}-\d{1,2})")
FUTURE_BEFORE = re.compile(r"(?:到|至|力争|计划|目标|预计|展望|迈向|争取)$")


BASELINE_FROM = re.compile(r"(?:从|由)$")
BASELINE_TO = re.compile(r"(?:降|减|缩短|缩减|压缩|提升|提高|增加|增长|上升|下降|扩大)?(?:到|至)")
# what an enumeration numeral counts: the kinds of a list, not things built (三个方向, 三支力量)
LIST_CATEGORY = re.compile(r"[^,。;]{0,2}?(?:方向|领域|方面|力量|板块|环节|维度|重点|路径|体系|类别|类型|层面|主线|支柱|"
                           r"赛道|原则|理念|特点|优势|功能|作用|目标|任务)")
# verbs that make a clause say what is done (a numeral after them counts what is done)
ACTION_VERB = re.compile(r"建设|建成|新建|打造|培育|布局|设立|落地|引进|部署|达到|实现|推出|发布|获批|入选|拥有|新增|"
                         r"累计|共建|组建|认定|遴选|支持|招引|集聚|吸引|培养|开发|上线|开放|形成(?!了?以)")
DIFFERENCE_WORDS = re.compile(r"高于|高出|低于|快于|慢于|领先|超出")


NOW_WORDS = {"目前", "当前", "如今", "现已", "迄今"}
QUARTERS = {"上半年": (1, 6), "下半年": (7, 12), "前三季度": (1, 9), "一季度": (1, 3), "第一季度": (1, 3),
             "二季度": (4, 6), "第二季度": (4, 6), "三季度": (7, 9), "第三季度": (7, 9), "四季度": (10, 12),
             "第四季度": (10, 12), "全年": (1, 12)}
# (name, pattern, needs), needs as in NOT_CLAIMS: a pattern with optional words before its
# first fixed one is tried at every character
TIME_PATTERNS = [
    ("asof", re.compile(r"截(?:至|止)(?:到)?(?P<rel>目前|当前|今年|去年|年底)?(?:(?P<y>(?:19|20)\d{2})年)?"
                        r"(?:(?P<m>\d{1,2})月)?(?:(?P<d>\d{1,2})日)?(?P<end>底|末)?"), None),
    ("months", re.compile(r"(?:(?P<y>(?:19|20)\d{2})年|(?P<rel>今年|去年))?(?P<m1>\d{1,2})[—\-~至到](?P<m2>\d{1,2})月份?"), _needs(r"月")),
    ("part", re.compile(r"(?:(?P<y>(?:19|20)\d{2})年|(?P<rel>今年|去年))(?P<part>上半年|下半年|前三季度|第?[一二三四]季度|全年)"), _needs(r"年")),
    ("to", re.compile(r"(?P<pre>到|至|力争到|争取到|预计到|计划到|力争在|目标到|在)(?P<y>(?:19|20)\d{2})年(?:(?P<m>\d{1,2})月)?(?P<end>底|末|年底|年末)?"), None),
    ("before", re.compile(r"(?P<y>(?:19|20)\d{2})年(?P<end>底|末)?(?:前|以前|之前)"), None),
    ("this_year", re.compile(r"(?:今年|年内|本年度|年底前)(?P<end>底|年底|末)?(?P<before>前)?"), None),
    ("plan", re.compile(r"(?P<plan>十[四五六]五)"), None),
    ("since", re.compile(r"(?:自|从)?(?P<y>(?:19|20)\d{2})年(?:(?P<m>\d{1,2})月)?(?:[^,。;]{0,12}?)以来"), _needs(r"以来")),
    ("year", re.compile(r"(?P<y>(?:19|20)\d{2})年(?P<end>底|末|年底|年末)?(?:度)?(?!\d)"), None),
    ("last_year", re.compile(r"去年|上年|过去一年"), None),
    ("cumulative", re.compile(r"累计"), None),
    ("now", re.compile(r"(?<![较比])(?:目前|当前|如今|现已|迄今)"), _needs(r"目前|当前|如今|现已|迄今")),
]


# a noun that makes the alias before it a modifier (通用大模型企业: enterprises, not models)
HEAD_NOUN_AFTER = re.compile(r"企业|公司|厂商|机构|人才")
# a number that shares the metric named for another: a part (其中3个), one of a respective list
# (A、B智能算力规模分别达到20EFLOPS、15EFLOPS)
SHARES_ITS_METRIC = re.compile(r"其中|分别")
# a threshold that defines what is counted: 估值超过10亿美元的独角兽企业20家, 营收超亿元的企业50家
THRESHOLD = re.compile(r"的[^,。;、和及与\d]{1,14}?[\d一二两三四五六七八九十]+(?:\.\d+)?[家个所座项款名]")
JOINERS = re.compile(r"[、和及与,]|以及")
SHARED_BY = re.compile(r"^(?:等地|等市|等城市|等)?[^,。;]{0,30}?(?:均|都|分别)")

# ---------------------------------------------------------------------------------------------
# The issuer: who wrote the text (issuer.py)
# ---------------------------------------------------------------------------------------------

# A body that issues plans and reports, after its place: 人民政府办公厅, 经济和信息化厅, 大数据发展管理局 …
ISSUING_BODY = re.compile(r"[\u4e00-\u9fff]{0,12}?(?:人民政府|政府|办公厅|办公室|委员会|管委会|党委|省委|市委|区委|县委|厅|局|委)")
# National bodies that issue plans and reports: their texts are the country's.
NATIONAL_BODIES = re.compile(
    r"(?:中共中央|国务院|全国人大|工业和信息化部|国家发展和?改革委员会|国家发展改革委|科学技术部|科技部|国家数据局|"
    r"中央网信办|国家互联网信息办公室|国家网信办|财政部|教育部|商务部|人力资源和社会保障部|国家统计局|"
    r"国务院新闻办公室|国新办|中国信息通信研究院|国家标准化管理委员会)")
# Words that make a first line a plan's or a report's title (湖南省人工智能产业发展行动计划).
TITLE_WORDS = re.compile(r"行动计划|行动方案|实施方案|实施意见|工作方案|若干措施|若干政策|发展规划|规划|工作要点|通知|意见|办法|白皮书|公报")
# The one-character names provinces use in document numbers (苏政发〔2026〕12号). 宁 (Nanjing or
# Ningxia) and 青 (Qingdao or Qinghai) are left out: both name a city too.
PROVINCE_ABBREVIATIONS = {
    "京": "beijing", "津": "tianjin", "冀": "hebei", "晋": "shanxi", "内": "inner-mongolia", "辽": "liaoning",
    "吉": "jilin", "黑": "heilongjiang", "沪": "shanghai", "苏": "jiangsu", "浙": "zhejiang", "皖": "anhui",
    "闽": "fujian", "赣": "jiangxi", "鲁": "shandong", "豫": "henan", "鄂": "hubei", "湘": "hunan",
    "粤": "guangdong", "桂": "guangxi", "琼": "hainan", "渝": "chongqing", "川": "sichuan", "黔": "guizhou",
    "云": "yunnan", "藏": "xizang", "陕": "shaanxi", "甘": "gansu", "新": "xinjiang",
}
_NUMBER_TAIL = r"[〔\[(【](?P<year>(?:19|20)\d{2})[〕\])】]\d{1,4}号"
DOCUMENT_NUMBER = re.compile(
    rf"(?P<abbr>[{''.join(PROVINCE_ABBREVIATIONS)}])[政办府发字函规科经信工改数据网财教人社商通委技厅局部]{{1,6}}{_NUMBER_TAIL}")
NATIONAL_DOCUMENT_NUMBER = re.compile(
    r"(?<![\u4e00-\u9fff])(?:国发|国办发|国办函|国函|中发|中办发|工信[部厅][\u4e00-\u9fff]{0,4}|发改[\u4e00-\u9fff]{0,4}|"
    rf"国科发[\u4e00-\u9fff]{{0,2}}|国科办[\u4e00-\u9fff]{{0,2}}|国数[\u4e00-\u9fff]{{0,4}}){_NUMBER_TAIL}")
# What may stand before 全国/我国 in its clause when the country is the subject of the claim
# (到2027年，全国智能算力…; 其中，我国…), not a modifier (打造全国一流的…, 建成全国领先的…).
NATIONAL_SUBJECT_BEFORE = re.compile(r"(?:(?:到|至|截至|截止)?(?:19|20)\d{2}年(?:底|末)?(?:前)?|其中|目前|当前|同时|此外|据统计|数据显示)?$")

# ---------------------------------------------------------------------------------------------
# The document's date (dating.py)
# ---------------------------------------------------------------------------------------------

# A line that is a date and nothing else: the signature's date, or the header's.
DATE_LINE = re.compile(r"\(?(?P<y>(?:19|20)\d{2})(?:年|[-/.])(?P<m>\d{1,2})(?:月|[-/.])(?P<d>\d{1,2})日?\)?")
CHINESE_DATE_LINE = re.compile(r"\(?(?P<y>[〇零一二三四五六七八九○O]{4})年(?P<m>[一二三四五六七八九十]{1,3})月"
                               r"(?P<d>[一二三四五六七八九十]{1,3})日\)?")
# 发布日期：2026-03-02, 发布时间：2026年3月2日, 来源：湖南日报2026-01-22 (a web page's header)
_FULL_DATE = r"(?P<y>(?:19|20)\d{2})(?:年|[-/.])(?P<m>\d{1,2})(?:月|[-/.])(?P<d>\d{1,2})"
PUBLISHED_AT = re.compile(rf"(?:(?:发布|印发|成文|公布|发文|更新)(?:日期|时间)[:]?|来源[:][^,。;\d]{{0,20}}){_FULL_DATE}")
# A header line that opens with a date: 2026-03-05 来源：…, ——2026年1月15日在…会议上
DATED_HEADER = re.compile(rf"^[—\-]*{_FULL_DATE}日?(?:\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?(?=来源|在|$|\()")
# A plan's span, （2025—2027年）: what it plans, not when it was written.
YEAR_SPAN = re.compile(r"(?:19|20)\d{2}年?[—\-~至到](?:19|20)\d{2}年")

# Verbs of plans that also narrate what was done (全省加快建设…，已建成…): alone in a sentence that
# reports, they do not make its figures targets.
PLAN_VERBS = {"加快", "推进", "打造", "培育", "建设", "构建", "大力", "积极", "提出"}
# A report's title names the year it reports on (重庆市2025年国民经济和社会发展统计公报): its
# undated figures (全年, 年末) are that year's, whenever it was published.
REPORT_TITLE = re.compile(r"(?P<y>(?:19|20)\d{2})年度?[^。]{0,30}?(?:统计公报|公报|年报|年度报告|工作总结|发展报告|白皮书)")

# A policy's own parameter (每年发放总额不超过2000万元, 给予一次性奖励100万元, 单个企业年度支持金额
#不超过300万元): what the policy grants as of its date, a figure, not an aim, unless a deadline
# in its own sentence says otherwise.
POLICY_PARAMETER = re.compile(r"给予|发放|安排|补贴|补助|奖励|资助|支持金额|算力券|数据券|模型券|券")
# Any document number's year, whoever issued it (沈政办发〔2026〕4号): when the text was written.
NUMBERED_YEAR = re.compile(r"[\u4e00-\u9fff][〔\[【](?P<year>(?:19|20)\d{2})[〕\]】]\d{1,4}号")
