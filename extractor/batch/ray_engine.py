"""A batch on a Ray cluster (``batch --engine ray``): page workers as Ray actors that Ray restarts,
one writer in the driver.

Each worker is an asyncio actor holding one ``BrowserPool`` and working ``concurrency`` pages at
once, with the local batch's render, extraction, blocking, retries and bad-host memory (the same
``extract_one``). Actors are made with ``max_restarts=-1`` and ``max_task_retries=-1``: when a
worker's process dies, Ray starts it again (its browser with it) and runs again only the pages it
had in flight. A small ledger actor counts how often each page was started, so a page run again
says so in a ``retried`` warning; with adaptive rendering, one more actor keeps the learning for all
workers (``SharedLearning``). The driver hands out pages as workers free up (never more than
twice the workers' concurrency in flight), and passes each result to ``on_result`` as it arrives;
exactly-once output is the writer's, which skips a URL it has written (``run_to_jsonl``). The
loaded sites, the settings and the storage-state files they name travel with the job: workers need
no ``selectors/`` of their own (``extractor.batch.travel``).
"""

from __future__ import annotations

import asyncio
import importlib
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass, replace
from types import ModuleType
from typing import Any

from extractor.batch.adaptive import AdaptiveRendering, Plan
from extractor.batch.pool import BrowserPool
from extractor.batch.proxies import ProxyRotation
from extractor.batch.runner import BatchOptions, SiteFor, extract_one
from extractor.batch.travel import TravellingFiles, moved_options, moved_site
from extractor.errors import UsageError
from extractor.models import Issue, IssueKind, Result
from extractor.settings import Settings


@dataclass(frozen=True)
class RayEngine:
    """Where and how wide a batch runs on Ray."""

    address: str | None = None  # a running cluster ("HOST:6379", "ray://HOST:10001"); None: RAY_ADDRESS, else local
    workers: int | None = None  # None: one per ``cpus_per_worker`` of the cluster's CPUs
    local_cpus: int | None = None  # the CPUs of a local cluster started for the run (None: all)
    cpus_per_worker: float = 2.0  # a browser keeps about two cores busy; Ray places one worker per so many
    reach_wait: float = 5.0  # seconds for a cluster's address to answer


class PageLedger:
    """How often each page was started: above once, a worker running it was lost and Ray ran it again."""

    def __init__(self) -> None:
        self.starts: dict[str, int] = {}

    def start(self, url: str) -> int:
        self.starts[url] = self.starts.get(url, 0) + 1
        return self.starts[url]


class SharedLearning:
    """Adaptive rendering's learning kept in one actor for all workers (a ``LearningBook``): a site is
    learned once for the cluster, not once per worker."""

    def __init__(self, hub: Any) -> None:
        self.hub = hub

    async def plan(self, name: str, needs_browser: str | None) -> tuple[Plan, str]:
        plan, why = await self.hub.plan.remote(name, needs_browser)
        return plan, why

    async def compared(self, name: str, why: str, difference: str | None) -> bool:
        return bool(await self.hub.compared.remote(name, why, difference))

    async def abandoned(self, name: str, why: str) -> None:
        await self.hub.abandoned.remote(name, why)

    async def fetched(self, name: str) -> None:
        await self.hub.fetched.remote(name)

    async def lacked(self, name: str, reason: str) -> None:
        await self.hub.lacked.remote(name, reason)


class PageWorker:
    """One worker: a browser pool and the batch's options, extracting the pages it is handed."""

    def __init__(
        self, site_for: SiteFor, options: BatchOptions, settings: Settings | None, ledger: Any, files: TravellingFiles
    ) -> None:
        moved = files.place()  # the storage states this machine lacks, copied from the driver's
        self.site_for: SiteFor = (lambda url: moved_site(site_for(url), moved)) if moved else site_for
        self.options, self.ledger = moved_options(options, moved), ledger
        self.pool = BrowserPool(settings, options.restart_every, options.tuning, keep_spare=options.proxies is None)

    async def extract(self, url: str) -> Result:
        """The page's result, with a ``retried`` warning when a lost worker had it before."""
        starts = await self.ledger.start.remote(url)
        result = await extract_one(url, self.site_for, self.options, self.pool)
        if starts > 1:
            lost = "a worker" if starts == 2 else f"{starts - 1} workers"
            result.warnings.append(Issue(IssueKind.RETRIED, f"{url}: run again after {lost} running it was lost"))
        return result

    def rotation(self) -> ProxyRotation | None:
        """This worker's proxy rotation (``--proxies``), for the driver's per-proxy lines."""
        return self.options.proxies

    def pid(self) -> int:
        return os.getpid()

    async def close(self) -> None:
        await self.pool.close()


def import_ray() -> ModuleType:
    """Ray, or a one-line error saying how to install it."""
    try:
        return importlib.import_module("ray")
    except ImportError:
        raise UsageError("--engine ray needs Ray: pip install 'extractor[ray]'") from None


def connect(ray: ModuleType, engine: RayEngine) -> bool:
    """Join the cluster at ``engine.address`` (else ``RAY_ADDRESS``), or start a local one for the run;
    False when this process had joined one already.

    A given address is knocked on first (``engine.reach_wait``): Ray itself retries an unreachable head for
    minutes before it gives up."""
    address = check_address(engine)
    if ray.is_initialized():  # joined already, by the caller
        return False
    try:
        if address is None:
            ray.init(num_cpus=engine.local_cpus, include_dashboard=False, log_to_driver=False, logging_level="warning")
        else:
            ray.init(address=address, log_to_driver=False, logging_level="warning")
    except (ConnectionError, RuntimeError, ValueError) as error:
        detail = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        where = address or "a local cluster"
        raise UsageError(f"--engine ray: cannot reach the Ray cluster at {where} ({detail})") from None
    return True


