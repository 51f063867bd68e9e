"""``extractor record URL``: render a page and keep a recording folder that replays offline."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

import typer

from extractor.browser import Browser
from extractor.cli import ui
from extractor.cli.extract import exit_code
from extractor.cli.options import CookieOption, ProxyOption, SelectorsOption, StorageStateOption, session_overrides
from extractor.errors import PageLoadError
from extractor.models import Result
from extractor.recording import folder_name, record
from extractor.sites import LoadedSite, resolve_site
from extractor.targets import normalize_target


def record_command(
    url: Annotated[str, typer.Argument(help="http(s) URL, file:// URL, or path to a local HTML file.")],
    selectors: SelectorsOption = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Recording folder (default: recordings/<site>-<url>).")
    ] = None,
    trace: Annotated[bool, typer.Option("--trace", help="Also save a Playwright trace (trace.zip).")] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing recording folder.")] = False,
    storage_state: StorageStateOption = None,
    cookie: CookieOption = None,
    proxy: ProxyOption = None,
) -> None:
    """Render a page as extract does and save its network, DOM, screenshot and result for offline replay."""
    overrides = session_overrides(storage_state, cookie, proxy)
    target = normalize_target(url)
    found = resolve_site(target, selectors)
    loaded = LoadedSite(overrides.apply_to(found.site), found.path)
    folder = output or Path("recordings") / folder_name(loaded.name, target)
    result = asyncio.run(_record(target, loaded, folder, trace, force))
    ui.show_result(result)
    ui.show_recording_files(folder)
    raise typer.Exit(exit_code(result))


async def _record(url: str, loaded: LoadedSite, folder: Path, trace: bool, force: bool) -> Result:
    async with Browser() as browser:
        try:
            return await record(browser, url, loaded, folder, trace=trace, force=force)
        except PageLoadError as error:
            error.reason += " (nothing recorded)"
            raise
