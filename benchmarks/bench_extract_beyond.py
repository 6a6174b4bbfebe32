"""How well `tracker extract` reads texts from anywhere in China: two labelled sets of made-up
texts in the structures of provincial, city, district and national documents (issue 15).

    .venv/bin/python benchmarks/bench_extract_beyond.py [--set beyond_seeds|held_out|both] [--data DIR]

`beyond_seeds` (benchmarks/beyond_seeds.yaml) is the dev set; `held_out` (benchmarks/held_out.yaml)
measures generalisation and is not for the extractor's authors to read. Each text is run through
`extract(text, catalogue)` with no --year: the date must come from the text's own metadata lines.

Scoring, per text. A candidate's values are its level (value, unit), its growth (value, unit) and
its rank. A candidate is right by value when an expected claim of its text has one of them: the
same base value in the same dimension (tracker.units), a count also in the same counter (家 is not
个), a rank the same position. Matching is one to one: among the pairs right by value, those right
on more of kind, year, place and metric (then comparator) are taken first. A candidate left over
is a not_claim proposed if it carries a not_claim's number, else a repeat if it has the value of
an already matched claim, else another false one. Precision = matched candidates / candidates.
"+ place" compares the place's name_zh (its id where the label gives place_id); a null label is
right only for a null place. A matched candidate under another place than the label's is "filed
under a wrong place"; one with no place where the label has one is "unresolved".
"""

from __future__ import annotations

import argparse
import os
import math
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from tracker.extract import extract, load_catalogue  # noqa: E402
from tracker.units import UnitError, parse_unit  # noqa: E402

SETS = {"beyond_seeds": HERE / "beyond_seeds.yaml", "held_out": HERE / "held_out.yaml"}
FIELDS = ("kind", "year", "place", "metric")           # the all-right chain after the value
BINS = ((0.0, 0.5), (0.5, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 1.0001))
MAGNITUDES = {"十": 10, "百": 100, "千": 1e3, "万": 1e4, "亿": 1e8}


# --- what a candidate says ---------------------------------------------------------------------

def kind_of(entry: dict[str, Any]) -> str:
    return "targets" if "deadline" in entry else "figures"


def year_of(entry: dict[str, Any]) -> int | None:
    """The deadline's year of a target, the period's end year of a figure."""
    deadline, period = entry.get("deadline") or {}, entry.get("period") or {}
    when = deadline.get("date") or period.get("end") or period.get("start")
    try:
        return int(str(when)[:4]) if when else None
    except ValueError:
        return None


def value_items(entry: dict[str, Any]) -> list[tuple[str, float, str | None, str | None]]:
    """(measure, value, unit, comparator) of the candidate's level (or growth-only target), its
    growth and its rank (a rank has no comparator: "=")."""
    items = []
    if entry.get("value") is not None:
        measure = entry.get("measure") if entry.get("measure") in ("growth", "rank") else "level"
        items.append((measure, entry["value"], entry.get("unit"), entry.get("comparator", "=")))
    growth = entry.get("growth") or {}
    if growth.get("value") is not None:
        items.append(("growth", growth["value"], growth.get("unit") or "%", growth.get("comparator", "=")))
    rank = entry.get("rank") or {}
    if rank.get("value") is not None:
        items.append(("rank", rank["value"], None, "="))
    return items


def _base(value: float, unit: str | None) -> tuple[str, float, str] | None:
    try:
        parsed = parse_unit(unit)
    except (UnitError, TypeError, ValueError):
        return None
    counter = unit[-1] if parsed.dimension == "count" else ""   # 50家 is not 50个
    return parsed.dimension, float(value) * parsed.factor, counter


def same_value(item: tuple, claim: dict[str, Any]) -> bool:
    measure, value, unit = item[:3]
    if (measure == "rank") != (claim.get("measure") == "rank"):
        return False
    if measure == "rank":
        return float(value) == float(claim["value"])
    mine, theirs = _base(value, unit), _base(claim["value"], claim.get("unit"))
    if mine is None or theirs is None:
        return unit == claim.get("unit") and float(value) == float(claim["value"])
    return mine[0] == theirs[0] and mine[2] == theirs[2] and math.isclose(mine[1], theirs[1], rel_tol=1e-6)


def carries(item: tuple, number: float) -> bool:
    """Whether a candidate's value is this number, as written or scaled by its unit's 万/亿 …"""
    _, value, unit = item[:3]
    scale = 1.0
    for char in (unit or "")[:2]:
        if char not in MAGNITUDES:
            break
        scale *= MAGNITUDES[char]
    return any(math.isclose(float(value) * s, float(number), rel_tol=1e-6) for s in (1.0, scale))


