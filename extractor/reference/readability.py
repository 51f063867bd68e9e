"""Mozilla's Readability.js as a reference extractor: one long-lived Node worker, asked page by page.

    >>> with Readability() as readability:
    ...     article = readability.read(html, url)   # None: no article (readability.last_miss says why)

The worker (``readability.mjs``) parses pages with jsdom 26, measured against linkedom 0.18 on
Readability's own 130 test pages (``source.html`` against ``expected.html``, Readability 0.6.0):

- body text, token F1 against ``expected.html``'s text: 0.9963 mean with either DOM (their texts are
  identical on all 130 pages; the gap to 1 is mostly mathjax, whose MathML 0.6.0 drops with any
  DOM, jsdom 20 too: the corpus was written by a later Readability);
- content HTML, node by node as Readability's tests compare it: identical on 110 pages with jsdom
  (as with jsdom 20, the one Readability's tests use), 108 with linkedom, whose parser does not
  build the tree the HTML standard prescribes (no implied ``<tbody>``, a stray ``<`` kept as text;
  ``<html><p>…</html>`` leaves ``<body>`` empty, so Readability finds nothing);
- time, on a busy 2-core machine: jsdom 0.19-0.23 s a page (median 0.12), linkedom 0.04-0.09 s.

jsdom reproduces Readability best and a fifth of a second is acceptable for a reference, so jsdom;
version 26 rather than 29 because it runs on Node 18 (Debian 12's ``nodejs``) and was faster here.
"""

from __future__ import annotations

import atexit
import threading
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from extractor.errors import ReferenceUnavailable
from extractor.reference.node import check_packages, find_node, find_node_modules
from extractor.reference.worker import NodeWorker, WorkerDiedError, WorkerTimeoutError, request_line

PACKAGES = ("@mozilla/readability", "jsdom")
WORKER_SCRIPT = "readability.mjs"

MissKind = Literal["no-article", "timeout", "too-large", "error"]


@dataclass(frozen=True)
class ReadabilitySettings:
    """Where node and the npm packages are, and how long a page may take."""

    node: str | None = None  # executable; None: `node` on PATH, else Playwright's bundled node
    node_modules: Path | None = None  # None: EXTRACTOR_NODE_MODULES, else node_modules at the repo root
    timeout: float = 10.0  # seconds for one page; past it the worker is killed and restarted
    start_timeout: float = 20.0  # seconds for a new worker to load its packages and say it is ready
    max_input_bytes: int = 16 * 1024 * 1024  # a page larger than this (as UTF-8 JSON) is not sent
    max_elements: int = 100_000  # Readability's maxElemsToParse: a page with more elements is refused


@dataclass(frozen=True)
class ReadabilityArticle:
    """What Readability found: metadata, the block texts of the article, and its HTML."""

    title: str | None
    byline: str | None
    published: str | None
    text: str  # block texts joined by "\n"
    paragraphs: list[str]
    html: str  # Readability's content HTML

    @classmethod
    def from_reply(cls, reply: dict[str, Any]) -> ReadabilityArticle:
        """The article in one reply of the worker."""
        paragraphs = [str(text) for text in reply.get("paragraphs") or []]
        return cls(
            title=_optional(reply.get("title")),
            byline=_optional(reply.get("byline")),
            published=_optional(reply.get("published")),
            text=str(reply.get("text") or "\n".join(paragraphs)),
            paragraphs=paragraphs,
            html=str(reply.get("html") or ""),
        )


@dataclass(frozen=True)
class ReadabilityMiss:
    """Why a ``read`` returned None: no article on the page, a timeout, a page too large, an error."""

    kind: MissKind
    detail: str


