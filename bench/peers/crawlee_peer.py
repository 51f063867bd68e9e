"""Crawlee's PlaywrightCrawler on the benchmark site: the same steps as the bare-Playwright floor.

Run by bench.py in the peers' own virtualenv:  python crawlee_peer.py PAGES.json CONCURRENCY CHROMIUM
PAGES.json lists each page's URL and the floor's steps for it (``benchsite.floor_steps``). Prints one
JSON object: seconds, latencies, and results (URL -> the fields of ``benchsite.FIELDS_CSS``).
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from crawlee import ConcurrencySettings
from crawlee.crawlers import PlaywrightCrawler, PlaywrightCrawlingContext
from parsel import Selector
from playwright.async_api import TimeoutError as PlaywrightTimeoutError

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchsite import PRESENT, read_fields  # stdlib only: it imports in the peers' virtualenv too

FLAGS = ["--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]


async def main() -> None:
    listing = json.loads(Path(sys.argv[1]).read_text())
    steps = {urlsplit(page["url"]).path: page["steps"] for page in listing}
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
    results: dict[str, dict[str, Any]] = {}

    @crawler.router.default_handler
    async def handler(context: PlaywrightCrawlingContext) -> None:
        started = time.monotonic()
        page = context.page
        try:
            for action, selector, timeout_ms in steps[urlsplit(context.request.url).path]:
                if action == "scroll":
                    await page.locator(selector).scroll_into_view_if_needed()
                else:
                    await page.wait_for_function(PRESENT, arg=selector, polling="raf", timeout=timeout_ms)
        except PlaywrightTimeoutError:
            pass  # what never came is missing from the DOM read next
        document = Selector(text=await page.content())
        results[context.request.url] = read_fields(lambda expression: document.css(expression).getall())
        latencies.append(time.monotonic() - started)

    started = time.monotonic()
    await crawler.run([page["url"] for page in listing])
    print(json.dumps({"seconds": time.monotonic() - started, "latencies": latencies, "results": results}))


asyncio.run(main())
