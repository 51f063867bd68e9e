"""The library's front door: render a URL with a site's render steps, then extract its fields."""

from __future__ import annotations

from pathlib import Path

from extractor.browser import Browser, render
from extractor.errors import PageLoadError
from extractor.extract import extract
from extractor.models import Issue, Result
from extractor.sites import LoadedSite, Site, resolve_site
from extractor.targets import normalize_target


def failed_result(url: str, site: Site | None, error: PageLoadError) -> Result:
    """The result for a page that could not be loaded: no data, the reason in ``errors``."""
    return Result(
        url=url, final_url=url, site=site.site if site else None, data={},
        errors=[Issue(error.kind, error.message)], status=error.status,
    )  # fmt: skip


async def extract_page(browser: Browser, url: str, site: Site, timeout: float | None = None) -> Result:
    """Render ``url`` in ``browser`` and read ``site``'s fields; page failures become result errors."""
    spec = site.render if timeout is None else site.render.model_copy(update={"timeout": timeout})
    try:
        snapshot = await render(browser, url, spec)
    except PageLoadError as error:
        return failed_result(url, site, error)
    return extract(snapshot, site)


async def extract_url(target: str, selectors: Path | str | None = None, timeout: float | None = None) -> Result:
    """One-shot convenience: find the site for ``target``, start a browser, extract, stop it."""
    url = normalize_target(target)
    loaded: LoadedSite = resolve_site(url, selectors)
    async with Browser() as browser:
        return await extract_page(browser, url, loaded.site, timeout)
