"""A whole batch into a JSON Lines file: resume, write as each page finishes (each URL once), count per site."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from extractor.batch.jsonl import JsonlWriter, pending_urls
from extractor.batch.runner import BatchOptions, SiteFor, run_batch
from extractor.batch.summary import BatchSummary
from extractor.models import Result

Engine = Callable[[list[str], SiteFor, BatchOptions, Callable[[Result], None]], Awaitable[None]]  # as run_batch


async def run_to_jsonl(
    urls: list[str],
    site_for: SiteFor,
    output: Path,
    options: BatchOptions | None = None,
    *,
    resume: bool = False,
    overwrite: bool = False,
    on_start: Callable[[int, int], None] | None = None,
    on_result: Callable[[Result, BatchSummary], None] | None = None,
    engine: Engine = run_batch,
) -> BatchSummary:
    """Extract ``urls`` into ``output``, one line per page as it finishes, and return the per-site
    summary. With ``resume`` the URLs already in ``output`` are skipped and the rest appended; an
    ``output`` holding results needs ``resume`` or ``overwrite``. ``on_start(to_do, already_done)``
    is called before the first page, ``on_result(result, summary)`` after each. ``engine`` runs the
    pages (``run_batch`` here, ``run_ray_batch`` on a cluster); a URL it reports twice (a page run
    again after a worker was lost) is written once."""
    todo = pending_urls(urls, output, resume=resume, overwrite=overwrite)
    if on_start is not None:
        on_start(len(todo), len(urls) - len(todo))
    summary = BatchSummary()
    written: set[str] = set()
    with JsonlWriter(output, append=resume) as writer:

        def finished(result: Result) -> None:
            if result.url in written:
                return
            written.add(result.url)
            writer.write(result.to_dict())
            summary.add(result)
            if on_result is not None:
                on_result(result, summary)

        await engine(todo, site_for, options or BatchOptions(), finished)
    return summary
