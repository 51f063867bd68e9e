"""Benchmark `extractor batch` against the floor: a bare Playwright script doing the least that gets
the same fields. Both run in this process, on the same generated site, with the same Chromium.

    .venv/bin/python bench/bench.py [--pages 50] [--concurrency 1,2,4,8] [--peers PYTHON]

At each concurrency the two take turns over the same pages, a block of them at a time, with both
browsers up throughout, so that the machine's drift meets both alike.

A page counts only when it is complete: its title, every paragraph, the embed's URL and every story
of its list, as the generator (benchsite) wrote them. Half the pages defer their lazy content by a
(delay, latency) drawn from a matrix; the floor's script is written for each page and knows what
comes when, extractor gets the site's selector file only. Reports complete pages/s and its ratio to
the floor's, all pages/s, p50/p95 per-page latency, peak memory (PSS summed over each tool's Chromium
processes) and complete/total; then, per mechanism, how much later each tool had the page in hand
than its last content arrived. The ratio of each block goes to stderr, as a measure of the spread.

How late, measured: each insertion of content sets ``data-last-content-at`` on ``<html>`` to
``Date.now()``; the page's final DOM carries the last one. The floor notes ``time.time()`` as soon as
``page.content()`` returns; for extractor it is the moment ``run_batch`` hands over the result, less
the extraction's own time (``timings["extract"]``), i.e. when the render returned its snapshot. Both
clocks are the machine's wall clock. Complete pages only: on an incomplete one, the record is of an
earlier insertion.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from parsel import Selector
from playwright.async_api import Page, async_playwright
from playwright.async_api import TimeoutError as PlaywrightTimeoutError

sys.path.insert(0, str(Path(__file__).parent))
from benchsite import MECHANISMS, PRESENT, SELECTORS, BenchPage, Step, build, read_fields
from processes import SAMPLE_EVERY, MemorySampler, chromium_memory_mb, cpu_seconds, playwright_drivers

from extractor.batch import BatchOptions, run_batch
from extractor.batch.pool import BrowserPool
from extractor.browser.locate import find_chromium
from extractor.demo.server import serve
from extractor.models import Result
from extractor.settings import QUIET_CHROMIUM_FLAGS, running_as_root
from extractor.sites import parse_site

MIN_BLOCK = 10  # pages: the floor and extractor take turns in blocks of at least this many


def percentile(values: list[float], q: float) -> float:
    """The nearest-rank ``q`` quantile of ``values`` (0 when there are none)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


@dataclass
class Tally:
    """One tool's pages of one mechanism: how many were complete, what the others lacked, and how late."""

    pages: int = 0
    complete: int = 0
    missing: Counter[str] = field(default_factory=Counter)
    late_ms: list[float] = field(default_factory=list)  # complete pages: in hand after the last content

    def add(self, other: Tally) -> None:
        self.pages += other.pages
        self.complete += other.complete
        self.missing.update(other.missing)
        self.late_ms.extend(other.late_ms)


@dataclass
class Run:
    name: str
    concurrency: int
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    peak_mb: float = 0.0
    python_cpu: float = 0.0  # seconds of this process's CPU while the tool's blocks ran
    browser_cpu: float = 0.0  # seconds of CPU of the tool's driver and Chromium processes
    by_mechanism: dict[str, Tally] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return sum(tally.pages for tally in self.by_mechanism.values())

    @property
    def complete(self) -> int:
        return sum(tally.complete for tally in self.by_mechanism.values())

    @property
    def rate(self) -> float:
        """Complete pages per second: the figure the tools are compared by."""
        return self.complete / self.seconds if self.seconds else 0.0

    @property
    def all_rate(self) -> float:
        """Pages per second, complete or not."""
        return self.pages / self.seconds if self.seconds else 0.0

    def pct(self, q: float) -> float:
        return percentile(self.latencies, q)

    def record(self, page: BenchPage, fields: Mapping[str, Any] | None, finished_at: float | None = None) -> None:
        """Check one page's fields (None: the tool gave none) against what the generator wrote.

        ``finished_at``: the wall-clock time (``time.time()``) the tool had the page's final DOM.
        """
        tally = self.by_mechanism.setdefault(page.mechanism, Tally())
        tally.pages += 1
        missing = ["page"] if fields is None else page.missing(fields)
        if missing:
            tally.missing.update(missing)
            return
        tally.complete += 1
        last = fields.get("last_content") if fields is not None else None
        if finished_at is not None and last:
            tally.late_ms.append(finished_at * 1000 - float(last))


