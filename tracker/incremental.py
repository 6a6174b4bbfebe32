"""A folder registry's snapshot after an edit, built from the snapshot before it: work in
proportion to the files changed, not to the registry.

Every snapshot of a folder registry records, beside its frames (`<key>/files.json`), each claim
file's path and content hash (`claim_files.file_hash`, what its record in `files/` is named by)
with how many targets, figures and statements it holds: its rows of the targets, figures and
statements frames and of the entries JSON are consecutive, in the order of the files (a cold
build concatenates the files' claims in that order). It also records the key of the catalogues,
source-text folders and code the claims were checked against.

When the snapshot of the files as they are now is not cached, `build_from_base` looks for the
newest cached snapshot with the same catalogues key whose files differ in some only. Then:

1. the changed and added files are parsed and checked as the full build checks them
   (`claim_files` with the same Context: the base's catalogues, which a valid snapshot holds as
   validated, and the texts of the sources they cite, read when a quote is checked);
2. the rules between files (`validate.merged_check`) are applied to the changed files' claims
   and to the few claims of the other files they can concern: those holding one of the
   changed files' ids, and the targets linking to a target that is no longer there. The base
   was valid, so no other pair of claims can break a rule. A bad edit raises the RegistryError
   a full build raises, problem for problem;
3. those files' rows are replaced in the frames and the entries JSON (Arrow slices of the
   base for the others, so a column's type is the one a cold build would infer: `_column`);
4. the statuses judged again (`new_day.rejudge`) are the changed files' targets and every
   target on a (place, metric, actor) of a figure added, removed or changed: `compute_status`
   reads a target, its figures (`Registry.figures_for`: the same key, whole place) and the
   catalogues only. With the base judged on another date, the targets that date can turn too.

Anything else (a one-file registry, other catalogues or code, no base, a base that cannot be
read, too much changed) is left to the full build, and the log says why. How a snapshot was
built is in its record (`how_built`).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
from pydantic import TypeAdapter

from . import claim_files
from .cache_key import content_key
from .errors import RegistryError
from .registry import CATALOGUE_FILES, Registry
from .schema import Figure, Target
from .sources import CHECKED, TextFolders, check_texts
from .splice_frames import SplicedEntries, TypesUnclear, concat, entries_bytes

log = logging.getLogger(__name__)

VERSION = 1
# More changed than this (bytes of the changed files' YAML) goes to the full build: here the
# changed files are parsed in this process on one core (~1 s a MB, 45 times their size in
# memory), while the full build parses them on both cores and reads every other file's record
# back. At 100,000 targets (230 MB) that rebuild is ~60 s of CPU, the parse of a quarter of
# the registry about the same: beyond that the full build is the faster. The floor lets a
# small registry's edits always take this path.
MAX_CHANGED_SHARE = 0.25
MAX_CHANGED_FLOOR = 2_000_000
_BASE_FILES = ["places.arrow", "actors.arrow", "metrics.arrow", "sources.arrow", "figures.arrow",
               "statements.arrow", "targets.json", "figures.json", "texts.json"]
_SHARED = ["places.arrow", "actors.arrow", "metrics.arrow", "sources.arrow", "texts.json"]  # unchanged by claims
_COUNTS = ("targets", "figures", "target_statements", "figure_statements")


class Unsupported(Exception):
    """Not a case the incremental build handles: the full build runs instead."""


def catalogues_key(data_dir: Path, folders: TextFolders | None, check_sources: bool) -> str:
    """The key of what a file's claims are checked against (catalogues, text folders, code):
    the one `load_registry` gives its files' Context."""
    return content_key([data_dir / name for name in CATALOGUE_FILES.values()],
                       folders=folders if check_sources else None, check_sources=check_sources)


