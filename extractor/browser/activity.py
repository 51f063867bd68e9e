"""Know when a page has gone quiet: no DOM changes and no fresh requests for a short moment.

Requests that have been open for longer than ``STALE_AFTER`` (a hanging tracker, a long poll)
stop counting, so they can never stall a page; every wait is also capped by its caller.
"""

from __future__ import annotations

import asyncio
import time

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Page, Request

# Resource types whose arrival can change the content; images, fonts and media do not count.
CONTENT_TYPES = frozenset({"document", "xhr", "fetch", "script", "eventsource"})
STALE_AFTER = 2.5
QUIET_FOR = 0.2
POLL_EVERY = 0.05

# Installed in every frame before any page script runs: remembers when the DOM last changed.
ACTIVITY_SCRIPT = """
(() => {
  if (window.__extractorActivity) return;
  const state = { last: performance.now() };
  Object.defineProperty(window, "__extractorActivity", { value: state, enumerable: false });
  new MutationObserver(() => { state.last = performance.now(); }).observe(document, {
    subtree: true, childList: true, characterData: true,
    attributes: true, attributeFilter: ["src", "srcset", "href", "data-src", "hidden"],
  });
})();
"""
_IDLE_MS = "() => window.__extractorActivity ? performance.now() - window.__extractorActivity.last : 1e9"


class ActivityMonitor:
    """Follows a page's requests and DOM changes; ``settle`` waits until both are quiet."""

    def __init__(self, page: Page):
        self.page = page
        self.open: dict[Request, float] = {}
        self.last_network = time.monotonic()
        page.on("request", self._started)
        page.on("requestfinished", self._ended)
        page.on("requestfailed", self._ended)

    def _started(self, request: Request) -> None:
        if request.resource_type in CONTENT_TYPES:
            self.open[request] = time.monotonic()
            self.last_network = time.monotonic()

    def _ended(self, request: Request) -> None:
        if self.open.pop(request, None) is not None:
            self.last_network = time.monotonic()

    def busy_requests(self, since: float = 0.0) -> int:
        """Requests still open that started after ``since`` and are young enough to count."""
        now = time.monotonic()
        return sum(1 for started in self.open.values() if started >= since and now - started < STALE_AFTER)

    async def dom_idle_seconds(self) -> float:
        """Seconds since the main document last changed (large when unknown)."""
        try:
            idle_ms = await asyncio.wait_for(self.page.evaluate(_IDLE_MS), timeout=2)
        except (PlaywrightError, TimeoutError):
            return 1e9
        return float(idle_ms) / 1000

    async def settle(self, limit: float, quiet_for: float = QUIET_FOR, since: float = 0.0) -> bool:
        """Wait until DOM and network have been quiet for ``quiet_for`` seconds, at most ``limit``.

        Only requests started after ``since`` (the action being waited on, e.g. a scroll step) count:
        one a tracker opened earlier is not caused by it. Returns False when the limit came first.
        """
        deadline = time.monotonic() + max(0.0, limit)
        while True:
            network_idle = time.monotonic() - self.last_network
            network_quiet = self.busy_requests(since) == 0 and network_idle >= quiet_for
            if network_quiet and await self.dom_idle_seconds() >= quiet_for:
                return True
            if time.monotonic() >= deadline:
                return False
            await asyncio.sleep(POLL_EVERY)

    async def changed_since(self, moment: float) -> bool:
        """True when a request started or ended, or the DOM changed, after ``moment`` (monotonic)."""
        if self.last_network > moment:
            return True
        return await self.dom_idle_seconds() < time.monotonic() - moment
