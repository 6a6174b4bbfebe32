"""AI Targets Tracker: the registry of AI targets and reported figures, its schema, units,
status rule, loader and command line. Never imports Dash: pages only draw what this computes.
The dashboard reads the registry through `tracker.snapshot` (frames, cached on disk)."""

from .errors import Problem, RegistryError
from .registry import Registry, load_registry

__all__ = ["Problem", "Registry", "RegistryError", "load_registry"]
