"""Render only where rendering is needed (``render.browser: auto``): learn per site, as a batch goes,
whether the HTML the server sends gives the same result as the browser.

For a site's first pages, each page is had both ways, and the two results are compared: every
field's value, the media, and whether the page failed. Once HTTP has equalled the render on
``equal_to_trust`` pages in a row, the site's pages are fetched over HTTP alone, but for one page in
``sample_every``, which is again had both ways. No more pages are had both ways at once than the
proof still needs: the others wait for its verdict rather than spend the browser on it. The
rendered result is the one written whenever both exist, so a page never comes back worse than
rendered. A sample that differs, or an HTTP page whose required field is empty (that page is then
rendered too), sends the site back to the browser; the result says why in an ``adaptive`` warning.
The site is then rendered alone, and learned afresh after ``sample_every`` pages. A site whose file
asks for the browser (``click``, ``wait_for``, a consent button, ``frame``) is rendered from the start.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from extractor.models import Issue, IssueKind, MediaItem, Result
from extractor.sites import Site

Plan = Literal["fetch", "render", "both", "wait"]
LEARNING = "had both ways, learning"
SAMPLE = "had both ways, as a sample"
HTTP_LACKED = "rendered again: HTTP lacked a required field"
BACK = "the site went back to the browser"
Extract = Callable[[Literal["always", "never"]], Awaitable[Result]]  # the page, rendered or fetched


@dataclass(frozen=True)
class AdaptiveSettings:
    """How sure the learning must be: equal pages in a row before HTTP alone, and how often to check."""

    equal_to_trust: int = 5
    sample_every: int = 20  # when trusted, one page in so many is had both ways; when not, learned again
    verdict_wait: float = 120.0  # seconds a page waits for a verdict before it is had both ways all the same


@dataclass
class SiteLearning:
    """What one site's pages have shown so far, and what its pages cost."""

    needs_browser: str | None = None  # why the file asks for the browser, when it does
    equal_in_row: int = 0
    trusted: bool = False
    distrusted: bool = False  # HTTP fell short: rendered alone until learned again
    since_sample: int = 0
    learning_now: int = 0  # pages being had both ways to learn, at this moment
    fetched: int = 0  # pages read over HTTP alone
    rendered: Counter[str] = field(default_factory=Counter)  # pages rendered, by why
    last_distrust: str | None = None  # why HTTP last fell short
    verdict: asyncio.Condition = field(default_factory=asyncio.Condition)  # a comparison finished

    def __getstate__(self) -> dict[str, Any]:
        """What was learned, without the waiting (the cluster's learning travels to the driver)."""
        return {name: value for name, value in vars(self).items() if name != "verdict"}

    def __setstate__(self, state: dict[str, Any]) -> None:
        vars(self).update(state, verdict=asyncio.Condition())

    def plan(self, settings: AdaptiveSettings) -> tuple[Plan, str]:
        """How the next page is had, and why (``wait``: for a comparison in flight, then ask again)."""
        if self.needs_browser is not None:
            return "render", self.needs_browser
        if self.distrusted:
            self.since_sample += 1
            if self.since_sample < settings.sample_every:
                return "render", BACK
            self.distrusted, self.since_sample = False, 0
        if not self.trusted:
            if self.equal_in_row + self.learning_now >= settings.equal_to_trust:
                return "wait", ""
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
            self.distrust(f"a page had both ways differed: {difference}")

    def distrust(self, why: str) -> None:
        self.equal_in_row, self.trusted, self.distrusted, self.since_sample = 0, False, True, 0
        self.last_distrust = why


class LearningBook(Protocol):
    """Where a site's learning is kept: the batch's own ``AdaptiveRendering``, or one shared by the
    workers of a cluster (``--engine ray``). Each page asks ``plan`` first, then reports what came."""

    async def plan(self, name: str, needs_browser: str | None) -> tuple[Plan, str]: ...
    async def compared(self, name: str, why: str, difference: str | None) -> bool: ...
    async def abandoned(self, name: str, why: str) -> None: ...
    async def fetched(self, name: str) -> None: ...
    async def lacked(self, name: str, reason: str) -> None: ...


