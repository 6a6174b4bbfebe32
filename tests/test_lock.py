"""CI and every developer install the tested versions from the lock files; the bounded ranges
in requirements*.txt are what the lock was made from. The two must never disagree."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s\\;]+)", re.M)


def ranges(name: str) -> list[Requirement]:
    """The requirements a requirements file names (following -r includes)."""
    found = []
    for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("-r "):
            found += ranges(line[3:].strip())
        elif line:
            found.append(Requirement(line))
    return found


def pins(name: str) -> dict[str, str]:
    text = (ROOT / name).read_text(encoding="utf-8")
    return {canonicalize_name(match[1]): match[2] for match in PIN.finditer(text)}


def disagreements(requirements: list[Requirement], locked: dict[str, str]) -> list[str]:
    problems = []
    for requirement in requirements:
        version = locked.get(canonicalize_name(requirement.name))
        if version is None:
            problems.append(f"{requirement} is not in the lock")
        elif not requirement.specifier.contains(version, prereleases=True):
            problems.append(f"{requirement} but the lock has {version}")
    return problems


def test_every_range_is_met_by_the_locked_version():
    assert disagreements(ranges("requirements.txt"), pins("requirements.lock")) == [], \
        "run `bash scripts/lock` and commit the lock"
    assert disagreements(ranges("requirements-test.txt"), pins("requirements-test.lock")) == [], \
        "run `bash scripts/lock` and commit the lock"


def test_the_runtime_lock_is_the_test_locks_versions():
    """The dashboard runs with exactly the versions the tests ran with."""
    runtime, test = pins("requirements.lock"), pins("requirements-test.lock")
    assert runtime and {name: test.get(name) for name in runtime} == runtime


def test_every_locked_package_has_its_hashes():
    for name in ("requirements.lock", "requirements-test.lock"):
        entries = re.split(r"\n(?=[A-Za-z0-9])", (ROOT / name).read_text(encoding="utf-8"))
        unhashed = [e.split()[0] for e in entries if PIN.match(e) and "--hash=sha256:" not in e]
        assert unhashed == [], name


def test_a_range_the_lock_breaks_is_named():
    """What the check reports when someone widens or moves a range without locking again."""
    [moved] = disagreements([Requirement("pyyaml>=7,<8")], {"pyyaml": "6.0.4"})
    assert moved.startswith("pyyaml") and moved.endswith("but the lock has 6.0.4")
    [missing] = disagreements([Requirement("newthing>=1")], {})
    assert missing.startswith("newthing") and missing.endswith("is not in the lock")
    assert disagreements([Requirement("pyyaml>=6.0.3,<7")], {"pyyaml": "6.0.4"}) == []


def test_the_package_installs_the_same_ranges_as_requirements_txt():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["dynamic"] == ["dependencies"]
    assert project["tool"]["setuptools"]["dynamic"]["dependencies"] == {"file": ["requirements.txt"]}
    assert project["project"]["scripts"]["tracker"] == "tracker.cli:main"
