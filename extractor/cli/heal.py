"""``extractor heal SITE_FILE --page URL|RECORDING [RECORDING...]``: propose proven fixes for the
fields a site's redesign broke, and with ``--write`` apply them to the file."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from extractor.browser import Browser
from extractor.browser.render import render
from extractor.cli import ui
from extractor.errors import ExtractorError, RecordingError
from extractor.heal.repair import HealReport, heal, recordings_of
from extractor.models import Snapshot
from extractor.recording import Recording, open_source
from extractor.sites import LoadedSite, load_site


def heal_command(
    site_file: Annotated[Path, typer.Argument(metavar="SITE_FILE", help="The selector file to heal.")],
    page: Annotated[
        str, typer.Option("--page", metavar="URL|RECORDING", help="The changed page: a URL to render, or a recording.")
    ],
    recordings: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="[RECORDING...]",
            help="Older recordings of the site (folders, or folders holding them) to prove fixes against. "
            "Default: the site's recordings under ./recordings/.",
        ),
    ] = None,
    write: Annotated[bool, typer.Option("--write", help="Apply the proven fixes to SITE_FILE.")] = False,
) -> None:
    """Find the fields that a changed page breaks, propose a selector for each from the recorded
    fingerprints, prove it against every older recording, and show (or write) the proven patch.
    Exit 0 when every broken field is healed, 1 when some are not, 2 for bad input."""
    loaded = load_site(site_file)
    source = open_source(page)
    leave_out = source.path if isinstance(source, Recording) else None
    older = recordings_of(loaded, recordings or [Path("recordings")], leave_out)
    if not older:
        raise RecordingError(f"{site_file}: no recording of site {loaded.name!r} to prove fixes against")
    snapshot = source.snapshot() if isinstance(source, Recording) else asyncio.run(_render(source, loaded))
    started = time.perf_counter()
    report = heal(loaded, snapshot, older)
    show_report(report, time.perf_counter() - started)
    if write and report.patched_source is not None:
        loaded.path.write_text(report.patched_source, encoding="utf-8")
        ui.note_line(f"wrote {loaded.path}: {len(report.proven)} proven fix{'es' if len(report.proven) != 1 else ''}")
    elif report.patched_source is not None:
        ui.note_line("run again with --write to apply the proven fixes")
    raise typer.Exit(0 if report.healed else 1)


def heal_hint(loaded: LoadedSite, fields: list[str], page: str) -> None:
    """One line, when ``fields`` came back empty and the site has recordings under ./recordings/: how
    ``heal`` could fix them from ``page`` (a URL or a recording of the changed page)."""
    if not fields or not Path("recordings").is_dir():
        return
    try:
        count = len(recordings_of(loaded, [Path("recordings")]))
    except ExtractorError:  # a damaged recording: the hint is not worth an error
        return
    if count:
        names = ", ".join(fields)
        ui.note_line(
            f"hint: {names} came back empty and {loaded.name} has {count} recording{'s' if count != 1 else ''}; "
            f"if the site changed: extractor heal {loaded.path} --page {page}"
        )


async def _render(url: str, loaded: LoadedSite) -> Snapshot:
    """The changed page, rendered as extract would, but without waiting for ``render.wait_for`` (a
    redesign often breaks it too; the render still waits until the page is done)."""
    async with Browser() as browser:
        return await render(browser, url, loaded.site.render.model_copy(update={"wait_for": None}))


def show_report(report: HealReport, seconds: float) -> None:
    """The broken fields with their proposals and verdicts, the candidates of those not proven, and the patch."""
    count = len(report.checked)
    ui.stdout.print(
        f"[bold]heal[/] {escape(str(report.loaded.path))} on {escape(report.page_url)}: "
        f"{len(report.broken)} field{'s' if len(report.broken) != 1 else ''} broken, "
        f"proved against {count} recording{'s' if count != 1 else ''} ({seconds:.2f} s)",
        soft_wrap=True,
    )
    for note in report.notes:
        ui.warning_line(note)
    if not report.broken:
        ui.stdout.print("[green]nothing to heal:[/] every field reads as it did on the recording")
        return
    table = Table(header_style="bold", show_lines=True, expand=True)
    for name, ratio in (("field", 0), ("broken", 2), ("proposed", 3), ("score", 0), ("verdict", 2)):
        table.add_column(name, ratio=ratio or None, overflow="fold", no_wrap=not ratio)
    for item in report.broken:
        proposal = report.proposals.get(item.name)
        if proposal is None:
            table.add_row(item.name, Text(item.why), "-", "-", Text("not healed", style="red"))
            continue
        verdict = Text("proven", style="green") if proposal.proven else Text(f"no proven fix: {proposal.reason}", "red")
        table.add_row(item.name, Text(item.why), Text(proposal.css or "-"), f"{proposal.score:.2f}", verdict)
    ui.stdout.print(table)
    for proposal in report.proposals.values():
        if not proposal.proven and proposal.candidates:
            ui.stdout.print(f"candidates for [bold]{proposal.name}[/]:")
            for css, score, text in proposal.candidates:
                line = Text(f"  {score:.2f}  {css or '(no robust selector)'}  ")
                ui.stdout.print(line.append(ui.shorten(text, 60), style="dim"), soft_wrap=True)
    diff = report.diff()
    if diff:  # never wrapped: the patch can be copied as it is
        for changed in diff.splitlines():
            style = "green" if changed.startswith("+") else "red" if changed.startswith("-") else ""
            ui.stdout.print(Text(changed, style=style), soft_wrap=True)
