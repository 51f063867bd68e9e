"""Checks of the expressions and addresses a selector file holds: each raises ``ValueError`` with the
message the file's error shows (``schema`` turns it into ``file:line:col: where: message``)."""

from __future__ import annotations

import functools
import zoneinfo
from urllib.parse import urlsplit

from lxml import etree
from parsel.csstranslator import HTMLTranslator

PROXY_SCHEMES = ("http", "https", "socks5")
_css_translator = HTMLTranslator()


def check_css(expression: str) -> str:
    """Raise ValueError when ``expression`` is not a CSS selector parsel can evaluate."""
    try:
        _css_translator.css_to_xpath(expression)
    except Exception as error:  # noqa: BLE001 - cssselect raises several unrelated types
        raise ValueError(f"invalid CSS selector {expression!r}: {error}") from None
    return expression


def check_xpath(expression: str) -> str:
    """Raise ValueError when ``expression`` is not a valid XPath 1.0 expression."""
    try:
        etree.XPath(expression)
    except etree.XPathSyntaxError as error:
        raise ValueError(f"invalid XPath {expression!r}: {error}") from None
    return expression


def is_xpath(expression: str) -> bool:
    """Whether a ``remove`` rule is XPath (it starts with ``/`` or ``(``, as no CSS selector can)."""
    return expression.lstrip().startswith(("/", "("))


def check_rule(expression: str) -> str:
    """Raise ValueError when a ``remove`` rule is neither a valid CSS selector nor (``is_xpath``) XPath."""
    return check_xpath(expression) if is_xpath(expression) else check_css(expression)


def check_proxy(url: str) -> str:
    """Raise ValueError when ``url`` is not a proxy address: ``scheme://[user:password@]host:port``."""
    parts = urlsplit(url)
    if parts.scheme not in PROXY_SCHEMES:
        raise ValueError(f"proxy {redact(url)!r}: the scheme must be one of {', '.join(PROXY_SCHEMES)}")
    try:
        port = parts.port
    except ValueError:
        port = None
    if not parts.hostname or port is None or parts.path not in ("", "/"):
        raise ValueError(f"proxy {redact(url)!r}: expected {parts.scheme}://[user:password@]host:port")
    return url


def redact(url: str) -> str:
    """A proxy URL with its password hidden, for messages and summaries."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return parts._replace(netloc=netloc).geturl()


def check_jsonld_path(path: str) -> str:
    """Raise ValueError when ``path`` is not a dotted JSON-LD path (``author.name``, ``datePublished``)."""
    if not path or any(not key or key != key.strip() for key in path.split(".")):
        raise ValueError(f"invalid JSON-LD path {path!r}: keys joined by dots, e.g. 'author.name'")
    return path


def check_state_path(path: str) -> str:
    """Raise ValueError when ``path`` is not a dotted path into a page's embedded state (``NAME.key``)."""
    if not path or any(not key or key != key.strip() for key in path.split(".")):
        raise ValueError(
            f"invalid state path {path!r}: the state's name, then keys, joined by dots, "
            "e.g. '__NEXT_DATA__.props.pageProps.title'"
        )
    return path


@functools.cache
def time_zones() -> frozenset[str]:
    """The IANA zones this system knows (empty without tz data: then any name is let through)."""
    return frozenset(zoneinfo.available_timezones())
