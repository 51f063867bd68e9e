"""Bring a page to its final state and snapshot it: navigate, wait_for, scroll, click, snapshot.

Every step draws on one deadline (the site's ``render.timeout``), so no page can stall a run;
what could not be finished in time is reported in the snapshot's issues. The load is
``navigation.py``'s, the reader's actions ``interaction.py``'s, and when each step is done the
activity probe's (``activity.py``, ``docs/when-done.md``).
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from playwright.async_api import BrowserContext, ConsoleMessage, Page, Request
from playwright.async_api import Error as PlaywrightError

from extractor.browser.activity import ActivityMonitor
from extractor.browser.blocking import BLOCKED_BY_US, Blocking
from extractor.browser.consent import ConsentWall
from extractor.browser.departure import Departures
from extractor.browser.failures import describe_failure
from extractor.browser.interaction import Interaction
from extractor.browser.media import MediaSniffer
from extractor.browser.navigation import Navigation
from extractor.browser.page_run import Deadline, PageRun
from extractor.browser.profile import ContextProfile, cookies_for
from extractor.browser.session import Browser
from extractor.browser.source import SourceView, shows_text
from extractor.browser.tuning import RenderTuning, page_script
from extractor.errors import BrowserError, PageCrashError, PageLoadError, PageTimeoutError
from extractor.models import FrameDocument, Issue, IssueKind, Snapshot
from extractor.sites.checks import redact
from extractor.sites.schema import RenderSpec

__all__ = ["RenderHooks", "render"]

MAX_LOGGED = 200  # console errors and failed requests kept per page


class RenderHooks:
    """Extension points around one render; recording, replay and highlighting override them."""

    may_fetch = True  # the render may ask the server once more for a page that left too soon (not in replay)

    def context_options(self) -> dict[str, Any]:
        """Extra options for the page's browser context (e.g. ``record_har_path``)."""
        return {}

    async def prepare(self, context: BrowserContext) -> None:
        """Called on the fresh context before the page navigates (routes, tracing)."""

    async def finish(self, page: Page, snapshot: Snapshot) -> None:
        """Called after the snapshot, while the page is still open (screenshots, traces)."""


@dataclass
class _PageLog:
    """What went wrong on the page without stopping it: console errors, failed requests, a crash."""

    run: PageRun
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> None:
        page.on("crash", self._on_crash)
        page.on("console", self._on_console)
        page.on("pageerror", self._on_page_error)
        page.on("requestfailed", self._on_request_failed)

    def _on_crash(self, page: Page) -> None:
        self.run.crashed = True

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


@dataclass
class _Renderer:
    run: PageRun
    sniffer: MediaSniffer
    may_fetch: bool = True
    navigation: Navigation = field(init=False)
    log: _PageLog = field(init=False)
    source: SourceView = field(init=False)

    def __post_init__(self) -> None:
        self.navigation = Navigation(self.run)
        self.log = _PageLog(self.run)
        self.source = SourceView(self.run.page)  # the HTML the server sent, read as it arrives

    async def render(self) -> Snapshot:
        run = self.run
        self.log.attach(run.page)
        run.page.on("requestfailed", self.navigation.on_request_failed)
        departures = Departures(run.page, run.url)  # documents the page leaves by itself
        await self.navigation.refuse_remembered_hosts()
        status = await self.navigation.navigate()
        run.browser.prepare_next()
        interaction, consent = Interaction(run), ConsentWall(run)
        if not run.failed:
            await consent.dismiss()  # before anything waits for content that waits for consent
        if not run.failed:
            await interaction.wait_for()
            if run.spec.wait_for and consent.dismissed is None and not run.failed:
                await consent.dismiss()  # the load was not waited for: its wall may have come since
        if not run.failed:
            if run.spec.scroll == "auto":
                await interaction.scroll(first=True)
            if run.spec.click:
                clicked = await interaction.click()
                if clicked and run.spec.scroll == "auto":
                    await interaction.scroll()
        started = time.monotonic()
        # the page's DOM is read while its frames' players are looked for: they do not change it
        media, (read, frames) = await asyncio.gather(
            self.sniffer.collect(limit=min(2.0, max(0.5, run.deadline.left()))), self._content()
        )
        try:
            html, final_url = departures.keep(read, run.issues)  # never a browser error page
        except PageLoadError as error:  # it left before showing anything: what the server sent, if anything
            html, final_url = await self._as_sent(error)
        frames = frames if html is read else []  # another document's HTML: the frames read were not its
        current = final_url == run.page.url  # else the document the page left for an error page
        source = await self.source.read(final_url, current, limit=min(1.0, max(0.2, run.deadline.left())))
        run.lap("snapshot", started)
        return Snapshot(
            url=run.url, final_url=final_url, html=html, status=status, source_html=source, frames=frames,
            media=media, issues=run.issues, timings=run.timings,
            console_errors=self.log.console_errors, failed_requests=self.log.failed_requests,
        )  # fmt: skip

    async def _as_sent(self, departed: PageLoadError) -> tuple[str, str]:
        """The HTML the server sends for the page, when it left before its DOM showed any text (a
        script in the head sending it to ``https://``): the body Chromium received, or, as Chromium
        drops that once the page leaves, the page asked for once more. ``departed`` again when that
        holds no text."""
        run = self.run
        limit = min(3.0, max(0.5, run.deadline.left()))
        sent = await self.source.read(run.url, current=False, limit=limit)
        if sent is None and self.may_fetch:
            sent = await self.source.fetch_again(run.url, limit)
        if sent is None or not shows_text(sent):
            raise departed
        run.issues.append(Issue(IssueKind.NAVIGATED, f"{departed.message}; read from the HTML the server sent"))
        return sent, run.url

    async def _content(self) -> tuple[str, list[FrameDocument]]:
        run = self.run
        for _ in range(3):
            try:
                return await asyncio.wait_for(_read_dom(run.page), timeout=max(1.0, run.deadline.left()) + 1)
            except TimeoutError:
                # still navigating (nothing committed yet): there is no document to read
                if not any(issue.kind == IssueKind.TIMEOUT for issue in run.issues):
                    run.issues.append(Issue(IssueKind.TIMEOUT, f"{run.url}: the page's DOM could not be read in time"))
                return "", []
            except PlaywrightError as error:
                if run.crashed or "crash" in str(error).lower():
                    raise
                await run.new_document()  # the page navigated while we read it: read the new one
        return await _read_dom(run.page)


