"""Benchmark `extractor batch` against the floor: a bare Playwright script doing the least that gets
the same fields. Both run in this process, on the same generated site, with the same Chromium.

    .venv/bin/python bench/bench.py [--pages 50] [--concurrency 1,2,4,8] [--peers PYTHON]

At each concurrency the two take turns over the same pages, a block of them at a time, with both
browsers up throughout, so that the machine's drift meets both alike. Reports pages/s, p50/p95
per-page latency, peak memory (PSS summed over each tool's Chromium processes), and each figure's
ratio to the floor; the ratio of each block goes to stderr, as a measure of the spread.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from multiprocessing.sharedctypes import SynchronizedArray
from multiprocessing.synchronize import Event as EventType
from pathlib import Path

from parsel import Selector
from playwright.async_api import async_playwright

sys.path.insert(0, str(Path(__file__).parent))
from benchsite import SELECTORS, build

from extractor.batch import BatchOptions, run_batch
from extractor.batch.pool import BrowserPool
from extractor.browser.locate import find_chromium
from extractor.demo.server import serve
from extractor.models import Result
from extractor.settings import QUIET_CHROMIUM_FLAGS, running_as_root
from extractor.sites import parse_site

SAMPLE_EVERY = 2.0  # seconds between memory samples: reading PSS walks each process's page tables,
# and every 0.25 s that slowed Chromium itself by a fifth at 4 pages at once (floor 1.7 vs 2.2 pages/s)
MIN_BLOCK = 10  # pages: the floor and extractor take turns in blocks of at least this many


@dataclass
class Run:
    name: str
    concurrency: int
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    peak_mb: float = 0.0
    embeds: int = 0
    pages: int = 0

    @property
    def rate(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0

    def pct(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


def process_table() -> dict[int, tuple[int, str]]:
    """Every running process: pid -> (parent pid, command name)."""
    table = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            table[int(entry.name)] = (parent, (entry / "comm").read_text().strip())
        except (OSError, IndexError, ValueError):
            continue  # the process ended meanwhile
    return table


def chromium_memory_mb(root: int | None = None) -> float:
    """Memory of every Chromium process below ``root`` (this process), in MB: the sum of their PSS.

    PSS charges each process its share of pages it shares with others, so Chromium's code and the
    shared memory between its processes count once. Summed RSS would count them once per process
    and grow with the number of processes rather than with the memory they use.
    """
    mine, table = root or os.getpid(), process_table()
    parents = {pid: parent for pid, (parent, _) in table.items()}
    chromium = [pid for pid, (_, name) in table.items() if "chrom" in name]
    total_kb = 0
    for pid in chromium:
        ancestor = parents.get(pid)
        while ancestor and ancestor != mine:
            ancestor = parents.get(ancestor)
        if ancestor != mine:
            continue
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue  # the process ended meanwhile
        total_kb += sum(int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:"))
    return total_kb / 1024


class MemorySampler:
    """Peak Chromium memory below each of ``roots``, sampled by a separate process (``with`` block).

    Reading PSS costs about 50 ms of CPU per sample; done in this process it would stall the event
    loop that the floor and extractor run on, and not the peers, which run in their own processes.
    The sampler is a fresh interpreter (spawned, not forked): a forked copy shares this process's
    memory copy-on-write, so each page this process then writes is copied first, which made the
    in-process tools 5-7% slower at one page at a time and left the peers untouched. It runs at the
    lowest priority, and entering the block waits until it has started.
    """

    def __init__(self, roots: list[int]):
        context = multiprocessing.get_context("spawn")
        self.peaks = context.Array("d", len(roots))
        self.ready, self.stop = context.Event(), context.Event()
        self.process = context.Process(target=_sample_peaks, args=(roots, self.peaks, self.ready, self.stop))
        self.process.daemon = True

    async def __aenter__(self) -> MemorySampler:
        self.process.start()
        await asyncio.to_thread(self.ready.wait, 30)
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.stop.set()
        await asyncio.to_thread(self.process.join)

    def peak(self, index: int) -> float:
        return float(self.peaks[index])


def _sample_peaks(roots: list[int], peaks: SynchronizedArray[float], ready: EventType, stop: EventType) -> None:
    """In the sampler process: keep each root's peak of ``chromium_memory_mb`` until ``stop`` is set."""
    os.nice(19)  # memory changes slowly: a sample taken a little late loses nothing
    ready.set()
    while not stop.is_set():
        for index, root in enumerate(roots):
            peaks[index] = max(peaks[index], chromium_memory_mb(root))
        stop.wait(SAMPLE_EVERY)


def playwright_drivers() -> set[int]:
    """The Playwright driver processes (node) started by this process: each tool has its own, and its
    browser's processes all run below it."""
    mine = os.getpid()
    return {pid for pid, (parent, name) in process_table().items() if parent == mine and name.startswith("node")}


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


