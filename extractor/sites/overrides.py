"""Render settings a caller puts over a site file's: the command line's ``--timeout``,
``--storage-state``, ``--cookie``, ``--proxy`` and ``--render``, or a library caller's ``RenderOverrides``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from extractor.errors import UsageError
from extractor.sites.checks import check_proxy
from extractor.sites.schema import CookieSpec, RenderSpec, Site


@dataclass(frozen=True)
class RenderOverrides:
    """What replaces (timeout, storage state, proxy) or adds to (cookies) a site's render keys."""

    timeout: float | None = None
    storage_state: Path | None = None
    cookies: tuple[CookieSpec, ...] = ()
    proxy: str | None = None  # checked as a site file's render.proxy is (``check_proxy``)
    browser: Literal["auto", "always", "never"] | None = None  # the command line's --render

    def apply(self, spec: RenderSpec) -> RenderSpec:
        """``spec`` with these settings over it; a cookie of the same name replaces the file's."""
        update: dict[str, Any] = {}
        if self.timeout is not None:
            update["timeout"] = self.timeout
        if self.storage_state is not None:
            update["storage_state"] = str(self.storage_state)
        if self.proxy is not None:
            update["proxy"] = self.proxy
        if self.browser is not None:
            update["browser"] = self.browser
        if self.cookies:
            names = {cookie.name for cookie in self.cookies}
            update["cookies"] = [*(cookie for cookie in spec.cookies if cookie.name not in names), *self.cookies]
        return spec.model_copy(update=update) if update else spec

    def apply_to(self, site: Site) -> Site:
        """``site`` with these settings over its render keys."""
        render = self.apply(site.render)
        return site if render is site.render else site.model_copy(update={"render": render})


def parse_cookies(given: Iterable[str], option: str = "--cookie") -> tuple[CookieSpec, ...]:
    """``NAME=VALUE`` strings as cookies for the page's own host; a one-line error for a bad one."""
    cookies = []
    for text in given:
        name, equals, value = text.partition("=")
        if not equals or not name.strip():
            raise UsageError(f"{option} {text!r}: expected NAME=VALUE")
        try:
            cookies.append(CookieSpec(name=name.strip(), value=value))
        except ValidationError as error:
            reason = error.errors(include_url=False)[0]["msg"].removeprefix("Value error, ")
            raise UsageError(f"{option} {text!r}: {reason}") from None
    return tuple(cookies)


def checked_proxy(url: str, option: str = "--proxy") -> str:
    """``url`` when it is a proxy address, else a one-line error naming the option."""
    try:
        return check_proxy(url)
    except ValueError as error:
        raise UsageError(f"{option}: {error}") from None
