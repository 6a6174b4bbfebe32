"""Finding the numbers of a paragraph: Arabic, Chinese, magnitudes, ranges and ranks, and
the numbers that are never claims (dates, codes, list numbering …)."""

from __future__ import annotations

import bisect
import functools
import re

from ..quotes import chinese_numeral as read_numeral
from ..units import MAGNITUDES, parse_unit
from .html_text import plain_text
from .mentions import Mention, Spans, finish_mention, identifier_around, pre_cue, magnitude_at, unit_at, valid_unit, within_spans
from .segment import Paragraph, read_document
from .words import ACTION_VERB, LIST_CATEGORY, THRESHOLD, BASELINE_FROM, BASELINE_TO, CN_DIGITS, DIFFERENCE_WORDS, NOT_CLAIMS, RANK_NEEDS, RANK_PATTERN


_DEFINITION = re.compile(r"\([^()]{0,80}?(?:是指|指的是|意为|即每秒)[^()]{0,80}\)")


# A long text writes the same few numerals (一, 三, 十) thousands of times: each is read once.
chinese_numeral = functools.lru_cache(maxsize=8192)(read_numeral)


def excluded_spans(norm: str) -> list[tuple[int, int, str]]:
    spans = []
    for what, pattern, needs in NOT_CLAIMS:
        if needs is None or needs.search(norm):
            spans.extend((*m.span(), what) for m in pattern.finditer(norm))
    # a definition in brackets ("EFLOPS是指每秒进行百亿亿次浮点运算") explains a unit, claims nothing
    for match in _DEFINITION.finditer(norm):
        spans.append((*match.span(), "definition"))
    return spans


_NUMERAL = re.compile(rf"\d+(?:\.\d+)?|百分之[{CN_DIGITS}\d.]+|[数上]?[{CN_DIGITS}]+(?:点[{CN_DIGITS}]+)?")
_ARABIC_RANGE = re.compile(r"[—\-~至到](\d+(?:\.\d+)?)")
_CHINESE_RANGE = re.compile(rf"[到至—\-~]([{CN_DIGITS}]+)")
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])")
_SCIENTIFIC_TAIL = re.compile(r"[×xX*]10\^?(\d{1,2})(?!\d)")


