"""Pages without a browser (``render: never``): the HTML the server sends, fetched over HTTP with httpx.

httpx rather than aiohttp: one typed client with redirects and their history, HTTP and SOCKS5
proxies with credentials (``httpx[socks]``), and per-request timeouts; next to parsing the page,
its speed is not what a page costs. What the site file says of who the browser is applies here
too: ``headers``, ``user_agent``, ``locale`` (as ``Accept-Language``), ``cookies`` and the
storage state's cookies, ``proxy``. The whole fetch is bounded by ``render.timeout``; redirects are
followed (at most ``MAX_REDIRECTS``); the body is decoded as a browser would (BOM, the
Content-Type charset, the document's own ``<meta charset>``, else windows-1252: w3lib). Failures
have the kinds and wording of the browser path's (``dns``, ``refused``, ``timeout``, ``http``,
``download``, ``proxy``, ``load``).
"""

from __future__ import annotations

import asyncio
import socket
import ssl
import time
from dataclasses import dataclass
from functools import cache
from http.cookiejar import Cookie, CookieJar
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

import httpx
from w3lib.encoding import html_to_unicode

from extractor.browser.navigation import NOT_PAGES
from extractor.browser.profile import cookies_for, read_storage_state
from extractor.errors import (
    DNSError,
    HTTPStatusError,
    NotAPageError,
    PageLoadError,
    PageTimeoutError,
    ProxyError,
    RefusedError,
)
from extractor.models import Snapshot
from extractor.sites.checks import redact
from extractor.sites.schema import RenderSpec

MAX_REDIRECTS = 10
MAX_BYTES = 20_000_000  # a page's body read at most; beyond that it is no article
USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@dataclass(frozen=True)
class _Answer:
    """What the server sent for the page, after redirects: where from, the status and the body."""

    url: str
    status: int
    reason: str
    content_type: str | None
    body: bytes


async def fetch(url: str, spec: RenderSpec) -> Snapshot:
    """The page at ``url`` as the server sends it, as a snapshot (``html`` and ``source_html`` alike).

    Raises a ``PageLoadError`` of the failure's kind, as ``render`` does."""
    started = time.monotonic()
    if urlsplit(url).scheme == "file":
        return _local(url, started)
    try:
        async with _client(url, spec) as client:
            answer = await asyncio.wait_for(_get(client, url), timeout=spec.timeout)
    except TimeoutError:
        raise PageTimeoutError(url, f"the page did not arrive within {spec.timeout:g}s") from None
    except httpx.HTTPError as error:
        raise _failure(url, error, spec) from None
    if answer.status >= 400:
        raise HTTPStatusError(url, f"HTTP {answer.status} {answer.reason}".strip(), answer.status)
    kind = (answer.content_type or "").split(";")[0].strip().lower()
    if kind.startswith(NOT_PAGES):
        raise NotAPageError(url, f"the URL is a download ({kind}), not a web page", answer.status)
    _, html = html_to_unicode(answer.content_type, answer.body)
    seconds = time.monotonic() - started
    return Snapshot(
        url=url, final_url=answer.url, html=html, status=answer.status, source_html=html,
        timings={"fetch": seconds, "render": seconds},
    )  # fmt: skip


def _local(url: str, started: float) -> Snapshot:
    """A local HTML file (``file://``), read as the browser would show it."""
    path = Path(url2pathname(urlsplit(url).path))
    try:
        body = path.read_bytes()
    except OSError as error:
        raise PageLoadError(url, f"file not found ({error.strerror or error})") from None
    _, html = html_to_unicode(None, body)
    seconds = time.monotonic() - started
    return Snapshot(url=url, final_url=url, html=html, source_html=html, timings={"fetch": seconds, "render": seconds})


async def _get(client: httpx.AsyncClient, url: str) -> _Answer:
    """GET ``url`` (redirects followed), its body read up to ``MAX_BYTES``."""
    async with client.stream("GET", url) as response:
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_bytes():
            chunks.append(chunk)
            size += len(chunk)
            if size >= MAX_BYTES:
                break
        return _Answer(
            str(response.url), response.status_code, response.reason_phrase,
            response.headers.get("content-type"), b"".join(chunks),
        )  # fmt: skip


def _client(url: str, spec: RenderSpec) -> httpx.AsyncClient:
    headers = {"User-Agent": spec.user_agent or USER_AGENT, "Accept": ACCEPT, **spec.headers}
    if spec.locale is not None:
        headers["Accept-Language"] = f"{spec.locale},{spec.locale.split('-')[0]};q=0.9"
    return httpx.AsyncClient(
        headers=headers, cookies=_cookies(url, spec), follow_redirects=True, max_redirects=MAX_REDIRECTS,
        timeout=httpx.Timeout(spec.timeout), proxy=spec.proxy, trust_env=False, verify=_tls(),
    )  # fmt: skip


@cache
def _tls() -> ssl.SSLContext:
    """One TLS context for every fetch: making one costs ~25 ms, a hundred times the client's own cost."""
    return httpx.create_ssl_context()


def _cookies(url: str, spec: RenderSpec) -> CookieJar:
    """The storage state's cookies, then ``render.cookies`` (one of the same name replaces it)."""
    jar = CookieJar()
    records: list[dict[str, Any]] = []
    if spec.storage_state is not None:
        records += read_storage_state(Path(spec.storage_state)).content.get("cookies", [])
    records += cookies_for(spec.cookies, url)
    for record in records:
        jar.set_cookie(_cookie(record))
    return jar


def _cookie(record: dict[str, Any]) -> Cookie:
    domain = str(record["domain"])
    expires = record.get("expires")
    return Cookie(
        version=0, name=str(record["name"]), value=str(record["value"]), port=None, port_specified=False,
        domain=domain, domain_specified=True, domain_initial_dot=domain.startswith("."),
        path=str(record.get("path") or "/"), path_specified=True, secure=bool(record.get("secure")),
        expires=int(expires) if isinstance(expires, int | float) and expires > 0 else None,
        discard=False, comment=None, comment_url=None, rest={},
    )  # fmt: skip


def _failure(url: str, error: httpx.HTTPError, spec: RenderSpec) -> PageLoadError:
    """The one-line error of a failed fetch, of the kind the browser path gives for the same cause."""
    text = (str(error) or type(error).__name__).splitlines()[0]
    if isinstance(error, httpx.TooManyRedirects):
        return PageLoadError(url, "redirect loop (too many redirects)")
    if spec.proxy is not None and isinstance(error, httpx.ProxyError | httpx.ConnectError):
        # through a proxy, the only connection made is to the proxy
        return ProxyError(
            url, f"the proxy cannot be reached, or refused the page ({text}) (proxy {redact(spec.proxy)})"
        )
    if isinstance(error, httpx.TimeoutException):
        return PageTimeoutError(url, f"the page did not arrive within {spec.timeout:g}s ({type(error).__name__})")
    if isinstance(error, httpx.ConnectError):
        if _lookup_failed(error):
            return DNSError(url, "DNS lookup failed (no such host)")
        return RefusedError(url, f"connection refused ({text})")
    if isinstance(error, httpx.RemoteProtocolError | httpx.ReadError):
        return RefusedError(url, f"connection closed without a response ({text})")
    if isinstance(error, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return PageLoadError(url, f"invalid URL ({text})")
    return PageLoadError(url, text)


def _lookup_failed(error: BaseException) -> bool:
    """Whether a connection failed at the host name's lookup (a ``socket.gaierror`` among its causes)."""
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, socket.gaierror):
            return True
        cause = cause.__cause__ or cause.__context__
    return "Name or service not known" in str(error) or "No address associated" in str(error)
