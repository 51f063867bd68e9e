"""Options shared by the commands: where the selector files are, and the session and proxy a render uses."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer

from extractor.browser.profile import read_storage_state
from extractor.errors import UsageError
from extractor.sites.overrides import RenderOverrides, checked_proxy, parse_cookies

SelectorsOption = Annotated[
    Path | None,
    typer.Option(
        "--selectors", "-s",
        help="A selector file (used as it is) or a folder of them (the one whose match fits the URL). "
        "Default: ./selectors/, else the files shipped with extractor.",
    ),
]  # fmt: skip
StorageStateOption = Annotated[
    Path | None,
    typer.Option(
        "--storage-state",
        help="A Playwright storage state (cookies, localStorage) to render with, e.g. from `extractor login` "
        "(overrides the file's render.storage_state).",
    ),
]
ProxyOption = Annotated[
    str | None,
    typer.Option(
        "--proxy", metavar="URL",
        help="Render through this proxy: http://, https:// or socks5://[user:password@]host:port "
        "(overrides the file's render.proxy).",
    ),
]  # fmt: skip
RenderOption = Annotated[
    str | None,
    typer.Option(
        "--render", metavar="auto|always|never",
        help="always: render in Chromium; never: read the HTML the server sends, fetched over HTTP without a "
        "browser; auto (batch's default): learn per site whether HTTP gives what the browser does "
        "(overrides the file's render.browser).",
    ),
]  # fmt: skip
CookieOption = Annotated[
    list[str] | None,
    typer.Option("--cookie", metavar="NAME=VALUE", help="A cookie for the page's host; repeatable."),
]


_RENDER_MODES: dict[str, Literal["auto", "always", "never"]] = {"auto": "auto", "always": "always", "never": "never"}


def session_overrides(
    storage_state: Path | None,
    cookies: list[str] | None,
    proxy: str | None = None,
    timeout: float | None = None,
    render: str | None = None,
) -> RenderOverrides:
    """The command line's render settings, checked before anything renders (one-line errors)."""
    if storage_state is not None:
        read_storage_state(storage_state)  # a bad file stops here; expired cookies are each page's warning
    if render not in (None, "auto", "always", "never"):
        raise UsageError(f"--render {render!r}: expected auto, always or never")
    return RenderOverrides(
        timeout=timeout,
        storage_state=storage_state,
        cookies=parse_cookies(cookies or []),
        proxy=checked_proxy(proxy) if proxy is not None else None,
        browser=_RENDER_MODES.get(render or ""),
    )
