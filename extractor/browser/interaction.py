"""Act on the loaded page as a reader would: wait for a selector, scroll through it, click "load more".

Each action is followed by a wait for the work it caused (see ``docs/when-done.md``): the scroll pass
waits per step for what its scroll handlers and position pollers owe it, and once at its end for the
rest; a click waits for what its handlers started (a spinner's timer, the fetch of the next items).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Locator
from playwright.async_api import TimeoutError as PlaywrightTimeoutError

from extractor.browser.page_run import PageRun
from extractor.browser.tuning import as_arguments, page_script
from extractor.models import Issue, IssueKind

_SCROLL_HEIGHT = "() => (document.scrollingElement || document.documentElement).scrollHeight"


@dataclass
class Interaction:
    """The render steps after the load: ``wait_for``, ``scroll``, ``click``."""

    run: PageRun

    async def wait_for(self) -> None:
        """Wait for the site's ``wait_for`` selector (attached), then, unless a scroll pass follows (its
        wait covers this one), until the page is done."""
        run = self.run
        if not run.spec.wait_for:
            return
        started = time.monotonic()
        try:
            await run.page.wait_for_selector(run.spec.wait_for, state="attached", timeout=run.deadline.ms(run.reserve))
        except PlaywrightTimeoutError:
            message = f"{run.url}: wait_for {run.spec.wait_for!r} matched nothing within {run.spec.timeout:g}s"
            run.issues.append(Issue(IssueKind.TIMEOUT, message))
        finally:
            run.lap("wait_for", started)
        if not run.failed and run.spec.scroll != "auto":
            await run.settle(f"wait_for {run.spec.wait_for!r}")

    async def scroll(self, first: bool = False) -> int:
        """Scroll through the page while it grows; returns the number of steps.

        ``first``: the page has not been waited for since ``wait_for`` matched, so the first pass waits
        for whatever is still loading too, not only for what scrolling started.
        """
        started = time.monotonic()
        try:
            return await self._scroll_steps(settle_all=first and bool(self.run.spec.wait_for))
        finally:
            self.run.lap("scroll", started)

    async def _scroll_steps(self, settle_all: bool) -> int:
        run = self.run
        steps = navigations = 0
        while True:
            if self._stopped("scrolling", f"max_scrolls={run.spec.max_scrolls} steps", steps >= run.spec.max_scrolls):
                return steps
            moment = time.monotonic()
            arguments = as_arguments(
                run.tuning,
                maxSteps=run.spec.max_scrolls - steps,
                budgetMs=run.deadline.left(run.reserve) * 1000,
                reactionMs=run.tuning.reaction_cap * 1000,
            )
            position = await run.evaluate(page_script("scroll.js"), arguments)
            if position is None:  # the page navigated away mid-pass: start over on the new document
                navigations += 1
                if navigations > run.tuning.max_navigations:
                    run.bound(f"scrolling stopped: the page navigated {navigations} times while scrolled")
                    return steps
                continue
            steps += int(position["steps"])
            if missed := int(position.get("missed") or 0):
                run.bound(
                    f"scrolling: {missed} of {position['steps']} viewports got no rendering update within"
                    f" {run.tuning.frame_wait:g}s; what loads when seen there may be missing"
                )
            # the work the pass's steps started (a delayed fetch, a player inserting its iframe, the next
            # batch of an infinite list) is waited for once, here; the first time after wait_for, also
            # whatever was still loading
            await run.settle("scrolling", since=0.0 if settle_all else moment)
            settle_all = False
            if position["bottom"]:
                height = await run.evaluate(_SCROLL_HEIGHT)
                if height is not None and height <= position["height"]:
                    return steps

    async def click(self) -> int:
        """Click each ``click`` selector while it is there, visible and enabled; returns the clicks."""
        started = time.monotonic()
        try:
            return await self._click_all()
        finally:
            self.run.lap("click", started)

    async def _click_all(self) -> int:
        run = self.run
        clicks = 0
        for selector in run.spec.click:
            while True:
                if self._stopped("clicking", f"max_clicks={run.spec.max_clicks}", clicks >= run.spec.max_clicks):
                    return clicks
                target = run.page.locator(selector).locator("visible=true").first
                if await target.count() == 0 or not await target.is_enabled():
                    break
                moment = time.monotonic()
                await run.monitor.act()
                if not await self._press(target):
                    break
                clicks += 1
                await run.settle(f"clicking {selector!r}", since=moment)
                if not await run.monitor.changed_since(moment):
                    break  # the click did nothing: clicking again would not either
        return clicks

    def _stopped(self, action: str, bound: str, reached: bool) -> bool:
        """Whether ``action`` (scrolling, clicking) must stop: its ``bound`` is ``reached``, or the render
        timeout is; either is reported."""
        run = self.run
        if reached:
            run.bound(f"{action} stopped after {bound}")
        elif run.deadline.left(run.reserve) <= 0:
            run.bound(f"{action} stopped at the {run.spec.timeout:g}s render timeout")
        else:
            return False
        return True

    async def _press(self, target: Locator) -> bool:
        run = self.run
        try:
            await target.click(timeout=run.deadline.ms(run.reserve, cap=5.0))
        except PlaywrightTimeoutError:
            try:  # covered by an overlay (cookie banner...): deliver the click event directly
                await target.dispatch_event("click", timeout=run.deadline.ms(run.reserve, cap=2.0))
            except PlaywrightError:
                return False
        except PlaywrightError:
            return False  # detached between the check and the click: it is gone, so we are done
        return True
