"""A number becomes a candidate, or is dropped at a named gate."""

from __future__ import annotations

import bisect
import functools
import math
import re
from pathlib import Path
from typing import Any

import yaml

from ..units import parse_unit
from .attach import ai_scope, best_metric, claim_actor, claim_place, hit_within, hits_in, quote_span, strive_hits
from .candidate import Candidate
from .context import Context
from .kind import classify_kind
from .mentions import Mention, valid_unit
from .segment import Paragraph


def number_text(value: float) -> float | int:
    if value == int(value) and abs(value) < 1e15:
        return int(value)
    return value


_WEAK_DIMENSIONS = {"count", "percent", "percentage_point", "duration", "ratio"}
_UNIT_FOR_DIMENSION = {"count": "个", "money": "元", "tokens": "Tokens", "parameters": "参数", "money_usd": "美元"}
_ENTERPRISE_CLASS = re.compile(r"[^,。;\d]{0,8}?企业")
_INDUSTRY = re.compile(r"产业|集群|市场")


def build_candidate(context: Context, paragraph: Paragraph, mention: Mention) -> Candidate | None:
    s = paragraph.norm
    scope = ai_scope(context, paragraph, mention)
    if scope is None:
        return mention.drop("not_ai")
    dimension = parse_unit(mention.unit).dimension if mention.unit and mention.role == "level" else None
    metric_id, alias, alias_in_clause = best_metric(context, paragraph, mention, dimension)
    if mention.inferred_unit and mention.role == "level":
        found = supply_unit(context, paragraph, mention, (metric_id, alias, alias_in_clause))
        if found is None:
            return None  # supply_unit named the gate
        metric_id, alias, alias_in_clause = found
    # Claims that reach AI only through their section need a metric alias to name what they
    # count. A claim without any metric needs an AI cue in its sentence when its unit says what
    # is measured (亿元, PFlops, PB …), in its own clause when the unit is a bare count, share or
    # duration (件, 个, %, 天). A Chinese numeral (两个, 三期) needs an alias in its own clause.
    if scope in ("neighbour", "section") and not alias_in_clause:
        return mention.drop("section_only")
    if metric_id is None:
        weak = mention.role != "level" or parse_unit(mention.unit).dimension in _WEAK_DIMENSIONS
        if scope not in ("clause", "list") and (weak or scope != "sentence"):
            return mention.drop("no_metric")
    # (a range, 两到三家, is a count as plain as digits)
    if mention.chinese and not alias_in_clause and parse_unit(mention.unit).dimension in _WEAK_DIMENSIONS \
            and not mention.magnitude and mention.range_high is None:
        return mention.drop("chinese_count")
    if mention.big_n and not any(mention.end <= h[0] <= mention.end + 4 for h in context.alias_hits[paragraph.index]):
        return mention.drop("big_n")
    if mention.chinese and not alias and scope != "clause" and mention.range_high is None:
        return mention.drop("no_metric")
    if mention.role == "rank" and not alias and scope not in ("clause", "sentence"):
        return mention.drop("rank_no_metric")
    actor = claim_actor(context, paragraph, mention)
    place, place_basis = claim_place(context, paragraph, mention, actor)
    times = context.times[paragraph.index]
    kind, cues, time, margin = classify_kind(context, paragraph, mention, times)
    sentence = paragraph.sentence_at(mention.number_start)
    firmness = "strive" if hit_within(strive_hits(paragraph), sentence[0], mention.end) else "firm"
    if kind == "targets" and firmness == "strive":
        cues = cues + ["力争" if "力争" in s[sentence[0]:mention.end] else "争取/努力"]

    alias_start = mention.number_start
    if alias:
        positions = [h[0] for h in hits_in(context.alias_hits[paragraph.index], sentence[0], mention.number_start)[-8:]
                     if h[2] == alias]
        if positions:
            alias_start = positions[-1]
    q_start, q_end = quote_span(paragraph, mention, alias_start)
    text_start = paragraph.offsets[q_start]
    text_end = paragraph.offsets[q_end - 1] + 1
    quote = context.document.text[text_start:text_end].strip()

    entry: dict[str, Any] = {"id": None, "place": place, "actor": actor, "metric": metric_id}
    notes = list(mention.notes)
    warnings: list[str] = []
    growth, rank = mention.growth, mention.rank
    value_base: float | None = None
    if mention.role == "level":
        value_base = mention.value * parse_unit(mention.unit).factor
    if kind == "targets":
        measure = {"level": "level", "growth": "growth", "rank": "rank"}[mention.role]
        entry["measure"] = measure
        entry["comparator"] = mention.comparator
        if measure == "rank":
            entry.update({"comparator": "=", "value": int(mention.value), "unit": "位"})
            value_base = mention.value
        else:
            if measure == "growth" and mention.growth_basis == "cagr":
                notes.append("a compound annual growth rate (年均/复合增长率)")
            entry["value"] = number_text(mention.value)
            entry["unit"] = mention.unit
            if measure == "growth":
                value_base = mention.value * parse_unit(mention.unit).factor
        entry["deadline"] = (dict(time.deadline) if time is not None and time.deadline
                             else {"date": None, "precision": "unstated", "text": None})
        entry["firmness"] = firmness
    else:
        if mention.role == "level":
            entry["comparator"] = mention.comparator
            entry["value"] = number_text(mention.value)
            entry["unit"] = mention.unit
        if mention.role == "growth" or growth is not None:
            g = growth or mention
            if not (g.unit and parse_unit(g.unit).dimension in ("percent", "ratio")):
                g = None
            if g is not None:
                entry["growth"] = {"comparator": g.comparator, "value": number_text(g.value), "unit": g.unit,
                                   "basis": g.growth_basis, "text": s[min(g.start, g.growth_text_start or g.start):g.end]}
                if mention.role == "growth":
                    value_base = g.value * parse_unit(g.unit).factor
        if mention.role == "rank" or rank is not None:
            r = rank or mention
            entry["rank"] = {"value": int(r.value), "scope": r.rank_scope, "text": r.rank_text}
            if mention.role == "rank":
                value_base = float(r.value)
        period = dict(time.period) if time is not None and time.period else {"start": None, "end": None, "kind": "point", "text": None}
        document_date = context.document.date
        if period["end"] is None and period["start"] is None:
            if document_date is not None and document_date.reports_on:  # a 2025年…统计公报's 全年, 年末
                year = str(document_date.reports_on)
                period.update({"start": year, "end": year, "kind": "year"} if period["kind"] != "cumulative" else {"end": year})
                warnings.append(f"period from the report's title ({year}): {period['text'] or 'no time word'}")
            elif document_date is not None and document_date.from_metadata:  # 目前, 截至目前, no time word
                period["end"] = document_date.date
                warnings.append(f"period from the document's date ({document_date.date}, its {document_date.basis}): "
                                f"{period['text'] or 'no time word'}")
            else:
                notes.append("no date in the text: as of the document's publication")
        entry["period"] = period
    if "growth" in entry and kind == "targets":
        entry.pop("growth", None)
    entry["statements"] = [{"source": context.source, "quote": quote}]
    if notes:
        entry["note"] = "; ".join(notes)

    features = confidence_features(scope, metric_id, alias_in_clause, mention, bool(cues), margin, quote,
                                   place_basis=place_basis, kind=kind, time=time, warnings=warnings)
    confidence = confidence_of(features)
    label = "target" if kind == "targets" else "figure"
    if cues:
        reason = f"{label}: " + " + ".join(dict.fromkeys(cues))
    elif kind == "figures":
        reason = "figure: no future cue (a report by default)"
    else:
        reason = "target: future cues"
    if mention.role != "level":
        reason += f" ({mention.role})"
    candidate = Candidate(kind, entry, confidence, reason, value_base, text_start, text_end, warnings=warnings,
                          features=features)
    if place_basis in PLACE_WARNINGS:
        candidate.warnings.append(PLACE_WARNINGS[place_basis])
    return candidate