def scan_numbers(paragraph: Paragraph) -> list[Mention]:
    """Every number with a known unit in a paragraph, with its comparator cues."""
    s = paragraph.norm
    numerals = list(_NUMERAL.finditer(s))
    ranks = list(RANK_PATTERN.finditer(s)) if RANK_NEEDS.search(s) else []
    if not numerals and not ranks:  # two in five paragraphs of a plan: no number, nothing to exclude
        paragraph.excluded = []
        paragraph.__dict__["_descriptive"] = Spans(())
        paragraph.__dict__["_mentions"] = []
        return []
    spans = excluded_spans(s)
    excluded = Spans((a, b) for a, b, _ in spans)
    what_at = lambda start, end: next((what for a, b, what in spans if a <= start and end <= b), None)  # noqa: E731
    paragraph.excluded = [(a, b) for a, b, what in spans if what in ("phone", "code")]
    # a size class or a rank's group describes a thing; its words name no metric (万卡级智算集群3个)
    paragraph.__dict__["_descriptive"] = Spans((a, b) for a, b, what in spans if what in ("size_class", "rank_group"))
    mentions: list[Mention] = []
    taken_until = -1
    # ranks first: 全国第二, 居全省第二位, 位列第一
    for match in ranks:
        mention = rank_mention(paragraph, match)
        if mention:
            mentions.append(mention)
    rank_spans = Spans((m.number_start, m.number_end) for m in mentions)
    for match in numerals:
        token = match.group()
        if match.start() < taken_until or within_spans(rank_spans, match.start(), match.end()):
            if not all(c in "百千万亿" for c in token):  # 10万: the 万 is no number of its own
                paragraph.drop(match.start(), match.end(), "part_of_number")
            continue
        if token[0].isdigit():
            if match.start() and (s[match.start() - 1].isdigit() or s[match.start() - 1] == "."):
                paragraph.drop(match.start(), match.end(), "part_of_number")
                continue
            end = match.end()
            # a thousands separator only where the text wrote an ASCII comma (a full-width one ends a clause)
            grouped = _THOUSANDS.match(s, match.start())
            if grouped and all(paragraph.original[i] == "," for i in range(match.start(), grouped.end()) if s[i] == ","):
                end = grouped.end()
            mention = arabic_mention(paragraph, match.start(), end, excluded)
        else:
            mention = chinese_mention(paragraph, match.start(), match.end(), excluded)
        if isinstance(mention, str):  # the gate that dropped it
            excluded_as = what_at(match.start(), match.end()) if mention == "excluded" else None
            paragraph.drop(match.start(), match.end(), excluded_as or mention)
        else:
            mentions.append(mention)
            taken_until = mention.end
    mentions.sort(key=lambda m: m.number_start)
    for before, after in zip(mentions, mentions[1:]):
        # 分别达到20EFLOPS、15EFLOPS: the cue before the first holds for the list
        if s[before.end:after.start] == "、" and before.comparator_text and after.comparator_text is None \
                and pre_cue(s, before.number_start):
            after.comparator, after.comparator_text = before.comparator, before.comparator_text
    kept = []
    for mention in mentions:
        gate = ("zero" if mention.value <= 0 else baseline_or_difference(paragraph, mention)
                or ("enumeration" if enumeration(paragraph, mention) else None)
                or ("threshold" if threshold(paragraph, mention) else None)
                or ("cut_off" if paragraph.cut_off_from is not None and mention.number_start >= paragraph.cut_off_from
                    else None))
        if gate:
            paragraph.drop(mention.number_start, mention.end, gate)
        else:
            kept.append(mention)
    paragraph.__dict__["_mentions"] = kept  # the metric and the quote look at the other numbers
    return kept


def in_description(paragraph: Paragraph, start: int, end: int) -> bool:
    """Whether [start, end) lies in a size class or a rank's group (see scan_numbers)."""
    return within_spans(paragraph.__dict__.get("_descriptive", []), start, end)


def numbers_between(paragraph: Paragraph, low: int, high: int) -> list[Mention]:
    """The numbers scan_numbers found in the paragraph that start in [low, high), looked up,
    not scanned: a long paragraph's every number asks."""
    mentions = paragraph.__dict__.get("_mentions", [])
    if "_mention_starts" not in paragraph.__dict__:
        paragraph.__dict__["_mention_starts"] = [m.number_start for m in mentions]
    starts = paragraph.__dict__["_mention_starts"]
    return mentions[bisect.bisect_left(starts, low):bisect.bisect_left(starts, high)]


def baseline_or_difference(paragraph: Paragraph, mention: Mention) -> str | None:
    """从90天缩短到10—15天: 90天 is where it started, not the claim. 高出全省2.6个百分点: a
    difference between two rates, not a rate."""
    s = paragraph.norm
    clause = paragraph.clause_at(mention.number_start)
    if BASELINE_FROM.search(s[max(clause[0], mention.start - 2):mention.start]) and BASELINE_TO.search(s[mention.end:clause[1]]):
        return "baseline"
    if mention.unit == "个百分点" and DIFFERENCE_WORDS.search(s[clause[0]:mention.start]):
        return "difference"
    return None


_LIST_TAIL = re.compile(r"(?:等|共|这|此)?[“\"”]?$")


def enumeration(paragraph: Paragraph, mention: Mention) -> bool:
    """聚焦算力、行业大模型、数据三个方向 / 以…为引领、…为支撑、…协同的“三支力量”: a numeral
    that counts the items of the list just before it, as directions, fields or forces (not
    things built), names the list, not a target."""
    if not mention.chinese or mention.magnitude or mention.role != "level" or not 2 <= mention.value <= 10:
        return False
    s = paragraph.norm
    if not LIST_CATEGORY.match(s, mention.end) and not LIST_CATEGORY.match(s, mention.end + 2):
        return False  # 浙大、港理大…合作的五大科创平台: five platforms, a claim
    clause_start = paragraph.clause_at(mention.number_start)[0]
    before = s[clause_start:mention.start]
    tail = _LIST_TAIL.search(before)
    listed = before[:tail.start()] if tail else before
    if "、" not in listed:
        return False
    items = listed.split("、")
    if ACTION_VERB.search(items[-1]):
        return False  # 在杭州、宁波、温州建设三个中心: the list is where, the numeral what is built
    joined = re.search(r"[和及与]|以及", items[-1])
    return len(items) + bool(joined) == mention.value


