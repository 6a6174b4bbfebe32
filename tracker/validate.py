"""Rules that need the whole registry: references, duplicates, units against metrics,
dates against documents, quotes against their source texts. A whole registry goes through
`catalogue_check`, then `claims_check` file by file (what a file's cached record is known to
pass), then `merged_check` on the claims of all files (ids unique, links); `check_new_claim`
checks one new entry of a registry known to be valid. All go through `check_claim`, so each
rule is written once."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

from . import quotes
from .errors import Problem
from .schema import Figure, Target, date_end, date_start
from .sources import TextFolders, check_texts
from .units import parse_unit
from .yamlio import Locator


def catalogue_check(registry, entries: dict[str, list[tuple[int, Any]]], locators: dict[str, Locator],
                    folders: TextFolders | None) -> tuple[list[Problem], dict[str, str]]:
    """The catalogues against each other (`entries` holds (index in its file, entry) pairs of
    every entry that passed the schema) and, unless `folders` is None, the source texts. Returns
    the problems and the texts found (source id → text), which the claims' quotes are checked
    against."""
    problems: list[Problem] = []

    def at(locator: Locator, path: list, field: str, message: str) -> None:
        problems.append(locator.problem(path, field, message))

    def repeats(key: str, name: str):
        """(index, entry, (index, entry) of the first) for each entry of a catalogue whose
        `name` field holds a value an entry before it already holds."""
        first: dict[Any, tuple[int, Any]] = {}
        for index, item in entries[key]:
            value = getattr(item, name)
            if value is not None and first.setdefault(value, (index, item))[0] != index:
                yield index, item, first[value]

    for key in ("places", "actors", "metrics", "sources"):
        for index, item, (first_index, _) in repeats(key, "id"):
            at(locators[key], [key, index, "id"], f"{key}.{index}.id",
               f"duplicate id {item.id!r} (first at entry {first_index})")

    # the place hierarchy
    places_loc = locators.get("places")
    for index, place in entries["places"]:
        if place.parent and place.parent not in registry.places:
            at(places_loc, ["places", index, "parent"], f"places.{index}.parent",
               f"unknown parent place {place.parent!r}")
        elif place.parent and place.id in registry.ancestors(place.id):
            at(places_loc, ["places", index, "parent"], f"places.{index}.parent",
               f"place {place.id!r} is its own ancestor")
    for index, place, (_, first) in repeats("places", "code"):
        if first.id != place.id:  # a duplicate id is said above
            at(places_loc, ["places", index, "code"], f"places.{index}.code",
               f"division code {place.code} is already {first.id!r}'s")
    for index, source, (_, first) in repeats("sources", "sha256"):
        if first.id != source.id:
            at(locators["sources"], ["sources", index, "sha256"], f"sources.{index}.sha256",
               f"this text is already registered as {first.id}: cite that id")
    for index, actor in entries["actors"]:
        if actor.place not in registry.places:
            at(locators["actors"], ["actors", index, "place"], f"actors.{index}.place",
               f"unknown place {actor.place!r}")

    source_texts: dict[str, str] = {}
    if folders is not None:
        source_texts, registry.text_status = check_texts(
            entries["sources"], folders,
            lambda index, name, message: at(locators["sources"], ["sources", index, name], f"sources.{index}.{name}", message))
    return problems, source_texts


def claims_check(registry, kind: str, pairs: list[tuple[int, Any]], locator: Locator, source_texts: dict,
                 problems: list[Problem]) -> None:
    """The rules for each claim of one file that need the catalogues but no other claim (all
    of `check_claim` but the links): what a file's cached record is known to pass."""
    for index, entry in pairs:
        check_claim(registry, entry, source_texts, None, claim_problem(locator, kind, index, problems))


