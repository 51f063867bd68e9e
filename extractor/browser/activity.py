"""Know when a page has gone quiet: no DOM changes and no fresh requests for a short moment.

Requests that have been open for longer than ``STALE_AFTER`` (a hanging tracker, a long poll)
stop counting, so they can never stall a page; every wait is also capped by its caller. A page that
is calm as well (loaded, nothing it scheduled due soon, its main thread idle) needs less quiet.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any, NamedTuple
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
CALM_QUIET_FOR = 0.05  # enough quiet when the page has nothing scheduled (see ``ActivityMonitor.calm``)
POLL_EVERY = 0.05

# Installed in every frame before any page script runs: remembers when the DOM last changed, follows a
# script's data calls until the page has read their answers, counts what could still react to scrolling
# (scroll listeners, elements under IntersectionObservers), and follows the work the page has scheduled
# (timers, animation frames).
ACTIVITY_SCRIPT = """
(() => {
  if (window.__extractorActivity) return;
  const state = {
    last: performance.now(), lastContent: performance.now(), lastRequest: 0, observed: 0, scrollListeners: 0,
  };
  Object.defineProperty(window, "__extractorActivity", { value: state, enumerable: false });
  // The functions replaced below, as they were: at the end, each replacement takes the original's name
  // and length, and shows the original's source to Function.prototype.toString (a bot check that
  // looks for "[native code]" sees what it would without this script).
  const BODY_READERS = ["json", "text", "arrayBuffer", "blob", "formData"];
  const REPLACED = [
    [window, ["fetch", "setTimeout", "setInterval", "clearTimeout", "clearInterval", "requestAnimationFrame",
      "cancelAnimationFrame"]],
    [XMLHttpRequest.prototype, ["send"]],
    [EventTarget.prototype, ["addEventListener", "removeEventListener"]],
    [window.Response && Response.prototype, BODY_READERS],
    [window.IntersectionObserver && IntersectionObserver.prototype, ["observe", "unobserve", "disconnect"]],
  ].flatMap(([owner, names]) => (owner ? names.map((name) => [owner, name, owner[name]]) : []));
  // A script's data calls (fetch, XMLHttpRequest, reading a response's body) from when they are made
  // until the page has had their answer: known here at once, before the browser reports the request,
  // and until after the page's own handlers have run, which the browser's report can precede by
  // as long as a busy renderer takes to get to them. Calls open for longer than STALE_AFTER (a
  // long poll) stop counting.
  const calls = new Map();
  let nextCall = 0;
  const begin = () => {
    state.lastRequest = performance.now();
    calls.set(++nextCall, state.lastRequest);
    return nextCall;
  };
  const end = (call) => { calls.delete(call); state.lastRequest = performance.now(); };
  state.calling = () => {
    const now = performance.now();
    for (const started of calls.values()) if (now - started < STALE_MS) return true;
    return false;
  };
  // Milliseconds since the DOM last changed, since its content last changed, since a script's data
  // call was made or answered (none while one is open).
  state.idle = () => {
    const now = performance.now();
    return [now - state.last, now - state.lastContent, state.calling() ? 0 : now - state.lastRequest];
  };
  state.watching = () => {
    const body = document.body;
    return state.observed > 0 || state.scrollListeners > 0 ||
      Boolean(window.onscroll || document.onscroll || (body && body.onscroll));
  };
  // The wrapper's own reaction is added first, so it runs just before the page's in the same turn.
  const following = (native) => function () {
    const call = begin();
    let answer;
    try { answer = native.apply(this, arguments); } catch (error) { end(call); throw error; }
    Promise.resolve(answer).then(() => end(call), () => end(call));
    return answer;
  };
  if (window.fetch) window.fetch = following(window.fetch);
  if (window.Response) {
    for (const name of BODY_READERS) {
      const native = Response.prototype[name];
      if (native) Response.prototype[name] = following(native);
    }
  }
  const send = XMLHttpRequest.prototype.send, listen = EventTarget.prototype.addEventListener;
  XMLHttpRequest.prototype.send = function () {
    const call = begin();
    listen.call(this, "loadend", () => end(call), { once: true });  // after the page's load handlers
    try { return send.apply(this, arguments); } catch (error) { end(call); throw error; }
  };
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
  // Work the page has scheduled for itself: timers (with when they are next due) and animation
  // frames. Only function callbacks are followed (a string one is rare, and would never be seen to run).
  const timers = new Map(), frames = new Set();
  Object.defineProperty(state, "timers", { value: timers });
  Object.defineProperty(state, "frames", { value: frames });
  const later = (native, repeats) => function (handler, delay, ...rest) {
    if (typeof handler !== "function") return native.call(window, handler, delay, ...rest);
    const wait = Math.max(0, Number(delay) || 0);
    let id;
    const run = function () {
      if (repeats) timers.set(id, performance.now() + wait); else timers.delete(id);
      return handler.apply(this, arguments);
    };
    id = native.call(window, run, delay, ...rest);
    timers.set(id, performance.now() + wait);
    return id;
  };
  const forget = (native) => function (id) { timers.delete(id); return native.call(window, id); };
  const nativeFrame = window.requestAnimationFrame, nativeCancelFrame = window.cancelAnimationFrame;
  window.setTimeout = later(window.setTimeout, false);
  window.setInterval = later(window.setInterval, true);
  window.clearTimeout = forget(window.clearTimeout);
  window.clearInterval = forget(window.clearInterval);
  window.requestAnimationFrame = function (callback) {
    if (typeof callback !== "function") return nativeFrame.call(window, callback);
    const id = nativeFrame.call(window, function () { frames.delete(id); return callback.apply(this, arguments); });
    frames.add(id);
    return id;
  };
  window.cancelAnimationFrame = function (id) { frames.delete(id); return nativeCancelFrame.call(window, id); };
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
  const originals = new WeakMap();
  for (const [owner, name, original] of REPLACED) {
    const replacement = owner[name];
    if (typeof original !== "function" || replacement === original) continue;
    originals.set(replacement, original);
    Object.defineProperty(replacement, "name", { value: original.name });
    Object.defineProperty(replacement, "length", { value: original.length });
  }
  const source = Function.prototype.toString;
  const shown = new Proxy(source, {
    apply: (target, self, args) => Reflect.apply(target, originals.get(self) || self, args),
  });
  originals.set(shown, source);
  Function.prototype.toString = shown;
})();
""".replace("STALE_MS", str(round(STALE_AFTER * 1000)))
_IDLE_MS = "() => window.__extractorActivity ? window.__extractorActivity.idle() : null"
# True when nothing more is coming on the page's own accord: it has loaded, no animation frame is
# asked for, no timer is due within the horizon, and the main thread reaches an idle period (work
# chunked through posted messages, as a framework's scheduler does, keeps it busy until done).
_CALM = """async ([horizonMs, patienceMs]) => {
  const state = window.__extractorActivity;
  if (!state || document.readyState !== "complete") return false;
  const nothingDue = () => {
    const soon = performance.now() + horizonMs;
    for (const due of state.timers.values()) if (due <= soon) return false;
    return state.frames.size === 0 && !state.calling();
  };
  if (!nothingDue()) return false;
  const idle = await new Promise((resolve) =>
    requestIdleCallback((deadline) => resolve(!deadline.didTimeout), { timeout: Math.max(1, patienceMs) }));
  return idle && nothingDue();
}"""
_WATCHERS = "() => window.__extractorActivity ? window.__extractorActivity.watching() : true"


class PageIdle(NamedTuple):
    """Seconds since the main document last changed at all (``change``), since its content changed
    (``content``: media elements arriving or changing source do not count), and since one of its
    scripts asked for data with fetch or XMLHttpRequest (``request``). Large when unknown."""

    change: float
    content: float
    request: float

    @classmethod
    def read(cls, milliseconds: Any) -> PageIdle:
        """From the page's ``idle()`` list of milliseconds; unknown when it is not one."""
        try:
            change, content, request = (float(value) / 1000 for value in milliseconds)
        except (TypeError, ValueError):
            return UNKNOWN_IDLE
        return cls(change, content, request)


