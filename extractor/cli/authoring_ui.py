"""The rich rendering of the authoring commands: ``validate``'s problem lines and ``try``'s tables."""

from __future__ import annotations

import sys

from rich.markup import escape
from rich.table import Table
from rich.text import Text

from extractor.cli.ui import shorten, stderr, stdout, value_text
from extractor.extract.probe import ProbeResult
from extractor.sites.lint import Problem

MAX_PROBE_ROWS = 50
TRY_HELP = (
    "css SELECTOR | xpath EXPRESSION | jsonld PATH | state PATH "
    "(a bare line is CSS, or XPath when it starts with / or ( ) | attr NAME | type TYPE | regex PATTERN "
    "(attr, type, regex alone reset) | help | quit"
)


def problem_line(problem: Problem) -> None:
    """One ``file:line:col: message`` line on stdout, never wrapped."""
    message = Text(str(problem))
    message.stylize("bold", 0, len(str(problem)) - len(problem.message))
    stdout.print(message, soft_wrap=True)


def validate_summary(files: int, problems: list[Problem]) -> None:
    """``N files OK`` on stderr, or how many problems in how many files."""
    plural = "s" if files != 1 else ""
    if not problems:
        stderr.print(f"[green]{files} file{plural} OK[/]")
        return
    bad = len({problem.path for problem in problems})
    count = len(problems)
    stderr.print(f"[bold red]{count} problem{'s' if count != 1 else ''} in {bad} of {files} file{plural}[/]")


def show_probe(result: ProbeResult) -> None:
    """The nodes a selector matched, each with its raw value and the value or error a field would give."""
    keys = [f"{key} {value}" for key, value in (("attr", result.attr), ("regex", result.regex)) if value]
    keys += [f"type {result.type}"] if result.type != "text" else []
    count = len(result.nodes)
    heading = f"{result.kind} {result.expression}" + (f" ({', '.join(keys)})" if keys else "")
    noun = "value" if result.kind in ("jsonld", "state") else "node"
    heading += f": {count} {noun}{'s' if count != 1 else ''}"
    if not count:
        stdout.print(Text(heading + ", matched nothing", style="yellow"), soft_wrap=True)
        return
    with_raw = any(node.raw is not None and node.raw != node.value for node in result.nodes)
    table = Table(title=Text(heading), title_justify="left", header_style="bold", expand=True)
    table.add_column("#", justify="right", style="dim", no_wrap=True)
    table.add_column("node", no_wrap=True)
    if with_raw:
        table.add_column("raw", ratio=1, overflow="fold")
    table.add_column("value", ratio=1, overflow="fold")
    for index, node in enumerate(result.nodes[:MAX_PROBE_ROWS]):
        if node.error is not None:
            value = Text(f"error: {node.error}", style="red")
        elif node.value is None:
            value = Text("(no value)", style="dim italic")
        else:
            value = value_text(node.value)
        raw = [Text(shorten(node.raw, 100)) if node.raw is not None else Text("-", style="dim")] if with_raw else []
        table.add_row(str(index + 1), node.label, *raw, value)
    if count > MAX_PROBE_ROWS:
        table.add_row("…", f"{count - MAX_PROBE_ROWS} more", *([""] * (2 if with_raw else 1)))
    stdout.print(table)
    summary = Text("as a field: ", style="bold")
    summary.append_text(value_text(result.first))
    values = len(result.values)
    summary.append(f"   with multiple: {values} value{'s' if values != 1 else ''}", style="dim")
    if result.errors:
        summary.append(f"   {len(result.errors)} conversion error{'s' if len(result.errors) != 1 else ''}", style="red")
    stdout.print(summary, soft_wrap=True)


def try_intro(source: str) -> None:
    """What the interactive ``try`` evaluates against, and its commands."""
    stderr.print(f"[bold]trying selectors against[/] {escape(source)}", soft_wrap=True)
    stderr.print(f"[dim]{escape(TRY_HELP)}[/]", soft_wrap=True)


def try_help() -> None:
    """The interactive commands."""
    stdout.print(escape(TRY_HELP), soft_wrap=True)


def ask(prompt: str) -> str | None:
    """One line typed after ``prompt``; None at the end of input. Piped lines are echoed after it."""
    try:
        line = stdout.input(Text(prompt, style="bold cyan"))
    except EOFError:
        stdout.print()
        return None
    if not sys.stdin.isatty():
        stdout.print(line, markup=False, highlight=False)
    return line
