"""What the steps of one render share: the page, its spec, its deadline, and what they report."""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Page

from extractor.browser.activity import ActivityMonitor
from extractor.browser.session import Browser
from extractor.browser.tuning import RenderTuning
from extractor.models import Issue, IssueKind
from extractor.sites.schema import RenderSpec


class Deadline:
    """One deadline for the whole render: every wait draws on it."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def left(self, reserve: float = 0.0) -> float:
        """Seconds left, less ``reserve``; never below 0."""
        return max(0.0, self.end - time.monotonic() - reserve)

    def ms(self, reserve: float = 0.0, cap: float | None = None) -> float:
        """Milliseconds left (less ``reserve``, at most ``cap`` seconds), at least 1: for Playwright's timeouts."""
        seconds = self.left(reserve) if cap is None else min(cap, self.left(reserve))
        return max(1.0, seconds * 1000)


@dataclass
class PageRun:
    """One render of one page, as its steps (navigation, interaction) see it."""

    browser: Browser
    page: Page
    spec: RenderSpec
    url: str
    deadline: Deadline
    tuning: RenderTuning
    monitor: ActivityMonitor
    issues: list[Issue] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    crashed: bool = False

    @property
    def own_host(self) -> str | None:
        """The host of the URL being rendered: never blocked as another host's would be."""
        return urlsplit(self.url).hostname

    @property
    def failed(self) -> bool:
        """Whether a page error (a timeout) has already cut the render short."""
        return any(issue.is_page_error for issue in self.issues)

    @property
    def reserve(self) -> float:
        """Time kept back for the snapshot itself."""
        return min(1.5, self.spec.timeout * 0.1)

    def lap(self, step: str, started: float) -> None:
        """Add the time since ``started`` to ``step`` (scrolling can happen twice)."""
        self.timings[step] = self.timings.get(step, 0.0) + time.monotonic() - started

    def bound(self, message: str) -> None:
        """Report a bound that was hit (the render goes on with what it has)."""
        self.issues.append(Issue(IssueKind.BOUND, message))

    async def settle(self, step: str, since: float = 0.0) -> None:
        """Wait until the work of ``step`` is done (``ActivityMonitor.settle``), within the step bound and
        the deadline; a page still busy at the step bound is reported, then read as it stands."""
        started = time.monotonic()
        limit = min(self.tuning.step_cap, self.deadline.left(self.reserve))
        waiting = await self.monitor.settle(limit, since=since)
        self.lap("settle", started)
        if waiting and limit >= self.tuning.step_cap:
            words = ", ".join(sorted(set(waiting)))
            self.bound(f"after {step} the page was still busy ({words}) at the {self.tuning.step_cap:g}s step bound")

    async def evaluate(self, script: str, argument: Any = None) -> Any:
        """``page.evaluate``, or None when the page navigated meanwhile (after the new document loads)."""
        try:
            return await self.page.evaluate(script, argument)
        except PlaywrightError as error:
            if self.crashed or "crash" in str(error).lower() or "closed" in str(error).lower():
                raise
            await self.new_document()
            return None

    async def new_document(self) -> None:
        """Let a document that replaced the one being read reach DOMContentLoaded (at most 3 s)."""
        with contextlib.suppress(PlaywrightError):
            await self.page.wait_for_load_state("domcontentloaded", timeout=self.deadline.ms(cap=3.0))
