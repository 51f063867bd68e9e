"""The page as the server sent it, next to the rendered DOM: ``Snapshot.source_html``.

A script may replace the article after the load (with a shell, a consent wall, an error), or the
site's scripts may fail, while the HTML the server sent held it whole. ``SourceView`` reads the body
of each document response of the top frame as it arrives (a background task: the render never waits
for it, and it is read while Chromium still holds it, before a later document replaces it), and at
snapshot time gives the one that delivered the snapshot's document.

Decoding: ``Response.body()`` is what Chromium's DevTools hands over. When Chromium's decoder (the
Content-Type charset, else a BOM or a ``<meta charset>`` near the top, else UTF-8) read the body
without an error, that is the decoded text encoded again as UTF-8 (so ``Response.text()``, which
always decodes UTF-8, is right then, and decoding it by the declared charset would be wrong); else the
bytes as the server sent them. Those (chiefly a non-UTF-8 page that declares nothing) are decoded with
w3lib (parsel's own dependency) as a browser does: BOM, Content-Type charset, the document's own
declaration, else the encoding the browser chose for the document (``document.characterSet``, asked
only then), else windows-1252.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass
from urllib.parse import urlsplit

import lxml.etree
import lxml.html
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Page, Request, Response
from w3lib.encoding import html_to_unicode, resolve_encoding

MAX_KEPT = 4  # documents of the top frame kept (a page redirecting by script passes through a few)
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", ""})  # "": no Content-Type, sniffed as a page


@dataclass
class _Document:
    """One document response of the top frame; ``body`` is None when it is not HTML."""

    url: str
    content_type: str | None
    body: asyncio.Future[bytes] | None


class SourceView:
    """The bodies of the top frame's document responses, read as they arrive."""

    def __init__(self, page: Page):
        self.page = page
        self.documents: list[_Document] = []  # oldest first, at most MAX_KEPT
        page.on("response", self._on_response)

    def _on_response(self, response: Response) -> None:
        if not self._is_document(response.request):
            return
        if 300 <= response.status < 400 and "location" in response.headers:
            return  # a redirect: the response of its target follows
        content_type = response.headers.get("content-type")
        kind = (content_type or "").split(";")[0].strip().lower()
        body = asyncio.ensure_future(response.body()) if kind in HTML_TYPES else None
        if body is not None:
            body.add_done_callback(_taken)
        self.documents.append(_Document(response.url, content_type, body))
        if len(self.documents) > MAX_KEPT:
            _drop(self.documents.pop(0))

    def _is_document(self, request: Request) -> bool:
        try:
            return request.is_navigation_request() and request.frame == self.page.main_frame
        except PlaywrightError:  # a service worker's request has no frame
            return False

    async def read(self, url: str, current: bool, limit: float) -> str | None:
        """The source of the snapshot's document, at ``url``; waits at most ``limit`` s for its body.

        ``current``: the snapshot holds the page's document as it stands. Its source is the last
        document response, when it has the document's origin (``history.pushState`` may have changed
        the address since, never the origin). Otherwise the snapshot holds a document the page left
        (``departure.py``), and its source is the last document response with its URL. None when no
        such response is known (a document without one: ``about:blank``, ``data:``; a left document
        whose address a script had changed), when it is not HTML, or when its body cannot be had in
        time (or at all: Chromium drops a document's body once the next one commits).
        """
        document = self._document_of(url, current)
        if document is None or document.body is None or document.body.cancelled():
            return None
        try:
            body = await asyncio.wait_for(document.body, timeout=limit)
        except (TimeoutError, PlaywrightError):
            return None
        try:
            return body.decode("utf-8").removeprefix("\ufeff")  # text Chromium decoded (see the module)
        except UnicodeDecodeError:
            charset = await self._charset() if current else None
            encoding = resolve_encoding(charset) if charset else None
            _, text = html_to_unicode(document.content_type, body, "cp1252", auto_detect_fun=lambda _: encoding)
            return text

    async def fetch_again(self, url: str, limit: float) -> str | None:
        """``url`` asked for once more, through the page's context (its cookies, headers and proxy),
        for a document whose body Chromium dropped before it could be read; None when that fails."""
        try:
            response = await self.page.context.request.get(
                url, timeout=max(1.0, limit * 1000), fail_on_status_code=True
            )
            body = await response.body()
        except (PlaywrightError, TimeoutError):
            return None
        kind = (response.headers.get("content-type") or "").split(";")[0].strip().lower()
        if kind not in HTML_TYPES:
            return None
        _, text = html_to_unicode(response.headers.get("content-type"), body, "cp1252")
        return text

    def _document_of(self, url: str, current: bool) -> _Document | None:
        if not self.documents:
            return None
        if current:
            last = self.documents[-1]
            return last if _origin(last.url) == _origin(url) else None
        wanted = url.partition("#")[0]
        return next((doc for doc in reversed(self.documents) if doc.url.partition("#")[0] == wanted), None)

    async def _charset(self) -> str | None:
        """The encoding the browser chose for the page's document, or None."""
        with contextlib.suppress(PlaywrightError, TimeoutError):
            charset = await asyncio.wait_for(self.page.evaluate("() => document.characterSet"), timeout=1.0)
            return charset if isinstance(charset, str) else None
        return None

    def stop(self) -> None:
        """Drop the bodies, read or being read: the page is done with."""
        self.page.remove_listener("response", self._on_response)
        for document in self.documents:
            _drop(document)
        self.documents.clear()


def shows_text(html: str) -> bool:
    """Whether a document's body holds any text outside scripts, styles and templates."""
    try:
        root = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return False
    for quiet in root.xpath("//script | //style | //noscript | //template"):
        quiet.drop_tree()
    body = root.find("body")
    return body is not None and bool(body.text_content().strip())


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme, parts.netloc


def _drop(document: _Document) -> None:
    if document.body is not None:
        document.body.cancel()


def _taken(body: asyncio.Future[bytes]) -> None:
    """Mark a body's error as seen (a document replaced, a body not kept): it only means no source."""
    if not body.cancelled():
        body.exception()
