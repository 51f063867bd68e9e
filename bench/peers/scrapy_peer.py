"""scrapy-playwright on the benchmark site: the same steps as the bare-Playwright floor.

Run by bench.py in the peers' own virtualenv:  python scrapy_peer.py URLS.json CONCURRENCY CHROMIUM
Prints one JSON object: seconds, pages, latencies, embeds.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy_playwright.page import PageMethod

FLAGS = ["--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]
URLS = json.loads(Path(sys.argv[1]).read_text())
CONCURRENCY = int(sys.argv[2])
STARTED: dict[str, float] = {}
LATENCIES: list[float] = []
EMBEDS = [0]


class BenchSpider(scrapy.Spider):
    name = "bench"

    async def start(self):  # type: ignore[no-untyped-def]
        for index, url in enumerate(URLS):
            yield self._request(index, url)

    def start_requests(self):  # type: ignore[no-untyped-def]  # Scrapy < 2.13
        for index, url in enumerate(URLS):
            yield self._request(index, url)

    def _request(self, index: int, url: str) -> scrapy.Request:
        STARTED[url] = time.monotonic()
        return scrapy.Request(
            url,
            dont_filter=True,
            meta={
                "playwright": True,
                "playwright_include_page": True,
                "playwright_context": f"page-{index}",  # a context per page
                "playwright_page_methods": [
                    PageMethod("wait_for_selector", "article .body p"),
                    PageMethod("evaluate", "document.querySelector('.video-slot').scrollIntoView()"),
                    PageMethod("wait_for_selector", ".video-slot iframe", state="attached"),
                ],
            },
        )

    async def parse(self, response):  # type: ignore[no-untyped-def]
        page = response.meta["playwright_page"]
        await page.context.close()
        EMBEDS[0] += bool(response.css(".video-slot iframe::attr(src)").get())
        LATENCIES.append(time.monotonic() - STARTED[response.url])


process = CrawlerProcess(
    settings={
        "TWISTED_REACTOR": "twisted.internet.asyncioreactor.AsyncioSelectorReactor",
        "DOWNLOAD_HANDLERS": {
            "http": "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler",
            "https": "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler",
        },
        "PLAYWRIGHT_BROWSER_TYPE": "chromium",
        "PLAYWRIGHT_LAUNCH_OPTIONS": {"executable_path": sys.argv[3], "args": FLAGS, "chromium_sandbox": False},
        "PLAYWRIGHT_MAX_CONTEXTS": CONCURRENCY,
        "CONCURRENT_REQUESTS": CONCURRENCY,
        "CONCURRENT_REQUESTS_PER_DOMAIN": CONCURRENCY,
        "ROBOTSTXT_OBEY": False,
        "LOG_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
    }
)
started = time.monotonic()
process.crawl(BenchSpider)
process.start()
print(
    json.dumps(
        {"seconds": time.monotonic() - started, "pages": len(LATENCIES), "latencies": LATENCIES, "embeds": EMBEDS[0]}
    )
)
