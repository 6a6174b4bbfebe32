"""The source texts: where a registry keeps them, what is recorded of each (file, sha256, size,
retrieval date), and registering a new one (`tracker add-source`).

Where texts are found is this one rule: the registry names its text folders in
`data/sources.yaml` (`text_folders: {own: sources, also: [../shared/seeds]}`, paths relative to
the registry's folder). `own` is where `add-source` copies texts; `also` are read-only folders
looked in as well. `TRACKER_SOURCES` or `--sources` replaces the folders looked in.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from .errors import RegistryError
from .textio import check_is_text, read_text_file

MAX_TEXT_BYTES = 20 * 1024 * 1024
DEFAULT_OWN = "sources"
_PLAIN_NAME = re.compile(r"^[^/\\\0]+$")

# what the dashboard and `validate` say of a source's quotes
CHECKED, MISSING, NOT_CHECKED, NO_FILE = "checked", "missing", "not_checked", "no_file"


@dataclass(frozen=True)
class TextFolders:
    own: Path                  # where add-source writes
    search: tuple[Path, ...]   # where texts are looked for, in order

    def find(self, file_name: str) -> Path | None:
        """The text called `file_name` (a plain file name, never a path) in the first folder
        that has it."""
        if not file_name or not _PLAIN_NAME.match(file_name) or file_name in (".", ".."):
            return None
        for folder in self.search:
            candidate = folder / file_name
            if candidate.is_file():
                return candidate
        return None

    def describe(self) -> str:
        return " or ".join(str(folder) for folder in self.search)


def folders_setting(content: Any) -> dict:
    """The `text_folders:` mapping of data/sources.yaml's content ({} if absent)."""
    setting = content.get("text_folders") if isinstance(content, dict) else None
    return setting if isinstance(setting, dict) else {}


def text_folders(registry_path: Path, setting: dict, override: str | Path | None = None) -> TextFolders:
    base = Path(os.path.realpath(registry_path)).parent  # realpath: a symlink loop is no crash
    own = Path(os.path.realpath(base / str(setting.get("own") or DEFAULT_OWN)))
    override = override or os.environ.get("TRACKER_SOURCES")
    if override:
        return TextFolders(own, (Path(os.path.realpath(override)),))
    also = [Path(os.path.realpath(base / str(p))) for p in setting.get("also") or [] if isinstance(p, (str, Path))]
    return TextFolders(own, (own, *also))


def read_folders(registry_path: Path, data_dir: Path | None = None, override: str | Path | None = None) -> TextFolders:
    """The registry's text folders, read from its data/sources.yaml (for callers that do not
    load the whole registry, such as the snapshot cache's key)."""
    from . import yamlio

    file = (Path(data_dir) if data_dir else Path(registry_path).parent / "data") / "sources.yaml"
    try:
        text = yamlio.read_text(file)
        # no such key, not even spelled with escapes: no need to parse (1.6 s at 15,000 sources)
        if "text_folders" not in text and "\\" not in text:
            return text_folders(registry_path, {}, override)
    except (RegistryError, OSError):
        pass
    return text_folders(registry_path, folders_setting(_sources_file(registry_path, data_dir)), override)


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check_texts(sources: Iterable[tuple[int, Any]], folders: TextFolders, problem) -> tuple[dict, dict]:
    """(source id → squeezed text, for checking quotes; source id → CHECKED, MISSING or
    NO_FILE). A text whose checksum differs from the one recorded, or whose checksum was never
    recorded, is a problem: `problem(index, field, message)`."""
    from .quotes import source_text

    texts, status = {}, {}
    for index, source in sources:
        if not source.file:
            status[source.id] = NO_FILE
            continue
        path = folders.find(source.file)
        if path is None:
            status[source.id] = MISSING
            continue
        digest = sha256_of(path.read_bytes())
        if source.sha256 is None:
            problem(index, "sha256", f"no checksum recorded for {source.file}: add `sha256: {digest}` "
                                     f"and `size: {path.stat().st_size}` (the text as it is now)")
        elif digest != source.sha256:
            problem(index, "sha256", f"the text of {source.id} changed since it was registered: sha256 {digest}, "
                                     f"recorded {source.sha256}; restore the text, or register the new one "
                                     f"with `tracker add-source`")
            status[source.id] = MISSING
            continue
        texts[source.id] = source_text(path)
        status[source.id] = CHECKED
    return texts, status


def missing_summary(status: dict[str, str], folders: TextFolders) -> str | None:
    """The line `validate` prints when texts could not be found, or None."""
    missing = sorted(s for s, state in status.items() if state == MISSING)
    with_file = [s for s, state in status.items() if state != NO_FILE]
    if not missing:
        return None
    listed = ", ".join(missing[:8]) + (f" and {len(missing) - 8} more" if len(missing) > 8 else "")
    return (f"{len(missing)} of {len(with_file)} source texts not found under {folders.describe()} ({listed}): "
            f"their quotes are unverified; put the texts there, set TRACKER_SOURCES, or pass --no-sources "
            f"to skip the check")


