"""A small static web server for the bundled demo site and the test pages.

It serves files from one or more folders on 127.0.0.1 (port 0 by default) and
answers a few hooks that mimic what real sites do:

- ``?delay=MS`` on any request delays the response by MS milliseconds;
- ``/__status/NNN`` answers with that HTTP status and a small error page;
- ``/__redirect-loop`` redirects to itself forever;
- ``/__requests`` answers how many requests the server has had (this one included).

A path without an extension serves ``index.html`` from the folder of that name.
``SiteHandler.answer`` and ``SiteServer.handler`` are where a subclass adds paths of its own.
"""

from __future__ import annotations

import mimetypes
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

DEMO_SITE = Path(__file__).parent / "site"


class SiteHandler(BaseHTTPRequestHandler):
    """Answers the hooks above, then files from the server's folders."""

    server: SiteServer

    def log_message(self, format: str, *args: object) -> None:
        """Stay quiet: the server runs inside tests and the demo."""

    def do_GET(self) -> None:
        with self.server.lock:
            self.server.requests += 1
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        delay_ms = query.get("delay", ["0"])[0]
        if delay_ms.isdigit():
            self.server.stopping.wait(int(delay_ms) / 1000)
        path = unquote(parts.path)
        if self.answer(path, query):
            return
        file = self._find(path)
        if file is None:
            self._send(404, b"<html><body><h1>Not found</h1></body></html>", "text/html")
            return
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind in ("application/javascript", "application/json"):
            kind += "; charset=utf-8"
        self._send(200, file.read_bytes(), kind)

    def answer(self, path: str, query: dict[str, list[str]]) -> bool:
        """Answer a hook path; False when ``path`` is none of them (it is then served as a file)."""
        if path == "/__requests":
            self._send(200, str(self.server.requests).encode(), "text/plain")
        elif path.startswith("/__status/"):
            code = int(path.rsplit("/", 1)[1] or 500)
            self._send(code, f"<html><body><h1>Error {code}</h1></body></html>".encode(), "text/html")
        elif path == "/__redirect-loop":
            self.send_response(HTTPStatus.FOUND)
            self.send_header("Location", "/__redirect-loop")
            self.send_header("Content-Length", "0")
            self.end_headers()
        else:
            return False
        return True

    def _find(self, path: str) -> Path | None:
        relative = path.lstrip("/")
        for root in self.server.roots:
            candidate = (root / relative).resolve()
            if not candidate.is_relative_to(root):
                continue
            if candidate.is_dir():
                candidate = candidate / "index.html"
            if candidate.is_file():
                return candidate
        return None

    def _send(self, code: int, body: bytes, kind: str) -> None:
        try:
            self.send_response(code)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the browser went away first; nothing to answer


class SiteServer(ThreadingHTTPServer):
    """Serves ``roots`` (first match wins) with ``handler``; ``stopping`` is set when it stops."""

    daemon_threads = True
    handler: type[SiteHandler] = SiteHandler

    def __init__(self, roots: Sequence[Path], port: int) -> None:
        self.roots = [root.resolve() for root in roots]
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self.requests = 0  # every request served, for tests that prove nothing reached the server
        super().__init__(("127.0.0.1", port), self.handler)


@contextmanager
def serve(*roots: Path, port: int = 0, server_class: type[SiteServer] = SiteServer) -> Iterator[str]:
    """Serve ``roots`` (first match wins) on 127.0.0.1 and yield the base URL."""
    server = server_class(roots or (DEMO_SITE,), port)
    thread = threading.Thread(target=server.serve_forever, name="extractor-site", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.stopping.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


if __name__ == "__main__":  # pragma: no cover - manual use
    import sys

    with serve(*(Path(p) for p in sys.argv[1:])) as url:
        print(url, flush=True)
        while True:
            time.sleep(3600)
