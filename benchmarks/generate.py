"""Seeded, reproducible synthetic registries of realistic shape, for the benchmarks.

    .venv/bin/python benchmarks/generate.py OUT_DIR --targets 10000 [--seed 6] [--figures-per-target 5]
    .venv/bin/python benchmarks/generate.py /tmp/trk-bench --sizes 1k,10k,100k   # OUT_DIR/1k/ ...

writes OUT_DIR/targets.yaml (with `--layout folder`: the same entries in OUT_DIR/registry/, one
file a city) and OUT_DIR/data/{places,actors,metrics,sources}.yaml:

- places: China, its 31 provinces, ~330 cities (6–15 a province) and ~2,600 districts,
  counties and county-level cities (4–12 a city), with Chinese-ish names (two characters
  from a pool, plus 市/区/县) and pinyin ids; the same place tree for every size and seed;
- actors: two per city (companies, labs, state-owned groups, parks);
- metrics: the project's real catalogue (data/metrics.yaml), copied as it is;
- sources: a synthetic catalogue (plans, press reports, statistics bulletins) of the
  provinces' and cities' governments, 2017–2026, without source files (so validate with
  --no-sources: quotes cannot be checked against texts that do not exist);
- targets: N, spread over places (a province carries more than a district), metrics (the
  headline metrics first), deadlines 2024–2030, with a level, growth-rate or rank measure,
  comparators with their Chinese cues, firm or strive (力争), some baselines, links and notes;
- figures: about 5 a target, on the target's place, metric and actor, a yearly series growing
  towards (or short of) the target plus part-year ranges and point values, some with a
  reported growth rate or rank, each citing a source published after the period it reports.

Every quote contains the number it backs, as the validator requires. The output passes
`python -m tracker validate OUT_DIR/targets.yaml --no-sources --data OUT_DIR/data`.
Same seed and size, same bytes.
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import json
import math
import random
import re
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROVINCES = [
    ("beijing", "北京市", "Beijing"), ("tianjin", "天津市", "Tianjin"), ("hebei", "河北省", "Hebei"),
    ("shanxi", "山西省", "Shanxi"), ("inner-mongolia", "内蒙古自治区", "Inner Mongolia"),
    ("liaoning", "辽宁省", "Liaoning"), ("jilin", "吉林省", "Jilin"), ("heilongjiang", "黑龙江省", "Heilongjiang"),
    ("shanghai", "上海市", "Shanghai"), ("jiangsu", "江苏省", "Jiangsu"), ("zhejiang", "浙江省", "Zhejiang"),
    ("anhui", "安徽省", "Anhui"), ("fujian", "福建省", "Fujian"), ("jiangxi", "江西省", "Jiangxi"),
    ("shandong", "山东省", "Shandong"), ("henan", "河南省", "Henan"), ("hubei", "湖北省", "Hubei"),
    ("hunan", "湖南省", "Hunan"), ("guangdong", "广东省", "Guangdong"), ("guangxi", "广西壮族自治区", "Guangxi"),
    ("hainan", "海南省", "Hainan"), ("chongqing", "重庆市", "Chongqing"), ("sichuan", "四川省", "Sichuan"),
    ("guizhou", "贵州省", "Guizhou"), ("yunnan", "云南省", "Yunnan"), ("xizang", "西藏自治区", "Xizang"),
    ("shaanxi", "陕西省", "Shaanxi"), ("gansu", "甘肃省", "Gansu"), ("qinghai", "青海省", "Qinghai"),
    ("ningxia", "宁夏回族自治区", "Ningxia"), ("xinjiang", "新疆维吾尔自治区", "Xinjiang"),
]

SYLLABLES = [
    ("安", "an"), ("宁", "ning"), ("阳", "yang"), ("山", "shan"), ("江", "jiang"), ("河", "he"),
    ("平", "ping"), ("兴", "xing"), ("丰", "feng"), ("华", "hua"), ("城", "cheng"), ("州", "zhou"),
    ("德", "de"), ("昌", "chang"), ("泉", "quan"), ("清", "qing"), ("永", "yong"), ("新", "xin"),
    ("东", "dong"), ("西", "xi"), ("南", "nan"), ("北", "bei"), ("云", "yun"), ("海", "hai"),
    ("林", "lin"), ("石", "shi"), ("金", "jin"), ("龙", "long"), ("凤", "feng"), ("泰", "tai"),
    ("和", "he"), ("乐", "le"), ("长", "chang"), ("福", "fu"), ("广", "guang"), ("武", "wu"),
    ("嘉", "jia"), ("溪", "xi"), ("湖", "hu"), ("桥", "qiao"), ("源", "yuan"), ("丘", "qiu"),
    ("宜", "yi"), ("沙", "sha"), ("青", "qing"), ("台", "tai"), ("定", "ding"), ("庆", "qing"),
    ("通", "tong"), ("宝", "bao"), ("黄", "huang"), ("白", "bai"), ("松", "song"), ("岳", "yue"),
]

# dimension -> [(unit, typical level of a province's figure in that unit)]
UNITS = {
    "money": [("亿元", 800.0), ("万元", 8e6)],
    "money_usd": [("亿美元", 100.0)],
    "compute": [("EFLOPS", 20.0), ("P", 20000.0), ("PFlops", 20000.0)],
    "count": [("个", 300.0), ("家", 300.0), ("项", 200.0), ("款", 60.0), ("人", 20000.0)],
    "percent": [("%", 40.0)],
    "duration": [("天", 30.0)],
    "area": [("万平方米", 50.0), ("亩", 3000.0)],
    "storage": [("PB", 500.0)],
    "parameters": [("亿参数", 500.0)],
    "ratio": [("倍", 3.0)],
    "energy": [("万千瓦时", 50000.0)],
    "score": [("分", 80.0)],
    "mass": [("万吨", 40.0)],
}
LEVEL_SCALE = {"country": 10.0, "province": 1.0, "city": 0.15, "district": 0.02, "county": 0.012,
               "county_city": 0.02}
PLACE_WEIGHT = {"country": 60, "province": 20, "city": 6, "district": 1, "county": 1, "county_city": 1}

CUES = {">": ["超过", "突破", "超", "逾"], ">=": ["达到", "不少于", "不低于"], "<=": ["不超过", "控制在"],
        "<": ["低于"], "~": ["约", "近"], "=": [""]}
ACTOR_KINDS = [("company", "科技有限公司", "Technology Co."), ("lab", "实验室", "Laboratory"),
               ("state_owned_group", "数据集团", "Data Group"), ("park", "人工智能产业园", "AI Industry Park"),
               ("platform", "算力调度平台", "Compute Scheduling Platform")]
SOURCE_KINDS = [("plan", "关于加快人工智能产业发展的行动计划"), ("policy", "推动人工智能+行动的实施意见"),
                ("press_report", "人工智能产业发展情况新闻发布会"), ("statistics", "国民经济和社会发展统计公报"),
                ("speech", "政府工作报告"), ("magazine", "人工智能专题报道")]
FIRST_YEAR, LAST_FIGURE_YEAR = 2016, 2025
SIZES = {"1k": 1_000, "10k": 10_000, "100k": 100_000}


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def num(value: float) -> str:
    """A number as both YAML and the quote write it: 50, 3.5, 12.75 (never 1e+06)."""
    if value == int(value):
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")


def nice(value: float, digits: int = 3) -> float:
    """Round to a few significant digits, as plans and bulletins do."""
    if value <= 0:
        return 1.0
    exponent = math.floor(math.log10(value))
    step = 10 ** (exponent - digits + 1)
    rounded = round(value / step) * step
    return float(round(rounded, 2)) if rounded < 100 else float(round(rounded))


def short(name_zh: str) -> str:
    for suffix in ("维吾尔自治区", "回族自治区", "壮族自治区", "自治区", "省", "市", "区", "县"):
        if name_zh.endswith(suffix) and len(name_zh) > len(suffix) + 1:
            return name_zh[: -len(suffix)]
    return name_zh


# --- places --------------------------------------------------------------------------------

def make_places(seed: int) -> list[dict]:
    rng = random.Random(f"places-{seed}")
    places = [{"id": "china", "name_zh": "中国", "name_en": "China", "level": "country", "parent": None,
               "aliases": ["全国", "我国"]}]
    used = {"china"}

    def fresh_id(base: str) -> str:
        candidate, n = base, 2
        while candidate in used:
            candidate, n = f"{base}-{n}", n + 1
        used.add(candidate)
        return candidate

    for pid, zh, en in PROVINCES:
        used.add(pid)
        places.append({"id": pid, "name_zh": zh, "name_en": en, "level": "province", "parent": "china",
                       "aliases": [short(zh)]})
    for pid, _, _ in PROVINCES:
        for _ in range(rng.randint(6, 15)):
            (c1, p1), (c2, p2) = rng.sample(SYLLABLES, 2)
            zh, en = c1 + c2 + "市", (p1 + p2).capitalize()
            cid = fresh_id(p1 + p2)
            places.append({"id": cid, "name_zh": zh, "name_en": en, "level": "city", "parent": pid,
                           "aliases": [c1 + c2]})
            for _ in range(rng.randint(4, 12)):
                (d1, q1), (d2, q2) = rng.sample(SYLLABLES, 2)
                level = rng.choices(["district", "county", "county_city"], [55, 35, 10])[0]
                suffix_zh, suffix_en = {"district": ("区", " District"), "county": ("县", " County"),
                                        "county_city": ("市", "")}[level]
                places.append({"id": fresh_id(q1 + q2), "name_zh": d1 + d2 + suffix_zh,
                               "name_en": (q1 + q2).capitalize() + suffix_en, "level": level,
                               "parent": cid, "aliases": [d1 + d2]})
    return places


def make_actors(places: list[dict], seed: int) -> list[dict]:
    rng = random.Random(f"actors-{seed}")
    actors = []
    for place in places:
        if place["level"] != "city":
            continue
        for kind, zh_tail, en_tail in rng.sample(ACTOR_KINDS, 2):
            actors.append({"id": f"{place['id']}-{kind.replace('_', '-')}", "kind": kind, "place": place["id"],
                           "name_zh": short(place["name_zh"]) + zh_tail,
                           "name_en": f"{place['name_en']} {en_tail}"})
    return actors


def make_sources(places: list[dict], n_claims: int, seed: int) -> list[dict]:
    """About one document per 40 claims (at least 300), spread over publishers and years."""
    rng = random.Random(f"sources-{seed}")
    publishers = [p for p in places if p["level"] in ("country", "province", "city")]
    sources = []
    for index in range(max(300, n_claims // 40)):
        place = rng.choice(publishers)
        year = rng.randint(FIRST_YEAR + 1, 2026)
        month = rng.randint(1, 12) if year < 2026 else rng.randint(1, 6)
        kind, title = rng.choice(SOURCE_KINDS)
        published = f"{year}-{month:02d}" if rng.random() < 0.4 else f"{year}-{month:02d}-{rng.randint(1, 28):02d}"
        sources.append({"id": f"src-{index:06d}", "title": f"{place['name_zh']}{title}（{year}）",
                        "publisher": f"{place['name_zh']}人民政府" if kind != "magazine" else "今日中国杂志社",
                        "published": published, "kind": kind, "year": year, "month": month})
    return sources


# --- claims --------------------------------------------------------------------------------

class Claims:
    def __init__(self, rng: random.Random, places, actors, metrics, sources):
        self.rng = rng
        self.places = places
        self.metrics = metrics
        self.actors_at = {}
        for actor in actors:
            self.actors_at.setdefault(actor["place"], []).append(actor)
        self.by_id = {p["id"]: p for p in places}
        # sources published in or after a year-month, for citing a period that has ended
        self.sources_sorted = sorted(sources, key=lambda s: (s["year"], s["month"]))
        self.keys = [(x["year"], x["month"]) for x in self.sources_sorted]
        self.place_cum = list(itertools.accumulate(PLACE_WEIGHT[p["level"]] for p in places))
        self.metric_cum = list(itertools.accumulate(1 / (i + 1) ** 0.6 for i in range(len(metrics))))
        self.targets: list[str] = []
        self.figures: list[str] = []
        self.n_targets = 0
        self.seen: set[tuple] = set()
        self.ids: set[str] = set()

    def source_after(self, year: int, month: int) -> dict:
        """A source published strictly after the given month (so a period ending then is over)."""
        start = bisect.bisect_right(self.keys, (year, month))
        if start >= len(self.sources_sorted):
            start = len(self.sources_sorted) - 1
        stop = min(len(self.sources_sorted), start + 60)
        return self.sources_sorted[self.rng.randrange(start, stop)]

    def source_any(self) -> dict:
        return self.rng.choice(self.sources_sorted)

    def unique(self, base: str) -> str:
        candidate, n = base, 2
        while candidate in self.ids:
            candidate, n = f"{base}-{n}", n + 1
        self.ids.add(candidate)
        return candidate

    def group(self) -> None:
        """A place-metric(-actor) pair: 1–3 targets and ~5 figures per target."""
        rng = self.rng
        for _ in range(50):
            place = rng.choices(self.places, cum_weights=self.place_cum)[0]
            metric = rng.choices(self.metrics, cum_weights=self.metric_cum)[0]
            actor = None
            city = place["id"] if place["level"] == "city" else place.get("parent")
            if rng.random() < 0.1 and self.actors_at.get(city):
                actor = rng.choice(self.actors_at[city])
            key = (place["id"], metric["id"], actor["id"] if actor else None)
            if key not in self.seen:
                break
        self.seen.add(key)
        dims = UNITS.get(metric["dimension"]) or UNITS["count"]
        small = place["level"] not in ("country", "province") or actor is not None
        if metric["dimension"] in ("money", "compute"):
            # 亿元 and EFLOPS for a country or province; a city, district or company often
            # states 万元 or P (PFLOPS)
            unit, level = dims[0] if not small or rng.random() < 0.5 else rng.choice(dims[1:])
        else:
            unit, level = rng.choice(dims)
        measure = rng.choices(["level", "growth", "rank"], [88, 9, 3])[0]
        if metric["dimension"] == "percent" and measure == "level":
            level = rng.uniform(10, 80)
        scale = LEVEL_SCALE[place["level"]] * (0.05 if actor else 1) * rng.lognormvariate(0, 0.8)
        rate = rng.uniform(0.03, 0.45)
        if metric["dimension"] == "percent":
            rate = rng.uniform(0.0, 0.08)
        k = rng.choices([1, 2, 3], [70, 25, 5])[0]
        deadlines = sorted(rng.sample(range(2024, 2031), k))
        # One group in seven has nothing reported yet (status "no data"); the others carry
        # a little more, so that there are still about 5 figures a target.
        n_figures = 0 if rng.random() < 1 / 7 else max(1, min(13, round(rng.gauss(5 * k * 7 / 6, 1.5))))
        start_value = max(level * scale, 1.0)

        def value_at(year: float) -> float:
            v = start_value * (1 + rate) ** (year - FIRST_YEAR)
            return min(v, 99.0) if metric["dimension"] == "percent" else v

        place_short = short(place["name_zh"])
        who = actor["name_zh"] if actor else place_short
        target_ids = []
        for deadline in deadlines:
            target_ids.append(self.target(place, actor, metric, who, unit, measure, deadline, value_at, target_ids))
        if n_figures:
            self.figure_series(place, actor, metric, who, unit, measure, n_figures, value_at, rate, deadlines)

    def target(self, place, actor, metric, who, unit, measure, deadline, value_at, earlier) -> str:
        rng = self.rng
        self.n_targets += 1
        tid = self.unique(f"{place['id']}-{metric['id'].replace('_', '-')}-{deadline}")
        firmness = "strive" if rng.random() < 0.35 else "firm"
        strive = "力争" if firmness == "strive" else ""
        name = metric["name_zh"]
        if measure == "level":
            comparator = rng.choices([">", ">=", "=", "~", "<="], [40, 30, 20, 8, 2])[0]
            value = nice(value_at(deadline) * rng.uniform(0.75, 1.35))
            cue = rng.choice(CUES[comparator])
            after = "左右" if comparator == "~" and not cue else ""
            text_value = f"{cue}{num(value)}{unit}{after}"
            lines_unit = unit
        elif measure == "growth":
            comparator = rng.choice([">=", ">"])
            value = float(rng.choice([5, 8, 10, 12, 15, 20, 25, 30]))
            text_value = f"年均增长{'不低于' if comparator == '>=' else '超过'}{num(value)}%"
            lines_unit = "%"
        else:
            comparator = "="
            value = float(rng.choice([1, 2, 3, 5, 10]))
            text_value = f"位居全国第{num(value)}位" if value > 1 else "位居全国第1位"
            lines_unit = "位"
        precision = rng.choices(["year_end", "year", "month", "plan_period", "unstated"], [45, 30, 8, 12, 5])[0]
        if precision == "year_end":
            deadline_yaml = f'{{date: "{deadline}-12-31", precision: year_end, text: "到{deadline}年底"}}'
            lead = f"到{deadline}年底，"
        elif precision == "year":
            deadline_yaml = f'{{date: "{deadline}", precision: year, text: "到{deadline}年"}}'
            lead = f"到{deadline}年，"
        elif precision == "month":
            month = rng.choice([6, 9, 12])
            deadline_yaml = f'{{date: "{deadline}-{month:02d}", precision: month, text: "{deadline}年{month}月底前"}}'
            lead = f"{deadline}年{month}月底前，"
        elif precision == "plan_period":
            plan = {2025: "十四五", 2030: "十五五"}.get(deadline, f"到{deadline}年")
            deadline_yaml = f'{{date: "{deadline}", precision: plan_period, text: "{plan}期末"}}'
            lead = f"{plan}期末，"
        else:
            deadline_yaml = "{precision: unstated}"
            lead = ""
        scope = "全省" if place["level"] == "province" else ("全国" if place["level"] == "country" else "全市" if place["level"] == "city" else "全区")
        quote = f"{lead}{who if rng.random() < 0.5 else scope}{name}{strive}{text_value}"
        published_after = deadline - rng.randint(2, 6)
        source = self.source_after(published_after, 1)
        lines = [
            f"  - id: {tid}",
            f"    place: {place['id']}",
        ]
        if actor:
            lines.append(f"    actor: {actor['id']}")
        lines += [f"    metric: {metric['id']}"]
        if measure != "level" or rng.random() < 0.5:
            lines.append(f"    measure: {measure}")
        lines += [
            f'    comparator: "{comparator}"',
            f"    value: {num(value)}",
            f"    unit: {q(lines_unit)}",
            f"    deadline: {deadline_yaml}",
            f"    firmness: {firmness}",
        ]
        if measure == "level" and rng.random() < 0.2:
            base_year = deadline - rng.randint(3, 6)
            base_value = nice(value_at(base_year))
            lines += ["    baseline:", f"      value: {num(base_value)}", f"      unit: {q(unit)}",
                      f'      as_of: "{base_year}"']
        lines += ["    statements:", f"      - source: {source['id']}", f"        quote: {q(quote)}"]
        if rng.random() < 0.15:
            other = self.source_after(published_after, 6)
            lines += [f"      - source: {other['id']}", f"        quote: {q(quote)}"]
        if earlier and rng.random() < 0.3:
            lines += ["    links:", f"      - {{rel: supersedes, target: {earlier[-1]}}}"]
        if rng.random() < 0.2:
            note = f"{scope}口径；{metric['name_en']} as stated in the plan, synthetic entry for benchmarks."
            lines.append(f"    note: {q(note)}")
        self.targets.append("\n".join(lines))
        return tid

    def figure_series(self, place, actor, metric, who, unit, measure, n, value_at, rate, deadlines) -> None:
        rng = self.rng
        annual = list(range(LAST_FIGURE_YEAR - 9, LAST_FIGURE_YEAR + 1))   # 10 yearly slots
        partial = [("2025-01", "2025-06", "2025年上半年"), ("2025-01", "2025-08", "2025年1—8月"),
                   ("2026-01", "2026-03", "2026年一季度")]
        slots = [("year", y) for y in annual[-min(n, 10):]] + [("range", p) for p in partial[: max(0, n - 10)]]
        if n <= 10 and rng.random() < 0.4:   # a recent part-year figure instead of the oldest year
            slots = slots[1:] + [("range", rng.choice(partial))]
        name = metric["name_zh"]
        noise = lambda: rng.uniform(0.85, 1.12)  # noqa: E731
        for kind, slot in slots:
            if kind == "year":
                year, end_month = slot, 12
                period = f'{{start: "{year}", end: "{year}", kind: year, text: "{year}年"}}'
                fid_tail, lead, mid = f"{year}", f"{year}年", year + 0.5
                if rng.random() < 0.15:  # a stock at the year's end
                    period = f'{{end: "{year}-12", kind: point, text: "截至{year}年底"}}'
                    lead = f"截至{year}年底"
            else:
                start, end, text = slot
                year, end_month = int(end[:4]), int(end[5:])
                period = f'{{start: "{start}", end: "{end}", kind: range, text: "{text}"}}'
                fid_tail, lead, mid = end, text, year + end_month / 24
            value = nice(value_at(mid) * noise() * (end_month / 12 if kind == "range" and metric["dimension"] == "money" else 1))
            comparator = rng.choices(["=", ">", "~", ">="], [60, 25, 10, 5])[0]
            cue = {"=": "达", ">": "突破", "~": "约", ">=": "达到"}[comparator]
            growth = None
            if measure == "growth" or rng.random() < 0.3:
                g = nice(rate * 100 * rng.uniform(0.6, 1.4), 2)
                growth = g
            rank = rng.choice([1, 2, 3, 4, 5, 8, 10]) if measure == "rank" else None
            fid = self.unique(f"{place['id']}-{metric['id'].replace('_', '-')}-{fid_tail}"
                              + (f"-{actor['id']}" if actor else ""))
            source = self.source_after(year, end_month)
            quote = f"{lead}，{who}{name}{cue}{num(value)}{unit}"
            if growth is not None:
                quote += f"，同比增长{num(growth)}%"
            if rank is not None:
                quote += f"，居全国第{rank}位"
            lines = [f"  - id: {fid}", f"    place: {place['id']}"]
            if actor:
                lines.append(f"    actor: {actor['id']}")
            lines += [f"    metric: {metric['id']}", f'    comparator: "{comparator}"', f"    value: {num(value)}",
                      f"    unit: {q(unit)}", f"    period: {period}"]
            if growth is not None:
                lines.append(f'    growth: {{comparator: "=", value: {num(growth)}, unit: "%", basis: yoy, '
                             f'text: "同比增长{num(growth)}%"}}')
            if rank is not None:
                lines.append(f'    rank: {{value: {rank}, scope: national, text: "居全国第{rank}位"}}')
            lines += ["    statements:", f"      - source: {source['id']}", f"        quote: {q(quote)}"]
            if rng.random() < 0.05:
                lines.append(f"    note: {q('口径调整后数据；synthetic entry.')}")
            self.figures.append("\n".join(lines))


def write_catalogue(path: Path, key: str, header: str, rows: list[dict], fields: list[str]) -> None:
    out = [header, f"{key}:"]
    for row in rows:
        parts = []
        for f in fields:
            value = row.get(f)
            if value is None:
                continue
            if isinstance(value, list):
                parts.append(f"{f}: [{', '.join(q(v) for v in value)}]")
            elif f in ("id", "parent", "place", "level", "kind"):
                parts.append(f"{f}: {value}")
            else:
                parts.append(f"{f}: {q(str(value))}")
        out.append("  - {" + ", ".join(parts) + "}")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def generate(out: Path, n_targets: int, seed: int = 6, layout: str = "file") -> dict:
    import yaml

    started = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    data = out / "data"
    data.mkdir(exist_ok=True)
    places = make_places(seed)
    actors = make_actors(places, seed)
    metrics_text = (ROOT / "data" / "metrics.yaml").read_text(encoding="utf-8")
    metrics = yaml.load(metrics_text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))["metrics"]
    sources = make_sources(places, n_targets * 6, seed)

    write_catalogue(data / "places.yaml", "places", "# Synthetic places (benchmarks/generate.py)",
                    places, ["id", "name_zh", "name_en", "level", "parent", "aliases"])
    write_catalogue(data / "actors.yaml", "actors", "# Synthetic actors (benchmarks/generate.py)",
                    actors, ["id", "name_zh", "name_en", "kind", "place"])
    shutil.copyfile(ROOT / "data" / "metrics.yaml", data / "metrics.yaml")
    write_catalogue(data / "sources.yaml", "sources", "# Synthetic sources (benchmarks/generate.py); no source files",
                    sources, ["id", "title", "publisher", "published", "kind"])

    claims = Claims(random.Random(f"claims-{seed}-{n_targets}"), places, actors, metrics, sources)
    while claims.n_targets < n_targets:
        claims.group()
    # A group may add up to 3 targets: trim to exactly N. Links only point at earlier targets
    # of the same group, so none points at a dropped one; the figures stay (they still report
    # on their place and metric).
    targets = claims.targets[:n_targets]
    header = f"# Synthetic registry: {n_targets} targets, seed {seed} (benchmarks/generate.py)\n"
    if layout == "file":
        write_claims(out / "targets.yaml", header, targets, claims.figures)
        files, size = 1, (out / "targets.yaml").stat().st_size
    else:
        files, size = write_folder(out / "registry", header, places, targets, claims.figures)
    return {"out": str(out), "layout": layout, "files": files, "targets": len(targets), "figures": len(claims.figures),
            "places": len(places), "actors": len(actors), "metrics": len(metrics), "sources": len(sources),
            "bytes": size, "seconds": round(time.perf_counter() - started, 1)}


def write_claims(path: Path, header: str, targets: list[str], figures: list[str]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        fh.write(header)
        for key, entries in (("targets", targets), ("figures", figures)):
            if entries:
                fh.write(f"{key}:\n")
                for entry in entries:
                    fh.write(entry + "\n")


_PLACE_LINE = re.compile(r"\n    place: (\S+)")


def write_folder(folder: Path, header: str, places: list[dict], targets: list[str], figures: list[str]) -> tuple[int, int]:
    """The folder layout: one file per city (its districts' claims included) under its
    province's folder, one per province and one for the country beside them:
    registry/zhejiang.yaml, registry/zhejiang/hangzhou.yaml, registry/china.yaml. The same
    entries in the same order within each file as in targets.yaml."""
    parent = {p["id"]: p["parent"] for p in places}
    level = {p["id"]: p["level"] for p in places}

    def file_of(place: str) -> Path:
        lineage = [place]
        while parent[lineage[-1]]:
            lineage.append(parent[lineage[-1]])
        lineage.reverse()  # china, province, city, district
        if level[place] == "country":
            return folder / "china.yaml"
        if len(lineage) == 2:
            return folder / f"{lineage[1]}.yaml"
        return folder / lineage[1] / f"{lineage[2]}.yaml"

    grouped: dict[Path, tuple[list[str], list[str]]] = {}
    for index, entries in enumerate((targets, figures)):
        for entry in entries:
            grouped.setdefault(file_of(_PLACE_LINE.search(entry).group(1)), ([], []))[index].append(entry)
    shutil.rmtree(folder, ignore_errors=True)
    size = 0
    for path, (file_targets, file_figures) in sorted(grouped.items()):
        path.parent.mkdir(parents=True, exist_ok=True)
        write_claims(path, header, file_targets, file_figures)
        size += path.stat().st_size
    return len(grouped), size


def size_value(text: str) -> int:
    return SIZES.get(text) or int(text.lower().replace("k", "000"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="output folder")
    parser.add_argument("--targets", type=size_value, help="number of targets, e.g. 10000 or 10k")
    parser.add_argument("--sizes", help="comma-separated sizes (1k,10k,100k): one sub-folder each")
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--layout", choices=["file", "folder"], default="file",
                        help="file: OUT/targets.yaml; folder: OUT/registry/<province>/<city>.yaml (one file a city, "
                             "its districts' claims included), OUT/registry/<province>.yaml, OUT/registry/china.yaml")
    args = parser.parse_args(argv)
    jobs = ([(args.out / s, size_value(s)) for s in args.sizes.split(",")] if args.sizes
            else [(args.out, args.targets or 1000)])
    for folder, n in jobs:
        print(json.dumps(generate(folder, n, args.seed, args.layout), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
