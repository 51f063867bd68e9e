"""Bring a page to its final state and snapshot it: navigate, wait_for, scroll, click, snapshot.

Every step draws on one deadline (the site's ``render.timeout``), so no page can stall a run;
what could not be finished in time is reported in the snapshot's issues.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
from collections.abc import Awaitable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from playwright.async_api import BrowserContext, ConsoleMessage, Locator, Page, Request, Response
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import TimeoutError as PlaywrightTimeoutError

from extractor.browser.activity import ActivityMonitor, PageIdle
from extractor.browser.blocking import BLOCKED_BY_US, Blocking, block_hosts
from extractor.browser.media import MediaSniffer
from extractor.browser.session import Browser
from extractor.errors import BrowserError, PageLoadError
from extractor.models import Issue, Snapshot
from extractor.sites.schema import RenderSpec

STEP_SETTLE_CAP = 5.0  # longest wait for quiet after one scroll step or click
BOTTOM_PATIENCE = 0.3  # how long to wait at the bottom for an infinite scroll to add more
MAX_NAVIGATIONS = 3  # a page that keeps moving itself while being scrolled is read as it stands
# Failures that say a host cannot be reached at all: its name does not resolve, its address has no
# route. (A refused or timed-out connection may be one request's bad luck: those are not counted.)
UNREACHABLE = re.compile(
    r"ERR_NAME_NOT_RESOLVED|ERR_NAME_RESOLUTION_FAILED|ERR_ADDRESS_UNREACHABLE|ERR_INTERNET_DISCONNECTED"
)
# What the page waits for, so that a host failing slowly there holds the page up.
HOLDING_TYPES = frozenset({"script", "stylesheet", "xhr", "fetch"})
STALL_AFTER = 5.0  # a script or stylesheet of another host unanswered this long holds the page up
STALL_POLL = 0.25  # how often a load in progress is checked for such requests
MAX_STALL_RELOADS = 2  # loads of a page again, each without the hosts that held up the one before
GRACE = 5.0  # beyond the render timeout, before a render that still runs is abandoned
# Content types that are files to download, not pages to render (Chromium would show a viewer).
NOT_PAGES = ("application/pdf", "application/octet-stream", "application/zip", "image/", "video/", "audio/")

# One pass from the current position to the bottom, a viewport at a time, inside the page: after each
# step one rendering update lets IntersectionObservers and native lazy loading see the new viewport.
_SCROLL_PASS = """async ({ maxSteps, budgetMs }) => {
  const doc = document.scrollingElement || document.documentElement;
  let box = doc;
  if (doc.scrollHeight <= window.innerHeight + 4) {
    let best = null;
    for (const el of document.querySelectorAll("body *")) {
      const style = getComputedStyle(el);
      if (/(auto|scroll)/.test(style.overflowY) && el.scrollHeight > el.clientHeight + 4 &&
          (!best || el.clientHeight * el.clientWidth > best.clientHeight * best.clientWidth)) best = el;
    }
    if (best) box = best;
  }
  // Resolve just after the next rendering update: the animation frame callback runs first in it,
  // then IntersectionObservers take their measurements; a message posted from the callback is
  // handled once the update is over.
  const channel = new MessageChannel();
  const frames = () => new Promise((resolve) => {
    const timer = setTimeout(resolve, 100);  // frames are not produced (hidden page): do not hang
    channel.port1.onmessage = () => { clearTimeout(timer); resolve(); };
    requestAnimationFrame(() => channel.port2.postMessage(null));
  });
  const started = performance.now();
  const view = () => (box === doc ? window.innerHeight : box.clientHeight);
  const atBottom = () => box.scrollTop + view() >= box.scrollHeight - 4;
  let steps = 0;
  while (steps < maxSteps && !atBottom() && performance.now() - started < budgetMs) {
    box.scrollTo({ top: box.scrollTop + Math.max(200, view() * 0.85), behavior: "instant" });
    steps++;
    await frames();
  }
  const height = box.scrollHeight, bottom = atBottom();  // as reached: media arriving later may add height
  if (steps) {
    // IntersectionObservers are told in a task queued during the last update: a task queued after it
    // runs once their callbacks have (and any request they make is known to the page)
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  const state = window.__extractorActivity;
  return {
    steps, height, bottom, idle: state ? state.idle() : null, watching: state ? state.watching() : true,
  };
}"""
_SCROLL_HEIGHT = "() => (document.scrollingElement || document.documentElement).scrollHeight"


class _Deadline:
    def __init__(self, seconds: float):
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def left(self, reserve: float = 0.0) -> float:
        return max(0.0, self.end - time.monotonic() - reserve)

    def ms(self, reserve: float = 0.0, cap: float | None = None) -> float:
        seconds = self.left(reserve) if cap is None else min(cap, self.left(reserve))
        return max(1.0, seconds * 1000)


MAX_LOGGED = 200  # console errors and failed requests kept per page


class RenderHooks:
    """Extension points around one render; recording, replay and highlighting override them."""

    def context_options(self) -> dict[str, Any]:
        """Extra options for the page's browser context (e.g. ``record_har_path``)."""
        return {}

    async def prepare(self, context: BrowserContext) -> None:
        """Called on the fresh context before the page navigates (routes, tracing)."""

    async def finish(self, page: Page, snapshot: Snapshot) -> None:
        """Called after the snapshot, while the page is still open (screenshots, traces)."""


@dataclass
class _Renderer:
    browser: Browser
    page: Page
    spec: RenderSpec
    url: str
    deadline: _Deadline
    monitor: ActivityMonitor
    sniffer: MediaSniffer
    issues: list[Issue] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    crashed: bool = False
    unreachable: set[str] = field(default_factory=set)  # other hosts refused: unreachable, or stalling a load
    _blocking: list[asyncio.Future[None]] = field(default_factory=list)

    @property
    def own_host(self) -> str | None:
        """The host of the URL being rendered: never blocked as another host's would be."""
        return urlsplit(self.url).hostname

    @property
    def failed(self) -> bool:
        """Whether a page error (a timeout) has already cut the render short."""
        return any(issue.is_page_error for issue in self.issues)

    @property
    def reserve(self) -> float:
        """Time kept back for the snapshot itself."""
        return min(1.5, self.spec.timeout * 0.1)

    def _lap(self, step: str, started: float) -> None:
        """Add the time since ``started`` to ``step`` (scrolling can happen twice)."""
        self.timings[step] = self.timings.get(step, 0.0) + time.monotonic() - started

    async def run(self) -> Snapshot:
        self.page.on("crash", self._on_crash)
        self.page.on("console", self._on_console)
        self.page.on("pageerror", self._on_page_error)
        self.page.on("requestfailed", self._on_request_failed)
        await self._refuse_remembered_hosts()
        status = await self._navigate()
        self.browser.prepare_next()
        if not self.failed:
            await self._wait_for()
        if not self.failed:
            if self.spec.scroll == "auto":
                await self._scroll(first=True)
            if self.spec.click:
                clicked = await self._click()
                if clicked and self.spec.scroll == "auto":
                    await self._scroll()
        started = time.monotonic()
        # the page's DOM is read while its frames' players are looked for: they do not change it
        media, html = await asyncio.gather(
            self.sniffer.collect(limit=min(2.0, max(0.5, self.deadline.left()))), self._content()
        )
        self._lap("snapshot", started)
        return Snapshot(
            url=self.url, final_url=self.page.url, html=html, status=status,
            media=media, issues=self.issues, timings=self.timings,
            console_errors=self.console_errors, failed_requests=self.failed_requests,
        )  # fmt: skip

    async def _refuse_remembered_hosts(self) -> None:
        """In a batch: refuse at once the other hosts that failed an earlier page (see ``BadHosts``)."""
        known = self.browser.bad_hosts
        if known is None:
            return
        unreachable, stalling = known.unreachable.recent(self.own_host), known.stalling.recent(self.own_host)
        if not unreachable and not stalling:
            return
        await block_hosts(self.page, unreachable | stalling)
        self.unreachable |= unreachable | stalling
        if stalling:
            self.issues.append(
                Issue(
                    "stalled",
                    f"{self.url}: loaded without {', '.join(sorted(stalling))}: no answer to its scripts or "
                    f"stylesheets held an earlier page up, less than {known.stalling.remember_for:g}s ago",
                )
            )

    def stop_blocking(self) -> None:
        """Drop routes still being put in place: the page is done with."""
        for pending in self._blocking:
            pending.cancel()

    def _on_crash(self, page: Page) -> None:
        self.crashed = True

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error" and len(self.console_errors) < MAX_LOGGED:
            self.console_errors.append(message.text[:500])

    def _on_page_error(self, error: PlaywrightError) -> None:
        if len(self.console_errors) < MAX_LOGGED:
            self.console_errors.append(f"uncaught: {str(error)[:500]}")

    def _on_request_failed(self, request: Request) -> None:
        reason = request.failure or "failed"
        if BLOCKED_BY_US not in reason and len(self.failed_requests) < MAX_LOGGED:
            self.failed_requests.append(f"{request.url[:500]} ({reason})")
        host = urlsplit(request.url).hostname
        if host and UNREACHABLE.search(reason) and host not in self.unreachable and host != self.own_host:
            # the page's next requests there would wait as long to fail (a lookup that times out
            # costs seconds, each time): they are refused at once instead
            self.unreachable.add(host)
            self._blocking.append(asyncio.ensure_future(block_hosts(self.page, {host})))
            if self.browser.bad_hosts is not None and self._holds_the_page(request):
                self.browser.bad_hosts.unreachable.remember({host})

    def _holds_the_page(self, request: Request) -> bool:
        """Whether a request like this one, failing slowly, would hold the page up: the page's own scripts,
        stylesheets and data calls. (A player iframe whose page cannot load costs the page nothing, and
        refusing it on later pages would cost each of them a route.)"""
        try:
            in_main_frame = request.frame == self.page.main_frame
        except PlaywrightError:  # a service worker's request
            return False
        return in_main_frame and request.resource_type in HOLDING_TYPES

    async def _navigate(self) -> int | None:
        started = time.monotonic()
        try:
            response = await self._goto()
        except PlaywrightTimeoutError:
            self.issues.append(Issue("timeout", f"{self.url}: the page did not load within {self.spec.timeout:g}s"))
            return None
        finally:
            self._lap("navigate", started)
        status = response.status if response is not None else None
        if status is not None and status >= 400:
            reason = f"HTTP {status} {response.status_text if response else ''}".strip()
            raise PageLoadError(self.url, reason, "http", status)
        kind = (response.headers.get("content-type", "") if response else "").split(";")[0].strip().lower()
        if kind.startswith(NOT_PAGES):
            raise PageLoadError(self.url, f"the URL is a download ({kind}), not a web page", "download", status)
        if not self.spec.wait_for:  # with wait_for, that selector is the readiness signal instead
            settle_started = time.monotonic()
            await self.monitor.settle(min(STEP_SETTLE_CAP, self.deadline.left(self.reserve)))
            self._lap("settle", settle_started)
        return status

    async def _goto(self) -> Response | None:
        """``page.goto`` up to DOMContentLoaded. When scripts or stylesheets of other hosts have had no
        answer for ``STALL_AFTER`` (a lookup or connection that hangs holds the parser), those hosts
        are blocked and the page is loaded again, so it is read whole instead of at the timeout."""
        for _ in range(MAX_STALL_RELOADS):
            navigation = asyncio.ensure_future(self._load())
            navigation.add_done_callback(_taken)  # its error is raised below, or is moot once superseded
            silent = await self._silent_hosts_during(navigation)
            if not silent:
                return navigation.result()
            self.unreachable |= silent
            # what the replaced document still waits for is no longer the page's: its requests may be
            # reported failed only later (a hung lookup), and must not stall the new load a second time
            self.monitor.forget_unanswered()
            await block_hosts(self.page, silent)
            if self.browser.bad_hosts is not None:
                self.browser.bad_hosts.stalling.remember(silent)
            self.issues.append(
                Issue(
                    "stalled",
                    f"{self.url}: loaded again without {', '.join(sorted(silent))}: no answer to its "
                    f"scripts or stylesheets within {STALL_AFTER:g}s held the page up",
                )
            )
        return await self._load()

    def _load(self) -> Awaitable[Response | None]:
        return self.page.goto(self.url, wait_until="domcontentloaded", timeout=self.deadline.ms(self.reserve))

    async def _silent_hosts_during(self, navigation: asyncio.Future[Response | None]) -> set[str]:
        """Hosts holding the load up (see ``_goto``), other than those already refused, or none once it
        has ended."""
        while True:
            done, _ = await asyncio.wait({navigation}, timeout=STALL_POLL)
            if done:
                return set()
            if self.deadline.left(self.reserve) > 2 * STALL_AFTER:  # time left to load it again
                silent = self.monitor.silent_hosts(STALL_AFTER, self.own_host) - self.unreachable
                if silent:
                    return silent

    async def _wait_for(self) -> None:
        if not self.spec.wait_for:
            return
        started = time.monotonic()
        try:
            await self.page.wait_for_selector(
                self.spec.wait_for, state="attached", timeout=self.deadline.ms(self.reserve)
            )
        except PlaywrightTimeoutError:
            self.issues.append(
                Issue(
                    "timeout",
                    f"{self.url}: wait_for {self.spec.wait_for!r} matched nothing within {self.spec.timeout:g}s",
                )
            )
        finally:
            self._lap("wait_for", started)
        if not self.failed and self.spec.scroll != "auto":  # scrolling ends with a settle that covers this
            settle_started = time.monotonic()
            await self.monitor.settle(min(STEP_SETTLE_CAP, self.deadline.left(self.reserve)))
            self._lap("settle", settle_started)

    async def _scroll(self, first: bool = False) -> int:
        """Scroll through the page while it grows; returns the number of steps.

        ``first``: the page has not been settled since ``wait_for`` matched, so the first pass settles
        whatever is still loading too, not only what scrolling started.
        """
        started = time.monotonic()
        try:
            return await self._scroll_steps(settle_all=first and bool(self.spec.wait_for))
        finally:
            self._lap("scroll", started)

    async def _scroll_steps(self, settle_all: bool) -> int:
        steps = navigations = 0
        while True:
            if steps >= self.spec.max_scrolls:
                self._bound(f"scrolling stopped after max_scrolls={self.spec.max_scrolls} steps")
                return steps
            if self.deadline.left(self.reserve) <= 0:
                self._bound(f"scrolling stopped at the {self.spec.timeout:g}s render timeout")
                return steps
            moment = time.monotonic()
            budget_ms = self.deadline.left(self.reserve) * 1000
            position = await self._evaluate(
                _SCROLL_PASS, {"maxSteps": self.spec.max_scrolls - steps, "budgetMs": budget_ms}
            )
            if position is None:  # the page navigated away mid-pass: start over on the new document
                navigations += 1
                if navigations > MAX_NAVIGATIONS:
                    self._bound(f"scrolling stopped: the page navigated {navigations} times while scrolled")
                    return steps
                continue
            steps += int(position["steps"])
            # Only new content needs a quiet wait and another look at the bottom: lazy images and
            # players that arrived are in place already, and what they load is their own business.
            idle = PageIdle.read(position["idle"])
            content = await self.monitor.content_changed_since(moment, idle)
            quiet_bottom = not content and position["bottom"] and not await self.monitor.changed_since(moment, idle)
            if quiet_bottom and position["watching"]:
                content = await self._wait_for_change(moment, BOTTOM_PATIENCE)
            if content or settle_all:
                since = 0.0 if settle_all else moment
                await self.monitor.settle(min(STEP_SETTLE_CAP, self.deadline.left(self.reserve)), since=since)
                settle_all = False
            if position["bottom"]:
                if not content:
                    return steps
                height = await self._evaluate(_SCROLL_HEIGHT)
                if height is not None and height <= position["height"]:
                    return steps

    async def _evaluate(self, script: str, argument: Any = None) -> Any:
        """``page.evaluate``, or None when the page navigated meanwhile (after the new document loads)."""
        try:
            return await self.page.evaluate(script, argument)
        except PlaywrightError as error:
            if self.crashed or "crash" in str(error).lower() or "closed" in str(error).lower():
                raise
            with contextlib.suppress(PlaywrightError):
                await self.page.wait_for_load_state("domcontentloaded", timeout=self.deadline.ms(cap=3.0))
            return None

    async def _wait_for_change(self, moment: float, patience: float) -> bool:
        until = time.monotonic() + min(patience, self.deadline.left(self.reserve))
        while time.monotonic() < until:
            if await self.monitor.changed_since(moment):
                return True
            await asyncio.sleep(0.05)
        return False

    async def _click(self) -> int:
        """Click each ``click`` selector while it is there, visible and enabled; returns the clicks."""
        started = time.monotonic()
        try:
            return await self._click_all()
        finally:
            self._lap("click", started)

    async def _click_all(self) -> int:
        clicks = 0
        for selector in self.spec.click:
            while True:
                if clicks >= self.spec.max_clicks:
                    self._bound(f"clicking stopped after max_clicks={self.spec.max_clicks}")
                    return clicks
                if self.deadline.left(self.reserve) <= 0:
                    self._bound(f"clicking stopped at the {self.spec.timeout:g}s render timeout")
                    return clicks
                target = self.page.locator(selector).locator("visible=true").first
                if await target.count() == 0 or not await target.is_enabled():
                    break
                moment = time.monotonic()
                if not await self._press(target):
                    break
                clicks += 1
                if not await self._wait_for_change(moment, BOTTOM_PATIENCE):
                    break  # the click did nothing: clicking again would not either
                await self.monitor.settle(min(STEP_SETTLE_CAP, self.deadline.left(self.reserve)), since=moment)
        return clicks

    async def _press(self, target: Locator) -> bool:
        try:
            await target.click(timeout=self.deadline.ms(self.reserve, cap=5.0))
        except PlaywrightTimeoutError:
            try:  # covered by an overlay (cookie banner...): deliver the click event directly
                await target.dispatch_event("click", timeout=self.deadline.ms(self.reserve, cap=2.0))
            except PlaywrightError:
                return False
        except PlaywrightError:
            return False  # detached between the check and the click: it is gone, so we are done
        return True

    def _bound(self, message: str) -> None:
        self.issues.append(Issue("bound", message))

    async def _content(self) -> str:
        for _ in range(3):
            try:
                return await asyncio.wait_for(self.page.content(), timeout=max(1.0, self.deadline.left()) + 1)
            except TimeoutError:
                # still navigating (nothing committed yet): there is no document to read
                if not any(issue.kind == "timeout" for issue in self.issues):
                    self.issues.append(Issue("timeout", f"{self.url}: the page's DOM could not be read in time"))
                return ""
            except PlaywrightError as error:
                if self.crashed or "crash" in str(error).lower():
                    raise
                # the page navigated while we read it: let the new document load, then read again
                with contextlib.suppress(PlaywrightError):
                    await self.page.wait_for_load_state("domcontentloaded", timeout=self.deadline.ms(cap=3.0))
        return await self.page.content()


def _taken(navigation: asyncio.Future[Response | None]) -> None:
    """Mark a load's error as seen: one given up for a new load (or abandoned with the render) ends in
    an error nobody waits for, which asyncio would otherwise log."""
    if not navigation.cancelled():
        navigation.exception()


_NET_ERRORS = {
    "ERR_NAME_NOT_RESOLVED": ("dns", "DNS lookup failed (no such host)"),
    "ERR_NAME_RESOLUTION_FAILED": ("dns", "DNS lookup failed"),
    "ERR_CONNECTION_REFUSED": ("refused", "connection refused"),
    "ERR_CONNECTION_RESET": ("refused", "connection reset"),
    "ERR_CONNECTION_CLOSED": ("refused", "connection closed without a response"),
    "ERR_EMPTY_RESPONSE": ("refused", "the server sent an empty response"),
    "ERR_ADDRESS_UNREACHABLE": ("refused", "address unreachable"),
    "ERR_INTERNET_DISCONNECTED": ("refused", "no network"),
    "ERR_TOO_MANY_REDIRECTS": ("load", "redirect loop (too many redirects)"),
    "ERR_TIMED_OUT": ("timeout", "connection timed out"),
    "ERR_CONNECTION_TIMED_OUT": ("timeout", "connection timed out"),
    "ERR_FILE_NOT_FOUND": ("load", "file not found"),
    "ERR_INVALID_URL": ("load", "invalid URL"),
}


def describe_failure(url: str, error: PlaywrightError, crashed: bool = False) -> PageLoadError:
    """Turn a Playwright error into a one-line PageLoadError with its kind."""
    text = str(error)
    if crashed or "crash" in text.lower():
        return PageLoadError(url, "the page crashed while rendering", "crash")
    if "Download is starting" in text or ("ERR_ABORTED" in text and "download" in text.lower()):
        return PageLoadError(url, "the URL is a download, not a web page", "download")
    if "has been closed" in text or "disconnected" in text.lower():
        return PageLoadError(url, "the browser process exited while rendering", "crash")
    code = re.search(r"net::(ERR_[A-Z_]+)", text)
    if code:
        kind, reason = _NET_ERRORS.get(code.group(1), ("load", code.group(1)))
        return PageLoadError(url, f"{reason} ({code.group(1)})", kind)
    first_line = text.strip().splitlines()[0] if text.strip() else type(error).__name__
    return PageLoadError(url, first_line.removeprefix("Error: "), "load")


async def render(
    browser: Browser, url: str, spec: RenderSpec | None = None, hooks: RenderHooks | None = None
) -> Snapshot:
    """Render ``url`` to its final state and return its snapshot.

    Raises ``PageLoadError`` when the page cannot be had at all (DNS, refused, HTTP error status,
    download, crash); a timeout part-way keeps what had rendered and reports it in ``issues``.
    """
    spec = spec or RenderSpec()
    hooks = hooks or RenderHooks()
    deadline = _Deadline(spec.timeout)
    started = time.monotonic()
    options = hooks.context_options()
    blocking = Blocking(frozenset(spec.block), spec.trackers == "block")
    context, page = await browser.open_page(blocking, **options)
    renderer: _Renderer | None = None
    try:
        await hooks.prepare(context)
        renderer = _Renderer(browser, page, spec, url, deadline, ActivityMonitor(page), MediaSniffer(page))
        snapshot = await asyncio.wait_for(renderer.run(), timeout=spec.timeout + GRACE)
        await hooks.finish(page, snapshot)
    except PlaywrightError as error:
        raise describe_failure(url, error, renderer.crashed if renderer else False) from None
    except TimeoutError:
        raise PageLoadError(url, f"rendering did not finish within {spec.timeout:g}s", "timeout") from None
    except BrowserError as error:
        raise PageLoadError(url, str(error), "crash") from None
    finally:
        if renderer is not None:
            renderer.stop_blocking()
        await browser.release(context, wait=bool(options))  # a HAR is written when its context closes
    snapshot.timings["render"] = time.monotonic() - started
    return snapshot
