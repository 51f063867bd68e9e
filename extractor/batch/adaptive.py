"""Render only where rendering is needed (``render.browser: auto``): learn per site, as a batch goes,
whether the HTML the server sends gives the same result as the browser.

For a site's first pages, each page is had both ways, and the two results are compared: every
field's value, the media, and whether the page failed. Once HTTP has equalled the render on
``equal_to_trust`` pages in a row, the site's pages are fetched over HTTP alone, but for one page in
``sample_every``, which is again had both ways. The rendered result is the one written whenever
both exist, so a page never comes back worse than rendered. A sample that differs, or an HTTP page
whose required field is empty (that page is then rendered too), sends the site back to the browser
and learning starts over; the result says why in an ``adaptive`` warning. A site whose file asks
for the browser (``click``, ``wait_for``, a consent button, ``frame``) is rendered from the start.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Literal

from extractor.models import Issue, IssueKind, MediaItem, Result
from extractor.sites import Site

Plan = Literal["fetch", "render", "both"]
LEARNING = "had both ways, learning"
SAMPLE = "had both ways, as a sample"
HTTP_LACKED = "rendered again: HTTP lacked a required field"
Extract = Callable[[Literal["always", "never"]], Awaitable[Result]]  # the page, rendered or fetched


@dataclass(frozen=True)
class AdaptiveSettings:
    """How sure the learning must be: equal pages in a row before HTTP alone, and how often to check."""

    equal_to_trust: int = 5
    sample_every: int = 20


@dataclass
class SiteLearning:
    """What one site's pages have shown so far, and what its pages cost."""

    needs_browser: str | None = None  # why the file asks for the browser, when it does
    equal_in_row: int = 0
    trusted: bool = False
    since_sample: int = 0
    fetched: int = 0  # pages read over HTTP alone
    rendered: Counter[str] = field(default_factory=Counter)  # pages rendered, by why

    def plan(self, settings: AdaptiveSettings) -> tuple[Plan, str]:
        """How the next page is had, and why."""
        if self.needs_browser is not None:
            return "render", self.needs_browser
        if not self.trusted:
            return "both", LEARNING
        self.since_sample += 1
        if self.since_sample >= settings.sample_every:
            self.since_sample = 0
            return "both", SAMPLE
        return "fetch", ""

    def compared(self, difference: str | None, settings: AdaptiveSettings) -> None:
        if difference is None:
            self.equal_in_row += 1
            self.trusted = self.trusted or self.equal_in_row >= settings.equal_to_trust
        else:
            self.distrust()

    def distrust(self) -> None:
        self.equal_in_row, self.trusted, self.since_sample = 0, False, 0


class AdaptiveRendering:
    """The learning of every site of one batch (shared by its workers)."""

    def __init__(self, settings: AdaptiveSettings | None = None):
        self.settings = settings or AdaptiveSettings()
        self.sites: dict[str, SiteLearning] = {}

    def learning(self, site: Site) -> SiteLearning:
        """The site's learning so far (made on its first page)."""
        if site.name not in self.sites:
            self.sites[site.name] = SiteLearning(needs_browser=browser_only(site))
        return self.sites[site.name]

    async def extract(self, site: Site, extract: Extract) -> Result:
        """The page's result, had over HTTP, in the browser, or both ways (and then the rendered one)."""
        learning = self.learning(site)
        plan, why = learning.plan(self.settings)
        if plan == "render":
            learning.rendered[why] += 1
            return await extract("always")
        if plan == "both":
            rendered, fetched = await asyncio.gather(extract("always"), extract("never"))
            difference = differs(rendered, fetched)
            learning.compared(difference, self.settings)
            learning.rendered[why] += 1
            if difference is not None and why == SAMPLE:
                rendered.warnings.append(_back_to_the_browser(site, f"a sample differed: {difference}"))
            return rendered
        fetched = await extract("never")
        missing = [issue.field or "?" for issue in fetched.errors if issue.kind == IssueKind.REQUIRED]
        if fetched.page_failed or missing:
            reason = fetched.errors[0].message if fetched.page_failed else f"required field {missing[0]!r} was empty"
            learning.distrust()
            learning.rendered[HTTP_LACKED] += 1
            rendered = await extract("always")
            rendered.warnings.append(_back_to_the_browser(site, f"over HTTP {reason}"))
            return rendered
        learning.fetched += 1
        return fetched

    def summary(self) -> list[str]:
        """One line per site: pages fetched over HTTP and rendered, and why they were rendered."""
        lines = []
        for name, learning in sorted(self.sites.items()):
            rendered = sum(learning.rendered.values())
            whys = "; ".join(f"{count} {why}" for why, count in learning.rendered.most_common())
            state = "HTTP alone now" if learning.trusted else "the browser"
            lines.append(f"{name}: {learning.fetched} fetched over HTTP, {rendered} rendered ({whys}); {state}")
        return lines


def browser_only(site: Site) -> str | None:
    """Why the site's file asks for the browser (its pages are then always rendered), or None."""
    render = site.render
    if render.click:
        return "its file clicks (render.click)"
    if render.wait_for:
        return "its file waits for a node (render.wait_for)"
    if render.consent not in ("auto", "none"):
        return "its file clicks a consent button"
    if site.frame is not None or any(spec.frame is not None for spec in site.fields.values()):
        return "its fields read frames"
    return None


def differs(rendered: Result, fetched: Result) -> str | None:
    """How the HTTP result differs from the rendered one (None when it is the same)."""
    if rendered.page_failed != fetched.page_failed:
        return "the page failed one way and not the other"
    for name, value in rendered.data.items():
        if fetched.data.get(name) != value:
            return f"field {name!r}"
    if _media(rendered.media) != _media(fetched.media):
        return "media"
    return None


def _media(items: list[MediaItem]) -> set[tuple[str, str]]:
    return {(item.kind, item.url) for item in items}


def _back_to_the_browser(site: Site, reason: str) -> Issue:
    return Issue(IssueKind.ADAPTIVE, f"{site.name}: {reason}: rendered, and the site's pages go back to the browser")
