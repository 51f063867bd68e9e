"""Describe why a page could not be had, in one line with its kind (dns, refused, load, timeout...)."""

from __future__ import annotations

import re

from playwright.async_api import Error as PlaywrightError

from extractor.browser.blocking import BLOCKED_BY_US
from extractor.errors import NotAPageError, PageCrashError, PageLoadError
from extractor.models import IssueKind

_NET_ERRORS = {
    "ERR_NAME_NOT_RESOLVED": (IssueKind.DNS, "DNS lookup failed (no such host)"),
    "ERR_NAME_RESOLUTION_FAILED": (IssueKind.DNS, "DNS lookup failed"),
    "ERR_CONNECTION_REFUSED": (IssueKind.REFUSED, "connection refused"),
    "ERR_CONNECTION_RESET": (IssueKind.REFUSED, "connection reset"),
    "ERR_CONNECTION_CLOSED": (IssueKind.REFUSED, "connection closed without a response"),
    "ERR_EMPTY_RESPONSE": (IssueKind.REFUSED, "the server sent an empty response"),
    "ERR_ADDRESS_UNREACHABLE": (IssueKind.REFUSED, "address unreachable"),
    "ERR_INTERNET_DISCONNECTED": (IssueKind.REFUSED, "no network"),
    BLOCKED_BY_US: (IssueKind.REFUSED, "a host the render refuses"),
    "ERR_TOO_MANY_REDIRECTS": (IssueKind.LOAD, "redirect loop (too many redirects)"),
    "ERR_TIMED_OUT": (IssueKind.TIMEOUT, "connection timed out"),
    "ERR_CONNECTION_TIMED_OUT": (IssueKind.TIMEOUT, "connection timed out"),
    "ERR_FILE_NOT_FOUND": (IssueKind.LOAD, "file not found"),
    "ERR_INVALID_URL": (IssueKind.LOAD, "invalid URL"),
    "ERR_PROXY_CONNECTION_FAILED": (IssueKind.PROXY, "the proxy cannot be reached"),
    "ERR_TUNNEL_CONNECTION_FAILED": (IssueKind.PROXY, "the proxy refused to connect to the page's host"),
    "ERR_PROXY_AUTH_REQUESTED": (IssueKind.PROXY, "the proxy asks for credentials"),
    "ERR_PROXY_AUTH_UNSUPPORTED": (IssueKind.PROXY, "the proxy asks for credentials of a kind not supported"),
    "ERR_INVALID_AUTH_CREDENTIALS": (IssueKind.PROXY, "the proxy refused the credentials"),
    "ERR_SOCKS_CONNECTION_FAILED": (IssueKind.PROXY, "the SOCKS proxy could not connect to the page's host"),
    "ERR_SOCKS_CONNECTION_HOST_UNREACHABLE": (IssueKind.PROXY, "the SOCKS proxy cannot reach the page's host"),
    "ERR_PROXY_CERTIFICATE_INVALID": (IssueKind.PROXY, "the proxy's certificate was refused"),
    "ERR_NO_SUPPORTED_PROXIES": (IssueKind.PROXY, "no supported proxy"),
}
# Families of codes worded alike: TLS failures, refused certificates.
_NET_ERROR_FAMILIES = (
    ("ERR_SSL_", (IssueKind.LOAD, "no secure connection")),
    ("ERR_CERT_", (IssueKind.LOAD, "its certificate was refused")),
)


def describe_failure(url: str, error: PlaywrightError | str, crashed: bool = False) -> PageLoadError:
    """Turn a Playwright error (or a request's ``net::ERR_...`` failure) into a one-line PageLoadError."""
    text = str(error)
    if crashed or "crash" in text.lower():
        return PageCrashError(url, "the page crashed while rendering")
    if "Download is starting" in text or ("ERR_ABORTED" in text and "download" in text.lower()):
        return NotAPageError(url, "the URL is a download, not a web page")
    if "has been closed" in text or "disconnected" in text.lower():
        return PageCrashError(url, "the browser process exited while rendering")
    code = re.search(r"(ERR_[A-Z0-9_]+)", text)
    if code:
        name = code.group(1)
        family = next(
            (words for prefix, words in _NET_ERROR_FAMILIES if name.startswith(prefix)), (IssueKind.LOAD, name)
        )
        kind, reason = _NET_ERRORS.get(name, family)
        return PageLoadError.of_kind(kind, url, f"{reason} ({name})")
    first_line = text.strip().splitlines()[0] if text.strip() else "unknown error"
    return PageLoadError(url, first_line.removeprefix("Error: "))
