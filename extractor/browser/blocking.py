"""Keep requests a page does not need from leaving the browser.

Two kinds: resource types a site file (or batch mode) chooses not to load (images, fonts, media...),
aborted through a Playwright route; and well-known tracker and ad hosts, which never carry the
content being extracted but often hang or load slowly. Those are blocked inside Chromium itself
(DevTools ``Network.setBlockedURLs``), so they cost no round trip to Python.
"""

from __future__ import annotations

from dataclasses import dataclass

from playwright.async_api import BrowserContext, Page, Route
from playwright.async_api import Error as PlaywrightError

# Analytics, tag managers, ad servers and session recorders; hosts only (subdomains included).
# Content recommendation widgets (Taboola, Outbrain) are boilerplate for extraction, so they go too.
TRACKER_HOSTS = (
    "googletagmanager.com",
    "google-analytics.com",
    "analytics.google.com",
    "doubleclick.net",
    "googlesyndication.com",
    "googleadservices.com",
    "adservice.google.com",
    "connect.facebook.net",
    "scorecardresearch.com",
    "quantserve.com",
    "chartbeat.com",
    "chartbeat.net",
    "hotjar.com",
    "clarity.ms",
    "mc.yandex.ru",
    "bat.bing.com",
    "snap.licdn.com",
    "static.ads-twitter.com",
    "analytics.tiktok.com",
    "js-agent.newrelic.com",
    "bam.nr-data.net",
    "cdn.segment.com",
    "api.amplitude.com",
    "cdn.mxpnl.com",
    "static.cloudflareinsights.com",
    "cdn.taboola.com",
    "widgets.outbrain.com",
    "criteo.com",
    "criteo.net",
    "adnxs.com",
    "pubmatic.com",
    "rubiconproject.com",
    "amazon-adsystem.com",
    "moatads.com",
    "krxd.net",
    "comscore.com",
)
BLOCKED_BY_US = ("ERR_BLOCKED_BY_CLIENT", "inspector")  # how Chromium reports the two kinds of block


def tracker_patterns(hosts: tuple[str, ...] = TRACKER_HOSTS) -> list[str]:
    """DevTools URL patterns for ``hosts`` and their subdomains, over any scheme."""
    return [pattern for host in hosts for pattern in (f"*://{host}/*", f"*://*.{host}/*")]


@dataclass(frozen=True)
class Blocking:
    """What a page must not load: these Playwright resource types, and known trackers if ``trackers``."""

    types: frozenset[str] = frozenset()
    trackers: bool = True

    async def apply(self, context: BrowserContext, page: Page) -> None:
        """Put the blocks in force on a page that has not navigated yet."""
        if self.types:
            await block_types(context, self.types)
        if self.trackers:
            await block_trackers(context, page)


async def block_trackers(context: BrowserContext, page: Page) -> None:
    """Make Chromium refuse requests to known tracker and ad hosts on ``page``."""
    session = await context.new_cdp_session(page)
    await session.send("Network.enable")
    await session.send("Network.setBlockedURLs", {"urls": tracker_patterns()})


async def block_types(context: BrowserContext, types: frozenset[str]) -> None:
    """Abort every request of the given Playwright resource types in ``context``."""

    async def handle(route: Route) -> None:
        try:
            if route.request.resource_type in types:
                await route.abort("blockedbyclient")
            else:
                await route.continue_()
        except PlaywrightError:
            pass  # the page went away while the request was routed

    await context.route("**/*", handle)
