"""Who the browser is for a page: its session (storage state, cookies), headers, identity and proxy.

A browser context is made with its storage state, user agent, locale, time zone and viewport,
and cannot change them later, so those form a ``ContextProfile``: pages with equal profiles can
share the spare context that batch keeps ready. Cookies are added to the context just before the
page loads, since a cookie without a domain is for the page's own host.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from extractor.errors import UsageError
from extractor.models import Issue, IssueKind
from extractor.sites.schema import CookieSpec, RenderSpec


@dataclass(frozen=True)
class StorageState:
    """A Playwright storage state file, read and checked: its content and how many cookies expired."""

    path: Path
    content: dict[str, Any]
    expired: int = 0
    latest_expiry: float | None = None  # when the last of the expired cookies ran out (epoch seconds)

    @property
    def cookies(self) -> int:
        """How many cookies the file holds."""
        return len(self.content.get("cookies", []))

    def warning(self) -> Issue | None:
        """A warning when cookies of the state have expired (the site will likely see no login)."""
        if not self.expired or self.latest_expiry is None:
            return None
        day = datetime.fromtimestamp(self.latest_expiry, UTC).date().isoformat()
        message = (
            f"storage state {self.path}: {self.expired} of {self.cookies} cookies expired (the last on {day}); "
            f"the session may be logged out: save a new one with `extractor login URL -o {self.path}`"
        )
        return Issue(IssueKind.SESSION, message)


def read_storage_state(path: Path, now: float | None = None) -> StorageState:
    """Read and check a storage state file (``{"cookies": [...], "origins": [...]}``); one-line errors."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        hint = f"save one with `extractor login URL -o {path}`"
        raise UsageError(f"storage state {path}: no such file ({hint})") from None
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"storage state {path}: cannot read: {getattr(error, 'strerror', None) or error}") from None
    try:
        content = json.loads(text)
    except json.JSONDecodeError as error:
        raise UsageError(f"storage state {path}:{error.lineno}: not JSON: {error.msg}") from None
    if not isinstance(content, dict) or not isinstance(content.get("cookies", []), list):
        raise UsageError(f"storage state {path}: expected an object with 'cookies' and 'origins' lists")
    cookies = content.setdefault("cookies", [])
    content.setdefault("origins", [])
    for index, cookie in enumerate(cookies):
        if not isinstance(cookie, dict) or not {"name", "value", "domain", "path"} <= cookie.keys():
            raise UsageError(f"storage state {path}: cookies[{index}] needs name, value, domain and path")
    now = time.time() if now is None else now
    ended = [float(cookie["expires"]) for cookie in cookies if _expired(cookie.get("expires"), now)]
    return StorageState(path, content, len(ended), max(ended, default=None))


def _expired(expires: Any, now: float) -> bool:
    """Playwright writes -1 for a session cookie, else the expiry in epoch seconds."""
    return isinstance(expires, int | float) and not isinstance(expires, bool) and 0 < expires < now


@dataclass(frozen=True)
class ContextProfile:
    """What a page's browser context is made with; ``None`` keeps the browser's default."""

    storage_state: Path | None = None
    user_agent: str | None = None
    locale: str | None = None
    timezone: str | None = None
    viewport: tuple[int, int] | None = None
    headers: tuple[tuple[str, str], ...] = ()
    proxy: str | None = None

    @classmethod
    def of(cls, spec: RenderSpec) -> ContextProfile:
        """The profile a site's render keys ask for."""
        return cls(
            storage_state=Path(spec.storage_state).expanduser() if spec.storage_state else None,
            user_agent=spec.user_agent,
            locale=spec.locale,
            timezone=spec.timezone,
            viewport=(spec.viewport.width, spec.viewport.height) if spec.viewport else None,
            headers=tuple(sorted(spec.headers.items())),
            proxy=spec.proxy,
        )

    def read_state(self) -> StorageState | None:
        """The storage state file, read and checked (``UsageError`` when it cannot be used)."""
        return read_storage_state(self.storage_state) if self.storage_state is not None else None

    def context_options(self, state: StorageState | None = None) -> dict[str, Any]:
        """Options for Playwright's ``new_context`` (those left at the default are left out)."""
        options: dict[str, Any] = {}
        if state is not None:
            options["storage_state"] = state.content
        if self.user_agent is not None:
            options["user_agent"] = self.user_agent
        if self.locale is not None:
            options["locale"] = self.locale
        if self.timezone is not None:
            options["timezone_id"] = self.timezone
        if self.viewport is not None:
            options["viewport"] = {"width": self.viewport[0], "height": self.viewport[1]}
        if self.headers:
            options["extra_http_headers"] = dict(self.headers)
        if self.proxy is not None:
            options["proxy"] = proxy_settings(self.proxy)
        return options


def proxy_settings(url: str) -> dict[str, str]:
    """Playwright's proxy setting for a proxy URL: the server without, and the credentials apart."""
    parts = urlsplit(url)
    settings = {"server": f"{parts.scheme}://{parts.hostname}:{parts.port}", "bypass": "<-loopback>"}
    if parts.username is not None:
        settings["username"] = unquote(parts.username)
        settings["password"] = unquote(parts.password or "")
    return settings


def cookies_for(cookies: list[CookieSpec], url: str) -> list[dict[str, Any]]:
    """Playwright's cookie records for ``url``: a cookie without a domain is for the page's host."""
    host = urlsplit(url).hostname or ""
    records = []
    for cookie in cookies:
        domain = cookie.domain or host
        if domain:  # a file:// page has no host, and no cookies
            records.append({
                "name": cookie.name, "value": cookie.value, "domain": domain, "path": cookie.path,
                "secure": cookie.secure, "httpOnly": cookie.http_only,
            })  # fmt: skip
    return records
