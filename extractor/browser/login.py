"""``extractor login``: a browser window in which the user logs in; its storage state is then saved.

The state (cookies and localStorage, Playwright's format) is taken every couple of seconds while
the window is open and once more when the user closes the page, so closing the whole browser
still keeps the last one. It is written with permissions for its owner only: it holds a login.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Page

from extractor.browser.session import Browser
from extractor.errors import UsageError
from extractor.settings import Settings

SNAPSHOT_EVERY = 2.0  # seconds between two readings of the state while the window is open

UserSteps = Callable[[Page], Awaitable[None]]


def display_available() -> bool:
    """Whether a browser window can be shown here (always on macOS and Windows)."""
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def no_display_message(output: Path) -> str:
    """What to do when no window can be opened here."""
    return (
        f"login: no display to open a browser window on (neither DISPLAY nor WAYLAND_DISPLAY is set); "
        f"run `extractor login URL -o {output.name}` where a display is, then copy the file to {output}"
    )


async def save_login_state(
    url: str,
    output: Path,
    *,
    settings: Settings | None = None,
    timeout: float = 900.0,
    user_steps: UserSteps | None = None,
) -> int:
    """Open ``url`` in a headed Chromium, wait until the user closes the page (at most ``timeout``
    seconds), save the storage state to ``output`` and return how many cookies it holds.

    ``user_steps`` stands in for the user (tests, scripted logins): it gets the page and should
    log in and close it. ``settings`` default to the environment's, headed."""
    settings = settings or replace(Settings.from_env(), headless=False)
    if not settings.headless and not display_available():
        raise UsageError(no_display_message(output))
    if not output.parent.is_dir():
        raise UsageError(f"{output.parent}: no such folder")
    async with Browser(settings) as browser:
        context, page = await browser.open_page()
        closed = asyncio.Event()
        page.on("close", lambda _: closed.set())
        context.on("close", lambda _: closed.set())
        with contextlib.suppress(PlaywrightError):
            await page.goto(url, wait_until="commit", timeout=30_000)
        steps = asyncio.ensure_future(user_steps(page)) if user_steps else None
        state = await _watch(context.storage_state, closed, timeout)
        if steps is not None:
            await steps
        await browser.release(context)
    if state is None:
        raise UsageError(f"login: the browser closed before any state could be read; nothing written to {output}")
    _write_private(output, state)
    return len(state.get("cookies", []))


async def _watch(read: Callable[[], Awaitable[Any]], closed: asyncio.Event, timeout: float) -> dict[str, Any] | None:
    """The last state read before the page closed (or the browser went away, or ``timeout`` ran out)."""
    last: dict[str, Any] | None = None
    ends = time.monotonic() + timeout
    while True:
        with contextlib.suppress(PlaywrightError):
            last = dict(await read())
        if closed.is_set() or time.monotonic() >= ends:
            return last
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(closed.wait(), timeout=min(SNAPSHOT_EVERY, max(0.0, ends - time.monotonic())))


def _write_private(output: Path, state: dict[str, Any]) -> None:
    """Write the state readable by its owner only, replacing ``output`` in one step."""
    partial = output.with_name(output.name + ".partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        json.dump(state, file, indent=2)
    partial.replace(output)
