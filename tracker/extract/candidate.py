"""A proposed registry entry, with its confidence and the reason for its kind."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Fields that only `extract` prints; merging strips them before validation.
EXTRACT_ONLY_FIELDS = ("value_base", "confidence", "reason", "flags")


@dataclass
class Candidate:
    kind: str                    # "targets" | "figures"
    entry: dict[str, Any]
    confidence: float
    reason: str
    value_base: float | None
    start: int                   # the quote's offsets in the text
    end: int
    flags: list[str] = field(default_factory=list)
    parent: Candidate | None = field(default=None, repr=False, compare=False)  # 其中/即: part of
    # for --explain: the first statement of the same claim, or the gate that held it back
    repeat_of: Candidate | None = field(default=None, repr=False, compare=False)
    gate: str | None = field(default=None, repr=False, compare=False)
    warnings: list[str] = field(default_factory=list)  # what the extractor is unsure of (printed in flags)
    # what the confidence was computed from (build.confidence_features; refitted by benchmarks/calibrate_extract.py)
    features: dict[str, float] = field(default_factory=dict, repr=False, compare=False)

    def as_yaml_entry(self) -> dict[str, Any]:
        entry = dict(self.entry)
        entry["value_base"] = self.value_base
        entry["confidence"] = self.confidence
        entry["reason"] = self.reason
        if self.warnings or self.flags:
            entry["flags"] = [*self.warnings, *self.flags]
        return entry

    def registry_entry(self) -> dict[str, Any]:
        """The entry as the registry takes it: extract-only fields and empty values dropped."""
        return {k: v for k, v in self.entry.items() if k not in EXTRACT_ONLY_FIELDS and v not in (None, [], {})}
