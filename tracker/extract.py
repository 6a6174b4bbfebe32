"""Proposing registry entries from a new text: `python -m tracker extract FILE|-`.

The extractor reads Chinese text (plain, or HTML with the markup stripped; simplified or
traditional script; full-width or ASCII punctuation) and proposes the quantitative claims it
finds as registry entries, each with a `confidence` and a `reason` for its kind. It is a set
of general rules about how Chinese plans and reports write numbers, not a model:

1. The text is cut into paragraphs (a line broken off mid-sentence, as OCR'd print does at a
   page or column break, is joined to the next), sentences (。！？) and clauses (，：；).
   Matching runs on a normalised copy: white space squeezed out, full-width forms made ASCII,
   common traditional characters made simplified. Every character of the copy remembers its
   offset in the text, so a quote is always an exact substring of the input.
2. Numbers: Arabic (1.9, 10,000), Chinese (二十五, 两, 千万亿), a magnitude alone (万卡,
   千亿级), a×10^n (also 5×1018 when OCR lost the superscript), ranges (10—15天: the low end),
   approximations (余, 多, 数百, 上百, 近千). Each needs a unit that tracker.units knows; a bare
   magnitude (用户1600万) takes its measure word from the metric. Dates, phone numbers,
   ISSN/CN numbers, issue and page numbers, list numbering, ordinals (第十二条), model names
   (Qwen2.5-7B) and a sentence cut off at the end of the text are not claims.
3. A claim must be about AI: its clause, sentence or paragraph carries an AI cue
   (人工智能, 算力, 大模型, 数据要素 …) or an alias of an AI metric; a claim whose only link to
   AI is the section it stands in is kept when a metric alias names what it counts.
4. Each claim gets a metric (the best alias of data/metrics.yaml in reach whose dimension
   fits the unit), a place (named in the sentence, else the actor's, else the nearest earlier
   one, else the document's main place), an actor, a comparator (超过 >, 达到 >=, 左右 ~ …),
   a deadline (到2027年, 今年底, 十五五) or a period (2025年1—8月, 截至2025年6月, 累计), and a
   kind: target when future cues (到2027年, 力争, 目标, 计划 …) outweigh report cues (已, 截至,
   累计, 同比, a past year …), else figure.
5. Growth rates (同比增长20%, 年均复合增长率20%以上) and ranks (全国第二, 居全省第二位) join the
   level they qualify, or stand alone; sub-targets after 其中/即 link part_of their parent.

`--merge` adds accepted candidates through tracker.edit.add_entry (validated, atomic,
comment-preserving) and flags duplicates and contradictions of entries already there. This
module never imports Dash.
"""

from __future__ import annotations

import bisect
import functools
import copy
import html
import html.parser
import io
import math
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from . import yamlio
from .errors import RegistryError
from .places import PlaceTree, tier
from .quotes import chinese_numeral
from .schema import Actor, Metric, Place, Source
from .units import MAGNITUDES, UnitError, parse_unit

# Fields that only `extract` prints; merging strips them before validation.
EXTRACT_ONLY_FIELDS = ("value_base", "confidence", "reason", "flags")

# ---------------------------------------------------------------------------------------------
# Character normalisation: one character in, one character out, so offsets survive.
# ---------------------------------------------------------------------------------------------

# Common traditional characters and their simplified forms (pairs: traditional, simplified).
# Only characters that are not themselves in use in simplified text are mapped.
_TRADITIONAL_PAIRS = (
    "萬万億亿與与專专業业東东絲丝兩两嚴严個个豐丰臨临為为麗丽舉举麼么義义烏乌樂乐習习鄉乡書书買买亂乱爭争"
    "於于虧亏雲云亞亚產产畝亩親亲僅仅從从倉仓儀仪們们價价眾众優优會会偉伟傳传傷伤倫伦體体餘余側侧債债傾倾"
    "償偿儲储兒儿黨党蘭兰關关興兴養养內内岡冈冊册寫写軍军農农衝冲決决況况淨净減减幾几鳳凤憑凭凱凯擊击劃划"
    "劉刘則则剛刚創创別别劇剧劑剂勸劝辦办務务勵励勁劲勞劳勢势動动區区醫医華华協协單单賣卖盧卢衛卫卻却廠厂"
    "廳厅曆历厲厉壓压廈厦縣县參参雙双發发變变敘叙疊叠葉叶號号後后嚇吓呂吕嗎吗噸吨聽听啟启吳吴員员響响團团"
    "園园國国圖图圓圆聖圣場场壞坏塊块堅坚壇坛墊垫壺壶壽寿夠够夢梦夾夹奧奥奪夺奮奋獎奖婦妇媽妈嬰婴學学孫孙"
    "寧宁寶宝實实審审憲宪宮宫寬宽賓宾對对尋寻導导將将爾尔塵尘嘗尝盡尽層层屬属歲岁島岛嶺岭嶽岳峽峡崗岗幣币"
    "帥帅師师帳帐帶带幫帮莊庄慶庆廬庐庫库應应廟庙龐庞廢废開开異异棄弃張张彎弯彈弹強强歸归當当錄录彙汇徹彻"
    "徑径憶忆憂忧懷怀態态總总戀恋懇恳惡恶惱恼悅悦懸悬驚惊懼惧慘惨懲惩慣惯憤愤願愿戲戏戰战戶户紮扎撲扑執执"
    "擴扩掃扫揚扬擾扰撫抚拋抛搶抢護护報报擔担擬拟攏拢擁拥攔拦擇择掛挂摯挚撥拨挾挟擋挡掙挣擠挤揮挥損损換换"
    "據据攜携攝摄擺摆搖摇攤摊撐撑斂敛數数齋斋鬥斗斬斩斷断無无舊旧時时曠旷晝昼顯显晉晋曬晒曉晓暈晕暫暂術术"
    "樸朴機机殺杀雜杂權权條条來来楊杨傑杰極极構构樞枢棗枣槍枪楓枫櫃柜標标棧栈棟栋欄栏樹树樣样橋桥檔档檢检"
    "樓楼欖榄橫横櫻樱歡欢歐欧殘残殞殒毀毁畢毕斃毙氣气氫氢漢汉湯汤溝沟沒没瀝沥滄沧滬沪淚泪瀘泸瀉泻潑泼澤泽"
    "潔洁灑洒淺浅漿浆澆浇濁浊測测濟济瀏浏渾浑濃浓濤涛澇涝漣涟渦涡渙涣滌涤潤润澗涧漲涨澀涩澱淀淵渊漬渍漸渐"
    "漁渔滲渗溫温遊游灣湾濕湿潰溃濺溅滯滞滿满濾滤濫滥灤滦濱滨灘滩瀾澜瀕濒災灾煉炼煙烟爐炉爛烂燭烛煩烦燒烧"
    "燈灯熱热煥焕愛爱爺爷牽牵犧牺狀状猶犹獨独獲获獵猎獄狱貓猫獻献現现瑪玛環环瓊琼產产電电畫画暢畅療疗瘋疯"
    "癢痒盜盗鹽盐監监蓋盖盤盘矯矫礦矿碼码磚砖礎础碩硕確确礙碍禮礼禍祸離离種种積积稱称穩稳窮穷竊窃窯窑竄窜"
    "窩窝豎竖競竞筆笔築筑簡简籌筹簽签籃篮籠笼糧粮糾纠紀纪約约紅红紋纹納纳紐纽純纯紗纱紙纸級级紛纷紡纺緊紧"
    "細细練练組组紳绅紹绍終终經经綁绑絨绒結结繞绕繪绘給给絡络絕绝絞绞統统絹绢繡绣繼继續续綜综綻绽綠绿綴缀"
    "緒绪繩绳維维綿绵綢绸緝缉締缔緩缓編编緣缘縛缚縫缝縮缩縱纵總总績绩織织繕缮繳缴纜缆罰罚罷罢羅罗羈羁翹翘"
    "聞闻聯联聰聪聲声聳耸職职肅肃腸肠膚肤膠胶脅胁脈脉膽胆勝胜脫脱腳脚臘腊腎肾騰腾臉脸臟脏艙舱艦舰艱艰藝艺"
    "節节蘆芦範范莖茎薦荐榮荣藥药蓮莲螢萤營营蕭萧薩萨蔥葱蔣蒋藍蓝蘊蕴蘇苏慮虑蟲虫蝦虾雖虽螞蚂蟻蚁蠶蚕蠻蛮"
    "補补襯衬裝装裡里製制複复襲袭見见規规覓觅視视覽览覺觉觀观觸触訂订計计訊讯討讨訓训記记講讲許许論论設设"
    "訪访證证評评識识詐诈訴诉診诊詞词譯译試试詩诗誠诚話话詳详語语誤误說说認认請请諸诸諾诺讀读課课誰谁調调"
    "談谈謀谋謂谓謎谜謙谦謝谢謠谣謹谨譜谱議议譽誉讓让貝贝負负貢贡財财責责賢贤敗败賬账貨货質质販贩貪贪貧贫"
    "購购貯贮貫贯貼贴貴贵貸贷貿贸費费賀贺資资賦赋賭赌賠赔賞赏賽赛贊赞贈赠贏赢趕赶趙赵趨趋躍跃蹤踪踐践車车"
    "軌轨軟软軸轴輕轻載载較较輔辅輛辆輝辉輩辈輪轮輯辑輸输轉转轟轰辭辞辯辩邊边遼辽達达遷迁過过邁迈運运還还"
    "這这進进遠远違违連连遲迟適适選选遞递遺遗邏逻鄭郑鄰邻釀酿釋释鑒鉴針针銀银銅铜銷销鋒锋錢钱鋼钢錯错鍵键"
    "鍛锻鎮镇鏈链鐘钟鐵铁鑄铸鑽钻鏡镜鋁铝鋰锂長长門门閃闪閉闭問问閑闲間间閱阅闊阔闆板闖闯陣阵陰阴陳陈陸陆"
    "陽阳隊队階阶際际隨随險险隱隐隻只雞鸡難难霧雾靈灵靜静韋韦韓韩韻韵頁页頂顶項项順顺須须預预領领頭头頻频"
    "題题額额顏颜類类顧顾颱台臺台飛飞飯饭飲饮飽饱餅饼館馆馬马駐驻驗验騎骑驅驱髮发鬆松魚鱼鮮鲜鳥鸟鳴鸣鴻鸿"
    "麥麦黃黄點点齊齐齡龄龍龙龜龟腦脑網网準准徵征託托註注匯汇係系週周甌瓯蕪芜鬧闹僱雇"
)
TRADITIONAL_TO_SIMPLIFIED = {
    _TRADITIONAL_PAIRS[i]: _TRADITIONAL_PAIRS[i + 1] for i in range(0, len(_TRADITIONAL_PAIRS), 2)
}

_NORMALISE = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}  # full-width ASCII forms
_NORMALISE.update({ord(t): s for t, s in TRADITIONAL_TO_SIMPLIFIED.items()})
_NORMALISE.update({ord(c): d for c, d in zip("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")})
_NORMALISE.update({ord(c): "—" for c in "–―‒"})
_NORMALISE.update({ord("〜"): "~", ord("﹪"): "%", ord("﹣"): "-", ord("∶"): ":", ord("〇"): "〇"})
_NORMALISE = {k: (chr(v) if isinstance(v, int) else v) for k, v in _NORMALISE.items()}


def normalise(text: str) -> str:
    """Full-width forms to ASCII, common traditional characters to simplified (1:1)."""
    return text.translate(_NORMALISE)


# ---------------------------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------------------------

_HTML_HINT = re.compile(r"<\s*(?:!doctype|html|body|head|p|div|br|span|h[1-6]|table|td|li|article|section)\b", re.I)
_BLOCK_TAGS = {"p", "div", "br", "li", "tr", "td", "th", "section", "article", "header", "footer", "table",
               "ul", "ol", "blockquote", "title", "dd", "dt", "pre", "hr", "h1", "h2", "h3", "h4", "h5", "h6"}
_SKIP_TAGS = {"script", "style", "noscript", "template"}


class _TextOfHtml(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in _SKIP_TAGS:
            self.skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")
            if re.fullmatch(r"h[1-6]", tag):
                self.parts.append("# ")

    def handle_startendtag(self, tag: str, attrs: Any) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data.replace("\n", " "))


def looks_like_html(text: str) -> bool:
    return bool(_HTML_HINT.search(text[:5000]))