# What a candidate's flags say when its place is not named for it nor the issuer's.
PLACE_WARNINGS = {
    "unresolved": "place unresolved: the text names no place for this claim and no issuer; add it by hand",
    "carried": "place carried: no issuer found; the place named last (or most) before this claim",
}


def supply_unit(context: Context, paragraph: Paragraph, mention: Mention,
                 found: tuple[str | None, str | None, bool]) -> tuple[str | None, str | None, bool] | None:
    """A magnitude without its measure word (用户1600万, 千亿级产业集群): the word comes from
    the metric (个 for a count, 元 for money), or is 元 for the size of an industry."""
    s = paragraph.norm
    level_word = "级" in s[mention.number_end:mention.end]
    if level_word and _ENTERPRISE_CLASS.match(s, mention.end):
        return mention.drop("size_class")  # 百亿级企业: a class of enterprises, not an amount
    industry = level_word and _INDUSTRY.search(s, mention.end, mention.end + 10)
    if industry:  # 千亿级产业集群: an industry's size, in yuan
        found = best_metric(context, paragraph, mention, "money")
        word, why = "元", "an industry's size is in yuan"
    else:  # `found` is the best alias of any dimension, as the unit did not say
        metric = context.catalogue.metrics.get(found[0]) if found[0] else None
        if metric is None or metric.dimension not in _UNIT_FOR_DIMENSION:
            return mention.drop("no_measure_word")
        word, why = _UNIT_FOR_DIMENSION[metric.dimension], f"the measure word of {metric.id}"
    mention.unit = mention.magnitude + word
    if not valid_unit(mention.unit):
        return mention.drop("no_measure_word")
    mention.notes.append(f"unit word not stated; {word}: {why}")
    return found