@dataclass
class Tool:
    """A tool kept running for one concurrency level: ``block`` renders some URLs, adding to ``run``."""

    run: Run
    block: Callable[[list[str]], Awaitable[object]]
    close: Callable[[], Awaitable[object]]
    driver: int = 0


async def started(open_tool: Callable[[], Awaitable[Tool]]) -> Tool:
    """Open a tool and find its Playwright driver (for its memory)."""
    before = playwright_drivers()
    tool = await open_tool()
    tool.driver = min(playwright_drivers() - before, default=os.getpid())
    return tool


async def floor_step(page: Page, step: Step) -> None:
    """One step of the floor's script for a page (see ``benchsite.floor_steps``)."""
    if step.action == "scroll":
        await page.locator(step.selector).scroll_into_view_if_needed()
    else:
        await page.wait_for_function(PRESENT, arg=step.selector, polling="raf", timeout=step.timeout_ms)


async def bare_playwright(concurrency: int, pages: Mapping[str, BenchPage]) -> Tool:
    """The floor: goto, then the page's own script (wait for the content it knows comes, scroll the
    embed and the list into view, wait for what they bring), read the DOM."""
    run = Run("bare playwright", concurrency)
    playwright = await async_playwright().start()
    browser = await playwright.chromium.launch(
        executable_path=str(find_chromium()),
        chromium_sandbox=not running_as_root(),
        args=list(QUIET_CHROMIUM_FLAGS),
    )

    async def page(url: str) -> None:
        expected = pages[urlsplit(url).path]
        started = time.monotonic()
        context = await browser.new_context()
        page = await context.new_page()
        await page.goto(url, wait_until="domcontentloaded")
        try:
            for step in expected.steps:
                await floor_step(page, step)
        except PlaywrightTimeoutError:
            pass  # what never came is missing from the DOM read next: the page counts as incomplete
        html = await page.content()
        finished_at = time.time()
        await context.close()
        document = Selector(text=html)
        run.record(expected, read_fields(lambda expression: document.css(expression).getall()), finished_at)
        run.latencies.append(time.monotonic() - started)

    async def block(urls: list[str]) -> None:
        queue = list(urls)

        async def worker() -> None:
            while queue:
                await page(queue.pop())

        await asyncio.gather(*(worker() for _ in range(concurrency)))

    async def close() -> None:
        await browser.close()
        await playwright.stop()

    return Tool(run, block, close)


async def extractor_batch(concurrency: int, pages: Mapping[str, BenchPage]) -> Tool:
    """``run_batch``, the code behind ``extractor batch``, with the site's selector file (and nothing
    of the pages' timing)."""
    run = Run("extractor batch", concurrency)
    site = parse_site(SELECTORS)

    def finished(result: Result) -> None:
        finished_at = time.time() - result.timings.get("extract", 0.0)  # when the render returned
        run.record(pages[urlsplit(result.url).path], result.data, finished_at)
        run.latencies.append(result.timings.get("render", 0.0) + result.timings.get("extract", 0.0))

    pool = BrowserPool()
    async with pool.lease():  # launched before any clock starts, as the floor is
        pass
    options = BatchOptions(concurrency=concurrency, retries=0)
    return Tool(run, lambda urls: run_batch(urls, lambda url: site, options, finished, pool=pool), pool.close)


