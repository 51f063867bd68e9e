"""Plain data that flows between the stages: Snapshot (browser -> extract) and Result (extract -> CLI)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

PAGE_ERROR_KINDS = frozenset({"load", "dns", "refused", "http", "timeout", "crash", "download"})


@dataclass(frozen=True)
class Issue:
    """One problem found while rendering or extracting, kept in the result instead of raised.

    ``kind`` is one of: ``required`` (a required field matched nothing), ``value`` (a value its
    type could not convert), ``bound`` (a render bound was hit), ``navigated`` (the page navigated
    by itself to a page that failed; it was read as it was before it left: a warning), or a page
    error kind (``load``, ``dns``, ``refused``, ``http``, ``timeout``, ``crash``, ``download``).
    """

    kind: str
    message: str
    field: str | None = None
    raw: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON form, without empty keys."""
        return {key: value for key, value in asdict(self).items() if value is not None}

    @property
    def is_page_error(self) -> bool:
        """True when the page itself could not be loaded or rendered."""
        return self.kind in PAGE_ERROR_KINDS


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

    @classmethod
    def failure(cls, url: str, site: str | None, kind: str, message: str, status: int | None = None) -> Result:
        """The result for a page that could not be read: no data, the reason in ``errors``."""
        return cls(url=url, final_url=url, site=site, data={}, errors=[Issue(kind, message)], status=status)

    @property
    def page_failed(self) -> bool:
        """True when the page could not be loaded or rendered completely."""
        return any(issue.is_page_error for issue in self.errors)

    @property
    def missing_required(self) -> bool:
        """True when a required field came back empty."""
        return any(issue.kind == "required" for issue in self.errors)

    def to_dict(self) -> dict[str, Any]:
        """The JSON document written by ``extract -o``."""
        return {
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
