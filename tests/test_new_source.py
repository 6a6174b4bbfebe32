"""Registering a new article on a large registry costs what the article costs, not what the
registry holds: with the registry's last valid state on record, `tracker add-source` checks the
new source on its own (schema, id, checksum, its text) instead of validating every claim again,
writes data/sources.yaml as the full round trip would, and leaves the state on record so the
`add-figure` citing it is incremental too. The articles here are made up."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker import edit, load_registry
from tracker.cli import main

REGISTER = ["--publisher", "某市人民政府", "--published", "2026-03", "--kind", "policy"]


def article(n: int) -> str:
    return (f"某市人民政府关于推进人工智能产业发展的实施方案（示例{n}）\n"
            f"截至2026年2月底，全市智能算力规模超过{n}0EFLOPS，培育人工智能企业{n}00家。\n")


@pytest.fixture
def registry(lone) -> Path:
    return lone


def register(registry: Path, n: int, capsys, *extra: str) -> tuple[int, str]:
    file = registry.parent / f"article-{n}.txt"
    file.write_text(article(n), encoding="utf-8")
    code = main(["add-source", str(file), "--registry", str(registry), "--title", f"某市实施方案（示例{n}）",
                 *REGISTER, *extra])
    out, err = capsys.readouterr()
    return code, out + err


def whole_validations(monkeypatch) -> list:
    """The whole-registry validations edits run from now on (each call's arguments)."""
    calls: list = []

    def counted(*args, **kwargs):
        calls.append(args)
        return load_registry(*args, **kwargs)

    monkeypatch.setattr(edit, "load_registry", counted)
    return calls


def test_with_the_state_on_record_a_new_source_is_checked_on_its_own(registry, capsys, monkeypatch):
    code, said = register(registry, 1, capsys)  # no record yet: the whole registry, once
    assert code == 0, said
    sources = registry.parent / "data" / "sources.yaml"
    before = sources.read_text(encoding="utf-8")

    whole = whole_validations(monkeypatch)
    code, said = register(registry, 2, capsys)
    assert code == 0, said
    assert whole == []
    new_id = said.split()[1].rstrip(":")
    assert new_id.startswith("src-") and "now 7 sources" in said

    entry = load_registry(registry, check_sources=True).sources[new_id].model_dump(mode="json", exclude_none=True)
    assert sources.read_text(encoding="utf-8") == edit._round_tripped(sources, before, "sources", entry)
    assert (registry.parent / "sources" / f"{new_id}.txt").read_text(encoding="utf-8") == article(2)

    # the figure citing it is checked against the state the source left on record
    code = main(["add-figure", "--registry", str(registry), "--id", "example-compute-2026-02", "--place", "浙江",
                 "--metric", "intelligent_compute", "--comparator", ">", "--value", "20", "--unit", "EFLOPS",
                 "--period-end", "2026-02", "--period-kind", "point", "--period-text", "截至2026年2月底",
                 "--source", new_id, "--quote", "截至2026年2月底，全市智能算力规模超过20EFLOPS"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert whole == []
    assert main(["validate", str(registry), "--no-sources"]) == 0, capsys.readouterr()
    assert "example-compute-2026-02" in {f.id for f in load_registry(registry, check_sources=False).figures}


def test_a_source_whose_id_is_taken_is_refused_at_its_line_and_nothing_is_written(registry, capsys, monkeypatch):
    assert register(registry, 1, capsys)[0] == 0
    taken = next(iter(load_registry(registry, check_sources=False).sources))
    sources = registry.parent / "data" / "sources.yaml"
    before = sources.read_bytes()
    whole = whole_validations(monkeypatch)

    code, said = register(registry, 2, capsys, "--id", taken)
    assert code == 1 and whole == []
    lines = before.decode("utf-8").count("\n")
    assert f"sources.yaml:{lines + 1}:" in said and f"duplicate id {taken!r}" in said
    assert "nothing was changed" in said
    assert sources.read_bytes() == before
    assert not (registry.parent / "sources" / f"{taken}.txt").exists()


def test_after_a_hand_edit_the_whole_registry_is_validated_again(registry, capsys, monkeypatch):
    assert register(registry, 1, capsys)[0] == 0
    sources = registry.parent / "data" / "sources.yaml"
    sources.write_text(sources.read_text(encoding="utf-8") + "# checked by hand\n", encoding="utf-8")
    whole = whole_validations(monkeypatch)
    code, said = register(registry, 2, capsys)
    assert code == 0, said
    assert len(whole) == 1  # the hand edit is not on record: everything is checked with the new source
    assert register(registry, 3, capsys)[0] == 0
    assert len(whole) == 1  # and recorded again: the next source is checked on its own
