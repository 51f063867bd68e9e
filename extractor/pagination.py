"""Articles over several pages (a site's ``paginate`` key): follow the next link, merge the pages.

``follow_pages`` reads the pages after the first with an async reader (a live render, a recording's
HAR), ``follow_recorded`` with a plain one (a recording's DOMs). Both stop at the last page, at a
page that cannot be read, at a link back to a page already read, at a next link that is not http(s),
or at ``max_pages``; all but the first with a one-line ``pagination`` warning. What was read is kept.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

from extractor.errors import PageLoadError
from extractor.extract import extract
from extractor.extract.engine import parse_document
from extractor.extract.media import merge_media
from extractor.models import Issue, IssueKind, Result, Snapshot
from extractor.sites.schema import PaginateSpec, Site

JOIN = "\n\n"  # between a merged text field's values of consecutive pages
DEFAULT_PORTS = {"http": ":80", "https": ":443"}


def page_key(url: str) -> str:
    """``url`` as pages are compared: without its fragment, scheme and host lower-cased, no default port."""
    parts = urlsplit(url.strip())
    scheme, netloc = parts.scheme.lower(), parts.netloc.lower()
    if netloc.endswith(DEFAULT_PORTS.get(scheme, "\0")):
        netloc = netloc.rsplit(":", 1)[0]
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))


def next_link(snapshot: Snapshot, css: str) -> str | None:
    """The next page's URL: the ``href`` of the first node ``css`` matches (or of the first link inside
    it), resolved against the page URL or its ``<base href>``; None without one, or for an empty or
    fragment-only ``href`` (a disabled link)."""
    root, base_url = parse_document(snapshot.html, snapshot.final_url)
    node = next(iter(root.css(css)), None)
    if node is None:
        return None
    if isinstance(node.root, str):  # `::attr(href)` and other text results
        href: str | None = node.root
    else:
        href = node.attrib.get("href") or node.css("a[href]::attr(href)").get()
    href = (href or "").strip()
    return urljoin(base_url, href) if href and not href.startswith("#") else None


def merge_values(values: list[Any]) -> Any:
    """One field's values of all pages as one: lists concatenated, strings joined with a blank line,
    None skipped; any other value is the first page's that has one."""
    present = [value for value in values if value is not None]
    if not present:
        return values[0] if values else None
    if all(isinstance(value, list) for value in present):
        return [item for value in present for item in value]
    if all(isinstance(value, str) for value in present):
        return JOIN.join(value for value in present if value)
    return present[0]


def merge_data(pages: list[dict[str, Any]], merge: list[str]) -> dict[str, Any]:
    """Page 1's fields, each field named in ``merge`` holding the values of all ``pages`` merged."""
    data = dict(pages[0])
    for name in merge:
        data[name] = merge_values([page.get(name) for page in pages])
    return data


def merge_results(results: list[Result], merge: list[str]) -> Result:
    """The article's result: page 1's, with the ``merge`` fields of all pages, the media of all pages
    (each once), later pages' warnings and merged fields' problems (named by page URL), timings summed,
    and ``pages`` the URLs read."""
    first, later = results[0], results[1:]
    data = merge_data([result.data for result in results], merge)
    errors = [issue for issue in first.errors if not _found_later(issue, data, merge)]
    warnings = list(first.warnings)
    timings = dict(first.timings)
    for result in later:
        merged_problems = [issue for issue in result.errors if _field_name(issue) in merge]
        errors += [_on_page(issue, result.final_url) for issue in merged_problems if issue.kind != IssueKind.REQUIRED]
        warnings += [_on_page(issue, result.final_url) for issue in result.warnings]
        warnings += [
            Issue(IssueKind.PAGINATION, f"{result.final_url}: {issue.message}", issue.field)
            for issue in merged_problems
            if issue.kind == IssueKind.REQUIRED  # a merged field may be empty on one page of the article
        ]
        for step, seconds in result.timings.items():
            timings[step] = timings.get(step, 0.0) + seconds
    return replace(
        first, data=data, media=merge_media(*(result.media for result in results)), errors=errors,
        warnings=warnings, timings=timings, pages=[result.final_url for result in results],
    )  # fmt: skip


def _field_name(issue: Issue) -> str | None:
    """The top-level field an issue is about (``video`` for ``video.title``, ``items`` for ``items[2].name``)."""
    return issue.field.split(".")[0].split("[")[0] if issue.field else None


