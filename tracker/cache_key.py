"""What names one cached snapshot of a registry: the key of its files' content (with this
package's code and the texts its quotes are checked against) and where the cache lives. Kept
apart from tracker/snapshot.py so that an edit, which needs the key but no frames, does not
import pandas (a quarter of a second of every `tracker add-figure`)."""

from __future__ import annotations

import mmap
import os
import stat
from pathlib import Path

import xxhash

from .registry import CATALOGUE_FILES
from .sources import TextFolders


def registry_files(path: Path, data_dir: Path | None = None) -> list[Path]:
    """The claim files (`path`, or every YAML file of a folder registry) and the catalogues."""
    from .claim_files import claim_files

    data_dir = data_dir or path.parent / "data"
    return [*claim_files(path), *(data_dir / name for name in CATALOGUE_FILES.values())]


def _code_files() -> list[Path]:
    return sorted(Path(__file__).resolve().parent.glob("*.py"))


def content_key(files: list[Path], *, folders: TextFolders | None = None, check_sources: bool = True,
                root: Path | None = None) -> str:
    """xxh3-128 of the registry's files, of this package's code (a new status rule must not
    be served from an old cache) and of what the quotes are checked against. About 40 ms for
    the 230 MB of a 100,000-target registry; sha256 would take 170 ms."""
    digest = xxhash.xxh3_128()
    for file in [*files, *_code_files()]:
        # a folder registry's files by their path in it: a file moved to another folder is another registry
        name = file.relative_to(root).as_posix() if root is not None and file.is_relative_to(root) else file.name
        digest.update(name.encode() + b"\0")
        try:
            if not stat.S_ISREG(file.stat().st_mode):  # a FIFO would block here for good
                raise OSError("not a regular file")
            with open(file, "rb") as handle:
                if os.fstat(handle.fileno()).st_size:
                    # hashed in place: reading 230 MB into a bytes object first costs 5× the hash
                    with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
                        digest.update(mapped)
        except OSError:
            digest.update(b"<missing>")
    digest.update(f"check_sources={check_sources}".encode())
    for folder in (folders.search if check_sources and folders else ()):
        digest.update(str(folder).encode() + b"\0")
        for text in sorted(folder.iterdir()) if folder.is_dir() else ():
            info = text.stat()
            digest.update(f"{text.name}:{info.st_size}:{info.st_mtime_ns}".encode())
    return digest.hexdigest()


def default_cache_dir(registry_path: Path) -> Path:
    env = os.environ.get("TRACKER_CACHE")
    return Path(env) if env else Path(os.path.realpath(registry_path)).parent / ".cache" / "tracker"