async def _read_dom(page: Page) -> tuple[str, list[FrameDocument]]:
    """The page's HTML, and the documents of its same-origin frames; with its open shadow roots inside
    their hosts and its frames marked when it has any (``scripts/shadow.js``), so that fields can select
    what web components and frames show."""
    read = await page.evaluate(page_script("shadow.js"))
    read = read if isinstance(read, dict) else {}
    frames = [FrameDocument(str(frame["url"]), str(frame["html"])) for frame in read.get("frames") or []]
    html = read.get("html")
    return (html if isinstance(html, str) else await page.content()), frames


def _naming_proxy(failure: PageLoadError, spec: RenderSpec) -> PageLoadError:
    """A proxy failure names the proxy (password hidden); asked for credentials, it says where they go."""
    if failure.kind != IssueKind.PROXY or spec.proxy is None:
        return failure
    if "ERR_INVALID_AUTH_CREDENTIALS" in failure.reason and urlsplit(spec.proxy).username is None:
        failure.reason = "the proxy asks for credentials: give them as user:password@ in the proxy URL"
    failure.reason += f" (proxy {redact(spec.proxy)})"
    return failure


async def render(
    browser: Browser,
    url: str,
    spec: RenderSpec | None = None,
    hooks: RenderHooks | None = None,
    tuning: RenderTuning | None = None,
) -> Snapshot:
    """Render ``url`` to its final state and return its snapshot (``tuning``: the browser's by default).

    Raises ``PageLoadError`` when the page cannot be had at all (DNS, refused, HTTP error status,
    download, crash); a timeout part-way keeps what had rendered and reports it in ``issues``.
    """
    spec = spec or RenderSpec()
    hooks = hooks or RenderHooks()
    tuning = tuning or browser.tuning
    deadline = Deadline(spec.timeout)
    started = time.monotonic()
    options = hooks.context_options()
    blocking = Blocking(frozenset(spec.block), spec.trackers == "block")
    profile = ContextProfile.of(spec)
    state = profile.read_state()  # a missing or broken file is a UsageError before any page opens
    context, page = await browser.open_page(blocking, profile=profile, state=state, **options)
    renderer: _Renderer | None = None
    try:
        await hooks.prepare(context)
        if spec.cookies:
            await context.add_cookies(cookies_for(spec.cookies, url))  # type: ignore[arg-type]
        run = PageRun(browser, page, spec, url, deadline, tuning, ActivityMonitor(page, tuning))
        if state is not None and (expired := state.warning()) is not None:
            run.issues.append(expired)
        renderer = _Renderer(run, MediaSniffer(page, tuning.frame_arrival_wait), may_fetch=hooks.may_fetch)
        snapshot = await asyncio.wait_for(renderer.render(), timeout=spec.timeout + tuning.grace)
        await hooks.finish(page, snapshot)
    except PageLoadError as error:  # the load step's own (HTTP status, download, proxy credentials)
        raise _naming_proxy(error, spec) from None
    except PlaywrightError as error:
        if await browser.lost_within(tuning.disconnect_wait if "ERR_ABORTED" in str(error) else 0.0):
            raise PageCrashError(url, "the browser process exited while rendering") from None
        failure = describe_failure(url, error, renderer.run.crashed if renderer else False)
        raise _naming_proxy(failure, spec) from None
    except TimeoutError:
        raise PageTimeoutError(url, f"rendering did not finish within {spec.timeout:g}s") from None
    except BrowserError as error:
        raise PageCrashError(url, str(error)) from None
    finally:
        if renderer is not None:
            renderer.navigation.stop_blocking()
            renderer.source.stop()
        await browser.release(context, wait=bool(options))  # a HAR is written when its context closes
    snapshot.timings["render"] = time.monotonic() - started
    return snapshot