def files_record(registry: Registry, built: dict | None = None) -> dict | None:
    """The record of a full build's claim files (None for a one-file registry, and when the
    registry did not say which claims came from which file or a file was not read from disk)."""
    if not registry.path.is_dir():  # a one-file registry is always built whole
        return None
    if not registry.file_claims or any(key is None for _, key, _, _ in registry.file_claims):
        return None
    files, start = [], {"targets": 0, "figures": 0}
    for file, key, targets, figures in registry.file_claims:
        counts = {"targets": targets, "figures": figures}
        statements = {kind: sum(len(entry.statements) for entry in getattr(registry, kind)[start[kind]:start[kind] + n])
                      for kind, n in counts.items()}
        files.append([_relative(file, registry.path), key, targets, figures, statements["targets"], statements["figures"]])
        start = {kind: start[kind] + n for kind, n in counts.items()}
    return {"version": VERSION, "layout": "folder", "catalogues": registry.claims_context, "files": files,
            "built": built or {"how": "full"}}


def how_built(folder: Path) -> dict | None:
    """How the snapshot cached in `folder` was built: {"how": "full"}, or {"how": "incremental",
    "base": key, "changed": [files], "removed": [files], "judged": targets judged again, …};
    None for a one-file registry's (always built whole, and not recorded)."""
    try:
        return json.loads((folder / "files.json").read_bytes())["built"]
    except (OSError, ValueError, KeyError):
        return None


def build_from_base(path: Path, data_dir: Path, folders: TextFolders | None, check_sources: bool,
                    as_of: dt.date, key: str, directory: Path):
    """The snapshot of the registry's files as they are now, from a cached snapshot of nearly the
    same files; None (after logging why) when the full build must make it. Raises
    RegistryError when the changed files break a rule."""
    started = time.perf_counter()
    try:
        snapshot = _build(path, data_dir, folders, check_sources, as_of, key, directory)
    except (Unsupported, TypesUnclear) as why:
        log.info("snapshot %s: full build (%s)", key[:12], why)
        return None
    except (OSError, ValueError, KeyError, pa.ArrowException) as exc:
        log.warning("snapshot %s: full build (the base snapshot could not be read: %s)", key[:12], exc)
        return None
    built = snapshot.files_record["built"]
    log.info("snapshot %s: built from %s in %.2f s (%d files changed, %d removed, %d targets judged again)",
             key[:12], built["base"][:12], time.perf_counter() - started, len(built["changed"]),
             len(built["removed"]), built["judged"])
    return snapshot


