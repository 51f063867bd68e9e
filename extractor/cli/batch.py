"""``extractor batch INPUT -o OUT.jsonl``: many URLs, one browser, N pages at once, streamed to JSONL."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Annotated

import typer

from extractor.batch import BatchOptions, run_to_jsonl
from extractor.batch.adaptive import AdaptiveRendering
from extractor.batch.inputs import read_urls
from extractor.batch.proxies import ProxyRotation, read_proxies
from extractor.cli import ui
from extractor.cli.options import (
    CookieOption,
    ProxyOption,
    RenderOption,
    SelectorsOption,
    StorageStateOption,
    session_overrides,
)
from extractor.errors import UsageError
from extractor.sites import SiteResolver


def default_concurrency() -> int:
    """Pages at once: the browser mostly waits on the network, so twice the cores, between 2 and 8."""
    return max(2, min(8, 2 * (os.cpu_count() or 1)))


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
) -> None:
    """Extract many URLs into JSON Lines, with progress, retries, resume and a per-site summary."""
    if proxy is not None and proxies_file is not None:
        raise UsageError("use one of --proxy and --proxies")
    overrides = session_overrides(storage_state, cookie, proxy, timeout, render)
    rotation = ProxyRotation(read_proxies(proxies_file)) if proxies_file is not None else None
    urls = read_urls(input_file)
    site_for = SiteResolver(selectors)
    adaptive = AdaptiveRendering()
    options = BatchOptions(
        concurrency=concurrency or default_concurrency(), retries=retries, overrides=overrides, proxies=rotation,
        adaptive=adaptive,
    )  # fmt: skip
    with ui.BatchProgress() as progress:

        def started(todo: int, done: int) -> None:
            if done:
                ui.note_line(f"resuming: {done} of {todo + done} URLs already in {output}")
            progress.begin(todo)

        summary = asyncio.run(
            run_to_jsonl(
                urls, site_for, output, options, resume=resume, overwrite=overwrite, on_start=started,
                on_result=lambda result, summary: progress.advance(summary.failures),
            )
        )  # fmt: skip
    ui.show_batch_summary(summary, output)
    if rotation is not None:
        for line in rotation.summary():
            ui.note_line(f"proxy {line}")
    for line in adaptive.summary():
        ui.note_line(f"render {line}")
    raise typer.Exit(1 if summary.failures else 0)