def new_source_entry(text: str, *, source_id: str, title: str, publisher: str, published: str, kind: str,
                     url: str | None = None, language: str = "zh", title_en: str | None = None,
                     publisher_en: str | None = None, retrieved: dt.date | None = None) -> tuple[dict, bytes]:
    """The catalogue entry of a new source and the UTF-8 bytes of its archived text."""
    data = text.encode("utf-8")
    entry = {"id": source_id, "title": title, "title_en": title_en, "publisher": publisher,
             "publisher_en": publisher_en, "published": published, "kind": kind, "language": language,
             "file": f"{source_id}.txt", "sha256": sha256_of(data), "size": len(data), "retrieved": (retrieved or dt.date.today()).isoformat(), "url": url}
    return {k: v for k, v in entry.items() if v is not None}, data


def add_source_arguments(parser) -> None:
    parser.add_argument("file", help="the text (plain text or HTML; UTF-8, UTF-16, GBK, GB18030, Big5 …)")
    parser.add_argument("--title", required=True, help="the document's title, as it gives it")
    parser.add_argument("--title-en", help="an English title")
    parser.add_argument("--publisher", required=True, help="who issued or printed it")
    parser.add_argument("--publisher-en", help="the publisher's name in English")
    parser.add_argument("--published", required=True, help="its date as far as known: 2026, 2026-03 or 2026-03-15")
    from .schema import SOURCE_KINDS

    parser.add_argument("--kind", required=True, choices=SOURCE_KINDS)
    parser.add_argument("--url", help="where it was found (http or https)")
    parser.add_argument("--language", default="zh", choices=["zh", "en"])
    parser.add_argument("--id", help="the id to cite (default: src- and the first 8 hex digits of its sha256)")


def run_add_source(args) -> int:
    """`tracker add-source`: copy the text into the registry's own text folder as UTF-8, record
    it in data/sources.yaml (validated, atomic, locked, comments kept) and print its id."""
    from .registry import default_registry_path

    file = Path(args.file)
    if not file.is_file():
        raise ValueError(f"{file}: no such file")
    size = file.stat().st_size
    if size > MAX_TEXT_BYTES:
        raise ValueError(f"{file}: {size:,} bytes, over the {MAX_TEXT_BYTES:,} byte limit for a source text")
    text = read_text_file(file)
    path = Path(args.registry or default_registry_path())
    entry, registry = register_text(path, text, data_dir=args.data, source_id=args.id, title=args.title,
                                    title_en=args.title_en, publisher=args.publisher, publisher_en=args.publisher_en,
                                    published=args.published,
                                    kind=args.kind, url=args.url, language=args.language, name=str(file))
    print(f"registered {entry['id']}: {entry['size']:,} bytes as "
          f"{registry.text_folders.own.name}/{entry['file']}, sha256 {entry['sha256'][:16]}…; "
          f"cite it with --source {entry['id']} (now {len(registry.sources)} sources)")
    return 0


def register_text(path: Path, text: str, *, data_dir: Path | None = None, source_id: str | None = None,
                  name: str = "the text", **fields: Any):
    """Register a decoded text as a new source of the registry at `path` (the one way in, for
    the command line and the Import page): its entry and the new registry. Raises ValueError
    for a text already registered, RegistryError for an entry that does not validate; either
    way nothing is written."""
    from .edit import add_entry

    if not text.strip():
        raise ValueError(f"{name}: the text is empty")
    check_is_text(text, name)
    digest = sha256_of(text.encode("utf-8"))
    content = _sources_file(path, data_dir)
    registered = content.get("sources") if isinstance(content, dict) else None
    for known in registered or []:
        if isinstance(known, dict) and known.get("sha256") == digest:
            raise ValueError(f"{name}: this text is already registered as {known.get('id')}: cite that id")
    entry, data = new_source_entry(text, source_id=source_id or f"src-{digest[:8]}", **fields)
    archive = text_folders(path, folders_setting(content)).own / entry["file"]
    registry = add_entry(path, "sources", entry, archive=(archive, data), data_dir=data_dir)
    return entry, registry


def _sources_file(registry_path: Path, data_dir: Path | None) -> Any:
    """The content of the registry's data/sources.yaml, or None if it cannot be read (the
    loader then names the problem)."""
    from . import yamlio

    file = (Path(data_dir) if data_dir else Path(registry_path).parent / "data") / "sources.yaml"
    try:
        return yamlio.load(yamlio.read_text(file), file)
    except (RegistryError, OSError):
        return None