def plain_text(text: str) -> str:
    """The text itself, or for HTML its text with the markup stripped (blocks become lines,
    headings `# ` lines, entities decoded, scripts and styles dropped)."""
    if not looks_like_html(text):
        return text
    parser = _TextOfHtml()
    parser.feed(text)
    parser.close()
    lines = [line.strip() for line in "".join(parser.parts).replace("\xa0", " ").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


# ---------------------------------------------------------------------------------------------
# The catalogues the extractor matches against
# ---------------------------------------------------------------------------------------------

@dataclass
class Catalogue(PlaceTree):
    places: dict[str, Place]
    actors: dict[str, Actor]
    metrics: dict[str, Metric]
    sources: dict[str, Source]

    def __post_init__(self) -> None:
        self._compile()

    def _compile(self) -> None:
        # name → the places it may mean. A name several places share (鼓楼区), and the short
        # form of a county-level place (萧山, 灯塔: often a word too), mean a place only in a
        # text that names a place above it (see _place_hits).
        names: dict[str, list[str]] = {}
        scoped: set[str] = set()
        for place in self.places.values():
            for name in dict.fromkeys((place.name_zh, *place.aliases)):
                key = normalise(name)
                names.setdefault(key, []).append(place.id)
                if name != place.name_zh and tier(place.level) in ("county", "town"):
                    scoped.add(key)
        scoped |= {key for key, ids in names.items() if len(ids) > 1}
        names.update({word: [RELATIVE] for word in _RELATIVE_PLACES})
        if "china" in self.places:
            names.update({word: ["china"] for word in _NATIONAL_WORDS})
        self.place_names = names
        self.scoped_place_names = scoped
        self.place_pattern = _alternation(names)
        actor_names: dict[str, str] = {}
        for actor in self.actors.values():
            for name in (actor.name_zh, *actor.aliases):
                actor_names.setdefault(normalise(name).casefold(), actor.id)
        self.actor_names = actor_names
        self.actor_pattern = _alternation(actor_names, ignore_case=True)
        aliases: dict[str, list[str]] = {}
        ai_aliases: set[str] = set()
        for metric in self.metrics.values():
            for alias in (*metric.aliases, metric.name_zh):
                key = normalise(alias).casefold()
                if len(key) < 2:
                    continue
                aliases.setdefault(key, [])
                if metric.id not in aliases[key]:
                    aliases[key].append(metric.id)
                if (metric.topic in AI_TOPICS and len(key) >= 3) or AI_CUE.search(key):
                    ai_aliases.add(key)
        self.metric_aliases = aliases
        self.metric_pattern = _alternation(aliases, ignore_case=True)
        self.ai_aliases = ai_aliases
        self.source_by_file = {Path(s.file).name: s.id for s in self.sources.values() if s.file}


def _alternation(words: Iterable[str], ignore_case: bool = False) -> re.Pattern:
    """One pattern matching any of the words, the longest where several start at one place.
    Built as a trie (杭州|杭州市 → 杭州(?:市)?), so thousands of place names cost a few steps
    per character, not one per name."""
    trie: dict = {}
    for word in set(words):
        if word:
            node = trie
            for char in word.casefold() if ignore_case else word:
                node = node.setdefault(char, {})
            node[""] = True
    if not trie:
        return re.compile(r"(?!x)x")
    return re.compile(_trie_pattern(trie), re.I if ignore_case else 0)


def _trie_pattern(node: dict) -> str:
    branches = [re.escape(char) + _trie_pattern(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:  # a word ends here: the longer words are tried first, greedily
        return f"(?:{body})?" if len(branches) > 1 or len(body) > 1 else body + "?"
    return body


def load_catalogue(data_dir: str | Path) -> Catalogue:
    """places, actors, metrics and sources from a data/ folder (the claims are not needed)."""
    data_dir = Path(data_dir)
    loaded: dict[str, dict] = {}
    for key, model in (("places", Place), ("actors", Actor), ("metrics", Metric), ("sources", Source)):
        file = data_dir / f"{key}.yaml"
        content = yamlio.load(yamlio.read_text(file), file) if file.exists() else {}
        items = (content or {}).get(key) or []
        entries = {}
        for item in items:
            try:
                entry = model.model_validate(item)
            except Exception:  # noqa: BLE001 - a bad catalogue entry is validate's business
                continue
            entries[entry.id] = entry
        loaded[key] = entries
    return Catalogue(**loaded)


# ---------------------------------------------------------------------------------------------
# Cue words. Each list names a general Chinese pattern, not one document's wording.
# ---------------------------------------------------------------------------------------------

AI_TOPICS = {"compute", "models", "data"}

# Words that put a clause in the AI domain (compute, models, data, AI industry).
AI_CUE = re.compile(
    r"人工智能|(?<![A-Za-z])AI(?![a-z])|AIGC|智能|算力|智算|通算|超算|算法|大模型|模型|机器人|具身|语料|芯片|"
    r"GPU|NPU|万卡|千卡|云计算|开源|tokens?|词元|生成式|深度学习|机器学习|神经网络|自动驾驶|算谷|信创|数商|"
    r"数据(?:要素|产权|交易|集(?!团)|空间|资源|产品|流通|中心|实验室|知识产权|企业|标注|治理|开放|安全|基础设施|"
    r"底座|产业|授权|目录|接口|市场|局|经济|跨境|确权|价值)|公共数据|开放数据|高质量数据|大数据|工业数据|"
    r"[EPT]FLOPS|DeepSeek|ChatGPT|GPT|LLM|通义|数字人|脑机", re.I)

# Words that name the place of whoever is speaking, never a place of their own: each stands for
# the nearest place of its kind named before it, else the one the text names most.
_RELATIVE_PLACES = {"全省": "province", "本省": "province", "我省": "province",
                    "全市": "city", "本市": "city", "我市": "city", "全区": "district", "本区": "district",
                    "我区": "district", "全县": "county", "本县": "county", "我县": "county",
                    "全州": "prefecture", "本州": "prefecture", "全旗": "banner"}
RELATIVE = "<relative>"
_PLACE_LEVELS = {"province": ("province",), "city": ("city", "county_city", "municipality"),
                 "district": ("district", "autonomous_region"), "county": ("county", "autonomous_county", "county_city"),
                 "prefecture": ("autonomous_prefecture", "prefecture"), "banner": ("banner", "autonomous_banner")}
# For a Chinese text, the country it speaks of: 全国, 我国.
_NATIONAL_WORDS = ("全国", "我国")

# A place name used as the scope of a rank or a first (全国首个, 全球第二) is not the claim's place.
_RANK_SCOPE_AFTER = re.compile(r"(?:首|第|前|领先|最|排名|排行|之最|一流|唯一|同类|范围)")

# Target cues, with their weight. A deadline (到2027年) counts separately.
_TARGET_CUES: list[tuple[str, float]] = [
    ("力争", 2.0), ("争取", 2.0), ("努力", 1.0), ("目标", 1.5), ("计划", 1.0), ("规划", 1.0), ("预计", 1.0),
    ("有望", 1.0), ("确保", 1.5), ("力求", 1.5), ("拟", 1.0), ("新增", 1.0), ("将", 0.8), ("要", 0.8), ("需", 0.8),
    ("打造", 0.5), ("培育", 0.6), ("建设", 0.3), ("构建", 0.3), ("推进", 0.4), ("加快", 0.8), ("每年", 0.8),
    ("年均", 0.6), ("达到", 0.3), ("以上", 0.3), ("锚定", 1.0), ("竞速", 0.8), ("迈向", 0.8), ("大力", 0.8),
    ("提出", 0.5), ("积极", 0.4),
]
# Report cues, with their weight. A period (截至…, 2025年1—8月, a past year) counts separately.
_FIGURE_CUES: list[tuple[str, float]] = [
    ("已", 2.0), ("累计", 2.0), ("共有", 1.5), ("现有", 1.5), ("拥有", 1.0), ("目前", 1.0), ("当前", 0.6),
    ("如今", 1.0), ("同比", 1.5), ("完成", 0.6), ("实现", 0.3), ("获得", 0.8), ("斩获", 1.0), ("荣获", 1.0),
    ("入选", 1.0), ("位列", 1.0), ("位居", 1.0), ("居", 0.5), ("排名", 0.6), ("发布", 0.5), ("举办", 0.8),
    ("吸引", 0.5), ("上线", 0.6), ("落地", 0.4), ("汇聚", 0.6), ("集聚", 0.6), ("入驻", 0.5), ("覆盖", 0.4),
    ("成为", 0.4), ("刷新", 0.8), ("建成", 0.5), ("了", 0.6), ("达", 0.3), ("首个", 0.8), ("首批", 0.6),
    ("去年", 1.5), ("上半年", 1.5), ("过去", 1.0), ("以来", 1.5), ("成功", 0.8), ("签署", 0.5), ("涵盖", 0.4),
    ("沉淀", 0.8), ("为", 0.2), ("仅用", 1.0), ("用时", 0.8), ("现在", 0.8), ("耗时", 0.8), ("缩短", 0.5), ("提升", 0.3), ("下降", 0.4), ("上升", 0.4), ("增长", 0.4),
]
# 将 + object + result verb is the 把 construction (将周期缩短到…), not the future tense
_OBJECT_MARKER = re.compile(r"将(?=[^,。;将]{1,12}?(?:缩短|压缩|提升|提高|降低|减少|增加|扩大|转化|作为|列为|纳入|控制|降至|提至))")
# titles and quoted names say nothing about tense: 《…加快建设…方案》, “春雨计划”
# 计划 as a noun (推出…进阶计划, 建设计划,) names a programme; as a verb (计划到2027年) it plans
_NOUN_PLAN = re.compile(r"计划(?=$|[,。;、”\"》)的和与及])")
_NAMES = re.compile(r"《[^》]{0,60}》|“[^”]{0,30}”|\"[^\"]{0,30}\"")
# a sentence that goes on with the one before (its deadline still holds)
_CONTINUES = re.compile(r"其中|同时|并|此外|另外|在此基础上|进一步|以及|还|届时|力争|争取|到那时")
_PLAN_SECTION = re.compile(r"目标|任务|举措|措施|行动|计划|规划|重点工作")
_STRIVE = re.compile(r"力争|争取|努力")
_NEGATED_TARGET = re.compile(r"[“\"《][^”\"》]{0,12}计划[”\"》]|需求|需要|必需|急需|重要|主要|要素|要求|只要|必要|纪要|摘要|要点|要闻|将其|将军|即将")

# Comparator cues written before a number (longest first) and after its unit.
_PRE_CUES: list[tuple[str, str]] = sorted([
    ("不超过", "<="), ("不高于", "<="), ("不多于", "<="), ("控制在", "<="), ("最多", "<="), ("最高", "<="),
    ("不少于", ">="), ("不低于", ">="), ("至少", ">="), ("达到", ">="), ("可达", ">="), ("高达", "="), ("达", ">="),
    ("不足", "<"), ("不到", "<"), ("低于", "<"), ("少于", "<"),
    ("超过", ">"), ("突破", ">"), ("超出", ">"), ("逾", ">"), ("超", ">"), ("多于", ">"), ("高于", ">"),
    ("大于", ">"), ("约", "~"), ("近", "~"), ("将近", "~"), ("接近", "~"), ("大约", "~"), ("约为", "~"),
], key=lambda cue: -len(cue[0]))
_POST_CUES: list[tuple[str, str]] = [
    ("及以上", ">="), ("以上", ">"), ("以下", "<="), ("以内", "<="), ("左右", "~"), ("上下", "~"), ("内", "<="),
]

_GROWTH_WORDS = re.compile(r"增长|增速|增幅|同比|环比|年均|复合增长率|年增|翻番")
_GROWTH_BASIS = [(re.compile(r"复合增长率|年均"), "cagr"), (re.compile(r"同比|增长|增速|增幅|年增"), "yoy")]

# A single measure word that starts a common word is not a unit there (100人工智能…).
_NOT_A_UNIT = {
    "人工", "人才", "人民", "人员", "个人", "个性", "个体", "个别", "核心", "期间", "期待", "期望", "处理", "本地",
    "本土", "本身", "部署", "部门", "部分", "场景", "场所", "场地", "点击", "门户", "门槛", "台阶", "户外", "种子",
    "类似", "类型", "批准", "支持", "支撑", "只有", "只是", "片区", "块链", "件事", "所有", "所在", "所属", "条件",
    "位于", "名单", "名称", "名片", "家庭", "家居", "家电", "家乡", "间隔", "座谈", "次元", "款式", "套餐", "张力",
    "台湾", "本届", "届时", "例如", "篇章", "项目", "卡片", "点位", "元素", "元宇", "年度", "个月",
}
_DATE_UNITS = {"年", "月", "日", "周", "岁", "周年", "世纪", "年代"}
_ASCII_LETTER = re.compile(r"[A-Za-z]")
_CN_DIGITS = "零〇一二两三四五六七八九十百千万亿"
_CN_SMALL = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_MAGNITUDE_ORDER = sorted(MAGNITUDES, key=len, reverse=True)

# Numbers that are never claims, by what they are. Matched on the normalised text.
_CODES = [  # phone numbers, ISSN / CN / postal codes and similar registration numbers
    ("phone", re.compile(r"(?:电话|热线|手机|传真|联系方式|Tel|TEL|tel)[:]?[\d\-—()+]{5,}")),
    ("phone", re.compile(r"(?<![\d.])0\d{2,3}[-—]\d{7,8}(?![\d])")),
    ("phone", re.compile(r"(?<![\d.])1[3-9]\d{9}(?![\d.])")),
    ("phone", re.compile(r"(?<![\d.])[48]00[-—]?\d{3}[-—]?\d{4}(?![\d])")),
    ("code", re.compile(r"(?:ISSN|ISBN|CN|邮发代号|刊号|邮编|邮政编码|统一社会信用代码|编号|文号)[:]?[\dA-Z\-—/]+", re.I)),
    ("code", re.compile(r"(?<!\d)\d{4}[-—]\d{3}[\dX](?![\d年])")),
]
_NOT_CLAIMS = [
    # dates: 2025年1—8月, 2025年6月30日, 6月4日, 1—12月, 2003—2007年, 2025-06-04, 二〇二五年, 十五五
    ("date", re.compile(r"(?:19|20)\d{2}(?:[—\-~至到](?:19|20)?\d{2,4})?年(?:\d{1,2}(?:[—\-~至到]\d{1,2})?月份?(?:\d{1,2}日)?)?")),
    ("date", re.compile(r"(?<![\d.])\d{1,2}(?:[—\-~至到]\d{1,2})?月份?(?:\d{1,2}(?:[—\-~至到]\d{1,2})?[日号])?")),
    ("date", re.compile(r"(?<![\d.])\d{1,2}[日号](?![\d])")),
    ("date", re.compile(r"(?<!\d)(?:19|20)\d{2}[-/.](?:1[0-2]|0?[1-9])(?:[-/.](?:3[01]|[12]\d|0?[1-9]))?(?![\d])")),
    ("date", re.compile(r"[〇零一二三四五六七八九]{4}年")),
    ("date", re.compile(r"十[一二三四五六七八九]五")),
    ("date", re.compile(r"\d{1,2}:\d{2}")),
    *_CODES,
    # issue, page and edition numbers: 第17期, 总第776期, P12, 12版
    ("issue", re.compile(r"总?第\d+[期版页卷号]")),
    ("issue", re.compile(r"(?<![A-Za-z])[Pp]\.?\d+(?![\d])")),
    ("issue", re.compile(r"(?<![\d.])\d+[版页](?![\d])")),
    # articles of a law or a plan, and ordinals in general: 第十二条, 第3款, 第二章
    ("ordinal", re.compile(rf"第[{_CN_DIGITS}\d]+[条款章节项部篇批届次]?")),
    # sessions of a congress or a party committee: 十五届八次全会, 第十四届人大六次会议
    # (each starts only where a run of digits starts: tried at every digit of a run, a pattern
    # that must find 届 or + after the run costs the run's length squared)
    ("session", re.compile(rf"(?<![{_CN_DIGITS}\d])[{_CN_DIGITS}\d]+届(?:[^,。;]{{0,8}}?[{_CN_DIGITS}\d]+次)?(?:全体)?(?:\(扩大\))?(?:全会|会议|大会)?")),
    ("session", re.compile(rf"(?<![{_CN_DIGITS}\d])[{_CN_DIGITS}\d]+次(?:全体)?(?:\(扩大\))?(?:全会|会议|党代会|代表大会)")),
    # formulae and labels: 1+2+8+6+4, 115X
    ("label", re.compile(r"(?<!\d)\d+(?:\+\d+)+(?:\+?[A-Za-z]+)?")),
    # list numbering at the start of a paragraph or sentence: 1. 2、 (3) （一） 一、 ①
    ("list", re.compile(r"(?:^|(?<=[。!?;:]))(?:\d{1,2}(?:[、)]|\.(?!\d))|\(\d{1,2}\)|\([一二三四五六七八九十]+\)|"
                        r"[一二三四五六七八九十]+、|[①-⑳])")),
]


def non_claims(text: str) -> list[tuple[str, str]]:
    """The numbers in a text that are not claims, as (what, text): ("date", "2025年6月4日"),
    ("phone", "0571-85112345"), ("code", "ISSN1008-0260"), ("list", "1."), ("ordinal", "第十二条") …"""
    found = []
    for paragraph in read_document(plain_text(text)).paragraphs:
        spans = _excluded_spans(paragraph.norm)
        for start, end, what in spans:
            if not any(a <= start and end <= b and (a, b) != (start, end) for a, b, _ in spans):
                found.append((what, paragraph.norm[start:end]))
    return list(dict.fromkeys(found))


_RANK = re.compile(
    r"(?P<verb>排名|排在|排行|位列|位居|位于|名列|居于|居|列)?"
    r"(?P<scope>全国|全省|全市|全球|世界|国内|中国|省内|全区|行业|同类城市)?"
    r"(?P<verb2>排名|排在|位列|位居|居)?"
    r"(?:第(?P<n>[一二三四五六七八九十]+|\d{1,3})(?![条款章节项期届次批个])(?:位|名)?|(?P<first>首位|榜首)|前(?P<top>[二三四五六七八九十]|\d{1,2})(?=[,。;、]|$))")


# ---------------------------------------------------------------------------------------------
# Document structure
# ---------------------------------------------------------------------------------------------

@dataclass
class Paragraph:
    index: int
    norm: str                 # normalised, white space squeezed out
    offsets: list[int]        # norm index -> offset in the text
    original: str             # the text's own character at each norm index
    heading: bool
    section: int
    sentences: list[tuple[int, int]] = field(default_factory=list)
    clauses: list[tuple[int, int]] = field(default_factory=list)
    cut_off_from: int | None = None   # the last sentence of a text that stops mid-way
    gaps: set[int] = field(default_factory=set)  # norm indices after a skipped heading
    excluded: list[tuple[int, int]] = field(default_factory=list)  # phone numbers, codes …

    def gap_has_text(self, i: int) -> bool:
        return i in self.gaps

    def sentence_at(self, position: int) -> tuple[int, int]:
        return _span_at(self.sentences, position, self.__dict__)

    def clause_at(self, position: int) -> tuple[int, int]:
        return _span_at(self.clauses, position, self.__dict__)

    def clause_starts(self) -> list[int]:
        """The clauses' starts (kept: a long paragraph's every number asks for them)."""
        key = ("_starts", id(self.clauses), len(self.clauses))
        if key not in self.__dict__:
            self.__dict__[key] = [a for a, _ in self.clauses]
        return self.__dict__[key]


def _span_at(spans: list[tuple[int, int]], position: int, memo: dict | None = None) -> tuple[int, int]:
    """The span holding `position`. The spans' starts are kept in `memo` (the paragraph's) once
    the spans are final: made anew for each of a long paragraph's numbers, they were quadratic."""
    key = ("_starts", id(spans), len(spans))
    starts = memo.get(key) if memo is not None else None
    if starts is None:
        starts = [s for s, _ in spans]
        if memo is not None:
            memo[key] = starts
    index = max(0, bisect.bisect_right(starts, position) - 1)
    return spans[index] if spans else (0, 0)


# A semicolon parts the items of one sentence (到2027年，A；B；C。): the deadline holds for all.
_SENTENCE = re.compile(r"[^。!?…]*(?:[。!?…]+[”’\"')]*|$)")
_CLAUSE_BREAK = re.compile(r"[,:;]")
_CLOSING = "。!?;…”’\"')】》」』.·"
_NO_JOIN = _CLOSING + "—:-"
_HEADING_MARK = re.compile(r"^\s*#+\s*")
_HEADING_PREFIX = re.compile(r"^\s*#*\s*")


@dataclass
class Document:
    text: str
    paragraphs: list[Paragraph]
    year: int | None
    section_ai: list[bool]
    section_titles: list[str]


def _squeeze(text: str, ranges: list[tuple[int, int]]) -> tuple[str, list[int], set[int]]:
    pieces: list[str] = []
    offsets: list[int] = []
    gaps: set[int] = set()
    for index, (start, end) in enumerate(ranges):
        if index:
            gaps.add(len(offsets))
        for match in re.finditer(r"\S+", text[start:end]):
            pieces.append(match.group())
            offsets.extend(range(start + match.start(), start + match.end()))
    return normalise("".join(pieces)), offsets, gaps


def read_document(text: str, year: int | None = None) -> Document:
    """Cut a plain text into logical paragraphs, sentences and clauses."""
    lines: list[tuple[int, int]] = []
    position = 0
    for line in text.splitlines(keepends=True):
        stripped = line.rstrip("\r\n")
        if stripped.strip():
            lines.append((position, position + len(stripped)))
        position += len(line)

    def is_heading(i: int) -> bool:
        """A marked heading (# …, <h2> in HTML), or a short line without closing punctuation."""
        line = text[lines[i][0]:lines[i][1]].strip()
        return bool(_HEADING_MARK.match(line)) or (len(line) <= 20 and normalise(line[-1]) not in _NO_JOIN)

    def open_ended(i: int) -> bool:
        line = text[lines[i][0]:lines[i][1]].strip()
        return len(line) >= 30 and normalise(line[-1]) not in _NO_JOIN

    paragraphs: list[Paragraph] = []
    titles: list[str] = [""]  # section -> its heading
    section = 0
    index = 0

    def add(ranges: list[tuple[int, int]], heading: bool) -> None:
        norm, offsets, gaps = _squeeze(text, ranges)
        if norm:
            original = "".join(text[o] for o in offsets)
            paragraph = Paragraph(len(paragraphs), norm, offsets, original, heading, section, gaps=gaps)
            _segment(paragraph)
            paragraphs.append(paragraph)

    while index < len(lines):
        start, end = lines[index]
        if is_heading(index):
            section += 1
            add([(start + _HEADING_PREFIX.match(text[start:end]).end(), end)], True)
            titles.append(paragraphs[-1].norm if paragraphs and paragraphs[-1].heading else "")
            index += 1
            continue
        # A body line broken off mid-sentence (OCR'd columns and pages) goes on in the next body
        # line, even when a running head or a sub-heading was printed in between.
        ranges = [(start, end)]
        skipped: list[int] = []
        while open_ended(index):
            ahead = index + 1
            while ahead < len(lines) and is_heading(ahead) and ahead - index <= 3:
                ahead += 1
            if ahead >= len(lines) or is_heading(ahead):
                break
            skipped.extend(range(index + 1, ahead))
            index = ahead
            ranges.append(lines[index])
        add(ranges, False)
        for heading_line in skipped:
            section += 1
            h_start, h_end = lines[heading_line]
            add([(h_start + _HEADING_PREFIX.match(text[h_start:h_end]).end(), h_end)], True)
            titles.append(paragraphs[-1].norm if paragraphs and paragraphs[-1].heading else "")
        index += 1
    if paragraphs:
        last = paragraphs[-1]
        if last.norm[-1] not in _NO_JOIN and last.sentences:
            last.cut_off_from = last.sentences[-1][0]
    document = Document(text, paragraphs, year or _document_year(paragraphs), [], titles)
    document.section_ai = _section_ai(paragraphs, section + 1)
    return document


def _segment(paragraph: Paragraph) -> None:
    norm = paragraph.norm
    for match in _SENTENCE.finditer(norm):
        if match.end() > match.start():
            paragraph.sentences.append((match.start(), match.end()))
    start = 0
    for match in _CLAUSE_BREAK.finditer(norm):
        i = match.start()
        # a thousands separator (1,000, written with an ASCII comma) is not a clause break
        if paragraph.original[i] == "," and i and norm[i - 1].isdigit() and re.match(r",\d{3}(?!\d)", norm[i:]):
            continue
        paragraph.clauses.append((start, match.end()))
        start = match.end()
    paragraph.clauses.append((start, len(norm)))
    # sentence ends are clause ends too
    bounds = sorted({e for _, e in paragraph.sentences} | {e for _, e in paragraph.clauses})
    clauses, previous = [], 0
    for bound in bounds:
        if bound > previous:
            clauses.append((previous, bound))
            previous = bound
    paragraph.clauses = clauses


_YEAR = re.compile(r"(?<![\d.])((?:19|20)\d{2})(?:年|-\d{1,2}-\d{1,2})")
_FUTURE_BEFORE = re.compile(r"(?:到|至|力争|计划|目标|预计|展望|迈向|争取)$")


def _document_year(paragraphs: list[Paragraph]) -> int | None:
    """The latest year the text reports on (years after 到/力争 … are deadlines, not news)."""
    years = []
    for paragraph in paragraphs:
        for match in _YEAR.finditer(paragraph.norm):
            before = paragraph.norm[max(0, match.start() - 4):match.start()]
            after = paragraph.norm[match.end():match.end() + 3]
            if _FUTURE_BEFORE.search(before) or re.match(r"(?:年?底前|前|以前)", after):
                continue
            years.append(int(match.group(1)))
    plausible = [y for y in years if 1990 <= y <= 2100]
    return max(plausible) if plausible else None


def _section_ai(paragraphs: list[Paragraph], count: int) -> list[bool]:
    """A section (the text between two headings) is about AI when its heading or at least a
    third of its body paragraphs carry an AI cue."""
    heading_cue = [False] * count
    body = [[0, 0] for _ in range(count)]
    for paragraph in paragraphs:
        has_cue = bool(AI_CUE.search(paragraph.norm))
        if paragraph.heading:
            heading_cue[paragraph.section] = heading_cue[paragraph.section] or has_cue
        else:
            body[paragraph.section][0] += has_cue
            body[paragraph.section][1] += 1
    return [heading_cue[i] or (body[i][1] > 0 and body[i][0] * 3 >= body[i][1]) for i in range(count)]


# ---------------------------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------------------------

@dataclass
class Mention:
    paragraph: Paragraph
    start: int                 # the whole expression (cue, number, unit, post cue) in norm
    end: int
    number_start: int
    number_end: int
    value: float
    unit: str | None           # as stated; None when only a magnitude was given
    magnitude: str = ""
    role: str = "level"        # level | growth | rank
    comparator: str = "="
    comparator_text: str | None = None
    chinese: bool = False
    inferred_unit: bool = False
    range_high: float | None = None
    growth_basis: str = "yoy"
    big_n: bool = False        # 五大平台: the measure word was left out
    growth_text_start: int | None = None
    growth: Mention | None = None  # the growth rate this level carries (同比增长20%)
    rank: Mention | None = None    # the rank this level carries (居全省第二位)
    rank_scope: str | None = None
    rank_text: str | None = None
    notes: list[str] = field(default_factory=list)


def _valid_unit(unit: str) -> bool:
    try:
        parse_unit(unit)
        return True
    except UnitError:
        return False


def _magnitude_at(s: str, k: int) -> str:
    for magnitude in _MAGNITUDE_ORDER:
        if s.startswith(magnitude, k):
            return magnitude
    return ""


def _unit_at(s: str, k: int, magnitude: str) -> str | None:
    """The longest unit word at s[k:] that, after the magnitude, tracker.units knows."""
    for length in range(min(8, len(s) - k), 0, -1):
        word = s[k:k + length]
        if word in _DATE_UNITS or word.lower() in ("e", "b"):
            continue
        if _ASCII_LETTER.match(word[-1]) and k + length < len(s) and _ASCII_LETTER.match(s[k + length]):
            continue  # part of a longer Latin word: 5G, 3D, 10Pa
        if length == 1 and s[k:k + 2] in _NOT_A_UNIT and not s.startswith("个人工智能", k):
            continue
        if not re.match(r"[A-Za-z\u4e00-\u9fff%]", word[0]):
            continue
        if _valid_unit(magnitude + word):
            # 家企业, 个场景: the measure word is 家, 个; what it counts is no part of the unit
            if len(word) > 2 and _valid_unit(word[0]) and parse_unit(word).dimension == "count" \
                    and parse_unit(word[0]).dimension == "count":
                return word[0]
            return word
    return None


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(a <= start and end <= b for a, b in spans)


def _excluded_spans(norm: str) -> list[tuple[int, int, str]]:
    spans = []
    for what, pattern in _NOT_CLAIMS:
        spans.extend((*m.span(), what) for m in pattern.finditer(norm))
    # a definition in brackets ("EFLOPS是指每秒进行百亿亿次浮点运算") explains a unit, claims nothing
    for match in re.finditer(r"\([^()]{0,80}?(?:是指|指的是|意为|即每秒)[^()]{0,80}\)", norm):
        spans.append((*match.span(), "definition"))
    return spans


_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])")
_SCIENTIFIC_TAIL = re.compile(r"[×xX*]10\^?(\d{1,2})(?!\d)")


def scan_numbers(paragraph: Paragraph) -> list[Mention]:
    """Every number with a known unit in a paragraph, with its comparator cues."""
    s = paragraph.norm
    spans = _excluded_spans(s)
    excluded = [(a, b) for a, b, _ in spans]
    paragraph.excluded = [(a, b) for a, b, what in spans if what in ("phone", "code")]
    mentions: list[Mention] = []
    taken_until = -1
    # ranks first: 全国第二, 居全省第二位, 位列第一
    for match in _RANK.finditer(s):
        mention = _rank_mention(paragraph, match)
        if mention:
            mentions.append(mention)
    rank_spans = [(m.number_start, m.number_end) for m in mentions]
    for match in re.finditer(rf"\d+(?:\.\d+)?|百分之[{_CN_DIGITS}\d.]+|[数上]?[{_CN_DIGITS}]+", s):
        if match.start() < taken_until or _inside(rank_spans, match.start(), match.end()):
            continue
        token = match.group()
        if token[0].isdigit():
            if match.start() and (s[match.start() - 1].isdigit() or s[match.start() - 1] == "."):
                continue
            end = match.end()
            # a thousands separator only where the text wrote an ASCII comma (a full-width one ends a clause)
            grouped = _THOUSANDS.match(s, match.start())
            if grouped and all(paragraph.original[i] == "," for i in range(match.start(), grouped.end()) if s[i] == ","):
                end = grouped.end()
            mention = _arabic_mention(paragraph, match.start(), end, excluded)
        else:
            mention = _chinese_mention(paragraph, match.start(), match.end(), excluded)
        if mention is not None:
            mentions.append(mention)
            taken_until = mention.end
    mentions.sort(key=lambda m: m.number_start)
    mentions = [m for m in mentions if m.value > 0 and not _baseline_or_difference(paragraph, m)]
    if paragraph.cut_off_from is not None:
        mentions = [m for m in mentions if m.number_start < paragraph.cut_off_from]
    return mentions


_FROM = re.compile(r"(?:从|由)$")
_TO = re.compile(r"(?:降|减|缩短|缩减|压缩|提升|提高|增加|增长|上升|下降|扩大)?(?:到|至)")
_DIFFERENCE = re.compile(r"高于|高出|低于|快于|慢于|领先|超出")


def _baseline_or_difference(paragraph: Paragraph, mention: Mention) -> bool:
    """从90天缩短到10—15天: 90天 is where it started, not the claim. 高出全省2.6个百分点: a
    difference between two rates, not a rate."""
    s = paragraph.norm
    clause = paragraph.clause_at(mention.number_start)
    if _FROM.search(s[max(clause[0], mention.start - 2):mention.start]) and _TO.search(s[mention.end:clause[1]]):
        return True
    if mention.unit == "个百分点" and _DIFFERENCE.search(s[clause[0]:mention.start]):
        return True
    return False


def _identifier_around(s: str, start: int, end: int) -> bool:
    """A number inside a name such as Qwen2.5-Omni-7B, DeepSeek-V3, GPT-4, AIME25, G60."""
    k = start
    while k > 0 and re.match(r"[A-Za-z0-9.\-]", s[k - 1]):
        k -= 1
    if _ASCII_LETTER.search(s[k:start]):
        return True
    return False


def _pre_cue(s: str, start: int) -> tuple[str, str] | None:
    for cue, comparator in _PRE_CUES:
        if s[max(0, start - len(cue)):start] == cue:
            return cue, comparator
    return None


def _post_cue(s: str, k: int) -> tuple[str, str] | None:
    for cue, comparator in _POST_CUES:
        if s.startswith(cue, k):
            if cue == "内" and s.startswith(("内容", "内部", "内外", "内蒙", "内涵", "内生", "内在"), k):
                return None
            return cue, comparator
    return None


def _finish(paragraph: Paragraph, mention: Mention, k: int, approximate: bool) -> Mention:
    """Comparator cues before the number and after the unit."""
    s = paragraph.norm
    cue_start = mention.number_start
    pre = _pre_cue(s, cue_start)
    if pre:
        mention.comparator, mention.comparator_text = pre[1], pre[0]
        mention.start = cue_start - len(pre[0])
    if approximate and mention.comparator in ("=", ">="):
        mention.comparator = ">"
    if s.startswith("级", k) and mention.unit:  # 万卡级集群: of that order, at least
        k += 1
        if mention.comparator == "=":
            mention.comparator = ">="
    post = _post_cue(s, k)
    if post:
        k += len(post[0])
        if post[1] == "~" or mention.comparator == "=" or (post[1] == ">" and mention.comparator == ">="):
            mention.comparator = post[1]
        mention.comparator_text = (mention.comparator_text or "") + post[0]
    clause_start = paragraph.clause_at(mention.number_start)[0]
    before = s[clause_start:mention.start]
    if mention.comparator_text in ("达", "可达", "达到") and "最高" in before[-8:]:
        mention.comparator = "<="
    if "预计" in before and mention.comparator in ("=", ">="):
        mention.comparator = "~"
    mention.end = k
    return mention


def _arabic_mention(paragraph: Paragraph, start: int, end: int, excluded) -> Mention | None:
    s = paragraph.norm
    if _inside(excluded, start, end) or _identifier_around(s, start, end):
        return None
    raw = s[start:end]
    value = float(raw.replace(",", ""))
    k = end
    notes: list[str] = []
    scientific = _SCIENTIFIC_TAIL.match(s, k)
    if scientific:
        value *= 10 ** int(scientific.group(1))
        k = scientific.end()
        if "^" not in scientific.group():
            notes.append(f"{s[start:k]} read as {s[start:start + len(raw)]}×10^{scientific.group(1)} (superscript lost)")
    range_high = None
    range_match = re.match(r"[—\-~至到](\d+(?:\.\d+)?)", s[k:])
    if range_match and not scientific:
        range_high = float(range_match.group(1))
        k += range_match.end()
    approximate = False
    if s.startswith(("余", "多"), k) and not s.startswith(("多元", "多样", "多维", "多模态"), k):
        approximate, k = True, k + 1
    magnitude = _magnitude_at(s, k)
    k += len(magnitude)
    if s.startswith(("余", "多"), k) and magnitude:
        approximate, k = True, k + 1
    level_word = False
    if s.startswith("级", k):
        level_word, k = True, k + 1
    unit = _unit_at(s, k, magnitude)
    per_second = "每秒" in s[max(0, start - 6):start]
    if unit is None and not magnitude:
        if s.startswith("大", k) and value < 20 and value == int(value):
            return _big_n(paragraph, start, k, value)
        return None
    if unit and unit.lower() == "p" and s[start - 1:start] == "P":
        return None
    mention = Mention(paragraph, start, k, start, end, value, None, magnitude, notes=notes)
    if unit is not None:
        if unit == "次" and per_second:
            mention.unit = magnitude + "次/秒"
        else:
            mention.unit = magnitude + unit
        k += len(unit)
    elif level_word:
        mention.unit = None  # 千亿级: the unit comes from the metric (or 产业 -> 元)
    mention.inferred_unit = mention.unit is None
    if range_high is not None:
        if mention.unit and parse_unit(mention.unit).dimension in ("duration", "count", "money", "percent"):
            mention.range_high = range_high
            mention.comparator = ">="
            mention.notes.append(f"range {raw}—{range_high:g}: the low end is recorded")
        else:
            return None
    if level_word:
        mention.comparator = ">="
        mention.notes.append(f"{s[start:k]}: an order of magnitude, recorded as at least 1 {magnitude}")
    return _finish(paragraph, mention, k, approximate)


def _big_n(paragraph: Paragraph, start: int, k: int, value: float) -> Mention | None:
    """五大平台 / 5大中心: a count with the measure word left out."""
    mention = Mention(paragraph, start, k + 1, start, k, value, None, chinese=not paragraph.norm[start].isdigit())
    mention.inferred_unit = mention.big_n = True
    mention.notes.append(f"{paragraph.norm[start:k + 1]}: a count without a measure word; 个 supplied")
    mention.end = k + 1
    return mention


def _chinese_mention(paragraph: Paragraph, start: int, end: int, excluded) -> Mention | None:
    s = paragraph.norm
    token = s[start:end]
    prefix = ""
    if token[0] in "数上" and len(token) > 1:
        prefix, token = token[0], token[1:]
        start += 1
    if token.startswith("百分之"):
        value = chinese_numeral(token[3:]) if not re.match(r"[\d.]", token[3:]) else None
        if value is None:
            return None
        mention = Mention(paragraph, start, end, start, end, float(value), "%", chinese=True)
        return _finish(paragraph, mention, end, False)
    if _inside(excluded, start, end) or (start > 0 and s[start - 1] in "第星初周"):
        return None
    if prefix and not all(c in "十百千万亿" for c in token):
        return None  # 数据, 上一 …: not a numeral after all
    magnitude_only = all(c in "百千万亿" for c in token)
    approximate = False
    k = end
    if s.startswith(("余", "多"), k):
        approximate, k = True, k + 1
    magnitude = ""
    if magnitude_only and token in MAGNITUDES:
        value, magnitude = 1.0, token
    else:
        head, tail = token, ""
        for big in ("万亿", "亿", "万"):
            if token.endswith(big) and len(token) > len(big) and token not in ("千万亿",):
                head, tail = token[:-len(big)], big
                break
        number = chinese_numeral(head)
        if number is None:
            return None
        value, magnitude = float(number), tail
        if tail == "" and token[-1] in "万亿" and token not in MAGNITUDES and chinese_numeral(token):
            value = float(chinese_numeral(token))
    if s.startswith(("余", "多"), k) and not approximate:
        approximate, k = True, k + 1
    level_word = False
    if s.startswith("级", k):
        level_word, k = True, k + 1
    unit = _unit_at(s, k, magnitude)
    if unit is None:
        if s.startswith("大", k) and not magnitude and 2 <= value < 20:
            return _big_n(paragraph, start, k, value)
        if not level_word or not magnitude:
            return None
    # single words that only look like numbers: 一个, 一批, 三位一体, 千行百业
    if value == 1 and not magnitude and not prefix:
        return None
    after = k + (len(unit) if unit else 0)
    if unit and len(unit) == 1 and ((after < len(s) and s[after] in _CN_DIGITS)
                                    or (start >= 2 and s[start - 2] in _CN_DIGITS and _valid_unit(s[start - 1]))):
        return None  # 一轴一核, 三位一体, 四梁八柱, 千家万户: a set phrase
    if unit in ("成",) and value > 10:
        return None
    mention = Mention(paragraph, start - len(prefix), k, start, end, value, None, magnitude, chinese=True)
    if unit:
        per_second = "每秒" in s[max(0, start - 6):start]
        mention.unit = magnitude + ("次/秒" if unit == "次" and per_second else unit)
        k = after
    mention.inferred_unit = mention.unit is None
    if level_word:
        mention.comparator = ">="
        mention.notes.append(f"{s[start:k]}: an order of magnitude, recorded as at least 1 {magnitude}")
    if prefix == "数":
        if token == "十":
            mention.value, mention.magnitude = 10.0, ""
            mention.unit = unit if unit else None
            mention.comparator = ">"
        else:
            mention.comparator = ">="
        mention.notes.append(f"数{token}: several {token}, recorded as the lower bound")
    elif prefix == "上":
        mention.comparator = ">="
        if magnitude_only and unit and token not in ("万", "亿", "万亿"):
            mention.value, mention.unit = float(chinese_numeral(token)), unit
            mention.magnitude = ""
    mention = _finish(paragraph, mention, k, approximate)
    return mention


def _rank_mention(paragraph: Paragraph, match: re.Match) -> Mention | None:
    verb = match.group("verb") or match.group("verb2")
    scope_word = match.group("scope")
    if match.group("first"):
        value = 1
    elif match.group("top"):
        if not verb:
            return None
        top = match.group("top")
        value = int(top) if top.isdigit() else _CN_SMALL.get(top)
    else:
        n = match.group("n")
        value = int(n) if n.isdigit() else chinese_numeral(n)
    if not value or not (verb or scope_word):
        return None
    s = paragraph.norm
    if not verb and scope_word and s[match.end():match.end() + 1] in ("条", "款", "章", "节"):
        return None
    scope = {"全国": "national", "国内": "national", "中国": "national", "全省": "provincial",
             "省内": "provincial", "全市": "city", "全区": "city", "全球": "global", "世界": "global",
             "行业": "industry", "同类城市": "national"}.get(scope_word or "", "national")
    mention = Mention(paragraph, match.start(), match.end(), match.start(), match.end(), float(value), None,
                      role="rank", rank_scope=scope, rank_text=match.group())
    return mention


# ---------------------------------------------------------------------------------------------
# Time: deadlines and periods
# ---------------------------------------------------------------------------------------------

@dataclass
class TimeExpr:
    start: int
    end: int
    text: str
    kind: str                  # deadline | period | either
    year: int | None = None
    deadline: dict | None = None
    period: dict | None = None
    cue: str = ""


_NOW_WORDS = {"目前", "当前", "如今", "现已", "迄今"}
_QUARTERS = {"上半年": (1, 6), "下半年": (7, 12), "前三季度": (1, 9), "一季度": (1, 3), "第一季度": (1, 3),
             "二季度": (4, 6), "第二季度": (4, 6), "三季度": (7, 9), "第三季度": (7, 9), "四季度": (10, 12),
             "第四季度": (10, 12), "全年": (1, 12)}
_TIME_PATTERNS = [
    ("asof", re.compile(r"截(?:至|止)(?:到)?(?P<rel>目前|当前|今年|去年|年底)?(?:(?P<y>(?:19|20)\d{2})年)?"
                        r"(?:(?P<m>\d{1,2})月)?(?:(?P<d>\d{1,2})日)?(?P<end>底|末)?")),
    ("months", re.compile(r"(?:(?P<y>(?:19|20)\d{2})年|(?P<rel>今年|去年))?(?P<m1>\d{1,2})[—\-~至到](?P<m2>\d{1,2})月份?")),
    ("part", re.compile(r"(?:(?P<y>(?:19|20)\d{2})年|(?P<rel>今年|去年))(?P<part>上半年|下半年|前三季度|第?[一二三四]季度|全年)")),
    ("to", re.compile(r"(?P<pre>到|至|力争到|争取到|预计到|计划到|力争在|目标到|在)(?P<y>(?:19|20)\d{2})年(?:(?P<m>\d{1,2})月)?(?P<end>底|末|年底|年末)?")),
    ("before", re.compile(r"(?P<y>(?:19|20)\d{2})年(?P<end>底|末)?(?:前|以前|之前)")),
    ("this_year", re.compile(r"(?:今年|年内|本年度|年底前)(?P<end>底|年底|末)?(?P<before>前)?")),
    ("plan", re.compile(r"(?P<plan>十[四五六]五)")),
    ("since", re.compile(r"(?:自|从)?(?P<y>(?:19|20)\d{2})年(?:(?P<m>\d{1,2})月)?(?:[^,。;]{0,12}?)以来")),
    ("year", re.compile(r"(?P<y>(?:19|20)\d{2})年(?P<end>底|末|年底|年末)?(?:度)?(?!\d)")),
    ("last_year", re.compile(r"去年|上年|过去一年")),
    ("cumulative", re.compile(r"累计")),
    ("now", re.compile(r"(?<![较比])(?:目前|当前|如今|现已|迄今)")),
]


def find_times(paragraph: Paragraph, year: int | None) -> list[TimeExpr]:
    s = paragraph.norm
    found: list[TimeExpr] = []
    taken: list[tuple[int, int]] = []
    for name, pattern in _TIME_PATTERNS:
        for match in pattern.finditer(s):
            if any(a < match.end() and match.start() < b for a, b in taken):
                continue
            expr = _time_expr(name, match, year)
            if expr:
                found.append(expr)
                taken.append(match.span())
    found.sort(key=lambda t: t.start)
    return found


def _relative_year(rel: str | None, year: int | None) -> int | None:
    if rel in ("今年", "年底"):
        return year
    if rel == "去年":
        return year - 1 if year else None
    return None


def _time_expr(name: str, match: re.Match, doc_year: int | None) -> TimeExpr | None:
    text = match.group()
    groups = match.groupdict()
    y = int(groups["y"]) if groups.get("y") else None
    if name == "asof":
        y = y or _relative_year(groups.get("rel"), doc_year)
        end = None
        if y and groups.get("m"):
            end = f"{y}-{int(groups['m']):02d}" + (f"-{int(groups['d']):02d}" if groups.get("d") else "")
        elif y and groups.get("rel") != "目前":
            end = str(y)
        return TimeExpr(match.start(), match.end(), text, "period", y,
                        period={"start": None, "end": end, "kind": "point", "text": text}, cue="截至")
    if name == "months":
        y = y or _relative_year(groups.get("rel"), doc_year) or doc_year
        m1, m2 = int(groups["m1"]), int(groups["m2"])
        if not (y and 1 <= m1 <= m2 <= 12):
            return None
        return TimeExpr(match.start(), match.end(), text, "period", y,
                        period={"start": f"{y}-{m1:02d}", "end": f"{y}-{m2:02d}", "kind": "range", "text": text},
                        cue=text)
    if name == "part":
        y = y or _relative_year(groups.get("rel"), doc_year)
        if not y:
            return None
        part = groups["part"]
        first, last = _QUARTERS.get(part, _QUARTERS.get(part.lstrip("第"), (1, 12)))
        if part == "全年":
            return TimeExpr(match.start(), match.end(), text, "either", y,
                            deadline={"date": str(y), "precision": "year", "text": text},
                            period={"start": str(y), "end": str(y), "kind": "year", "text": text}, cue=text)
        return TimeExpr(match.start(), match.end(), text, "period", y,
                        period={"start": f"{y}-{first:02d}", "end": f"{y}-{last:02d}", "kind": "range", "text": text},
                        cue=text)
    if name in ("to", "before"):
        month = int(groups["m"]) if groups.get("m") else None
        if groups.get("pre") == "在" and not groups.get("end"):
            name = "year"  # 在2025年: no more than a year
        else:
            if month:
                deadline = {"date": f"{y}-{month:02d}", "precision": "month", "text": text}
            elif groups.get("end") or name == "before":
                deadline = {"date": f"{y}-12-31", "precision": "year_end", "text": text}
            else:
                deadline = {"date": str(y), "precision": "year", "text": text}
            if doc_year and y < doc_year:
                # 到2024年 in a 2026 text looks back: a report for that year
                return TimeExpr(match.start(), match.end(), text, "period", y,
                                period={"start": None, "end": str(y), "kind": "point", "text": text}, cue=f"past year {y}")
            return TimeExpr(match.start(), match.end(), text, "deadline", y, deadline=deadline, cue=text)
    if name == "this_year":
        if not doc_year:
            return None
        if groups.get("end") or groups.get("before") or text in ("年底前", "年内"):
            return TimeExpr(match.start(), match.end(), text, "deadline", doc_year,
                            deadline={"date": f"{doc_year}-12-31", "precision": "year_end", "text": text}, cue=text)
        return TimeExpr(match.start(), match.end(), text, "either", doc_year,
                        deadline={"date": str(doc_year), "precision": "year", "text": text},
                        period={"start": str(doc_year), "end": str(doc_year), "kind": "year", "text": text}, cue=text)
    if name == "plan":
        plan = groups["plan"]
        last = {"十四五": 2025, "十五五": 2030, "十六五": 2035}[plan]
        return TimeExpr(match.start(), match.end(), text, "either", last,
                        deadline={"date": str(last), "precision": "plan_period", "text": text},
                        period={"start": str(last - 4), "end": str(last), "kind": "range", "text": text}, cue=text)
    if name == "since":
        start = f"{y}-{int(groups['m']):02d}" if groups.get("m") else str(y)
        return TimeExpr(match.start(), match.end(), text, "period", y,
                        period={"start": start, "end": None, "kind": "cumulative", "text": text}, cue="以来")
    if name == "year":
        end = groups.get("end")
        if doc_year and y > doc_year:
            deadline = {"date": f"{y}-12-31" if end else str(y), "precision": "year_end" if end else "year", "text": text}
            return TimeExpr(match.start(), match.end(), text, "deadline", y, deadline=deadline, cue=text)
        period = ({"start": None, "end": str(y), "kind": "point", "text": text} if end
                  else {"start": str(y), "end": str(y), "kind": "year", "text": text})
        if doc_year and y < doc_year:
            return TimeExpr(match.start(), match.end(), text, "period", y, period=period, cue=f"past year {y}")
        deadline = {"date": f"{y}-12-31" if end else str(y), "precision": "year_end" if end else "year", "text": text}
        return TimeExpr(match.start(), match.end(), text, "either", y, deadline=deadline, period=period, cue=text)
    if name == "last_year":
        y = doc_year - 1 if doc_year and text != "过去一年" else None
        period = ({"start": str(y), "end": str(y), "kind": "year", "text": text} if y
                  else {"start": None, "end": None, "kind": "range", "text": text})
        return TimeExpr(match.start(), match.end(), text, "period", y, period=period, cue=text)
    if name == "cumulative":
        return TimeExpr(match.start(), match.end(), text, "period", None,
                        period={"start": None, "end": None, "kind": "cumulative", "text": text}, cue="累计")
    if name == "now":
        return TimeExpr(match.start(), match.end(), text, "period", None,
                        period={"start": None, "end": None, "kind": "point", "text": text}, cue=text)
    return None


# ---------------------------------------------------------------------------------------------
# Candidates
# ---------------------------------------------------------------------------------------------

@dataclass
class Candidate:
    kind: str                    # "targets" | "figures"
    entry: dict[str, Any]
    confidence: float
    reason: str
    value_base: float | None
    start: int                   # the quote's offsets in the text
    end: int
    flags: list[str] = field(default_factory=list)
    parent: Candidate | None = field(default=None, repr=False, compare=False)  # 其中/即: part of

    def as_yaml_entry(self) -> dict[str, Any]:
        entry = dict(self.entry)
        entry["value_base"] = self.value_base
        entry["confidence"] = self.confidence
        entry["reason"] = self.reason
        if self.flags:
            entry["flags"] = list(self.flags)
        return entry

    def registry_entry(self) -> dict[str, Any]:
        """The entry as the registry takes it: extract-only fields and empty values dropped."""
        return {k: v for k, v in self.entry.items() if k not in EXTRACT_ONLY_FIELDS and v not in (None, [], {})}


@dataclass
class _Context:
    document: Document
    catalogue: Catalogue
    source: str | None
    main_place: str | None
    place_hits: dict[int, list[tuple[int, int, str]]]
    actor_hits: dict[int, list[tuple[int, int, str]]]
    alias_hits: dict[int, list[tuple[int, int, str]]]
    ai_hits: dict[int, list[tuple[int, int]]]
    times: dict[int, list[TimeExpr]]
    last_place_before: dict[int, str | None]


def _hits(pattern: re.Pattern, text: str, fold: bool = False) -> list[tuple[int, int, str]]:
    out = []
    for match in pattern.finditer(text):
        key = match.group().casefold() if fold else match.group()
        out.append((match.start(), match.end(), key))
    return out


def extract(text: str, catalogue: Catalogue, *, source: str | None = None, year: int | None = None,
            min_confidence: float = 0.0) -> list[Candidate]:
    """Candidate targets and figures in a text (plain or HTML), in the order of the text."""
    text = plain_text(text)
    document = read_document(text, year)
    context = _context(document, catalogue, source)
    candidates: list[Candidate] = []
    for paragraph in document.paragraphs:
        if paragraph.heading and len(paragraph.norm) < 12:
            continue
        candidates.extend(_paragraph_candidates(context, paragraph))
    candidates = _merge_repeats(candidates)
    _assign_ids(candidates, set())
    return [c for c in candidates if c.confidence >= min_confidence]


def _context(document: Document, catalogue: Catalogue, source: str | None) -> _Context:
    place_hits, actor_hits, alias_hits, ai_hits, times = {}, {}, {}, {}, {}
    counts: Counter = Counter()
    last_place_before: dict[int, str | None] = {}
    last: str | None = None
    last_by_level: dict[str, str] = {}
    named = _place_hits(document, catalogue)
    most_named = _most_named_by_level(named, catalogue)
    for paragraph in document.paragraphs:
        s = paragraph.norm
        last_place_before[paragraph.index] = last
        actors = [(a, b, catalogue.actor_names[n]) for a, b, n in _hits(catalogue.actor_pattern, s, fold=True)]
        # an alias inside an actor's name (数据集 in 杭州市数据集团) names no metric
        aliases = [h for h in _hits(catalogue.metric_pattern, s, fold=True)
                   if not any(a <= h[0] and h[1] <= b for a, b, _ in actors)]
        cue_starts = sorted([m.start() for m in AI_CUE.finditer(s)] + [h[0] for h in aliases])
        hits = []
        for start, end, name, place in named[paragraph.index]:
            if _RANK_SCOPE_AFTER.match(s, end) or re.search(r"(?:居|位列|位居|排名|排在)$", s[max(0, start - 3):start]):
                continue
            if place != RELATIVE and catalogue.places[place].level == "country":
                # 全国/我国 is the claim's place only as the subject of what is measured
                # (全国智算规模, 我国人工智能企业), not in 全国技术领先 or 全国示范
                nearest = cue_starts[bisect.bisect_left(cue_starts, end):][:1]
                if not nearest or nearest[0] - end > 6:
                    continue
            if place == RELATIVE:
                levels = _PLACE_LEVELS[_RELATIVE_PLACES[name]]
                place = next((last_by_level[level] for level in levels if level in last_by_level), None) \
                    or next((most_named[level] for level in levels if level in most_named), None)
                if place is None:
                    continue
            else:
                counts[place] += 1
                level = catalogue.places[place].level
                last_by_level[level] = place
            hits.append((start, end, place))
            last = place
        place_hits[paragraph.index] = hits
        actor_hits[paragraph.index] = actors
        alias_hits[paragraph.index] = aliases
        ai = [m.span() for m in AI_CUE.finditer(s)]
        ai.extend((a, b) for a, b, alias in alias_hits[paragraph.index] if alias in catalogue.ai_aliases)
        ai_hits[paragraph.index] = sorted(ai)
        times[paragraph.index] = find_times(paragraph, document.year)
    # the main place: the most named one below the country, else the most named at all
    ranked = [p for p, _ in counts.most_common() if catalogue.places[p].level != "country"] or [p for p, _ in counts.most_common()]
    return _Context(document, catalogue, source, ranked[0] if ranked else None, place_hits, actor_hits,
                    alias_hits, ai_hits, times, last_place_before)


def _place_hits(document: Document, catalogue: Catalogue) -> dict[int, list[tuple[int, int, str, str]]]:
    """paragraph index → (start, end, name, place id or RELATIVE) of each place named. A
    scoped name (shared by several places, or a county's short form) stands for the one of its
    places that has a place above it named plainly somewhere in the text; else for none."""
    found = {p.index: _hits(catalogue.place_pattern, p.norm) for p in document.paragraphs}
    plain = {catalogue.place_names[name][0] for hits in found.values() for _, _, name in hits
             if name not in catalogue.scoped_place_names and catalogue.place_names[name][0] != RELATIVE}
    resolved = {}
    for index, hits in found.items():
        resolved[index] = []
        for start, end, name in hits:
            places = catalogue.place_names[name]
            if name in catalogue.scoped_place_names:  # its parent must be named plainly (萧山 needs 杭州)
                places = [p for p in places if catalogue.places[p].parent in plain]
            if len(places) == 1:
                resolved[index].append((start, end, name, places[0]))
    # Until the text's issuer is known (a later step), a place outside the province the text
    # is mostly about is taken as mentioned, not as the place of its claims (东数西算 names
    # 内蒙古 and 甘肃 in a Zhejiang text).
    counts = Counter(h[3] for hits in resolved.values() for h in hits if h[3] != RELATIVE)
    ranked = [p for p, _ in counts.most_common() if tier(catalogue.places[p].level) != "country"]
    if ranked:
        chain = [ranked[0], *catalogue.ancestors(ranked[0])]
        home = next((p for p in chain if tier(catalogue.places[p].level) == "province"), ranked[0])
        keep = lambda place: place == RELATIVE or tier(catalogue.places[place].level) == "country" or \
            home in (place, *catalogue.ancestors(place))  # noqa: E731
        resolved = {index: [h for h in hits if keep(h[3])] for index, hits in resolved.items()}
    return resolved


def _most_named_by_level(named: dict[int, list[tuple[int, int, str, str]]], catalogue: Catalogue) -> dict[str, str]:
    """level → the place of that level the text names most (what 全省 means in a text that
    never names its province before it says 全省)."""
    counts: dict[str, Counter] = {}
    for hits in named.values():
        for _, _, _, place in hits:
            if place != RELATIVE:
                counts.setdefault(catalogue.places[place].level, Counter())[place] += 1
    return {level: counter.most_common(1)[0][0] for level, counter in counts.items()}


def _paragraph_candidates(context: _Context, paragraph: Paragraph) -> list[Candidate]:
    mentions = scan_numbers(paragraph)
    if not mentions:
        return []
    growth_or_level: list[Mention] = []
    for mention in mentions:
        if mention.role == "level" and mention.unit:
            dimension = parse_unit(mention.unit).dimension
            clause_start = paragraph.clause_at(mention.number_start)[0]
            before = paragraph.norm[max(clause_start, mention.start - 10):mention.start]
            growth_word = _GROWTH_WORDS.search(before)
            if dimension in ("percent", "ratio") and growth_word and "比重" not in before:
                mention.role = "growth"
                mention.growth_text_start = max(clause_start, mention.start - 10) + growth_word.start()
                for pattern, basis in _GROWTH_BASIS:
                    if pattern.search(before):
                        mention.growth_basis = basis
                        break
        growth_or_level.append(mention)
    built: list[tuple[Mention, Candidate]] = []
    attached: set[int] = set()
    levels = [m for m in growth_or_level if m.role == "level"]
    for mention in growth_or_level:
        if mention.role in ("rank", "growth") and _own_subject(context, paragraph, mention):
            continue
        if mention.role in ("growth", "rank"):
            owner = _owner(paragraph, levels, mention)
            if owner is not None:
                setattr(owner, mention.role, mention)
                attached.add(id(mention))
    for mention in growth_or_level:
        if id(mention) in attached or not math.isfinite(mention.value):  # 1 followed by 400 digits is no claim
            continue
        candidate = _candidate(context, paragraph, mention)
        if candidate is not None:
            built.extend((mention, c) for c in _shared(context, paragraph, mention, candidate))
    # a target's growth rate is a target of its own (measure: growth)
    for mention, candidate in list(built):
        growth = mention.growth
        if candidate.kind == "targets" and growth is not None and candidate.entry.get("measure") == "level":
            mention.growth = None
            extra = _candidate(context, paragraph, growth)
            if extra is not None and extra.kind == "targets":
                built.append((growth, extra))
    built.sort(key=lambda pair: pair[0].number_start)
    _link_parts(paragraph, built)
    return [c for _, c in built]


def _own_subject(context: _Context, paragraph: Paragraph, mention: Mention) -> bool:
    """A rank or growth rate whose clause names its own metric (开放数林指数…位列全国前二,
    营收年均复合增长率20%) is a claim of its own, not a qualifier of the level before it."""
    clause = paragraph.clause_at(mention.number_start)
    return any(clause[0] <= start and end <= mention.start for start, end, _ in context.alias_hits[paragraph.index])


_JOINERS = re.compile(r"[、和及与,]|以及")
_SHARED = re.compile(r"^(?:等地|等市|等城市|等)?[^,。;]{0,30}?(?:均|都|分别)")


def _shared(context: _Context, paragraph: Paragraph, mention: Mention, candidate: Candidate) -> list[Candidate]:
    """杭州、宁波、嘉兴、绍兴等地…均突破百亿元 (or 指数A和指数B均位列…): one claim for each."""
    s = paragraph.norm
    sentence = paragraph.sentence_at(mention.number_start)
    for key, hits in (("place", context.place_hits[paragraph.index]), ("metric", context.alias_hits[paragraph.index])):
        run: list[tuple[int, int, str]] = []
        for hit in (h for h in hits if sentence[0] <= h[0] and h[1] <= mention.start):
            if run and _JOINERS.fullmatch(s[run[-1][1]:hit[0]] or "x"):
                run.append(hit)
            else:
                run = [hit]
        if len(run) < 2 or not _SHARED.match(s[run[-1][1]:mention.start]):
            continue
        values = []
        for _, _, name in run:
            if key == "metric":
                metric_ids = [m for m in context.catalogue.metric_aliases[name] if m in context.catalogue.metrics]
                name = metric_ids[0] if metric_ids else None
            if name and name not in values:
                values.append(name)
        if len(values) < 2:
            continue
        clones = []
        for value in values:
            clone = Candidate(candidate.kind, {**copy.deepcopy(candidate.entry), key: value}, candidate.confidence,
                              candidate.reason + f" (one of {len(values)} sharing it)", candidate.value_base,
                              candidate.start, candidate.end)
            clones.append(clone)
        return clones
    return [candidate]


def _owner(paragraph: Paragraph, levels: list[Mention], mention: Mention) -> Mention | None:
    """The level a growth rate or rank qualifies: the nearest before it in the same sentence,
    at most two clauses back."""
    sentence = paragraph.sentence_at(mention.number_start)
    clause_starts = paragraph.clause_starts()
    here = bisect.bisect_right(clause_starts, mention.number_start)
    best = None
    for level in levels:
        if sentence[0] <= level.number_start < mention.number_start:
            if here - bisect.bisect_right(clause_starts, level.number_start) <= 2 and getattr(level, mention.role) is None:
                if mention.role == "growth" and level.unit and parse_unit(level.unit).dimension == "percent":
                    continue
                best = level
    return best


def _strive_hits(paragraph: Paragraph) -> list[tuple[int, int]]:
    """Where the paragraph says 力争 (and the like), found once: searched again for each number
    from its sentence's start, a long sentence was quadratic."""
    if "_strive" not in paragraph.__dict__:
        paragraph.__dict__["_strive"] = [m.span() for m in _STRIVE.finditer(paragraph.norm)]
    return paragraph.__dict__["_strive"]


def _hit_within(hits: list[tuple[int, int]], low: int, high: int) -> bool:
    """Whether one of `hits` (in order of their starts) lies within [low, high]: looked up, not
    scanned, so a paragraph's thousand numbers do not each read its every hit."""
    index = bisect.bisect_left(hits, (low, -1))
    while index < len(hits) and hits[index][0] < high:
        if hits[index][1] <= high:
            return True
        index += 1
    return False


def _ai_scope(context: _Context, paragraph: Paragraph, mention: Mention) -> str | None:
    hits = context.ai_hits[paragraph.index]
    clause = paragraph.clause_at(mention.number_start)
    sentence = paragraph.sentence_at(mention.number_start)
    if _hit_within(hits, *clause):
        return "clause"
    if _hit_within(hits, *sentence):
        return "sentence"
    if hits:
        return "paragraph"
    neighbours = [context.ai_hits.get(paragraph.index + d) for d in (-1, 1)]
    if any(neighbours) and context.document.section_ai[paragraph.section]:
        return "neighbour"
    if context.document.section_ai[paragraph.section] and paragraph.section > 0:
        return "section"
    return None


def _best_metric(context: _Context, paragraph: Paragraph, mention: Mention,
                 dimension: str | None) -> tuple[str | None, str | None, bool]:
    """(metric id, alias, alias in the number's own clause) — the longest alias in reach whose
    metric's dimension fits, the nearest on a tie."""
    sentence = paragraph.sentence_at(mention.number_start)
    clause = paragraph.clause_at(mention.number_start)
    clause_starts = paragraph.clause_starts()
    here = bisect.bisect_right(clause_starts, mention.number_start)
    best: tuple | None = None
    item = _item_at(paragraph, mention.number_start)
    for start, end, alias in context.alias_hits[paragraph.index]:
        if not (sentence[0] <= start and end <= sentence[1]):
            continue
        same_clause = clause[0] <= start and end <= clause[1]
        same_item = item[0] <= start and end <= item[1]
        clauses_back = here - bisect.bisect_right(clause_starts, start)
        if not same_clause and (start > mention.number_start or clauses_back > 2):
            continue
        for metric_id in context.catalogue.metric_aliases[alias]:
            metric = context.catalogue.metrics[metric_id]
            if dimension and metric.dimension != dimension:
                continue
            distance = mention.number_start - end if end <= mention.number_start else (start - mention.end) * 2
            score = (same_clause, same_item, len(alias), -abs(distance))
            if best is None or score > best[0]:
                best = (score, metric_id, alias, same_clause)
    if best is None:
        return None, None, False
    return best[1], best[2], best[3]


# How far back through a sentence a number looks for its kind cue (力争, 已 …): a plan's list
# of items runs to a few dozen clauses; without a bound a 1,000-item sentence was quadratic.
_MAX_CLAUSES_BACK = 60


@functools.lru_cache(maxsize=8192)
def _region_cues(region: str) -> tuple[int, tuple, tuple, bool]:
    """The kind cues of one stretch of text: (programme nouns, target cues with their weights,
    figure cues with theirs, whether it says 争取到). A clause is read once however many numbers
    after it look back at it: a list of 1,000 items was quadratic in this."""
    region = _NAMES.sub("", region)
    cleaned = _NEGATED_TARGET.sub("", region)
    cleaned = re.sub(r"(?:成功|已|已经)?争取(?:到|了)(?!\d)", "", cleaned)
    cleaned = _OBJECT_MARKER.sub("", cleaned)
    plans = len(_NOUN_PLAN.findall(cleaned))
    cleaned = _NOUN_PLAN.sub("", cleaned)
    return (plans, tuple((cue, w) for cue, w in _TARGET_CUES if cue in cleaned),
            tuple((cue, w) for cue, w in _FIGURE_CUES if cue in region),
            bool(re.search(r"(?:成功|已|已经)争取(?:到|了)(?!\d)", region)))


def _kind(context: _Context, paragraph: Paragraph, mention: Mention,
          times: list[TimeExpr]) -> tuple[str, list[str], TimeExpr | None, float]:
    """Target or figure. An aspect word governs the predicate after it until the next clause,
    so cues weigh most in the number's own clause and less the further back they stand."""
    s = paragraph.norm
    sentence = paragraph.sentence_at(mention.number_start)
    clause_starts = paragraph.clause_starts()
    here = bisect.bisect_right(clause_starts, mention.number_start) - 1
    target, figure = 0.0, 0.0
    target_cues: list[str] = []
    figure_cues: list[str] = []

    def score(region: str, weight: float) -> None:
        nonlocal target, figure
        plans, found_target, found_figure, obtained = _region_cues(region)
        target += 0.5 * weight * plans  # a programme: half a plan cue
        for cue, w in found_target:
            target += w * weight
            if cue not in target_cues and w * weight >= 0.5:
                target_cues.append(cue)
        for cue, w in found_figure:
            figure += w * weight
            if cue not in figure_cues and w * weight >= 0.5:
                figure_cues.append(cue)
        if obtained:
            figure += weight
            figure_cues.append("争取到 (obtained)")

    # back through the sentence clause by clause: weak cues add up with distance; the nearest
    # clause with a real cue (力争, 已, 将 …) governs a list of items after it, and ends the walk
    for index in range(here, max(-1, here - _MAX_CLAUSES_BACK), -1):
        start, end = paragraph.clauses[index]
        if end <= sentence[0]:
            break
        start = max(start, sentence[0])
        distance = here - index
        before_t, before_f = target, figure
        score(s[start:min(end, mention.start)], 1.0 if distance == 0 else 0.8)
        if max(target - before_t, figure - before_f) >= 0.8:
            break
        # only weak cues here: keep them, but let them count less with distance
        fade = {0: 1.0, 1: 0.5, 2: 0.3}.get(distance, 0.15) / (1.0 if distance == 0 else 0.8)
        target = before_t + (target - before_t) * fade
        figure = before_f + (figure - before_f) * fade
    score(s[mention.end:paragraph.clauses[here][1]], 0.6)
    # the sentences before, within the paragraph, may set a plan's frame (到2027年，… 其中 …)
    frame = 0.0
    for start, end in paragraph.sentences:
        if end <= sentence[0] and re.search(r"力争|目标|计划|规划", s[start:end]):
            frame = 0.4
    target += frame
    # a section headed 目标, 任务, 举措 … (一、总体目标; 二、重点任务) lists what is to be done;
    # so does a paragraph opened by such a title: （一）夯实算力底座。
    title = context.document.section_titles[paragraph.section] if not paragraph.heading else ""
    if _PLAN_SECTION.search(title):
        target += 0.8
        target_cues.append(_PLAN_SECTION.search(title).group())
    time: TimeExpr | None = None
    before = [t for t in times if t.end <= mention.start and t.start >= sentence[0]]
    inside = [t for t in times if t.start >= mention.end and t.start < paragraph.clauses[here][1]]
    # a deadline opening an earlier sentence carries on (到2027年，…。其中，…) until another
    # time is named, and for two sentences at most
    earlier = []
    previous = [t for t in times if t.end <= sentence[0]]
    if previous and previous[-1].kind == "deadline" and _CONTINUES.match(s, sentence[0]):
        sentence_starts = [a for a, _ in paragraph.sentences]
        back = bisect.bisect_right(sentence_starts, sentence[0]) - bisect.bisect_right(sentence_starts, previous[-1].start)
        if back <= 2:
            earlier = [previous[-1]]
    weight = 0.0
    dated = [t for t in before if t.cue not in _NOW_WORDS]
    if dated:
        time, weight = dated[-1], 2.0
        # a deadline earlier in the sentence governs; a later 今年/2025年 only repeats the year
        deadlines = [t for t in dated if t.kind == "deadline"]
        if deadlines and time.kind == "either":
            time = deadlines[-1]
    elif before:
        time, weight = before[-1], 1.0
    elif inside:
        time, weight = inside[0], 1.5
    elif earlier:
        time, weight = earlier[-1], 1.0
    if time is not None:
        if time.kind == "deadline":
            target += weight
            target_cues.insert(0, time.text)
        elif time.kind == "period":
            figure += weight
            figure_cues.insert(0, time.cue)
        elif time.year and context.document.year and time.year < context.document.year:
            figure += weight
            figure_cues.insert(0, f"past year {time.year}")
    kind = "targets" if target >= 0.8 and target > figure else "figures"
    if kind == "targets" and time is not None and time.kind == "period":
        time = None
    if kind == "figures" and time is not None and time.kind == "deadline":
        time = None
    cues = target_cues if kind == "targets" else figure_cues
    return kind, cues, time, abs(target - figure)


def _place(context: _Context, paragraph: Paragraph, mention: Mention, actor: str | None) -> str | None:
    sentence = paragraph.sentence_at(mention.number_start)
    clause = paragraph.clause_at(mention.number_start)
    hits = context.place_hits[paragraph.index]
    in_clause = [h for h in hits if clause[0] <= h[0] < mention.start]
    if in_clause:
        return in_clause[-1][2]
    in_sentence = [h for h in hits if sentence[0] <= h[0] < mention.start]
    if in_sentence:
        return in_sentence[-1][2]
    if actor:
        return context.catalogue.actors[actor].place
    after = [h for h in hits if mention.end <= h[0] < clause[1]]
    if after:
        return after[0][2]
    earlier = [h for h in hits if h[0] < sentence[0]]
    if earlier:
        return earlier[-1][2]
    return context.last_place_before.get(paragraph.index) or context.main_place


def _actor(context: _Context, paragraph: Paragraph, mention: Mention) -> str | None:
    sentence = paragraph.sentence_at(mention.number_start)
    hits = [h for h in context.actor_hits[paragraph.index] if sentence[0] <= h[0] < mention.start]
    return hits[-1][2] if hits else None


def _item_at(paragraph: Paragraph, position: int) -> tuple[int, int]:
    """The list item (between 、) of the clause at `position`."""
    clause = paragraph.clause_at(position)
    s = paragraph.norm
    before = s.rfind("、", clause[0], position)
    after = s.find("、", position, clause[1])
    return (before + 1 if before >= 0 else clause[0], after if after >= 0 else clause[1])


def _quote_span(paragraph: Paragraph, mention: Mention, first: int) -> tuple[int, int]:
    """From the list item or clause holding `first` (the metric alias or the number) to the
    end of the item or clause holding the number or its growth/rank: the short clause that
    holds the number (a list of places or metrics sharing it, 杭州、宁波等地…均…, stays whole)."""
    s = paragraph.norm
    clause = paragraph.clause_at(mention.number_start)
    first = min(first, mention.number_start)
    if clause[0] <= first and not re.search(r"等地|均|都|分别", s[clause[0]:mention.number_start]):
        start = _item_at(paragraph, first)[0]
    else:
        start = paragraph.clause_at(first)[0]
    last = mention.end
    for other in (mention.growth, mention.rank):
        if other is not None:
            last = max(last, other.end)
    if last <= clause[1]:
        end = _item_at(paragraph, max(mention.number_start, last - 1))[1]
    else:
        end = paragraph.clause_at(max(mention.number_start, last - 1))[1]
    # a phone number or registration code before the claim is no part of it
    for a, b in paragraph.excluded:
        if start <= a < mention.number_start and b <= mention.number_start:
            start = b
    for i in range(start + 1, min(end, mention.number_start + 1)):
        if paragraph.offsets[i] - paragraph.offsets[i - 1] > 1 and paragraph.gap_has_text(i):
            start = i  # the paragraph was joined across a heading: quote from after it
    while end > start and s[end - 1] in ",:;。!?…":
        end -= 1
    while start < end and s[start] in "”\"'’)】》」』":
        start += 1
    return start, end


def _number_text(value: float) -> float | int:
    if value == int(value) and abs(value) < 1e15:
        return int(value)
    return value


_WEAK_DIMENSIONS = {"count", "percent", "percentage_point", "duration", "ratio"}
_UNIT_FOR_DIMENSION = {"count": "个", "money": "元", "tokens": "Tokens", "parameters": "参数", "money_usd": "美元"}


def _candidate(context: _Context, paragraph: Paragraph, mention: Mention) -> Candidate | None:
    s = paragraph.norm
    scope = _ai_scope(context, paragraph, mention)
    if scope is None:
        return None
    dimension = parse_unit(mention.unit).dimension if mention.unit and mention.role == "level" else None
    metric_id, alias, alias_in_clause = _best_metric(context, paragraph, mention, dimension)
    if mention.inferred_unit and mention.role == "level":
        found = _supply_unit(context, paragraph, mention, (metric_id, alias, alias_in_clause))
        if found is None:
            return None
        metric_id, alias, alias_in_clause = found
    # Claims that reach AI only through their section need a metric alias to name what they
    # count. A claim without any metric needs an AI cue in its sentence when its unit says what
    # is measured (亿元, PFlops, PB …), in its own clause when the unit is a bare count, share or
    # duration (件, 个, %, 天). A Chinese numeral (两个, 三期) needs an alias in its own clause.
    if scope in ("neighbour", "section") and not alias_in_clause:
        return None
    if metric_id is None:
        weak = mention.role != "level" or parse_unit(mention.unit).dimension in _WEAK_DIMENSIONS
        if scope != "clause" and (weak or scope != "sentence"):
            return None
    if mention.chinese and not alias_in_clause and parse_unit(mention.unit).dimension in _WEAK_DIMENSIONS \
            and not mention.magnitude:
        return None
    if mention.big_n and not any(mention.end <= h[0] <= mention.end + 4 for h in context.alias_hits[paragraph.index]):
        return None
    if mention.chinese and not alias and scope != "clause":
        return None
    if mention.role == "rank" and not alias and scope not in ("clause", "sentence"):
        return None
    actor = _actor(context, paragraph, mention)
    place = _place(context, paragraph, mention, actor)
    times = context.times[paragraph.index]
    kind, cues, time, margin = _kind(context, paragraph, mention, times)
    sentence = paragraph.sentence_at(mention.number_start)
    firmness = "strive" if _hit_within(_strive_hits(paragraph), sentence[0], mention.end) else "firm"
    if kind == "targets" and firmness == "strive":
        cues = cues + ["力争" if "力争" in s[sentence[0]:mention.end] else "争取/努力"]

    alias_start = mention.number_start
    if alias:
        positions = [h[0] for h in context.alias_hits[paragraph.index]
                     if h[2] == alias and sentence[0] <= h[0] < mention.number_start]
        if positions:
            alias_start = positions[-1]
    q_start, q_end = _quote_span(paragraph, mention, alias_start)
    text_start = paragraph.offsets[q_start]
    text_end = paragraph.offsets[q_end - 1] + 1
    quote = context.document.text[text_start:text_end].strip()

    entry: dict[str, Any] = {"id": None, "place": place, "actor": actor, "metric": metric_id}
    notes = list(mention.notes)
    growth, rank = mention.growth, mention.rank
    value_base: float | None = None
    if mention.role == "level":
        value_base = mention.value * parse_unit(mention.unit).factor
    if kind == "targets":
        measure = {"level": "level", "growth": "growth", "rank": "rank"}[mention.role]
        entry["measure"] = measure
        entry["comparator"] = mention.comparator
        if measure == "rank":
            entry.update({"comparator": "=", "value": int(mention.value), "unit": "位"})
            value_base = mention.value
        else:
            if measure == "growth" and mention.growth_basis == "cagr":
                notes.append("a compound annual growth rate (年均/复合增长率)")
            entry["value"] = _number_text(mention.value)
            entry["unit"] = mention.unit
            if measure == "growth":
                value_base = mention.value * parse_unit(mention.unit).factor
        entry["deadline"] = (dict(time.deadline) if time is not None and time.deadline
                             else {"date": None, "precision": "unstated", "text": None})
        entry["firmness"] = firmness
    else:
        if mention.role == "level":
            entry["comparator"] = mention.comparator
            entry["value"] = _number_text(mention.value)
            entry["unit"] = mention.unit
        if mention.role == "growth" or growth is not None:
            g = growth or mention
            if not (g.unit and parse_unit(g.unit).dimension in ("percent", "ratio")):
                g = None
            if g is not None:
                entry["growth"] = {"comparator": g.comparator, "value": _number_text(g.value), "unit": g.unit,
                                   "basis": g.growth_basis, "text": s[min(g.start, g.growth_text_start or g.start):g.end]}
                if mention.role == "growth":
                    value_base = g.value * parse_unit(g.unit).factor
        if mention.role == "rank" or rank is not None:
            r = rank or mention
            entry["rank"] = {"value": int(r.value), "scope": r.rank_scope, "text": r.rank_text}
            if mention.role == "rank":
                value_base = float(r.value)
        period = dict(time.period) if time is not None and time.period else {"start": None, "end": None, "kind": "point", "text": None}
        if period["end"] is None and period["start"] is None:
            notes.append("no date in the text: as of the document's publication")
        entry["period"] = period
    if "growth" in entry and kind == "targets":
        entry.pop("growth", None)
    entry["statements"] = [{"source": context.source, "quote": quote}]
    if notes:
        entry["note"] = "; ".join(notes)

    confidence = _confidence(scope, metric_id, alias_in_clause, mention, bool(cues), margin, quote)
    label = "target" if kind == "targets" else "figure"
    if cues:
        reason = f"{label}: " + " + ".join(dict.fromkeys(cues))
    elif kind == "figures":
        reason = "figure: no future cue (a report by default)"
    else:
        reason = "target: future cues"
    if mention.role != "level":
        reason += f" ({mention.role})"
    return Candidate(kind, entry, confidence, reason, value_base, text_start, text_end)


def _supply_unit(context: _Context, paragraph: Paragraph, mention: Mention,
                 found: tuple[str | None, str | None, bool]) -> tuple[str | None, str | None, bool] | None:
    """A magnitude without its measure word (用户1600万, 千亿级产业集群): the word comes from
    the metric (个 for a count, 元 for money), or is 元 for the size of an industry."""
    s = paragraph.norm
    level_word = "级" in s[mention.number_end:mention.end]
    if level_word and re.match(r"[^,。;]{0,3}企业", s[mention.end:]):
        return None  # 百亿级企业: a class of enterprises, not an amount
    industry = level_word and re.search(r"产业|集群|市场", s[mention.end:mention.end + 10])
    if industry:  # 千亿级产业集群: an industry's size, in yuan
        found = _best_metric(context, paragraph, mention, "money")
        word, why = "元", "an industry's size is in yuan"
    else:  # `found` is the best alias of any dimension, as the unit did not say
        metric = context.catalogue.metrics.get(found[0]) if found[0] else None
        if metric is None or metric.dimension not in _UNIT_FOR_DIMENSION:
            return None
        word, why = _UNIT_FOR_DIMENSION[metric.dimension], f"the measure word of {metric.id}"
    mention.unit = mention.magnitude + word
    if not _valid_unit(mention.unit):
        return None
    mention.notes.append(f"unit word not stated; {word}: {why}")
    return found


def _confidence(scope: str, metric_id: str | None, alias_in_clause: bool, mention: Mention,
                has_cues: bool, margin: float, quote: str) -> float:
    """How sure the rules are that this is a claim, and of what: AI cue near the number,
    a metric alias in its clause, a stated unit, a clear kind cue, a short quote."""
    confidence = 0.5
    confidence += {"clause": 0.12, "sentence": 0.06, "paragraph": 0.0, "neighbour": -0.1, "section": -0.12}[scope]
    if metric_id is None:
        confidence -= 0.15
    elif alias_in_clause:
        confidence += 0.15
    else:
        confidence += 0.06
    if mention.inferred_unit:
        confidence -= 0.08
    if mention.chinese:
        confidence -= 0.04
    confidence += min(0.12, 0.04 * margin) if has_cues else -0.04
    if len(quote) > 120:
        confidence -= 0.05
    return round(max(0.05, min(0.97, confidence)), 2)


def _link_parts(paragraph: Paragraph, built: list[tuple[Mention, Candidate]]) -> None:
    """其中 … : the claims after it, up to the next ；or 。, are parts of the claim before it.
    即 … : the claims after it spell out what comes before it (or, with nothing before, belong
    with the first after it)."""
    s = paragraph.norm
    for marker in ("其中", "即"):
        for match in re.finditer(marker, s):
            sentence = paragraph.sentence_at(match.start())
            if marker == "其中":
                stop = s.find(";", match.start(), sentence[1])
                segment_end = stop if stop >= 0 else sentence[1]
                segment_start = s.rfind(";", sentence[0], match.start()) + 1 or sentence[0]
            else:
                segment_start, segment_end = sentence
            before = [c for m, c in built if segment_start <= m.number_start < match.start()]
            after = [c for m, c in built if match.start() <= m.number_start < segment_end]
            if marker == "其中" and not before:
                # 其中 may open the next item or sentence
                before = [c for m, c in built if m.number_start < match.start()][-1:]
            if not after:
                continue
            if before:
                parent, children = before[-1], after
            elif marker == "即" and len(after) > 1:
                parent, children = after[0], after[1:]
            else:
                continue
            for child in children:
                if child is parent or child.parent is not None:
                    continue
                child.parent = parent


def _claim_key(candidate: Candidate) -> tuple:
    entry = candidate.entry
    when = _when(candidate.kind, entry)
    return (candidate.kind, entry.get("place"), entry.get("actor"), entry.get("metric"),
            None if candidate.value_base is None else round(candidate.value_base, 6), when,
            (entry.get("rank") or {}).get("value"), (entry.get("growth") or {}).get("value"))


def _merge_repeats(candidates: list[Candidate]) -> list[Candidate]:
    """A text that states the same claim twice (same kind, place, actor, metric, value and
    time) gives one candidate with a statement for each quote."""
    kept: dict[tuple, Candidate] = {}
    out = []
    for candidate in candidates:
        if candidate.entry.get("metric") is None:
            out.append(candidate)
            continue
        key = _claim_key(candidate)
        first = kept.get(key)
        if first is None:
            kept[key] = candidate
            out.append(candidate)
            continue
        quotes = [s["quote"] for s in first.entry["statements"]]
        if candidate.entry["statements"][0]["quote"] not in quotes:
            first.entry["statements"].append(candidate.entry["statements"][0])
        first.confidence = max(first.confidence, candidate.confidence)
    return out


def _slug(text: str | None) -> str:
    return re.sub(r"[^a-z0-9]+", "-", (text or "unknown").lower()).strip("-") or "unknown"


def _assign_ids(candidates: list[Candidate], taken: set[str]) -> None:
    """place-metric-year(-n), unique among the candidates and `taken`."""
    used = set(taken)
    following: dict[str, int] = {}
    for candidate in candidates:
        entry = candidate.entry
        year = None
        if candidate.kind == "targets":
            date = (entry.get("deadline") or {}).get("date")
            year = date[:4] if date else "unstated"
        else:
            period = entry.get("period") or {}
            date = period.get("end") or period.get("start")
            year = date[:4] if date else "asof"
        base = "-".join(_slug(part) for part in (entry.get("place"), entry.get("actor"), entry.get("metric"), year)
                        if part)
        identifier, n = base, following.get(base, 2)
        while identifier in used:
            identifier, n = f"{base}-{n}", n + 1
        following[base] = n  # the next number to try: 2,000 claims on one base were quadratic
        used.add(identifier)
        entry["id"] = identifier
    for candidate in candidates:
        parent = candidate.parent
        if parent is None:
            continue
        if candidate.kind == "targets" and parent.kind == "targets":
            candidate.entry["links"] = [{"rel": "part_of", "target": parent.entry["id"]}]
        else:
            note = candidate.entry.get("note")
            candidate.entry["note"] = "; ".join(filter(None, [note, f"part of {parent.entry['id']} (其中/即)"]))


# ---------------------------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------------------------

_ORDER = ("id", "place", "actor", "metric", "measure", "comparator", "value", "unit", "deadline", "firmness",
          "period", "growth", "rank", "statements", "links", "note", "value_base", "confidence", "reason", "flags")


def _ordered(entry: dict[str, Any]) -> dict[str, Any]:
    return {key: entry[key] for key in _ORDER if key in entry}


def to_yaml(candidates: Sequence[Candidate]) -> str:
    """The candidates as a registry-shaped YAML document (targets:, figures:)."""
    from .edit import _quoted_dates, round_trip_yaml

    document = {"targets": [], "figures": []}
    for candidate in candidates:
        document[candidate.kind].append(_ordered(candidate.as_yaml_entry()))
    yaml = round_trip_yaml()
    out = io.StringIO()
    yaml.dump(_quoted_dates(document), out)
    return out.getvalue()


# ---------------------------------------------------------------------------------------------
# Duplicates, contradictions and merging
# ---------------------------------------------------------------------------------------------

def _base_of(entry: Any) -> float | None:
    """The base value of a registry entry (a model or a dict): its level, else its growth
    rate, else its rank."""
    data = entry if isinstance(entry, dict) else entry.model_dump()
    try:
        if data.get("value") is not None and data.get("unit"):
            return data["value"] * parse_unit(data["unit"]).factor
        if data.get("growth"):
            return data["growth"]["value"] * parse_unit(data["growth"].get("unit") or "%").factor
    except UnitError:
        return None
    if data.get("rank"):
        return float(data["rank"]["value"])
    return None


def _when(kind: str, entry: Any) -> tuple | None:
    data = entry if isinstance(entry, dict) else entry.model_dump()
    if kind == "targets":
        deadline = data.get("deadline") or {}
        return (deadline.get("date"),) if deadline.get("date") else None
    period = data.get("period") or {}
    if period.get("end") or period.get("start"):
        return (period.get("start"), period.get("end"), period.get("kind"))
    return None


def conflicts(candidate: Candidate, registry: Any) -> list[str]:
    """`duplicates <id>`: same place, actor, metric and kind, and the same base value;
    `contradicts <id>`: same place, actor, metric, kind and deadline/period, another value.
    `registry` is a Registry or a Snapshot: anything with `entries_about`."""
    entry = candidate.entry
    flags = []
    mine = candidate.value_base
    when = _when(candidate.kind, entry)
    for existing in registry.entries_about(candidate.kind, entry.get("place"), entry.get("metric"), entry.get("actor")):
        theirs = _base_of(existing)
        if mine is not None and theirs is not None and math.isclose(mine, theirs, rel_tol=1e-6):
            flags.append(f"duplicates {existing['id']}")
        elif when is not None and when == _when(candidate.kind, existing):
            flags.append(f"contradicts {existing['id']} ({existing['value'] if existing.get('value') is not None else '-'}"
                         f"{' ' + existing['unit'] if existing.get('unit') else ''})")
    return flags


def merge(candidates: Sequence[Candidate], registry_path: Path, *, min_confidence: float | None,
          ask: Callable[[Candidate], bool] | None, load_options: dict[str, Any], report: Callable[[str], None]) -> int:
    """Add the accepted candidates to the registry; returns how many were added."""
    from .edit import add_entry
    from .registry import load_registry

    registry = load_registry(registry_path, check_sources=False, data_dir=load_options.get("data_dir"))
    taken = {t.id for t in registry.targets} | {f.id for f in registry.figures}
    _assign_ids(list(candidates), taken)
    accepted: set[str] = set()
    added = 0
    ordered = sorted(candidates, key=lambda c: c.kind != "targets")  # parents (targets) first
    for candidate in ordered:
        candidate.flags = conflicts(candidate, registry)
        entry = candidate.registry_entry()
        label = f"{candidate.kind[:-1]} {entry.get('id')} ({candidate.confidence:.2f}): {_describe(entry)}"
        missing = [name for name in ("metric", "place") if entry.get(name) is None]
        if missing:
            report(f"skipped {label}: no {' or '.join(missing)} found in the text; "
                   f"add it by hand with add-{candidate.kind[:-1]}")
            continue
        if ask is not None:
            if not ask(candidate):
                report(f"declined {label}")
                continue
        else:
            if candidate.confidence < (min_confidence or 0.0):
                continue
            if candidate.flags:
                report(f"skipped {label}: {'; '.join(candidate.flags)}")
                continue
        entry["links"] = [link for link in entry.get("links", []) if link["target"] in accepted or link["target"] in taken]
        if not entry["links"]:
            entry.pop("links")
        try:
            registry = add_entry(registry_path, candidate.kind, entry, **load_options)
        except RegistryError as exc:
            report(f"rejected {label}:")
            for problem in exc.problems:
                report(f"  {problem}")
            continue
        accepted.add(entry["id"])
        added += 1
        report(f"added {label}" + (f" [{'; '.join(candidate.flags)}]" if candidate.flags else ""))
    return added


def _describe(entry: dict[str, Any]) -> str:
    parts = [entry.get("place") or "?", entry.get("metric") or "?"]
    if entry.get("value") is not None:
        parts.append(f"{entry.get('comparator', '=')} {entry['value']:g} {entry.get('unit')}")
    if entry.get("growth"):
        parts.append(f"growth {entry['growth']['value']:g}{entry['growth']['unit']}")
    if entry.get("rank"):
        parts.append(f"rank {entry['rank']['value']}")
    return " ".join(parts)


# ---------------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------------

def run_cli(args: Any) -> int:
    """`python -m tracker extract FILE|- [--source ID] [--year YYYY] [--min-confidence X] [--merge]`."""
    from .registry import default_registry_path

    registry_path = Path(args.registry or default_registry_path())
    data_dir = Path(args.data) if args.data else registry_path.parent / "data"
    catalogue = load_catalogue(data_dir)
    if args.file == "-":
        raw = sys.stdin.read()
    else:
        raw = Path(args.file).read_text(encoding="utf-8-sig")
    source = args.source
    if source is None and args.file != "-":
        source = catalogue.source_by_file.get(Path(args.file).name)
    if source is not None and source not in catalogue.sources:
        raise LookupError(f"unknown source {source!r}; known sources: {', '.join(sorted(catalogue.sources))}")
    if args.min_confidence is not None and not 0 <= args.min_confidence <= 1:
        raise ValueError(f"--min-confidence is between 0 and 1, not {args.min_confidence:g}")
    year = args.year
    if year is None and source is not None:
        year = int(catalogue.sources[source].published[:4])
    candidates = extract(raw, catalogue, source=source, year=year,
                         min_confidence=0.0 if args.merge else (args.min_confidence or 0.0))
    if not args.merge:
        flags_from_registry(candidates, registry_path, data_dir)
        sys.stdout.write(to_yaml(candidates))
        return 0
    if source is None:
        raise ValueError("--merge needs --source ID (the id in data/sources.yaml of the text's document)")
    interactive = args.min_confidence is None
    if interactive and (args.file == "-" or not sys.stdin.isatty()):
        raise ValueError("--merge needs --min-confidence X when standard input is not a terminal")

    def ask(candidate: Candidate) -> bool:
        print(to_yaml([candidate]).rstrip(), file=sys.stderr)
        answer = input("add this entry? [y/N] ").strip().lower()
        return answer in ("y", "yes")

    def report(line: str) -> None:
        print(line, file=sys.stderr)

    added = merge(candidates, registry_path, min_confidence=args.min_confidence, ask=ask if interactive else None,
                  load_options={"data_dir": args.data, "sources_dir": args.sources}, report=report)
    print(f"{added} of {len(candidates)} candidate(s) added to {registry_path}", file=sys.stderr)
    return 0


def flags_from_registry(candidates: Sequence[Candidate], registry_path: Path, data_dir: Path) -> None:
    """Mark candidates that repeat or contradict the registry (when it loads)."""
    from .registry import load_registry

    try:
        registry = load_registry(registry_path, data_dir=data_dir, check_sources=False)
    except (RegistryError, OSError):
        return
    for candidate in candidates:
        candidate.flags = conflicts(candidate, registry)
