"""Output: repeats merged, ids assigned, YAML written."""

from __future__ import annotations

import io
import re
from typing import Any, Sequence

from ..units import UnitError, parse_unit
from .candidate import Candidate


def claim_key(candidate: Candidate) -> tuple:
    entry = candidate.entry
    when = time_key(candidate.kind, entry)
    return (candidate.kind, entry.get("place"), entry.get("actor"), entry.get("metric"),
            None if candidate.value_base is None else round(candidate.value_base, 6), when,
            (entry.get("rank") or {}).get("value"), (entry.get("growth") or {}).get("value"))


def merge_repeats(candidates: list[Candidate]) -> list[Candidate]:
    """A text that states the same claim twice (same kind, place, actor, metric, value and
    time; with no metric, the same quote too) gives one candidate with a statement for each
    quote. A title, headline or summary that states it without its date joins the one dated
    statement of it."""
    kept: dict[tuple, Candidate] = {}
    out: list[tuple[tuple, Candidate]] = []  # each with its key, made once (a 5 MB text has 100,000)
    for candidate in candidates:
        key = repeat_key(candidate)
        if key in kept:
            join_statements(kept[key], candidate)
        else:
            kept[key] = candidate
            out.append((key, candidate))
    dated: dict[tuple, list[Candidate]] = {}
    for key, candidate in out:
        if key[5] is not None:
            dated.setdefault(undated(key), []).append(candidate)
    merged = []
    for key, candidate in out:
        same = dated.get(undated(key), [])
        if key[5] is None and len(same) == 1:
            join_statements(same[0], candidate)
        else:
            merged.append(candidate)
    return merged


def repeat_key(candidate: Candidate) -> tuple:
    key = claim_key(candidate)
    if candidate.entry.get("metric") is None:  # what it counts is only in its words
        key += (re.sub(r"\s+", "", candidate.entry["statements"][0]["quote"]),)
    return key


def undated(key: tuple) -> tuple:
    return key[:5] + key[6:]


def join_statements(kept: Candidate, repeat: Candidate) -> None:
    repeat.repeat_of = kept
    quotes = [s["quote"] for s in kept.entry["statements"]]
    if repeat.entry["statements"][0]["quote"] not in quotes:
        kept.entry["statements"].append(repeat.entry["statements"][0])
    kept.confidence = max(kept.confidence, repeat.confidence)


def slug(text: str | None) -> str:
    return re.sub(r"[^a-z0-9]+", "-", (text or "unknown").lower()).strip("-") or "unknown"


def assign_ids(candidates: list[Candidate], taken: set[str]) -> None:
    """place-metric-year(-n), unique among the candidates and `taken`."""
    used = set(taken)
    following: dict[str, int] = {}
    for candidate in candidates:
        entry = candidate.entry
        year = None
        if candidate.kind == "targets":
            date = (entry.get("deadline") or {}).get("date")
            year = date[:4] if date else "unstated"
        else:
            period = entry.get("period") or {}
            date = period.get("end") or period.get("start")
            year = date[:4] if date else "asof"
        parts = (entry.get("place") or "unplaced", entry.get("actor"), entry.get("metric") or "no-metric", year)
        base = "-".join(slug(part) for part in parts if part)  # never a bare year
        identifier, n = base, following.get(base, 2)
        while identifier in used:
            identifier, n = f"{base}-{n}", n + 1
        following[base] = n  # the next number to try: 2,000 claims on one base were quadratic
        used.add(identifier)
        entry["id"] = identifier
    for candidate in candidates:
        parent = candidate.parent
        if parent is None:
            continue
        if candidate.kind == "targets" and parent.kind == "targets":
            candidate.entry["links"] = [{"rel": "part_of", "target": parent.entry["id"]}]
        else:
            note = candidate.entry.get("note")
            candidate.entry["note"] = "; ".join(filter(None, [note, f"part of {parent.entry['id']} (其中/即)"]))


# ---------------------------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------------------------

_ORDER = ("id", "place", "actor", "metric", "measure", "comparator", "value", "unit", "deadline", "firmness",
          "period", "growth", "rank", "statements", "links", "note", "value_base", "confidence", "reason", "flags")


def in_field_order(entry: dict[str, Any]) -> dict[str, Any]:
    return {key: entry[key] for key in _ORDER if key in entry}


def to_yaml(candidates: Sequence[Candidate]) -> str:
    """The candidates as a registry-shaped YAML document (targets:, figures:)."""
    from ..edit import _quoted_dates, round_trip_yaml

    document = {"targets": [], "figures": []}
    for candidate in candidates:
        document[candidate.kind].append(in_field_order(candidate.as_yaml_entry()))
    yaml = round_trip_yaml()
    out = io.StringIO()
    yaml.dump(_quoted_dates(document), out)
    return out.getvalue()


def base_value(entry: Any) -> float | None:
    """The base value of a registry entry (a model or a dict): its level, else its growth
    rate, else its rank."""
    data = entry if isinstance(entry, dict) else entry.model_dump()
    try:
        if data.get("value") is not None and data.get("unit"):
            return data["value"] * parse_unit(data["unit"]).factor
        if data.get("growth"):
            return data["growth"]["value"] * parse_unit(data["growth"].get("unit") or "%").factor
    except UnitError:
        return None
    if data.get("rank"):
        return float(data["rank"]["value"])
    return None


def time_key(kind: str, entry: Any) -> tuple | None:
    data = entry if isinstance(entry, dict) else entry.model_dump()
    if kind == "targets":
        deadline = data.get("deadline") or {}
        return (deadline.get("date"),) if deadline.get("date") else None
    period = data.get("period") or {}
    if period.get("end") or period.get("start"):
        return (period.get("start"), period.get("end"), period.get("kind"))
    return None
