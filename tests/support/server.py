"""The test site's server: the demo server plus the hooks only the tests need.

- ``/__hang`` never answers (until the server stops), like a stuck tracker;
- ``/__flaky/KEY?fail=N`` answers 503 to the first N requests for KEY, then a small page.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from pathlib import Path

from extractor.demo.server import SiteHandler, SiteServer, serve


class _HookHandler(SiteHandler):
    server: _HookServer

    def answer(self, path: str, query: dict[str, list[str]]) -> bool:
        """The test-only hooks first, then the demo server's own."""
        if path == "/__hang":
            self.server.stopping.wait()
        elif path.startswith("/__flaky/"):
            failures = int(query.get("fail", ["1"])[0])
            with self.server.lock:
                seen = self.server.hits[path] = self.server.hits.get(path, 0) + 1
            if seen <= failures:
                self._send(503, b"<html><body><h1>Busy</h1></body></html>", "text/html")
            else:
                self._send(200, f"<html><body><h1>{path}</h1><p>try {seen}</p></body></html>".encode(), "text/html")
        else:
            return super().answer(path, query)
        return True


class _HookServer(SiteServer):
    handler = _HookHandler

    def __init__(self, roots: Sequence[Path], port: int) -> None:
        self.hits: dict[str, int] = {}  # requests per /__flaky/KEY path
        super().__init__(roots, port)


def serve_test_site(*roots: Path, port: int = 0) -> AbstractContextManager[str]:
    """Like ``extractor.demo.server.serve``, with the test-only hooks; yields the base URL."""
    return serve(*roots, port=port, server_class=_HookServer)
