"""``extractor batch INPUT -o OUT.jsonl``: many URLs, one browser, N pages at once, streamed to JSONL."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Annotated

import typer

from extractor.batch import BatchOptions, BatchSummary, JsonlWriter, finished_urls, run_batch
from extractor.batch.inputs import read_urls
from extractor.batch.runner import SiteFor
from extractor.cli import ui
from extractor.cli.extract import SelectorsOption
from extractor.errors import UsageError
from extractor.models import Result
from extractor.sites import Site, find_site, load_sites
from extractor.sites.matching import default_selectors_path


def default_concurrency() -> int:
    """Pages at once: the browser mostly waits on the network, so twice the cores, between 2 and 8."""
    return max(2, min(8, 2 * (os.cpu_count() or 1)))


def site_resolver(selectors: Path | None) -> SiteFor:
    """Load the selector files once; a file serves every URL, a folder the URLs its files match."""
    path = selectors if selectors is not None else default_selectors_path()
    sites = load_sites(path)
    if path.is_file():
        only = sites[0].site
        return lambda url: only

    def resolve(url: str) -> Site | None:
        found = find_site(sites, url)
        return found.site if found is not None else None

    return resolve


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
) -> None:
    """Extract many URLs into JSON Lines, with progress, retries, resume and a per-site summary."""
    urls = read_urls(input_file)
    site_for = site_resolver(selectors)
    if output.exists() and output.stat().st_size and not (resume or overwrite):
        raise UsageError(f"{output}: exists; pass --resume to continue it or --overwrite to start again")
    done = finished_urls(output) if resume else set()
    todo = [url for url in urls if url not in done]
    if done:
        ui.note_line(f"resuming: {len(urls) - len(todo)} of {len(urls)} URLs already in {output}")
    options = BatchOptions(concurrency=concurrency or default_concurrency(), retries=retries, timeout=timeout)
    summary = BatchSummary()
    with JsonlWriter(output, append=resume) as writer, ui.BatchProgress(len(todo)) as progress:

        def finished(result: Result) -> None:
            writer.write(result.to_dict())
            summary.add(result)
            progress.advance(summary.failures)

        asyncio.run(run_batch(todo, site_for, options, finished))
    ui.show_batch_summary(summary, output)
    raise typer.Exit(1 if summary.failures else 0)
