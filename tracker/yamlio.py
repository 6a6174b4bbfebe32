"""Reading YAML safely and fast, and pointing at the line an error path came from.

Reading goes through tracker/fast_yaml.py (rapidyaml, ~15× PyYAML's C loader) wherever that
gives exactly what PyYAML would, and through PyYAML's C safe loader otherwise; every error,
its line and its column come from PyYAML. Line numbers are only worked out when something is
wrong: composing the node tree again costs about as much as the load, so a valid registry
never pays for it.
"""

from __future__ import annotations

import re
import stat
from pathlib import Path
from typing import Any, Iterable

import yaml

from . import fast_yaml
from .errors import Problem, RegistryError

try:
    _Base = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing
    _Base = yaml.SafeLoader


class _Loader(_Base):
    """The safe loader, refusing a key given twice in one mapping (YAML would keep the last
    silently: a second `targets:` would empty the registry)."""

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            seen: set = set()
            for key_node, _ in node.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.tag != "tag:yaml.org,2002:merge":
                    if key_node.value in seen:
                        raise yaml.constructor.ConstructorError(
                            None, None, f"duplicate key {key_node.value!r}", key_node.start_mark)
                    seen.add(key_node.value)
        return super().construct_mapping(node, deep=deep)

MAX_BYTES = 512 * 1024 * 1024
# An alias re-uses a node; expanded, a few lines can stand for billions of nodes
# ("billion laughs"). Anything that uses aliases must stay within this many nodes expanded.
MAX_EXPANDED_NODES = 2_000_000
_ANCHOR = re.compile(r"(?:^|[\s\[{,:-])&[^\s]")


def read_text(path: Path, text: str | None = None) -> str:
    """The file's text, or a RegistryError naming the file and the place it went wrong."""
    if text is not None:
        return text
    return decode(read_bytes(path), path)


def read_bytes(path: Path) -> bytes:
    """The file's bytes, read with read_text's checks (a regular file, under MAX_BYTES)."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise RegistryError.single(path, "file not found") from None
    except OSError as exc:
        raise RegistryError.single(path, f"cannot read: {exc.strerror}") from None
    if not stat.S_ISREG(info.st_mode):  # a FIFO blocks the reader, /dev/zero never ends
        raise RegistryError.single(path, "not a regular file: the registry's files must be plain files")
    if info.st_size > MAX_BYTES:
        raise RegistryError.single(path, f"file is {info.st_size} bytes, over the {MAX_BYTES} byte limit")
    try:
        with open(path, "rb") as handle:  # capped: a file that grows while it is read stops here
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise RegistryError.single(path, f"cannot read: {exc.strerror}") from None
    if len(data) > MAX_BYTES:
        raise RegistryError.single(path, f"file is over the {MAX_BYTES} byte limit")
    return data


def decode(data: bytes, path: Path) -> str:
    """A file's bytes as text (UTF-8, a byte order mark dropped), or a located problem."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise RegistryError.single(
            path, f"not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}): save the file as UTF-8",
            line, column, "encoding") from None


def load(text: str, file: str | Path) -> Any:
    """Parse YAML text with the safe loader; syntax errors become Problems."""
    if not text.strip():
        raise RegistryError.single(file, "file is empty")
    _refuse_unicode_line_breaks(text, file)
    try:
        if "&" in text and _ANCHOR.search(text):  # str.find first: the regex takes ~0.5 s on 20 MB
            _check_alias_expansion(text, file)
        fast = fast_yaml.load(text)  # declines anything it cannot read exactly as below
        if fast is not fast_yaml.UNSURE:
            return fast
        return yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = " ".join(filter(None, [exc.context, exc.problem])) or str(exc)
        if "could not determine a constructor" in message:
            message += " (tags such as !!python/object are refused: the registry is plain data)"
        raise RegistryError.single(file, f"YAML: {message}", line, column, "syntax") from None
    except yaml.YAMLError as exc:
        raise RegistryError.single(file, f"YAML: {exc}", field="syntax") from None
    except RecursionError:
        raise RegistryError.single(file, "YAML nests too deeply", field="syntax") from None
    except (ValueError, TypeError, OverflowError) as exc:
        # PyYAML's constructors raise plain errors without a position, e.g. for an unquoted
        # date that does not exist (2025-02-30). Find the scalar that caused it.
        line, column, value = _bad_timestamp(text)
        what = f"{value!r} is not a real date ({exc}); quote dates: \"2025-02-28\"" if value else f"YAML: {exc}"
        raise RegistryError.single(file, what, line, column, "syntax") from None


