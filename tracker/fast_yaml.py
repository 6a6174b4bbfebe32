"""A fast way to read YAML that gives exactly what PyYAML gives, or declines.

PyYAML's C loader builds Python objects at about 1 MB/s on the registry's CJK-heavy text (20 s
for the 10k-target file). rapidyaml (`ryml`, C++) parses the same file in about half a second
and emits it as JSON, which `json.loads` turns into objects in another half: about 15x faster.

The two parsers do not read YAML the same way. PyYAML follows YAML 1.1 (`yes`, `017`, `1:20`,
`2025-06-30`, `~` become bool, int, int, date, None); ryml follows 1.2 (all strings) and turns
some plain scalars into JSON numbers PyYAML keeps as strings (`1e3`, `-.5`), rewrites others
(`nan` becomes ".nan"), ignores tags, and accepts some text PyYAML refuses. So `load` is used
only when the text passes guards, each written against one class of difference; for anything
else it returns UNSURE and the caller reads the text with PyYAML, which then also gives every
error its message, line and column.

The guards look at the text before anything is parsed (`_text_risk`) and at ryml's JSON after
(`_from_json`). They are deliberately coarse: declining costs speed, never correctness. Those on
types hold by construction: every place a plain scalar can start is looked at, and only forms
both parsers read alike pass. Those on syntax (text ryml accepts that PyYAML refuses, or reads
into another shape) cover the differences known: each found by tests/test_fast_yaml.py's
differential tests and fuzzing has its guard there.
`TRACKER_YAML=pyyaml` turns the fast path off (for before/after benchmarks, and debugging).
"""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
import threading
from typing import Any

import yaml

try:
    import ryml
except ImportError:  # pragma: no cover - no wheel for this platform: PyYAML reads everything
    ryml = None

UNSURE = object()  # load's answer when only PyYAML can say what the text means
# How many loads took each path, and why the last one declined (tests and benchmarks read these).
counts = {"ryml": 0, "pyyaml": 0}
last_reason: str | None = None


def load(text: str) -> Any:
    """The objects PyYAML's safe loader (refusing duplicate keys) would build from `text`, or
    UNSURE when that cannot be guaranteed without PyYAML."""
    if ryml is None:
        return _decline("rapidyaml is not installed")
    if os.environ.get("TRACKER_YAML", "").lower() == "pyyaml":
        return _decline("TRACKER_YAML=pyyaml")
    risk = _text_risk(text)
    if risk:
        return _decline(risk)
    try:
        emitted = _emit_json(text.encode("utf-8"))
    except UnicodeEncodeError:  # a lone surrogate in the text
        return _decline("text is not encodable as UTF-8")
    except Exception as exc:  # any ryml error (syntax, depth): PyYAML reports it its own way
        return _decline(f"ryml: {type(exc).__name__}")
    data = _from_json(emitted)
    if data is UNSURE:
        return data
    counts["ryml"] += 1
    return data


def _decline(reason: str) -> Any:
    global last_reason
    counts["pyyaml"] += 1
    last_reason = reason
    return UNSURE


# --- guards on the text ---------------------------------------------------------------------

def _implicit_patterns() -> str:
    """PyYAML's own implicit-type regexes (yaml.resolver.Resolver), joined, unanchored: a plain
    scalar matching one of them is not a string to PyYAML (bool, int, float, null, timestamp,
    merge `<<`, value `=`). Taken from PyYAML rather than retyped, so they cannot drift."""
    found: list[str] = []
    for resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.values():
        for _tag, regexp in resolvers:
            pattern = regexp.pattern
            assert pattern.startswith("^") and pattern.endswith("$"), pattern
            if not regexp.flags & re.X:  # compiled into a verbose pattern below: no spaces or #
                assert not re.search(r"[\s#]", pattern), pattern
            body = f"(?:{pattern[1:-1]})"
            if body not in found:
                found.append(body)
    return "|".join(found)


