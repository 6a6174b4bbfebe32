"""The `tracker` command line: python -m tracker {validate,snapshot,status,export,add-figure,add-target,extract}."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import sys
import unicodedata
from pathlib import Path
from typing import Any, Sequence

from .errors import RegistryError
from .registry import default_registry_path, load_registry
from .sources import add_source_arguments, run_add_source
from .status import STATUS_LABELS, STATUSES


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _year_range(text: str) -> tuple[int | None, int | None]:
    """--year 2025, --year 2025-2027, --year 2026-"""
    try:
        if "-" in text.strip("-") or text.endswith("-"):
            low, _, high = text.partition("-")
            return (int(low) if low else None, int(high) if high else None)
        year = int(text)
        return (year, year)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a year or a range like 2025-2027") from None


def _sources_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sources", metavar="DIR", type=Path,
                        help="folder with the source texts, to check quotes (default: the text folders data/sources.yaml names)")
    parser.add_argument("--data", metavar="DIR", type=Path,
                        help="folder with places/actors/metrics/sources.yaml (default: data/ beside the registry)")


def _filter_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--registry", metavar="PATH", type=Path, help="the registry (default: targets.yaml)")
    _sources_option(parser)
    parser.add_argument("--place", action="append", default=[],
                        help="place id or Chinese/English name; a city includes its districts (repeat or comma-separate)")
    parser.add_argument("--year", type=_year_range, help="deadline or figure year, or a range: 2025-2027 "
                        "(targets with no deadline are left out, and counted, unless --undated)")
    parser.add_argument("--undated", action="store_true",
                        help="with --year, keep the targets that state no deadline too")
    parser.add_argument("--topic", action="append", default=[], help="compute, models, funds, … (repeatable)")
    parser.add_argument("--status", action="append", default=[], help=f"one of {', '.join(STATUSES)}")
    parser.add_argument("--source", action="append", default=[], help="source id (repeatable)")
    parser.add_argument("--as-of", type=_date, default=None, help="date to judge statuses on (default: today)")
    parser.add_argument("--no-cache", action="store_true",
                        help="load the YAML even when the snapshot cache holds these files (see `snapshot`)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m tracker",
        description="AI Targets Tracker: check the registry, see target statuses, export, add entries.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser("validate", help="check the registry; one line per problem")
    validate.add_argument("path", nargs="?", type=Path, help="the registry (default: targets.yaml)")
    _sources_option(validate)
    validate.add_argument("--no-sources", action="store_true", help="do not check quotes against source texts")

    snapshot = commands.add_parser(
        "snapshot", help="build the dashboard's cached snapshot now (run before starting a server on a large registry)")
    snapshot.add_argument("path", nargs="?", type=Path, help="the registry (default: targets.yaml)")
    _sources_option(snapshot)
    snapshot.add_argument("--no-sources", action="store_true", help="do not check quotes against source texts")
    snapshot.add_argument("--as-of", type=_date, default=None, help="date to judge statuses on (default: today)")
    snapshot.add_argument("--cache", metavar="DIR", type=Path,
                          help="cache folder (default: $TRACKER_CACHE, else .cache/tracker/ beside the registry)")
    snapshot.add_argument("--report", metavar="FILE", type=Path, help=argparse.SUPPRESS)  # for a server's child build

    status = commands.add_parser("status", help="a table of targets and their status")
    _filter_options(status)
    status.add_argument("--lang", choices=["en", "zh"], default="en", help="language of names")

    export = commands.add_parser(
        "export", help="targets and figures as CSV or JSON",
        description="Targets and figures as CSV or JSON: the same rows and columns as the dashboard's download. "
                    "The CSV is UTF-8 with a byte order mark (Excel reads Chinese correctly), numbers stay numbers, "
                    "and a text cell starting with = + - @ gets a leading ' so no spreadsheet runs it as a formula; "
                    "the JSON is unescaped. Only the dashboard's download adds a citation line after the rows.")
    _filter_options(export)
    export.add_argument("--format", choices=["csv", "json", "sqlite", "parquet"], default="csv",
                        help="sqlite: one database with tables targets, figures, statements, places, metrics, "
                             "sources and actors (foreign keys, indexes) for `datasette FILE` or any SQL tool; "
                             "parquet: the CSV's rows and columns, typed")
    export.add_argument("--output", "-o", type=Path,
                        help="a file to write, or a folder to write ai-targets-<places>-<as-of date>.csv (.json, "
                             ".db, .parquet) in; without it, standard output (csv and json only)")

    figure = commands.add_parser("add-figure", help="append one reported figure to the registry")
    _entry_options(figure)
    figure.add_argument("--comparator", default="=", choices=[">", ">=", "<", "<=", "~", "="])
    figure.add_argument("--value", type=float, help="the value as stated (with --unit)")
    figure.add_argument("--unit", help="the unit as stated: 亿元, EFLOPS, 个 …")
    figure.add_argument("--period-start", help="YYYY[-MM[-DD]]")
    figure.add_argument("--period-end", help="YYYY[-MM[-DD]]; omit when the text gives no date")
    figure.add_argument("--period-kind", default="year", choices=["year", "range", "point", "cumulative"])
    figure.add_argument("--period-text", help="the words that gave the period: 2025年1—8月")
    figure.add_argument("--growth", type=float, help="reported growth rate in %%")
    figure.add_argument("--growth-comparator", default="=", choices=[">", ">=", "<", "<=", "~", "="])
    figure.add_argument("--growth-basis", default="yoy", choices=["yoy", "cagr", "other"])
    figure.add_argument("--rank", type=int, help="reported rank (1 = first)")
    figure.add_argument("--rank-scope", default="national",
                        choices=["global", "national", "provincial", "city", "industry"])

    target = commands.add_parser("add-target", help="append one target to the registry")
    _entry_options(target)
    for adding in (figure, target):
        adding.add_argument("--file", metavar="PATH", type=Path,
                            help="in a folder registry, the file to write (a path in the folder; default: the file of "
                                 "the entry's place, else of its nearest ancestor, else a new one: docs/registry-format.md)")
    target.add_argument("--comparator", choices=[">", ">=", "<", "<=", "~", "="])
    target.add_argument("--value", type=float)
    target.add_argument("--unit")
    target.add_argument("--measure", default="level", choices=["level", "growth", "rank"])
    target.add_argument("--deadline", help="YYYY, YYYY-MM or YYYY-MM-DD; omit when unstated")
    target.add_argument("--deadline-precision", default=None,
                        choices=["date", "month", "year_end", "year", "plan_period", "unstated"])
    target.add_argument("--deadline-text", help="the words that gave the deadline: 到2027年")
    target.add_argument("--firmness", default="firm", choices=["firm", "strive"])
    target.add_argument("--statement-date", help="when it was said, if the text gives it")

    source = commands.add_parser("add-source", help="register a source text: copied, checksummed, recorded in data/sources.yaml")
    add_source_arguments(source)
    source.add_argument("--registry", metavar="PATH", type=Path, help="the registry (default: targets.yaml)")
    source.add_argument("--data", metavar="DIR", type=Path,
                        help="folder with places/actors/metrics/sources.yaml (default: data/ beside the registry)")

    extract = commands.add_parser("extract", help="propose registry entries found in a Chinese text (plain or HTML)")
    extract.add_argument("file", metavar="FILE|-", help="the text, or - for standard input")
    extract.add_argument("--registry", metavar="PATH", type=Path, help="the registry (default: targets.yaml)")
    _sources_option(extract)
    extract.add_argument("--source", help="the text's id in data/sources.yaml (default: the source whose file has this name)")
    extract.add_argument("--year", type=int, help="the year the text was written (default: its source's date, else the "
                         "latest year the text reports on); resolves 今年")
    extract.add_argument("--min-confidence", type=float, metavar="X",
                         help="only candidates at least this sure (0 to 1); with --merge, add these without asking")
    extract.add_argument("--merge", action="store_true",
                         help="add accepted candidates to the registry: asks y/n on a terminal, or takes all at "
                              "--min-confidence; skips duplicates and contradictions of entries already there")
    extract.add_argument("--explain", action="store_true",
                         help="instead of entries, list every number in the text and the claim it became or the "
                              "named gate that dropped it")
    extract.add_argument("--format", choices=["table", "json"], default="table", help="with --explain: a table or JSON")
    extract.add_argument("--lang", choices=["en", "zh"], default="en", help="the language of --explain's table and of --merge's report")
    return parser


def _entry_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--registry", metavar="PATH", type=Path, help="the registry (default: targets.yaml)")
    _sources_option(parser)
    parser.add_argument("--yaml", metavar="FILE", help="the whole entry as a YAML mapping (- for standard input); "
                        "other options fill in or override its fields")
    parser.add_argument("--id")
    parser.add_argument("--place")
    parser.add_argument("--actor")
    parser.add_argument("--metric")
    parser.add_argument("--source", help="source id")
    parser.add_argument("--quote", help="the verbatim clause from the source that holds the number")
    parser.add_argument("--note")


def _snapshot(args: argparse.Namespace):
    from .snapshot import load_snapshot

    return load_snapshot(args.registry or default_registry_path(), as_of=args.as_of, data_dir=args.data,
                         sources_dir=args.sources, use_cache=not args.no_cache)


def _filters(args: argparse.Namespace, registry):
    from .frames import Filters, iter_names

    year_from, year_to = args.year or (None, None)
    return Filters(iter_names(args.place), year_from, year_to, iter_names(args.topic),
                   iter_names(args.status), iter_names(args.source),
                   undated=args.undated and args.year is not None).validate(registry)


def cmd_validate(args: argparse.Namespace) -> int:
    path = args.path or default_registry_path()
    from .progress import Progress

    registry = load_registry(path, data_dir=args.data, sources_dir=args.sources,
                             check_sources=not args.no_sources, progress=Progress(sys.stderr))
    from .sources import CHECKED, missing_summary

    checked = sum(1 for state in registry.text_status.values() if state == CHECKED)
    quotes = "quotes not checked (--no-sources)" if args.no_sources else f"quotes checked against {checked} texts"
    summary = f"{len(registry.targets)} targets, {len(registry.figures)} figures, {len(registry.places)} places, " \
              f"{len(registry.metrics)} metrics, {len(registry.sources)} sources"
    missing = None if args.no_sources else missing_summary(registry.text_status, registry.text_folders)
    if missing:
        print(f"{path}: {missing}", file=sys.stderr)
        print(f"{path}: not verified — {summary}; {quotes}", file=sys.stderr)
        return 1
    print(f"{path}: valid — {summary}; {quotes}")
    return 0


def cmd_snapshot(args: argparse.Namespace) -> int:
    import time

    from .snapshot import default_cache_dir, load_snapshot

    path = args.path or default_registry_path()
    cache = args.cache or default_cache_dir(path)
    started = time.perf_counter()
    try:
        from .progress import Progress

        snapshot = load_snapshot(path, as_of=args.as_of, data_dir=args.data, sources_dir=args.sources,
                                 check_sources=not args.no_sources, cache_dir=cache, progress=Progress(sys.stderr))
    except RegistryError as exc:
        _report(args.report, {"problems": [dataclasses.asdict(problem) for problem in exc.causes],
                              "follow_on": [dataclasses.asdict(problem) for problem in exc.follow_on]})
        raise
    _report(args.report, {"key": snapshot.key})
    print(f"{path}: snapshot {snapshot.key} as of {snapshot.as_of} in {cache} — {len(snapshot.targets)} targets, "
          f"{len(snapshot.figures)} figures ({time.perf_counter() - started:.2f} s)")
    return 0


def _report(path: Path | None, result: dict) -> None:
    """For a server that runs `snapshot` as a child process: what it built, or why not."""
    if path is not None:
        from .edit import atomic_write

        atomic_write(path, json.dumps(result, ensure_ascii=False))


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _cell(text: str, width: int) -> str:
    text = str(text)
    if _width(text) > width:
        while _width(text) > width - 1:
            text = text[:-1]
        text += "…"
    return text + " " * (width - _width(text))


# The status table's words (names, statuses and explanations come from the registry and the
# status rule, in the chosen language).
STATUS_WORDS = {
    "id": ("编号", "id"), "place": ("地区", "place"), "metric": ("指标", "metric"), "target": ("目标", "target"),
    "deadline": ("期限", "deadline"), "latest": ("最新数据", "latest"), "status": ("状态", "status"),
    "why": ("说明", "why"),
    "no_match": ("没有符合筛选条件的目标。", "No targets match these filters."),
    "hedged": ("* 数据本身的措辞（约、超等）可能改变这一结果。",
               "* the figure's own wording (约, 超) could turn this result."),
    "undated_hidden": ("年份筛选隐藏了 {n} 个未说明期限的目标（加 --undated 显示）。",
                       "Targets with no deadline hidden by the year filter: {n} (add --undated to show them)."),
}


def cmd_status(args: argparse.Namespace) -> int:
    from .frames import filtered_claims, status_counts, undated_hidden

    snapshot = _snapshot(args)
    filters = _filters(args, snapshot)
    targets, _ = filtered_claims(snapshot, filters)
    zh = args.lang == "zh"

    def word(key: str) -> str:
        return STATUS_WORDS[key][0 if zh else 1]

    hidden = undated_hidden(snapshot, filters)
    if targets.empty:
        print(word("no_match"))
        if hidden:
            print(word("undated_hidden").format(n=hidden))
        return 0
    from .formatting import claim_text, latest_text

    columns = [("id", 34), ("place", 10 if zh else 16), ("metric", 22 if zh else 30), ("target", 18),
               ("deadline", 10), ("latest", 14), ("status", 14), ("why", 46)]
    print("  ".join(_cell(word(key), width) for key, width in columns).rstrip())
    print("  ".join("-" * width for _, width in columns))
    no_deadline = "未说明" if zh else "–"
    for row in targets.sort_values(["place", "metric", "id"]).itertuples():
        status = STATUS_LABELS[row.status][0 if zh else 1] + (" *" if row.hedged else "")
        values = row._asdict()
        latest = latest_text(values, args.lang) or "–"
        cells = [row.id, row.place_zh if zh else row.place_en, row.metric_zh if zh else row.metric_en,
                 claim_text(values, args.lang),
                 row.deadline if isinstance(row.deadline, str) else no_deadline,
                 latest, status,
                 row.explanation_zh if zh else row.explanation_en]
        print("  ".join(_cell(c, w) for c, (_, w) in zip(cells, columns)).rstrip())
    counts = status_counts(targets)
    print()
    print(("，" if zh else "  ").join(f"{STATUS_LABELS[s][0 if zh else 1]}：{n}" if zh else
                                      f"{STATUS_LABELS[s][1]}: {n}" for s, n in counts.items()))
    if targets["hedged"].fillna(False).astype(bool).any():
        print(word("hedged"))
    if hidden:
        print(word("undated_hidden").format(n=hidden))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from . import export

    snapshot = _snapshot(args)
    filters = _filters(args, snapshot)
    if args.format in ("sqlite", "parquet"):
        return _export_file(args, snapshot, filters)
    rows = export.export_view(snapshot, filters)
    data = export.to_csv(rows) if args.format == "csv" else export.to_json(rows)
    if args.output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return 0
    path = args.output / export.file_name(filters.places, snapshot.as_of, args.format) \
        if args.output.is_dir() else args.output
    path.write_bytes(data)
    print(f"wrote {len(rows)} rows to {path}", file=sys.stderr)
    return 0


def _export_file(args: argparse.Namespace, snapshot, filters) -> int:
    """A database or a Parquet file: binary, so written to a file, never to the terminal."""
    from . import export

    extension = "db" if args.format == "sqlite" else "parquet"
    if args.output is None:
        raise ValueError(f"--format {args.format} writes a file: give -o FILE.{extension} (or a folder)")
    path = args.output / export.file_name(filters.places, snapshot.as_of, extension) \
        if args.output.is_dir() else args.output
    if args.format == "sqlite":
        from .export_sqlite import write_database

        counts = write_database(snapshot, path, filters)
        said = ", ".join(f"{count} {table}" for table, count in counts.items())
        print(f"wrote {path}: {said}; serve it with `datasette {path}`", file=sys.stderr)
        return 0
    rows = export.export_view(snapshot, filters)
    export.to_parquet(rows, path)
    print(f"wrote {len(rows)} rows to {path}", file=sys.stderr)
    return 0


def _entry_from_args(args: argparse.Namespace, kind: str) -> dict[str, Any]:
    entry: dict[str, Any] = {}
    if args.yaml:
        from . import yamlio

        # the registry's own reader: alias bombs, tags, syntax errors and odd files are located problems
        name = "<stdin>" if args.yaml == "-" else args.yaml
        text = sys.stdin.read() if args.yaml == "-" else yamlio.read_text(Path(args.yaml))
        loaded = yamlio.load(text, name)
        if not isinstance(loaded, dict):
            raise RegistryError.single(args.yaml, "expected one entry as a YAML mapping")
        entry.update(loaded)
    for name in ("id", "place", "actor", "metric", "comparator", "value", "unit", "note"):
        value = getattr(args, name, None)
        if value is not None:
            entry[name] = int(value) if isinstance(value, float) and value.is_integer() else value
    if args.source or args.quote:
        statement = {"source": args.source, "quote": args.quote}
        if getattr(args, "statement_date", None):
            statement["date"] = args.statement_date
        entry["statements"] = [statement]
    if kind == "figures":
        if args.period_end or args.period_start or args.period_text or "period" not in entry:
            entry["period"] = {"start": args.period_start, "end": args.period_end,
                               "kind": args.period_kind, "text": args.period_text}
        if args.growth is not None:
            entry["growth"] = {"comparator": args.growth_comparator, "value": args.growth,
                               "unit": "%", "basis": args.growth_basis}
        if args.rank is not None:
            entry["rank"] = {"value": args.rank, "scope": args.rank_scope}
    else:
        if args.measure != "level" or "measure" not in entry:
            entry["measure"] = args.measure
        if args.firmness != "firm" or "firmness" not in entry:
            entry["firmness"] = args.firmness
        if args.deadline or args.deadline_precision or "deadline" not in entry:
            precision = args.deadline_precision or (
                "unstated" if not args.deadline else
                {1: "year", 2: "month", 3: "date"}[len(args.deadline.split("-"))])
            entry["deadline"] = {"date": args.deadline, "precision": precision, "text": args.deadline_text}
    return entry


def cmd_add(args: argparse.Namespace, kind: str) -> int:
    from .edit import append_entry

    entry = _entry_from_args(args, kind)
    path = args.registry or default_registry_path()
    done = append_entry(path, kind, entry, data_dir=args.data, sources_dir=args.sources, resolve=_resolve_names,
                        on_wait=lambda notice: print(notice, file=sys.stderr, flush=True), file=args.file)
    print(f"added {kind[:-1]} {entry.get('id')!r} to {done.file or path} (now {done.targets} targets, "
          f"{done.figures} figures)")
    return 0


def _resolve_names(registry, entry: dict) -> None:
    """Accept what a person types as well as the ids: --place 杭州 or Hangzhou, --metric by its
    Chinese or English name or an alias, --source by its text's file name. What cannot be
    resolved is left as given: the validation names the problem."""
    if isinstance(entry.get("place"), str):
        try:
            entry["place"] = registry.find_place(entry["place"]).id
        except LookupError:
            pass
    metric = entry.get("metric")
    if isinstance(metric, str) and metric not in registry.metrics:
        wanted = metric.strip().casefold()
        found = [m.id for m in registry.metrics.values()
                 if wanted in (n.casefold() for n in (m.name_zh, m.name_en, *m.aliases))]
        if len(found) == 1:
            entry["metric"] = found[0]
    for statement in entry.get("statements") or []:
        source = statement.get("source")
        if isinstance(source, str) and source not in registry.sources:
            found = [s.id for s in registry.sources.values() if s.file and s.file == Path(source).name]
            if len(found) == 1:
                statement["source"] = found[0]


def cmd_extract(args: argparse.Namespace) -> int:
    from .extract import run_cli

    return run_cli(args)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "validate":
            return cmd_validate(args)
        if args.command == "status":
            return cmd_status(args)
        if args.command == "snapshot":
            return cmd_snapshot(args)
        if args.command == "export":
            return cmd_export(args)
        if args.command == "add-figure":
            return cmd_add(args, "figures")
        if args.command == "add-target":
            return cmd_add(args, "targets")
        if args.command == "extract":
            return cmd_extract(args)
        if args.command == "add-source":
            return run_add_source(args)
    except RegistryError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        changed = "; nothing was changed" if args.command.startswith("add-") else ""
        print(f"{len(exc.problems)} problem(s){changed}.", file=sys.stderr)
        return 1
    except (LookupError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except OSError as exc:  # a full disk, a read-only file system, a folder one may not write to
        changed = "; nothing was changed" if args.command.startswith("add-") else ""
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"error: {where}{exc.strerror or exc}{changed}.", file=sys.stderr)
        return 1
    return 2
