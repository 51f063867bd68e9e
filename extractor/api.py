"""The library's front door: render a URL with a site's render steps, then extract its fields."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from pathlib import Path

from extractor.browser import Browser, render
from extractor.errors import NoMatchingSiteError, PageLoadError, UsageError
from extractor.extract import extract
from extractor.fetch import fetch
from extractor.models import Result, Snapshot
from extractor.pagination import follow_pages
from extractor.sites import RenderSpec, Site, resolve_site
from extractor.sites.overrides import RenderOverrides
from extractor.sites.schema import ResourceType
from extractor.targets import normalize_target


def failed_result(url: str, site: Site | None, error: PageLoadError) -> Result:
    """The result for a page that could not be loaded: no data, the reason in ``errors``."""
    return Result.failure(url, site.name if site else None, error.kind, error.message, error.status)


async def extract_page(
    browser: Browser | None,
    url: str,
    site: Site | None,
    overrides: RenderOverrides | None = None,
    block: list[ResourceType] | None = None,
) -> Result:
    """Render ``url`` in ``browser`` (or, with ``render.browser: never``, fetch it over HTTP: ``browser``
    may then be None) and read ``site``'s fields; page failures become result errors.

    With no site, the generic article fields are read (zero-config extraction; ``block``: the
    resource types its render refuses). ``overrides`` go over the site's render keys. A site with
    ``paginate`` gets its article's next pages rendered and merged in (``extractor.pagination``).
    """
    spec = site.render if site is not None else RenderSpec(block=block or [])
    spec = (overrides or RenderOverrides()).apply(spec)
    read = _reader(browser, spec)
    try:
        snapshot = await read(url)
    except PageLoadError as error:
        result = failed_result(url, site, error)
        result.generic, result.fetched = site is None, spec.browser == "never"
        return result
    if site is not None:  # a paginated article's next pages: in the same browser, with the same render keys
        result = await follow_pages(site, snapshot, extract(snapshot, site), read)
    else:
        from extractor.suggest.generic import extract_generic  # on use: `import extractor` needs no authoring code

        result = extract_generic(snapshot)
    result.fetched = spec.browser == "never"
    return result


async def extract_url(
    target: str,
    *,
    browser: Browser | None = None,
    selectors: Path | str | Site | None = None,
    timeout: float | None = None,
    overrides: RenderOverrides | None = None,
) -> Result:
    """Extract one page: ``target`` is a URL or a local HTML file. ``selectors`` is a ``Site``, a selector
    file (used as it is), or a folder of them (the file whose ``match`` fits; default ``./selectors/``,
    else the shipped files); with none that fits, the generic article fields (``result.generic``).
    ``timeout`` and ``overrides`` (storage state, cookies) go over the site's render keys.
    In ``browser`` when given, else in one started and stopped for this page."""
    url = normalize_target(target)
    site = selectors if isinstance(selectors, Site) else _site_for(url, selectors)
    overrides = overrides or RenderOverrides()
    if timeout is not None:
        overrides = replace(overrides, timeout=timeout)
    spec = overrides.apply(site.render if site is not None else RenderSpec())
    if browser is not None or spec.browser == "never":  # a page fetched over HTTP needs no browser
        return await extract_page(browser, url, site, overrides)
    async with Browser() as own:
        return await extract_page(own, url, site, overrides)


def _reader(browser: Browser | None, spec: RenderSpec) -> Callable[[str], Awaitable[Snapshot]]:
    """How a page is had: fetched over HTTP (``browser: never``), else rendered in ``browser``."""
    if spec.browser == "never":
        return lambda url: fetch(url, spec)
    if browser is None:
        raise UsageError("rendering needs a browser: pass one, or use render.browser: never")
    return lambda url: render(browser, url, spec)


def _site_for(url: str, selectors: Path | str | None) -> Site | None:
    """The selector file's site for ``url``; None (generic extraction) when a folder has none that matches."""
    try:
        return resolve_site(url, selectors).site
    except NoMatchingSiteError:
        return None
