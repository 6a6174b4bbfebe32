"""`bench_edit.py --aims` prints issue 17's aims beside the figures the benchmarks measured:
a figure within its limit reads met, one over it not met, one the run did not measure says so."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from aims import aims_table, amount  # noqa: E402

HEADER = ["size", "what", "wall", "peak RSS", "runs"]


def line(printed: str, aim: str) -> str:
    return next(row for row in printed.splitlines() if row.startswith(f"| {aim}"))


def test_each_aim_reads_met_or_not_met_from_the_rows_the_benchmarks_printed():
    rows = [["10k folder", "add-figure", "757 ms", "77.9 MB", "median of 5"],
            ["100k folder", "add-figure", "3.4 s", "701.2 MB", "median of 5"],
            ["100k folder", "floor: yaml.load (CSafeLoader) of zhejiang.yaml (449.6 KB)", "171 ms", "", "median of 3"]]
    printed = aims_table({"edit": (HEADER, rows)}, ["10k", "100k"])

    wall = line(printed, "`tracker add-figure`, wall")
    assert "757 ms (≤ 2 s) **met**" in wall and "3.4 s (≤ 3 s) **not met**" in wall
    memory = line(printed, "peak memory of one edit")
    assert "77.9 MB (≤ 400 MB) **met**" in memory and "701.2 MB (≤ 600 MB) **not met**" in memory
    # a floor has no limit; its row is found by the start of its name (the file's name follows)
    assert "171 ms (–)" in line(printed, "floor: `yaml.load`")
    assert "not measured (≤ 10 s)" in line(printed, "edit → visible")


def test_the_figures_are_read_back_as_the_benchmarks_format_them():
    assert amount("757 ms") == 0.757
    assert amount("0.2 ms") == 0.0002
    assert amount("87.7 s") == 87.7
    assert amount("2.7 GB") == 2.7 * 1024 ** 3
    assert amount("–") is None
