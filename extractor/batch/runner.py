"""Run many URLs through one browser with N pages at once, retrying transient failures."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Literal

from extractor.api import extract_page
from extractor.batch.adaptive import AdaptiveRendering
from extractor.batch.pool import BrowserPool
from extractor.batch.proxies import ProxyRotation
from extractor.browser.tuning import RenderTuning
from extractor.errors import ExtractorError, UsageError
from extractor.models import Issue, IssueKind, Result
from extractor.settings import Settings
from extractor.sites import Site
from extractor.sites.overrides import RenderOverrides
from extractor.sites.schema import ResourceType

TRANSIENT_KINDS = frozenset({IssueKind.TIMEOUT, IssueKind.CRASH, IssueKind.REFUSED, IssueKind.PROXY})
TRANSIENT_STATUSES = frozenset({429, 500, 502, 503, 504})
BATCH_BLOCK: list[ResourceType] = ["image", "font", "media"]

SiteFor = Callable[[str], Site | None]  # None: no file serves the URL, read the generic fields


@dataclass(frozen=True)
class BatchOptions:
    """How a batch runs."""

    concurrency: int = 4
    retries: int = 2
    overrides: RenderOverrides = field(default_factory=RenderOverrides)  # over every site's render keys
    proxies: ProxyRotation | None = None  # one proxy per page, in turn (over ``overrides.proxy``)
    restart_every: int = 200
    backoff: float = 0.5
    tuning: RenderTuning | None = None  # the render's bounds and windows (the defaults when None)
    adaptive: AdaptiveRendering | None = None  # render.browser auto (or unset): learn per site; None: render all


def is_transient(result: Result) -> bool:
    """True when trying the page again may help: timeouts, resets, crashes, 429 and 5xx statuses."""
    for issue in result.errors:
        if issue.kind in TRANSIENT_KINDS:
            return True
        if issue.kind == IssueKind.HTTP and result.status in TRANSIENT_STATUSES:
            return True
    return False


def batch_site(site: Site | None) -> Site | None:
    """Images, fonts and media are blocked in batch mode unless the file sets ``render.block``."""
    if site is None or "block" in site.render.model_fields_set:
        return site
    return site.model_copy(update={"render": site.render.model_copy(update={"block": BATCH_BLOCK})})


async def run_batch(
    urls: list[str],
    site_for: SiteFor,
    options: BatchOptions,
    on_result: Callable[[Result], None],
    settings: Settings | None = None,
    pool: BrowserPool | None = None,
) -> None:
    """Extract every URL, calling ``on_result`` as each one finishes (in completion order)."""
    queue: asyncio.Queue[str] = asyncio.Queue()
    for url in urls:
        queue.put_nowait(url)
    own_pool = pool is None
    # with a proxy per page, no two pages share a context's making: a spare page would be wasted
    pool = pool or BrowserPool(settings, options.restart_every, options.tuning, keep_spare=options.proxies is None)

    async def worker() -> None:
        while True:
            try:
                url = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            on_result(await extract_one(url, site_for, options, pool))

    tasks = [asyncio.ensure_future(worker()) for _ in range(max(1, min(options.concurrency, len(urls))))]
    try:
        done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
        for task in done:
            if not task.cancelled() and (error := task.exception()) is not None:
                raise error  # ``on_result`` raised (the caller was cut off): the run stops, as it was raised
    finally:
        # the other workers stop with it (or with this run's cancellation), not after the rest of the queue
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if own_pool:
            await pool.close()


async def _extract(
    pool: BrowserPool, url: str, site: Site | None, overrides: RenderOverrides, adaptive: AdaptiveRendering | None
) -> Result:
    """The page rendered, fetched, or as ``adaptive`` decides for its site (``render.browser`` auto or unset).
    The browser is leased only for a page that is rendered: a batch whose pages are all fetched over
    HTTP never starts Chromium."""
    how = overrides.browser or (site.render.browser if site is not None else None)

    async def extract(way: Literal["always", "never"] | None = None) -> Result:
        chosen = replace(overrides, browser=way) if way is not None else overrides
        if (way or how) == "never":
            return await extract_page(None, url, site, chosen, block=BATCH_BLOCK)
        async with pool.lease() as browser:
            return await extract_page(browser, url, site, chosen, block=BATCH_BLOCK)

    if site is None or adaptive is None or how not in (None, "auto"):
        return await extract()
    return await adaptive.extract(site, extract)


async def extract_one(url: str, site_for: SiteFor, options: BatchOptions, pool: BrowserPool) -> Result:
    """One URL of a batch: its site's file, the page had as ``options`` say, transient failures retried."""
    try:
        site = batch_site(site_for(url))
    except ExtractorError as error:
        return Result.failure(url, None, IssueKind.SITE, error.message)
    attempt = 0
    while True:
        proxy = options.proxies.take() if options.proxies is not None else None
        overrides = replace(options.overrides, proxy=proxy) if proxy is not None else options.overrides
        try:
            result = await _extract(pool, url, site, overrides, options.adaptive)
        except UsageError as error:  # the site's storage state cannot be used: no retry will help
            return Result.failure(url, site.name if site is not None else None, IssueKind.SITE, error.message)
        except ExtractorError as error:  # the browser could not be (re)started
            result = Result.failure(url, site.name if site is not None else None, IssueKind.CRASH, error.message)
        if proxy is not None and options.proxies is not None:
            options.proxies.report(proxy, result)
        if attempt >= options.retries or not is_transient(result):
            if attempt:
                result.warnings.append(
                    Issue(IssueKind.RETRIED, f"{url}: {attempt} retr{'y' if attempt == 1 else 'ies'}")
                )
            return result
        attempt += 1
        await asyncio.sleep(options.backoff * 2 ** (attempt - 1))
