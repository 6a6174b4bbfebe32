"""Duplicates, contradictions and merging into the registry."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Sequence
import math

from ..errors import RegistryError
from .candidate import Candidate
from .emit import assign_ids, base_value, time_key

def conflicts(candidate: Candidate, registry: Any) -> list[str]:
    """`duplicates <id>`: same place, actor, metric and kind, and the same base value;
    `contradicts <id>`: same place, actor, metric, kind and deadline/period, another value.
    `registry` is a Registry or a Snapshot: anything with `entries_about`."""
    entry = candidate.entry
    flags = []
    mine = candidate.value_base
    when = time_key(candidate.kind, entry)
    for existing in registry.entries_about(candidate.kind, entry.get("place"), entry.get("metric"), entry.get("actor")):
        theirs = base_value(existing)
        if mine is not None and theirs is not None and math.isclose(mine, theirs, rel_tol=1e-6):
            flags.append(f"duplicates {existing['id']}")
        elif when is not None and when == time_key(candidate.kind, existing):
            flags.append(f"contradicts {existing['id']} ({existing['value'] if existing.get('value') is not None else '-'}"
                         f"{' ' + existing['unit'] if existing.get('unit') else ''})")
    return flags


def merge(candidates: Sequence[Candidate], registry_path: Path, *, min_confidence: float | None,
          ask: Callable[[Candidate], bool] | None, load_options: dict[str, Any], report: Callable[[str], None]) -> int:
    """Add the accepted candidates to the registry; returns how many were added."""
    from ..edit import add_entry
    from ..registry import load_registry

    registry = load_registry(registry_path, check_sources=False, data_dir=load_options.get("data_dir"))
    taken = {t.id for t in registry.targets} | {f.id for f in registry.figures}
    assign_ids(list(candidates), taken)
    accepted: set[str] = set()
    added = 0
    ordered = sorted(candidates, key=lambda c: c.kind != "targets")  # parents (targets) first
    for candidate in ordered:
        candidate.flags = conflicts(candidate, registry)
        entry = candidate.registry_entry()
        label = f"{candidate.kind[:-1]} {entry.get('id')} ({candidate.confidence:.2f}): {describe(entry)}"
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


def describe(entry: dict[str, Any]) -> str:
    parts = [entry.get("place") or "?", entry.get("metric") or "?"]
    if entry.get("value") is not None:
        parts.append(f"{entry.get('comparator', '=')} {entry['value']:g} {entry.get('unit')}")
    if entry.get("growth"):
        parts.append(f"growth {entry['growth']['value']:g}{entry['growth']['unit']}")
    if entry.get("rank"):
        parts.append(f"rank {entry['rank']['value']}")
    return " ".join(parts)
