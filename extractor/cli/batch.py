"""``extractor batch INPUT -o OUT.jsonl``: many URLs, one browser, N pages at once, streamed to JSONL."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from extractor.batch import BatchOptions, run_batch, run_to_jsonl
from extractor.batch.adaptive import AdaptiveRendering
from extractor.batch.inputs import read_urls
from extractor.batch.proxies import ProxyRotation, read_proxies
from extractor.batch.runner import SiteFor
from extractor.batch.to_jsonl import Engine
from extractor.cli import ui
from extractor.cli.options import (
    CookieOption,
    ProxyOption,
    RenderOption,
    SelectorsOption,
    StorageStateOption,
    session_overrides,
)
from extractor.cli.output import write_json
from extractor.errors import UsageError
from extractor.models import Result
from extractor.sites import SiteResolver


def default_concurrency() -> int:
    """Pages at once: the browser mostly waits on the network, so twice the cores, between 2 and 8."""
    return max(2, min(8, 2 * (os.cpu_count() or 1)))


def ray_engine(address: str | None, workers: int | None) -> Engine:
    """``run_ray_batch`` on the cluster at ``address`` with ``workers`` workers (Ray imported on use)."""
    from extractor.batch.ray_engine import RayEngine, check_address, import_ray, run_ray_batch

    settings = RayEngine(address=address, workers=workers)
    import_ray()  # before any page, and before OUT is opened
    check_address(settings)

    async def run(
        urls: list[str], site_for: SiteFor, options: BatchOptions, on_result: Callable[[Result], None]
    ) -> None:
        await run_ray_batch(urls, site_for, options, on_result, engine=settings)

    return run


def batch_command(
    input_file: Annotated[
        str, typer.Argument(metavar="INPUT", help="File of URLs, one a line ('#' comments); '-' for stdin.")
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="JSON Lines file: one result object per URL.")],
    selectors: SelectorsOption = None,
    concurrency: Annotated[
        int | None, typer.Option("--concurrency", "-c", min=1, max=64, help="Pages at once.")
    ] = None,
    resume: Annotated[bool, typer.Option("--resume", help="Skip URLs already in OUT and append.")] = False,
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Replace an existing OUT.")] = False,
    retries: Annotated[int, typer.Option("--retries", min=0, max=10, help="Retries of transient failures.")] = 2,
    timeout: Annotated[float | None, typer.Option("--timeout", "-t", min=0.1, help="Seconds per page render.")] = None,
    storage_state: StorageStateOption = None,
    cookie: CookieOption = None,
    proxy: ProxyOption = None,
    proxies_file: Annotated[
        Path | None,
        typer.Option(
            "--proxies",
            metavar="FILE",
            help="Proxy URLs, one a line: each page takes the next; one failing 3 pages in a row rests 60 s.",
        ),
    ] = None,
    render: RenderOption = None,
    summary_file: Annotated[
        str | None,
        typer.Option(
            "--summary",
            metavar="FILE",
            help="Write the per-site summary as JSON: pages, failed, fetched and rendered (and why), empty fields.",
        ),
    ] = None,
    engine: Annotated[
        str, typer.Option("--engine", metavar="local|ray", help="local: this process; ray: workers on a Ray cluster.")
    ] = "local",
    address: Annotated[
        str | None,
        typer.Option("--address", metavar="ADDR", help="The Ray cluster (default RAY_ADDRESS, else a local one)."),
    ] = None,
    workers: Annotated[
        int | None, typer.Option("--workers", min=1, max=1024, help="Ray workers (default: one per 2 CPUs).")
    ] = None,
) -> None:
    """Extract many URLs into JSON Lines, with progress, retries, resume and a per-site summary."""
    if proxy is not None and proxies_file is not None:
        raise UsageError("use one of --proxy and --proxies")
    if engine not in ("local", "ray"):
        raise UsageError(f"--engine {engine!r}: expected local or ray")
    if engine == "local" and (address is not None or workers is not None):
        raise UsageError("--address and --workers are for --engine ray")
    overrides = session_overrides(storage_state, cookie, proxy, timeout, render)
    rotation = ProxyRotation(read_proxies(proxies_file)) if proxies_file is not None else None
    urls = read_urls(input_file)
    site_for = SiteResolver(selectors)
    adaptive = AdaptiveRendering()
    options = BatchOptions(
        concurrency=concurrency or default_concurrency(), retries=retries, overrides=overrides, proxies=rotation,
        adaptive=adaptive,
    )  # fmt: skip
    runner = run_batch if engine == "local" else ray_engine(address, workers)
    with ui.BatchProgress() as progress:

        def started(todo: int, done: int) -> None:
            if done:
                ui.note_line(f"resuming: {done} of {todo + done} URLs already in {output}")
            progress.begin(todo)

        summary = asyncio.run(
            run_to_jsonl(
                urls, site_for, output, options, resume=resume, overwrite=overwrite, on_start=started,
                on_result=lambda result, summary: progress.advance(summary.failures),
                engine=runner,
            )
        )  # fmt: skip
    ui.show_batch_summary(summary, output, {loaded.name: loaded.path for loaded in site_for.sites})
    if rotation is not None:
        for line in rotation.summary():
            ui.note_line(f"proxy {line}")
    for line in adaptive.summary():
        ui.note_line(f"render {line}")
    if summary_file is not None:
        write_json(summary.to_dict(adaptive.report()), summary_file)
    raise typer.Exit(1 if summary.failures else 0)
