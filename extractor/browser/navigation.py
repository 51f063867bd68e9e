"""Load the page: ``goto`` up to DOMContentLoaded, other hosts that hold it up refused and the page
loaded again, hosts that cannot be reached refused for the rest of the page."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Awaitable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Request, Response
from playwright.async_api import TimeoutError as PlaywrightTimeoutError

from extractor.browser.blocking import block_hosts
from extractor.browser.page_run import PageRun
from extractor.errors import HTTPStatusError, NotAPageError, ProxyError
from extractor.models import Issue, IssueKind

# Failures that say a host cannot be reached at all: its name does not resolve, its address has no
# route. (A refused or timed-out connection may be one request's bad luck: those are not counted.)
UNREACHABLE = re.compile(
    r"ERR_NAME_NOT_RESOLVED|ERR_NAME_RESOLUTION_FAILED|ERR_ADDRESS_UNREACHABLE|ERR_INTERNET_DISCONNECTED"
)
# What the page waits for, so that a host failing slowly there holds the page up.
HOLDING_TYPES = frozenset({"script", "stylesheet", "xhr", "fetch"})
# Content types that are files to download, not pages to render (Chromium would show a viewer).
NOT_PAGES = ("application/pdf", "application/octet-stream", "application/zip", "image/", "video/", "audio/")


@dataclass
class Navigation:
    """The load of one page, with the other hosts refused on the way."""

    run: PageRun
    unreachable: set[str] = field(default_factory=set)  # other hosts refused: unreachable, or stalling a load
    _blocking: list[asyncio.Future[None]] = field(default_factory=list)

    async def refuse_remembered_hosts(self) -> None:
        """In a batch: refuse at once the other hosts that failed an earlier page (see ``BadHosts``)."""
        run = self.run
        known = run.browser.bad_hosts
        if known is None:
            return
        unreachable, stalling = known.unreachable.recent(run.own_host), known.stalling.recent(run.own_host)
        if not unreachable and not stalling:
            return
        await block_hosts(run.page, unreachable | stalling)
        self.unreachable |= unreachable | stalling
        if stalling:
            run.issues.append(
                Issue(
                    IssueKind.STALLED,
                    f"{run.url}: loaded without {', '.join(sorted(stalling))}: no answer to its scripts or "
                    f"stylesheets held an earlier page up, less than {known.stalling.remember_for:g}s ago",
                )
            )

    def on_request_failed(self, request: Request) -> None:
        """A host that cannot be reached is refused for the rest of the page: its next requests would
        wait as long to fail (a lookup that times out costs seconds, each time)."""
        run = self.run
        host = urlsplit(request.url).hostname
        reason = request.failure or "failed"
        if host and UNREACHABLE.search(reason) and host not in self.unreachable and host != run.own_host:
            self.unreachable.add(host)
            self._blocking.append(asyncio.ensure_future(block_hosts(run.page, {host})))
            if run.browser.bad_hosts is not None and self._holds_the_page(request):
                run.browser.bad_hosts.unreachable.remember({host})

    def stop_blocking(self) -> None:
        """Drop routes still being put in place: the page is done with."""
        for pending in self._blocking:
            pending.cancel()

    def _holds_the_page(self, request: Request) -> bool:
        """Whether a request like this one, failing slowly, would hold the page up: the page's own scripts,
        stylesheets and data calls. (A player iframe whose page cannot load costs the page nothing, and
        refusing it on later pages would cost each of them a route.)"""
        try:
            in_main_frame = request.frame == self.run.page.main_frame
        except PlaywrightError:  # a service worker's request
            return False
        return in_main_frame and request.resource_type in HOLDING_TYPES

    async def navigate(self) -> int | None:
        """Load the page; then, unless ``wait_for`` is the readiness signal, wait until it is done.
        Returns the HTTP status (None when the load timed out, which is then in the issues)."""
        run = self.run
        started = time.monotonic()
        try:
            response = await self._goto()
        except PlaywrightTimeoutError:
            run.issues.append(
                Issue(IssueKind.TIMEOUT, f"{run.url}: the page did not load within {run.spec.timeout:g}s")
            )
            return None
        finally:
            run.lap("navigate", started)
        status = response.status if response is not None else None
        if status is not None and status >= 400:
            reason = f"HTTP {status} {response.status_text if response else ''}".strip()
            if status == 407 and run.spec.proxy is not None:  # the proxy answered, not the site
                raise ProxyError(run.url, f"the proxy refused the credentials ({reason})", status)
            raise HTTPStatusError(run.url, reason, status)
        kind = (response.headers.get("content-type", "") if response else "").split(";")[0].strip().lower()
        if kind.startswith(NOT_PAGES):
            raise NotAPageError(run.url, f"the URL is a download ({kind}), not a web page", status)
        if not run.spec.wait_for:
            await run.settle("the load")
        return status

    async def _goto(self) -> Response | None:
        """``page.goto`` up to DOMContentLoaded. When scripts or stylesheets of other hosts have had no
        answer for ``tuning.stall_after`` (a lookup or connection that hangs holds the parser), those
        hosts are blocked and the page is loaded again, so it is read whole instead of at the timeout."""
        run = self.run
        for _ in range(run.tuning.max_stall_reloads):
            navigation = asyncio.ensure_future(self._load())
            navigation.add_done_callback(_taken)  # its error is raised below, or is moot once superseded
            silent = await self._silent_hosts_during(navigation)
            if not silent:
                return navigation.result()
            self.unreachable |= silent
            # what the replaced document still waits for is no longer the page's: its requests may be
            # reported failed only later (a hung lookup), and must not stall the new load a second time
            run.monitor.forget_unanswered()
            await block_hosts(run.page, silent)
            if run.browser.bad_hosts is not None:
                run.browser.bad_hosts.stalling.remember(silent)
            run.issues.append(
                Issue(
                    IssueKind.STALLED,
                    f"{run.url}: loaded again without {', '.join(sorted(silent))}: no answer to its "
                    f"scripts or stylesheets within {run.tuning.stall_after:g}s held the page up",
                )
            )
        return await self._load()

    def _load(self) -> Awaitable[Response | None]:
        run = self.run
        return run.page.goto(run.url, wait_until="domcontentloaded", timeout=run.deadline.ms(run.reserve))

    async def _silent_hosts_during(self, navigation: asyncio.Future[Response | None]) -> set[str]:
        """Hosts holding the load up (see ``_goto``), other than those already refused, or none once it
        has ended."""
        run = self.run
        while True:
            done, _ = await asyncio.wait({navigation}, timeout=run.tuning.stall_poll)
            if done:
                return set()
            stall_after = run.tuning.stall_after
            if run.deadline.left(run.reserve) > 2 * stall_after:  # time left to load it again
                silent = run.monitor.silent_hosts(stall_after, run.own_host) - self.unreachable
                if silent:
                    return silent


def _taken(navigation: asyncio.Future[Response | None]) -> None:
    """Mark a load's error as seen: one given up for a new load (or abandoned with the render) ends in
    an error nobody waits for, which asyncio would otherwise log."""
    if not navigation.cancelled():
        navigation.exception()
