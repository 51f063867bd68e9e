"""Keep requests a page does not need from leaving the browser.

Two kinds: resource types a site file (or batch mode) chooses not to load (images, fonts, media...),
and well-known tracker and ad hosts, which never carry the content being extracted but often hang
or load slowly. Both are aborted through a Playwright route before any byte leaves the browser.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable
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
BLOCKED_BY_US = "ERR_BLOCKED_BY_CLIENT"  # how Chromium reports a request we aborted


def host_pattern(hosts: Iterable[str], subdomains: bool = True) -> re.Pattern[str]:
    """A URL pattern for these hosts (and, with ``subdomains``, the hosts under them)."""
    under = r"([^/?#:]*\.)?" if subdomains else ""
    alternatives = "|".join(re.escape(host) for host in sorted(hosts))
    return re.compile(rf"^[a-z][a-z0-9+.-]*://([^/?#@]*@)?{under}({alternatives})(:\d+)?([/?#]|$)", re.IGNORECASE)


TRACKER_URL = host_pattern(TRACKER_HOSTS)


def is_tracker(url: str) -> bool:
    """True when ``url`` is on a known tracker or ad host (or one of its subdomains)."""
    return TRACKER_URL.match(url) is not None


@dataclass(frozen=True)
class Blocking:
    """What a page must not load: these Playwright resource types, and known trackers if ``trackers``."""

    types: frozenset[str] = frozenset()
    trackers: bool = True

    async def apply(self, context: BrowserContext) -> None:
        """Put the blocks in force on a context before its page navigates.

        With resource types to block, every request passes one route that checks both. Trackers
        alone use a route for their hosts only: the driver lets every other request through without
        asking Python, so the page pays nothing for it.
        """
        if self.types:
            types, trackers = self.types, self.trackers

            async def by_type(route: Route) -> None:
                request = route.request
                if request.resource_type in types or (trackers and is_tracker(request.url)):
                    await _abort(route)
                else:
                    with contextlib.suppress(PlaywrightError):  # the page went away meanwhile
                        await route.continue_()

            await context.route("**/*", by_type)
        elif self.trackers:
            await context.route(TRACKER_URL, _abort)


async def block_hosts(page: Page, hosts: Iterable[str]) -> None:
    """Refuse every later request of ``page`` to exactly these hosts (nothing if the page has closed)."""
    with contextlib.suppress(PlaywrightError):
        await page.route(host_pattern(hosts, subdomains=False), _abort)


async def _abort(route: Route) -> None:
    with contextlib.suppress(PlaywrightError):  # the page went away while the request was routed
        await route.abort("blockedbyclient")
