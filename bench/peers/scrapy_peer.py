"""scrapy-playwright on the benchmark site: the same steps as the bare-Playwright floor.

Run by bench.py in the peers' own virtualenv:  python scrapy_peer.py PAGES.json CONCURRENCY CHROMIUM
PAGES.json lists each page's URL and the floor's steps for it (``benchsite.floor_steps``). Prints one
JSON object: seconds, latencies, and results (URL -> the fields of ``benchsite.FIELDS_CSS``). A page
whose step timed out is not returned (scrapy-playwright fails the request), so it counts as incomplete.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy_playwright.page import PageMethod

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchsite import PRESENT, read_fields  # stdlib only: it imports in the peers' virtualenv too

FLAGS = ["--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]
LISTING = json.loads(Path(sys.argv[1]).read_text())
CONCURRENCY = int(sys.argv[2])
STARTED: dict[str, float] = {}
LATENCIES: list[float] = []
RESULTS: dict[str, dict[str, Any]] = {}


def page_method(action: str, selector: str, timeout_ms: float) -> PageMethod:
    """One of the floor's steps as a scrapy-playwright page method."""
    if action == "scroll":
        return PageMethod("evaluate", f"document.querySelector({json.dumps(selector)}).scrollIntoView()")
    return PageMethod("wait_for_function", PRESENT, arg=selector, polling="raf", timeout=timeout_ms)


class BenchSpider(scrapy.Spider):
    name = "bench"

    async def start(self):  # type: ignore[no-untyped-def]
        for index, page in enumerate(LISTING):
            yield self._request(index, page)

    def start_requests(self):  # type: ignore[no-untyped-def]  # Scrapy < 2.13
        for index, page in enumerate(LISTING):
            yield self._request(index, page)

    def _request(self, index: int, page: dict[str, Any]) -> scrapy.Request:
        STARTED[page["url"]] = time.monotonic()
        return scrapy.Request(
            page["url"],
            dont_filter=True,
            meta={
                "playwright": True,
                "playwright_include_page": True,
                "playwright_context": f"page-{index}",  # a context per page
                "playwright_page_methods": [page_method(*step) for step in page["steps"]],
            },
        )

    async def parse(self, response):  # type: ignore[no-untyped-def]
        page = response.meta["playwright_page"]
        await page.context.close()
        RESULTS[response.url] = read_fields(lambda expression: response.css(expression).getall())
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
print(json.dumps({"seconds": time.monotonic() - started, "latencies": LATENCIES, "results": RESULTS}))