def _found_later(issue: Issue, data: dict[str, Any], merge: list[str]) -> bool:
    """Whether page 1's "required field matched nothing" is answered by a later page's value."""
    name = _field_name(issue)
    return issue.kind == IssueKind.REQUIRED and name in merge and data.get(name) not in (None, [], "")


def _on_page(issue: Issue, url: str) -> Issue:
    """The issue, its message naming the page it came from (unless it does already)."""
    return issue if url in issue.message else replace(issue, message=f"{url}: {issue.message}")


class Pagination:
    """The pages of one article read so far: where the next one is, and their merged result."""

    def __init__(self, site: Site, spec: PaginateSpec, snapshot: Snapshot, result: Result) -> None:
        self.site = site
        self.spec = spec
        self.last = snapshot
        self.results = [result]
        self.seen = {page_key(snapshot.url), page_key(snapshot.final_url)}
        self.warnings: list[Issue] = []
        self.stopped = result.page_failed  # page 1 failing stays an ordinary failure: nothing is followed

    def next_url(self) -> str | None:
        """The page to read next, or None: the last page, or one not followed (with a warning why)."""
        url = None if self.stopped else next_link(self.last, self.spec.next)
        refusal = None if url is None else self._refusal(url)
        if refusal is not None:
            self._stop(refusal)
            return None
        return url

    def _refusal(self, url: str) -> str | None:
        """Why the next link ``url`` is not followed, or None when it is."""
        where = self.last.final_url
        if urlsplit(url).scheme.lower() not in ("http", "https"):
            return f"{where}: the next link {url[:100]!r} is not an http(s) link; not followed"
        if page_key(url) in self.seen:
            return f"{where}: the next link goes back to {url}, a page already read; stopped there"
        if len(self.results) >= self.spec.max_pages:
            count = len(self.results)
            return f"stopped after {count} page{'s' * (count > 1)} (paginate.max_pages); the next was {url}"
        return None

    def add(self, snapshot: Snapshot) -> None:
        """Read the next page's fields; a page that failed, or went back to one read, ends the article."""
        if page_key(snapshot.final_url) in self.seen:
            number = len(self.results) + 1
            self._stop(f"{snapshot.url}: page {number} went back to {snapshot.final_url}, a page already read")
            return
        result = extract(snapshot, self.site)
        failure = next((issue for issue in result.errors if issue.is_page_error), None)
        if failure is not None:
            self.failed(snapshot.url, failure.message)
            return
        self.seen.update((page_key(snapshot.url), page_key(snapshot.final_url)))
        self.last = snapshot
        self.results.append(result)

    def failed(self, url: str, reason: str) -> None:
        """Page ``url`` could not be read (``reason``): the article ends with the pages before it."""
        count = len(self.results)
        reason = reason if url in reason else f"{url}: {reason}"
        self._stop(f"page {count + 1} not read: {reason}; kept {'page 1' if count == 1 else f'pages 1-{count}'}")

    def result(self) -> Result:
        """The pages read, merged, with the warnings of the pagination itself last."""
        merged = merge_results(self.results, self.spec.merge)
        merged.warnings += self.warnings
        return merged

    def _stop(self, message: str) -> None:
        self.stopped = True
        self.warnings.append(Issue(IssueKind.PAGINATION, message))


async def follow_pages(
    site: Site, snapshot: Snapshot, result: Result, read: Callable[[str], Awaitable[Snapshot]]
) -> Result:
    """``result`` (page 1's, from ``snapshot``) merged with the pages after it when ``site`` paginates,
    each rendered by ``read(url)``; a ``PageLoadError`` ends the article before that page."""
    if site.paginate is None:
        return result
    pages = Pagination(site, site.paginate, snapshot, result)
    while (url := pages.next_url()) is not None:
        try:
            pages.add(await read(url))
        except PageLoadError as error:
            pages.failed(url, error.message)
    return pages.result()


def follow_recorded(site: Site, snapshot: Snapshot, result: Result, read: Callable[[str], Snapshot]) -> Result:
    """``follow_pages`` with a reader that needs no browser (a recording's documents)."""
    if site.paginate is None:
        return result
    pages = Pagination(site, site.paginate, snapshot, result)
    while (url := pages.next_url()) is not None:
        try:
            pages.add(read(url))
        except PageLoadError as error:
            pages.failed(url, error.message)
    return pages.result()
