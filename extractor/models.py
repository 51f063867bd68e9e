"""Plain data that flows between the stages: Snapshot (browser -> extract) and Result (extract -> CLI)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any


def is_empty(value: Any) -> bool:
    """Whether a field's value is empty: None, "", [] or {}."""
    return value is None or value == "" or value == [] or value == {}


class IssueKind(StrEnum):
    """Why an :class:`Issue` was reported; the JSON output carries the value (``"required"``...).

    Field problems (in ``errors``): ``REQUIRED``, ``VALUE``; ``SITE``, no selector file matched the
    URL (batch). Page errors (in ``errors``; the page could not be had, see ``PAGE_ERRORS``):
    ``LOAD``, ``DNS``, ``REFUSED``, ``HTTP``, ``TIMEOUT``, ``CRASH``, ``DOWNLOAD``, ``PROXY``. Warnings (the data
    is there, but read under a condition): ``BOUND``, ``STALLED``, ``NAVIGATED``, ``RETRIED``,
    ``UNANSWERED``, ``SOURCE``, ``DISAGREEMENT``, ``SESSION``, ``CONSENT``, ``PAGINATION``, ``FRAME``,
    ``ADAPTIVE``.
    """

    REQUIRED = "required"  # a required field matched nothing
    VALUE = "value"  # a value its field's type could not convert
    SITE = "site"  # no selector file's match patterns fit the URL, or its file cannot be used (batch)
    LOAD = "load"  # the page could not be loaded, for another reason (TLS, redirect loop, invalid URL)
    DNS = "dns"  # its host name does not resolve
    REFUSED = "refused"  # the connection was refused, reset or closed, or the host is one the render refuses
    HTTP = "http"  # the server answered with an error status (the result's ``status``)
    TIMEOUT = "timeout"  # the page did not load, or its DOM could not be read, in time
    CRASH = "crash"  # the page or the browser crashed while rendering
    DOWNLOAD = "download"  # the URL is a file to download, not a web page
    PROXY = "proxy"  # the proxy could not be reached, or refused the page or the credentials
    BOUND = "bound"  # a render bound was hit: the page kept adding content, or never went quiet
    STALLED = "stalled"  # a host held the load up: the page was loaded again without it
    NAVIGATED = "navigated"  # the page navigated away by itself; it was read as it was before it left
    RETRIED = "retried"  # batch tried the page again after a transient failure
    UNANSWERED = "unanswered"  # replay: a request the recording holds no answer for
    SOURCE = "source"  # zero-config read the HTML the server sent: the rendered page lost the article
    DISAGREEMENT = "disagreement"  # zero-config: the body agrees little with a reference extractor
    SESSION = "session"  # the storage state's cookies have expired: the page may show a logged-out view
    CONSENT = "consent"  # a consent wall stayed, or the render.consent button never appeared
    ADAPTIVE = "adaptive"  # batch, render: auto: HTTP fell short of the browser; the site went back to rendering
    PAGINATION = "pagination"  # a multi-page article's next page not read (max_pages, a loop, a failure)
    FRAME = "frame"  # the site's `frame` matched no iframe with a readable document (missing, cross-origin)


PAGE_ERRORS = frozenset(
    {
        IssueKind.LOAD,
        IssueKind.DNS,
        IssueKind.REFUSED,
        IssueKind.HTTP,
        IssueKind.TIMEOUT,
        IssueKind.CRASH,
        IssueKind.DOWNLOAD,
        IssueKind.PROXY,
    }
)


@dataclass(frozen=True)
class Issue:
    """One problem found while rendering or extracting, kept in the result instead of raised (its
    ``kind`` says which, see :class:`IssueKind`)."""

    kind: IssueKind
    message: str
    field: str | None = None
    raw: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON form, without empty keys."""
        return {key: value for key, value in asdict(self).items() if value is not None}

    @property
    def is_page_error(self) -> bool:
        """True when the page itself could not be loaded or rendered."""
        return self.kind in PAGE_ERRORS


@dataclass
class MediaItem:
    """One video embed or stream found on the page."""

    url: str
    kind: str  # "embed" (iframe player), "video" (<video> element), "stream" (media URL seen on the network)
    title: str | None = None
    provider: str | None = None
    mime: str | None = None
    poster: str | None = None
    stream: str | None = None  # for an embed: the media URL its player loaded, when seen
    found_by: str = "dom"  # "dom", "frame" or "network"

    def to_dict(self) -> dict[str, Any]:
        """The JSON form, without empty keys."""
        return {key: value for key, value in asdict(self).items() if value is not None}


@dataclass(frozen=True)
class FrameDocument:
    """The document of one same-origin iframe (or frame) of the page, serialized as the page's own.

    Its element in the HTML of the document that holds it carries ``data-extractor-frame="N"``, N its
    index in ``Snapshot.frames``. ``url`` is the frame document's URL (for a ``srcdoc`` or
    ``about:blank`` frame, the URL its links resolve against: its parent's)."""

    url: str
    html: str


@dataclass
class Snapshot:
    """The final state of a rendered page: everything extraction needs, and nothing of the browser."""

    url: str
    final_url: str
    html: str
    status: int | None = None
    media: list[MediaItem] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    # the main document's HTML as the server sent it, decoded as the browser did (``browser/source.py``);
    # None when not known. Never part of ``Result``: the JSON output does not carry it.
    source_html: str | None = None
    # the documents of the page's same-origin frames (``FrameDocument``), read with the DOM; cross-origin
    # ones are not readable, and are not here
    frames: list[FrameDocument] = field(default_factory=list)


@dataclass
class Result:
    """What extraction produced for one page."""

    url: str
    final_url: str
    site: str | None
    data: dict[str, Any]
    media: list[MediaItem] = field(default_factory=list)
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    status: int | None = None
    timings: dict[str, float] = field(default_factory=dict)
    generic: bool = False  # read without a selector file, by article detection
    pages: list[str] = field(default_factory=list)  # paginate: the URLs of the article's pages read, in order
    fetched: bool = False  # read over HTTP without a browser (render.browser: never, or auto once learned)

    @classmethod
    def failure(cls, url: str, site: str | None, kind: IssueKind, message: str, status: int | None = None) -> Result:
        """The result for a page that could not be read: no data, the reason in ``errors``."""
        return cls(url=url, final_url=url, site=site, data={}, errors=[Issue(kind, message)], status=status)

    @property
    def page_failed(self) -> bool:
        """True when the page could not be loaded or rendered completely."""
        return any(issue.is_page_error for issue in self.errors)

    @property
    def missing_required(self) -> bool:
        """True when a required field came back empty."""
        return any(issue.kind == IssueKind.REQUIRED for issue in self.errors)

    def to_dict(self) -> dict[str, Any]:
        """The JSON document written by ``extract -o`` (``pages`` only for an article read over several)."""
        document: dict[str, Any] = {
            "url": self.url,
            "final_url": self.final_url,
            "status": self.status,
            "site": self.site,
            "generic": self.generic,
            "data": self.data,
            "media": [item.to_dict() for item in self.media],
            "errors": [issue.to_dict() for issue in self.errors],
            "warnings": [issue.to_dict() for issue in self.warnings],
            "timings": {step: round(seconds, 3) for step, seconds in self.timings.items()},
        }
        if len(self.pages) > 1:
            document["pages"] = list(self.pages)
        if self.fetched:
            document["fetched"] = True
        return document
