"""Benchmark `extractor batch` against the floor: a bare Playwright script doing the least that gets
the same fields. Both run in this process, on the same generated site, with the same Chromium.

    .venv/bin/python bench/bench.py [--pages 50] [--concurrency 1,2,4,8]

Reports pages/s, p50/p95 per-page latency, peak memory (PSS summed over the Chromium processes),
and each figure's ratio to the floor.
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
from collections.abc import Awaitable
from dataclasses import dataclass, field
from multiprocessing.sharedctypes import Synchronized
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


@dataclass
class Run:
    name: str
    concurrency: int
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    peak_mb: float = 0.0
    embeds: int = 0
    pages: int = 0
    reported_seconds: float = 0.0

    @property
    def rate(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0

    def pct(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


def chromium_memory_mb(root: int | None = None) -> float:
    """Memory of every Chromium process below ``root`` (this process), in MB: the sum of their PSS.

    PSS charges each process its share of pages it shares with others, so Chromium's code and the
    shared memory between its processes count once. Summed RSS would count them once per process
    and grow with the number of processes rather than with the memory they use.
    """
    mine, parents, chromium = root or os.getpid(), {}, []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            parents[int(entry.name)] = int(stat[1])
            if "chrom" in (entry / "comm").read_text():
                chromium.append(int(entry.name))
        except (OSError, IndexError, ValueError):
            continue
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


def _sample_peak(root: int, peak: Synchronized[float], ready: EventType, stop: EventType) -> None:
    """In a child process: keep the peak of ``chromium_memory_mb(root)`` until ``stop`` is set.

    At the lowest priority: on a small machine the sampler's CPU would otherwise come out of the
    pages being measured (memory changes slowly, so a sample taken a little late loses nothing).
    """
    os.nice(19)
    ready.set()
    while not stop.is_set():
        peak.value = max(peak.value, chromium_memory_mb(root))
        stop.wait(SAMPLE_EVERY)


async def sampled(run: Run, work: Awaitable[None]) -> None:
    """Time ``work`` while a separate process samples Chromium's memory.

    Reading PSS costs about 50 ms of CPU per sample; done in this process it would stall the event
    loop that the floor and extractor run on, and not the peers, which run in their own processes.
    The sampler is a fresh interpreter (spawned, not forked): a forked copy shares this process's
    memory copy-on-write, so each page this process then writes is copied first, which made the
    in-process tools 5-7% slower at one page at a time and left the peers untouched. The clock starts
    once the sampler has started up.
    """
    context = multiprocessing.get_context("spawn")
    peak, ready, stop = context.Value("d", 0.0), context.Event(), context.Event()
    sampler = context.Process(target=_sample_peak, args=(os.getpid(), peak, ready, stop), daemon=True)
    sampler.start()
    await asyncio.to_thread(ready.wait, 30)
    started = time.monotonic()
    try:
        await work
    finally:
        run.seconds = time.monotonic() - started
        stop.set()
        await asyncio.to_thread(sampler.join)
        run.peak_mb = peak.value


async def bare_playwright(urls: list[str], concurrency: int) -> Run:
    """The floor: goto, wait for the content, scroll the embed into view, read the DOM."""
    run = Run("bare playwright", concurrency)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(find_chromium()),
            chromium_sandbox=not running_as_root(),
            args=list(QUIET_CHROMIUM_FLAGS),
        )
        queue = list(urls)

        async def worker() -> None:
            while queue:
                url = queue.pop()
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

        await sampled(run, asyncio.gather(*(worker() for _ in range(concurrency))))
        await browser.close()
    return run


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
    child = await asyncio.create_subprocess_exec(
        *command, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, cwd=folder
    )

    async def finish() -> None:
        stdout, stderr = await child.communicate()
        if child.returncode != 0:
            raise SystemExit(f"{name} failed: {stderr.decode()[-500:]}")
        report = json.loads(stdout.decode().strip().splitlines()[-1])
        run.pages, run.embeds, run.latencies = report["pages"], report["embeds"], []
        run.reported_seconds = report["seconds"]

    await sampled(run, finish())
    run.seconds = run.reported_seconds  # the peer's own clock: from its start of crawling to the end
    return run


async def extractor_batch(urls: list[str], concurrency: int) -> Run:
    run = Run("extractor batch", concurrency)
    site = parse_site(SELECTORS)

    def finished(result: Result) -> None:
        run.pages += 1
        run.embeds += bool(result.data.get("video")) and any(m.kind == "embed" for m in result.media)
        run.latencies.append(result.timings.get("render", 0.0) + result.timings.get("extract", 0.0))

    pool = BrowserPool()
    async with pool.lease():  # launch before the clock starts, as the floor does
        pass
    try:
        options = BatchOptions(concurrency=concurrency, retries=0)
        await sampled(run, run_batch(urls, lambda url: site, options, finished, pool=pool))
    finally:
        await pool.close()
    return run


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
                floor = await bare_playwright(urls, level)
                ours = await extractor_batch(urls, level)
                peers = []
                if arguments.peers:
                    for name, script in (("crawlee", "crawlee_peer.py"), ("scrapy-playwright", "scrapy_peer.py")):
                        peers.append(await peer(name, script, arguments.peers, urls, level, Path(folder)))
                print(
                    f"concurrency {level}: floor {floor.rate:.2f} pages/s, extractor {ours.rate:.2f} pages/s",
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
