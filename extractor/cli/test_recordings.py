"""``extractor test [PATH...]``: check selector files against recordings' expected results."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

import typer

from extractor.cli import ui
from extractor.cli.extract import SelectorsOption
from extractor.cli.replay import replay_in_browser
from extractor.recording import find_recordings, open_recording, replay_dom
from extractor.recording.compare import differences
from extractor.recording.folder import EXPECTED, write_json
from extractor.recording.sites import site_for_recording


def test_command(
    paths: Annotated[list[Path] | None, typer.Argument(help="Recording folders, or folders holding them.")] = None,
    selectors: SelectorsOption = None,
    render: Annotated[
        bool, typer.Option("--render", help="Replay in the browser instead of reading dom.html.")
    ] = False,
    update: Annotated[bool, typer.Option("--update", help="Accept the new results as expected.")] = False,
) -> None:
    """Extract each recording again with the current selector files and compare with its expected.json."""
    folders = find_recordings(paths or [Path("recordings")])
    if not folders:
        ui.note_line("no recordings found")
        raise typer.Exit(0)
    failed = 0
    for folder in folders:
        recording = open_recording(folder)
        expected = recording.expected()
        if expected is None:
            ui.note_line(f"{folder}: no {EXPECTED}; skipped")
            continue
        site = site_for_recording(recording, selectors).site
        result = asyncio.run(replay_in_browser(recording, site)) if render else replay_dom(recording, site)
        document = result.to_dict()
        found = differences(expected, document)
        if found and update:
            write_json(recording.expected_path, document)
            ui.test_line(folder, "updated", len(found))
        elif found:
            failed += 1
            ui.test_line(folder, "failed", len(found))
            ui.show_differences(found)
        else:
            ui.test_line(folder, "passed", 0)
    ui.note_line(f"{len(folders) - failed} passed, {failed} failed")
    raise typer.Exit(1 if failed else 0)
