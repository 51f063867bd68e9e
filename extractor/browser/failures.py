"""Describe why a page could not be had, in one line with its kind (dns, refused, load, timeout...)."""

from __future__ import annotations

import re

from playwright.async_api import Error as PlaywrightError

from extractor.browser.blocking import BLOCKED_BY_US
from extractor.errors import PageLoadError

_NET_ERRORS = {
    "ERR_NAME_NOT_RESOLVED": ("dns", "DNS lookup failed (no such host)"),
    "ERR_NAME_RESOLUTION_FAILED": ("dns", "DNS lookup failed"),
    "ERR_CONNECTION_REFUSED": ("refused", "connection refused"),
    "ERR_CONNECTION_RESET": ("refused", "connection reset"),
    "ERR_CONNECTION_CLOSED": ("refused", "connection closed without a response"),
    "ERR_EMPTY_RESPONSE": ("refused", "the server sent an empty response"),
    "ERR_ADDRESS_UNREACHABLE": ("refused", "address unreachable"),
    "ERR_INTERNET_DISCONNECTED": ("refused", "no network"),
    BLOCKED_BY_US: ("refused", "a host the render refuses"),
    "ERR_TOO_MANY_REDIRECTS": ("load", "redirect loop (too many redirects)"),
    "ERR_TIMED_OUT": ("timeout", "connection timed out"),
    "ERR_CONNECTION_TIMED_OUT": ("timeout", "connection timed out"),
    "ERR_FILE_NOT_FOUND": ("load", "file not found"),
    "ERR_INVALID_URL": ("load", "invalid URL"),
}
# Families of codes worded alike: TLS failures, refused certificates.
_NET_ERROR_FAMILIES = (
    ("ERR_SSL_", ("load", "no secure connection")),
    ("ERR_CERT_", ("load", "its certificate was refused")),
)


def describe_failure(url: str, error: PlaywrightError | str, crashed: bool = False) -> PageLoadError:
    """Turn a Playwright error (or a request's ``net::ERR_...`` failure) into a one-line PageLoadError."""
    text = str(error)
    if crashed or "crash" in text.lower():
        return PageLoadError(url, "the page crashed while rendering", "crash")
    if "Download is starting" in text or ("ERR_ABORTED" in text and "download" in text.lower()):
        return PageLoadError(url, "the URL is a download, not a web page", "download")
    if "has been closed" in text or "disconnected" in text.lower():
        return PageLoadError(url, "the browser process exited while rendering", "crash")
    code = re.search(r"(ERR_[A-Z0-9_]+)", text)
    if code:
        name = code.group(1)
        family = next((words for prefix, words in _NET_ERROR_FAMILIES if name.startswith(prefix)), ("load", name))
        kind, reason = _NET_ERRORS.get(name, family)
        return PageLoadError(url, f"{reason} ({name})", kind)
    first_line = text.strip().splitlines()[0] if text.strip() else "unknown error"
    return PageLoadError(url, first_line.removeprefix("Error: "), "load")
