"""AI Targets Tracker: the registry of AI targets and reported figures, its schema, units,
status rule, loader and command line. Never imports Dash: pages only draw what this computes."""

from .errors import Problem, RegistryError
from .registry import CachedLoader, Registry, load_registry

__all__ = ["CachedLoader", "Problem", "Registry", "RegistryError", "load_registry"]