def check_address(engine: RayEngine) -> str | None:
    """The cluster's address (``engine.address``, else ``RAY_ADDRESS``; None: a local cluster), after a
    one-line error unless something answers at its host and port."""
    address = engine.address or os.environ.get("RAY_ADDRESS") or None
    if address is not None and address != "auto":
        _knock(address, engine.reach_wait)
    return address


def _knock(address: str, wait: float) -> None:
    target = address.removeprefix("ray://")
    host, _, port = target.rpartition(":")
    if not host or not port.isdigit():
        raise UsageError(f"--engine ray: {address!r} is not a Ray address (HOST:PORT, or ray://HOST:PORT)")
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=wait).close()
    except OSError as error:
        reason = f"no answer within {wait:g}s" if isinstance(error, TimeoutError) else error.strerror
        reason = reason or type(error).__name__
        raise UsageError(f"--engine ray: cannot reach the Ray cluster at {address} ({reason})") from None


async def run_ray_batch(
    urls: list[str],
    site_for: SiteFor,
    options: BatchOptions,
    on_result: Callable[[Result], None],
    settings: Settings | None = None,
    engine: RayEngine | None = None,
) -> None:
    """Extract every URL on Ray workers, calling ``on_result`` as each one arrives (in completion order).
    A cluster started here (no address) is stopped at the end; nothing starts for no URLs."""
    if not urls:
        return
    engine = engine or RayEngine()
    ray = import_ray()
    joined_here = connect(ray, engine)
    try:
        await _run(ray, urls, site_for, options, on_result, settings, engine)
    finally:
        if joined_here:
            ray.shutdown()


async def _run(
    ray: ModuleType,
    urls: list[str],
    site_for: SiteFor,
    options: BatchOptions,
    on_result: Callable[[Result], None],
    settings: Settings | None,
    engine: RayEngine,
) -> None:
    """Start the workers and the ledger, hand out the pages, collect what the workers learned, stop them."""
    cpus = float(ray.cluster_resources().get("CPU", 1.0))
    count = engine.workers or max(1, int(cpus // engine.cpus_per_worker))
    per_worker = min(engine.cpus_per_worker, cpus / count)  # with --workers, all of them fit
    ledger = ray.remote(PageLedger).options(num_cpus=0).remote()
    hub, shared = None, None
    if options.adaptive is not None:  # one learning for the cluster, kept in an actor of its own
        learner = ray.remote(AdaptiveRendering).options(num_cpus=0, max_restarts=-1, max_task_retries=-1)
        hub = learner.remote(options.adaptive.settings)
        shared = AdaptiveRendering(options.adaptive.settings, SharedLearning(hub))
    worker_options = replace(options, adaptive=shared)
    actor = ray.remote(PageWorker).options(
        num_cpus=per_worker, max_restarts=-1, max_task_retries=-1, max_concurrency=options.concurrency
    )
    files = TravellingFiles.of(site_for, options)
    workers = [actor.remote(site_for, worker_options, settings, ledger, files) for _ in range(count)]
    try:
        await _hand_out(ray, urls, workers, options.concurrency, on_result)
        if options.adaptive is not None and hub is not None:
            options.adaptive.merge(await hub.copy.remote())
        if options.proxies is not None:  # each worker took the proxies in turn on its own
            for rotation in await asyncio.gather(*(worker.rotation.remote() for worker in workers)):
                if rotation is not None:
                    options.proxies.merge(rotation)
    finally:
        await asyncio.gather(*(worker.close.remote() for worker in workers), return_exceptions=True)
        for actor_ in [*workers, ledger, *([hub] if hub is not None else [])]:
            ray.kill(actor_, no_restart=True)


async def _hand_out(
    ray: ModuleType, urls: list[str], workers: list[Any], concurrency: int, on_result: Callable[[Result], None]
) -> None:
    """Keep each worker busy with up to twice its concurrency of pages, and report each as it finishes."""
    todo = iter(urls)
    load = [0] * len(workers)
    in_flight: dict[asyncio.Future[Result], tuple[str, int]] = {}

    def hand_one() -> bool:
        url = next(todo, None)
        if url is None:
            return False
        index = min(range(len(workers)), key=load.__getitem__)
        load[index] += 1
        future = asyncio.wrap_future(workers[index].extract.remote(url).future())
        in_flight[future] = (url, index)
        return True

    for _ in range(2 * concurrency * len(workers)):
        if not hand_one():
            break
    while in_flight:
        done, _ = await asyncio.wait(in_flight, return_when=asyncio.FIRST_COMPLETED)
        for future in done:
            url, index = in_flight.pop(future)
            load[index] -= 1
            on_result(_result(ray, url, future))
            hand_one()


def _result(ray: ModuleType, url: str, future: asyncio.Future[Result]) -> Result:
    """The page's result, or a ``crash`` failure naming what Ray said went wrong."""
    error = future.exception()
    if error is None:
        return future.result()
    if isinstance(error, ray.exceptions.RayError):
        message = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        return Result.failure(url, None, IssueKind.CRASH, f"{url}: the Ray worker failed ({message})")
    raise error

