"""Know when a page has gone quiet: no DOM changes and no fresh requests for a short moment.

Requests that have been open for longer than ``STALE_AFTER`` (a hanging tracker, a long poll)
stop counting, so they can never stall a page; every wait is also capped by its caller.
"""

from __future__ import annotations

import asyncio
import time
from urllib.parse import urlsplit

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Page, Request, Response

# Resource types whose arrival can change the content; images, fonts and media do not count, nor do
# requests made inside child frames (an embedded player loading its own scripts).
CONTENT_TYPES = frozenset({"document", "xhr", "fetch", "script", "eventsource"})
# What holds up the parser (and DOMContentLoaded) until it has arrived.
PARSER_BLOCKING_TYPES = frozenset({"script", "stylesheet"})
STALE_AFTER = 2.5
QUIET_FOR = 0.2
POLL_EVERY = 0.05

# Installed in every frame before any page script runs: remembers when the DOM last changed, and
# counts what could still react to scrolling (scroll listeners, elements under IntersectionObservers).
ACTIVITY_SCRIPT = """
(() => {
  if (window.__extractorActivity) return;
  const state = { last: performance.now(), lastContent: performance.now(), observed: 0, scrollListeners: 0 };
  Object.defineProperty(window, "__extractorActivity", { value: state, enumerable: false });
  // Media elements arriving or changing source (a lazy image or player) are changes, but not content:
  // what they load happens in their own frame or resource, never in this document's text.
  const MEDIA = new Set(["IMG", "PICTURE", "SOURCE", "IFRAME", "VIDEO", "AUDIO", "TRACK", "EMBED", "OBJECT"]);
  const mediaOnly = (node) => MEDIA.has(node.nodeName) || (node.nodeType === 3 && !node.data.trim());
  const isContent = (record) => {
    if (record.type === "attributes") return !MEDIA.has(record.target.nodeName);
    return record.type === "characterData" || !Array.from(record.addedNodes).every(mediaOnly);
  };
  new MutationObserver((records) => {
    state.last = performance.now();
    if (records.some(isContent)) state.lastContent = state.last;
  }).observe(document, {
    subtree: true, childList: true, characterData: true,
    attributes: true, attributeFilter: ["src", "srcset", "href", "data-src", "hidden"],
  });
  const Observer = window.IntersectionObserver;
  if (Observer) {
    const targets = new WeakMap();
    const proto = Observer.prototype, observe = proto.observe, unobserve = proto.unobserve,
      disconnect = proto.disconnect;
    const setOf = (observer) => {
      let set = targets.get(observer);
      if (!set) { set = new Set(); targets.set(observer, set); }
      return set;
    };
    proto.observe = function (target) {
      const set = setOf(this);
      if (!set.has(target)) { set.add(target); state.observed++; }
      return observe.apply(this, arguments);
    };
    proto.unobserve = function (target) {
      if (setOf(this).delete(target)) state.observed--;
      return unobserve.apply(this, arguments);
    };
    proto.disconnect = function () {
      const set = setOf(this);
      state.observed -= set.size;
      set.clear();
      return disconnect.apply(this, arguments);
    };
  }
  const SCROLLY = new Set(["scroll", "scrollend", "wheel"]);
  const add = EventTarget.prototype.addEventListener, remove = EventTarget.prototype.removeEventListener;
  EventTarget.prototype.addEventListener = function (type, listener) {
    if (SCROLLY.has(type) && listener) state.scrollListeners++;
    return add.apply(this, arguments);
  };
  EventTarget.prototype.removeEventListener = function (type, listener) {
    if (SCROLLY.has(type) && listener && state.scrollListeners > 0) state.scrollListeners--;
    return remove.apply(this, arguments);
  };
})();
"""
_IDLE_MS = """() => {
  const state = window.__extractorActivity;
  return state ? [performance.now() - state.last, performance.now() - state.lastContent] : [1e9, 1e9];
}"""
_WATCHERS = """() => {
  const state = window.__extractorActivity;
  if (!state) return true;
  const body = document.body;
  return state.observed > 0 || state.scrollListeners > 0 ||
    Boolean(window.onscroll || document.onscroll || (body && body.onscroll));
}"""