# --- scoring -----------------------------------------------------------------------------------

class Scorer:
    def __init__(self, places_by_id: dict[str, dict[str, Any]]):
        self.places = places_by_id

    def place_right(self, entry: dict[str, Any], claim: dict[str, Any]) -> bool:
        place = entry.get("place")
        if claim.get("place") is None:
            return place is None
        if claim.get("place_id"):
            return place == claim["place_id"]
        return place in self.places and self.places[place]["name_zh"] == claim["place"]

    def checks(self, entry: dict[str, Any], claim: dict[str, Any], item: tuple) -> dict[str, bool]:
        return {"kind": kind_of(entry) == claim["kind"],
                "year": year_of(entry) == claim.get("year"),
                "place": self.place_right(entry, claim),
                "metric": entry.get("metric") == claim.get("metric"),
                "comparator": item[3] == claim.get("comparator")}

    def score_document(self, document: dict[str, Any], candidates: list) -> dict[str, Any]:
        """One-to-one pairs of (candidate's value item, expected claim): a candidate with a level
        and a growth can match two claims. by_claim: claim → candidate; by_candidate: candidate →
        the checks of its best pair; leftovers: the candidates that match nothing, by why."""
        claims = document.get("expected") or []
        pairs = []
        for i, candidate in enumerate(candidates):
            for k, item in enumerate(value_items(candidate.entry)):
                for j, claim in enumerate(claims):
                    if same_value(item, claim):
                        ok = self.checks(candidate.entry, claim, item)
                        pairs.append(((_chain(ok), sum(ok.values()), candidate.confidence), i, k, j, ok))
        pairs.sort(key=lambda p: p[0], reverse=True)
        by_candidate: dict[int, dict[str, bool]] = {}
        by_claim: dict[int, tuple[int, dict[str, bool]]] = {}
        used: set[tuple[int, int]] = set()
        for _, i, k, j, ok in pairs:
            if (i, k) in used or j in by_claim:
                continue
            used.add((i, k))
            by_claim[j] = (i, ok)
            if i not in by_candidate or _chain(ok) > _chain(by_candidate[i]):
                by_candidate[i] = ok
        leftovers = Counter()
        for i, candidate in enumerate(candidates):
            if i in by_candidate:
                continue
            items = value_items(candidate.entry)
            hit = next((n for n in document.get("not_claims") or []
                        if any(carries(item, n["value"]) for item in items)), None)
            if hit is not None:
                leftovers["cut_off" if hit.get("cut_off") else "not_claim"] += 1
            elif any(same_value(item, claim) for item in items for claim in claims):
                leftovers["repeat"] += 1
            else:
                leftovers["other"] += 1
        return {"claims": claims, "by_candidate": by_candidate, "by_claim": by_claim, "leftovers": leftovers}


def _chain(ok: dict[str, bool]) -> int:
    """How many of kind, year, place, metric are right in a row."""
    chain = 0
    for name in FIELDS:
        if not ok[name]:
            break
        chain += 1
    return chain


def share(n: int, d: int) -> str:
    return f"{n}/{d} = {n / d:.0%}" if d else "–"


def pct(n: int, d: int) -> str:
    return f"{n / d:.0%}" if d else "–"


def reliability_rows(judged: list[tuple[float, dict[str, bool] | None]]) -> list[list[str]]:
    """Rows of the confidence reliability table: per bin, the candidates and the share right on
    value, + kind, + year, + place, + metric (each step keeps the previous ones). `judged` holds
    (confidence, checks) per candidate, checks None when it is not right by value."""
    rows = []
    for low, high in BINS:
        inside = [ok for confidence, ok in judged if low <= confidence < high]
        row = [f"{low:.1f}–{min(high, 1.0):.1f}", str(len(inside)), pct(sum(ok is not None for ok in inside), len(inside))]
        for n in range(1, len(FIELDS) + 1):
            right = sum(ok is not None and all(ok[f] for f in FIELDS[:n]) for ok in inside)
            row.append(pct(right, len(inside)))
        rows.append(row)
    return rows


RELIABILITY_HEADER = ("confidence", "candidates", "value", "+ kind", "+ year", "+ place", "+ metric")


def print_table(header: tuple[str, ...] | list[str], rows: list[list[str]]) -> None:
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(row) + " |")