# Words ryml emits as something other than the same string: JSON true/false/null, and the
# inf/nan family it rewrites (`nan` becomes ".nan", `-infinity` "-.inf", `+nan` raw +nan).
# Over-wide on purpose (any case, optional sign and dot).
_RYML_WORDS = r"(?i:[-+]?\.?(?:inf(?:inity)?|nan))|true|false|null"

# A word either parser reads as other than that string, where a plain scalar can end (before a
# comment, the end of the line, a colon, a flow indicator). Never empty: PyYAML's null also
# matches the empty scalar, which both read as None.
_WORD = (r"(?=[^\s\#:,\[\]{}?])(?:" + _implicit_patterns() + "|" + _RYML_WORDS + r")"
         r"(?=[ \t]*(?:[\r\n\#:,\[\]{}?]|\Z))")
# | or > not followed by a block scalar header's chomping and indentation indicators alone.
_BAD_HEADER = r"[|>](?!(?:[-+]?[1-9]?|[1-9][-+])[ ]*(?:[ ]\#[^\n]*)?(?:\r?\n|\Z))"
# A quoted scalar on one line, then the end of the line, a comment, a flow indicator or a colon.
_QUOTED = (r"""(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\n]|'')*')"""
           r"(?=[ ]*(?:[ ]\#[^\n]*)?(?:\r?\n|\Z)|[ ]*[,\]}:])")
# The values both read identically: a plain decimal integer or decimal (JSON's number syntax,
# which ryml copies verbatim), true, false, null, then the end of the line (a comment allowed)
# or of a flow item.
_SAME = (r"(?:-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?|true|false|null)"
         r"(?=[ ]*(?:[ ]\#[^\n]*)?(?:\r?\n|\Z)|[ ]*[,\]}])")

# The scan looks at every place where a plain scalar, a key or an indicator can start: after
# whitespace (a line start included: the text is scanned with a newline in front), a flow
# bracket, a comma, or a colon (`{"a":1}`). Quoted Chinese never trips it: in `"到2028年"` the
# digit follows a CJK character. Each match is either skipped (first three branches) or a risk.
_SCAN = re.compile(r"""
    [\s\[{,:]
    (?:
        # A comment: a # after a space, to the end of the line, with no quote mark after it.
        # If such a # is not a comment, it is inside a quoted scalar that goes on to the next
        # line (a quote closing on this line would show) or in a block scalar: text either way.
        (?<=[ \n]) (?P<comment> \#[^\n"']* ) (?=\n|\Z)
        # A quoted scalar that starts where a value or a flow item starts and ends on the same
        # line, followed by the end of the line, a comment, a flow indicator or a colon (a
        # quoted key). Its inside is text. Started anywhere else, the quote may be a character
        # of a plain scalar, so its inside is scanned like everything else: in `[a - "b, 0x1F,
        # c"]` the quote is part of the plain scalar `a - "b` and 0x1F is an int to PyYAML. Not
        # after "- " even at a line start: inside a flow collection over several lines that
        # line continues a plain scalar too.
      | (?:(?<=:[ ])|(?<=,[ ])|(?<=[\[{])) (?P<quoted> """ + _QUOTED + r""" )
        # A value after "key: " or "- " in a form both parsers read the same: a plain decimal
        # integer or decimal (JSON's number syntax, which ryml copies verbatim), true, false,
        # null, then the end of the line (a comment allowed) or of a flow item. A key is never
        # one (a key is followed by a colon), and a value continued on the next line is caught
        # there (the continuation line starts with a candidate that is not after ": " or "- ").
      | (?<=[:-][ ]) (?P<same> """ + _SAME + r""" )
        # Risks. A tag (ryml ignores tags: `!!str 5` is the number 5), an anchor or alias
        # (PyYAML's alias-bomb check and its errors for unknown aliases stay in charge), the
        # reserved indicators @ and ` (PyYAML refuses them, ryml reads them as text), a
        # directive, an explicit key `? k` or an empty key `: v` (PyYAML's key is None), a
        # scalar starting with ? or : (PyYAML refuses `[:x]`, ryml reads ":x"), a closing
        # bracket where a scalar should start (PyYAML refuses `a: ]`, ryml reads "]"; `[]` and
        # `[a]` are not caught), a block scalar header with more than its indicators after it
        # (PyYAML refuses `>1:`, ryml reads it).
      | (?P<indicator> [!&*@`%?:] | (?<=[\s,:])[\]}] | """ + _BAD_HEADER + r""" )
        # Anything else that may be a number to either parser: they disagree on 017, 0x1F,
        # 1_000, 1:20, 1e3, -.5, +5, .inf and dates, and a key 2025 is an int to PyYAML, a
        # string in JSON. Covers `---` and `...` (several documents); a sequence's "- " is not one.
      | (?P<number> [+.0-9] | -(?!\s|\Z) )
        # A word either parser reads as other than that string, where a plain scalar can end
        # (`yes` is caught, `yesterday` and `nanjing` are not). PyYAML's null also matches the
        # empty scalar, which both read as None: a word is never empty.
      | (?=(?P<word> """ + _WORD + r""" ))
    )
""", re.X)
_SKIPPED = frozenset({"comment", "quoted", "same"})