class ActivityMonitor:
    """Follows a page's requests and DOM changes; ``settle`` waits until both are quiet."""

    def __init__(self, page: Page):
        self.page = page
        self.open: dict[Request, float] = {}
        self.last_network = time.monotonic()
        self.last_request = 0.0
        self.unanswered: dict[Request, float] = {}  # the page's scripts and stylesheets with no response yet
        page.on("request", self._started)
        page.on("response", self._answered)
        page.on("requestfinished", self._ended)
        page.on("requestfailed", self._ended)

    def _started(self, request: Request) -> None:
        if request.resource_type in CONTENT_TYPES and _in_main_frame(request):
            self.open[request] = time.monotonic()
            self.last_network = self.last_request = time.monotonic()
        if request.resource_type in PARSER_BLOCKING_TYPES and _in_main_frame(request):
            self.unanswered[request] = time.monotonic()

    def _answered(self, response: Response) -> None:
        self.unanswered.pop(response.request, None)

    def _ended(self, request: Request) -> None:
        self.unanswered.pop(request, None)
        if self.open.pop(request, None) is not None:
            self.last_network = time.monotonic()

    def silent_hosts(self, older_than: float, besides: str | None) -> set[str]:
        """Hosts other than ``besides`` whose scripts or stylesheets have not answered for ``older_than``
        seconds: not slow downloads (those have answered), but lookups, connections or servers that hang."""
        now = time.monotonic()
        waiting = [request for request, started in self.unanswered.items() if now - started >= older_than]
        hosts = {urlsplit(request.url).hostname for request in waiting}
        return {host for host in hosts if host and host != besides}

    def busy_requests(self, since: float = 0.0) -> int:
        """Requests still open that started after ``since`` and are young enough to count."""
        now = time.monotonic()
        return sum(1 for started in self.open.values() if started >= since and now - started < STALE_AFTER)

    async def dom_idle_seconds(self) -> tuple[float, float]:
        """Seconds since the main document last changed at all, and since its content last changed
        (media elements arriving or changing source do not count there); large when unknown."""
        try:
            idle_ms = await asyncio.wait_for(self.page.evaluate(_IDLE_MS), timeout=2)
            return float(idle_ms[0]) / 1000, float(idle_ms[1]) / 1000
        except (PlaywrightError, TimeoutError, TypeError, IndexError):
            return 1e9, 1e9

    async def settle(self, limit: float, quiet_for: float = QUIET_FOR, since: float = 0.0) -> bool:
        """Wait until content and network have been quiet for ``quiet_for`` seconds, at most ``limit``.

        Only requests started after ``since`` (the action being waited on, e.g. a scroll step) count:
        one a tracker opened earlier is not caused by it. Returns False when the limit came first.
        """
        deadline = time.monotonic() + max(0.0, limit)
        while True:
            if self.busy_requests(since):
                wait = POLL_EVERY
            else:
                network_wait = quiet_for - (time.monotonic() - self.last_network)
                _, content_idle = await self.dom_idle_seconds()
                wait = max(network_wait, quiet_for - content_idle)
                if wait <= 0:
                    return True
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            await asyncio.sleep(min(wait, left))

    async def scroll_watchers(self) -> bool:
        """True when something on the page could still react to scrolling (listeners, observers)."""
        try:
            return bool(await asyncio.wait_for(self.page.evaluate(_WATCHERS), timeout=2))
        except (PlaywrightError, TimeoutError):
            return True

    async def changed_since(self, moment: float) -> bool:
        """True when a request started or ended, or the DOM changed, after ``moment`` (monotonic)."""
        if self.last_network > moment:
            return True
        any_idle, _ = await self.dom_idle_seconds()
        return any_idle < time.monotonic() - moment

    async def content_changed_since(self, moment: float) -> bool:
        """True when a request started, or the DOM's content (not only its media) changed, after ``moment``."""
        if self.last_request > moment:
            return True
        _, content_idle = await self.dom_idle_seconds()
        return content_idle < time.monotonic() - moment


def _in_main_frame(request: Request) -> bool:
    """Requests of child frames (a video player loading) cannot change the page's own DOM."""
    try:
        return request.frame.parent_frame is None
    except PlaywrightError:  # a service worker's request: it may feed the page
        return True