def blocks(urls: list[str], concurrency: int) -> list[list[str]]:
    """The URLs cut into blocks of at least ``MIN_BLOCK`` pages and three rounds of the workers (a block
    starts and ends with fewer pages at once than the concurrency: the longer it is, the less that weighs)."""
    count = max(1, len(urls) // max(MIN_BLOCK, 3 * concurrency))
    return [urls[index::count] for index in range(count)]


async def interleaved(
    urls: list[str], pages: Mapping[str, BenchPage], concurrency: int
) -> tuple[Run, Run, list[float]]:
    """The floor and extractor over the same URLs, taking turns block by block (floor first, then
    extractor first, and so on), both browsers up throughout; returns their runs and each block's ratio.

    The machine's speed drifts by up to a tenth between half-minute runs; in turns of a few seconds
    both tools meet the same drift, so the ratio between them holds still.
    """
    floor = await started(lambda: bare_playwright(concurrency, pages))
    ours = await started(lambda: extractor_batch(concurrency, pages))
    ratios = []
    try:
        async with MemorySampler([floor.driver, ours.driver]) as sampler:
            for index, block in enumerate(blocks(urls, concurrency)):
                rates = {}  # complete pages/s of each tool in this block
                for tool in (floor, ours) if index % 2 == 0 else (ours, floor):
                    began, complete = time.monotonic(), tool.run.complete
                    python_cpu, browser_cpu = time.process_time(), cpu_seconds(tool.driver)
                    await tool.block(block)
                    took = time.monotonic() - began
                    tool.run.python_cpu += time.process_time() - python_cpu
                    tool.run.browser_cpu += cpu_seconds(tool.driver) - browser_cpu
                    tool.run.seconds += took
                    rates[tool.run.name] = (tool.run.complete - complete) / took
                ratios.append(rates[ours.run.name] / rates[floor.run.name] if rates[floor.run.name] else 0.0)
        floor.run.peak_mb, ours.run.peak_mb = sampler.peak(0), sampler.peak(1)
    finally:
        await floor.close()
        await ours.close()
    return floor.run, ours.run, ratios


async def peer(
    name: str, script: str, python: str, urls: list[str], pages: Mapping[str, BenchPage], concurrency: int, folder: Path
) -> Run:
    """A peer crawler (run in its own virtualenv) doing the floor's steps for each page; it reports its
    own timing and each page's fields, which are checked here as the floor's are.

    It runs in ``folder``, so what it writes there (Crawlee's ``storage/``) goes away with the site.
    """
    run = Run(name, concurrency)
    listing = folder / "urls.json"
    steps = {url: [step.to_json() for step in pages[urlsplit(url).path].steps] for url in urls}
    listing.write_text(json.dumps([{"url": url, "steps": steps[url]} for url in urls]))
    command = [
        str(Path.cwd() / python),  # not resolved: a virtualenv's python is a symlink to the base one
        str(Path(__file__).resolve().parent / "peers" / script),
        str(listing),
        str(concurrency),
        str(find_chromium()),
    ]
    async with MemorySampler([os.getpid()]) as sampler:
        child = await asyncio.create_subprocess_exec(
            *command, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, cwd=folder
        )
        stdout, stderr = await child.communicate()
    if child.returncode != 0:
        raise SystemExit(f"{name} failed: {stderr.decode()[-500:]}")
    report = json.loads(stdout.decode().strip().splitlines()[-1])
    results = {urlsplit(url).path: fields for url, fields in report["results"].items()}
    for url in urls:
        path = urlsplit(url).path
        run.record(pages[path], results.get(path))  # a page the peer did not return lacks everything
    run.seconds = report["seconds"]
    run.peak_mb = sampler.peak(0)
    return run  # the peer's own clock: from its start of crawling to the end


def against(value: float, floor: float) -> str:
    """``value`` as a ratio to the floor's, for the table."""
    return f"{value / floor:.2f}" if floor else "-"


def cpu_per_page(run: Run) -> str:
    """The tool's CPU per page, split into this process's and its browser's (the floor and extractor only:
    a peer runs in a process of its own)."""
    if not run.pages or not (run.python_cpu or run.browser_cpu):
        return "-"
    return f"{run.python_cpu / run.pages * 1000:.0f} + {run.browser_cpu / run.pages * 1000:.0f}"


def report(runs: list[tuple[Run, ...]]) -> None:
    """The main table (complete pages/s is the figure compared), then the cost per mechanism."""
    print(
        "| tool | conc. | complete/s | ratio | pages/s | p50 s | p95 s | peak MB | mem ratio | complete "
        "| CPU ms/page: Python + browser |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for floor, *others in runs:
        for run in (floor, *others):
            latency = f"{run.pct(0.5):.2f} | {run.pct(0.95):.2f}" if run.latencies else "- | -"
            print(
                f"| {run.name} | {run.concurrency} | {run.rate:.2f} | {against(run.rate, floor.rate)} | "
                f"{run.all_rate:.2f} | {latency} | {run.peak_mb:.0f} | {against(run.peak_mb, floor.peak_mb)} | "
                f"{run.complete}/{run.pages} | {cpu_per_page(run)} |"
            )
    print()
    print(report_cost(runs))


def report_cost(runs: list[tuple[Run, ...]]) -> str:
    """Per mechanism and tool, over every concurrency: complete/total, what incomplete pages lacked, and
    how much later the tool had a complete page's DOM than the page's last content arrived."""
    totals: dict[tuple[str, str], Tally] = {}
    names: list[str] = []
    for level in runs:
        for run in level:
            if run.name not in names:
                names.append(run.name)
            for mechanism, part in run.by_mechanism.items():
                totals.setdefault((mechanism, run.name), Tally()).add(part)
    lines = [
        "| mechanism | tool | complete | missing | after last content: median ms | p95 ms |",
        "|---|---|---|---|---|---|",
    ]
    for mechanism in MECHANISMS:
        for name in names:
            tally = totals.get((mechanism, name))
            if tally is None:
                continue
            missing = ", ".join(f"{what} {count}" for what, count in tally.missing.most_common()) or "-"
            late = (
                f"{statistics.median(tally.late_ms):.0f} | {percentile(tally.late_ms, 0.95):.0f}"
                if tally.late_ms
                else "- | -"
            )
            lines.append(f"| {mechanism} | {name} | {tally.complete}/{tally.pages} | {missing} | {late} |")
    return "\n".join(lines)


async def soak(urls: list[str], pages: int, concurrency: int) -> None:
    """Memory over a long run: peak Chromium memory (PSS) in a window around page 100 and one near the end."""
    site = parse_site(SELECTORS)
    looped = [f"{urls[n % len(urls)]}?n={n}" for n in range(pages)]
    done = 0
    samples: list[tuple[int, float]] = []  # (pages done, Chromium PSS in MB), every 0.25 s
    stop = asyncio.Event()

    def finished(result: Result) -> None:
        nonlocal done
        done += 1

    async def sampler() -> None:
        while not stop.is_set():
            samples.append((done, await asyncio.to_thread(chromium_memory_mb)))
            await asyncio.sleep(SAMPLE_EVERY)

    task = asyncio.create_task(sampler())
    started = time.monotonic()
    try:
        await run_batch(looped, lambda url: site, BatchOptions(concurrency=concurrency, retries=0), finished)
    finally:
        stop.set()
        await task
    print(f"soak: {pages} pages at concurrency {concurrency} in {time.monotonic() - started:.0f} s")
    width = max(20, pages // 10)
    windows = [(100 - width // 2, 100 + width // 2), (pages // 2 - width // 2, pages // 2 + width // 2)]
    windows.append((pages - width - concurrency, pages - concurrency))  # the end, still at full concurrency
    peaks = []
    for low, high in windows:
        inside = [megabytes for count, megabytes in samples if low <= count < high]
        peaks.append(max(inside) if inside else 0.0)
        print(f"  peak Chromium PSS while pages {low}-{high} ran: {peaks[-1]:.0f} MB")
    if peaks[0]:
        print(f"  ratio end / page 100: {peaks[-1] / peaks[0]:.2f}")


async def main(arguments: argparse.Namespace) -> None:
    levels = [int(level) for level in arguments.concurrency.split(",")]
    with tempfile.TemporaryDirectory() as folder:
        site = build(Path(folder), arguments.pages)
        pages = {page.path: page for page in site}
        with serve(Path(folder)) as base:
            urls = [base + page.path for page in site]
            if arguments.soak:
                await soak(urls, arguments.soak, 4)
                return
            runs = []
            for level in levels:
                floor, ours, ratios = await interleaved(urls, pages, level)
                peers = []
                if arguments.peers:
                    for name, script in (("crawlee", "crawlee_peer.py"), ("scrapy-playwright", "scrapy_peer.py")):
                        peers.append(await peer(name, script, arguments.peers, urls, pages, level, Path(folder)))
                print(
                    f"concurrency {level}: floor {floor.rate:.2f} complete pages/s ({floor.complete}/{floor.pages}), "
                    f"extractor {ours.rate:.2f} ({ours.complete}/{ours.pages}); "
                    f"ratio by block {' '.join(f'{ratio:.2f}' for ratio in ratios)}",
                    file=sys.stderr,
                )
                runs.append((floor, ours, *peers))
    report(runs)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=50)
    parser.add_argument("--concurrency", default="1,2,4,8")
    parser.add_argument("--soak", type=int, default=0, help="instead: a long run of this many pages, memory only")
    parser.add_argument("--peers", help="a python with crawlee[playwright] and scrapy-playwright (make bench-peers)")
    asyncio.run(main(parser.parse_args()))
