"""Keeping a build's memory and time in bounds at national size: the entries' field sets
shared, and Python's cyclic garbage collector paused while a snapshot is built or judged."""

from __future__ import annotations

import contextlib
import gc
from typing import get_args

from pydantic import BaseModel

# pydantic gives every model it validates a set of the fields it was given: ~700 bytes for a
# figure, another ~200 for each of its statements and its period, half the memory of the entries
# (0.8 GB at 100,000 targets). The models holding the same fields share one set: they are
# frozen, so pydantic never adds to it, and a copy gets a set of its own (schema.Strict.__copy__).
# (A frozenset would do, but pydantic's serializer wants a set.)
_FIELD_SETS: dict[frozenset, set] = {}
_NESTED: dict[type, tuple[str, ...]] = {}


def shared_field_sets(models: list) -> list:
    """`models` (and the models inside them), each holding the one shared set of its fields
    instead of a set of its own. Returns `models`."""
    for model in models:
        _share(model)
    return models


def _share(model: BaseModel) -> None:
    key = frozenset(model.__pydantic_fields_set__)
    shared = _FIELD_SETS.get(key)
    if shared is None:
        shared = _FIELD_SETS[key] = set(key)
    object.__setattr__(model, "__pydantic_fields_set__", shared)
    cls = type(model)
    nested = _NESTED.get(cls)
    if nested is None:
        nested = _NESTED[cls] = tuple(name for name, info in cls.model_fields.items() if _holds_models(info.annotation))
    for name in nested:
        value = model.__dict__[name]
        if isinstance(value, list):
            for item in value:
                _share(item)
        elif value is not None:
            _share(value)


def _holds_models(annotation: object) -> bool:
    """Whether a field's type is a model, a list of models, or optionally either."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    return any(_holds_models(arg) for arg in get_args(annotation))


@contextlib.contextmanager
def gc_paused():
    """Python's cyclic garbage collector off while a snapshot is built or judged: a build makes
    hundreds of thousands of objects that live on (the entries, the rows) and no cycles worth
    collecting, and every full collection walks all of them again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
