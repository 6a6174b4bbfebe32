"""Duplicates, contradictions and merging into the registry.

`--merge` never adds a duplicate (the same place, actor, metric and kind, the same deadline's
or period's year, the value the same within rounding, whether already in the registry or
added a moment before in the same run) nor an entry without a place or a metric; each skip is
reported with its reason in English and in Chinese. Claims of another place are never
duplicates: only entries on the same place are compared."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any, Callable, Sequence

from ..errors import RegistryError
from .candidate import Candidate
from .emit import assign_ids, base_value, time_key
from .notes import KINDS_ZH, ROLES_ZH, note_text

# Two values are the same claim when they differ by less than rounding does (1669 PFlops and
# 1.67 EFLOPS): half a percent.
ROUNDING = 5e-3

# Why a candidate is not added: (English, Chinese), with {id}, {value}, {confidence}, {threshold}.
SKIPS = {
    "no_place": ("no place found in the text; add it by hand with add-{kind}", "文中未找到地区，请手工添加"),
    "no_metric": ("no metric found in the text; add it by hand with add-{kind}", "文中未找到指标，请手工添加"),
    "duplicate": ("duplicates {id}: same place, metric and {when}, same value", "与已有条目 {id} 重复：地区、指标、{when_zh}和数值均相同"),
    "repeat": ("repeats {id}, added a moment ago from this text", "与本次刚从该文本添加的 {id} 重复"),
    "same_quote": ("already recorded from the same quote as {id}", "已有条目 {id} 出自同一引文"),
    "contradicts": ("contradicts {id} ({value}): same place, metric and {when}, another value",
                    "与已有条目 {id}（{value}）矛盾：地区、指标和{when_zh}相同而数值不同"),
    "low_confidence": ("confidence {confidence:.2f} is below --min-confidence {threshold:g}", "置信度 {confidence:.2f} 低于设定的 {threshold:g}"),
    "declined": ("declined", "未采纳"),
    "not_in_source": ("its quote is not in the text of {source}: register the text it is from as a source and cite that",
                      "引文不在来源 {source} 的原文中：请先把它出自的文章登记为来源，再引用该来源"),
}


def skip_reason(key: str, **values: Any) -> tuple[str, str]:
    """(English, Chinese) of one reason of SKIPS."""
    kind = values.get("kind", "target")
    values.setdefault("when", "deadline" if kind == "target" else "period")
    values.setdefault("when_zh", "期限" if kind == "target" else "时间")
    en, zh = SKIPS[key]
    return en.format(**values), zh.format(**values)


# The words of merge's report lines: English (each skip's reason then also in Chinese, for the
# command line), or Chinese only (the Import page's Chinese view).
_REPORT = {
    "en": {"added": "added {label}", "skipped": "skipped {label}: {reason}", "rejected": "rejected {label}:",
           "targets": "target", "figures": "figure", "growth": "growth", "rank": "rank", "sep": ": "},
    "zh": {"added": "已添加 {label}", "skipped": "未添加 {label}：{reason}", "rejected": "被拒绝 {label}：",
           "targets": KINDS_ZH["target"], "figures": KINDS_ZH["figure"], "growth": ROLES_ZH["growth"],
           "rank": ROLES_ZH["rank"], "sep": "："},
}


def _reason_text(reason: tuple[str, str], lang: str) -> str:
    return reason[1] if lang == "zh" else f"{reason[0]} / {reason[1]}"


def same_value(mine: float | None, theirs: float | None) -> bool:
    return mine is not None and theirs is not None and math.isclose(mine, theirs, rel_tol=ROUNDING)


def same_year(a: str | None, b: str | None) -> bool:
    """Whether two entries speak of the same deadline's or period's year (or one states none)."""
    return a is None or b is None or a == b


def stated_year(candidate: Candidate) -> str | None:
    """The year of the candidate's deadline or period, when the text states it (a figure
    dated only by the document's date or a report's title states none)."""
    if any(w.startswith(("period from the document's date", "period from the report's title")) for w in candidate.warnings):
        return None
    return year_of(candidate.kind, candidate.entry)


def year_of(kind: str, entry: Any) -> str | None:
    key = time_key(kind, entry)
    if not key:
        return None
    dates = [d for d in key[:2] if d] if kind == "figures" else [key[0]]
    return dates[-1][:4] if dates else None


def conflicts(candidate: Candidate, registry: Any) -> list[str]:
    """`duplicates <id>`: same place, actor, metric and kind, the same year (or none stated) and
    the same value within rounding; `contradicts <id>`: same place, actor, metric, kind and
    deadline/period, another value. `registry` is a Registry or a Snapshot: anything with
    `entries_about`."""
    entry = candidate.entry
    flags = []
    when = time_key(candidate.kind, entry)
    for existing in registry.entries_about(candidate.kind, entry.get("place"), entry.get("metric"), entry.get("actor")):
        if same_value(candidate.value_base, base_value(existing)) and \
                same_year(stated_year(candidate), year_of(candidate.kind, existing)):
            flags.append(f"duplicates {existing['id']}")
        elif when is not None and when == time_key(candidate.kind, existing):
            flags.append(f"contradicts {existing['id']} ({_stated(existing)})")
    return flags


def _stated(entry: dict[str, Any]) -> str:
    return f"{entry['value'] if entry.get('value') is not None else '-'}{' ' + entry['unit'] if entry.get('unit') else ''}"


def _load_options(load_options: dict[str, Any]) -> dict[str, Any]:
    return {k: load_options[k] for k in ("data_dir", "sources_dir", "check_sources") if k in load_options}


def quotes_outside_their_source(candidates: Sequence[Candidate], sources: dict[str, Any], registry_path: Path,
                                load_options: dict[str, Any]) -> list[Candidate]:
    """The candidates with a quote that is not verbatim in the text of the source it cites
    (an article pasted on the Import page under another document's id): the validator's rule
    (tracker.quotes.is_verbatim on the source's text), asked before anything is written.
    `sources`: the registry's (its snapshot's, which the caller holds). A source whose text
    cannot be read here (none found, or checking texts turned off) counts as holding it: the
    registry's own check then says why."""
    from ..quotes import is_verbatim, source_text
    from ..sources import read_folders

    options = _load_options(load_options)
    if not options.get("check_sources", True):
        return []
    folders = read_folders(registry_path, options.get("data_dir"), options.get("sources_dir"))
    texts: dict[str, str | None] = {}

    def text_of(source_id: str) -> str | None:
        if source_id not in texts:
            source = sources.get(source_id)
            found = folders.find(source.file) if source is not None and source.file else None
            texts[source_id] = source_text(found) if found is not None else None
        return texts[source_id]

    return [candidate for candidate in candidates
            if any(text_of(s.get("source")) is not None and not is_verbatim(s.get("quote") or "", text_of(s.get("source")))
                   for s in candidate.entry.get("statements") or [])]


def merge(candidates: Sequence[Candidate], registry_path: Path, *, min_confidence: float | None,
          ask: Callable[[Candidate], bool] | None, load_options: dict[str, Any], report: Callable[[str], None],
          lang: str = "en") -> int:
    """Add the accepted candidates to the registry, all in one validated, atomic write
    (tracker.edit.append_entries); returns how many were added. If the registry refuses the
    batch, each entry is tried on its own, so the good ones land and each refusal is reported
    with its problems. `report` hears a line per candidate, in `lang` ("en" or "zh")."""
    from ..snapshot import load_snapshot

    # what the registry holds, from its snapshot (the dashboard's cache: no parse of the whole
    # registry at national size); the write itself validates against the registry's record
    options = _load_options(load_options)
    registry = load_snapshot(registry_path, **options)
    taken = set(registry.targets["id"]) | set(registry.figures["id"])
    quoted = _quotes(registry)
    outside = {id(c) for c in quotes_outside_their_source(candidates, registry.sources, registry_path, options)}
    assign_ids(list(candidates), taken)
    accepted: dict[str, Candidate] = {}
    batch: list[tuple[Candidate, dict[str, Any], str]] = []
    ordered = sorted(candidates, key=lambda c: c.kind != "targets")  # parents (targets) first
    for candidate in ordered:
        candidate.flags = conflicts(candidate, registry)
        entry = candidate.registry_entry()
        words = _REPORT[lang]
        label = (f"{words[candidate.kind]} {entry.get('id')} ({candidate.confidence:.2f}){words['sep']}"
                 f"{describe(entry, lang, registry)}")
        reason = skip_reason("not_in_source", source=entry["statements"][0]["source"]) if id(candidate) in outside \
            else _skip(candidate, entry, accepted.values(), quoted, min_confidence if ask is None else None)
        if reason is None and ask is not None and not ask(candidate):
            reason = skip_reason("declined")
        if reason is not None:
            report(words["skipped"].format(label=label, reason=_reason_text(reason, lang)))
            continue
        entry["links"] = [link for link in entry.get("links", []) if link["target"] in accepted or link["target"] in taken]
        if not entry["links"]:
            entry.pop("links")
        accepted[entry["id"]] = candidate
        batch.append((candidate, entry, label))
    return _write(batch, registry_path, options, report, lang)


def _write(batch: list[tuple[Candidate, dict[str, Any], str]], registry_path: Path, options: dict[str, Any],
           report: Callable[[str], None], lang: str) -> int:
    from ..edit import append_entries
    from ..problem_text import problem_text

    def added(candidate: Candidate, label: str) -> None:
        flags = "; ".join(note_text(flag, lang) for flag in candidate.flags)
        report(_REPORT[lang]["added"].format(label=label) + (f" [{flags}]" if flags else ""))

    if not batch:
        return 0
    try:
        append_entries(registry_path, [(c.kind, entry) for c, entry, _ in batch], **options)
    except RegistryError:
        pass  # one or more refused: find which, one at a time
    else:
        for candidate, _, label in batch:
            added(candidate, label)
        return len(batch)
    count = 0
    for candidate, entry, label in batch:
        try:
            append_entries(registry_path, [(candidate.kind, entry)], **options)
        except RegistryError as exc:
            report(_REPORT[lang]["rejected"].format(label=label))
            for problem in exc.problems:
                report(f"  {problem_text(problem, lang)}")
            continue
        added(candidate, label)
        count += 1
    return count


def _skip(candidate: Candidate, entry: dict[str, Any], accepted, quoted: dict[tuple[str, str], list],
          threshold: float | None) -> tuple[str, str] | None:
    """Why the candidate is not to be added, or None. Unattended (a threshold), contradictions
    are skipped too; asked, the user sees the flag and decides."""
    kind = candidate.kind[:-1]
    for name in ("place", "metric"):
        if entry.get(name) is None:
            return skip_reason(f"no_{name}", kind=kind)
    if threshold is not None and candidate.confidence < threshold:
        return skip_reason("low_confidence", confidence=candidate.confidence, threshold=threshold)
    for other in accepted:
        if other.kind == candidate.kind and _about_the_same(other.entry, entry) \
                and same_value(other.value_base, candidate.value_base) and same_year(stated_year(other), stated_year(candidate)):
            return skip_reason("repeat", id=other.entry["id"], kind=kind)
    for flag in candidate.flags:
        if flag.startswith("duplicates "):
            return skip_reason("duplicate", id=flag.split()[1], kind=kind)
    for statement in entry.get("statements") or []:  # the same place's claim, whatever metric it was filed under
        for existing_id, (quote, place, year, value) in quoted.get((statement.get("source"), candidate.kind), []):
            if place == entry["place"] and same_year(stated_year(candidate), year) and \
                    same_value(candidate.value_base, value) and _overlap(statement.get("quote") or "", quote):
                return skip_reason("same_quote", id=existing_id, kind=kind)
    if threshold is not None:
        for flag in candidate.flags:
            if flag.startswith("contradicts "):
                return skip_reason("contradicts", id=flag.split()[1], value=flag.split("(", 1)[1].rstrip(")"), kind=kind)
    return None


def _about_the_same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return all(a.get(k) == b.get(k) for k in ("place", "metric", "actor"))


def _overlap(a: str, b: str) -> bool:
    return bool(a and b) and (a in b or b in a)


def _quotes(snapshot: Any) -> dict[tuple[str, str], list[tuple[str, tuple[str, str, str | None, float | None]]]]:
    """(source, kind) → (entry id, (quote, place, year, base value)) of every statement in the registry."""
    about = {}
    for frame in (snapshot.targets, snapshot.figures):
        for claim_id, place, year, value in zip(frame["id"], frame["place"], frame["year"], frame["value_base"]):
            about[claim_id] = (place, None if year != year or year is None else str(int(year)),
                               None if value != value else float(value))
    found: dict[tuple[str, str], list] = {}
    statements = snapshot.statements
    for claim_id, kind, source, quote in zip(statements["claim"], statements["kind"], statements["source"],
                                             statements["quote"]):
        if claim_id in about:
            found.setdefault((source, f"{kind}s"), []).append((claim_id, (quote, *about[claim_id])))
    return found


def describe(entry: dict[str, Any], lang: str = "en", catalogues: Any = None) -> str:
    """An entry in a line: its place, metric and what it states (through tracker/formatting,
    the one place that writes a value with its comparator and unit). In Chinese the place's
    and metric's Chinese names (from `catalogues`, anything with `places` and `metrics`); in
    English their ids, which the command line's user finds in the YAML."""
    from ..formatting import entry_value_text

    place, metric = entry.get("place") or "?", entry.get("metric") or "?"
    if lang == "zh" and catalogues is not None:
        place = getattr(catalogues.places.get(place), "name_zh", place)
        metric = getattr(catalogues.metrics.get(metric), "name_zh", metric)
    return " ".join(part for part in (place, metric, entry_value_text(entry, lang)) if part)
