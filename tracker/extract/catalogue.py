"""The catalogues the extractor matches against: place, actor and metric names as tries."""

from __future__ import annotations

import os

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from .. import yamlio
from ..places import PlaceTree, tier
from ..schema import Actor, Metric, Place, Source
from .normalise import normalise
from .words import AI_CUE, AI_CUE_LATIN_NEEDS, AI_CUE_PARTS, AI_TOPICS, NATIONAL_WORDS, RELATIVE, RELATIVE_PLACES

# ---------------------------------------------------------------------------------------------
# The catalogues the extractor matches against
# ---------------------------------------------------------------------------------------------

@dataclass
class Catalogue(PlaceTree):
    places: dict[str, Place]
    actors: dict[str, Actor]
    metrics: dict[str, Metric]
    sources: dict[str, Source]

    def __post_init__(self) -> None:
        self._compile()

    def _compile(self) -> None:
        # name → the places it may mean. A name several places share (鼓楼区), and the short
        # form of a county-level place (萧山, 灯塔: often a word too), mean a place only in a
        # text that names a place above it (see place_hits_of).
        names: dict[str, list[str]] = {}
        scoped: set[str] = set()
        for place in self.places.values():
            for name in dict.fromkeys((place.name_zh, *place.aliases)):
                key = normalise(name)
                names.setdefault(key, []).append(place.id)
                if name != place.name_zh and tier(place.level) in ("county", "town"):
                    scoped.add(key)
        scoped |= {key for key, ids in names.items() if len(ids) > 1}
        names.update({word: [RELATIVE] for word in RELATIVE_PLACES})
        if "china" in self.places:
            names.update({word: ["china"] for word in NATIONAL_WORDS})
        self.place_names = names
        self.scoped_place_names = scoped
        self.place_pattern = alternation(names)
        self.place_trie = WordTrie(names)
        actor_names: dict[str, str] = {}
        for actor in self.actors.values():
            for name in (actor.name_zh, *actor.aliases):
                actor_names.setdefault(normalise(name).casefold(), actor.id)
        self.actor_names = actor_names
        self.actor_pattern = split_alternation(actor_names, ignore_case=True)
        aliases: dict[str, list[str]] = {}
        ai_aliases: set[str] = set()
        for metric in self.metrics.values():
            for alias in (*metric.aliases, metric.name_zh):
                key = normalise(alias).casefold()
                if len(key) < 2:
                    continue
                aliases.setdefault(key, [])
                if metric.id not in aliases[key]:
                    aliases[key].append(metric.id)
                if (metric.topic in AI_TOPICS and len(key) >= 3) or AI_CUE.search(key):
                    ai_aliases.add(key)
        self.metric_aliases = aliases
        self.metric_pattern = split_alternation(aliases, ignore_case=True)
        # where an alias may start (case-insensitive, as the pattern): only there is an inner one tried
        first_chars = sorted({alias[0] for alias in aliases})
        self.metric_start = re.compile("[" + "".join(re.escape(c) for c in first_chars) + "]", re.I) \
            if first_chars else re.compile(r"(?!x)x")
        self.metric_hits = lambda text: compound_hits(self.metric_pattern, text, self.metric_start)
        self.ai_aliases = ai_aliases
        self.source_by_file = {Path(s.file).name: s.id for s in self.sources.values() if s.file}


class WordTrie:
    """The words as a trie of dicts, walked over a text once: the same hits as `alternation`'s
    pattern (leftmost, then the longest word, not overlapping), ~5× faster for the thousands of
    place names, whose pattern tries every branch at every character."""

    def __init__(self, words: Iterable[str], ignore_case: bool = False):
        self.ignore_case = ignore_case
        self.root: dict = _word_trie(words, ignore_case)
        # where a word may start: the walk jumps from one such character to the next (in C)
        # instead of stepping through every character of the text in Python
        self.first = re.compile("[" + "".join(re.escape(char) for char in sorted(self.root)) + "]") \
            if self.root else None

    def hits(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, the word as stored: casefolded when ignore_case) of each word found."""
        if self.ignore_case:
            lowered = text.lower()
            text = lowered if len(lowered) == len(text) else text  # İ lowers to two characters
        found: list[tuple[int, int, str]] = []
        root, i, n = self.root, 0, len(text)
        if self.first is None:
            return found
        while i < n:
            jump = self.first.search(text, i)
            if jump is None:
                break
            i = jump.start()
            node = root[text[i]]
            end = i + 1 if "" in node else -1
            j = i + 1
            while j < n:
                node = node.get(text[j])
                if node is None:
                    break
                j += 1
                if "" in node:
                    end = j
            if end > 0:
                found.append((i, end, text[i:end]))
                i = end
            else:
                i += 1
        return found


def compound_hits(pattern: re.Pattern, text: str, starts: re.Pattern | None = None) -> list[tuple[int, int, str]]:
    """(start, end, alias casefolded) of the aliases in `text`, in order of their starts, with
    the alias that starts inside another and ends after it (人工智能算力券: 智能算力 and 算力券;
    智能算力中心: 智能算力 and 算力中心), which a plain scan skips. attach.best_metric prefers the
    later one, the compound's head, where both fit."""
    out: list[tuple[int, int, str]] = []
    for match in pattern.finditer(text):
        start, end = match.span()
        out.append((start, end, match.group().casefold()))
        for k in range(start + 1, end):
            if starts is not None and not starts.match(text, k):
                continue  # no alias starts with this character
            inner = pattern.match(text, k)
            if inner and inner.end() > end and text[end:inner.end()] not in ("数", "量"):  # 模型数: a count word, no head
                out.append((k, inner.end(), inner.group().casefold()))
                break
    return out