# _SCAN is exact but slow on 20 MB (every space is a place to try), so the text is first
# searched for the risky starts alone, which are rare: the same branches with the value forms
# both read alike excluded, tried only where the first character could begin one. Each line
# where one is found is then scanned with _SCAN (no match of _SCAN crosses a line end, so a
# line scanned alone gives what the whole text would). _RISKY_FIRST holds every character a
# risk can begin with: the indicators, the number starts, and the first characters PyYAML
# itself dispatches its implicit types on, with i and I for ryml's inf.
_RISKY_FIRST = "!&*@`%?:|>\\]}+.\\-0-9" + re.escape("".join(sorted(
    {key for key in yaml.resolver.Resolver.yaml_implicit_resolvers if key and key not in "-+.0123456789"} | set("iI"))))
_RISKY = re.compile(r"(?<=[\s\[{,:])(?=[" + _RISKY_FIRST + r"])(?:[!&*@`%?:]|(?<=[\s,:])[\]}]|" + _BAD_HEADER + "|"
                    r"(?!(?<=[:-][ ])" + _SAME + r")(?:[+.0-9]|-(?!\s|\Z)|" + _WORD + "))", re.X)

_COLON_FLOW = re.compile(r":[,\[\]{}]")
# Characters PyYAML refuses outright (its reader's own list); ryml accepts them.
_NON_PRINTABLE = yaml.reader.Reader.NON_PRINTABLE


def _text_risk(text: str) -> str | None:
    """Why the text might read differently in ryml than in PyYAML, or None."""
    # Tabs: PyYAML refuses them in indentation and ryml reads `a:\t5` as the string "a:\t5".
    if "\t" in text:
        return "a tab character"
    # A lone CR is a line break to PyYAML; ryml refuses it. A BOM inside the text: left to PyYAML.
    if "\r" in text.replace("\r\n", "") or "\ufeff" in text:
        return "a lone CR or a byte order mark"
    if _NON_PRINTABLE.search(text):
        return "a character PyYAML refuses"
    # A colon right before a flow indicator: PyYAML refuses `[a:, b]`, ryml reads {a: null}.
    if _COLON_FLOW.search(text):
        return "a colon before a flow indicator"
    # A block scalar ending the text without a final line break: ryml adds one, PyYAML not.
    if not text.endswith("\n") and ("|" in text or ">" in text):
        return "no line break at the end"
    scan = "\n" + text
    return _multi_line_flow(scan) or _scan_risk(scan)


# A flow collection ([ or { where a node starts) and the line it opens on, its quoted scalars
# taken out. Its brackets must balance on that line: a flow collection over several lines is
# left to PyYAML (ryml accepts keys there that PyYAML refuses, `[a\n  b:\n  c]`).
_FLOW_START = re.compile(r"[\[{](?<=[\s\[{,:].)")
_ONE_LINE_QUOTED = re.compile(r""""(?:[^"\\\n]|\\.)*"|'(?:[^'\n]|'')*'""")


