"""A registry split into a folder of YAML files (one a place): it loads as one registry, its
ids are unique across files, links cross files, an edit writes one file only, a file not
changed is not parsed again, and a broken file among many is named while the rest serves."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tracker import RegistryError, load_registry
from tracker import claim_files
from tracker.edit import append_entry
from tracker.snapshot import SnapshotLoader, load_snapshot

ROOT = Path(__file__).resolve().parent.parent

from test_reliability import GOOD  # hz-compute (Hangzhou's target) and zj-revenue (Zhejiang's figure)

TARGETS, FIGURES = GOOD.split("figures:\n")
# Hangzhou's target, part of Zhejiang's target in another file (line 14: the link)
HANGZHOU = "# Hangzhou's claims\n" + TARGETS.replace("    links: []\n", "    links:\n      - {rel: part_of, target: zj-compute}\n")
ZHEJIANG = (TARGETS.replace("id: hz-compute", "id: zj-compute").replace("place: hangzhou", "place: zhejiang")
            .replace("value: 50", "value: 80").replace("全市投入市场的智算规模超过50", "全省智算规模超过80")
            + "figures:\n" + FIGURES)

FIGURE = {"id": "hz-revenue", "place": "xihu", "metric": "ai_core_revenue", "comparator": ">", "value": 300,
          "unit": "亿元", "period": {"start": "2025", "end": "2025", "kind": "year", "text": "2025年"},
          "statements": [{"source": "seed-002", "quote": "营业收入突破300亿元"}]}


def other_city(n: int) -> str:
    """A file of one figure, for registries of many files."""
    return f"""\
figures:
  - id: fig-{n}
    place: jiangsu
    metric: ai_core_revenue
    comparator: ">"
    value: {100 + n}
    unit: 亿元
    period: {{start: "2025", end: "2025", kind: year, text: 2025年}}
    statements:
      - source: seed-002
        quote: 营业收入突破{100 + n}亿元
