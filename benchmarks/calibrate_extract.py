"""Fit the extractor's confidence to the labelled dev set (issue 15): a logistic function of the
features the rules compute (tracker.extract.build.confidence_features) fitted to whether a
candidate's value, kind, year, place and metric are all right, written as data to
tracker/extract/calibration.yaml, which confidence_of reads. Refit after the rules change:

    .venv/bin/python benchmarks/calibrate_extract.py [--dry-run]

Only the dev set (benchmarks/beyond_seeds.yaml) is read: the held-out set is never fitted on.
The fit is an L2-regularised logistic regression (Newton steps, numpy), then an isotonic step
table over its raw value (pool adjacent violators, each step smoothed by one right and one wrong
case) so that a higher confidence is never less often right on the dev set; candidates without
a metric or a place stay under 0.8 whatever the fit says (cap_without_metric_or_place). Prints the
weights and the dev set's reliability table with the new confidences.
"""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

import numpy as np
import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from bench_extract_beyond import (  # noqa: E402
    FIELDS, RELIABILITY_HEADER, SETS, Scorer, load_places, print_table, reliability_rows)
from tracker.extract import extract, load_catalogue  # noqa: E402
from tracker.extract.build import CALIBRATION, confidence_of, raw_confidence  # noqa: E402

# Held under 0.8: such a claim needs a human before it can be filed.
CAP_WITHOUT_METRIC_OR_PLACE = 0.75
# The L2 penalty: a few hundred candidates fit a dozen weights; the penalty keeps a rare feature
# (seen on a handful of candidates) from a weight its few cases cannot support.
PENALTY = 1.0


def labelled(catalogue, scorer: Scorer) -> list[tuple[dict[str, float], bool | None, float]]:
    """(features, all right — None when not right even by value —, current confidence) per dev candidate."""
    documents = yaml.safe_load(SETS["beyond_seeds"].read_text(encoding="utf-8"))["documents"]
    rows = []
    for document in documents:
        candidates = extract(document["text"], catalogue)
        result = scorer.score_document(document, candidates)
        for i, candidate in enumerate(candidates):
            ok = result["by_candidate"].get(i)
            rows.append((candidate.features, ok, candidate.confidence))
    return rows


def fit(matrix: np.ndarray, right: np.ndarray, penalty: float = PENALTY, steps: int = 50) -> np.ndarray:
    """Logistic regression weights (the first column is the intercept, not penalised)."""
    weights = np.zeros(matrix.shape[1])
    ridge = penalty * np.eye(matrix.shape[1])
    ridge[0, 0] = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-matrix @ weights))
        gradient = matrix.T @ (p - right) + ridge @ weights
        hessian = matrix.T @ (matrix * (p * (1 - p))[:, None]) + ridge + 1e-9 * np.eye(matrix.shape[1])
        step = np.linalg.solve(hessian, gradient)
        weights -= step
        if np.abs(step).max() < 1e-8:
            break
    return weights


def isotonic(raw: list[float], right: list[float]) -> list[list[float]]:
    """[raw upper bound, calibrated] steps: the pool-adjacent-violators fit of the all-right share
    against the logistic's raw value (so a higher raw value is never a lower confidence), each
    step's share smoothed by one right and one wrong case (a step of 3 cases is not 100 %), and
    kept rising after the smoothing."""
    blocks: list[list[float]] = []  # [upper raw, right, count]
    for value, y in sorted(zip(raw, right)):
        blocks.append([value, y, 1.0])
        while len(blocks) > 1 and blocks[-2][1] / blocks[-2][2] >= blocks[-1][1] / blocks[-1][2]:
            upper, r, n = blocks.pop()
            blocks[-1] = [upper, blocks[-1][1] + r, blocks[-1][2] + n]
    steps, best = [], 0.0
    for upper, r, n in blocks:
        best = max(best, float(r + 1) / (n + 2))
        steps.append([round(upper, 4), round(best, 3)])
    return steps


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / "data")
    parser.add_argument("--out", type=Path, default=CALIBRATION)
    parser.add_argument("--dry-run", action="store_true", help="print the fit, do not write it")
    args = parser.parse_args(argv)
    catalogue = load_catalogue(args.data)
    rows = labelled(catalogue, Scorer(load_places(args.data)))
    names = sorted({name for features, _, _ in rows for name in features})
    matrix = np.array([[1.0] + [features.get(name, 0.0) for name in names] for features, _, _ in rows])
    right = np.array([float(ok is not None and all(ok[f] for f in FIELDS)) for _, ok, _ in rows])
    weights = fit(matrix, right)
    table = {"intercept": round(float(weights[0]), 3),
             "cap_without_metric_or_place": CAP_WITHOUT_METRIC_OR_PLACE,
             "weights": {name: round(float(w), 3) for name, w in zip(names, weights[1:])}}
    raw = [raw_confidence(features, table) for features, _, _ in rows]
    table["steps"] = isotonic(raw, [float(y) for y in right])
    print(f"{len(rows)} dev candidates, {int(right.sum())} all right; intercept {table['intercept']:+.3f}")
    for name, w in sorted(table["weights"].items(), key=lambda item: -abs(item[1])):
        seen = int(sum(1 for features, _, _ in rows if features.get(name)))
        print(f"  {name:28} {w:+.3f}   (on {seen} candidates)")
    print("\nbefore (the confidences as extracted, from the calibration.yaml in place):\n")
    print_table(RELIABILITY_HEADER, reliability_rows([(c, ok) for _, ok, c in rows]))
    print("\nafter (the new table):\n")
    print_table(RELIABILITY_HEADER, reliability_rows([(confidence_of(f, table), ok) for f, ok, _ in rows]))
    if not args.dry_run:
        header = (f"# Written by benchmarks/calibrate_extract.py on {datetime.date.today().isoformat()} from "
                  f"{len(rows)} candidates of the dev set (benchmarks/beyond_seeds.yaml), {int(right.sum())} all right.\n"
                  "# confidence = logistic(intercept + sum of weight x feature); features: "
                  "tracker/extract/build.py confidence_features. Refit, do not edit by hand.\n")
        args.out.write_text(header + yaml.safe_dump(table, allow_unicode=True, sort_keys=False), encoding="utf-8")
        print(f"\nwritten: {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
