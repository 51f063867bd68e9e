"""Benchmark ``batch --engine ray`` against the local batch, in one run, on this machine.

    .venv/bin/python bench/ray_scaling.py [--pages 40] [--concurrency 4] [--rounds 2] [--workers 1,2,4]

The pages are the JS-heavy bench site of ``make bench`` (``benchsite.py``). Each round runs the
local batch (one browser, ``concurrency`` pages at once) and the Ray engine with 1, 2 and 4 workers
sharing the same total concurrency (4 workers x 1, 2 x 2, 1 x 4), taking turns who goes first, on a
local Ray cluster started once (its start-up is reported apart). Every run counts the pages that
came back complete. Then: the engine's own cost per page (a round trip to a worker that does no
work, and the ledger's count), and the resident memory of Ray's processes (GCS, raylet, workers;
Chromium's excluded), each process's RSS read from ``/proc``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from benchsite import SELECTORS, build

from extractor.batch import BatchOptions, run_batch
from extractor.batch.ray_engine import PageLedger, RayEngine, import_ray, run_ray_batch
from extractor.demo.server import serve
from extractor.models import Result
from extractor.sites import parse_site


def ray_rss_mb() -> float:
    """The resident memory of Ray's own processes, in MB (Chromium's and this driver's excluded)."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ")
            if b"ray" not in command or b"chrom" in command or int(entry.name) == os.getpid():
                continue
            for line in (entry / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


async def one_run(urls: list[str], site: Any, workers: int | None, concurrency: int) -> tuple[float, list[Result]]:
    """Seconds and results of one batch: local when ``workers`` is None, else on that many Ray workers."""
    results: list[Result] = []
    started = time.monotonic()
    if workers is None:
        await run_batch(urls, lambda url: site, BatchOptions(concurrency=concurrency, retries=0), results.append)
    else:
        options = BatchOptions(concurrency=concurrency // workers, retries=0)
        await run_ray_batch(urls, lambda url: site, options, results.append, engine=RayEngine(workers=workers))
    return time.monotonic() - started, results


async def overhead(ray: Any) -> tuple[float, float]:
    """Milliseconds per call: to a worker-like actor doing nothing, and to the ledger."""

    class Idle:
        async def nothing(self, url: str) -> str:
            return url

    idle = ray.remote(Idle).options(num_cpus=0).remote()
    ledger = ray.remote(PageLedger).options(num_cpus=0).remote()
    await idle.nothing.remote("warm")
    await ledger.start.remote("warm")
    timings = []
    for call in (idle.nothing, ledger.start):
        started = time.perf_counter()
        for n in range(300):
            await call.remote(f"http://x/{n}")
        timings.append((time.perf_counter() - started) / 300 * 1000)
    ray.kill(idle)
    ray.kill(ledger)
    return timings[0], timings[1]


async def main(arguments: argparse.Namespace) -> None:
    ray = import_ray()
    with tempfile.TemporaryDirectory() as folder:
        pages = {page.path: page for page in build(Path(folder), arguments.pages)}
        site = parse_site(SELECTORS)
        with serve(Path(folder)) as base:
            urls = [base + path for path in pages]
            started = time.monotonic()
            ray.init(include_dashboard=False, log_to_driver=False, logging_level="warning")
            start_up = time.monotonic() - started
            idle_mb = ray_rss_mb()
            configs: list[int | None] = [None, *(int(n) for n in arguments.workers.split(","))]
            seconds: dict[int | None, list[float]] = {config: [] for config in configs}
            complete: dict[int | None, int] = dict.fromkeys(configs, 0)
            peak_mb = idle_mb
            for round_ in range(arguments.rounds):
                for config in configs if round_ % 2 == 0 else configs[::-1]:
                    took, results = await one_run(urls, site, config, arguments.concurrency)
                    peak_mb = max(peak_mb, ray_rss_mb())
                    seconds[config].append(took)
                    for result in results:
                        page = pages[urlsplit(result.url).path]
                        complete[config] += not page.missing(result.data) and not result.errors
                    name = "local" if config is None else f"ray x{config}"
                    print(f"round {round_ + 1}: {name} {took:.1f}s", file=sys.stderr)
            call_ms, ledger_ms = await overhead(ray)
            ray.shutdown()
    n = arguments.pages * arguments.rounds
    local = sum(seconds[None])
    print(f"Ray local cluster start-up {start_up:.1f}s; its processes {idle_mb:.0f} MB idle, {peak_mb:.0f} MB at most")
    print(f"engine cost per page: {call_ms:.2f} ms a call to a worker, {ledger_ms:.2f} ms the ledger's count")
    print("| engine | workers x pages at once | pages | pages/s | against local | complete |")
    print("|---|---|---|---|---|---|")
    for config in configs:
        total = sum(seconds[config])
        shape = f"1 x {arguments.concurrency}" if config is None else f"{config} x {arguments.concurrency // config}"
        print(
            f"| {'local' if config is None else 'ray'} | {shape} | {n} | {n / total:.2f} | {local / total:.2f} | "
            f"{complete[config]}/{n} |"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=40)
    parser.add_argument("--concurrency", type=int, default=4, help="pages at once in all (divided among workers)")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--workers", default="1,2,4", help="the worker counts to run, comma-separated")
    asyncio.run(main(parser.parse_args()))