class AdaptiveRendering:
    """The learning of every site of one batch (shared by its workers, or kept in ``shared``)."""

    def __init__(self, settings: AdaptiveSettings | None = None, shared: LearningBook | None = None):
        self.settings = settings or AdaptiveSettings()
        self.sites: dict[str, SiteLearning] = {}
        self.shared = shared

    async def extract(self, site: Site, extract: Extract) -> Result:
        """The page's result, had over HTTP, in the browser, or both ways (and then the rendered one)."""
        book: LearningBook = self.shared or self
        plan, why = await book.plan(site.name, browser_only(site))
        if plan == "render":
            return await extract("always")
        if plan == "both":
            try:
                rendered, fetched = await asyncio.gather(extract("always"), extract("never"))
            except BaseException:
                await book.abandoned(site.name, why)  # those waiting for this page's verdict look again
                raise
            difference = differs(rendered, fetched)
            if await book.compared(site.name, why, difference):
                rendered.warnings.append(_back_to_the_browser(site, f"a sample differed: {difference}"))
            return rendered
        fetched = await extract("never")
        missing = [issue.field or "?" for issue in fetched.errors if issue.kind == IssueKind.REQUIRED]
        if fetched.page_failed or missing:
            reason = fetched.errors[0].message if fetched.page_failed else f"required field {missing[0]!r} was empty"
            await book.lacked(site.name, f"over HTTP {reason}")
            rendered = await extract("always")
            rendered.warnings.append(_back_to_the_browser(site, f"over HTTP {reason}"))
            return rendered
        await book.fetched(site.name)
        return fetched

    async def plan(self, name: str, needs_browser: str | None) -> tuple[Plan, str]:
        """How the site's next page is had, and why: after waiting, when the proof needs no more pages
        both ways, for a verdict (at most ``verdict_wait``, then it is had both ways all the same)."""
        learning = self.sites.setdefault(name, SiteLearning(needs_browser=needs_browser))
        plan, why = learning.plan(self.settings)
        deadline = time.monotonic() + self.settings.verdict_wait
        while plan == "wait":
            left = deadline - time.monotonic()
            if left <= 0:
                plan, why = "both", LEARNING
                break
            async with learning.verdict:
                with suppress(TimeoutError):
                    await asyncio.wait_for(learning.verdict.wait(), left)
            plan, why = learning.plan(self.settings)
        if plan == "render":
            learning.rendered[why] += 1
        learning.learning_now += plan == "both" and why == LEARNING
        return plan, why

    async def compared(self, name: str, why: str, difference: str | None) -> bool:
        """Count a page had both ways; True when it was a sample of a trusted site that differed."""
        learning = self.sites[name]
        sample_differed = difference is not None and learning.trusted
        learning.compared(difference, self.settings)
        learning.rendered[why] += 1
        await self._settled(learning, why)
        return sample_differed

    async def abandoned(self, name: str, why: str) -> None:
        """A page had both ways that failed before it could be compared."""
        await self._settled(self.sites[name], why)

    async def fetched(self, name: str) -> None:
        self.sites[name].fetched += 1

    async def lacked(self, name: str, reason: str) -> None:
        """A page fetched over HTTP alone lacked what it needs: the site goes back to the browser."""
        learning = self.sites[name]
        learning.distrust(reason)
        learning.rendered[HTTP_LACKED] += 1

    async def _settled(self, learning: SiteLearning, why: str) -> None:
        learning.learning_now -= why == LEARNING
        async with learning.verdict:  # whether a verdict came or not, those waiting for one look again
            learning.verdict.notify_all()

    def copy(self) -> AdaptiveRendering:
        """This learning as it stands (from a cluster's shared learning, for the driver's summary)."""
        return self

    def merge(self, other: AdaptiveRendering) -> None:
        """Count in what another learning holds (``--engine ray``: the cluster's shared learning); a
        site is HTTP alone only when it is for both."""
        for name, theirs in other.sites.items():
            if name not in self.sites:
                self.sites[name] = SiteLearning(needs_browser=theirs.needs_browser, trusted=True)
            mine = self.sites[name]
            mine.fetched += theirs.fetched
            mine.rendered.update(theirs.rendered)
            mine.trusted = mine.trusted and theirs.trusted
            mine.last_distrust = mine.last_distrust or theirs.last_distrust

    def report(self) -> dict[str, dict[str, Any]]:
        """Per site: pages fetched over HTTP alone and rendered, why rendered, and how its pages go now."""
        report = {}
        for name, learning in sorted(self.sites.items()):
            report[name] = {
                "fetched": learning.fetched,
                "rendered": sum(learning.rendered.values()),
                "rendered_why": dict(learning.rendered.most_common()),
                "now": "http" if learning.trusted else "browser",
                "browser_why": learning.needs_browser or (None if learning.trusted else learning.last_distrust),
            }
        return report

    def summary(self) -> list[str]:
        """One line per site: pages fetched over HTTP and rendered, why they were rendered, and how its
        pages go now (and why the browser, when HTTP fell short)."""
        lines = []
        for name, site in self.report().items():
            whys = "; ".join(f"{count} {why}" for why, count in site["rendered_why"].items())
            state = "HTTP alone now" if site["now"] == "http" else "the browser"
            if site["now"] == "browser" and site["browser_why"] is not None and self.sites[name].needs_browser is None:
                state += f" ({site['browser_why']})"
            lines.append(f"{name}: {site['fetched']} fetched over HTTP, {site['rendered']} rendered ({whys}); {state}")
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
