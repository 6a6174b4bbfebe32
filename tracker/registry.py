"""Loading the registry: `targets.yaml` (or a folder of YAML files) plus the catalogues under `data/`.

`load_registry` is the one way in. It returns a `Registry` or raises `RegistryError` listing
every problem found (`file:line:column: field: message`), never a traceback.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from pydantic import TypeAdapter, ValidationError

from . import yamlio
from .errors import Problem, RegistryError
from .places import PlaceTree
from .memory import shared_field_sets
from .schema import Actor, Figure, Metric, Place, Source, Target
from .sources import NOT_CHECKED, TextFolders, folders_setting, text_folders

CATALOGUE_FILES = {
    "places": "places.yaml",
    "actors": "actors.yaml",
    "metrics": "metrics.yaml",
    "sources": "sources.yaml",
}


def default_registry_path() -> Path:
    """TRACKER_REGISTRY if set (a file, or a folder of YAML files), else targets.yaml in the
    current folder if there is one, else the one at the root of this checkout (so `tracker`
    works from any folder of it)."""
    env = os.environ.get("TRACKER_REGISTRY")
    if env:
        return Path(env)
    here = Path.cwd() / "targets.yaml"
    return here if here.is_file() else Path(__file__).resolve().parent.parent / "targets.yaml"


@dataclass
class Registry(PlaceTree):
    path: Path
    data_dir: Path
    places: dict[str, Place]
    actors: dict[str, Actor]
    metrics: dict[str, Metric]
    sources: dict[str, Source]
    targets: list[Target]
    figures: list[Figure]
    children: dict[str, list[str]] = field(default_factory=dict)
    text_folders: TextFolders | None = None
    # source id → CHECKED, MISSING, NO_FILE, or NOT_CHECKED (--no-sources): whether its
    # quotes were checked against its text
    text_status: dict[str, str] = field(default_factory=dict)
    # (file, its content hash `claim_files.file_hash`, targets, figures) for each claim file in
    # order, and the key of the catalogues they were checked against: what an incremental
    # snapshot build starts from (tracker/incremental.py)
    file_claims: list[tuple[Path, str | None, int, int]] = field(default_factory=list)
    claims_context: str = ""

    def __post_init__(self) -> None:
        self.children = self.children or self.build_children()

    def figures_for(self, target: Target) -> list[Figure]:
        """Figures that report on a target: same place, metric and actor. A company's figure
        (actor set) does not report on its city's target (no actor), nor the other way round."""
        return [f for f in self._figures_by_key().get((target.place, target.metric), [])
                if f.actor == target.actor and f.scope == "whole"]

    def related_figures(self, target: Target) -> list[tuple[Figure, str]]:
        """Figures on the target's place and metric that do not count against it, each with
        the reason (`why_not_counted`): another actor, or a part of the place, or a floor
        shared by several places."""
        return [(f, why) for f in self._figures_by_key().get((target.place, target.metric), [])
                if (why := why_not_counted(target.actor, f.actor, f.scope)) is not None]

    def entries_about(self, kind: str, place: str | None, metric: str | None, actor: str | None) -> list[dict]:
        """The targets or figures (`kind`) on a place, metric and actor, as registry entries."""
        entries = self.targets if kind == "targets" else self._figures_by_key().get((place, metric), [])
        return [e.model_dump() for e in entries if (e.place, e.metric, e.actor) == (place, metric, actor)]

    def _figures_by_key(self) -> dict[tuple[str, str], list[Figure]]:
        cached = self.__dict__.get("_by_key")
        if cached is None:
            cached = {}
            for figure in self.figures:
                cached.setdefault((figure.place, figure.metric), []).append(figure)
            self.__dict__["_by_key"] = cached
        return cached


@functools.cache
def _adapter(kind: Any) -> TypeAdapter:
    return TypeAdapter(kind)


