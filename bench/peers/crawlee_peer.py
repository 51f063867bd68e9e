"""Crawlee's PlaywrightCrawler on the benchmark site: the same steps as the bare-Playwright floor.

Run by bench.py in the peers' own virtualenv:  python crawlee_peer.py URLS.json CONCURRENCY CHROMIUM
Prints one JSON object: seconds, pages, latencies, embeds.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path

from crawlee import ConcurrencySettings
from crawlee.crawlers import PlaywrightCrawler, PlaywrightCrawlingContext
from parsel import Selector

FLAGS = ["--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]


async def main() -> None:
    urls = json.loads(Path(sys.argv[1]).read_text())
    concurrency = int(sys.argv[2])
    crawler = PlaywrightCrawler(
        browser_launch_options={"executable_path": sys.argv[3], "args": FLAGS, "chromium_sandbox": False},
        headless=True,
        use_incognito_pages=True,  # a context per page, as the floor and extractor do
        fingerprint_generator=None,
        concurrency_settings=ConcurrencySettings(
            min_concurrency=concurrency, max_concurrency=concurrency, desired_concurrency=concurrency
        ),
        max_request_retries=0,
        configure_logging=False,
    )
    latencies: list[float] = []
    embeds = 0

    @crawler.router.default_handler
    async def handler(context: PlaywrightCrawlingContext) -> None:
        nonlocal embeds
        started = time.monotonic()
        page = context.page
        await page.wait_for_selector("article .body p")
        await page.locator(".video-slot").scroll_into_view_if_needed()
        await page.wait_for_selector(".video-slot iframe", state="attached")
        document = Selector(text=await page.content())
        embeds += bool(document.css(".video-slot iframe::attr(src)").get())
        latencies.append(time.monotonic() - started)

    started = time.monotonic()
    await crawler.run(urls)
    print(
        json.dumps(
            {"seconds": time.monotonic() - started, "pages": len(latencies), "latencies": latencies, "embeds": embeds}
        )
    )


asyncio.run(main())
