"""``extractor replay RECORDING``: extract a recorded page again, offline."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

import typer

from extractor.cli import ui
from extractor.cli.extract import exit_code
from extractor.cli.options import SelectorsOption
from extractor.cli.output import write_json
from extractor.recording import open_recording, replay_dom, replay_offline
from extractor.recording.sites import site_for_recording


def replay_command(
    recording_path: Annotated[Path, typer.Argument(metavar="RECORDING", help="A recording folder.")],
    selectors: SelectorsOption = None,
    output: Annotated[str | None, typer.Option("--output", "-o", help="Write the JSON here; '-' for stdout.")] = None,
    dom: Annotated[bool, typer.Option("--dom", help="Skip the browser: apply the selectors to dom.html.")] = False,
) -> None:
    """Extract a recording again: in Chromium from its HAR with the network cut off, or from its DOM."""
    recording = open_recording(recording_path)
    site = site_for_recording(recording, selectors).site
    result = replay_dom(recording, site) if dom else asyncio.run(replay_offline(recording, site))
    if output is not None:
        write_json(result.to_dict(), output)
        for issue in result.errors:
            ui.error_line(issue.message)
    else:
        ui.show_result(result)
    raise typer.Exit(exit_code(result))
