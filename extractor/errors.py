"""The project's exceptions: one root, each child carrying its context.

    ExtractorError
    ├── UsageError              bad input to a call or a command: an unknown URL scheme, a missing file
    ├── SelectorFileError       a selector file that cannot be read or breaks the format (file:line)
    ├── NoMatchingSiteError     no selector file's ``match`` fits the URL
    ├── BrowserError            Chromium could not be found or started
    ├── PageLoadError           the page could not be had (``kind``: an IssueKind, the JSON's word)
    │   ├── DNSError            its host name does not resolve
    │   ├── RefusedError        the connection was refused, reset or closed; or a refused host
    │   ├── HTTPStatusError     the server answered with an error status (``status``)
    │   ├── PageTimeoutError    it did not load, or its DOM could not be read, in time
    │   ├── PageCrashError      the page or the browser crashed while rendering
    │   ├── NotAPageError       the URL is a file to download, not a web page
    │   └── ProxyError          the proxy could not be reached, or refused the page or the credentials
    ├── RecordingError          a recording folder that is missing, incomplete or damaged
    ├── FieldValueError         a value a field's ``type`` cannot convert (recorded per field)
    └── ReferenceUnavailable    a reference extractor cannot run here (Node or its package missing)

Library users catch ``ExtractorError`` for everything the tool raises on purpose, or a child for one
cause. Exit codes are the CLI's business (``extractor.cli.app``).
"""

from __future__ import annotations

from pathlib import Path

from extractor.models import IssueKind


class ExtractorError(Exception):
    """Root of every error the extractor raises on purpose."""

    def __str__(self) -> str:
        return self.message

    @property
    def message(self) -> str:
        """One line that says what went wrong and where."""
        return super().__str__()


class UsageError(ExtractorError):
    """Bad input to a call or a command: an unknown URL scheme, a missing file, clashing options."""


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
    """The page could not be had; a child says why, and ``kind`` is that cause's IssueKind (``LOAD``
    here: TLS, a redirect loop, an invalid URL, another browser error). ``of_kind`` builds the child
    for a kind."""

    kind: IssueKind = IssueKind.LOAD

    def __init__(self, url: str, reason: str, status: int | None = None):
        self.url = url
        self.reason = reason
        self.status = status
        super().__init__(reason)

    @property
    def message(self) -> str:
        return f"{self.url}: {self.reason}"

    @staticmethod
    def of_kind(kind: IssueKind, url: str, reason: str, status: int | None = None) -> PageLoadError:
        """The error of this kind's class (``PageLoadError`` itself for ``LOAD`` and unknown kinds)."""
        cause = next((child for child in PageLoadError.__subclasses__() if child.kind == kind), PageLoadError)
        return cause(url, reason, status)


class DNSError(PageLoadError):
    """The page's host name does not resolve."""

    kind = IssueKind.DNS


class RefusedError(PageLoadError):
    """The connection was refused, reset or closed without an answer; or the host is one the render refuses."""

    kind = IssueKind.REFUSED


class HTTPStatusError(PageLoadError):
    """The server answered with an error status (``status``)."""

    kind = IssueKind.HTTP


class PageTimeoutError(PageLoadError):
    """The page did not load, or its DOM could not be read, within the timeout."""

    kind = IssueKind.TIMEOUT


class PageCrashError(PageLoadError):
    """The page's renderer or the browser crashed while rendering."""

    kind = IssueKind.CRASH


class NotAPageError(PageLoadError):
    """The URL is a file to download, not a web page."""

    kind = IssueKind.DOWNLOAD


class ProxyError(PageLoadError):
    """The proxy could not be reached, refused the connection, or asked for (other) credentials."""

    kind = IssueKind.PROXY


class RecordingError(ExtractorError):
    """A recording folder that is missing, incomplete or damaged."""


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
