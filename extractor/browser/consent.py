"""Consent walls: dismiss them once the page has loaded, before it is waited for and scrolled.

``render.consent`` says how. ``auto`` (the default) first asks the page for signs of a consent
manager (``scripts/consent.js``'s probe: a few selectors, globals, the top-level floating boxes),
so that a page without one costs one evaluation. With signs of one, DuckDuckGo's autoconsent rules
(``autoconsent.py``) recognise the manager and opt out; a wall no rule knows, a fixed box about
cookies or consent with a reject or accept button, gets the generic rule (reject where it can,
accept otherwise). ``none`` leaves walls alone; any other value is the CSS of the button to click.
After a dismissal the page is waited for like after a click, so content that waits for consent
arrives. A wall that stays, or a button that never appears, is a ``consent`` warning.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import TimeoutError as PlaywrightTimeoutError

from extractor.browser import autoconsent
from extractor.browser.autoconsent import Autoconsent
from extractor.browser.page_run import PageRun
from extractor.browser.tuning import page_script
from extractor.models import Issue, IssueKind


@dataclass
class ConsentWall:
    """The consent step of one render."""

    run: PageRun
    dismissed: str | None = None  # what was dismissed, and how: "Onetrust (rejected)", "generic (accept 'OK')"

    async def dismiss(self) -> str | None:
        """Dismiss the page's consent wall as ``render.consent`` says; returns what was dismissed."""
        mode = self.run.spec.consent
        if mode == "none" or self.run.deadline.left(self.run.reserve) <= 0:
            return None
        started = time.monotonic()
        try:
            if mode == "auto":
                await self._automatically()
            else:
                await self._click_button(mode)
        finally:
            self.run.lap("consent", started)
        return self.dismissed

    def _limit(self) -> float:
        return min(self.run.tuning.consent_wait, self.run.deadline.left(self.run.reserve))

    async def _automatically(self) -> None:
        signs = await self._ask("probe")
        if not isinstance(signs, dict) or not (signs.get("managers") or signs.get("overlay")):
            return
        moment = time.monotonic()
        outcome = autoconsent.Outcome()
        if signs.get("managers"):
            outcome = await Autoconsent(self.run.page).run(self._limit())
        if outcome.manager is not None and outcome.opted_out:
            self.dismissed = f"{outcome.manager} (rejected)"
            await self.run.settle(f"dismissing the {outcome.manager} consent wall", since=moment)
            return
        await self._generic(outcome, moment, overlay=bool(signs.get("overlay")))

    async def _generic(self, outcome: autoconsent.Outcome, moment: float, overlay: bool) -> None:
        """The generic rule, for a wall no autoconsent rule dismissed."""
        clicked = await self._ask("dismiss")
        if not isinstance(clicked, dict):
            if outcome.manager is not None:
                self._warn(f"the {outcome.manager} consent wall could not be dismissed; the page was read behind it")
            elif overlay and not autoconsent.available():
                self._warn(
                    f"a consent wall was left: the rules for consent managers ({autoconsent.PACKAGE}) "
                    "are not installed (make setup installs them)"
                )
            return
        what = f"the consent wall's {clicked.get('choice')} button {clicked.get('text')!r}"
        await self.run.settle(f"clicking {what}", since=moment)
        if await self._ask("gone") is False:
            self._warn(f"the consent wall stayed after clicking {what}; the page was read behind it")
            return
        self.dismissed = f"{outcome.manager or 'generic'} ({clicked.get('choice')} {clicked.get('text')!r})"

    async def _click_button(self, selector: str) -> None:
        """``render.consent: CSS``: wait (bounded) for that button, click it, wait for what it started."""
        run = self.run
        limit = self._limit()
        target = run.page.locator(selector).locator("visible=true").first
        try:
            await target.wait_for(state="visible", timeout=max(1.0, limit * 1000))
        except PlaywrightTimeoutError:
            self._warn(f"render.consent {selector!r} matched no visible button within {limit:g}s")
            return
        except PlaywrightError as error:
            self._warn(f"render.consent {selector!r}: {str(error).splitlines()[0]}")
            return
        moment = time.monotonic()
        await run.monitor.act()
        try:
            await target.click(timeout=run.deadline.ms(run.reserve, cap=3.0))
        except PlaywrightError:
            try:  # covered by the wall's own backdrop: deliver the click event directly
                await target.dispatch_event("click", timeout=run.deadline.ms(run.reserve, cap=2.0))
            except PlaywrightError as error:
                self._warn(f"render.consent {selector!r} could not be clicked: {str(error).splitlines()[0]}")
                return
        self.dismissed = f"render.consent {selector!r}"
        await run.settle("clicking the consent button", since=moment)

    async def _ask(self, mode: str) -> Any:
        return await self.run.evaluate(page_script("consent.js"), {"mode": mode})

    def _warn(self, message: str) -> None:
        self.run.issues.append(Issue(IssueKind.CONSENT, f"{self.run.url}: {message}"))
