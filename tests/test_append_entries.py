"""Many new entries in one edit (`append_entries`, which `extract --merge` uses): validated
each against the last valid state and the batch's entries before it, written in one lock and
one atomic write, all or nothing, with the same file:line problems as one `append_entry`."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tracker import RegistryError, load_registry, yamlio
from tracker.edit import _spliced_batch, append_entries

from test_edit_scale import figure, generated, primed, registry  # noqa: F401 - fixtures

ROOT = Path(__file__).resolve().parent.parent

TARGET = {"id": "zj-batch-target", "place": "zhejiang", "metric": "ai_core_revenue", "comparator": ">", "value": 6000,
          "unit": "亿元", "deadline": {"date": "2027", "precision": "year", "text": "到2027年"},
          "statements": [{"source": "src-000016", "quote": "到2027年，全省营业收入突破6000亿元"}]}


def batch(tag: str, n: int = 20) -> list[tuple[str, dict]]:
    """A target and figures, as `extract --merge` would bring them."""
    return [("targets", {**TARGET, "id": f"{tag}-target"})] + [("figures", figure(f"{tag}-{i}")) for i in range(n - 1)]


def test_a_batch_lands_whole_in_one_write(registry):
    before = registry.read_bytes()
    done = append_entries(registry, batch("b"))
    assert done.validated == "entry"
    whole = load_registry(registry)  # the whole validation accepts what the entry one did
    assert [t.id for t in whole.targets][-1] == "b-target"
    assert [f.id for f in whole.figures][-19:] == [f"b-{i}" for i in range(19)]
    assert (done.targets, done.figures) == (len(whole.targets), len(whole.figures))
    # the same bytes as the splice of the whole batch: every other line as it was
    assert registry.read_text(encoding="utf-8") == _spliced_batch(before.decode(), batch("b")).text
    assert not list(registry.parent.glob(".targets.yaml.*.tmp"))


def test_a_batch_after_another_is_checked_against_it(registry):
    append_entries(registry, batch("first", 3))
    with pytest.raises(RegistryError) as refused:
        append_entries(registry, [("figures", figure("first-1"))])
    assert "duplicate id 'first-1'" in str(refused.value)


@pytest.mark.parametrize("bad, says", [
    (figure("middle", value=4500), "statements.0.quote: quote does not contain the value 4500"),
    (figure("middle", place="atlantis"), "place: unknown place 'atlantis'"),
    (figure("b-1"), "id: duplicate id 'b-1' (also figures.{first})"),
])
def test_a_bad_entry_in_the_middle_refuses_the_whole_batch_at_its_line(registry, bad, says):
    before = registry.read_bytes()
    entries = batch("b", 6)
    entries.insert(3, ("figures", bad))
    with pytest.raises(RegistryError) as refused:
        append_entries(registry, entries)
    [problem] = refused.value.problems
    assert registry.read_bytes() == before  # nothing written
    figures_before = len(yamlio.load(before.decode(), "x")["figures"])
    # the bad figure is the third of the batch's figures; a duplicate names the first of it
    assert f"figures.{figures_before + 2}." + says.format(first=figures_before + 1) in str(problem)
    # its line in the file the batch would have written: inside the bad entry's own lines
    spliced = _spliced_batch(before.decode(), entries)
    would_be = spliced.text
    start = [n for n, line in enumerate(would_be.splitlines(), 1) if line == f"  - id: {bad['id']}"][-1]
    assert problem.file == str(registry) and start <= problem.line < start + spliced.entry_lines(3).count("\n")
    # the whole-registry validation finds the same problem at the same place
    with pytest.raises(RegistryError) as whole:
        load_registry(registry, text=would_be)
    assert [str(p) for p in whole.value.problems] == [str(problem)]


def test_two_batches_from_concurrent_processes_both_land(registry):
    code = ("import sys; from tracker.edit import append_entries; from test_append_entries import batch; "
            "append_entries(sys.argv[1], batch(sys.argv[2], 10))")
    writers = [subprocess.Popen([sys.executable, "-c", code, str(registry), tag], cwd=ROOT, text=True,
                                env={**os.environ, "PYTHONPATH": f"{ROOT}:{ROOT / 'tests'}"}, stderr=subprocess.PIPE)
               for tag in ("left", "right")]
    errors = [writer.communicate(timeout=300)[1] for writer in writers]
    assert [writer.returncode for writer in writers] == [0, 0], errors
    ids = {f.id for f in load_registry(registry).figures}
    assert {f"{tag}-{i}" for tag in ("left", "right") for i in range(9)} <= ids


def test_a_target_may_link_to_one_earlier_in_the_batch(registry):
    linked = {**TARGET, "id": "zj-batch-part", "links": [{"target": "zj-batch-whole", "rel": "part_of"}]}
    append_entries(registry, [("targets", {**TARGET, "id": "zj-batch-whole"}), ("targets", linked)])
    links = {t.id: [link.target for link in t.links] for t in load_registry(registry).targets}
    assert links["zj-batch-part"] == ["zj-batch-whole"]