def merged_check(files: list, target_ids: set[str] | None = None) -> list[Problem]:
    """The rules between claims, over the claims of every file merged: ids unique across all
    files (a duplicate names the other's file and line), links to targets that exist. `files`
    holds objects with `file`, `locator`, `targets` and `figures` ((index, entry) pairs);
    `target_ids`, when given, every target's id (`files` then may hold only the claims that
    need checking: tracker/incremental.py)."""
    problems: list[Problem] = []
    first: dict[str, tuple[Any, str, int]] = {}
    for claims in files:
        for kind in ("targets", "figures"):
            for index, entry in getattr(claims, kind):
                seen = first.setdefault(entry.id, (claims, kind, index))
                if seen[0] is claims and seen[1:] == (kind, index):
                    continue
                other, other_kind, other_index = seen
                where = f"{other_kind}.{other_index}"
                if other is not claims:
                    located = other.locator.problem([other_kind, other_index, "id"], where, "")
                    where = f"{located.file}:{located.line} ({where})"
                claim_problem(claims.locator, kind, index, problems)(["id"], f"duplicate id {entry.id!r} (also {where})")
    if target_ids is None:
        target_ids = {entry.id for claims in files for _, entry in claims.targets}
    for claims in files:
        for index, entry in claims.targets:
            if entry.links:
                check_links(entry, target_ids, claim_problem(claims.locator, "targets", index, problems))
    return problems


def claim_problem(locator: Locator, kind: str, index: int, problems: list[Problem]):
    """`bad(path, message)` for the claim at `kind`.`index`: a located problem added to `problems`."""
    def bad(path: list, message: str) -> None:
        where = ".".join([kind, str(index), *map(str, path)])
        problems.append(locator.problem([kind, index, *path], where, message))
    return bad


def check_claim(registry, entry, source_texts: dict, target_ids: set[str] | dict | None, bad) -> None:
    """The rules for one target or figure against the catalogues, its source texts
    (`source_texts`: source id → text, for the sources whose texts were found) and the
    targets it may link to (None: the links are checked later, on the merged claims): the
    same for a whole registry and for one new entry."""
    _check_references(registry, entry, bad)
    metric = registry.metrics.get(entry.metric)
    _check_units(entry, metric, bad)
    for s_index, statement in enumerate(entry.statements):
        source = registry.sources.get(statement.source)
        if source is None:
            bad(["statements", s_index, "source"], f"unknown source {statement.source!r}: register its text "
                f"with `tracker add-source FILE --title … --publisher … --published … --kind …`, "
                f"or cite one of the ids in data/sources.yaml")
            continue
        if statement.date and date_start(statement.date) > date_end(source.published):
            bad(["statements", s_index, "date"],
                f"statement dated {statement.date}, after its source was published ({source.published})")
        text = source_texts.get(source.id)
        if text is not None and not quotes.is_verbatim(statement.quote, text):
            bad(["statements", s_index, "quote"],
                f"quote is not verbatim in {source.file}: copy the clause exactly from the text")
        _check_quote_number(entry, statement.quote, lambda m: bad(["statements", s_index, "quote"], m))
        if isinstance(entry, Figure):
            _check_figure_dates(entry, source, bad)
    if isinstance(entry, Target) and target_ids is not None:
        check_links(entry, target_ids, bad)


def check_links(entry: Target, target_ids: set[str] | dict, bad) -> None:
    for l_index, link in enumerate(entry.links):
        if link.target == entry.id:  # first: a new target's own id is not among the known ones
            bad(["links", l_index, "target"], "a target cannot link to itself")
        elif link.target not in target_ids:
            bad(["links", l_index, "target"], f"unknown target {link.target!r}")


def _check_references(registry, entry, bad) -> None:
    if entry.place not in registry.places:
        bad(["place"], f"unknown place {entry.place!r}: add it to data/places.yaml or use one of its ids")
    if entry.actor is not None and entry.actor not in registry.actors:
        bad(["actor"], f"unknown actor {entry.actor!r}: add it to data/actors.yaml")
    if entry.metric not in registry.metrics:
        close = difflib.get_close_matches(entry.metric, list(registry.metrics), n=4, cutoff=0.5)
        hint = f"did you mean {', '.join(close)}? " if close else ""
        bad(["metric"], f"unknown metric {entry.metric!r}: {hint}use an id of data/metrics.yaml, or add it there")


