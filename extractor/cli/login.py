"""``extractor login URL -o state.json``: log in by hand once, then render with that session."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

import typer

from extractor.browser.login import display_available, no_display_message, save_login_state
from extractor.cli import ui
from extractor.errors import UsageError
from extractor.targets import normalize_target


def login_command(
    url: Annotated[str, typer.Argument(help="The site's login page (or any page of it).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to save the storage state (JSON).")],
    timeout: Annotated[
        float, typer.Option("--timeout", min=10, help="Seconds to wait for the window to be closed.")
    ] = 900.0,
) -> None:
    """Open a browser window on URL; log in, close the page, and the session is saved for --storage-state."""
    target = normalize_target(url)
    if not display_available():
        raise UsageError(no_display_message(output))
    ui.note_line(f"log in to {target} in the window that opens, then close the page (saved to {output})")
    cookies = asyncio.run(save_login_state(target, output, timeout=timeout))
    saved = f"{cookies} cookie{'s' if cookies != 1 else ''}"
    ui.note_line(f"wrote {output} ({saved}); render with it: --storage-state {output}")