UNKNOWN_IDLE = PageIdle(1e9, 1e9, 1e9)


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

    def forget_unanswered(self) -> None:
        """Stop waiting for the scripts and stylesheets asked for so far (the document asking is gone)."""
        self.unanswered.clear()

    def busy_requests(self, since: float = 0.0) -> int:
        """Requests still open that started after ``since`` and are young enough to count."""
        now = time.monotonic()
        return sum(1 for started in self.open.values() if started >= since and now - started < STALE_AFTER)

    async def idle(self) -> PageIdle:
        """How long the main document has been idle, read in the page (see ``PageIdle``)."""
        try:
            return PageIdle.read(await asyncio.wait_for(self.page.evaluate(_IDLE_MS), timeout=2))
        except (PlaywrightError, TimeoutError):
            return UNKNOWN_IDLE

    async def settle(self, limit: float, quiet_for: float = QUIET_FOR, since: float = 0.0) -> bool:
        """Wait until content and network have been quiet for ``quiet_for`` seconds, at most ``limit``.

        Only requests started after ``since`` (the action being waited on, e.g. a scroll step) count:
        one a tracker opened earlier is not caused by it. Returns False when the limit came first.
        """
        deadline = time.monotonic() + max(0.0, limit)
        early = min(CALM_QUIET_FOR, quiet_for)
        while True:
            if self.busy_requests(since):
                wait = POLL_EVERY
            else:
                idle = await self.idle()
                quiet = min(time.monotonic() - self.last_network, idle.content, idle.request)
                if quiet >= quiet_for:
                    return True
                if quiet < early:
                    wait = early - quiet
                elif await self.calm(quiet_for, patience=quiet_for - quiet):
                    return True
                else:
                    wait = min(POLL_EVERY, quiet_for - quiet)
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            await asyncio.sleep(min(wait, left))

    async def calm(self, horizon: float = QUIET_FOR, patience: float = 0.1) -> bool:
        """True when the page has nothing more coming on its own: loaded, no timer due within ``horizon``
        seconds, no animation frame asked for, and an idle main thread (within ``patience`` seconds: a
        busy machine may give it none sooner). A quiet page that is calm too needs no longer wait:
        nothing is left that could change it in the time a longer wait would give.
        """
        try:
            argument = [horizon * 1000, patience * 1000]
            return bool(await asyncio.wait_for(self.page.evaluate(_CALM, argument), timeout=2 + patience))
        except (PlaywrightError, TimeoutError):
            return False

    async def scroll_watchers(self) -> bool:
        """True when something on the page could still react to scrolling (listeners, observers)."""
        try:
            return bool(await asyncio.wait_for(self.page.evaluate(_WATCHERS), timeout=2))
        except (PlaywrightError, TimeoutError):
            return True

    async def changed_since(self, moment: float, idle: PageIdle | None = None) -> bool:
        """True when a request started or ended, or the DOM changed, after ``moment`` (monotonic).

        ``idle``: a reading just taken in the page (saves a round trip)."""
        if self.last_network > moment:
            return True
        idle = idle or await self.idle()
        return min(idle.change, idle.request) < time.monotonic() - moment

    async def content_changed_since(self, moment: float, idle: PageIdle | None = None) -> bool:
        """True when a request started, or the DOM's content (not only its media) changed, after ``moment``."""
        if self.last_request > moment:
            return True
        idle = idle or await self.idle()
        return min(idle.content, idle.request) < time.monotonic() - moment


def _in_main_frame(request: Request) -> bool:
    """Requests of child frames (a video player loading) cannot change the page's own DOM."""
    try:
        return request.frame.parent_frame is None
    except PlaywrightError:  # a service worker's request: it may feed the page
        return True
