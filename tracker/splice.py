"""New entries' text spliced into a registry file where the round trip would put them, found
without parsing the file.

Appending by re-dumping the whole document costs minutes at 10,000 targets; the new entry's
lines are instead inserted where ruamel's round trip would put them, and the rest of the file
stays byte-identical. That needs a plain layout, the one `tracker` and benchmarks/generate.py
write and people keep to: the top-level keys `targets:` and `figures:` each once, at column 0,
each holding a block list indented by two (`  - id: …`); in data/sources.yaml, `sources:` and
`text_folders:`. Anything else (a flow list such as
`figures: []`, a missing list, a document marker, another key, tabs or CR line ends, a line
break character YAML sees and an editor does not) gets `None`: the caller then falls back to
the full round trip, which handles (or refuses, with its line) any YAML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import BinaryIO, Sequence

from . import yamlio
from .errors import Problem

# Patterns start with a literal ("\n", "+"), which the regex engine scans for quickly: those
# anchored with ^ under re.M take 5× as long on a 22 MB file.
_KEY_LINE = re.compile(r"([a-z_]+):[ ]*(?:#.*)?")
# The top-level keys a file may hold, by the list an entry is added to: a claims file, or
# data/sources.yaml (whose `text_folders:` names where the texts are).
_FILE_KEYS = {"targets": ("targets", "figures"), "figures": ("targets", "figures"),
              "sources": ("sources", "text_folders")}
_TOP_LINE = re.compile(r"\n[^ \n#][^\n]*")     # a line at column 0, not blank, not a comment
_ODD_INDENT = re.compile(r"\n(?: ?\t| [^ \n#])")  # a tab, or one space then content
_CONTENT_LINE = re.compile(r"^[ ]*[^ \n#].*$", re.M)
# a block scalar keeping its trailing blank lines (|+, >2+): the next line may still be its text
_KEEP_BLOCK = re.compile(r"\+(?<=[|>]\+)|\+(?<=[|>][1-9]\+)")
_ODD_BREAKS = ("\r", "\u0085", "\u2028", "\u2029", "\ufeff")


def _top_lines(text: str):
    """(start, end) of each line at column 0 that is neither blank nor a comment."""
    if text[:1] not in ("", " ", "\n", "#"):
        yield 0, len(text) if (end := text.find("\n")) < 0 else end
    for line in _TOP_LINE.finditer(text):
        yield line.start() + 1, line.end()


def insertion_point(text: str, kind: str) -> tuple[int, str] | None:
    """(offset in `text`, text to put before the entry: "" or a missing final newline) at which
    ruamel's round trip would append an entry to the `kind` list; None for an unusual layout."""
    if any(odd in text for odd in _ODD_BREAKS):
        return None
    keys: dict[str, tuple[int, int]] = {}  # key → (start, end) of its line
    for line_start, line_end in _top_lines(text):
        key = _KEY_LINE.fullmatch(text, line_start, line_end)
        if key is None or key.group(1) in keys or key.group(1) not in _FILE_KEYS[kind]:
            return None
        keys[key.group(1)] = (line_start, line_end)
    if kind not in keys:
        return None
    start = keys[kind][1] + 1
    end = min([s for s, _ in keys.values() if s > start] or [len(text)])
    first = _CONTENT_LINE.search(text, start, end)
    if (first is None or not first.group().startswith("  - ") or first.group()[4:5] in ("", " ")
            or _ODD_INDENT.search(text, start - 1, end)):
        return None
    # Right after the list's last line, if that is content. Comments or blank lines there go
    # before or after the new entry depending on what ruamel attached them to (after a scalar
    # value, before a flow mapping): the round trip decides those.
    newline = "" if end < len(text) or text.endswith("\n") else "\n"  # a last line lacking its newline
    last_line = text.rfind("\n", start, end - 1) + 1 or start
    if not _CONTENT_LINE.fullmatch(text, last_line, end - 1 + len(newline)) or _KEEP_BLOCK.search(text, start, end):
        return None
    return end, newline


@dataclass
class Insert:
    point: int        # offset in the original text
    before: str       # a final newline the file lacked
    lines: list[str]  # each entry's, in order