def run_set(name: str, catalogue, scorer: Scorer) -> dict[str, Any]:
    documents = yaml.safe_load(SETS[name].read_text(encoding="utf-8"))["documents"]
    n_claims = n_candidates = matched_candidates = matched_claims = 0
    chain = Counter()
    comparator_right = wrong_place = unresolved = 0
    leftovers = Counter()
    by_class: dict[int, Counter] = {}
    judged: list[tuple[float, dict[str, bool] | None]] = []
    for document in documents:
        candidates = extract(document["text"], catalogue)
        result = scorer.score_document(document, candidates)
        n_candidates += len(candidates)
        n_claims += len(result["claims"])
        leftovers.update(result["leftovers"])
        for i, candidate in enumerate(candidates):
            judged.append((candidate.confidence, result["by_candidate"].get(i)))
        matched_candidates += len(result["by_candidate"])
        for j, claim in enumerate(result["claims"]):
            i, ok = result["by_claim"].get(j, (None, None))
            steps = [ok is not None] + [ok is not None and all(ok[f] for f in FIELDS[:n]) for n in range(1, 5)]
            for step, right in zip(("value",) + FIELDS, steps):
                chain[step] += right
            for c in claim.get("classes") or []:
                tally = by_class.setdefault(c, Counter())
                tally["claims"] += 1
                tally["value"] += steps[0]
                tally["all"] += steps[-1]
            if ok is None:
                continue
            matched_claims += 1
            comparator_right += ok["comparator"]
            place = candidates[i].entry.get("place")
            if not ok["place"]:
                if place is None:
                    unresolved += 1
                else:
                    wrong_place += 1
                    if os.environ.get("BENCH_SHOW_WRONG"):
                        print(f"wrong place: {place} for {claim}", file=sys.stderr)
    print(f"\n### {name}: {len(documents)} texts, {n_claims} expected claims, {n_candidates} candidates\n")
    rows = [["recall by value", share(chain["value"], n_claims)],
            ["precision by value", share(matched_candidates, n_candidates)],
            ["value + kind", share(chain["kind"], n_claims)],
            ["value + kind + year", share(chain["year"], n_claims)],
            ["value + kind + year + place (done-when ≥ 80 %)", share(chain["place"], n_claims)],
            ["value + kind + year + place + metric", share(chain["metric"], n_claims)],
            ["comparator right (of matched claims)", share(comparator_right, matched_claims)],
            ["matched claims filed under a wrong place (must be 0)", str(wrong_place)],
            ["unresolved place (share of matched claims; ≤ 10 %)", share(unresolved, matched_claims)],
            ["not_claims proposed", str(leftovers["not_claim"])],
            ["cut-off fragments proposed (must be 0)", str(leftovers["cut_off"])],
            ["repeats of a matched claim", str(leftovers["repeat"])],
            ["other false candidates", str(leftovers["other"])]]
    print_table(("measure", "figure"), rows)
    print()
    print_table(("class", "claims", "recall by value", "all right (value, kind, year, place, metric)"),
                [[CLASS_NAMES.get(c, str(c)), str(t["claims"]), pct(t["value"], t["claims"]), pct(t["all"], t["claims"])]
                 for c, t in sorted(by_class.items())])
    print()
    print_table(RELIABILITY_HEADER, reliability_rows(judged))
    return {"claims": n_claims, "chain": chain}


CLASS_NAMES = {1: "1 place", 2: "2 cut-off end", 3: "3 deadline scope", 4: "4 kind / document date",
               5: "5 undated figures", 6: "6 metric", 7: "7 AI scope of bare counts", 8: "8 inserted pinyin",
               9: "9 non-claims and repeats", 10: "10 rank", 11: "11 quote span", 12: "12 numerals"}


def load_places(data_dir: Path) -> dict[str, dict[str, Any]]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    places = yaml.load((data_dir / "places.yaml").read_text(encoding="utf-8"), Loader=loader)["places"]
    return {p["id"]: p for p in places}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=("beyond_seeds", "held_out", "both"), default="both")
    parser.add_argument("--data", type=Path, default=HERE.parent / "data", help="the catalogues (default: data/)")
    args = parser.parse_args(argv)
    catalogue = load_catalogue(args.data)
    scorer = Scorer(load_places(args.data))
    names = ("beyond_seeds", "held_out") if args.set == "both" else (args.set,)
    for name in names:
        if not SETS[name].is_file():
            print(f"\n### {name}: {SETS[name].name} is missing")
            continue
        run_set(name, catalogue, scorer)
    return 0


if __name__ == "__main__":
    sys.exit(main())
