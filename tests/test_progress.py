"""The long commands show how far they are, on a terminal only: a bar of the registry's files
read while a snapshot is built, of the megabytes read while a big text is extracted; nothing
when the output is piped (a server's child build, a script)."""

from __future__ import annotations

import io
import sys

from tracker.progress import Progress


class Terminal(io.StringIO):
    def isatty(self):
        return True


def last_line(stream: io.StringIO) -> str:
    return stream.getvalue().replace("\r", "\n").strip().splitlines()[-1]


def test_progress_is_printed_to_a_terminal_only(tmp_path):
    shown, piped = Terminal(), io.StringIO()
    for stream in (shown, piped):
        progress = Progress(stream, every=0)
        for done in range(4):
            progress(done, 3)
    last = last_line(shown)
    assert last.startswith("registry files: 100%") and " 3/3 " in last
    assert piped.getvalue() == ""


def test_a_long_extract_shows_how_far_it_is_on_a_terminal(monkeypatch):
    from tracker.extract import cli as extract_cli

    for stream, shows in ((Terminal(), True), (io.StringIO(), False)):
        monkeypatch.setattr(sys, "stderr", stream)
        progress = extract_cli.stderr_progress("到2027年，全市智能算力规模达到50EFLOPS。" * 40_000)  # 1.6 MB
        for share in (0.0, 0.5, 1.0):
            progress(share)
        last = last_line(stream) if shows else stream.getvalue()
        assert last.startswith("extract: 100%") and "MB" in last if shows else last == ""
    assert extract_cli.stderr_progress("一段短文。") is None
