"""Edits at national scale (issue 17): work proportional to the change, concurrent writers that
take turns and say so. The splice must write exactly what ruamel's round trip of the whole file
writes; the one-entry validation must refuse what the whole-registry validation refuses."""

import importlib.util
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from filelock import FileLock

from tracker import RegistryError, load_registry, yamlio
from tracker.edit import _round_tripped, _spliced, append_entry
from tracker.edit_state import known_ids, state_key

ROOT = Path(__file__).resolve().parent.parent

ENTRY = {"id": "new-figure", "place": "zhejiang", "metric": "ai_core_revenue", "comparator": ">", "value": 4000,
         "unit": "亿元", "period": {"start": "2025-01", "end": "2025-08", "kind": "range", "text": "2025年1—8月"},
         "statements": [{"source": "seed-002", "quote": "营业收入突破4000亿元"}], "note": None}
ITEM = "  - id: a\n    place: p\n"

# Layouts a registry may have. The splice must give the round trip's bytes, or step aside.
LAYOUTS = {
    "figures last": f"targets:\n{ITEM}figures:\n{ITEM}",
    "figures last, then comments and blank lines": f"targets:\n{ITEM}figures:\n{ITEM}# the end\n\n",
    "figures not last, comments before the next key": f"figures:\n{ITEM}    # about p\n  # inner\n\n# targets\ntargets:\n{ITEM}",
    "key lines with comments": f"# head\ntargets:   # the goals\n{ITEM}figures: # reported\n  # first\n{ITEM}",
    "no final newline": f"targets:\n{ITEM}figures:\n{ITEM}".rstrip("\n"),
    "flow entries and an end-of-line comment": "figures:\n  - {id: a, place: p}   # one line\n  - id: b\n    d: {x: 1}\n",
    "a block scalar last": "figures:\n  - id: a\n    note: |\n      one\n      two\n\n",
    "a block scalar that keeps its blank lines, then targets": "figures:\n  - id: a\n    note: |+\n      one\n\ntargets:\n" + ITEM,
    "empty flow list": f"targets:\n{ITEM}figures: []   # none yet\n",
    "list missing": f"targets:\n{ITEM}",
    "list missing, comment at the end": f"targets:\n{ITEM}# tail\n",
    "list empty (null)": f"targets:\n{ITEM}figures:\n",
    "document marker": f"---\ntargets:\n{ITEM}figures:\n{ITEM}",
    "items at column 0": f"targets:\n- id: a\nfigures:\n- id: b\n",
    "items indented by four": f"figures:\n    - id: a\n      place: p\n",
    "CRLF line ends": f"targets:\n{ITEM}figures:\n{ITEM}".replace("\n", "\r\n"),
    "figures not last, straight on to the next key": f"figures:\n{ITEM}targets:\n{ITEM}",
    "figures last, an indented comment after the last value": f"figures:\n{ITEM}    # about p\n",
    "figures last, a flow mapping then comments": "figures:\n  - id: a\n    d: {x: 1}\n  # inner\n# end\n",
}
SPLICED = {"figures last", "figures not last, straight on to the next key", "key lines with comments",
           "no final newline", "flow entries and an end-of-line comment"}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_splice_writes_what_the_round_trip_writes_or_steps_aside(layout):
    text = LAYOUTS[layout]
    old = _round_tripped(Path("targets.yaml"), text, "figures", ENTRY)
    spliced = _spliced(text, "figures", ENTRY)
    assert (spliced is not None) == (layout in SPLICED)
    if spliced is not None:
        assert spliced.text == old
        # the rest of the file untouched: only the entry's lines (and a missing final newline) added
        assert spliced.text.replace(spliced.before + spliced.lines, "", 1) == text
        assert yamlio.load(spliced.text, "x") == yamlio.load(old, "x")


def test_a_target_goes_before_the_figures_as_the_round_trip_puts_it():
    text = LAYOUTS["figures last"]
    target = {"id": "t", "place": "zhejiang", "metric": "m", "comparator": ">=", "value": 1,
              "deadline": {"date": "2027", "precision": "year"}, "statements": [{"source": "s", "quote": "1"}]}
    spliced = _spliced(text, "targets", target)
    assert spliced.text == _round_tripped(Path("targets.yaml"), text, "targets", target)
    assert [e["id"] for e in yamlio.load(spliced.text, "x")["targets"]] == ["a", "t"]