class Readability:
    """Readability.js in one Node process, started on first use and reused; thread-safe.

    A worker that died is restarted once per request; one that times out is killed, and the next
    request starts another. ``close()`` stops the worker (a later ``read`` starts a new one).
    """

    def __init__(self, settings: ReadabilitySettings | None = None) -> None:
        self.settings = settings or ReadabilitySettings()
        self._lock = threading.Lock()
        self._worker: NodeWorker | None = None
        self._requests = 0
        self._local = threading.local()

    def __enter__(self) -> Readability:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def last_miss(self) -> ReadabilityMiss | None:
        """Why this thread's last ``read`` returned None (None after one that found an article)."""
        miss: ReadabilityMiss | None = getattr(self._local, "miss", None)
        return miss

    @property
    def worker_pid(self) -> int | None:
        """The running worker's process id, if one runs."""
        worker = self._worker
        return worker.pid if worker is not None and worker.alive() else None

    def read(self, html: str, url: str) -> ReadabilityArticle | None:
        """The article Readability finds in ``html`` (read as served at ``url``); None when it finds none.

        Raises ``ReferenceUnavailable`` when node or the npm packages are missing.
        """
        self._local.miss = None
        with self._lock:
            self._requests += 1
            line = request_line({"id": self._requests, "html": html, "url": url})
            if len(line) > self.settings.max_input_bytes:
                self._missed("too-large", f"{len(line)} bytes, over {self.settings.max_input_bytes}")
                return None
            reply = self._ask(line, self._requests)
        if isinstance(reply, ReadabilityMiss):
            self._missed(reply.kind, reply.detail)
            return None
        if "error" in reply:
            detail = str(reply["error"])
            self._missed("too-large" if detail.startswith("page too large") else "error", detail)
            return None
        if "article" in reply and reply["article"] is None:
            self._missed("no-article", "Readability found no article")
            return None
        return ReadabilityArticle.from_reply(reply)

    def close(self) -> None:
        """Stop the worker, if one runs."""
        with self._lock:
            if self._worker is not None:
                self._worker.close()
                self._worker = None

    def _ask(self, line: bytes, request_id: int) -> dict[str, Any] | ReadabilityMiss:
        for attempt in (1, 2):
            worker = self._running_worker()
            try:
                reply = worker.request(line, self.settings.timeout)
            except WorkerTimeoutError as timeout:
                self._worker = None
                return ReadabilityMiss("timeout", f"{timeout}; the worker was killed and will be restarted")
            except WorkerDiedError as death:
                self._worker = None
                if attempt == 2:
                    return ReadabilityMiss("error", f"the worker died on this page twice: {death}")
                continue
            if reply.get("id", request_id) != request_id:
                worker.kill()
                self._worker = None
                return ReadabilityMiss("error", f"the worker answered another request: {reply.get('id')!r}")
            return reply
        raise AssertionError("unreachable")

    def _running_worker(self) -> NodeWorker:
        if self._worker is not None and self._worker.alive():
            return self._worker
        if self._worker is not None:
            self._worker.kill()
            self._worker = None
        settings = self.settings
        node = find_node(settings.node)
        node_modules = find_node_modules(settings.node_modules).resolve()
        check_packages(node_modules, PACKAGES)
        script = resources.files("extractor.reference").joinpath(WORKER_SCRIPT)
        with resources.as_file(script) as path:  # a real file while the worker starts (and reads it)
            command = [node, str(path), "--node-modules", str(node_modules)]
            command += ["--max-input-bytes", str(settings.max_input_bytes)]
            command += ["--max-elements", str(settings.max_elements)]
            try:
                self._worker = NodeWorker(command, settings.start_timeout)
            except (WorkerDiedError, WorkerTimeoutError) as error:
                raise ReferenceUnavailable(
                    PACKAGES[0], f"the Readability worker did not start: {error} (make setup installs its packages)"
                ) from None
        return self._worker

    def _missed(self, kind: MissKind, detail: str) -> None:
        self._local.miss = ReadabilityMiss(kind, detail)


def _optional(value: Any) -> str | None:
    return str(value) if value not in (None, "") else None


_shared: Readability | None = None
_shared_lock = threading.Lock()


def shared_readability() -> Readability:
    """The process-wide ``Readability``, with default settings; its worker is stopped at exit."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = Readability()
            atexit.register(_close_shared)
        return _shared


def _close_shared() -> None:
    if _shared is not None:
        _shared.close()