"""


@pytest.fixture
def make_folder(tmp_path: Path):
    """make_folder({relative path: text}) writes a folder registry `registry/` beside a copy of
    data/ and returns its path."""
    def make(files: dict[str, str]) -> Path:
        shutil.copytree(ROOT / "data", tmp_path / "data", dirs_exist_ok=True)
        folder = tmp_path / "registry"
        for name, text in files.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(text, encoding="utf-8")
        return folder
    return make


def contents(folder: Path) -> dict[str, bytes]:
    return {f.relative_to(folder).as_posix(): f.read_bytes() for f in sorted(folder.rglob("*.yaml"))}


def test_a_folder_loads_as_one_registry_with_links_across_files(make_folder):
    folder = make_folder({"zhejiang.yaml": ZHEJIANG, "zhejiang/hangzhou.yaml": HANGZHOU})
    registry = load_registry(folder, check_sources=False)
    assert [t.id for t in registry.targets] == ["zj-compute", "hz-compute"]  # files in path order
    assert [f.id for f in registry.figures] == ["zj-revenue"]
    snapshot = load_snapshot(folder, check_sources=False, cache_dir=folder.parent / "cache")
    assert snapshot.linked_to("hz-compute") == [("part_of", "zj-compute")]
    assert snapshot.linked_to("zj-compute") == [("part_of ←", "hz-compute")]


def test_the_same_folder_of_texts_checks_quotes_as_one_file_does(make_folder, seeds):
    folder = make_folder({"zhejiang/hangzhou.yaml": HANGZHOU.replace("全市投入", "全市投放")})
    with pytest.raises(RegistryError) as caught:
        load_registry(folder, sources_dir=seeds)
    quote = [p for p in caught.value.problems if p.field.endswith("quote")]
    assert quote and quote[0].file == str(folder / "zhejiang" / "hangzhou.yaml") and quote[0].line == 12


def test_a_duplicate_id_across_files_names_both_files_and_lines(make_folder):
    folder = make_folder({"zhejiang.yaml": ZHEJIANG, "zhejiang/hangzhou.yaml": HANGZHOU.replace("id: hz-compute", "id: zj-compute")})
    with pytest.raises(RegistryError) as caught:
        load_registry(folder, check_sources=False)
    [problem] = [p for p in caught.value.problems if "duplicate" in p.message]
    assert (problem.file, problem.line, problem.field) == (str(folder / "zhejiang" / "hangzhou.yaml"), 3, "targets.0.id")
    assert f"{folder / 'zhejiang.yaml'}:2" in problem.message


def test_a_link_to_no_target_in_any_file_is_located(make_folder):
    folder = make_folder({"zhejiang/hangzhou.yaml": HANGZHOU})  # zj-compute's file is missing
    with pytest.raises(RegistryError) as caught:
        load_registry(folder, check_sources=False)
    [problem] = caught.value.problems
    assert problem.file == str(folder / "zhejiang" / "hangzhou.yaml") and problem.line == 14
    assert "unknown target 'zj-compute'" in problem.message


def test_an_edit_lands_in_its_places_file_and_leaves_every_other_file_byte_identical(make_folder):
    folder = make_folder({"zhejiang.yaml": ZHEJIANG, "zhejiang/hangzhou.yaml": HANGZHOU,
                          **{f"jiangsu/city-{n}.yaml": other_city(n) for n in range(3)}})
    before = contents(folder)
    first = append_entry(folder, "figures", dict(FIGURE), check_sources=False)  # no record yet: whole validation
    second = append_entry(folder, "figures", {**FIGURE, "id": "hz-revenue-2", "place": "hangzhou"}, check_sources=False)
    assert (first.validated, second.validated) == ("whole", "entry")
    assert first.file == second.file == folder / "zhejiang" / "hangzhou.yaml"  # xihu's nearest ancestor with a file
    after = contents(folder)
    assert {name for name in after if after[name] != before.get(name)} == {"zhejiang/hangzhou.yaml"}
    grown = after["zhejiang/hangzhou.yaml"]
    assert grown.startswith(before["zhejiang/hangzhou.yaml"]) and b"  - id: hz-revenue-2\n" in grown
    assert [f.id for f in load_registry(folder, check_sources=False).figures][-2:] == ["hz-revenue", "hz-revenue-2"]


def test_a_place_with_no_file_gets_a_new_one_under_its_ancestors_and_file_chooses(make_folder):
    folder = make_folder({"zhejiang/hangzhou.yaml": HANGZHOU, "zhejiang.yaml": ZHEJIANG})
    done = append_entry(folder, "figures", {**FIGURE, "id": "nb-revenue", "place": "jiangsu"}, check_sources=False)
    assert done.file == folder / "jiangsu.yaml"
    chosen = append_entry(folder, "figures", {**FIGURE, "id": "hz-2"}, check_sources=False, file="misc/notes.yaml")
    assert chosen.file == folder / "misc" / "notes.yaml"
    assert (folder / "misc" / "notes.yaml").read_text(encoding="utf-8").startswith("figures:\n  - id: hz-2\n")
    with pytest.raises(RegistryError, match="inside the registry folder"):
        append_entry(folder, "figures", {**FIGURE, "id": "hz-3"}, check_sources=False, file="../outside.yaml")
    registry = load_registry(folder, check_sources=False)
    assert {f.id for f in registry.figures} == {"zj-revenue", "nb-revenue", "hz-2"}


def test_a_refused_edit_names_its_file_and_line_and_writes_nothing(make_folder):
    folder = make_folder({"zhejiang/hangzhou.yaml": HANGZHOU, "zhejiang.yaml": ZHEJIANG})
    append_entry(folder, "figures", dict(FIGURE), check_sources=False)  # the record of a valid state
    before = contents(folder)
    for entry in ({**FIGURE, "id": "zj-revenue"}, {**FIGURE, "id": "new", "metric": "no_such_metric"},
                  {**FIGURE, "id": "new-place", "place": "ningbo", "metric": "no_such_metric"}):
        with pytest.raises(RegistryError) as caught:
            append_entry(folder, "figures", entry, check_sources=False)
        problem = caught.value.problems[0]
        assert problem.file.endswith(".yaml") and problem.line > 1, problem
        assert contents(folder) == before
    assert not (folder / "zhejiang" / "ningbo.yaml").exists()


def test_editing_one_file_parses_only_that_file_again(make_folder, tmp_path):
    files = {f"jiangsu/city-{n}.yaml": other_city(n) for n in range(12)}  # enough to use the process pool
    folder = make_folder(files)
    records = tmp_path / "records"

    def parses() -> dict[str, int]:
        before = dict(claim_files.PARSED)
        registry = load_registry(folder, check_sources=False, records_dir=records)
        assert len(registry.figures) == 12
        return {Path(name).name: n - before.get(name, 0) for name, n in claim_files.PARSED.items()
                if n - before.get(name, 0)}

    assert parses() == {f"city-{n}.yaml": 1 for n in range(12)}
    assert len(list(records.glob("*.json"))) == 12
    assert parses() == {}  # every file from its record
    edited = folder / "jiangsu" / "city-5.yaml"
    edited.write_text(other_city(5).replace("value: 105", "value: 106").replace("突破105", "突破106"), encoding="utf-8")
    assert parses() == {"city-5.yaml": 1}
    assert len(list(records.glob("*.json"))) == 13  # the old content's record stays a while


def test_a_broken_file_among_many_is_named_and_the_last_good_registry_keeps_serving(make_folder):
    folder = make_folder({"zhejiang.yaml": ZHEJIANG, "zhejiang/hangzhou.yaml": HANGZHOU,
                          **{f"jiangsu/city-{n}.yaml": other_city(n) for n in range(30)}})
    loader = SnapshotLoader(folder, check_sources=False, cache_dir=folder.parent / "cache")
    good = loader.settle()
    assert good.error is None and len(good.snapshot.figures) == 31
    broken = folder / "jiangsu" / "city-17.yaml"
    broken.write_text(other_city(17).replace("    value: 117", "    value: [117"), encoding="utf-8")
    result = loader.settle()
    assert result.error is not None and result.snapshot is good.snapshot
    # located, though the build ran in a child process
    assert result.error.problems and all(p.file == str(broken) and p.line >= 6 for p in result.error.problems)
    broken.write_text(other_city(17), encoding="utf-8")
    assert loader.settle().error is None


WRITER = """
import sys
from tracker.edit import append_entry
append_entry(sys.argv[1], "figures", {"id": sys.argv[2], "place": "zhejiang", "metric": "ai_core_revenue",
             "comparator": ">", "value": 300, "unit": "亿元",
             "period": {"start": "2025", "end": "2025", "kind": "year", "text": "2025年"},
             "statements": [{"source": "seed-002", "quote": "营业收入突破300亿元"}]}, check_sources=False)
