"""Bad input gets a clear `file:line:column: field: message`, never a traceback, and a bad
registry never costs the last good one; writes are whole or not at all."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from tracker import RegistryError, load_registry
from tracker.cli import main
from tracker.snapshot import SnapshotLoader

GOOD = """\
targets:
  - id: hz-compute
    place: hangzhou
    metric: intelligent_compute
    comparator: ">"
    value: 50
    unit: EFLOPS
    deadline: {date: "2025-12-31", precision: year_end, text: 到2025年底}
    statements:
      - source: seed-000
        quote: 全市投入市场的智算规模超过50EFLOPS
    links: []
figures:
  - id: zj-revenue
    place: zhejiang
    metric: ai_core_revenue
    comparator: ">"
    value: 4000
    unit: 亿元
    period: {start: "2025-01", end: "2025-08", kind: range, text: 2025年1—8月}
    statements:
      - source: seed-002
        quote: 营业收入突破4000亿元
"""


def swap(old: str, new: str) -> str:
    assert old in GOOD, old
    return GOOD.replace(old, new, 1)


def bomb() -> str:
    text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for n in range(1, 9):
        text += f"b{n}: &b{n} [" + ", ".join([f"*{'a' if n == 1 else f'b{n - 1}'}"] * 10) + "]\n"
    return text


# (name, registry text or bytes, the field a problem names: the project's own rule, or None
# where only the parser decides which stage stops it)
MALFORMED = [
    ("unclosed bracket", swap("place: hangzhou", "place: [hangzhou"), "syntax"),
    ("tab indentation", swap("    place: hangzhou", "\tplace: hangzhou"), "syntax"),
    ("bad indentation", swap("    metric: intelligent_compute", "      metric: intelligent_compute"), "syntax"),
    ("top level is a list", "- id: x\n", "-"),
    ("only comments", "# nothing here\n", "-"),
    ("targets is a mapping", "targets:\n  id: x\n", "targets"),
    ("entry is a string", "targets:\n  - just words\n", "targets.0"),
    ("unknown section", "target: []\n", "target"),
    ("missing id", swap("  - id: hz-compute\n    place", "  - place"), "targets.0.id"),
    ("value is a word", swap("value: 50", "value: fifty"), "targets.0.value"),
    ("value is a boolean", swap("value: 50", "value: yes"), "targets.0.value"),
    ("unknown field", swap("value: 50", "vlaue: 50"), "targets.0.vlaue"),
    ("bad comparator", swap('comparator: ">"', 'comparator: "≥"'), "targets.0.comparator"),
    ("bad id", swap("id: hz-compute", "id: Hz Compute"), "targets.0.id"),
    ("unknown place", swap("place: hangzhou", "place: atlantis"), "targets.0.place"),
    ("unknown metric", swap("metric: intelligent_compute", "metric: vibes"), "targets.0.metric"),
    ("unknown source", swap("source: seed-000", "source: seed-999"), "targets.0.statements.0.source"),
    ("unknown unit", swap("unit: EFLOPS", "unit: furlongs"), "targets.0.unit"),
    ("unit of another dimension", swap("unit: EFLOPS", "unit: 亿元"), "targets.0.unit"),
    ("duplicate id", swap("id: zj-revenue", "id: hz-compute"), "figures.0.id"),
    ("unknown link target", swap("links: []", "links: [{rel: part_of, target: nowhere}]"), "targets.0.links.0.target"),
    ("impossible day", swap('date: "2025-12-31"', 'date: "2025-02-30"'), "targets.0.deadline.date"),
    ("unquoted impossible date", swap('date: "2025-12-31"', "date: 2025-02-30"), "syntax"),
    ("month 13", swap('date: "2025-12-31"', 'date: "2025-13"'), "targets.0.deadline.date"),
    ("year 1800", swap('date: "2025-12-31"', 'date: "1800"'), "targets.0.deadline.date"),
    ("date with unstated precision", swap("precision: year_end", "precision: unstated"), "targets.0.deadline"),
    ("period ends before it starts", swap('start: "2025-01", end: "2025-08"', 'start: "2025-09", end: "2025-08"'), "figures.0.period"),
    ("figure after its document", swap('start: "2025-01", end: "2025-08"', 'start: "2027-01", end: "2027-08"'), "figures.0.period.start"),
    ("infinite value", swap("value: 4000", "value: .inf"), "figures.0.value"),
    ("not a number value", swap("value: 4000", "value: .nan"), "figures.0.value"),
    ("negative value", swap("value: 4000", "value: -4000"), "figures.0.value"),
    ("no statements", swap("    statements:\n      - source: seed-002\n        quote: 营业收入突破4000亿元\n", "    statements: []\n"), "figures.0.statements"),
    ("quote without its number", swap("quote: 营业收入突破4000亿元", "quote: 营业收入突破"), "figures.0.statements.0.quote"),
    ("huge string", swap("text: 2025年1—8月", "text: " + "长" * 100_000), "figures.0.period.text"),
    ("alias bomb", bomb(), "aliases"),
    ("python object tag", "targets: !!python/object/apply:os.system ['echo pwned']\n", "syntax"),
    ("python name tag", "targets: !!python/name:os.system\n", "syntax"),
    # which stage stops it (the YAML parser's own depth limit, or the schema) is the library's
    # choice: only that it is located matters
    ("deep nesting", "targets: " + "[" * 5000 + "]" * 5000 + "\n", None),
    ("control character", swap("place: hangzhou", "place: hang\x07zhou"), "syntax"),
    ("empty file", "", "-"),
    ("gb18030 encoding", GOOD.encode("gb18030"), "encoding"),
    ("utf-16 encoding", GOOD.encode("utf-16"), "encoding"),
]


@pytest.mark.parametrize("name, content, field", MALFORMED, ids=[m[0] for m in MALFORMED])
def test_each_malformed_registry_gets_a_clear_located_error(make_registry, capsys, name, content, field):
    path = make_registry("placeholder: true\n")
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    assert main(["validate", str(path), "--no-sources"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.startswith(str(path))]
    assert lines, err
    pattern = re.compile(rf"^{re.escape(str(path))}:(\d+):(\d+): (\S+): .+$")
    fields = []
    for line in lines:
        match = pattern.match(line)
        assert match, line
        assert int(match.group(1)) >= 1 and int(match.group(2)) >= 1
        fields.append(match.group(3))
    assert field is None or field in fields, (field, err)
    assert len(err) < 5_000  # a huge input is not echoed back


def test_the_corpus_is_at_least_thirty_registries():
    assert len(MALFORMED) >= 30


def test_a_running_loader_keeps_the_last_good_registry(make_registry):
    path = make_registry(GOOD)
    loader = SnapshotLoader(path, check_sources=False, cache_dir=path.parent / "cache")
    good = loader.settle()
    assert good.error is None and list(good.snapshot.targets["id"]) == ["hz-compute"]
    for name, content, _ in MALFORMED:
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        os.utime(path, ns=(time.time_ns(), time.time_ns()))
        result = loader.settle()
        assert result.error is not None, name
        # located, though the server's build ran in a child process
        assert all(problem.file.endswith("targets.yaml") and problem.line >= 1 for problem in result.error.problems), name
        assert result.snapshot is good.snapshot, name
    path.write_text(GOOD.replace("50", "60"), encoding="utf-8")
    fixed = loader.settle()
    assert fixed.error is None and fixed.snapshot.targets.iloc[0]["value"] == 60


WRITER = """
import sys
from pathlib import Path
from tracker.edit import atomic_write
path = Path(sys.argv[1])
n = 0
while True:
    n += 1
    atomic_write(path, ("# generation %d\\n" % n) + sys.argv[2] * 4000)
