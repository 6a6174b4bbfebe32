"""Problems found in a registry, each pinned to a file, line, column and field."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    column: int
    field: str
    message: str

    @property
    def location(self) -> str:
        """file:line:column, as editors and the command line write a place in a file."""
        return f"{self.file}:{self.line}:{self.column}"

    def __str__(self) -> str:
        return f"{self.location}: {self.field}: {self.message}"


class RegistryError(Exception):
    """A registry that cannot be used; `problems` lists every reason found, the root causes
    first: `causes`, then `follow_on`, the problems that may only follow from them (a target
    naming a place of a places.yaml that could not be read)."""

    def __init__(self, problems: list[Problem], follow_on: list[Problem] = ()):
        self.causes = sorted(problems)
        self.follow_on = sorted(follow_on)
        self.problems = self.causes + self.follow_on
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def single(cls, file: str | Path, message: str, line: int = 1, column: int = 1,
               field: str = "-") -> "RegistryError":
        return cls([Problem(str(file), line, column, field, message)])
