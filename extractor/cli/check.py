"""``extractor test [PATH...]``: check selector files against recordings' expected results."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

import typer

from extractor.cli import ui
from extractor.cli.heal import heal_hint
from extractor.cli.options import SelectorsOption
from extractor.models import is_empty
from extractor.recording import Outcome, Verdict, check_recordings, open_recording
from extractor.recording.folder import EXPECTED
from extractor.recording.sites import site_for_recording


def _hint(verdict: Verdict, selectors: Path | None) -> None:
    """The heal hint for a recording whose required fields now come back empty."""
    recording = open_recording(verdict.path)
    loaded = site_for_recording(recording, selectors)
    emptied = [
        d.path.removeprefix("data.") for d in verdict.differences if d.path.startswith("data.") and is_empty(d.actual)
    ]
    required = [name for name in emptied if name in loaded.site.fields and loaded.site.fields[name].required]
    heal_hint(loaded, required, recording.url)


def test_command(
    paths: Annotated[list[Path] | None, typer.Argument(help="Recording folders, or folders holding them.")] = None,
    selectors: SelectorsOption = None,
    render: Annotated[
        bool, typer.Option("--render", help="Replay in the browser instead of reading dom.html.")
    ] = False,
    update: Annotated[bool, typer.Option("--update", help="Accept the new results as expected.")] = False,
) -> None:
    """Extract each recording again with the current selector files and compare with its expected.json."""
    verdicts = asyncio.run(check_recordings(paths or [Path("recordings")], selectors, render=render, update=update))
    if not verdicts:
        ui.note_line("no recordings found")
        raise typer.Exit(0)
    for verdict in verdicts:
        if verdict.outcome == Outcome.SKIPPED:
            ui.note_line(f"{verdict.path}: no {EXPECTED}; skipped")
            continue
        ui.test_line(verdict.path, verdict.outcome, len(verdict.differences))
        if verdict.outcome == Outcome.FAILED:
            ui.show_differences(verdict.differences)
            _hint(verdict, selectors)
    failed = sum(verdict.outcome == Outcome.FAILED for verdict in verdicts)
    checked = sum(verdict.outcome != Outcome.SKIPPED for verdict in verdicts)
    ui.note_line(f"{checked - failed} passed, {failed} failed")
    raise typer.Exit(1 if failed else 0)
