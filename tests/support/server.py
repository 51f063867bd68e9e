"""The test site's server: the demo server plus the hooks only the tests need.

- ``/__hang`` never answers (until the server stops), like a stuck tracker;
- ``/__flaky/KEY?fail=N`` answers 503 to the first N requests for KEY, then a small page;
- ``/__whoami`` shows the request's headers and, written by its script, the browser's user agent,
  language, time zone, window size and cookies;
- ``/__session/login?next=PATH`` sets the ``session=ok`` cookie and redirects to PATH;
  ``/__session/article`` is an article its script fetches from ``/__session/data``, which answers
  401 without that cookie (the page then says "Please log in");
- ``/__adaptive/N?switch=K`` is story N of a site that changed how it is built after story K: up to K
  its headline and paragraphs are in the HTML the server sends, after K a script draws them 100 ms
  after it runs (the server sends a shell);
- ``/__redesign/VARIANT?from=FOLDER`` is the page of the recording in FOLDER, redesigned as
  ``support.redesign`` says (static: its scripts are left out);
- ``/index.html?message_id=N`` is Sourcepoint's consent message (``/consent/sourcepoint-message.html``),
  at the path its frame has on Sourcepoint's own host.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from contextlib import AbstractContextManager
from pathlib import Path

from extractor.demo.server import SiteHandler, SiteServer, serve
from extractor.recording import open_recording
from extractor.recording.sites import site_for_recording
from support.redesign import redesigned


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
        elif path == "/__whoami":
            self._send(200, _WHOAMI.replace("HEADERS", json.dumps(dict(self.headers.items()))).encode(), "text/html")
        elif path.startswith("/__session/"):
            self._session(path, query)
        elif path.startswith("/__adaptive/"):
            self._send(200, _adaptive_story(path, query).encode(), "text/html")
        elif path.startswith("/__redesign/"):
            self._send(200, _redesigned(path.rsplit("/", 1)[1], query["from"][0]).encode(), "text/html; charset=utf-8")
        elif path == "/index.html" and "message_id" in query:  # where Sourcepoint serves its messages
            message = self._find("/consent/sourcepoint-message.html")
            assert message is not None
            self._send(200, message.read_bytes(), "text/html; charset=utf-8")
        else:
            return super().answer(path, query)
        return True

    def _session(self, path: str, query: dict[str, list[str]]) -> None:
        logged_in = "session=ok" in (self.headers.get("Cookie") or "")
        if path == "/__session/login":
            self.send_response(302)
            self.send_header("Set-Cookie", "session=ok; Path=/; Max-Age=3600; HttpOnly")
            self.send_header("Location", query.get("next", ["/__session/article"])[0])
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/__session/data" and logged_in:
            self._send(
                200, json.dumps({"title": "Members only", "body": "The logged-in story."}).encode(), "application/json"
            )
        elif path == "/__session/data":
            self._send(401, b'{"error": "log in first"}', "application/json")
        else:
            self._send(200 if path == "/__session/article" else 404, _ARTICLE.encode(), "text/html")


_WHOAMI = """<html><head><title>whoami</title></head><body>
<pre id="headers">HEADERS</pre>
<p id="ua"></p><p id="language"></p><p id="zone"></p><p id="size"></p><p id="cookies"></p>
<script>
  const put = (id, text) => { document.getElementById(id).textContent = text; };
  put("ua", navigator.userAgent); put("language", navigator.language);
  put("zone", Intl.DateTimeFormat().resolvedOptions().timeZone);
  put("size", innerWidth + "x" + innerHeight); put("cookies", document.cookie);
</script></body></html>"""

_ARTICLE = """<html><head><title>Members</title></head><body><main><h1></h1><p class="story"></p></main>
<script>
  fetch("/__session/data").then(answer => answer.ok ? answer.json() : null).then(data => {
    document.querySelector("h1").textContent = data ? data.title : "Please log in";
    if (data) document.querySelector(".story").textContent = data.body;
  });
</script></body></html>"""


class _HookServer(SiteServer):
    handler = _HookHandler

    def __init__(self, roots: Sequence[Path], port: int) -> None:
        self.hits: dict[str, int] = {}  # requests per /__flaky/KEY path
        super().__init__(roots, port)


def serve_test_site(*roots: Path, port: int = 0) -> AbstractContextManager[str]:
    """Like ``extractor.demo.server.serve``, with the test-only hooks; yields the base URL."""
    return serve(*roots, port=port, server_class=_HookServer)


def _redesigned(variant: str, folder: str) -> str:
    recording = open_recording(folder)
    return redesigned(recording.snapshot(), site_for_recording(recording).site, variant)


def _adaptive_story(path: str, query: dict[str, list[str]]) -> str:
    """Story N, in the server's HTML up to story ``switch``, drawn by a script after it."""
    number = int(path.rsplit("/", 1)[-1] or 0) if path.rsplit("/", 1)[-1].isdigit() else 0
    switch = int(query.get("switch", ["1000"])[0])
    title = f"Story {number}"
    paragraphs = [f"Paragraph {i} of story {number}." for i in (1, 2)]
    head = (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>{title}</title></head>'
    )
    if number <= switch:
        body = f"<h1>{title}</h1>" + "".join(f'<p class="story">{text}</p>' for text in paragraphs)
        return f"{head}<body><main>{body}</main></body></html>"
    script = (
        "<script>setTimeout(function () { var m = document.querySelector('main'); "
        f"m.innerHTML = {json.dumps('<h1>' + title + '</h1>' + ''.join(f'<p class=story>{t}</p>' for t in paragraphs))}; "
        "}, 100);</script>"
    )
    return f'{head}<body><main><p class="loading">Loading</p></main>{script}</body></html>'
