"""``replay``: render a recording again from its HAR with the network cut off, or re-read its DOM."""

from __future__ import annotations

from playwright.async_api import BrowserContext, Page, Route
from playwright.async_api import Error as PlaywrightError

from extractor.browser import Browser
from extractor.browser.render import RenderHooks, render
from extractor.errors import PageLoadError, RecordingError
from extractor.extract import extract
from extractor.models import Issue, IssueKind, Result, Snapshot
from extractor.pagination import follow_pages, follow_recorded, page_key
from extractor.recording.folder import Recording, recorded_pages
from extractor.recording.har import HarArchive
from extractor.settings import Settings
from extractor.sites import RenderSpec, Site

MAX_UNANSWERED = 100
# Chromium flag for a replay browser: every host lookup fails, so nothing can leave the machine.
OFFLINE_ARGS = ("--host-resolver-rules=MAP * ~NOTFOUND",)


class ReplayHooks(RenderHooks):
    """Answer every request from the recording; abort the rest and remember which they were."""

    may_fetch = False  # nothing reaches the network in a replay, not even a second look at the page

    def __init__(self, recording: Recording, blocked: frozenset[str]):
        self.recording = recording
        self.blocked = blocked
        self.archive = HarArchive(recording.har)
        self.unanswered: list[str] = []

    async def prepare(self, context: BrowserContext) -> None:
        await context.route("**/*", self._answer)

    async def _answer(self, route: Route) -> None:
        request = route.request
        recorded = self.archive.answer(request.method, request.url)
        try:
            if recorded is None:
                self._note_unanswered(request.url, request.resource_type)
                await route.abort("internetdisconnected")
            elif recorded.failure is not None:
                await route.abort(recorded.abort_code)
            else:
                await route.fulfill(status=recorded.status, headers=recorded.headers, body=recorded.body)
        except PlaywrightError:
            pass  # the page went away meanwhile

    def _note_unanswered(self, url: str, resource_type: str) -> None:
        if resource_type in self.blocked or url.startswith("data:"):
            return
        if url not in self.unanswered and len(self.unanswered) < MAX_UNANSWERED:
            self.unanswered.append(url)


def replay_dom(recording: Recording, site: Site) -> Result:
    """Apply ``site`` to the recorded DOM (a paginated article's, to each page's): no browser, milliseconds."""
    snapshot = recording.snapshot()
    result = extract(snapshot, site)
    return follow_recorded(site, snapshot, result, lambda url: recorded_page(recording, url).snapshot())


def recorded_page(recording: Recording, url: str) -> Recording:
    """The page after the first that ``recording`` holds for ``url`` (``pages/K``); a ``PageLoadError``
    when it holds none (the selector file's ``paginate`` now leads elsewhere)."""
    found = next((page for page in recorded_pages(recording) if page_key(page.url) == page_key(url)), None)
    if found is None:
        raise PageLoadError(url, "not in the recording")
    return found


async def _render_page(browser: Browser, recording: Recording, url: str, spec: RenderSpec, site: Site) -> Snapshot:
    """A recorded page after the first, rendered again from its own HAR; requests it cannot answer are
    in the snapshot's issues (so the result's warnings)."""
    page = recorded_page(recording, url)
    hooks = ReplayHooks(page, frozenset(site.render.block))
    snapshot = await render(browser, page.url, spec, hooks)
    snapshot.issues.extend(Issue(IssueKind.UNANSWERED, f"not in the recording: {lost}") for lost in hooks.unanswered)
    return snapshot


async def replay_render(browser: Browser, recording: Recording, site: Site) -> Result:
    """Render the recording again from its HAR (offline), running the site's render steps again.

    The session is left out: the recording answers every request, logged in as it was recorded,
    and the storage state the site file names need not exist where the recording replays."""
    hooks = ReplayHooks(recording, frozenset(site.render.block))
    spec = site.render.model_copy(update={"storage_state": None, "cookies": []})
    try:
        snapshot = await render(browser, recording.url, spec, hooks)
    except PageLoadError as error:
        return Result.failure(recording.url, site.name, error.kind, error.message, error.status)
    result = extract(snapshot, site)
    result.warnings.extend(Issue(IssueKind.UNANSWERED, f"not in the recording: {url}") for url in hooks.unanswered)
    return await follow_pages(site, snapshot, result, lambda url: _render_page(browser, recording, url, spec, site))


async def replay_offline(recording: Recording, site: Site, browser: Browser | None = None) -> Result:
    """``replay_render`` in a browser whose every host lookup fails, so that only the recording
    answers: ``browser`` when given (launched with ``OFFLINE_ARGS``), else one opened for this call."""
    if browser is not None:
        return await replay_render(browser, recording, site)
    async with offline_browser() as own:
        return await replay_render(own, recording, site)


def offline_browser() -> Browser:
    """A browser that can reach no host: a replay's every answer comes from its recording."""
    return Browser(Settings.from_env().with_args(OFFLINE_ARGS))


async def open_recorded_dom(browser: Browser, recording: Recording) -> tuple[BrowserContext, Page]:
    """A page showing exactly ``dom.html`` (scripts off), its styles and images served from the HAR.

    The caller closes the returned context.
    """
    html = recording.snapshot().html.encode("utf-8")
    archive = HarArchive(recording.har)
    context = await browser.new_context(java_script_enabled=False)

    async def answer(route: Route) -> None:
        request = route.request
        try:
            if request.resource_type == "document" and request.url == recording.final_url:
                await route.fulfill(status=200, headers={"content-type": "text/html; charset=utf-8"}, body=html)
                return
            recorded = archive.answer(request.method, request.url)
            if recorded is None or recorded.failure is not None:
                await route.abort("internetdisconnected")
            else:
                await route.fulfill(status=recorded.status, headers=recorded.headers, body=recorded.body)
        except PlaywrightError:
            pass  # the page went away meanwhile

    await context.route("**/*", answer)
    page = await context.new_page()
    try:
        await page.goto(recording.final_url, wait_until="load", timeout=15_000)
    except PlaywrightError as error:
        await context.close()
        raise RecordingError(f"{recording.path}: cannot show the recorded DOM ({str(error).splitlines()[0]})") from None
    return context, page