@dataclass
class Splice:
    """New entries' lines inserted into the original text, at one point for each kind."""
    original: str
    inserts: list[Insert]  # by point
    order: list[tuple[int, int]]  # for each entry of the batch: (its insert, its place in it)

    @property
    def before(self) -> str:  # of a one-entry splice
        return self.inserts[0].before

    @property
    def lines(self) -> str:  # of a one-entry splice
        return "".join(self.inserts[0].lines)

    @property
    def text(self) -> str:
        pieces, done = [], 0
        for insert in self.inserts:
            pieces += [self.original[done:insert.point], insert.before, *insert.lines]
            done = insert.point
        return "".join(pieces) + self.original[done:]

    def write(self, stream: BinaryIO) -> None:
        """The new file's bytes, without building its whole text again (one copy of the old
        file's bytes: 230 MB at 100,000 targets)."""
        data = memoryview(self.original.encode("utf-8"))
        done = 0
        for insert in self.inserts:
            cut = len(data) if insert.point == len(self.original) else len(self.original[:insert.point].encode("utf-8"))
            stream.write(data[done:cut])
            stream.write((insert.before + "".join(insert.lines)).encode("utf-8"))
            done = cut
        stream.write(data[done:])

    def entry_lines(self, entry: int) -> str:
        which, place = self.order[entry]
        return self.inserts[which].lines[place]

    @cached_property
    def first_lines(self) -> list[list[int]]:
        """For each insert, the line of the new file on which each of its entries starts
        (counted only when a problem is located: the newlines of 230 MB take a while)."""
        found, shift = [], 0
        for insert in self.inserts:
            line = self.original.count("\n", 0, insert.point) + shift + insert.before.count("\n") + 1
            starts = []
            for lines in insert.lines:
                starts.append(line)
                line += lines.count("\n")
            found.append(starts)
            shift += insert.before.count("\n") + sum(lines.count("\n") for lines in insert.lines)
        return found

    def first_line(self, entry: int) -> int:
        which, place = self.order[entry]
        return self.first_lines[which][place]


def spliced(original: str, entries: Sequence[tuple[str, str]]) -> Splice | None:
    """New entries (`entries`: (kind, the entry's lines as the round trip writes them) pairs)
    spliced into `original`, each after the last of its list or of the batch's entries before
    it of the same kind; None for an unusual layout."""
    inserts: dict[str, Insert] = {}
    for kind, _ in entries:
        if kind not in inserts:
            where = insertion_point(original, kind)
            if where is None:
                return None
            inserts[kind] = Insert(where[0], where[1], [])
    ordered = sorted(inserts, key=lambda kind: inserts[kind].point)
    order = []
    for kind, lines in entries:
        order.append((ordered.index(kind), len(inserts[kind].lines)))
        inserts[kind].lines.append(lines)
    return Splice(original, [inserts[kind] for kind in ordered], order)


def new_file(entries: Sequence[tuple[str, str]]) -> Splice:
    """A new file of a folder registry holding only `entries` ((kind, lines) pairs), as a
    splice into nothing."""
    kinds = list(dict.fromkeys(kind for kind, _ in entries))
    inserts = [Insert(0, f"{kind}:\n", []) for kind in kinds]
    order = []
    for kind, lines in entries:
        which = kinds.index(kind)
        order.append((which, len(inserts[which].lines)))
        inserts[which].lines.append(lines)
    return Splice("", inserts, order)


class EntryLocator(yamlio.Locator):
    """Points a problem of a new entry (the `entry`-th of the batch, at `kind`.`index`) at
    its line in the new file, composing only the entry's own lines."""

    def __init__(self, spliced: Splice, entry: int, file: Path, kind: str, index: int):
        super().__init__(f"{kind}:\n{spliced.entry_lines(entry)}", file)
        self.spliced, self.entry, self.kind, self.index = spliced, entry, kind, index

    def problem(self, path, field: str, message: str) -> Problem:
        path = list(path)
        if path[:2] == [self.kind, self.index]:
            path[1] = 0
        found = super().problem(path, field, message)
        return Problem(found.file, found.line - 2 + self.spliced.first_line(self.entry), found.column, found.field,
                       found.message)