def threshold(paragraph: Paragraph, mention: Mention) -> bool:
    """其中估值超过10亿美元的独角兽企业20家: the first number defines what the second counts."""
    clause_end = paragraph.clause_at(mention.number_start)[1]
    return mention.role == "level" and bool(THRESHOLD.match(paragraph.norm[:clause_end], mention.end))


def arabic_mention(paragraph: Paragraph, start: int, end: int, excluded) -> Mention | str:
    """The mention of the Arabic number at norm[start:end], or the id of the gate that drops it
    ("excluded": inside a date, code or the like; scan_numbers says which)."""
    s = paragraph.norm
    if within_spans(excluded, start, end):
        return "excluded"
    if identifier_around(s, start, end):
        return "identifier"
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
    range_match = _ARABIC_RANGE.match(s, k)
    if range_match and not scientific:
        range_high = float(range_match.group(1))
        k = range_match.end()
    approximate = False
    if s.startswith(("余", "多"), k) and not s.startswith(("多元", "多样", "多维", "多模态"), k):
        approximate, k = True, k + 1
    magnitude = magnitude_at(s, k)
    k += len(magnitude)
    if s.startswith(("余", "多"), k) and magnitude:
        approximate, k = True, k + 1
    level_word = False
    if s.startswith("级", k):
        level_word, k = True, k + 1
    unit = unit_at(s, k, magnitude)
    per_second = "每秒" in s[max(0, start - 6):start]
    if unit is None and not magnitude:
        if s.startswith("大", k) and value < 20 and value == int(value):
            return big_n_mention(paragraph, start, k, value)
        return "no_unit"
    if unit and unit.lower() == "p" and s[start - 1:start] == "P":
        return "identifier"
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
            return "range_unit"
    if level_word:
        mention.comparator = ">="
        mention.notes.append(f"{s[start:k]}: an order of magnitude, recorded as at least 1 {magnitude}")
    return finish_mention(paragraph, mention, k, approximate)


def big_n_mention(paragraph: Paragraph, start: int, k: int, value: float) -> Mention:
    """五大平台 / 5大中心: a count with the measure word left out."""
    mention = Mention(paragraph, start, k + 1, start, k, value, None, chinese=not paragraph.norm[start].isdigit())
    mention.inferred_unit = mention.big_n = True
    mention.notes.append(f"{paragraph.norm[start:k + 1]}: a count without a measure word; 个 supplied")
    mention.end = k + 1
    return mention


