"""Progress of the long commands (a snapshot of a national registry, a big extract), drawn by
tqdm on a terminal and silent elsewhere: a server's child build, a script reading the
problems, a test. The commands hand these callables to the library functions, which only say
how far they are."""

from __future__ import annotations

from typing import TextIO

from tqdm import tqdm


def _terminal(stream: TextIO) -> bool:
    return hasattr(stream, "isatty") and stream.isatty()


class Progress:
    """`progress(done, total)` for a build of many files: a bar of the files read, redrawn at
    most every `every` seconds. Not shown for one file, nor when `stream` is not a terminal."""

    def __init__(self, stream: TextIO, every: float = 2.0, what: str = "registry files"):
        self.stream, self.every, self.what = stream, every, what
        self.enabled = _terminal(stream)
        self.bar: tqdm | None = None

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total < 2:
            return
        if self.bar is None:
            self.bar = tqdm(total=total, desc=self.what, unit=" files", file=self.stream, mininterval=self.every,
                            dynamic_ncols=True)
        self.bar.update(done - self.bar.n)
        if done >= total:
            self.bar.close()


class Share:
    """`progress(share)` (0..1) of a long text read: a bar of its megabytes."""

    def __init__(self, stream: TextIO, megabytes: float, what: str = "extract"):
        self.bar = tqdm(total=round(megabytes, 1), desc=what, unit=" MB", file=stream, mininterval=0.5,
                        bar_format="{desc}: {percentage:3.0f}%|{bar}| {n:.1f}/{total:.1f} MB [{elapsed}<{remaining}]",
                        disable=not _terminal(stream), dynamic_ncols=True)

    def __call__(self, share: float) -> None:
        self.bar.update(min(share, 1.0) * self.bar.total - self.bar.n)
        if share >= 1.0:
            self.bar.close()
