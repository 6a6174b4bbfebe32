"""Every candidate and every number's fate, for every labelled and seed text, as JSON: run it
before and after a change meant to keep the extractor's output (a speed-up) and diff the two.

    .venv/bin/python benchmarks/bench_extract_dump.py OUT.json

The texts: benchmarks/beyond_seeds.yaml, benchmarks/held_out.yaml (only run here, never read
to tune rules), ../shared/seeds/*.txt, and the scaling benchmark's long no-break and
one-sentence inputs at 100 K characters (the windowed reading of long paragraphs).
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from bench_extract_scaling import NO_BREAK, SEEDS, inputs, plan_text  # noqa: E402
from tracker.extract import load_catalogue  # noqa: E402
from tracker.extract.explain import _numbers  # noqa: E402
from tracker.extract.pipeline import read_claims  # noqa: E402


def texts() -> dict[str, str]:
    found = {}
    for name in ("beyond_seeds", "held_out"):
        for document in yaml.safe_load((HERE / f"{name}.yaml").read_text(encoding="utf-8"))["documents"]:
            found[f"{name}/{document['id']}"] = document["text"]
    for path in sorted(SEEDS.glob("*.txt")):
        found[f"seeds/{path.name}"] = path.read_text(encoding="utf-8")
    for name, joiners in NO_BREAK.items():
        found[f"scaling/{name}"] = plan_text(100_000, joiners)
    for name, text in inputs(100_000).items():
        found[f"scaling/{name}"] = text
    return found


def dump(text: str, catalogue) -> dict:
    document, candidates = read_claims(text, catalogue)
    return {
        "issuer": asdict(document.issuer) if document.issuer is not None else None,
        "date": asdict(document.date) if document.date is not None else None,
        "candidates": [{**c.as_yaml_entry(), "kind": c.kind, "start": c.start, "end": c.end,
                        "gate": c.gate, "warnings": c.warnings, "features": c.features,
                        "parent": c.parent.entry.get("id") if c.parent else None,
                        "repeat_of": c.repeat_of.entry.get("id") if c.repeat_of else None}
                       for c in candidates],
        "numbers": [asdict(row) for row in _numbers(document)],
    }


def main() -> None:
    catalogue = load_catalogue(HERE.parent / "data")
    out = {name: dump(text, catalogue) for name, text in texts().items()}
    Path(sys.argv[1]).write_text(json.dumps(out, ensure_ascii=False, indent=1, sort_keys=True, default=str),
                                 encoding="utf-8")


if __name__ == "__main__":
    main()
