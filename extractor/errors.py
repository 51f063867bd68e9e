"""The project's exceptions: one root, a few children, each carrying its context.

The CLI maps them to exit codes (see ``exit_code``); library users catch
``ExtractorError`` to handle everything the tool raises on purpose.
"""

from __future__ import annotations

from pathlib import Path


class ExtractorError(Exception):
    """Root of every error the extractor raises on purpose."""

    exit_code = 2

    def __str__(self) -> str:
        return self.message

    @property
    def message(self) -> str:
        """One line that says what went wrong and where."""
        return super().__str__()


class UsageError(ExtractorError):
    """Bad command-line input: an unknown URL scheme, a missing file."""


class SelectorFileError(ExtractorError):
    """A selector file that cannot be read or does not follow the format."""

    def __init__(self, path: Path | str, reason: str, line: int | None = None, col: int | None = None):
        self.path = Path(path)
        self.reason = reason
        self.line = line
        self.col = col
        super().__init__(reason)

    @property
    def message(self) -> str:
        where = str(self.path)
        if self.line is not None:
            where += f":{self.line}"
            if self.col is not None:
                where += f":{self.col}"
        return f"{where}: {self.reason}"


class NoMatchingSiteError(ExtractorError):
    """No selector file's ``match`` patterns fit the URL."""

    def __init__(self, url: str, searched: str):
        self.url = url
        self.searched = searched
        super().__init__(f"no selector file in {searched} matches {url} (pass --selectors FILE to use one)")


class BrowserError(ExtractorError):
    """Chromium could not be found or started."""


class PageLoadError(ExtractorError):
    """The page could not be loaded: DNS, refused connection, HTTP error status, timeout, crash."""

    exit_code = 3

    def __init__(self, url: str, reason: str, kind: str = "load", status: int | None = None):
        self.url = url
        self.reason = reason
        self.kind = kind
        self.status = status
        super().__init__(reason)

    @property
    def message(self) -> str:
        return f"{self.url}: {self.reason}"


class FieldValueError(ExtractorError):
    """A value that a field's ``type`` cannot convert (raised by converters, recorded per field)."""

    def __init__(self, reason: str, raw: str | None = None):
        self.reason = reason
        self.raw = raw
        super().__init__(reason)


class ReferenceUnavailable(ExtractorError):  # noqa: N818 (the name says what the caller checks for)
    """A reference extractor cannot run here: its runtime (``node``) or its package is missing."""

    def __init__(self, missing: str, reason: str):
        self.missing = missing  # what to install: "node", "@mozilla/readability", ...
        self.reason = reason
        super().__init__(reason)
