"""All rich rendering lives here: the result preview, the sites table, error lines."""

from __future__ import annotations

import sys
from pathlib import Path
from types import TracebackType
from typing import Any

from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from extractor.batch.summary import BatchSummary
from extractor.models import Result
from extractor.sites import LoadedSite

MAX_TEXT = 160
MAX_ITEMS = 6

stdout = Console(highlight=False)
stderr = Console(stderr=True, highlight=False)


def error_line(message: str) -> None:
    """One red line on stderr; ``markup`` in the message is shown literally."""
    stderr.print(f"[bold red]error:[/] {escape(message)}", soft_wrap=True)


def note_line(message: str) -> None:
    """A dim informational line on stderr."""
    stderr.print(f"[dim]{escape(message)}[/]", soft_wrap=True)


def shorten(text: str, limit: int = MAX_TEXT) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _value(value: Any, depth: int = 0) -> Text:
    if value is None:
        return Text("null", style="dim italic")
    if isinstance(value, list):
        if not value:
            return Text("[] (empty)", style="dim italic")
        text = Text(f"{len(value)} item{'s' if len(value) != 1 else ''}", style="cyan")
        for index, item in enumerate(value[:MAX_ITEMS]):
            text.append(f"\n{'  ' * depth}{index + 1}. ")
            text.append_text(_value(item, depth + 1))
        if len(value) > MAX_ITEMS:
            text.append(f"\n{'  ' * depth}… {len(value) - MAX_ITEMS} more", style="dim")
        return text
    if isinstance(value, dict):
        text = Text()
        for index, (key, item) in enumerate(value.items()):
            if index:
                text.append("\n" + "  " * depth)
            text.append(f"{key}: ", style="bold")
            text.append_text(_value(item, depth + 1))
        return text
    if isinstance(value, bool | int | float):
        return Text(str(value), style="magenta")
    return Text(shorten(str(value)))


def result_view(result: Result) -> Group:
    """The preview of one extraction: fields, media, errors and warnings."""
    parts: list[Any] = []
    header = Text()
    header.append(result.site or "(no site)", style="bold green")
    header.append(f"  {result.final_url}", style="dim")
    if result.status is not None:
        header.append(f"  HTTP {result.status}", style="dim")
    shown = ("render", "extract")
    timing = ", ".join(f"{step} {seconds:.2f}s" for step, seconds in result.timings.items() if step in shown)
    if timing:
        header.append(f"\n{timing}", style="dim")
    parts.append(header)

    fields = Table(show_header=True, header_style="bold", expand=True, show_lines=True)
    fields.add_column("field", style="bold", no_wrap=True)
    fields.add_column("value", overflow="fold", ratio=1)
    for name, value in result.data.items():
        fields.add_row(name, _value(value))
    if result.data:
        parts.append(fields)

    if result.media:
        media = Table(title="media", title_justify="left", show_header=True, header_style="bold", expand=True)
        media.add_column("kind", no_wrap=True)
        media.add_column("provider", no_wrap=True)
        media.add_column("title", overflow="fold", ratio=2)
        media.add_column("url", overflow="fold", ratio=3)
        for item in result.media:
            media.add_row(item.kind, item.provider or "", shorten(item.title or "", 80), item.url)
        parts.append(media)
    else:
        parts.append(Text("media: none found", style="dim"))

    for issue in result.errors:
        parts.append(Text(f"error: {issue.message}", style="bold red"))
        if issue.raw is not None:
            parts.append(Text(f"       raw value: {shorten(issue.raw, 100)!r}", style="red"))
    for issue in result.warnings:
        parts.append(Text(f"warning: {issue.message}", style="yellow"))
    return Group(*parts)


def show_result(result: Result) -> None:
    """Print the preview on stdout."""
    stdout.print(Panel(result_view(result), title="extractor", title_align="left", border_style="blue"))


def show_sites(sites: list[LoadedSite], source: str) -> None:
    """The selector files found, with their match patterns."""
    table = Table(title=f"selector files in {source}", title_justify="left", header_style="bold")
    table.add_column("site", style="bold green")
    table.add_column("file")
    table.add_column("match")
    table.add_column("fields", justify="right")
    for loaded in sites:
        table.add_row(loaded.name, str(loaded.path), "\n".join(loaded.site.match), str(len(loaded.site.fields)))
    stdout.print(table)


class BatchProgress:
    """A progress bar on stderr: done / total, failures, pages per second, time left."""

    def __init__(self, total: int):
        self._progress = Progress(
            TextColumn("[bold]batch"), BarColumn(), MofNCompleteColumn(),
            TextColumn("[red]{task.fields[failed]} failed"), TextColumn("{task.fields[rate]}"),
            TimeRemainingColumn(), console=stderr, transient=False,
        )  # fmt: skip
        self._task: TaskID = self._progress.add_task("batch", total=total, failed=0, rate="")

    def __enter__(self) -> BatchProgress:
        self._progress.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._progress.stop()

    def advance(self, failures: int) -> None:
        """One more page finished."""
        self._progress.advance(self._task)
        task = self._progress.tasks[0]
        rate = f"{task.completed / task.elapsed:.2f} pages/s" if task.elapsed else ""
        self._progress.update(self._task, failed=failures, rate=rate)


def show_batch_summary(summary: BatchSummary, output: Path) -> None:
    """Per site: pages, failures, empty counts per field, and required fields that look broken."""
    table = Table(title=f"{summary.done} pages written to {output}", title_justify="left", header_style="bold")
    table.add_column("site", style="bold green")
    table.add_column("pages", justify="right")
    table.add_column("failed", justify="right")
    table.add_column("empty fields (of pages read)")
    for name, stats in sorted(summary.sites.items()):
        broken = set(stats.broken_fields())
        empty = Text()
        for field_name, count in sorted(stats.empty.items()):
            style = "bold red" if field_name in broken else ""
            empty.append(f"{field_name} {count}/{stats.loaded}", style=style)
            if field_name in broken:
                empty.append(" (required: selector broken?)", style=style)
            empty.append("\n")
        empty.rstrip()
        failures = Text(str(stats.failures), style="red" if stats.failures else "")
        table.add_row(name, str(stats.pages), failures, empty if empty.plain else Text("none", style="dim"))
    stderr.print(table)


def is_interactive() -> bool:
    """True when stdout is a terminal."""
    return sys.stdout.isatty()
