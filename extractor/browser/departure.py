"""Never take the browser's own error page for the page: keep the document a page left for one.

A page may navigate by itself once it has loaded (a script setting ``location``, a meta refresh, a
form submitted): to https, to its canonical host, to a tracker. When that navigation fails, Chromium
puts its error page or interstitial (``chrome-error://chromewebdata/``) in the page's place, and its
text ("This site can't be reached", "This page has been blocked by Chromium") would be read as the
article. ``Departures`` keeps the document the page had when it left, and at snapshot time gives it
back with a warning, or fails the page when it had shown no content of its own before it left.

How the document is kept: an init script listens for ``beforeunload`` in the top frame, which Chromium
dispatches in the leaving document before the navigation's request is sent, and hands the HTML over
with ``console.debug`` (bound at document start: the page's own console wrappers never see it). The
script is part of each context's init script, with the activity probe, and the page already reports
its console, so a page that never navigates costs one listener. (Reading ``page.content()`` when the
navigation request is seen comes too late: Playwright refuses it while a navigation is pending, and
an ``evaluate`` then finds the context destroyed; a ``pagehide`` listener never reports back from a
document replaced by an error page, which Chromium commits in another process; an exposed binding
costs some 17 ms more per page to set up.)
"""

from __future__ import annotations

import contextlib
import json
import re
from dataclasses import dataclass

from playwright.async_api import ConsoleMessage, Page, Request
from playwright.async_api import Error as PlaywrightError

from extractor.browser.failures import describe_failure
from extractor.browser.tuning import page_script
from extractor.errors import PageLoadError
from extractor.models import Issue, IssueKind

MARK = "extractor:departing"  # starts the console message that carries a leaving document
ERROR_URL = "chrome-error:"  # the scheme of Chromium's error pages and interstitials
# Chromium's error pages and interstitials carry their data in this script object, with the error code
ERROR_CODE = re.compile(r'loadTimeDataRaw\s*=\s*\{.*?"errorCode":\s*"(?:net::)?(ERR_[A-Z0-9_]+)"', re.DOTALL)
RELOAD_URL = re.compile(r'"reloadUrl":\s*("(?:[^"\\]|\\.)*")')
MAX_TARGET = 200  # characters of the target URL kept in a message (a tracker's query can be long)


def departure_script() -> str:
    """The listener installed in every frame with the activity probe (see ``scripts/departure.js``)."""
    return page_script("departure.js").replace("MARK", MARK)


@dataclass(frozen=True)
class _Left:
    """A document of the page's own, as it was when the page navigated away from it."""

    url: str
    html: str


class Departures:
    """Watches a page's top frame for documents it leaves; ``keep`` decides what the snapshot is."""

    def __init__(self, page: Page, url: str):
        self.page = page
        self.url = url
        self.left: _Left | None = None  # the last document the page left that showed text of its own
        self.departed = False  # whether the page has left a document of its own (with text or not)
        # the failed navigation of the top frame: the first since the page last left a document (an error
        # page reloads itself, and its host may be refused by then), else the last: URL, reason
        self.failure: tuple[str, str] | None = None
        page.on("console", self._on_console)
        page.on("requestfailed", self._on_request_failed)

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type != "debug" or not message.text.startswith(MARK):
            return
        head, _, html = message.text.partition("\n")
        flag, _, url = head.removeprefix(MARK).strip().partition(" ")
        if flag == "1":  # a blank document passed through (a redirecting page) keeps the one before it
            self.left = _Left(url, html)
        self.departed, self.failure = True, None

    def _on_request_failed(self, request: Request) -> None:
        with contextlib.suppress(PlaywrightError):  # a service worker's request has no frame
            first = self.failure is None or not self.departed
            if first and request.is_navigation_request() and request.frame == self.page.main_frame:
                self.failure = (request.url, request.failure or "failed")

    def keep(self, html: str, issues: list[Issue]) -> tuple[str, str]:
        """The snapshot's document and URL: ``html`` (just read) and the page's URL, unless that is a
        browser error page. Then the document the page left for it, with a warning in ``issues``;
        ``PageLoadError`` with the navigation's reason when no document it left showed text."""
        url = self.page.url
        if not is_error_page(url, html):
            return html, url
        target, error = self._failed_navigation(html)
        if self.left is not None:
            issues.append(
                Issue(
                    IssueKind.NAVIGATED,
                    f"{self.left.url}: the page navigated by itself to {target}, which failed: "
                    f"{error.reason}; read as it was before it left",
                )
            )
            return self.left.html, self.left.url
        if target == self.url:  # the load itself gave the error page
            raise type(error)(self.url, error.reason)
        reason = f"the page navigated by itself to {target} before it showed any content: {error.reason}"
        raise type(error)(self.url, reason)

    def _failed_navigation(self, html: str) -> tuple[str, PageLoadError]:
        """The target of the navigation that gave the error page, and its failure as a PageLoadError."""
        page_code = ERROR_CODE.search(html)
        if self.failure is not None:
            target, reason = self.failure
        else:  # no failure reported (as for a load Playwright did not see): the error page names it
            reload_url = RELOAD_URL.search(html)
            target = json.loads(reload_url.group(1)) if reload_url else "another page"
            reason = f"net::{page_code.group(1)}" if page_code else "the browser showed an error page"
        short = target if len(target) <= MAX_TARGET else target[: MAX_TARGET - 1] + "…"
        return short, describe_failure(short, reason)


def is_error_page(url: str, html: str) -> bool:
    """True when the document is Chromium's error page or an interstitial, not a page of the web."""
    return url.startswith(ERROR_URL) or ("loadTimeDataRaw" in html and ERROR_CODE.search(html) is not None)