def alternation(words: Iterable[str], ignore_case: bool = False) -> re.Pattern:
    """One pattern matching any of the words, the longest where several start at one place.
    Built as a trie (杭州|杭州市 → 杭州(?:市)?), so thousands of place names cost a few steps
    per character, not one per name."""
    trie = _word_trie(words, ignore_case)
    if not trie:
        return re.compile(r"(?!x)x")
    return re.compile(_trie_pattern(trie), re.I if ignore_case else 0)


class SplitAlternation:
    """`alternation`'s pattern cut in two by the first character of its words: those that
    start with a character without case (Chinese, digits) and the others. The regex engine
    scans for the first part's possible first characters in C, where the whole, with cased
    letters among its first characters under re.I, tries every branch at every character (the
    622 metric aliases: ~0.4 µs a character). No character starts words of both parts, so
    at each place at most one can match, and the two scans merged match what the whole does."""

    def __init__(self, trie: dict, flags: int):
        self.parts, self.gates = [], []
        for cased in (False, True):
            branch = {char: child for char, child in trie.items() if char and (char.lower() != char.upper()) == cased}
            if branch:
                self.parts.append(re.compile(_trie_pattern(branch), flags))
                # the letters that can start a word of the cased part: a text without any is not
                # scanned with it (the slow part; most Chinese paragraphs have no Latin letter)
                self.gates.append(re.compile("[" + "".join(re.escape(c) for c in sorted(branch)) + "]", flags)
                                  if cased else None)

    def match(self, text: str, pos: int) -> re.Match | None:
        for pattern in self.parts:
            found = pattern.match(text, pos)
            if found:
                return found
        return None

    def finditer(self, text: str):
        return merged_finditer([p for p, gate in zip(self.parts, self.gates) if gate is None or gate.search(text)], text)


def ai_cues(text: str):
    """The AI cues (words.AI_CUE) in a text, by its two parts; the Latin one only where the
    text has a Latin letter."""
    return merged_finditer(AI_CUE_PARTS if AI_CUE_LATIN_NEEDS.search(text) else AI_CUE_PARTS[:1], text)


def merged_finditer(parts, text: str):
    """The matches of patterns that never match at the same place (each starts with characters
    the others never start with), in the order and with the overlaps skipped as the one
    pattern of their alternatives would find them: the leftmost from where the last ended."""
    pos, ahead = 0, [p.search(text) for p in parts]
    while True:
        found = [m for m in ahead if m is not None]
        if len(found) <= 1:  # one part left (most paragraphs have no Latin word): its own scan, in C
            if found:
                yield found[0]
                rest = parts[ahead.index(found[0])]
                yield from rest.finditer(text, found[0].end() if found[0].end() > found[0].start() else found[0].start() + 1)
            return
        first = min(found, key=lambda m: m.start())
        yield first
        pos = first.end() if first.end() > first.start() else first.start() + 1
        ahead = [m if m is not None and m.start() >= pos else (p.search(text, pos) if m is not None else None)
                 for m, p in zip(ahead, parts)]


def split_alternation(words: Iterable[str], ignore_case: bool = False) -> SplitAlternation:
    """`alternation`, as a SplitAlternation (finditer and match only)."""
    trie = _word_trie(words, ignore_case)
    return SplitAlternation(trie, re.I if ignore_case else 0)


def _word_trie(words: Iterable[str], ignore_case: bool) -> dict:
    """The words as a trie of dicts, each word's end marked by the key ""."""
    trie: dict = {}
    for word in set(words):
        if word:
            node = trie
            for char in word.casefold() if ignore_case else word:
                node = node.setdefault(char, {})
            node[""] = True
    return trie


def _trie_pattern(node: dict) -> str:
    branches = [re.escape(char) + _trie_pattern(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:  # a word ends here: the longer words are tried first, greedily
        return f"(?:{body})?" if len(branches) > 1 or len(body) > 1 else body + "?"
    return body


_CATALOGUE_FILES = (("places", Place), ("actors", Actor), ("metrics", Metric), ("sources", Source))
# The catalogues last read, by folder and the files' stat: the Import page reads them for every
# search and every add (0.4 s each for 3,000 places); a changed file is read again.
_LOADED: dict[str, tuple[tuple, Catalogue]] = {}


def load_catalogue(data_dir: str | Path) -> Catalogue:
    """places, actors, metrics and sources from a data/ folder (the claims are not needed)."""
    data_dir = Path(data_dir)
    stamp = []
    for key, _ in _CATALOGUE_FILES:
        try:
            found = (data_dir / f"{key}.yaml").stat()
            stamp.append((found.st_mtime_ns, found.st_size, found.st_ino))
        except OSError:
            stamp.append(None)
    folder = os.path.realpath(data_dir)
    if folder in _LOADED and _LOADED[folder][0] == tuple(stamp):
        return _LOADED[folder][1]
    catalogue = _read_catalogue(data_dir)
    _LOADED[folder] = (tuple(stamp), catalogue)
    return catalogue


def _read_catalogue(data_dir: Path) -> Catalogue:
    loaded: dict[str, dict] = {}
    for key, model in _CATALOGUE_FILES:
        file = data_dir / f"{key}.yaml"
        content = yamlio.load(yamlio.read_text(file), file) if file.exists() else {}
        items = (content or {}).get(key) or []
        entries = {}
        for item in items:
            try:
                entry = model.model_validate(item)
            except Exception:  # noqa: BLE001 - a bad catalogue entry is validate's business
                continue
            entries[entry.id] = entry
        loaded[key] = entries
    return Catalogue(**loaded)
