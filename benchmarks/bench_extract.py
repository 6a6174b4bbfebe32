"""How well `tracker extract` finds the registry's claims in their own source texts.

Prints a table (it is a measurement, not a test): for each source document that has a local
text, the number of candidates `extract` proposes, the number of entries the answer key (a
registry) has from that document, the matches, precision, recall, kind accuracy and
throughput.

    .venv/bin/python benchmarks/bench_extract.py [--key targets.yaml] [--sources ../shared/seeds]

A candidate matches an answer-key entry when both come from the same document, have the same
kind (target or figure) and the same base value: the value in its base unit as
tracker.units.to_base gives it (relative tolerance 1e-6), in the same base unit (5 FLOP/s is
not 5 enterprises). An entry without a level is matched on its growth rate, else on its rank.
Matching is one to one: pairs whose quotes overlap are taken first, then the rest in order of
the candidates' confidence. Kind accuracy counts, among the candidates that match an entry on
document and base value alone, how many have the entry's kind. Throughput is the document's
length in characters over the median time of --runs runs of extract() on it (the catalogues
are loaded once, outside the timing).

The reliability table (issue 15: at confidence >= 0.8, value, kind, year, place and metric should
all be right at least 90 % of the time) bins every candidate by its confidence and gives the
share right on value (it matches a key entry on document and base value), then also on kind,
year (the deadline's year of a target, the period's end year of a figure; a figure with no
date, in the key or a candidate, is as of its source's publication), place (the same place id) and metric (the same id).
"""

from __future__ import annotations

import argparse
import math
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from tracker.extract import Candidate, extract, load_catalogue  # noqa: E402
from tracker.units import UnitError, parse_unit  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_extract_beyond import RELIABILITY_HEADER, kind_of, print_table, reliability_rows, year_of  # noqa: E402


def base_key(entry: dict[str, Any]) -> tuple[str, float] | None:
    """(base unit's dimension, base value) of a registry-shaped entry; None if it has none."""
    try:
        if entry.get("value") is not None and entry.get("unit"):
            if entry.get("measure") == "rank":
                return ("rank", float(entry["value"]))
            unit = parse_unit(entry["unit"])
            return (unit.dimension, entry["value"] * unit.factor)
        growth = entry.get("growth")
        if growth:
            unit = parse_unit(growth.get("unit") or "%")
            return (unit.dimension, growth["value"] * unit.factor)
        rank = entry.get("rank")
        if rank:
            return ("rank", float(rank["value"]))
    except (UnitError, TypeError, ValueError):
        return None
    return None


def same_value(a: tuple[str, float] | None, b: tuple[str, float] | None) -> bool:
    return a is not None and b is not None and a[0] == b[0] and math.isclose(a[1], b[1], rel_tol=1e-6)


_WHITE = re.compile(r"\s+")


def quotes_overlap(candidate: Candidate, quotes: list[str]) -> bool:
    mine = [_WHITE.sub("", s["quote"]) for s in candidate.entry["statements"]]
    theirs = [_WHITE.sub("", q) for q in quotes]
    return any(a in b or b in a for a in mine for b in theirs)


def match(candidates: list[Candidate], entries: list[dict[str, Any]],
          strict_kind: bool) -> list[tuple[Candidate, dict[str, Any]]]:
    """One-to-one (candidate, entry) pairs with the same base value (and kind, if strict).
    Pairs whose quotes overlap go first, then the rest by the candidates' confidence; without
    strict kind, pairs of the same kind are still preferred."""
    used: set[int] = set()
    matched: set[int] = set()
    pairs = []
    order = sorted(range(len(candidates)), key=lambda i: -candidates[i].confidence)
    rounds = [(True, True), (False, True)] if strict_kind else [(True, True), (True, False), (False, True), (False, False)]
    for need_overlap, same_kind in rounds:
        for i in order:
            if i in matched:
                continue
            candidate = candidates[i]
            mine = base_key(candidate.entry)
            for j, entry in enumerate(entries):
                if j in used or not same_value(mine, entry["_base"]):
                    continue
                if same_kind and candidate.kind != entry["_kind"]:
                    continue
                if need_overlap and not quotes_overlap(candidate, entry["_quotes"]):
                    continue
                used.add(j)
                matched.add(i)
                pairs.append((candidate, entry))
                break
    return pairs


