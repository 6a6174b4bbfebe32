"""Where a new entry's text goes in a registry file, found without parsing the file.

Appending by re-dumping the whole document costs minutes at 10,000 targets; the new entry's
lines are instead inserted where ruamel's round trip would put them, and the rest of the file
stays byte-identical. That needs a plain layout, the one `tracker` and benchmarks/generate.py
write and people keep to: the top-level keys `targets:` and `figures:` each once, at column 0,
each holding a block list indented by two (`  - id: …`). Anything else (a flow list such as
`figures: []`, a missing list, a document marker, another key, tabs or CR line ends, a line
break character YAML sees and an editor does not) gets `None`: the caller then falls back to
the full round trip, which handles (or refuses, with its line) any YAML.
"""

from __future__ import annotations

import re

# Patterns start with a literal ("\n", "+"), which the regex engine scans for quickly: those
# anchored with ^ under re.M take 5× as long on a 22 MB file.
_KEY_LINE = re.compile(r"(targets|figures):[ ]*(?:#.*)?")
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
        if key is None or key.group(1) in keys:
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