def _build(path: Path, data_dir: Path, folders: TextFolders | None, check_sources: bool, as_of: dt.date,
           key: str, directory: Path):
    from .new_day import FIGURE_COLUMNS, Entries, _children, known_dates, may_turn, nearest_dated, rejudge
    from .snapshot import CATALOGUES, Catalogue, Snapshot, _read_table

    if not path.is_dir():
        raise Unsupported("a one-file registry is always built whole")
    context_key = catalogues_key(data_dir, folders, check_sources)
    files = claim_files.claim_files(path)
    current = {}  # relative path → (file, hash, size)
    for file in files:
        data = file.read_bytes()
        current[_relative(file, path)] = (file, claim_files.file_hash(data, context_key), len(data))
    base, record = _find_base(directory, key, context_key)
    before = {row[0]: row for row in record["files"]}
    changed = [rel for rel, (_, digest, _) in current.items() if rel not in before or before[rel][1] != digest]
    removed = [rel for rel in before if rel not in current]
    if not changed and not removed:
        raise Unsupported("no claim file changed: the catalogues' key is the same but the snapshot's is not")
    changed_bytes = sum(current[rel][2] for rel in changed)
    limit = max(MAX_CHANGED_FLOOR, MAX_CHANGED_SHARE * sum(size for _, _, size in current.values()))
    if changed_bytes > limit:
        raise Unsupported(f"{len(changed)} files changed ({changed_bytes:,} bytes, over {limit:,.0f})")

    catalogues = {name: Catalogue(model, _read_table(base / f"{name}.arrow")) for name, model in CATALOGUES.items()}
    registry = Registry(path=path, data_dir=data_dir, **catalogues, targets=[], figures=[],
                        children=_children(catalogues["places"]))
    text_status = json.loads((base / "texts.json").read_text(encoding="utf-8"))
    texts = _SourceTexts(catalogues["sources"], text_status, folders) if check_sources else {}
    context = claim_files.Context(registry, texts, context_key, directory / "files")
    checked = {rel: claim_files._check_file(context, current[rel][0])[0] for rel in sorted(changed)}

    dated = base / f"targets-{as_of.isoformat()}.arrow"
    since = as_of
    if not dated.exists():
        nearest = nearest_dated(base, as_of)
        if nearest is None:
            raise Unsupported(f"the base {base.name[:12]} holds no statuses")
        since, dated = nearest
    old = {"targets": _read_table(dated), "figures": _read_table(base / "figures.arrow"),
           "statements": _read_table(base / "statements.arrow")}
    old_json = {name: Entries((base / f"{name}.json").read_bytes(), old[name].num_rows) for name in ("targets", "figures")}
    ranges = _ranges(record["files"])  # relative path → kind → (start, stop) in the base

    _check_merged(checked, current, ranges, old, old_json, path)

    # the new rows of the changed files, made as a cold build makes them
    new = Registry(path=path, data_dir=data_dir, **catalogues, targets=[t for c in checked.values() for _, t in c.targets],
                   figures=[f for c in checked.values() for _, f in c.figures], children=registry.children)
    new_tables, new_json = _new_rows(new, as_of)
    counts = {rel: {"targets": len(c.targets), "figures": len(c.figures),
                    "target_statements": sum(len(t.statements) for _, t in c.targets),
                    "figure_statements": sum(len(f.statements) for _, f in c.figures)} for rel, c in checked.items()}
    offsets, at = {}, dict.fromkeys(_COUNTS, 0)
    for rel in checked:  # where each changed file's rows are among the new ones
        offsets[rel] = {kind: (at[kind], at[kind] + counts[rel][kind]) for kind in _COUNTS}
        at = {kind: at[kind] + counts[rel][kind] for kind in _COUNTS}

    order = list(current)  # claim_files' order

    def spans(kind: str, shift: int = 0) -> list[tuple[bool, int, int]]:
        """Where each file's rows of `kind` are: (from the base?, start, length)."""
        return [(True, shift + ranges[rel][kind][0], ranges[rel][kind][1] - ranges[rel][kind][0]) if rel not in checked
                else (False, offsets[rel][kind][0], offsets[rel][kind][1] - offsets[rel][kind][0]) for rel in order]

    targets = concat(spans("targets"), old["targets"], new_tables["targets"])
    figures = concat(spans("figures"), old["figures"], new_tables["figures"])
    # a target's statements, then a figure's: the figures' start after all the targets'
    shift = at["target_statements"]  # in the new rows too
    statements = concat(spans("target_statements") + [
        (from_base, start + (0 if from_base else shift), length)
        for from_base, start, length in spans("figure_statements", sum(row[4] for row in record["files"]))],
        old["statements"], new_tables["statements"])
    entries_json = {}
    for name in ("targets", "figures"):
        parts = [entries_bytes(old_json[name], *ranges[rel][name]) if rel not in checked
                 else b",".join(new_json[name][offsets[rel][name][0]:offsets[rel][name][1]]) for rel in order]
        entries_json[name] = b"[" + b",".join(part for part in parts if part) + b"]"

    # statuses: the changed files' targets, the targets on a changed figure's key, the date's
    new_rows, at = [], 0
    for rel in order:
        n = counts[rel]["targets"] if rel in checked else ranges[rel]["targets"][1] - ranges[rel]["targets"][0]
        if rel in checked:
            new_rows.extend(range(at, at + n))
        at += n
    touched_keys = set(_keys_of(new_tables["figures"]))
    for rel in [*checked, *removed]:
        if rel in ranges:
            start, stop = ranges[rel]["figures"]
            touched_keys.update(_keys_of(old["figures"].slice(start, stop - start)))
    previous = targets.to_pandas()
    keyed = [i for i, k in enumerate(_keys_of(targets)) if k in touched_keys]
    rows = set(new_rows) | set(keyed)
    figure_frame = figures.select(FIGURE_COLUMNS).to_pandas()
    if since != as_of:
        known = known_dates(figure_frame, catalogues["sources"].field("published"))
        rows |= set(may_turn(previous, figure_frame, known, since, as_of).tolist())
    rows_array = np.array(sorted(rows), dtype=np.intp)
    entries = {name: SplicedEntries(spans(name), old_json[name], new_json[name]) for name in ("targets", "figures")}
    judged = rejudge(previous, as_of, rows_array, figure_frame, entries, registry)

    files = [[rel, current[rel][1], *(counts[rel][kind] if rel in checked else
                                      ranges[rel][kind][1] - ranges[rel][kind][0] for kind in _COUNTS)]
             for rel in order]
    snapshot = Snapshot(key, as_of, **catalogues, targets=judged, figures=figures.to_pandas(),
                        statements_source=statements.to_pandas(), children=registry.children,
                        entries_json=entries_json, text_status=text_status,
                        files_record={"version": VERSION, "layout": "folder", "catalogues": context_key, "files": files,
                                      "built": {"how": "incremental", "base": base.name, "changed": sorted(changed),
                                                "removed": sorted(removed), "judged": len(rows_array),
                                                "since": since.isoformat()}})
    _share(base, directory / key)
    return snapshot


