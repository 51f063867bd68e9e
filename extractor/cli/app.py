"""The ``extractor`` command: a thin layer that parses arguments, calls the library, shows results.

Exit status: 0 ok; 1 a required field is missing; 2 bad usage or selector file; 3 the page could
not be loaded; 130 interrupted. Every error is one line on stderr.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import typer

from extractor.cli import ui
from extractor.errors import ExtractorError, PageLoadError

app = typer.Typer(
    name="extractor",
    help="Clean, structured data from pages that only show their content after JavaScript runs.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

F = TypeVar("F", bound=Callable[..., Any])


def reports_errors(command: F) -> F:
    """Turn the project's exceptions into one red line and their exit code; Ctrl-C into 130."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except ExtractorError as error:
            ui.error_line(error.message)
            raise typer.Exit(exit_status(error)) from None
        except KeyboardInterrupt:
            _quiet_after_interrupt()
            ui.error_line("interrupted")
            raise typer.Exit(130) from None

    return wrapper  # type: ignore[return-value]


def exit_status(error: ExtractorError) -> int:
    """The exit status for an error: 3 when the page could not be had, else 2 (bad input, a selector
    file, a recording, the browser)."""
    return 3 if isinstance(error, PageLoadError) else 2


def _quiet_after_interrupt() -> None:
    """Ctrl-C also stops Playwright's driver; asyncio would then log its lost futures as errors."""
    logging.getLogger("asyncio").setLevel(logging.CRITICAL)


def _register() -> None:
    from extractor.cli import (
        batch,
        check,
        demo,
        explain,
        extract,
        heal,
        login,
        record,
        replay,
        sites,
        suggest,
        try_selector,
        validate,
    )  # fmt: skip

    app.command(name="extract")(reports_errors(extract.extract_command))
    app.command(name="batch")(reports_errors(batch.batch_command))
    app.command(name="record")(reports_errors(record.record_command))
    app.command(name="replay")(reports_errors(replay.replay_command))
    app.command(name="test")(reports_errors(check.test_command))
    app.command(name="heal")(reports_errors(heal.heal_command))
    app.command(name="explain")(reports_errors(explain.explain_command))
    app.command(name="suggest")(reports_errors(suggest.suggest_command))
    app.command(name="sites")(reports_errors(sites.sites_command))
    app.command(name="validate")(reports_errors(validate.validate_command))
    app.command(name="try")(reports_errors(try_selector.try_command))
    app.command(name="login")(reports_errors(login.login_command))
    app.command(name="demo")(reports_errors(demo.demo_command))


_register()


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:
        _quiet_after_interrupt()
        ui.error_line("interrupted")
        sys.exit(130)
    except Exception as error:
        if os.environ.get("EXTRACTOR_DEBUG"):
            raise
        ui.error_line(f"internal error: {type(error).__name__}: {error} (set EXTRACTOR_DEBUG=1 for details)")
        sys.exit(70)