def _check_units(entry, metric, bad) -> None:
    if metric is None:
        return
    measure = getattr(entry, "measure", "level")
    if entry.unit is not None and measure == "level":
        dimension = parse_unit(entry.unit).dimension
        if dimension != metric.dimension:
            bad(["unit"], f"unit {entry.unit!r} measures {dimension}, but metric {metric.id!r} is {metric.dimension}")
    baseline = getattr(entry, "baseline", None)
    if baseline is not None and entry.unit is not None:
        if parse_unit(baseline.unit).dimension != parse_unit(entry.unit).dimension:
            bad(["baseline", "unit"], f"baseline unit {baseline.unit!r} does not match the target's {entry.unit!r}")


def _check_quote_number(entry, quote: str, bad) -> None:
    if entry.value is not None:
        if getattr(entry, "measure", "level") == "rank" and entry.value == 1 and quotes.says_first(quote):
            return
        if not quotes.quote_backs_number(quote, entry.value, entry.unit):
            bad(f"quote does not contain the value {entry.value:g} it backs")
        return
    # A figure without a level backs its growth or rank instead.
    growth, rank = getattr(entry, "growth", None), getattr(entry, "rank", None)
    if growth is not None and (growth.text is None or quotes.squeeze(growth.text) not in quotes.squeeze(quote)):
        if not quotes.quote_backs_number(quote, abs(growth.value)):
            bad(f"quote does not contain the growth rate {growth.value:g}")
    if rank is not None and growth is None:
        if not (quotes.quote_backs_number(quote, rank.value)
                or (rank.text and quotes.squeeze(rank.text) in quotes.squeeze(quote))):
            bad(f"quote does not contain the rank {rank.value}")


def _check_figure_dates(figure: Figure, source, bad) -> None:
    published_end = date_end(source.published)
    period = figure.period
    if period.start and date_start(period.start) > published_end:
        bad(["period", "start"],
            f"figure period starts {period.start}, after the document reporting it ({source.published})")
    elif period.end and date_start(period.end) > published_end:
        bad(["period", "end"],
            f"figure period ends {period.end}, after the document reporting it ({source.published}): "
            "a forecast is a target, or say so in a note on a figure for an earlier period")


def check_new_claim(registry, kind: str, data: Any, index: int, locators: dict[str, Locator],
                    source_entries: list[tuple[int, Any]], known: dict[str, dict[str, int]],
                    folders: TextFolders | None) -> list[Problem]:
    """One new target or figure (`data`, as the file will read it, at `kind`.`index`) against a
    registry known to be valid: the catalogues in `registry`, and `known` (kind → id → index)
    the ids of its targets and figures. The same rules as `cross_check`, for this entry only:
    its schema, its id, then `check_claim` with the texts of the sources it cites (checksums
    checked, `registry.text_status` filled for them) unless `folders` is None."""
    from .registry import _validate

    claims = locators["claims"]
    entry, problems = _validate(Target if kind == "targets" else Figure, data, claims, [kind, index])
    if entry is None:
        return problems
    bad = claim_problem(claims, kind, index, problems)
    for other in ("targets", "figures"):
        if entry.id in known[other]:
            bad(["id"], f"duplicate id {entry.id!r} (also {other}.{known[other][entry.id]})")
    source_texts: dict = {}
    if folders is not None:
        cited = {statement.source for statement in entry.statements}
        source_texts, status = check_texts(
            [(i, source) for i, source in source_entries if source.id in cited], folders,
            lambda i, name, message: problems.append(
                locators["sources"].problem(["sources", i, name], f"sources.{i}.{name}", message)))
        registry.text_status.update(status)
    check_claim(registry, entry, source_texts, known["targets"], bad)
    return problems
