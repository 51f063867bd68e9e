"""``extractor suggest URL|RECORDING``: draft a selector file for a new site, then show what it extracts."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

import typer

from extractor.browser import Browser, render
from extractor.cli import ui
from extractor.cli.options import CookieOption, ProxyOption, StorageStateOption, session_overrides
from extractor.errors import UsageError
from extractor.extract import extract
from extractor.models import Snapshot
from extractor.recording import Recording, open_source
from extractor.sites import RenderSpec
from extractor.suggest import build_draft, detect
from extractor.suggest.generic import warn_if_disagreeing


def suggest_command(
    target: Annotated[str, typer.Argument(metavar="URL|RECORDING", help="A page to render, or a recording folder.")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Where to write the draft (default: selectors/<site>.yaml).")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
    storage_state: StorageStateOption = None,
    cookie: CookieOption = None,
    proxy: ProxyOption = None,
) -> None:
    """Detect title, author, date, body, lead image and video embeds, and write a draft selector file."""
    snapshot = _snapshot(target, session_overrides(storage_state, cookie, proxy).apply(RenderSpec()))
    found = detect(snapshot.html, snapshot.final_url)
    draft = build_draft(found, snapshot.final_url)
    site = draft.to_site()
    destination = output or Path("selectors") / f"{draft.site}.yaml"
    if destination.exists() and not force:
        raise UsageError(f"{destination}: exists (pass --force to replace it, or -o another file)")
    if not destination.parent.is_dir():
        raise UsageError(f"{destination.parent}: no such folder")
    destination.write_text(draft.to_yaml(), encoding="utf-8")
    ui.note_line(f"wrote {destination}; the page extracted with it:")
    result = extract(snapshot, site)
    warn_if_disagreeing(result, found.references)  # a body far from the article: the author should look
    ui.show_result(result)
    for note in draft.notes:
        ui.note_line(f"note: {note}")


def _snapshot(target: str, spec: RenderSpec) -> Snapshot:
    source = open_source(target)
    return source.snapshot() if isinstance(source, Recording) else asyncio.run(_render(source, spec))


async def _render(url: str, spec: RenderSpec) -> Snapshot:
    async with Browser() as browser:
        return await render(browser, url, spec)
