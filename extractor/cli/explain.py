"""``extractor explain URL|RECORDING``: which selector matched what, raw and final values, per field."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

import typer
from playwright.async_api import Page

from extractor.browser import Browser
from extractor.browser.highlight import highlight
from extractor.browser.render import RenderHooks, render
from extractor.cli import ui
from extractor.cli.options import CookieOption, ProxyOption, SelectorsOption, StorageStateOption, session_overrides
from extractor.errors import PageLoadError
from extractor.extract import Explanation, explain
from extractor.models import Snapshot
from extractor.recording import Recording, open_source
from extractor.recording.replay import open_recorded_dom
from extractor.recording.sites import site_for_recording
from extractor.sites import Site, resolve_site


def node_paths(explanation: Explanation) -> dict[str, list[str]]:
    """Field name -> XPaths of the nodes it matched (for outlining)."""
    return {trace.path: [p for p in trace.node_paths if p] for trace in explanation.fields if trace.matched}


class _ExplainHooks(RenderHooks):
    def __init__(self, site: Site, destination: Path | None):
        self.site = site
        self.destination = destination
        self.explanation: Explanation | None = None
        self.outlined = 0

    async def finish(self, page: Page, snapshot: Snapshot) -> None:
        self.explanation = explain(snapshot, self.site)
        if self.destination is not None:
            self.outlined = await highlight(page, node_paths(self.explanation), self.destination)


def explain_command(
    target: Annotated[str, typer.Argument(metavar="URL|RECORDING", help="A page to render, or a recording folder.")],
    selectors: SelectorsOption = None,
    highlight_to: Annotated[
        Path | None, typer.Option("--highlight", help="Save a PNG with the matched nodes outlined and labelled.")
    ] = None,
    storage_state: StorageStateOption = None,
    cookie: CookieOption = None,
    proxy: ProxyOption = None,
) -> None:
    """Show, for each field, the selector that matched, node counts, raw value and final value or error."""
    source = open_source(target)
    if isinstance(source, Recording):
        site = site_for_recording(source, selectors).site
        explanation = explain(source.snapshot(), site)
        outlined = asyncio.run(_highlight_recording(source, explanation, highlight_to)) if highlight_to else 0
    else:
        url = source
        site = resolve_site(url, selectors).site
        render_site = session_overrides(storage_state, cookie, proxy).apply_to(site)
        explanation, outlined = asyncio.run(_explain_live(url, render_site, highlight_to))
    ui.show_explanation(explanation, site)
    if highlight_to is not None:
        ui.note_line(f"wrote {highlight_to} ({outlined} nodes outlined)")


async def _explain_live(url: str, site: Site, destination: Path | None) -> tuple[Explanation, int]:
    hooks = _ExplainHooks(site, destination)
    async with Browser() as browser:
        await render(browser, url, site.render, hooks)
    if hooks.explanation is None:  # render calls finish before it returns; this is only a guard
        raise PageLoadError(url, "no snapshot to explain")
    return hooks.explanation, hooks.outlined


async def _highlight_recording(recording: Recording, explanation: Explanation, destination: Path) -> int:
    async with Browser() as browser:
        context, page = await open_recorded_dom(browser, recording)
        try:
            return await highlight(page, node_paths(explanation), destination)
        finally:
            await context.close()
