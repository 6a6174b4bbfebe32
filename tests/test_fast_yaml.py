"""The fast YAML path (tracker/fast_yaml.py) reads every file exactly as PyYAML does, or declines.

"Exactly" means the same values of the same types: a date stays a date, a bool a bool, an int
an int, and a string that looks like one of those stays a string. Where the fast path cannot
promise that, it declines (fast_yaml.UNSURE) and tracker.yamlio.load reads the text with
PyYAML, so every error keeps its message, line and column.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings, strategies as st

from tracker import fast_yaml, yamlio
from tracker.errors import RegistryError

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(fast_yaml.ryml is None, reason="rapidyaml is not installed")


def pyyaml(text: str):
    return yaml.load(text, Loader=yamlio._Loader)


def typed(value):
    """The value with every scalar's type beside it: `1 == True` and `1 == 1.0` in Python, and a
    string '2025-06-30' must not pass for a date."""
    if isinstance(value, dict):
        return {(type(k).__name__, k): typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [typed(v) for v in value]
    return (type(value).__name__, value)


def assert_fast_and_same(text: str) -> None:
    fast = fast_yaml.load(text)
    assert fast is not fast_yaml.UNSURE, f"declined: {fast_yaml.last_reason}"
    assert typed(fast) == typed(pyyaml(text))


def assert_declined(text: str) -> None:
    assert fast_yaml.load(text) is fast_yaml.UNSURE
    # ... and yamlio.load then gives what PyYAML gives
    assert typed(yamlio.load(text, "x.yaml")) == typed(pyyaml(text))


# --- the files the project ships and the benchmarks generate --------------------------------

SHIPPED = ["targets.yaml", *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "data").glob("*.yaml"))]


@pytest.mark.parametrize("name", SHIPPED)
def test_a_shipped_file_reads_the_same(name):
    text = yamlio.read_text(ROOT / name)
    fast = fast_yaml.load(text)
    if fast is not fast_yaml.UNSURE:
        assert typed(fast) == typed(pyyaml(text))


def test_the_shipped_registry_takes_the_fast_path():
    assert_fast_and_same(yamlio.read_text(ROOT / "targets.yaml"))


@pytest.fixture(scope="session")
def generated(tmp_path_factory):
    """A 1k registry in both layouts (one file; a folder of files, one a city)."""
    out = tmp_path_factory.mktemp("generated")
    for layout in ("file", "folder"):
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), str(out / layout),
                        "--targets", "1000", "--layout", layout], check=True, capture_output=True)
    return out


@pytest.mark.parametrize("layout", ["file", "folder"])
def test_every_file_of_a_generated_registry_takes_the_fast_path_and_reads_the_same(generated, layout):
    files = sorted((generated / layout).rglob("*.yaml"))
    assert len(files) > (5 if layout == "folder" else 4)
    for file in files:
        assert_fast_and_same(yamlio.read_text(file))


# --- what reads the same through both -------------------------------------------------------

SAME = {
    "block scalars": "a: |\n  x\n  y\nb: |-\n  x\n\nc: >\n  x\n   y\n  z\nd: >+\n  x\n\ne: |2\n   x\n",
    "escapes in double quotes": 'a: "\\x41\\u4e2d\\N\\_\\L\\P\\/\\ \\"\\\\\\t\\n\\r\\b\\f\\U0001F600"',
    "multi-line plain": "a: first\n  second\n\n  third\nb: x",
    "multi-line quoted": "a: 'x\n  \n  y'\nb: \"x\n\n  y  \n  z\"\nc: \"a\\\n  b\"",
    "flow collections": "a: [b, 'c', \"d\"]\nb: {c: 1, 'd': x, \"e\": [f, {g: h}]}\nc: [x, y]\nd: {e: true}",
    "comments after values": "a: x # c # d\nb: 'y' # c\nc: 5  # 6 apples\n# 7\nd: x#y",
    "empty values": "a:\nb: ''\nc: \"\"\nd: []\ne: {}\nf:\n  -\n  - x",
    "CRLF line ends": "a: x\r\nb:\r\n  - 1\r\n  - \"y\"\r\n",
    "long lines": "a: \"" + "长句子，" * 20000 + "\"\nb: " + "word " * 5000 + "\n",
    "Unicode keys": "键: 值\n目标:\n  - 名称: 到2028年算力规模达到100EFLOPS\n    数值: 100",
    "CJK text with numbers in quotes": 'quote: "到2028年，全市智能算力规模达到100 EFLOPS以上"\nnote: "约 119 项, by 2025"',
    "numbers both read alike": "a: 0\nb: -17\nc: 12345678901234567890123\nd: 1.50\ne: -0.0\nf: 0.1234567890123456789\ng:\n  - 5\n  - -3.25",
    "true false null": "a: true\nb: false\nc: null\nd:\n  - true",
    "words close to special ones": "a: yesterday\nb: nanjing\nc: information\nd: Nanjing\ne: nano\nf: tru\ng: only",
}


@pytest.mark.parametrize("name", SAME)
def test_reads_the_same_on_the_fast_path(name):
    assert_fast_and_same(SAME[name])


# --- what the two parsers read differently: declined ---------------------------------------

DIFFERENT = {
    # YAML 1.1 (PyYAML) against 1.2 (ryml)
    "yes/No/on/off": ["a: yes", "a: No", "a: on", "a: OFF", "a: True", "a: NULL", "a: ~"],
    "ints PyYAML reads": ["a: 017", "a: 0x1F", "a: 1_000", "a: 1:20", "a: +5", "a: 0b101", "a: 01"],
    "floats": ["a: 1e3", "a: 1.5E3", "a: -.5", "a: .5", "a: 1.", "a: .inf", "a: -.inf", "a: .nan", "a: 0.5e+3"],
    "dates": ["a: 2025-06-30", "a: 2001-12-14t21:59:43.10-05:00", "a: 2001-1-5\n  01:00:00", "a: [2025-06-30]"],
    # what ryml rewrites
    "inf and nan words": ["a: nan", "a: inf", "a: -infinity", "a: +nan", "- {id: nan, name: 南县}"],
    # keys PyYAML reads as int, bool, None
    "keys": ["2025: x", "true: x", "~: x", "null: x", "1.5: x", "- 5: x", "{5, a}", ": x", "? a\n: b"],
    "tags": ["a: !!str 5", "a: !!python/object:os.system x", "a: !custom x", "--- !!map\na: 1"],
    "anchors and aliases": ["a: &x 1\nb: *x", "a: *x", "<<: {a: 1}"],
    "several documents": ["a: 1\n---\nb: 2", "--- \na: 1", "a: 1\n...\n"],
    "merge and value keys": ["a: =", "- <<"],
    "reserved indicators": ["a: @x", "a: `x", "%YAML 1.1\n---\na: 1"],
    # A quote inside a plain scalar, not opening a quoted one: what follows it must still be
    # looked at (0x1F is PyYAML's int 31, ryml's string "0x1F").
    "a quote inside a plain scalar": ['[a - "b, 0x1F, c"]\n', 'k: [a\n  - "b, 0x1F, c"]\n',
                                      'k: {x: a\n  - "b, 0x1F, c"}\n', "k: [a - 'b, 0x1F, c']\n"],
    # A flow collection over several lines: ryml takes implicit keys there that PyYAML refuses.
    "flow collections over several lines": ["k: [a\n  A:\n  <]\n", "k: [a,\n  b]\n", "k: {a: \"]\",\n  b: c}\n"],
    # Not a difference, but declined: after a comma or bracket a number may be a flow
    # mapping's key (`{5, a}` is {5: None} to PyYAML, {"5": null} in JSON).
    "numbers as flow items": ["a: [1, 2.5]", "a: [x, 3]", "a: [true, null]"],
    # Also not a difference: the inf/nan check ignores case, wider than ryml's rewriting.
    "words like inf and nan in any case": ["a: Infinity", "a: NaN", "a: INF"],
    # ryml reads these as text, PyYAML refuses them
    "closing brackets where a value starts": ["a: ]", "- }", "a:\n  ]", "a: ]x"],
    # ryml ends such a block scalar with a line break, PyYAML does not
    "a block scalar at the end without a line break": ["a: |\n x\n  y", "a: | # c\n  x"],
    "tabs, a lone CR, a BOM": ["a:\t5", "a: x\rb: 2", "\ufeffa: 1", "a: \ufeffx"],
}


@pytest.mark.parametrize("kind", DIFFERENT)
def test_a_difference_is_declined(kind):
    for text in DIFFERENT[kind]:
        assert fast_yaml.load(text) is fast_yaml.UNSURE, text
        try:
            expected = pyyaml(text)
        except yaml.YAMLError:
            with pytest.raises(RegistryError):
                yamlio.load(text, "x.yaml")
            continue
        if text.strip():
            assert typed(yamlio.load(text, "x.yaml")) == typed(expected), text


def test_a_declined_date_stays_a_date_through_yamlio():
    assert yamlio.load("a: 2025-06-30\nb: '2025-06-30'", "x.yaml") == {"a": dt.date(2025, 6, 30), "b": "2025-06-30"}


def test_a_duplicate_key_is_declined_and_refused_with_its_line():
    assert fast_yaml.load("a: 1\nb: 2\na: 3") is fast_yaml.UNSURE
    with pytest.raises(RegistryError) as refused:
        yamlio.load("a: 1\nb: 2\na: 3", "x.yaml")
    assert (refused.value.problems[0].line, refused.value.problems[0].field) == (3, "syntax")


@pytest.mark.parametrize("text", [
    'a: "\\ud800"', 'a: "\\uD83D\\uDE00"', 'a: "\\0"', 'a: "\\e\\a"', "a: \x01", "5", "'just a string'",
    "[a]: 1", "a:\n  b: 1\n c: 2", "a: b: c", "a: 'x", "[" * 200 + "]" * 200,
])
def test_what_ryml_cannot_say_for_sure_is_declined(text):
    assert fast_yaml.load(text) is fast_yaml.UNSURE


# --- a refused file is refused exactly as before --------------------------------------------

BROKEN = ["a: b: c", "a: 'x", "a:\n  - b\n  c: 1", "key: value\n bad: 2", "a: 2025-02-30", "a: [1, , 2]",
          "a: 1\na: 2", "a: !!python/object:os.system x", "a: *missing", "\ta: 5", "a: x\n\x01", "a: @x",
          "a: ]", "a: 'x\n"]


@pytest.mark.parametrize("text", BROKEN)
def test_a_refused_file_gets_the_same_problem_as_with_pyyaml_alone(text, monkeypatch):
    with pytest.raises(RegistryError) as fast:
        yamlio.load(text, "x.yaml")
    monkeypatch.setenv("TRACKER_YAML", "pyyaml")
    with pytest.raises(RegistryError) as before:
        yamlio.load(text, "x.yaml")
    assert fast.value.problems == before.value.problems


def test_ryml_prints_nothing_of_its_own_on_a_broken_file(capfd):
    with pytest.raises(RegistryError):
        yamlio.load("a: b: c\n", "x.yaml")
    err = capfd.readouterr().err
    assert "detected here" not in err and "ERROR" not in err


# --- the switches ---------------------------------------------------------------------------

def test_tracker_yaml_pyyaml_forces_the_old_path(monkeypatch):
    monkeypatch.setenv("TRACKER_YAML", "pyyaml")
    before = fast_yaml.counts["pyyaml"]
    assert yamlio.load("a: x", "x.yaml") == {"a": "x"}
    assert fast_yaml.counts["pyyaml"] == before + 1


def test_without_rapidyaml_pyyaml_reads_everything(monkeypatch):
    monkeypatch.setattr(fast_yaml, "ryml", None)
    assert fast_yaml.load("a: x") is fast_yaml.UNSURE
    assert yamlio.load("a: 2025-06-30", "x.yaml") == {"a": dt.date(2025, 6, 30)}


def test_the_fast_path_is_counted():
    before = fast_yaml.counts["ryml"]
    yamlio.load("a: x", "x.yaml")
    assert fast_yaml.counts["ryml"] == before + 1


# --- fuzzing: whatever the fast path accepts, it reads as PyYAML does -----------------------

TOKEN = st.text(alphabet="0123456789+-._:eExXoObB ~yYnNtTfFaAlLsSuUiIrR<=!&*@#,[]{}|>'\"\\\n", max_size=12)
SHAPE = st.sampled_from(["a: {}", "- {}", "{}: x", "[{}, x]", "{{a: {}}}", "a: x\n  {}", "a: 'y'\nb: {} # c",
                         "a: |\n  {}\nb: x\n", "a: \"{}\"\n", "a: '{}'\n", "k: [a - {}]\n", "k: [a\n  {}]\n"])


@settings(max_examples=3000, deadline=None)
@given(TOKEN, SHAPE)
def test_whatever_the_fast_path_accepts_pyyaml_reads_alike(token, shape):
    text = shape.replace("{}", token) if shape.count("{}") == 1 else shape.format(token)
    fast = fast_yaml.load(text)
    if fast is fast_yaml.UNSURE:
        return
    try:
        expected = pyyaml(text)
    except (yaml.YAMLError, ValueError, TypeError):
        pytest.fail(f"fast path read {text!r} which PyYAML refuses")
    assert typed(fast) == typed(expected), text


def test_the_quick_search_misses_no_line_the_full_scan_would_flag():
    """_text_risk searches for risky starts first and scans only their lines in full; on every
    snippet above it must decide as the full scan of the whole text does."""
    texts = [t for texts in DIFFERENT.values() for t in texts] + list(SAME.values()) + BROKEN
    for text in texts:
        scan = "\n" + text
        full = any(m.lastgroup not in fast_yaml._SKIPPED for m in fast_yaml._SCAN.finditer(scan))
        assert (fast_yaml._scan_risk(scan) is not None) == full, text