# What a field that must hold an id refers to, and where its ids are.
_REFERENCES = {
    "id": "give the entry an id such as hangzhou-intelligent-compute-2027",
    "place": "use an id, code or name of data/places.yaml (`--place 杭州` is resolved)",
    "metric": "use an id of data/metrics.yaml (`--metric 智能算力规模` is resolved)",
    "source": "use an id of data/sources.yaml, or register the text with `tracker add-source FILE …`",
    "actor": "use an id of data/actors.yaml",
}


def _validate(kind: Any, data: Any, locator: yamlio.Locator,
              prefix: Iterable[Any] = ()) -> tuple[Any, list[Problem]]:
    try:
        return shared_field_sets([_adapter(kind).validate_python(data)])[0], []
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_url=False):
            loc = [*prefix, *error["loc"]]
            field_name = ".".join(str(part) for part in loc) or "-"
            message = error["msg"].removeprefix("Value error, ")
            if error["type"] == "missing":
                message = "required field is missing"
            elif error["type"] == "extra_forbidden":
                message = "unknown field (check its spelling against docs/registry-format.md)"
            elif error["type"] == "string_pattern_mismatch" and loc and loc[-1] in _REFERENCES:
                message = (f"{error['input']!r} is not an id (lower-case letters, digits, - and _): "
                           f"{_REFERENCES[loc[-1]]}")
            problems.append(locator.problem(loc, field_name, message))
        return None, problems


def _read(path: Path, text: str | None = None) -> tuple[Any, yamlio.Locator]:
    text = yamlio.read_text(path, text)
    # A small file (a catalogue: 3,000 places are 0.4 MB) is parsed once per content, as every
    # edit's validation reads the catalogues again unchanged; a large registry is not kept.
    data = _parsed(text, str(path)) if len(text) < _KEEP_PARSED_BELOW else yamlio.load(text, path)
    return data, yamlio.Locator(text, path)


_KEEP_PARSED_BELOW = 4_000_000  # characters


@functools.lru_cache(maxsize=16)
def _parsed(text: str, path: str) -> Any:
    """The YAML of a small file, parsed once per content. Callers only read what it returns."""
    return yamlio.load(text, path)


def _entries(items: Any, model: type, locator: yamlio.Locator, key: str,
             problems: list[Problem]) -> list[tuple[int, Any]]:
    """Validate each entry of a list on its own, so that one bad entry does not hide the
    problems (or the good entries) around it. Returns (index, entry) pairs of good ones."""
    if items is None:
        return []
    if not isinstance(items, list):
        problems.append(locator.problem([key], key, "expected a list of entries"))
        return []
    good = []
    for index, item in enumerate(items):
        entry, item_problems = _validate(model, item, locator, [key, index])
        problems.extend(item_problems)
        if entry is not None:
            good.append((index, entry))
    return good


def load_catalogues(path: Path, data_dir: Path, sources_dir: str | Path | None = None,
                    catalogue_texts: dict[str, str] | None = None):
    """The catalogues under `data_dir`, each entry checked against its schema (not yet against
    each other: that is `cross_check`'s). Returns (entries: key → (index, entry) pairs,
    locators: key → Locator, the text folders, problems)."""
    problems: list[Problem] = []
    folders = text_folders(path, {}, sources_dir)  # until data/sources.yaml names its own
    locators: dict[str, yamlio.Locator] = {}
    entries: dict[str, list[tuple[int, Any]]] = {}
    for key, model in (("places", Place), ("actors", Actor), ("metrics", Metric), ("sources", Source)):
        file = data_dir / CATALOGUE_FILES[key]
        try:
            content, locators[key] = _read(file, (catalogue_texts or {}).get(key))
        except RegistryError as exc:
            problems.extend(exc.problems)
            entries[key] = []
            continue
        if not isinstance(content, dict) or key not in content:
            problems.append(Problem(str(file), 1, 1, key, f"expected a mapping with a `{key}:` list"))
            entries[key] = []
            continue
        entries[key] = _entries(content[key], model, locators[key], key, problems)
        if key == "sources":
            folders = text_folders(path, folders_setting(content), sources_dir)
    return entries, locators, folders, problems


