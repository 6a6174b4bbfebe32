"""`python -m tracker extract FILE|-`: the command line."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Sequence

from ..errors import RegistryError
from ..textio import read_input
from .candidate import Candidate
from .catalogue import load_catalogue
from .emit import to_yaml
from .explain import as_json, as_table, explain
from .merge import conflicts, merge
from .pipeline import extract


def run_cli(args: Any) -> int:
    """`python -m tracker extract FILE|- [--source ID] [--year YYYY] [--min-confidence X] [--merge]
    | [--explain [--format table|json] [--lang en|zh]]`."""
    from ..registry import default_registry_path

    registry_path = Path(args.registry or default_registry_path())
    data_dir = Path(args.data) if args.data else registry_path.parent / "data"
    catalogue = load_catalogue(data_dir)
    raw = read_input(args.file)  # UTF-8/16, GBK/GB18030 or Big5; a binary file is refused in one line
    source = args.source
    if source is None and args.file != "-":
        source = catalogue.source_by_file.get(Path(args.file).name)
    if source is not None and source not in catalogue.sources:
        raise LookupError(f"unknown source {source!r}; known sources: {', '.join(sorted(catalogue.sources))}")
    if args.min_confidence is not None and not 0 <= args.min_confidence <= 1:
        raise ValueError(f"--min-confidence is between 0 and 1, not {args.min_confidence:g}")
    year = args.year
    if year is None and source is not None:
        year = int(catalogue.sources[source].published[:4])
    if getattr(args, "explain", False):
        if args.merge:
            raise ValueError("--explain shows what the text gives; run --merge without it")
        found = explain(raw, catalogue, source=source, year=year, min_confidence=args.min_confidence or 0.0)
        fmt = getattr(args, "format", None) or "table"
        sys.stdout.write(as_json(found) + "\n" if fmt == "json" else as_table(found, catalogue, getattr(args, "lang", "en")))
        return 0
    candidates = extract(raw, catalogue, source=source, year=year,
                         min_confidence=0.0 if args.merge else (args.min_confidence or 0.0),
                         progress=stderr_progress(raw))
    if not args.merge:
        flags_from_registry(candidates, registry_path, data_dir)
        sys.stdout.write(to_yaml(candidates))
        return 0
    if source is None:
        raise ValueError("--merge needs --source ID (the id in data/sources.yaml of the text's document)")
    interactive = args.min_confidence is None
    if interactive and (args.file == "-" or not sys.stdin.isatty()):
        raise ValueError("--merge needs --min-confidence X when standard input is not a terminal")

    def ask(candidate: Candidate) -> bool:
        print(to_yaml([candidate]).rstrip(), file=sys.stderr)
        answer = input("add this entry? [y/N] ").strip().lower()
        return answer in ("y", "yes")

    def report(line: str) -> None:
        print(line, file=sys.stderr)

    added = merge(candidates, registry_path, min_confidence=args.min_confidence, ask=ask if interactive else None,
                  load_options={"data_dir": args.data, "sources_dir": args.sources}, report=report,
                  lang=getattr(args, "lang", "en"))
    if getattr(args, "lang", "en") == "zh":
        print(f"{len(candidates)} 条候选中已添加 {added} 条到 {registry_path}", file=sys.stderr)
    else:
        print(f"{added} of {len(candidates)} candidate(s) added to {registry_path}", file=sys.stderr)
    return 0


# From this many characters on (about a second's reading), extract shows how far it is on stderr.
PROGRESS_FROM = 500_000


def stderr_progress(text: str):
    """A progress bar on stderr for a long text (`extract:  42%|████      | 1.3/3.1 MB`), else None."""
    if len(text) < PROGRESS_FROM:
        return None
    from ..progress import Share

    return Share(sys.stderr, len(text.encode("utf-8")) / 1e6)


def flags_from_registry(candidates: Sequence[Candidate], registry_path: Path, data_dir: Path) -> None:
    """Mark candidates that repeat or contradict the registry (when it loads)."""
    from ..registry import load_registry

    try:
        registry = load_registry(registry_path, data_dir=data_dir, check_sources=False)
    except (RegistryError, OSError):
        return
    for candidate in candidates:
        candidate.flags = conflicts(candidate, registry)
