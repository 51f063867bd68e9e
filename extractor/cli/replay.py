"""``extractor replay RECORDING``: extract a recorded page again, offline."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

import typer

from extractor.browser import Browser
from extractor.cli import ui
from extractor.cli.extract import SelectorsOption, exit_code
from extractor.cli.output import write_json
from extractor.models import Result
from extractor.recording import Recording, open_recording, replay_dom, replay_render
from extractor.recording.replay import OFFLINE_ARGS
from extractor.recording.sites import site_for_recording
from extractor.settings import Settings
from extractor.sites import Site


def replay_command(
    recording_path: Annotated[Path, typer.Argument(metavar="RECORDING", help="A recording folder.")],
    selectors: SelectorsOption = None,
    output: Annotated[str | None, typer.Option("--output", "-o", help="Write the JSON here; '-' for stdout.")] = None,
    dom: Annotated[bool, typer.Option("--dom", help="Skip the browser: apply the selectors to dom.html.")] = False,
) -> None:
    """Extract a recording again: in Chromium from its HAR with the network cut off, or from its DOM."""
    recording = open_recording(recording_path)
    site = site_for_recording(recording, selectors).site
    result = replay_dom(recording, site) if dom else asyncio.run(replay_in_browser(recording, site))
    if output is not None:
        write_json(result.to_dict(), output)
        for issue in result.errors:
            ui.error_line(issue.message)
    else:
        ui.show_result(result)
    raise typer.Exit(exit_code(result))


async def replay_in_browser(recording: Recording, site: Site) -> Result:
    """A browser whose every host lookup fails, answering the page from the recording only."""
    async with Browser(Settings.from_env().with_args(OFFLINE_ARGS)) as browser:
        return await replay_render(browser, recording, site)