"""


def test_concurrent_edits_of_a_folder_all_land(make_folder):
    folder = make_folder({"zhejiang.yaml": ZHEJIANG, "zhejiang/hangzhou.yaml": HANGZHOU})
    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    def run(n: int):
        return subprocess.run([sys.executable, "-c", WRITER, str(folder), f"c-{n}"], capture_output=True,
                              text=True, cwd=folder.parent, env=env, timeout=300)

    with ThreadPoolExecutor(6) as pool:
        runs = list(pool.map(run, range(6)))
    assert all(r.returncode == 0 for r in runs), [r.stderr for r in runs]
    text = (folder / "zhejiang.yaml").read_text(encoding="utf-8")
    assert all(f"  - id: c-{n}\n" in text for n in range(6))
    assert (folder / "zhejiang" / "hangzhou.yaml").read_text(encoding="utf-8") == HANGZHOU
    assert len(load_registry(folder, check_sources=False).figures) == 7


def test_add_entry_as_extract_merge_uses_it_writes_the_places_file(make_folder):
    from tracker.edit import add_entry

    folder = make_folder({"zhejiang.yaml": ZHEJIANG, "zhejiang/hangzhou.yaml": HANGZHOU})
    before = contents(folder)
    registry = add_entry(folder, "figures", dict(FIGURE), check_sources=False)
    assert [f.id for f in registry.figures] == ["zj-revenue", "hz-revenue"]
    after = contents(folder)
    assert {name for name in after if after[name] != before[name]} == {"zhejiang/hangzhou.yaml"}


def test_a_batch_for_two_places_lands_in_both_files_or_in_neither(make_folder):
    from tracker.edit import append_entries

    folder = make_folder({"zhejiang.yaml": ZHEJIANG, "zhejiang/hangzhou.yaml": HANGZHOU})
    append_entry(folder, "figures", dict(FIGURE), check_sources=False)  # puts the valid state on record
    before = contents(folder)
    provincial = {**FIGURE, "id": "zj-revenue-2", "place": "zhejiang"}
    bad = {**FIGURE, "id": "hz-revenue-bad", "place": "hangzhou", "metric": "no_such_metric"}
    with pytest.raises(RegistryError) as caught:
        append_entries(folder, [("figures", provincial), ("figures", bad)], check_sources=False)
    [problem] = caught.value.problems
    assert problem.file == str(folder / "zhejiang" / "hangzhou.yaml") and "no_such_metric" in problem.message
    assert contents(folder) == before  # the good entry's file is not written either
    done = append_entries(folder, [("figures", provincial), ("figures", {**bad, "metric": "ai_core_revenue"})],
                          check_sources=False)
    assert done.validated == "entry"
    assert set(done.files) == {folder / "zhejiang.yaml", folder / "zhejiang" / "hangzhou.yaml"}
    assert {f.id: f.place for f in load_registry(folder, check_sources=False).figures if f.id != "zj-revenue"} == {
        "hz-revenue": "xihu", "zj-revenue-2": "zhejiang", "hz-revenue-bad": "hangzhou"}
