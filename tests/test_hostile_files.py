"""Files that are not what they seem (issue "Hardening, round two": M3, M4, L14): a FIFO or a
link to /dev/zero where the registry should be, and a source text named by a path that leaves
its folder. Each is refused with one located line; nothing hangs or reads without end."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def validate(registry: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tracker", "validate", str(registry), *extra], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("make", ["fifo", "dev-zero"])
def test_a_registry_that_is_not_a_regular_file_is_refused_not_read(make_registry, make):
    path = make_registry("targets: []\n")
    path.unlink()
    if make == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    done = validate(path, "--no-sources")  # a hang or an endless read would hit the timeout
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert f"{path}:1:1: -: not a regular file" in done.stderr


def test_a_server_beside_a_fifo_keeps_answering(make_registry):
    """The loader's content key once blocked for good in open() on a FIFO."""
    from tracker.snapshot import SnapshotLoader

    path = make_registry("targets: []\nfigures: []\n")
    loader = SnapshotLoader(path, check_sources=False, cache_dir=path.parent / "cache")
    assert loader.settle().error is None
    path.unlink()
    os.mkfifo(path)
    result = loader.settle()
    assert not result.loading and "not a regular file" in str(result.error)


def test_a_source_file_outside_its_folder_is_refused(make_registry):
    path = make_registry("targets: []\n")
    sources = path.parent / "data" / "sources.yaml"
    text = sources.read_text(encoding="utf-8")
    sources.write_text(text.replace("file: 000_3a4ac980e0e933cd.txt", "file: ../../../../etc/passwd", 1),
                       encoding="utf-8")
    done = validate(path, "--sources", str(ROOT.parent / "shared" / "seeds"))
    assert done.returncode == 1 and "sources.0.file" in done.stderr and "Traceback" not in done.stderr


def test_a_key_given_twice_is_refused_by_the_validator_and_the_writer_alike(make_registry, capsys):
    """Issue 19 M1: a second `targets:` once emptied the registry in silence, and add-figure
    crashed with ruamel's traceback."""
    from tracker.cli import main

    path = make_registry((ROOT / "targets.yaml").read_text(encoding="utf-8") + "targets: []\n")
    line = len(path.read_text(encoding="utf-8").splitlines())
    assert main(["validate", str(path), "--no-sources"]) == 1
    assert f"{path}:{line}:1: syntax: YAML: duplicate key 'targets'" in capsys.readouterr().err
    before = path.read_text(encoding="utf-8")
    assert main(["add-figure", "--registry", str(path), "--id", "x", "--place", "浙江", "--metric", "ai_core_revenue",
                 "--value", "1", "--unit", "亿元", "--source", "seed-002", "--quote", "1"]) == 1
    err = capsys.readouterr().err
    assert "duplicate key 'targets'" in err and "Traceback" not in err and "nothing was changed" in err
    assert path.read_text(encoding="utf-8") == before


ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"b{n}: &b{n} [" + ", ".join([f"*{'a' if n == 1 else f'b{n - 1}'}"] * 10) + "]\n" for n in range(1, 9))


@pytest.mark.parametrize("entry, says", [
    (ALIAS_BOMB, "alias"),
    ("id: !!python/object/apply:os.system ['echo pwned']\n", "syntax"),
    ("id: [unclosed\n", "syntax"),
])
def test_an_entry_file_goes_through_the_registrys_reader(make_registry, tmp_path, entry, says):
    """Issue 19 M7: `add-target --yaml` with a 441-byte alias bomb once spun for ever holding
    the lock; a tag or a syntax error gave a traceback."""
    path = make_registry("targets: []\nfigures: []\n")
    file = tmp_path / "entry.yaml"
    file.write_text(entry, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "tracker", "add-target", "--registry", str(path), "--yaml", str(file)],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "Traceback" not in done.stderr and str(file) in done.stderr
    assert says in done.stderr.lower()
    assert path.read_text(encoding="utf-8") == "targets: []\nfigures: []\n"


def test_an_edit_through_a_symlinked_registry_writes_the_real_file(make_registry, tmp_path):
    """Issue 19 M8: the link was replaced by a regular file and the real file got nothing."""
    from tracker.edit import atomic_write

    real = make_registry("targets: []\nfigures: []\n")
    link = tmp_path / "linked.yaml"
    link.symlink_to(real)
    atomic_write(link, "targets: []\nfigures: []\n# edited\n")
    assert link.is_symlink() and real.read_text(encoding="utf-8").endswith("# edited\n")


