"""The entries a registry loads share one set of field names per shape (tracker/schema.py's
shared_field_sets: half their memory at 100,000 targets), and that sharing never shows: a copy
made with changes is changed alone, and every entry dumps as it did."""

from __future__ import annotations

import copy
from pathlib import Path

from tracker.registry import load_registry

ROOT = Path(__file__).resolve().parent.parent


def test_loaded_entries_share_their_field_sets_and_copies_change_alone():
    registry = load_registry(ROOT / "targets.yaml")
    unnoted = [f for f in registry.figures if "note" not in f.model_fields_set]
    same_shape = [f for f in unnoted if f.model_fields_set == unnoted[0].model_fields_set]
    assert len(same_shape) >= 2, "the shipped registry has figures of the same shape"
    first, second = same_shape[:2]
    assert first.__pydantic_fields_set__ is second.__pydantic_fields_set__
    assert first.statements[0].__pydantic_fields_set__ is second.statements[0].__pydantic_fields_set__

    noted = first.model_copy(update={"note": "checked against the statistics bureau's table"})
    assert "note" in noted.model_fields_set
    assert "note" not in first.model_fields_set and "note" not in second.model_fields_set
    deep = copy.deepcopy(second)
    assert deep == second and deep.model_fields_set is not second.model_fields_set

    # What was given, and only that, is what an exclude_unset dump writes, shared set or not.
    assert "note" not in first.model_dump(exclude_unset=True)
    assert noted.model_dump(exclude_unset=True)["note"] == "checked against the statistics bureau's table"
