"""Remembered answers to the dashboard's read-only callbacks.

A page of the dashboard, and an answer of its read-only API (`/api/…`, `/feed.atom`), is a
function of its URL and of the registry snapshot being served:
the same link asked for twice gives the same bytes. So the answer to such a callback (the page
router, the place search) is kept, compressed as it was sent, under the request's exact body
and its Accept-Encoding, and sent again as it is while the same snapshot is served. When the
loader swaps in a new snapshot (an edit, a new day) everything remembered is dropped before
anything is answered, so an edit is never hidden behind an old page.

It is plain WSGI wrapped around the Flask server, so a remembered answer skips Flask and Dash
altogether. Memory is bounded (TRACKER_RESPONSE_CACHE_MB, default 64 per process; 0 turns the
cache off); the least recently used answers go first.
"""

from __future__ import annotations

import io
import json
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any

import xxhash

UPDATE_PATH = "/_dash-update-component"


def cache_size_from_env() -> int:
    megabytes = os.environ.get("TRACKER_RESPONSE_CACHE_MB", "64")
    try:
        return max(0, int(float(megabytes) * 1024 * 1024))
    except ValueError:
        raise SystemExit(f"TRACKER_RESPONSE_CACHE_MB={megabytes!r}: expected a number of megabytes (0 turns it off)")


class ResponseCache:
    """WSGI middleware. `loader.get().snapshot` is the snapshot being served; `cacheable(request)`
    says whether the answer to a callback request (its JSON body, parsed) depends on nothing but
    that request and the snapshot."""

    def __init__(self, app: Callable, loader: Any, cacheable: Callable[[dict], bool], max_bytes: int):
        self.app, self.loader, self.cacheable, self.max_bytes = app, loader, cacheable, max_bytes
        self._lock = threading.Lock()
        self._entries: OrderedDict[tuple, tuple[str, list, bytes, int]] = OrderedDict()
        self._bytes = 0
        self._snapshot: Any = None  # held, so that its id is never reused by a newer one

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if self.max_bytes <= 0:
            return self.app(environ, start_response)
        method, path = environ.get("REQUEST_METHOD"), environ.get("PATH_INFO", "")
        if method == "POST" and path == UPDATE_PATH and environ.get("CONTENT_LENGTH"):
            body = _read_body(environ)
            key = (xxhash.xxh3_128_digest(body), environ.get("HTTP_ACCEPT_ENCODING", ""))
        elif method == "GET" and _read_only_get(path) and not environ.get("HTTP_IF_NONE_MATCH"):
            # the API and the feed: a function of the URL (and the host the feed's links name)
            body = None
            key = ("GET", path, environ.get("QUERY_STRING", ""), environ.get("HTTP_HOST", ""),
                   environ.get("HTTP_ACCEPT_ENCODING", ""))
        else:
            return self.app(environ, start_response)
        snapshot = self.loader.get().snapshot  # starts, and briefly waits for, a reload after an edit
        if snapshot is None:
            return self.app(environ, start_response)
        with self._lock:
            if self._snapshot is not snapshot:
                self._clear(snapshot)
            remembered = self._entries.get(key)
            if remembered is not None:
                self._entries.move_to_end(key)
        if remembered is not None:
            status, headers, content, _ = remembered
            start_response(status, [*headers, ("X-Tracker-Cache", "hit")])
            return [content]

        captured: dict[str, Any] = {}

        def capture(status: str, headers: list, exc_info: Any = None):
            captured.update(status=status, headers=list(headers))
            return start_response(status, [*headers, ("X-Tracker-Cache", "miss")], exc_info)

        result = self.app(environ, capture)
        try:
            content = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        if captured.get("status", "").startswith("200 ") and self._is_cacheable(body):
            self._remember(snapshot, key, captured["status"], captured["headers"], content)
        return [content]

    def _is_cacheable(self, body: bytes | None) -> bool:
        if body is None:  # a GET of the API or the feed
            return True
        try:
            request = json.loads(body)
        except ValueError:
            return False
        return isinstance(request, dict) and bool(self.cacheable(request))

    def _remember(self, snapshot: Any, key: tuple, status: str, headers: list, content: bytes) -> None:
        size = len(content) + sum(len(k) + len(v) for k, v in headers) + 100
        if size > self.max_bytes:
            return
        with self._lock:
            if self._snapshot is not snapshot or key in self._entries:  # a newer snapshot came in meanwhile
                return
            self._entries[key] = (status, headers, content, size)
            self._bytes += size
            while self._bytes > self.max_bytes:
                _, (*_, old_size) = self._entries.popitem(last=False)
                self._bytes -= old_size

    def _clear(self, snapshot: Any) -> None:
        self._entries.clear()
        self._bytes = 0
        self._snapshot = snapshot

    def __len__(self) -> int:
        return len(self._entries)


def read_only(request: dict) -> bool:
    """The dashboard's callbacks whose answer depends on nothing but the request and the served
    snapshot: the page router (except the Import page, which also depends on whether editing
    is enabled) and the place search."""
    output = request.get("output", "")
    if output == "f-place.options":
        return True
    if "_pages_content.children" in output:
        pathname = next((i.get("value") for i in request.get("inputs") or [] if i.get("property") == "pathname"), "")
        return not str(pathname or "").startswith("/import")
    return False


def _read_only_get(path: str) -> bool:
    """The read-only API's answers and the feed: the same URL, the same bytes, per snapshot."""
    return path.startswith("/api/") or path == "/feed.atom"


def _read_body(environ: dict) -> bytes:
    """The request body, put back so the app behind can read it too."""
    try:
        length = max(0, int(environ["CONTENT_LENGTH"]))
    except ValueError:
        length = 0
    body = environ["wsgi.input"].read(length) if length else b""
    environ["wsgi.input"] = io.BytesIO(body)
    environ["CONTENT_LENGTH"] = str(len(body))
    return body