"""


def test_a_writer_killed_mid_write_leaves_a_whole_file(tmp_path):
    path = tmp_path / "targets.yaml"
    block = "- {id: entry, note: \"%s\"}\n" % ("x" * 200)
    path.write_text("# generation 0\n" + block * 4000, encoding="utf-8")
    expected_tail = block * 4000
    for attempt in range(12):
        before = path.read_text(encoding="utf-8").split("\n", 1)[0]
        writer = subprocess.Popen([sys.executable, "-c", WRITER, str(path), block], cwd=Path(__file__).parent.parent)
        deadline = time.time() + 30
        while path.read_text(encoding="utf-8").split("\n", 1)[0] == before and time.time() < deadline:
            time.sleep(0.005)  # wait until it is writing, then kill it at a varying moment
        time.sleep(attempt * 0.007)
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        text = path.read_text(encoding="utf-8")
        header, _, rest = text.partition("\n")
        assert header.startswith("# generation ") and rest == expected_tail, f"truncated after kill {attempt}"
    generations = int(path.read_text(encoding="utf-8").split("\n", 1)[0].split()[-1])
    assert generations > 0  # the writer really was writing when it was killed


def test_fuzzed_yaml_raises_only_registry_errors(make_registry):
    path = make_registry(GOOD)
    pieces = st.sampled_from(GOOD.splitlines(keepends=True) + [
        "  - ", ": ", "[", "]", "{", "}", "&a ", "*a ", "!!python/object ", "\t", "'", '"', "\\", "%YAML 1.1\n",
        "---\n", "...\n", "value: 1e999\n", "date: 2025-02-30\n", "\x00", "\ufeff", "? ", "| \n", "> \n",
    ])

    @settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.lists(pieces, max_size=40), st.text(max_size=50))
    def run(parts, noise):
        text = "".join(parts) + noise
        try:
            load_registry(path, text=text, check_sources=False)
        except RegistryError as error:
            assert error.problems and all(p.line >= 1 for p in error.problems)

    run()
