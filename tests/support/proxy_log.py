"""A proxy.py plugin for the tests' forward proxy: every request it forwards, one line in a log.

The log is the file named by the ``EXTRACTOR_TEST_PROXY_LOG`` environment variable: ``METHOD
HOST:PORT PATH`` per request (``CONNECT`` for a tunnel), so a test can check what went through it.
"""

from __future__ import annotations

import os
from pathlib import Path

from proxy.http.parser import HttpParser
from proxy.http.proxy import HttpProxyBasePlugin


class RequestLog(HttpProxyBasePlugin):
    """Appends each request the proxy receives to the log, then lets it through unchanged."""

    def before_upstream_connection(self, request: HttpParser) -> HttpParser | None:
        return request

    def handle_client_request(self, request: HttpParser) -> HttpParser | None:
        method = (request.method or b"").decode()
        host = (request.host or b"").decode()
        path = (request.path or b"").decode()
        with Path(os.environ["EXTRACTOR_TEST_PROXY_LOG"]).open("a", encoding="utf-8") as log:
            log.write(f"{method} {host}:{request.port} {path}\n")
        return request

    def handle_upstream_chunk(self, chunk: memoryview) -> memoryview:
        return chunk

    def on_upstream_connection_close(self) -> None:
        pass
