"""A new source checked against the last valid state of the registry, not the whole registry.

A source is a catalogue entry that no claim cites yet, so adding one cannot change whether any
other entry is valid. With a valid state on record (tracker/edit_state.py) it is checked on its
own, by the rules `validate.catalogue_check` applies to every source: its schema, its id and its
text's checksum unique among the sources, its text found with the checksum recorded. Its lines
are spliced into data/sources.yaml where the round trip would put them, and the state is
recorded again (the catalogues with the new source, the claims' ids unchanged) so the
`add-figure` that cites it next is incremental too. At 10,000 targets: about a second instead
of validating every claim again (~30 s).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import edit_state, splice, yamlio
from .errors import RegistryError
from .registry import CATALOGUE_FILES, Registry, _validate
from .schema import Source
from .sources import TextFolders, check_texts
from .validate import catalogue_check


@dataclass
class OnRecord:
    """The last valid state, as a new source is checked against it."""
    entries: dict  # the catalogues' (index, entry) pairs by key
    folders: TextFolders
    known: dict[str, list]  # the claims' ids


def state_on_record(path: Path, data_dir: Path, sources_dir: str | Path | None,
                    check_sources: bool) -> OnRecord | None:
    """The registry's valid state, if on record; taken before the new source's text is
    written, which changes the content key (it covers the text folders)."""
    entries, folders = edit_state.catalogue_entries(path, data_dir, sources_dir)
    known = edit_state.known_ids(path, edit_state.state_key(path, data_dir, folders, check_sources))
    return OnRecord(entries, folders, known) if known is not None else None


def add_on_record(state: OnRecord, path: Path, entry: dict, data_dir: Path, sources_dir: str | Path | None,
                  check_sources: bool) -> Registry | None:
    """Append the source `entry` to data/sources.yaml, checked against `state`, and return the
    catalogues with it (a Registry without claims); None when the file's layout needs the
    round trip (then the caller validates the whole registry). Raises RegistryError, having
    written nothing, for a source that is refused. The caller holds the registry's lock and
    has written the source's text where it belongs."""
    from .edit import atomic_write, entry_lines

    file = data_dir / CATALOGUE_FILES["sources"]
    spliced = splice.spliced(yamlio.read_text(file), [("sources", entry_lines("sources", entry))])
    if spliced is None:
        return None
    source_entries = state.entries["sources"]
    index = len(source_entries)  # a valid catalogue: every entry passed its schema
    data = yamlio.load(f"sources:\n{spliced.entry_lines(0)}", file)["sources"][0]
    locator = splice.EntryLocator(spliced, 0, file, "sources", index)
    source, problems = _validate(Source, data, locator, ["sources", index])
    if source is None:
        raise RegistryError(problems)
    entries = {**state.entries, "sources": [*source_entries, (index, source)]}
    catalogues = Registry(path=path, data_dir=data_dir, targets=[], figures=[],
                          **{key: {item.id: item for _, item in entries[key]} for key in edit_state.MODELS})
    catalogues.text_folders = state.folders
    # the catalogues' own rules (a valid state: only the new source can break one); its text
    # alone is read below, not every source's
    problems = catalogue_check(catalogues, entries, {"sources": locator}, None)[0]
    if not problems and check_sources:
        _, catalogues.text_status = check_texts([(index, source)], state.folders, lambda i, name, message: problems.append(
            locator.problem(["sources", i, name], f"sources.{i}.{name}", message)))
    if problems:
        raise RegistryError(problems)
    atomic_write(file, spliced.text)
    edit_state.record_catalogues(path, data_dir, sources_dir, entries, state.folders)
    edit_state.record_ids(path, edit_state.state_key(path, data_dir, state.folders, check_sources), state.known)
    return catalogues

