"""One Chromium for many pages: launch it once, give each page its own context."""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
from collections.abc import Coroutine
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from playwright.async_api import Browser as PlaywrightBrowser
from playwright.async_api import BrowserContext, Page, Playwright, async_playwright
from playwright.async_api import Error as PlaywrightError

from extractor.browser.activity import activity_script
from extractor.browser.blocking import Blocking
from extractor.browser.departure import departure_script
from extractor.browser.hosts import BadHosts
from extractor.browser.locate import find_chromium
from extractor.browser.profile import ContextProfile, StorageState
from extractor.browser.tuning import RenderTuning
from extractor.errors import BrowserError
from extractor.settings import QUIET_CHROMIUM_FLAGS, Settings, running_as_root

CLOSE_GRACE = 5.0  # seconds to wait for a context or the browser to close


class Browser:
    """A running Chromium. Use as ``async with Browser() as browser: await render(browser, url)``."""

    def __init__(
        self,
        settings: Settings | None = None,
        keep_spare: bool = False,
        bad_hosts: BadHosts | None = None,
        tuning: RenderTuning | None = None,
    ):
        """``keep_spare``: keep one fresh context and page ready, so the next page starts at once
        (a new page costs a renderer process, 0.1-0.3 s; batch runs hide that behind the current page).
        ``bad_hosts``: other hosts that failed a page are refused at once on the next pages (batch).
        ``tuning``: the render's bounds and windows for pages of this browser."""
        self.settings = settings or Settings.from_env()
        self.tuning = tuning or RenderTuning()
        self.keep_spare = keep_spare
        self.bad_hosts = bad_hosts
        self._playwright: Playwright | None = None
        self._browser: PlaywrightBrowser | None = None
        self._spare: tuple[_Recipe, asyncio.Task[tuple[BrowserContext, Page]]] | None = None
        self._closing: set[asyncio.Task[None]] = set()
        self._next: _Recipe | None = None  # what the next spare page is made with
        self.user_agent: str | None = None

    async def __aenter__(self) -> Browser:
        await self.start()
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        await self.close()

    async def start(self) -> None:
        """Launch Chromium (the sandbox stays on unless running as root)."""
        executable = find_chromium(self.settings.chromium)
        self._playwright = await async_playwright().start()
        try:
            self._browser = await self._playwright.chromium.launch(**launch_options(self.settings, executable))
        except PlaywrightError as error:
            await self._playwright.stop()
            self._playwright = None
            first_line = str(error).strip().splitlines()[0] if str(error).strip() else "unknown error"
            raise BrowserError(f"cannot start Chromium at {executable}: {first_line}") from None
        self.user_agent = self.settings.user_agent or _headful_user_agent(self._browser.version)

    @property
    def open_contexts(self) -> int:
        """Contexts open in this browser: pages rendering, the spare, and any still closing."""
        return len(self._browser.contexts) if self._browser is not None else 0

    @property
    def connected(self) -> bool:
        """True while the browser process is alive."""
        return self._browser is not None and self._browser.is_connected()

    async def lost_within(self, seconds: float) -> bool:
        """True when the browser process is gone, or is seen gone within ``seconds``.

        A killed browser's pages can fail (``net::ERR_ABORTED``) a moment before its pipe closes.
        """
        end = time.monotonic() + seconds
        while self.connected:
            if time.monotonic() >= end:
                return False
            await asyncio.sleep(0.02)
        return True

    async def new_context(
        self, profile: ContextProfile | None = None, state: StorageState | None = None, **options: Any
    ) -> BrowserContext:
        """A fresh, isolated context with the activity probe and the departure listener in every frame.

        ``profile`` (with its storage ``state``, read by the caller) overrides the browser's identity;
        ``options`` go to Playwright's ``new_context`` (e.g. ``record_har_path``).
        """
        if self._browser is None:
            raise BrowserError("the browser is not started")
        width, height = self.settings.viewport
        defaults: dict[str, Any] = {"viewport": {"width": width, "height": height}, "user_agent": self.user_agent}
        chosen = {**defaults, **(profile or ContextProfile()).context_options(state), **options}
        try:
            context = await self._browser.new_context(service_workers="block", accept_downloads=False, **chosen)
        except PlaywrightError as error:
            raise BrowserError(f"the browser is gone: {str(error).splitlines()[0]}") from None
        await context.add_init_script(activity_script() + "\n" + departure_script())
        return context

    async def open_page(
        self,
        blocking: Blocking | None = None,
        *,
        profile: ContextProfile | None = None,
        state: StorageState | None = None,
        **options: Any,
    ) -> tuple[BrowserContext, Page]:
        """A fresh context (as ``new_context``) with one page in it and ``blocking`` in force.

        Give the context back with ``release``. With ``keep_spare``, a page made the same way (same
        blocking, profile and storage state) is already waiting, and the next one is started at once,
        while this one renders.
        """
        recipe = _Recipe(blocking or Blocking(), profile or ContextProfile(), state)
        spare, self._spare = self._spare, None
        self._next = recipe if self.keep_spare and not options else None
        if spare is not None and spare[0] == recipe and not options:
            try:
                return await spare[1]
            except (BrowserError, PlaywrightError):
                pass  # the spare failed (browser restarting?): make one the ordinary way below
        elif spare is not None:
            self._in_background(self._close_spare(spare[1]))
        return await self._fresh_page(recipe, **options)

    def prepare_next(self) -> None:
        """Start making the spare page now (call once the current page has loaded, so the two do
        not compete while it navigates); a no-op without ``keep_spare`` or when one is ready."""
        if self._next is not None and self._spare is None and self.connected:
            self._spare = (self._next, asyncio.ensure_future(self._fresh_page(self._next)))

    async def release(self, context: BrowserContext, wait: bool = True) -> None:
        """Close a context from ``open_page``; ``wait=False`` closes it in the background."""
        if wait:
            await _close_quietly(context)
        else:
            self._in_background(_close_quietly(context))

    def _in_background(self, closing: Coroutine[Any, Any, None]) -> None:
        task = asyncio.ensure_future(closing)
        self._closing.add(task)
        task.add_done_callback(self._closing.discard)

    async def _fresh_page(self, recipe: _Recipe, **options: Any) -> tuple[BrowserContext, Page]:
        context = await self.new_context(recipe.profile, recipe.state, **options)
        try:
            page = await context.new_page()
            await recipe.blocking.apply(context)
        except PlaywrightError as error:
            await _close_quietly(context)
            raise BrowserError(f"the browser is gone: {str(error).splitlines()[0]}") from None
        return context, page

    async def _close_spare(self, spare: asyncio.Task[tuple[BrowserContext, Page]]) -> None:
        try:
            context, _ = await spare
        except (BrowserError, PlaywrightError):
            return
        await _close_quietly(context)

    async def closed_in_background(self) -> None:
        """Wait until the contexts released with ``wait=False`` have closed."""
        if self._closing:
            await asyncio.wait(list(self._closing), timeout=CLOSE_GRACE)

    async def close(self) -> None:
        """Close Chromium and the Playwright driver; safe to call twice."""
        if self._spare is not None:
            self._in_background(self._close_spare(self._spare[1]))
            self._spare = None
        await self.closed_in_background()
        self._closing.clear()
        if self._browser is not None:
            with contextlib.suppress(PlaywrightError):  # already gone (crashed or killed)
                await self._browser.close()
            self._browser = None
        if self._playwright is not None:
            await self._playwright.stop()
            self._playwright = None


@dataclass(frozen=True)
class _Recipe:
    """What a page's context is made with; a spare page serves the next page only when they match."""

    blocking: Blocking
    profile: ContextProfile
    state: StorageState | None


async def _close_quietly(context: BrowserContext) -> None:
    with contextlib.suppress(PlaywrightError, TimeoutError):  # the browser is already gone
        await asyncio.wait_for(context.close(), timeout=CLOSE_GRACE)


def launch_options(settings: Settings, executable: Path) -> dict[str, Any]:
    """Playwright's launch arguments: quiet flags always; the sandbox on unless running as root."""
    return {
        "executable_path": str(executable),
        "headless": settings.headless,
        "chromium_sandbox": not running_as_root(),
        "args": [*QUIET_CHROMIUM_FLAGS, *settings.extra_args],
    }


def _headful_user_agent(version: str) -> str:
    """Headless Chromium announces itself as HeadlessChrome, which many sites treat as a bot."""
    major = re.match(r"\d+", version)
    return (
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
        f"Chrome/{major.group() if major else version}.0.0.0 Safari/537.36"
    )
