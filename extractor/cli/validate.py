"""``extractor validate [PATH...]``: lint selector files and print every problem as ``file:line:col``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from extractor.cli import authoring_ui
from extractor.errors import UsageError
from extractor.sites.lint import collect_files, lint_files
from extractor.sites.matching import default_selectors_path


def validate_command(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="[PATH...]",
            help="Selector files or folders of them. Default: ./selectors/, else the files shipped with extractor.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Check selector files against the format and report every problem; exit 1 if there is any."""
    sources = paths or [default_selectors_path()]
    files = collect_files(sources)
    if not files:
        raise UsageError(f"no selector files (.yaml, .yml) in {', '.join(str(path) for path in sources)}")
    problems = lint_files(files)
    for problem in problems:
        authoring_ui.problem_line(problem)
    authoring_ui.validate_summary(len(files), problems)
    raise typer.Exit(1 if problems else 0)