def _relative(file: Path, root: Path) -> str:
    return file.relative_to(root).as_posix() if file.is_relative_to(root) else file.name


def _find_base(directory: Path, key: str, context_key: str) -> tuple[Path, dict]:
    """The newest whole cached snapshot of a folder registry checked against the same
    catalogues. Of this registry or not: a file's rows depend on its content (its hash) and
    the catalogues only, and the problems are placed in the files as they are now."""
    try:
        candidates = sorted((p for p in directory.iterdir() if p.is_dir() and p.name != key
                             and (p / "files.json").is_file()), key=lambda p: p.stat().st_mtime, reverse=True)
    except OSError as exc:
        raise Unsupported(f"no cache to start from ({exc})")
    for folder in candidates:
        try:
            record = json.loads((folder / "files.json").read_bytes())
        except (OSError, ValueError):
            continue
        if (record.get("version") == VERSION and record.get("layout") == "folder"
                and record.get("catalogues") == context_key
                and all((folder / name).is_file() for name in _BASE_FILES)):
            return folder, record
    raise Unsupported("no cached snapshot of this registry with the same catalogues, text folders and code")


def _ranges(files: list) -> dict[str, dict[str, tuple[int, int]]]:
    ranges, at = {}, dict.fromkeys(_COUNTS, 0)
    for rel, _, *numbers in files:
        ranges[rel] = {kind: (at[kind], at[kind] + n) for kind, n in zip(_COUNTS, numbers)}
        at = {kind: at[kind] + n for kind, n in zip(_COUNTS, numbers)}
    return ranges


class _SourceTexts(Mapping):
    """source id → its text for checking quotes, read (and its checksum checked) when a quote
    of the changed files cites it: the base found these texts, and the catalogues' key covers
    the folders' files, so a source checked then is checked now."""

    def __init__(self, sources, status: dict[str, str], folders: TextFolders):
        self._sources, self._status, self._folders, self._read = sources, status, folders, {}

    def __getitem__(self, source_id: str) -> str:
        if source_id not in self._read:
            if self._status.get(source_id) != CHECKED or source_id not in self._sources:
                raise KeyError(source_id)
            texts, _ = check_texts([(0, self._sources[source_id])], self._folders, lambda *_: None)
            self._read[source_id] = texts.get(source_id)
        if self._read[source_id] is None:
            raise KeyError(source_id)
        return self._read[source_id]

    def __iter__(self):
        return (s for s, state in self._status.items() if state == CHECKED)

    def __len__(self) -> int:
        return sum(1 for _ in self)