def chinese_mention(paragraph: Paragraph, start: int, end: int, excluded) -> Mention | str:
    """The mention of the Chinese numeral at norm[start:end], or the id of the gate that drops it."""
    s = paragraph.norm
    token = s[start:end]
    prefix = ""
    if token[0] in "数上" and len(token) > 1:
        prefix, token = token[0], token[1:]
        start += 1
    if token.startswith("百分之"):
        value = chinese_numeral(token[3:]) if not re.match(r"[\d.]", token[3:]) else None
        if value is None:
            return "word"
        mention = Mention(paragraph, start, end, start, end, float(value), "%", chinese=True)
        return finish_mention(paragraph, mention, end, False)
    if within_spans(excluded, start, end):
        return "excluded"
    if start > 0 and s[start - 1] in "第星初周":
        return "ordinal" if s[start - 1] == "第" else "word"
    if prefix and not all(c in "十百千万亿" for c in token):
        return "word"  # 数据, 上一 …: not a numeral after all
    magnitude_only = all(c in "百千万亿" for c in token)
    approximate = False
    k = end
    if s.startswith(("余", "多"), k):
        approximate, k = True, k + 1
    magnitude = ""
    if magnitude_only and token in MAGNITUDES:
        value, magnitude = 1.0, token
    else:
        # 三千亿元 is 3000 亿元 and 三点五亿元 3.5 亿元, as written; 一亿二千万元 (two magnitudes)
        # is read whole, 120000000 元 (tracker.chinese_numerals, the validator's reader too)
        head, tail = token, ""
        for big in ("万亿", "亿", "万"):
            # 三千万 is 3000 万; 一亿二千万 is one number (1.2亿), its 万 no magnitude of the whole
            if token.endswith(big) and len(token) > len(big) and token not in ("千万亿",) \
                    and not (big == "万" and "亿" in token[:-1]):
                head, tail = token[:-len(big)], big
                break
        number = chinese_numeral(head)
        if number is None:
            return "word"
        value, magnitude = float(number), tail
        if tail == "" and token[-1] in "万亿" and token not in MAGNITUDES and chinese_numeral(token):
            value = float(chinese_numeral(token))
    range_high = None
    range_match = _CHINESE_RANGE.match(s, k) if not magnitude and not approximate else None
    if range_match and (chinese_numeral(range_match.group(1)) or 0) > value:  # 两到三家: the low end
        range_high = float(chinese_numeral(range_match.group(1)))
        k = range_match.end()
    if s.startswith(("余", "多"), k) and not approximate:
        approximate, k = True, k + 1
    level_word = False
    if s.startswith("级", k):
        level_word, k = True, k + 1
    unit = unit_at(s, k, magnitude)
    if unit is None:
        if s.startswith("大", k) and not magnitude and 2 <= value < 20:
            return big_n_mention(paragraph, start, k, value)
        if not level_word or not magnitude:
            return "word"
    # single words that only look like numbers: 一个, 一批, 三位一体, 千行百业
    if value == 1 and not magnitude and not prefix:
        return "set_phrase"
    after = k + (len(unit) if unit else 0)
    if unit and len(unit) == 1 and range_high is None and ((after < len(s) and s[after] in CN_DIGITS)
                                    or (start >= 2 and s[start - 2] in CN_DIGITS and valid_unit(s[start - 1]))):
        return "set_phrase"  # 一轴一核, 三位一体, 四梁八柱, 千家万户
    if unit in ("成",) and value > 10:
        return "word"
    mention = Mention(paragraph, start - len(prefix), k, start, end, value, None, magnitude, chinese=True)
    if unit:
        per_second = "每秒" in s[max(0, start - 6):start]
        mention.unit = magnitude + ("次/秒" if unit == "次" and per_second else unit)
        k = after
    mention.inferred_unit = mention.unit is None
    if range_high is not None:
        mention.range_high, mention.comparator = range_high, ">="
        mention.notes.append(f"range {s[start:k]}: the low end is recorded")
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
    mention = finish_mention(paragraph, mention, k, approximate)
    return mention


def rank_mention(paragraph: Paragraph, match: re.Match) -> Mention | None:
    verb = match.group("verb") or match.group("verb2")
    scope_word = match.group("scope")
    if match.group("first"):
        value = 1
    else:
        if match.group("top") and not verb:
            return None  # 前三 needs its verb (居前三)
        written = match.group("top") or match.group("n")
        value = int(written) if written.isdigit() else chinese_numeral(written)
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


def non_claims(text: str) -> list[tuple[str, str]]:
    """The numbers in a text that are not claims, as (what, text): ("date", "2025年6月4日"),
    ("phone", "0571-85112345"), ("code", "ISSN1008-0260"), ("list", "1."), ("ordinal", "第十二条") …"""
    found = []
    for paragraph in read_document(plain_text(text)).paragraphs:
        spans = excluded_spans(paragraph.norm)
        for start, end, what in spans:
            if not any(a <= start and end <= b and (a, b) != (start, end) for a, b, _ in spans):
                found.append((what, paragraph.norm[start:end]))
    return list(dict.fromkeys(found))