def answer_key(paths: list[Path]) -> dict[str, list[dict[str, Any]]]:
    """Entries of the key by source id, each with its kind, base value and quotes there."""
    by_source: dict[str, list[dict[str, Any]]] = {}
    for path, kind, entry in _entries(paths):
        quotes: dict[str, list[str]] = {}
        for statement in entry.get("statements") or []:
            quotes.setdefault(statement["source"], []).append(statement["quote"])
        for source, source_quotes in quotes.items():
            by_source.setdefault(source, []).append(
                {**entry, "_kind": kind, "_base": base_key(entry), "_quotes": source_quotes})
    return by_source


def _entries(paths: list[Path]):
    for path in paths:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for kind in ("targets", "figures"):
            for entry in data.get(kind) or []:
                yield path, kind, entry


def ratio(numerator: int, denominator: int) -> str:
    return f"{numerator / denominator:.2f}" if denominator else "–"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--key", type=Path, action="append",
                        help="the answer key: a registry file with targets: and figures: lists (default: targets.yaml);"
                             " repeat to join several files")
    parser.add_argument("--data", type=Path, default=ROOT / "data", help="the catalogues (default: data/)")
    parser.add_argument("--sources", type=Path, default=ROOT.parent / "shared" / "seeds",
                        help="folder with the source texts (default: ../shared/seeds)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per document (median is reported)")
    args = parser.parse_args(argv)

    catalogue = load_catalogue(args.data)
    key = answer_key(args.key or [ROOT / "targets.yaml"])
    columns = ("document", "chars", "candidates", "key", "matches", "precision", "recall", "kind acc.", "chars/s")
    print(" | ".join(columns))
    print(" | ".join("---" for _ in columns))
    judged: list[tuple[float, dict[str, bool] | None]] = []
    totals = {"chars": 0, "candidates": 0, "key": 0, "matches": 0, "value_matches": 0, "kind_ok": 0, "seconds": 0.0}
    for source_id, source in sorted(catalogue.sources.items()):
        if not source.file or not (args.sources / source.file).is_file():
            continue
        text = (args.sources / source.file).read_text(encoding="utf-8-sig")
        year = int(source.published[:4])
        timings = []
        for _ in range(max(1, args.runs)):
            started = time.perf_counter()
            candidates = extract(text, catalogue, source=source_id, year=year)
            timings.append(time.perf_counter() - started)
        seconds = statistics.median(timings)
        entries = key.get(source_id, [])
        matches = len(match(candidates, entries, strict_kind=True))
        value_pairs = match(candidates, entries, strict_kind=False)
        value_matches = len(value_pairs)
        kind_ok = sum(candidate.kind == entry["_kind"] for candidate, entry in value_pairs)
        checks = {id(candidate): seed_checks(candidate, entry, year) for candidate, entry in value_pairs}
        judged.extend((candidate.confidence, checks.get(id(candidate))) for candidate in candidates)
        print(" | ".join([
            f"{source_id} ({source.file})", str(len(text)), str(len(candidates)), str(len(entries)), str(matches),
            ratio(matches, len(candidates)), ratio(matches, len(entries)), ratio(kind_ok, value_matches),
            f"{len(text) / seconds:,.0f}"]))
        for name, value in (("chars", len(text)), ("candidates", len(candidates)), ("key", len(entries)),
                            ("matches", matches), ("value_matches", value_matches), ("kind_ok", kind_ok),
                            ("seconds", seconds)):
            totals[name] += value
    print(" | ".join([
        "total", str(totals["chars"]), str(totals["candidates"]), str(totals["key"]), str(totals["matches"]),
        ratio(totals["matches"], totals["candidates"]), ratio(totals["matches"], totals["key"]),
        ratio(totals["kind_ok"], totals["value_matches"]),
        f"{totals['chars'] / totals['seconds']:,.0f}" if totals["seconds"] else "–"]))
    print("\nReliability of the confidence (seed texts against the key):\n")
    print_table(RELIABILITY_HEADER, reliability_rows(judged))
    return 0


def seed_checks(candidate: Candidate, entry: dict[str, Any], published_year: int) -> dict[str, bool]:
    """Which of kind, year, place and metric a value-matched candidate has as its key entry."""
    def year(e: dict[str, Any], kind: str) -> int | None:
        # an undated figure is as of the source's publication, in the key and in a candidate alike
        # (extract() is given that year here)
        return year_of(e) or (published_year if kind == "figures" else None)
    return {"kind": kind_of(candidate.entry) == entry["_kind"],
            "year": year(candidate.entry, kind_of(candidate.entry)) == year(entry, entry["_kind"]),
            "place": candidate.entry.get("place") == entry.get("place"),
            "metric": candidate.entry.get("metric") == entry.get("metric")}


if __name__ == "__main__":
    raise SystemExit(main())
