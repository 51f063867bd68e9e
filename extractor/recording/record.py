"""``record``: render a page as ``extract`` does and keep everything needed to replay it offline."""

from __future__ import annotations

import contextlib
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from playwright.async_api import BrowserContext, Page
from playwright.async_api import Error as PlaywrightError

import extractor
from extractor.browser import Browser
from extractor.browser.render import RenderHooks, render
from extractor.errors import PageLoadError
from extractor.extract import extract
from extractor.heal.fingerprint import fingerprints
from extractor.models import Result, Snapshot
from extractor.pagination import follow_pages
from extractor.recording import folder as files
from extractor.sites import LoadedSite, RenderSpec

MAX_SCREENSHOT_HEIGHT = 16_000


class RecordHooks(RenderHooks):
    """Record the network to a HAR, and take a screenshot (and a trace) before the page closes."""

    def __init__(self, into: Path, trace: bool):
        self.into = into
        self.trace = trace
        self.context: BrowserContext | None = None

    def context_options(self) -> dict[str, Any]:
        return {"record_har_path": str(self.into / files.HAR), "record_har_mode": "full"}

    async def prepare(self, context: BrowserContext) -> None:
        self.context = context
        if self.trace:
            await context.tracing.start(screenshots=True, snapshots=True, sources=False)

    async def finish(self, page: Page, snapshot: Snapshot) -> None:
        with contextlib.suppress(PlaywrightError):  # a page too large to shoot still records
            height = await page.evaluate("() => document.documentElement.scrollHeight")
            full = isinstance(height, int | float) and height <= MAX_SCREENSHOT_HEIGHT
            await page.screenshot(path=str(self.into / files.SCREENSHOT), full_page=full, timeout=15_000)
        if self.trace and self.context is not None:
            await self.context.tracing.stop(path=str(self.into / files.TRACE))


class PageRecorder:
    """Records a paginated article's pages after the first, page K into ``pages/K`` of the recording."""

    def __init__(self, browser: Browser, spec: RenderSpec, into: Path):
        self.browser = browser
        self.spec = spec
        self.into = into
        self.pages: list[dict[str, Any]] = []  # meta.json's "pages", in order

    async def read(self, url: str) -> Snapshot:
        """Render ``url`` as the next page, recording its network, documents and screenshot."""
        folder = files.page_folder(self.into, len(self.pages) + 2)
        folder.mkdir(parents=True, exist_ok=True)
        try:
            snapshot = await render(self.browser, url, self.spec, RecordHooks(folder, trace=False))
        except PageLoadError:
            shutil.rmtree(folder, ignore_errors=True)  # a page that failed is not part of the article
            raise
        files.write_snapshot(folder, snapshot)
        self.pages.append(page_meta(snapshot))
        return snapshot

    def keep(self, read: int) -> dict[str, Any]:
        """meta.json's ``pages`` for the ``read`` pages the result holds ({} for one page); a page recorded
        but not merged (it failed, or went back to a page already read) is dropped."""
        for number in range(max(read, 1) + 1, len(self.pages) + 2):
            shutil.rmtree(files.page_folder(self.into, number), ignore_errors=True)
        del self.pages[max(read - 1, 0) :]
        if not self.pages:
            shutil.rmtree(self.into / files.PAGES, ignore_errors=True)
        return {files.PAGES: self.pages} if self.pages else {}


def page_meta(snapshot: Snapshot) -> dict[str, Any]:
    """A page's entry in meta.json's ``pages``: the first page's keys that are the page's own."""
    return {
        "url": snapshot.url,
        "final_url": snapshot.final_url,
        "status": snapshot.status,
        "timings": {step: round(seconds, 3) for step, seconds in snapshot.timings.items()},
        "issues": files.issues_to_json(snapshot.issues),
        "console_errors": snapshot.console_errors,
        "failed_requests": snapshot.failed_requests,
        "browser_media": [item.to_dict() for item in snapshot.media],
    }


def selectors_meta(loaded: LoadedSite) -> dict[str, str]:
    """Which selector file a recording was made with: path (relative when under the cwd), site, hash."""
    path = loaded.path.resolve()
    try:
        shown = str(path.relative_to(Path.cwd()))
    except ValueError:
        shown = str(path)
    return {"path": shown, "site": loaded.name, "sha256": files.sha256_of(path)}


async def record(
    browser: Browser, url: str, loaded: LoadedSite, target: Path, trace: bool = False, force: bool = False
) -> Result:
    """Render ``url`` with ``loaded``'s site, write the recording folder ``target``, return the result.

    Page failures (DNS, refused, HTTP status) raise ``PageLoadError`` and leave nothing behind. A
    paginated article's next pages are recorded too (``PageRecorder``); ``expected.json`` is the merged result.
    """
    temporary = files.start_folder(target, force)
    try:
        hooks = RecordHooks(temporary, trace)
        recorded_at = datetime.now(UTC).isoformat(timespec="seconds")
        snapshot = await render(browser, url, loaded.site.render, hooks)
        result = extract(snapshot, loaded.site)
        files.write_snapshot(temporary, snapshot)
        pages = PageRecorder(browser, loaded.site.render, temporary)
        result = await follow_pages(loaded.site, snapshot, result, pages.read)
        width, height = browser.settings.viewport
        files.write_json(
            temporary / files.META,
            {
                "format": files.FORMAT,
                "extractor_version": extractor.__version__,
                "url": url,
                "final_url": snapshot.final_url,
                "status": snapshot.status,
                "recorded_at": recorded_at,
                "viewport": [width, height],
                "user_agent": browser.user_agent,
                "selectors": selectors_meta(loaded),
                "timings": {step: round(seconds, 3) for step, seconds in snapshot.timings.items()},
                "issues": files.issues_to_json(snapshot.issues),
                "console_errors": snapshot.console_errors,
                "failed_requests": snapshot.failed_requests,
                "browser_media": [item.to_dict() for item in snapshot.media],
                **pages.keep(len(result.pages)),
            },
        )
        files.write_json(temporary / files.EXPECTED, result.to_dict())
        files.write_json(temporary / files.FINGERPRINTS, fingerprints(snapshot, loaded.site))
        files.finish_folder(temporary, target)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    return result