def test_a_read_only_registry_is_not_overwritten(make_registry):
    """Issue 19 L6: a 0444 registry was replaced through the rename."""
    from tracker import RegistryError
    from tracker.edit import atomic_write

    path = make_registry("targets: []\nfigures: []\n")
    path.chmod(0o444)
    with pytest.raises(RegistryError, match="read-only"):
        atomic_write(path, "targets: []\n")
    assert path.read_text(encoding="utf-8") == "targets: []\nfigures: []\n"


SEEDS = ROOT.parent / "shared" / "seeds"
ADD_FIGURE = ["add-figure", "--sources", str(SEEDS), "--id", "new-figure", "--place", "浙江", "--metric",
              "ai_core_revenue", "--comparator", ">", "--value", "4000", "--unit", "亿元", "--period-end", "2025-08",
              "--period-kind", "point", "--source", "seed-002",
              "--quote", "2025年1—8月,全省人工智能核心产业企业数量持续增长,营业收入突破4000亿元"]


def tracker(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tracker", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


def test_a_symlink_loop_at_the_registry_is_one_line_not_a_traceback(make_registry, tmp_path):
    """Issue 19 L1/L2: pathlib's resolve() raised RuntimeError("Symlink loop") from validate and add-figure."""
    path = make_registry("targets: []\n")
    path.unlink()
    (tmp_path / "a.yaml").symlink_to(tmp_path / "b.yaml")
    (tmp_path / "b.yaml").symlink_to(tmp_path / "a.yaml")
    path.symlink_to(tmp_path / "a.yaml")
    for done in (validate(path, "--no-sources"), tracker(*ADD_FIGURE, "--registry", str(path))):
        assert done.returncode == 1 and "Traceback" not in done.stderr
        assert str(path) in done.stderr
    assert "nothing was changed" in done.stderr


def test_a_full_disk_is_one_line_and_the_registry_stays_whole(make_registry, monkeypatch, capsys):
    """Issue 19 L5: a full disk, a read-only file system or an unwritable folder gave a traceback."""
    import errno

    from tracker import cli, edit

    path = make_registry("targets: []\nfigures: []\n")

    def no_space(*args, dir=None, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", dir)

    monkeypatch.setattr(edit.tempfile, "mkstemp", no_space)
    assert cli.main([*ADD_FIGURE, "--registry", str(path)]) == 1
    said = capsys.readouterr().err
    assert said.strip().splitlines() == [f"error: {path.parent}: No space left on device; nothing was changed."]
    assert path.read_text(encoding="utf-8") == "targets: []\nfigures: []\n"


def test_temporary_files_left_by_a_killed_writer_are_removed_by_the_next_edit(make_registry):
    """Issue 19 L7: `kill -9` in the write window left `.targets.yaml.*.tmp` beside the registry."""
    path = make_registry("targets: []\nfigures: []\n")
    stale = path.parent / ".targets.yaml.k1ll3d.tmp"
    stale.write_text("half a registry", encoding="utf-8")
    done = tracker(*ADD_FIGURE, "--registry", str(path))
    assert done.returncode == 0, done.stderr
    assert not stale.exists() and "new-figure" in path.read_text(encoding="utf-8")
    assert list(path.parent.glob(".targets.yaml.*.tmp")) == []


@pytest.mark.parametrize("character", ["\u2028", "\u2029", "\u0085"])
def test_a_unicode_line_break_is_named_at_the_line_an_editor_shows(make_registry, character):
    """Issue 19 L3: YAML reads U+2028/U+2029/NEL as line breaks: inside a comment the rest of the
    line became data and every later line number was off."""
    path = make_registry(f"targets: []\n# a note{character} with a hidden break\nfigures: []\n")
    done = validate(path, "--no-sources")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith(f"{path}:2:9: syntax: a U+")


def test_a_bad_time_of_day_is_located_at_its_line(make_registry):
    """Issue 19 L3: a timestamp the loader cannot read was reported at 1:1."""
    path = make_registry("targets: []\nfigures: []\nnote: 2025-12-31 25:61:00\n")
    done = validate(path, "--no-sources")
    assert done.returncode == 1 and f"{path}:3:7: syntax: '2025-12-31 25:61:00'" in done.stderr