def _check_merged(checked: dict, current: dict, ranges: dict, old: dict, old_json: dict, root: Path) -> None:
    """The full build's problems, if the changed files have any: theirs, then the rules between
    files over their claims and the unchanged files' claims these rules can concern."""
    from .validate import merged_check

    kept = {kind: np.zeros(old[kind].num_rows, dtype=bool) for kind in ("targets", "figures")}
    for rel, spans in ranges.items():
        if rel in current and rel not in checked:
            for kind in kept:
                kept[kind][spans[kind][0]:spans[kind][1]] = True
    old_ids = {kind: old[kind].column("id").to_numpy(zero_copy_only=False) for kind in kept}
    new_ids = {kind: {entry.id for c in checked.values() for _, entry in getattr(c, kind)} for kind in kept}
    all_new = new_ids["targets"] | new_ids["figures"]
    concern = {kind: {row for row, held in enumerate(old_ids[kind]) if held in all_new and kept[kind][row]}
               for kind in kept}
    target_ids = set(old_ids["targets"][kept["targets"]].tolist()) | new_ids["targets"]
    gone = set(old_ids["targets"][~kept["targets"]].tolist()) - new_ids["targets"]
    if gone:  # targets of unchanged files linking to a target no longer there
        links = old["targets"].column("links").to_pylist()
        for row in np.flatnonzero(kept["targets"]).tolist():
            if links[row] and any(link.split(":", 1)[-1] in gone for link in links[row].split(";")):
                concern["targets"].add(row)
    problems = [p for c in checked.values() for p in c.problems]
    if not problems and not any(c.checked for c in checked.values()) and not any(concern.values()) \
            and not _links_or_repeats(checked, target_ids):
        return
    claims = []
    for rel, (file, _, _) in current.items():
        if rel in checked:
            claims.append(checked[rel])
            continue
        stub = claim_files.FileClaims(file)
        for kind, model in (("targets", Target), ("figures", Figure)):
            start, stop = ranges[rel][kind]
            rows = sorted(r for r in concern[kind] if start <= r < stop)
            if rows:
                setattr(stub, kind, list(zip([r - start for r in rows], old_json[kind].validated(model, rows))))
        if stub.targets or stub.figures:
            claims.append(stub)
    checks = [p for c in checked.values() for p in c.checked] + merged_check(claims, target_ids)
    if problems:
        raise RegistryError(problems, follow_on=checks)
    if checks:
        raise RegistryError(checks)


def _links_or_repeats(checked: dict, target_ids: set[str]) -> bool:
    """Whether the changed files' claims repeat an id among themselves or link to a target
    that is not there (cheap: most edits do neither, and then merged_check is not run)."""
    seen: set[str] = set()
    for c in checked.values():
        for kind in ("targets", "figures"):
            for _, entry in getattr(c, kind):
                if entry.id in seen:
                    return True
                seen.add(entry.id)
        for _, target in c.targets:
            if any(link.target == target.id or link.target not in target_ids for link in target.links):
                return True
    return False


def _new_rows(new: Registry, as_of: dt.date) -> tuple[dict[str, pa.Table], dict[str, list[bytes]]]:
    """The changed files' rows, as a cold build makes them (statuses judged later), and their
    entries' JSON one by one."""
    from .frames import figures_frame, targets_frame
    from .snapshot import statements_frame

    tables = {name: pa.Table.from_pandas(frame, preserve_index=False) for name, frame in (
        ("targets", targets_frame(new, as_of)), ("figures", figures_frame(new)), ("statements", statements_frame(new)))}
    json_rows = {name: [TypeAdapter(model).dump_json(entry) for entry in getattr(new, name)]
                 for name, model in (("targets", Target), ("figures", Figure))}
    return tables, json_rows


def _keys_of(table: pa.Table):
    """(place, metric, actor) of each row, as `new_day._keys` matches a target's figures."""
    if not table.num_rows:
        return []
    return zip(table.column("place").to_pylist(), table.column("metric").to_pylist(),
               [a or "" for a in table.column("actor").to_pylist()])


def _share(base: Path, folder: Path) -> None:
    """The files that claims do not change (catalogues, texts' status) into the new snapshot's
    folder, as links to the base's (written whole, never changed): `write_snapshot` keeps them."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in _SHARED:
        if not (folder / name).exists():
            try:
                os.link(base / name, folder / name)
            except OSError:  # write_snapshot writes them from the catalogues instead
                pass