# The confidence is a logistic function of the features below, its weights fitted on the labelled
# dev set by benchmarks/calibrate_extract.py and kept as data (calibration.yaml): refit after the
# rules change. A claim without a metric or a place cannot be filed as it stands: it stays
# under 0.8 whatever its other features say.
CALIBRATION = Path(__file__).with_name("calibration.yaml")


def confidence_features(scope: str, metric_id: str | None, alias_in_clause: bool, mention: Mention,
                        has_cues: bool, margin: float, quote: str, *, place_basis: str, kind: str,
                        time: Any, warnings: list[str]) -> dict[str, float]:
    """What the rules already know of how sure they are, as numbers in 0..1: where the AI cue
    is, whether and where a metric alias was found, an inferred unit, a Chinese numeral, the
    kind cues' margin, a long quote, where the place and the date came from."""
    return {
        f"scope_{scope}": 1.0,
        "metric_none": float(metric_id is None),
        "metric_alias_in_clause": float(metric_id is not None and alias_in_clause),
        "unit_inferred": float(bool(mention.inferred_unit)),
        "chinese_numeral": float(bool(mention.chinese)),
        "kind_cue_margin": min(3.0, margin) / 3.0 if has_cues else 0.0,
        "kind_no_cue": float(not has_cues),
        "quote_long": float(len(quote) > 120),
        f"place_{place_basis}": 1.0,
        "date_stated": float(time is not None),
        "date_from_document": float(any(w.startswith("period from") for w in warnings)),
        "kind_target": float(kind == "targets"),
        f"role_{mention.role}": 1.0,
    }


@functools.lru_cache(maxsize=4)
def calibration(path: Path = CALIBRATION) -> dict[str, Any]:
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def raw_confidence(features: dict[str, float], table: dict[str, Any]) -> float:
    """The logistic of the fitted weights (before the isotonic steps)."""
    weights = table["weights"]
    score = table["intercept"] + sum(weights.get(name, 0.0) * value for name, value in features.items())
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score))))


def confidence_of(features: dict[str, float], table: dict[str, Any] | None = None) -> float:
    """How likely the candidate's value, kind, year, place and metric are all right: the fitted
    weights' logistic, read through the fitted steps (`table`: calibration.yaml unless given)."""
    table = table or calibration()
    confidence = raw_confidence(features, table)
    steps = table.get("steps") or []
    if steps:
        uppers = [upper for upper, _ in steps]
        confidence = steps[min(bisect.bisect_left(uppers, confidence), len(steps) - 1)][1]
    if features.get("metric_none") or features.get("place_unresolved"):
        confidence = min(confidence, table["cap_without_metric_or_place"])
    return round(max(0.01, min(0.97, confidence)), 2)