def _generate(out: Path, targets: int) -> Path:
    spec = importlib.util.spec_from_file_location("generate", ROOT / "benchmarks" / "generate.py")
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    generate.generate(out, targets)
    return out / "targets.yaml"


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> dict[int, Path]:
    folder = tmp_path_factory.mktemp("generated")
    return {n: _generate(folder / str(n), n) for n in (300, 1000)}


def primed(generated: Path, folder: Path) -> Path:
    """A fresh copy of a generated registry, its valid state recorded by one edit."""
    import shutil

    shutil.copytree(generated.parent, folder)
    path = folder / "targets.yaml"
    assert append_entry(path, "figures", figure("prime")).validated == "whole"
    return path


@pytest.fixture
def registry(generated, tmp_path) -> Path:
    return primed(generated[300], tmp_path / "reg")


@pytest.fixture
def registry_1k(generated, tmp_path) -> Path:
    return primed(generated[1000], tmp_path / "reg")


def figure(figure_id: str, **changes) -> dict:
    """A figure on the generated registry: src-000016 is published in 2026-06."""
    entry = {"id": figure_id, "place": "zhejiang", "metric": "ai_core_revenue", "comparator": ">", "value": 4000,
             "unit": "亿元", "period": {"start": "2025-01", "end": "2025-08", "kind": "range", "text": "2025年1—8月"},
             "statements": [{"source": "src-000016", "quote": "2025年1—8月，全省营业收入突破4000亿元"}]}
    entry.update(changes)
    return entry


def test_a_generated_registry_splices_byte_identical_to_the_round_trip(tmp_path):
    path = _generate(tmp_path / "small", 40)
    text = path.read_text(encoding="utf-8")
    for kind, entry in (("figures", figure("f-new")), ("targets", {**figure("t-new"), "period": None})):
        spliced = _spliced(text, kind, entry)
        assert spliced is not None and spliced.text == _round_tripped(path, text, kind, entry)


def test_the_next_edit_checks_the_new_entry_only_and_the_whole_registry_agrees(registry):
    before = registry.read_bytes()
    done = append_entry(registry, "figures", figure("second"))
    assert done.validated == "entry" and done.targets == 300
    assert done.figures == len(yamlio.load(after_text := registry.read_text(encoding="utf-8"), "x")["figures"])
    after = after_text.encode()
    assert after.startswith(before) and b"  - id: second\n" in after[len(before):]
    whole = load_registry(registry)  # the whole validation accepts what the one-entry one did
    assert [f.id for f in whole.figures][-2:] == ["prime", "second"]


@pytest.mark.parametrize("change, says", [
    ({"id": "prime"}, "figures.{new}.id: duplicate id 'prime' (also figures.{prime})"),
    ({"place": "atlantis"}, "figures.{new}.place: unknown place 'atlantis'"),
    ({"value": 4500}, "figures.{new}.statements.0.quote: quote does not contain the value 4500"),
    ({"statements": [{"source": "src-999999", "quote": "4000"}]}, "figures.{new}.statements.0.source: unknown source"),
    ({"period": {"start": "2027", "end": "2027", "kind": "year"}}, "figures.{new}.period.start: figure period starts 2027"),
    ({"comparator": "about"}, "figures.{new}.comparator:"),
])
def test_a_bad_entry_is_refused_at_its_line_and_nothing_is_written(registry, change, says):
    before = registry.read_bytes()
    with pytest.raises(RegistryError) as refused:
        append_entry(registry, "figures", figure("bad", **change))
    [problem] = refused.value.problems
    prime = len(yamlio.load(before.decode(), "x")["figures"]) - 1
    assert says.format(new=prime + 1, prime=prime) in str(problem)
    # the line the entry would have started on, or one of its own lines
    first = before.count(b"\n") + 1
    assert problem.file == str(registry) and first <= problem.line < first + 20
    assert registry.read_bytes() == before
    # the whole-registry validation says the same of the same file
    with pytest.raises(RegistryError) as whole:
        load_registry(registry, text=before.decode() + _spliced(before.decode(), "figures", figure("bad", **change)).lines)
    assert [str(p) for p in whole.value.problems] == [str(problem)]


