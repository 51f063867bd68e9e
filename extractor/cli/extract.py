"""``extractor extract URL``: render one page and show or save its fields."""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer

from extractor.api import extract_url
from extractor.cli import ui
from extractor.cli.heal import heal_hint
from extractor.cli.options import (
    CookieOption,
    ProxyOption,
    RenderOption,
    SelectorsOption,
    StorageStateOption,
    session_overrides,
)
from extractor.cli.output import write_json
from extractor.models import IssueKind, Result
from extractor.sites import resolve_site


def exit_code(result: Result) -> int:
    """3 when the page failed, 1 when a required field is missing, else 0."""
    if result.page_failed:
        return 3
    if result.missing_required:
        return 1
    return 0


def extract_command(
    url: Annotated[str, typer.Argument(help="http(s) URL, file:// URL, or path to a local HTML file.")],
    selectors: SelectorsOption = None,
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="Write the JSON to this file; '-' for stdout only.")
    ] = None,
    timeout: Annotated[
        float | None,
        typer.Option("--timeout", "-t", min=0.1, help="Seconds for the whole render (overrides the file)."),
    ] = None,
    storage_state: StorageStateOption = None,
    cookie: CookieOption = None,
    proxy: ProxyOption = None,
    render: RenderOption = None,
) -> None:
    """Render a page, read the fields its selector file names, and preview them or write JSON."""
    overrides = session_overrides(storage_state, cookie, proxy, timeout, render)
    result = asyncio.run(extract_url(url, selectors=selectors, overrides=overrides))
    if result.generic:
        ui.note_line(f"no selector file matches {result.url}: read the generic article fields")
    if output is not None:
        write_json(result.to_dict(), output)
        if output != "-":
            ui.note_line(f"wrote {output}")
        for issue in result.errors:
            ui.error_line(issue.message)
    else:
        ui.show_result(result)
    if result.missing_required and not result.generic and not result.page_failed:
        missing = [issue.field for issue in result.errors if issue.kind == IssueKind.REQUIRED and issue.field]
        heal_hint(resolve_site(result.url, selectors), missing, result.url)
    raise typer.Exit(exit_code(result))
