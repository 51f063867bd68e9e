"""extractor: clean, structured data from pages that only show their content after JavaScript runs.

    >>> import asyncio, extractor
    >>> result = asyncio.run(extractor.extract_url("https://...", selectors="selectors/"))
    >>> result.to_dict()["data"]
"""

from extractor.api import extract_page, extract_url
from extractor.browser import Browser, render
from extractor.errors import (
    BrowserError,
    DNSError,
    ExtractorError,
    FieldValueError,
    HTTPStatusError,
    NoMatchingSiteError,
    NotAPageError,
    PageCrashError,
    PageLoadError,
    PageTimeoutError,
    ProxyError,
    RecordingError,
    RefusedError,
    SelectorFileError,
    UsageError,
)
from extractor.extract import extract
from extractor.models import Issue, IssueKind, MediaItem, Result, Snapshot
from extractor.settings import Settings
from extractor.sites import (
    FieldSpec,
    LoadedSite,
    RenderOverrides,
    RenderSpec,
    Site,
    load_site,
    load_sites,
    parse_site,
    resolve_site,
)

__version__ = "0.1.0"

__all__ = [
    "Browser",
    "BrowserError",
    "DNSError",
    "ExtractorError",
    "FieldSpec",
    "FieldValueError",
    "HTTPStatusError",
    "Issue",
    "IssueKind",
    "LoadedSite",
    "MediaItem",
    "NoMatchingSiteError",
    "NotAPageError",
    "PageCrashError",
    "PageLoadError",
    "PageTimeoutError",
    "ProxyError",
    "RecordingError",
    "RefusedError",
    "RenderOverrides",
    "RenderSpec",
    "Result",
    "SelectorFileError",
    "Settings",
    "Site",
    "Snapshot",
    "UsageError",
    "__version__",
    "extract",
    "extract_page",
    "extract_url",
    "load_site",
    "load_sites",
    "parse_site",
    "render",
    "resolve_site",
]