def load_registry(path: str | Path | None = None, *, data_dir: str | Path | None = None,
                  sources_dir: str | Path | None = None, text: str | None = None, text_file: str | Path | None = None,
                  check_sources: bool = True, catalogue_texts: dict[str, str] | None = None,
                  records_dir: str | Path | None = None,
                  progress: Callable[[int, int], None] | None = None) -> Registry:
    """Load and validate a registry: `targets.yaml`, or a folder of YAML files
    (tracker/claim_files.py). `text` replaces the content of `text_file` (default: the
    one-file registry; in a folder, a file that need not exist yet), `catalogue_texts` a
    catalogue's (key → text; for checking an edit before it is written). Quotes are checked
    against the source texts in the registry's text folders (tracker/sources.py; `sources_dir`
    replaces them) unless `check_sources` is false; texts not found are recorded in
    `text_status`, not raised: the registry loads, its quotes marked unverified. A folder's
    files are kept on record, once checked, in `records_dir` (default: `files/` of the
    snapshot cache), so that a file not changed since is not parsed again."""
    from . import claim_files
    from .cache_key import content_key, default_cache_dir
    from .validate import catalogue_check, merged_check

    path = Path(path) if path else default_registry_path()
    data_dir = Path(data_dir) if data_dir else path.parent / "data"
    entries, locators, folders, problems = load_catalogues(path, data_dir, sources_dir, catalogue_texts)
    catalogues = Registry(path=path, data_dir=data_dir, targets=[], figures=[],
                          **{key: {item.id: item for _, item in entries[key]}
                             for key in ("places", "actors", "metrics", "sources")})
    catalogues.text_folders = folders
    checked, source_texts = catalogue_check(catalogues, entries, locators, folders if check_sources else None)

    folder = path.is_dir()
    files = claim_files.claim_files(path)
    texts: dict[Path, str] = {}
    if text is not None:
        if folder and not text_file:
            raise ValueError("a folder registry's text replaces one of its files: give text_file")
        edited = Path(text_file) if text_file else path
        texts[edited] = text
        if edited not in files:
            files = sorted([*files, edited], key=lambda f: f.relative_to(path).as_posix())
    records = None
    if folder:
        records = Path(records_dir) if records_dir else default_cache_dir(path) / "files"
    key = content_key([data_dir / name for name in CATALOGUE_FILES.values()],
                      folders=folders if check_sources else None, check_sources=check_sources)
    context = claim_files.Context(catalogues, source_texts, key, records)
    claims = claim_files.load_claims(files, context, texts, progress)
    if not folder and claims[0].unreadable:
        raise RegistryError(problems + claims[0].problems)
    for one in claims:
        problems.extend(one.problems)
        checked.extend(one.checked)
    checked.extend(merged_check(claims))
    claim_files.prune_records(context)

    registry = Registry(
        path=path,
        data_dir=data_dir,
        places=catalogues.places, actors=catalogues.actors, metrics=catalogues.metrics, sources=catalogues.sources,
        targets=[t for one in claims for _, t in one.targets],
        figures=[f for one in claims for _, f in one.figures],
        children=catalogues.children,
    )
    registry.text_folders = folders
    registry.text_status = catalogues.text_status
    registry.file_claims = [(one.file, one.record_key, len(one.targets), len(one.figures)) for one in claims]
    registry.claims_context = key
    if not check_sources:
        registry.text_status = {s.id: NOT_CHECKED for s in registry.sources.values()}
    if problems:
        # an entry that could not be read is left out, so references to it fail: those come
        # after the problem that caused them (one broken place hides hundreds of "unknown place")
        raise RegistryError(problems, follow_on=checked)
    if checked:
        raise RegistryError(checked)
    return registry


def why_not_counted(target_actor: str | None, figure_actor: str | None, scope: str) -> str | None:
    """Why a figure on a target's place and metric does not count against it (None: it
    counts): "other_actor", "part" or "each_of". Like is compared with like only."""
    if (figure_actor or None) != (target_actor or None):
        return "other_actor"
    if scope != "whole":
        return scope
    return None