def _multi_line_flow(scan: str) -> str | None:
    checked_to = 0
    for opening in _FLOW_START.finditer(scan):
        if opening.start() < checked_to:
            continue
        line_end = scan.find("\n", opening.start())
        checked_to = len(scan) if line_end < 0 else line_end
        line = _ONE_LINE_QUOTED.sub("", scan[scan.rfind("\n", 0, opening.start()) + 1:checked_to])
        if line.count("[") + line.count("{") > line.count("]") + line.count("}"):
            return "a flow collection over several lines"
    return None


def _scan_risk(scan: str) -> str | None:
    """The first risk _SCAN finds in `scan` (the text after a newline), searched quickly."""
    checked_to = 0
    for risky in _RISKY.finditer(scan):
        if risky.start() < checked_to:
            continue
        line_start = scan.rfind("\n", 0, risky.start())  # the line's own newline is its first "space"
        line_end = scan.find("\n", risky.start())
        checked_to = len(scan) if line_end < 0 else line_end
        for found in _SCAN.finditer(scan, line_start, checked_to):
            if found.lastgroup not in _SKIPPED:
                start = found.start() + 1
                return f"{found.lastgroup} at {scan[start:start + 20].partition(chr(10))[0]!r}"
    return None


# --- ryml, and guards on its JSON -----------------------------------------------------------

_stderr_lock = threading.Lock()
# What ryml's C++ error handler prints to stderr before raising; the fallback reports errors.
_RYML_NOISE = re.compile(rb"^(?:line=\d+ col=\d+ .*ERROR: .*|.*\(detected here\)|ERROR: .*)\r?\n?", re.M)


def _emit_json(data: bytes) -> str:
    """ryml's JSON for the YAML bytes. ryml writes its own error report to file descriptor 2
    before raising: that is caught and dropped (the caller falls back to PyYAML, whose message
    is the one shown); anything else written there meanwhile is passed on."""
    with _stderr_lock, tempfile.TemporaryFile() as caught:
        sys.stderr.flush()
        saved = os.dup(2)
        os.dup2(caught.fileno(), 2)
        failed = False
        try:
            return ryml.emit_json(ryml.parse_in_arena(data))
        except BaseException:
            failed = True
            raise
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            caught.seek(0)
            written = caught.read()
            if failed:
                written = _RYML_NOISE.sub(b"", written)
            if written:
                os.write(2, written)


def _from_json(emitted: str) -> Any:
    # A root scalar is left to PyYAML: with a container at the root, output cut short (ryml
    # stops at a NUL from "\0") can never be valid JSON.
    if not isinstance(emitted, str) or not emitted.lstrip().startswith(("{", "[")):
        return _decline("not a mapping or sequence at the root")
    # ryml writes an escaped surrogate ("\ud800") as bytes PyYAML refuses or reads otherwise;
    # they come back as surrogates, which strict UTF-8 cannot encode (faster than a regex).
    try:
        emitted.encode("utf-8")
    except UnicodeEncodeError:
        return _decline("a surrogate escape")
    try:
        return json.loads(emitted, object_pairs_hook=_mapping, parse_constant=_no_constant)
    except _Duplicate:  # PyYAML's _Loader refuses it, with the line
        return _decline("a duplicate key")
    except (ValueError, RecursionError):  # raw control characters, +5, ...: not JSON
        return _decline("ryml's output is not JSON")


class _Duplicate(Exception):
    pass


def _mapping(pairs: list[tuple[str, Any]]) -> dict:
    mapping = dict(pairs)
    if len(mapping) != len(pairs):
        raise _Duplicate
    return mapping


def _no_constant(name: str) -> Any:
    raise ValueError(name)  # NaN / Infinity: PyYAML never reads those words as numbers
