"""Know when a page is done: the work it scheduled has run, and its content has settled after it.

The in-page probe (``scripts/activity.js``) follows the page's timers, animation frames, idle
callbacks and data calls from cause to effect, and tells repeating work (a carousel, a clock, a poll)
from the one-shot work that brings content. This side adds what only the browser sees: the main
frame's script and document requests, and scripts or stylesheets of other hosts that never answer;
and it waits for the probes of the same-origin frames, whose documents the snapshot reads too.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Frame, Page, Request, Response

from extractor.browser.tuning import RenderTuning, page_script

# Requests the page's own code does not make through fetch or XHR (which the probe follows), whose
# arrival can still change the content: documents, scripts, event streams. Images, fonts and media do
# not count, nor do requests made inside child frames (an embedded player loading its own scripts).
CONTENT_TYPES = frozenset({"document", "script", "eventsource"})
MAX_WAITED_FRAMES = 10  # same-origin frames waited for, in document order (the snapshot reads up to 50)
# What holds up the parser (and DOMContentLoaded) until it has arrived.
PARSER_BLOCKING_TYPES = frozenset({"script", "stylesheet"})
_SETTLE = (
    "([limitMs, tuning]) => window.__extractorActivity ? window.__extractorActivity.settle(limitMs, false, tuning) : []"
)
_BLOCKERS = "(tuning) => window.__extractorActivity ? window.__extractorActivity.blockers(false, tuning) : []"
_IDLE_MS = "(staleMs) => window.__extractorActivity ? window.__extractorActivity.idle(staleMs) : null"
_ACT = "() => window.__extractorActivity ? window.__extractorActivity.act() : 0"


def activity_script() -> str:
    """The probe installed in every frame before any page script runs."""
    return page_script("activity.js")


class PageIdle(NamedTuple):
    """Seconds since the main document last changed at all (``change``), since its content changed
    in the foreground (``content``: media elements arriving or changing source, and what repeating work
    does, do not count), and since one of its scripts asked for data with fetch or XMLHttpRequest or had
    the answer (``request``: 0 while a call is open). Large when unknown."""

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
    """Follows a page's requests; ``settle`` waits until the page is done (see the module docstring)."""

    def __init__(self, page: Page, tuning: RenderTuning | None = None):
        self.page = page
        self.tuning = tuning or RenderTuning()
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
        stale = self.tuning.stale_after
        return sum(1 for started in self.open.values() if started >= since and now - started < stale)

    async def idle(self) -> PageIdle:
        """How long the main document has been idle, read in the page (see ``PageIdle``)."""
        try:
            reading = await asyncio.wait_for(self.page.evaluate(_IDLE_MS, self.tuning.stale_after * 1000), timeout=2)
        except (PlaywrightError, TimeoutError):
            return UNKNOWN_IDLE
        return PageIdle.read(reading)

    async def act(self) -> None:
        """Tell the probe that one of our actions (a click) begins: position pollers owe it a look."""
        try:
            await asyncio.wait_for(self.page.evaluate(_ACT), timeout=2)
        except (PlaywrightError, TimeoutError):
            return

    async def blockers(self) -> list[str]:
        """What the page is still doing by itself, in words (``timer``, ``call``, ``poller``...)."""
        try:
            found = await asyncio.wait_for(self.page.evaluate(_BLOCKERS, self.tuning.for_page()), timeout=2)
        except (PlaywrightError, TimeoutError):
            return []
        return [str(word) for word in found] if isinstance(found, list) else []

    async def settle(self, limit: float, since: float = 0.0) -> list[str]:
        """Wait until the page is done, at most ``limit`` seconds: the probe has seen all its work run
        and its content quiet after it, no script or document request started after ``since`` is still
        open, and none ended within the short quiet window (a script that has arrived runs a moment
        later). Returns what was still being waited for when the limit came (empty when done)."""
        deadline = time.monotonic() + max(0.0, limit)
        waiting: list[str] = []
        while True:
            left = deadline - time.monotonic()
            if self.busy_requests(since):
                waiting = ["request"]
            elif time.monotonic() - self.last_network < self.tuning.short_quiet:
                waiting = ["request"]  # a script that has just arrived has yet to run
            else:
                waiting = await self._settled_in_page(left)
                if not waiting:
                    waiting = await self._frames_settled(deadline)
                if not waiting and not self.busy_requests(since):
                    return []
            left = deadline - time.monotonic()
            if left <= 0:
                return waiting
            await asyncio.sleep(min(self.tuning.poll_every, left))

    async def _settled_in_page(self, limit: float) -> list[str]:
        try:
            argument = [max(0.0, limit) * 1000, self.tuning.for_page()]
            found = await asyncio.wait_for(self.page.evaluate(_SETTLE, argument), timeout=limit + 2)
        except TimeoutError:
            return ["unanswered"]
        except PlaywrightError:
            return ["navigated"]  # the document went away meanwhile: its successor is looked at next
        return [str(word) for word in found] if isinstance(found, list) else []

    async def _frames_settled(self, deadline: float) -> list[str]:
        """Wait for the work of the page's same-origin frames as for its own: their documents are read
        into the snapshot with the page's (a comments frame fetching its comments). Cross-origin
        frames (players, ads) are not read, and not waited for."""
        for frame in self._readable_frames():
            left = max(0.0, deadline - time.monotonic())
            try:
                argument = [left * 1000, self.tuning.for_page()]
                found = await asyncio.wait_for(frame.evaluate(_SETTLE, argument), timeout=left + 2)
            except TimeoutError:
                return ["frame"]
            except PlaywrightError:
                continue  # removed, or navigating: its successor is read as it stands
            if isinstance(found, list) and found:
                return [f"frame {word}" for word in found]
        return []

    def _readable_frames(self) -> list[Frame]:
        """The child frames whose documents the snapshot reads: same-origin (or ``about:`` documents,
        which take their parent's origin), at most ``MAX_WAITED_FRAMES``."""
        main = self.page.main_frame
        origin = _origin(main.url)
        readable = [
            frame
            for frame in self.page.frames
            if frame is not main
            and not frame.is_detached()
            and (frame.url.startswith("about:") or _origin(frame.url) == origin)
        ]
        return readable[:MAX_WAITED_FRAMES]

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


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme, parts.netloc


def _in_main_frame(request: Request) -> bool:
    """Requests of child frames (a video player loading) cannot change the page's own DOM."""
    try:
        return request.frame.parent_frame is None
    except PlaywrightError:  # a service worker's request: it may feed the page
        return True