async def bare_playwright(concurrency: int) -> Tool:
    """The floor: goto, wait for the content, scroll the embed into view, read the DOM."""
    run = Run("bare playwright", concurrency)
    playwright = await async_playwright().start()
    browser = await playwright.chromium.launch(
        executable_path=str(find_chromium()),
        chromium_sandbox=not running_as_root(),
        args=list(QUIET_CHROMIUM_FLAGS),
    )

    async def page(url: str) -> None:
        started = time.monotonic()
        context = await browser.new_context()
        page = await context.new_page()
        await page.goto(url, wait_until="domcontentloaded")
        await page.wait_for_selector("article .body p")
        await page.locator(".video-slot").scroll_into_view_if_needed()
        await page.wait_for_selector(".video-slot iframe", state="attached")
        html = await page.content()
        await context.close()
        document = Selector(text=html)
        fields = {
            "title": document.css("article h1::text").get(),
            "body": document.css("article .body p::text").getall(),
            "video": document.css(".video-slot iframe::attr(src)").get(),
        }
        run.embeds += bool(fields["video"])
        run.pages += 1
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


async def extractor_batch(concurrency: int) -> Tool:
    """``run_batch``, the code behind ``extractor batch``, with the site's selector file."""
    run = Run("extractor batch", concurrency)
    site = parse_site(SELECTORS)

    def finished(result: Result) -> None:
        run.pages += 1
        run.embeds += bool(result.data.get("video")) and any(m.kind == "embed" for m in result.media)
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


async def interleaved(urls: list[str], concurrency: int) -> tuple[Run, Run, list[float]]:
    """The floor and extractor over the same URLs, taking turns block by block (floor first, then
    extractor first, and so on), both browsers up throughout; returns their runs and each block's ratio.

    The machine's speed drifts by up to a tenth between half-minute runs; in turns of a few seconds
    both tools meet the same drift, so the ratio between them holds still.
    """
    floor = await started(lambda: bare_playwright(concurrency))
    ours = await started(lambda: extractor_batch(concurrency))
    ratios = []
    try:
        async with MemorySampler([floor.driver, ours.driver]) as sampler:
            for index, block in enumerate(blocks(urls, concurrency)):
                took = {}
                for tool in (floor, ours) if index % 2 == 0 else (ours, floor):
                    began = time.monotonic()
                    await tool.block(block)
                    took[tool.run.name] = time.monotonic() - began
                    tool.run.seconds += took[tool.run.name]
                ratios.append(took[floor.run.name] / took[ours.run.name])
        floor.run.peak_mb, ours.run.peak_mb = sampler.peak(0), sampler.peak(1)
    finally:
        await floor.close()
        await ours.close()
    return floor.run, ours.run, ratios


async def peer(name: str, script: str, python: str, urls: list[str], concurrency: int, folder: Path) -> Run:
    """A peer crawler (run in its own virtualenv) doing the floor's steps; it reports its own timing.

    It runs in ``folder``, so what it writes there (Crawlee's ``storage/``) goes away with the site.
    """
    run = Run(name, concurrency)
    listing = folder / "urls.json"
    listing.write_text(json.dumps(urls))
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
    run.pages, run.embeds, run.seconds = report["pages"], report["embeds"], report["seconds"]
    run.peak_mb = sampler.peak(0)
    return run  # the peer's own clock: from its start of crawling to the end


def report(runs: list[tuple[Run, ...]]) -> None:
    header = "| tool | conc. | pages/s | ratio | p50 s | p95 s | peak MB | mem ratio | embeds |"
    print(header)
    print("|---|---|---|---|---|---|---|---|---|")
    for floor, *others in runs:
        for run in (floor, *others):
            latency = f"{run.pct(0.5):.2f} | {run.pct(0.95):.2f}" if run.latencies else "- | -"
            print(
                f"| {run.name} | {run.concurrency} | {run.rate:.2f} | {run.rate / floor.rate:.2f} | {latency} | "
                f"{run.peak_mb:.0f} | {run.peak_mb / floor.peak_mb:.2f} | {run.embeds}/{run.pages} |"
            )


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
        paths = build(Path(folder), arguments.pages)
        with serve(Path(folder)) as base:
            urls = [base + path for path in paths]
            if arguments.soak:
                await soak(urls, arguments.soak, 4)
                return
            runs = []
            for level in levels:
                floor, ours, ratios = await interleaved(urls, level)
                peers = []
                if arguments.peers:
                    for name, script in (("crawlee", "crawlee_peer.py"), ("scrapy-playwright", "scrapy_peer.py")):
                        peers.append(await peer(name, script, arguments.peers, urls, level, Path(folder)))
                print(
                    f"concurrency {level}: floor {floor.rate:.2f} pages/s, extractor {ours.rate:.2f} pages/s; "
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
