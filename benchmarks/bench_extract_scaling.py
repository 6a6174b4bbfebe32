"""Extract's time against its input's length on the inputs that were once quadratic (issue 19
H1, issue 15): a digit run, a run of Chinese numerals, one sentence listing claim after claim,
ordinary text (the seed texts, read from ../shared/seeds, repeated), and made-up plan-like
sentences with no line break at all (an HTML page flattened, a PDF's text), joined by ；，。 or
with no sentence punctuation at all, up to 5 MB (issue 15: <= 15 s; >= 1 MB/s on ordinary text).

    .venv/bin/python benchmarks/bench_extract_scaling.py [--max-kb 1024] [--no-break-mb 5] [--runs 3] [--only TEXT]

Each input is measured at sizes doubling up to --max-kb characters (the no-break ones up to
--no-break-mb MB); beside each time, the ratio to the size before (2.0 is linear, 4.0
quadratic), two floors measured in the same run over the same text (one regex pass,
re.findall of digit runs; one str.count), MB/s of UTF-8, and the same again in this process's
CPU time (--runs more runs: on a shared machine, wall time counts the others' turns too), and
the extract's time divided by a regex pass over the same text taken just before each run (the
machine's speed swings 2-3x within minutes; this ratio does not: session 9's idle 1 MB/s was
~145). Medians of --runs runs.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tracker.extract import extract, load_catalogue  # noqa: E402

SEEDS = ROOT.parent / "shared" / "seeds"


_SUBJECTS = (("全省人工智能核心产业规模", "亿元"), ("智能算力规模", "EFLOPS"), ("人工智能企业", "家"),
             ("智算中心", "个"), ("行业大模型", "个"), ("数据标注基地", "个"), ("人工智能示范场景", "个"))
_TIMES = ("到2025年", "到2027年", "2026年", "力争", "全年", "截至目前")
_VERBS = ("达到", "超过", "突破", "建成")
_FILLERS = ("加快推进新型基础设施建设", "深化数字政府改革", "支持龙头企业牵头组建创新联合体", "完善政策保障体系")


def plan_text(size: int, joiners: str) -> str:
    """Made-up plan-like sentences, about `size` characters with no line break (an HTML page
    flattened, a PDF's text), joined by the characters of `joiners` in turn (none: no sentence
    punctuation at all)."""
    rng = random.Random(15)
    pieces, length = [], 0
    while length < size:
        subject, unit = rng.choice(_SUBJECTS)
        pieces.append(f"{rng.choice(_TIMES)}{subject}{rng.choice(_VERBS)}{rng.randrange(2, 900)}{unit}")
        pieces.append(rng.choice(_FILLERS))
        length += len(pieces[-2]) + len(pieces[-1]) + 2
    if not joiners:
        return "".join(pieces)[:size]
    return "".join(piece + joiners[i % len(joiners)] for i, piece in enumerate(pieces))[:size]


def inputs(size: int) -> dict[str, str]:
    """Made-up hostile texts of about `size` characters (and the seeds, repeated)."""
    claims, n, length = [], 0, 0
    while length < size:  # (a sum over the list at each step made a 1 M input take minutes to write)
        n += 1
        claims.append(f"建成智算中心{n}个")
        length += len(claims[-1]) + 1
    seeds = "\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    return {
        "digit run": "人工智能产业规模" + "1" * size + "亿元。",
        "Chinese numerals": "人工智能产业规模" + "一" * size + "亿元。",
        "one sentence of claims": "到2027年，力争" + "，".join(claims) + "。",
        "ordinary text (seeds)": (seeds * (size // len(seeds) + 1))[:size],
    }


NO_BREAK = {"no breaks, ；，。 joined": "；，。，", "no breaks, no punctuation": ""}


def no_break_text(name: str, megabytes: float) -> str:
    """A no-break input of about `megabytes` MB in UTF-8."""
    sample = plan_text(10_000, NO_BREAK[name])
    per_char = len(sample.encode("utf-8")) / len(sample)
    return plan_text(int(megabytes * 1e6 / per_char), NO_BREAK[name])


def median_time(call, runs: int = 3, clock=time.perf_counter) -> float:
    times = []
    for _ in range(runs):
        start = clock()
        call()
        times.append(clock() - start)
    return statistics.median(times)


def measure(name: str, text: str, catalogue, runs: int, previous: float | None) -> float:
    # each run beside a regex pass over the same text taken just before it: this machine's speed
    # swings 2-3x within minutes, and the ratio of the two does not
    floors, walls = [], []
    for _ in range(runs):
        floors.append(median_time(lambda: re.findall(r"\d+", text), 1))
        walls.append(median_time(lambda: extract(text, catalogue), 1))
    spent, regex_floor = statistics.median(walls), statistics.median(floors)
    ratios = [wall / floor for wall, floor in zip(walls, floors)]
    # this process's CPU time: on a machine shared with other work, wall time counts their turns too
    cpu = median_time(lambda: extract(text, catalogue), runs, time.process_time)
    count_floor = median_time(lambda: text.count("年"), runs)
    ratio = f"{spent / previous:.2f}" if previous else "–"
    megabytes = len(text.encode("utf-8")) / 1e6
    print(f"{name:26} {megabytes:6.2f} {len(text):10,} {spent:8.2f}s {ratio:>9} {regex_floor * 1000:7.1f}ms "
          f"{count_floor * 1000:6.1f}ms {megabytes / spent:6.2f} {cpu:7.2f}s {megabytes / cpu:6.2f} "
          f"{statistics.median(ratios):9.0f}", flush=True)
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-kb", type=int, default=1024, help="the largest hostile and ordinary input, in K characters")
    parser.add_argument("--no-break-mb", type=float, default=5.0, help="the largest no-break input, in MB of UTF-8")
    parser.add_argument("--runs", type=int, default=3, help="runs per size (the median is printed)")
    parser.add_argument("--only", help="run only the inputs whose name contains this")
    args = parser.parse_args()
    catalogue = load_catalogue(ROOT / "data")
    sizes = [64 * 1024 * 2 ** i for i in range(10) if 64 * 2 ** i <= args.max_kb]
    print(f"load average at start {os.getloadavg()[0]:.1f} ({os.cpu_count()} cores)")
    print(f"{'input':26} {'MB':>6} {'chars':>10} {'extract':>9} {'×/double':>9} {'re pass':>9} {'count':>8} {'MB/s':>6} {'cpu':>8} {'MB/cpu-s':>8} {'÷ re pass':>9}")
    for name in inputs(1):
        if args.only and args.only not in name:
            continue
        previous = None
        for size in sizes:
            previous = measure(name, inputs(size)[name], catalogue, args.runs, previous)
    mb_sizes = [args.no_break_mb / 2 ** i for i in range(3, -1, -1)]
    for name in NO_BREAK:
        if args.only and args.only not in name:
            continue
        previous = None
        for megabytes in mb_sizes:
            previous = measure(name, no_break_text(name, megabytes), catalogue, args.runs, previous)
    print(f"load average at end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