# YAML reads these as line breaks; an editor shows one line. Inside a comment the rest of the
# line becomes data, and every later line number is off by one.
_UNICODE_BREAKS = re.compile("[\u0085\u2028\u2029]")
_BREAK_NAMES = {"\u0085": "U+0085 NEXT LINE", "\u2028": "U+2028 LINE SEPARATOR", "\u2029": "U+2029 PARAGRAPH SEPARATOR"}


def _refuse_unicode_line_breaks(text: str, file: str | Path) -> None:
    if not any(brk in text for brk in _BREAK_NAMES):  # str.find is ~10x the regex on 20 MB
        return
    found = _UNICODE_BREAKS.search(text)
    if found:
        line = text.count("\n", 0, found.start()) + 1
        column = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
        raise RegistryError.single(
            file, f"a {_BREAK_NAMES[found.group()]} character: YAML reads it as a line break where an editor "
                  "shows none; delete it (or write it as an escape inside double quotes)", line, column, "syntax")


def _bad_timestamp(text: str) -> tuple[int, int, str | None]:
    import datetime as dt

    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        return (1, 1, None)
    stack = [root] if root is not None else []
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            if node.tag.endswith(":timestamp"):
                try:  # the whole value as the loader reads it: a bad date, or a bad time of day
                    dt.date.fromisoformat(node.value[:10])
                    yaml.SafeLoader("").construct_yaml_timestamp(node)
                except (ValueError, TypeError, OverflowError):
                    return (node.start_mark.line + 1, node.start_mark.column + 1, node.value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            stack.extend(v for pair in node.value for v in pair)
    return (1, 1, None)


def _check_alias_expansion(text: str, file: str | Path) -> None:
    root = yaml.compose(text, Loader=_Loader)
    sizes: dict[int, int] = {}

    def expanded(node: yaml.Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        sizes[key] = 1  # cycles count once
        total = 1
        if isinstance(node, yaml.SequenceNode):
            total += sum(expanded(child) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            total += sum(expanded(k) + expanded(v) for k, v in node.value)
        if total > MAX_EXPANDED_NODES:
            mark = node.start_mark
            raise RegistryError.single(
                file, f"aliases expand to over {MAX_EXPANDED_NODES} nodes (alias bomb?): refused",
                mark.line + 1, mark.column + 1, "aliases")
        sizes[key] = total
        return total

    if root is not None:
        expanded(root)


class Locator:
    """Maps error paths to lines for one text, composing the node tree at most once."""

    def __init__(self, text: str, file: str | Path):
        self.text = text
        self.file = str(file)
        self._root: Any = None
        self._composed = False

    def problem(self, path: Iterable[Any], field: str, message: str) -> Problem:
        line, column = self._locate(list(path))
        return Problem(self.file, line, column, field, message)

    def _locate(self, path: list[Any]) -> tuple[int, int]:
        if not self._composed:
            try:
                self._root = yaml.compose(self.text, Loader=_Loader)
            except yaml.YAMLError:
                self._root = None
            self._composed = True
        node = self._root
        if node is None:
            return (1, 1)
        for step in path:
            if isinstance(node, yaml.MappingNode):
                found = next((v for k, v in node.value if k.value == str(step)), None)
                if found is None:
                    break
                node = found
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
                node = node.value[step]
            else:
                break
        return (node.start_mark.line + 1, node.start_mark.column + 1)
