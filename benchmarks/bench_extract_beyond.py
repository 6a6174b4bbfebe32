"""How well `tracker extract` reads texts from outside Zhejiang: a labelled set of made-up
texts (benchmarks/beyond_seeds.yaml) in the style of provincial and city plans and reports.

    .venv/bin/python benchmarks/bench_extract_beyond.py [--data DIR]

For each expected claim, the best candidate of its text with the same value and unit is
looked for, and the table gives the share of expected claims right on: the value; value and
kind (target or figure); value, kind and year; value, kind, year and place (the candidate's
place by its Chinese name in the catalogue of --data). Run it from another checkout (with
PYTHONPATH) to compare extractors on the same set.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

from tracker.extract import extract, load_catalogue

HERE = Path(__file__).resolve().parent


def year_of(entry: dict) -> int | None:
    when = (entry.get("deadline") or {}).get("date") or (entry.get("period") or {}).get("end") \
        or (entry.get("period") or {}).get("start")
    return int(str(when)[:4]) if when else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=HERE.parent / "data")
    args = parser.parse_args(argv)
    catalogue = load_catalogue(args.data)
    documents = yaml.safe_load((HERE / "beyond_seeds.yaml").read_text(encoding="utf-8"))["documents"]
    tallies = {"value": 0, "+ kind": 0, "+ year": 0, "+ place": 0}
    total = candidates = 0
    for document in documents:
        found = [c.entry for c in extract(document["text"], catalogue)]
        candidates += len(found)
        for want in document["expected"]:
            total += 1
            same = [e for e in found if e.get("value") == want["value"] and e.get("unit") == want["unit"]]
            if not same:
                continue
            place = lambda e: catalogue.places[e["place"]].name_zh if e.get("place") in catalogue.places else None  # noqa: E731
            steps = [lambda e: True, lambda e: e["_kind"] == want["kind"], lambda e: year_of(e) == want["year"],
                     lambda e: place(e) == want["place"]]
            for e in same:
                e["_kind"] = "targets" if "deadline" in e else "figures"
            best = max(sum(all(s(e) for s in steps[:n + 1]) for n in range(4)) for e in same)
            for n, key in enumerate(tallies):
                tallies[key] += best > n
    print(f"{len(documents)} texts, {total} expected claims, {candidates} candidates (data: {args.data})")
    print("| right on | share |\n|---|---|")
    for key, n in tallies.items():
        print(f"| {key} | {n}/{total} = {n / total:.0%} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
