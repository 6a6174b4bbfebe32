"""A bound on request bodies, before anything reads them: the app's own callbacks send a few KB
and the Import page's article at most a few MB, so a 300 MB POST is answered 413 at once
instead of being read into a worker's memory (issue "Hardening, round two", M5)."""

from __future__ import annotations

from typing import Callable, Iterable

MAX_BODY_BYTES = 8 * 1024 * 1024  # the Import page stops a paste at 2 MB + 1 character (at most ~6.3 MB of UTF-8)


class BodyLimit:
    def __init__(self, app: Callable, max_bytes: int = MAX_BODY_BYTES):
        self.app, self.max_bytes = app, max_bytes

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > self.max_bytes:
            message = f"request body over {self.max_bytes:,} bytes\n".encode()
            start_response("413 Payload Too Large", [("Content-Type", "text/plain; charset=utf-8"),
                                                     ("Content-Length", str(len(message))), ("Connection", "close")])
            return [message]
        return self.app(environ, start_response)