def test_a_new_target_may_link_to_a_known_target_but_not_to_itself(registry):
    target = {"id": "zj-new-target", "place": "zhejiang", "metric": "ai_core_revenue", "comparator": ">", "value": 4000,
              "unit": "亿元", "deadline": {"date": "2027", "precision": "year", "text": "到2027年"},
              "statements": [{"source": "src-000016", "quote": "到2027年营业收入突破4000亿元"}]}
    known = load_registry(registry).targets[0].id
    with pytest.raises(RegistryError, match="a target cannot link to itself"):
        append_entry(registry, "targets", {**target, "links": [{"target": "zj-new-target", "rel": "part_of"}]})
    with pytest.raises(RegistryError, match="unknown target 'nowhere'"):
        append_entry(registry, "targets", {**target, "links": [{"target": "nowhere", "rel": "part_of"}]})
    done = append_entry(registry, "targets", {**target, "links": [{"target": known, "rel": "part_of"}]})
    assert done.validated == "entry" and done.targets == 301
    assert load_registry(registry).targets[-1].links[0].target == known


def test_a_file_edited_by_hand_is_validated_whole_again(registry):
    text = registry.read_text(encoding="utf-8")
    registry.write_text(text.replace("    value: 4000\n", "    value: 4000\n    colour: red\n", 1), encoding="utf-8")
    with pytest.raises(RegistryError, match="colour: unknown field"):
        append_entry(registry, "figures", figure("after-hand-edit"))
    registry.write_text(text + "# a comment added by hand\n", encoding="utf-8")
    assert append_entry(registry, "figures", figure("after-hand-edit")).validated == "whole"
    assert append_entry(registry, "figures", figure("and-the-next")).validated == "entry"


def test_the_dashboards_snapshot_serves_as_the_record(registry):
    from tracker.snapshot import default_cache_dir, load_snapshot

    for record in (default_cache_dir(registry) / "edits").glob("ids-*.json"):
        record.unlink()
    load_snapshot(registry)  # what the running dashboard builds after an edit
    assert append_entry(registry, "figures", figure("from-snapshot")).validated == "entry"
    with pytest.raises(RegistryError, match="duplicate id 'prime'"):
        append_entry(registry, "figures", figure("prime"))


def tracker_add_command(path: Path, figure_id: str) -> list[str]:
    return [sys.executable, "-m", "tracker", "add-figure", "--registry", str(path), "--id", figure_id, "--place", "浙江",
            "--metric", "ai_core_revenue", "--comparator", ">", "--value", "4000", "--unit", "亿元",
            "--period-end", "2025-08", "--period-kind", "point", "--source", "src-000016",
            "--quote", "2025年1—8月，全省营业收入突破4000亿元"]


def tracker_add(path: Path, figure_id: str, **env) -> subprocess.CompletedProcess:
    return subprocess.run(tracker_add_command(path, figure_id), capture_output=True, text=True, cwd=ROOT,
                          timeout=300, env={**os.environ, **env})


def test_twenty_concurrent_writers_on_a_1k_registry_all_land_and_say_they_wait(registry_1k):
    # The test holds the lock until every writer has said it waits, so each one must wait and
    # say so, however fast the machine; then they all contend for it at once.
    started = time.monotonic()
    with FileLock(str(registry_1k) + ".lock"):
        writers = [subprocess.Popen(tracker_add_command(registry_1k, f"concurrent-{n}"), cwd=ROOT, text=True,
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE) for n in range(20)]
        with ThreadPoolExecutor(max_workers=20) as pool:
            first_lines = list(pool.map(lambda writer: writer.stderr.readline(), writers, timeout=300))
    assert first_lines == ["waiting for another edit of targets.yaml to finish…\n"] * 20
    rests = [writer.communicate(timeout=300)[1] for writer in writers]
    runs = [(writer.returncode, rest) for writer, rest in zip(writers, rests)]
    took = time.monotonic() - started
    assert [code for code, _ in runs] == [0] * 20, [rest for code, rest in runs if code]
    assert [rest for _, rest in runs] == [""] * 20  # nothing more: no second notice, no traceback
    registry = load_registry(registry_1k)
    assert sorted(f.id for f in registry.figures if f.id.startswith("concurrent-")) == sorted(
        f"concurrent-{n}" for n in range(20))
    assert not list(registry_1k.parent.glob(".targets.yaml.*.tmp"))
    print(f"20 concurrent add-figure on 1k targets: {took:.1f} s")


def test_a_writer_that_cannot_get_the_lock_says_so_in_one_line(registry):
    before = registry.read_bytes()
    with FileLock(str(registry) + ".lock"):
        run = tracker_add(registry, "too-late", TRACKER_LOCK_TIMEOUT="3")
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert run.stderr.splitlines() == [
        "waiting for another edit of targets.yaml to finish…",
        f"error: {registry}: another edit of targets.yaml held its lock for over 3 s; "
        "try again when it is done; nothing was changed."]
    assert registry.read_bytes() == before
