"""Rich rendering of the result preview, the sites table, batch progress, recordings and error lines."""

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
from extractor.extract import Explanation
from extractor.models import Result
from extractor.recording.compare import MISSING, Difference
from extractor.sites import LoadedSite, Site

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


def value_text(value: Any, depth: int = 0) -> Text:
    if value is None:
        return Text("null", style="dim italic")
    if isinstance(value, list):
        if not value:
            return Text("[] (empty)", style="dim italic")
        text = Text(f"{len(value)} item{'s' if len(value) != 1 else ''}", style="cyan")
        for index, item in enumerate(value[:MAX_ITEMS]):
            text.append(f"\n{'  ' * depth}{index + 1}. ")
            text.append_text(value_text(item, depth + 1))
        if len(value) > MAX_ITEMS:
            text.append(f"\n{'  ' * depth}… {len(value) - MAX_ITEMS} more", style="dim")
        return text
    if isinstance(value, dict):
        text = Text()
        for index, (key, item) in enumerate(value.items()):
            if index:
                text.append("\n" + "  " * depth)
            text.append(f"{key}: ", style="bold")
            text.append_text(value_text(item, depth + 1))
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
        fields.add_row(name, value_text(value))
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
    """A progress bar on stderr: done / total, failures, pages per second, time left. It shows from
    ``begin`` on (so that an error before the first page is not drawn over an empty bar)."""

    def __init__(self) -> None:
        self._progress = Progress(
            TextColumn("[bold]batch"), BarColumn(), MofNCompleteColumn(),
            TextColumn("[red]{task.fields[failed]} failed"), TextColumn("{task.fields[rate]}"),
            TimeRemainingColumn(), console=stderr, transient=False,
        )  # fmt: skip
        self._task: TaskID = self._progress.add_task("batch", total=None, failed=0, rate="")

    def __enter__(self) -> BatchProgress:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._progress.stop()

    def begin(self, total: int) -> None:
        """Show the bar, for ``total`` pages to come."""
        self._progress.update(self._task, total=total)
        self._progress.start()

    def advance(self, failures: int) -> None:
        """One more page finished."""
        self._progress.advance(self._task)
        task = self._progress.tasks[0]
        rate = f"{task.completed / task.elapsed:.2f} pages/s" if task.elapsed else ""
        self._progress.update(self._task, failed=failures, rate=rate)


def show_batch_summary(summary: BatchSummary, output: Path, files: dict[str, Path] | None = None) -> None:
    """Per site: pages, failures, pages fetched and rendered, empty counts per field with drift marked,
    then for each drifting site the commands that heal it (``files``: each site's selector file)."""
    table = Table(title=f"{summary.done} pages written to {output}", title_justify="left", header_style="bold")
    table.add_column("site", style="bold green")
    table.add_column("pages", justify="right")
    table.add_column("failed", justify="right")
    table.add_column("fetched", justify="right")
    table.add_column("rendered", justify="right")
    table.add_column("empty fields (of pages read)")
    for name, stats in sorted(summary.sites.items()):
        drift = set(stats.drift())
        empty = Text()
        for field_name, count in sorted(stats.empty.items()):
            style = "bold red" if field_name in drift else ""
            empty.append(f"{field_name} {count}/{stats.loaded}", style=style)
            if field_name in drift:
                empty.append(" (drift: selector broken?)", style=style)
            empty.append("\n")
        empty.rstrip()
        failures = Text(str(stats.failures), style="red" if stats.failures else "")
        table.add_row(
            name, str(stats.pages), failures, str(stats.fetched), str(stats.rendered),
            empty if empty.plain else Text("none", style="dim"),
        )  # fmt: skip
    stderr.print(table)
    for name, stats in sorted(summary.sites.items()):
        drifting = stats.drift()
        if drifting:
            site_file = (files or {}).get(name, Path("SITE_FILE"))
            warning_line(
                f"drift on {name}: {', '.join(drifting)} empty on many pages; record one, then heal: "
                f"extractor record {stats.empty_example[drifting[0]]} -o recordings/{name}-drift && "
                f"extractor heal {site_file} --page recordings/{name}-drift"
            )


def show_recording_files(folder: Path) -> None:
    """The files of a recording with their sizes."""
    sizes = ", ".join(f"{file.name} {file.stat().st_size / 1024:.0f} KB" for file in sorted(folder.iterdir()))
    note_line(f"recorded into {folder}: {sizes}")


def test_line(folder: Path, status: str, count: int) -> None:
    """One line per recording tested."""
    style = {"passed": "green", "failed": "bold red", "updated": "yellow"}[status]
    detail = f" ({count} difference{'s' if count != 1 else ''})" if count else ""
    stdout.print(f"[{style}]{status.upper():8}[/] {escape(str(folder))}{detail}")


def _shown(value: object) -> Text:
    if value is MISSING:
        return Text("(absent)", style="dim italic")
    return value_text(value)


def show_differences(found: list[Difference]) -> None:
    """A readable diff: one row per differing field, expected beside actual."""
    table = Table(show_header=True, header_style="bold", expand=True, show_lines=True)
    table.add_column("field", style="bold", no_wrap=True)
    table.add_column("expected", style="green", ratio=1, overflow="fold")
    table.add_column("now", style="red", ratio=1, overflow="fold")
    for difference in found[:40]:
        table.add_row(difference.path, _shown(difference.expected), _shown(difference.actual))
    if len(found) > 40:
        table.add_row("…", f"{len(found) - 40} more", "")
    stdout.print(table)


def show_explanation(explanation: Explanation, site: Site) -> None:
    """Per field: alternatives tried (with node counts), the one that matched, raw and final values."""
    errors = {issue.field: issue for issue in explanation.result.errors if issue.field}
    table = Table(
        title=f"explain: {site.name}", title_justify="left", header_style="bold", show_lines=True, expand=True
    )
    table.add_column("field", style="bold", no_wrap=True)
    table.add_column("selectors tried (matches)", ratio=2, overflow="fold")
    table.add_column("raw", ratio=2, overflow="fold")
    table.add_column("value", ratio=2, overflow="fold")
    for trace in explanation.fields:
        tried = Text()
        for index, (kind, expression, count) in enumerate(trace.tried):
            if index:
                tried.append("\n")
            mark, style = ("✓", "green") if expression == trace.matched and count else ("✗", "red")
            tried.append(f"{mark} {kind} {expression} ({count})", style=style)
        if not trace.tried:
            tried.append("not reached (its container matched nothing)", style="dim")
        raw = Text("\n".join(shorten(item, 80) for item in trace.raw)) if trace.raw else Text("-", style="dim")
        issue = errors.get(trace.path)
        value = Text(f"error: {issue.message}", style="red") if issue else value_text(trace.value)
        table.add_row(trace.path, tried, raw, value)
    stdout.print(table)
    for rule, count in explanation.removed.items():
        stdout.print(f"remove {escape(rule)}: dropped {count} node{'s' if count != 1 else ''}")


def is_interactive() -> bool:
    """True when stdout is a terminal."""
    return sys.stdout.isatty()


def warning_line(message: str) -> None:
    """A yellow line on stderr."""
    stderr.print(f"[yellow]warning:[/] {escape(message)}", soft_wrap=True)
