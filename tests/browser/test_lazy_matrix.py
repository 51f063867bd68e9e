"""The lazy-loading matrix (pages from tests/site/matrix.py): every mechanism x delay x data latency must
be read whole, and pages that never go quiet must still be read promptly.

One test per mechanism renders its 18 combinations concurrently and fails once, listing every
combination that lost content and why. Each line of the report gives the render time and the tail: how
long the render went on after the page's last insertion (``body[data-last-insert]`` in the snapshot).
Run with ``-s`` (or ``-rA``) to see the report of the passing ones too.

``MATRIX_CHECK_PAGES=1`` also has a patient reader go through every page in a plain Chromium (none of
the extractor's scripts or routes), to prove the pages themselves work: a failure of the matrix is
then the renderer's (about 5 minutes on 2 cores).
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import os
import statistics
import sys
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urljoin

import pytest
from playwright.async_api import Browser as PlaywrightBrowser
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import async_playwright

from extractor.api import extract_page
from extractor.browser import Browser
from extractor.browser.locate import find_chromium
from extractor.browser.session import launch_options
from extractor.demo.server import serve
from extractor.models import Result
from extractor.settings import Settings
from extractor.sites import parse_site


def _load_generator() -> ModuleType:
    """tests/site/matrix.py, loaded by path (a top-level ``site`` package would be the stdlib's)."""
    spec = importlib.util.spec_from_file_location("lazy_matrix_pages", Path(__file__).parents[1] / "site" / "matrix.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


matrix = _load_generator()
RENDER_BOUND = 12.0  # seconds: the longest combination waits 1.5 s + 0.8 s three times over
PROMPT_BOUND = 3.0  # a page that never goes quiet, whose article is there 0.3 s after load
AFTER_ARTICLE_BOUND = 2.5  # ... must be done this long after its article arrived
ENDLESS_BOUND = 15.0
CONCURRENCY = int(os.environ.get("MATRIX_CONCURRENCY", "4"))  # pages rendering at once (2 cores)
CHECK_PAGES = os.environ.get("MATRIX_CHECK_PAGES") == "1"


@dataclass(frozen=True)
class MatrixSite:
    """The generated pages, served on their own port."""

    url: str
    cases: list[Any]  # matrix.Case
    anti: list[Any]  # matrix.AntiCase


@pytest.fixture(scope="session")
def matrix_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MatrixSite]:
    """Write the matrix and the anti-cases to a temporary folder and serve it."""
    root = tmp_path_factory.mktemp("lazy-matrix")
    cases, anti = matrix.write_matrix(root), matrix.write_anti_cases(root)
    with serve(root) as url:
        yield MatrixSite(url, cases, anti)


@dataclass
class Outcome:
    """How one combination came out."""

    name: str
    render: float | None = None  # seconds, as the render timed itself
    tail: float | None = None  # seconds from the page's last insertion to the end of the render
    problems: list[str] = field(default_factory=list)

    def line(self) -> str:
        """One line of the report."""
        render = f"{self.render:5.1f}s" if self.render is not None else "    ?"
        tail = f"{self.tail:+5.1f}s" if self.tail is not None else "    ?"
        verdict = "; ".join(self.problems) if self.problems else "ok"
        return f"  {self.name:<26} render {render}  tail {tail}  {verdict}"


def _runs(ids: list[str]) -> str:
    """``item-16..item-45``: ids as runs of consecutive numbers."""
    if not ids:
        return "none"
    numbers = [int(i.rsplit("-", 1)[1]) for i in ids]
    runs, start = [], numbers[0]
    for previous, current in zip(numbers, [*numbers[1:], None], strict=True):
        if current != previous + 1:
            runs.append(f"item-{start:02d}" + (f"..item-{previous:02d}" if previous != start else ""))
            start = current if current is not None else start
    return ", ".join(runs)


def check_case(case: Any, result: Result, base: str) -> list[str]:
    """What ``result`` lacks of a complete render of ``case`` (nothing when it is whole)."""
    data = result.data
    problems = [f"{issue.kind} error: {issue.message}" for issue in result.errors]
    if data.get("headline") != case.headline or len(data.get("paragraphs") or []) != case.paragraphs:
        problems.append(f"article: {data.get('headline')!r} with {len(data.get('paragraphs') or [])} paragraphs")
    if case.items:
        got = data.get("items") or []
        if got != list(case.items):
            missing = [i for i in case.items if i not in got]
            order = "" if missing or len(got) != len(case.items) else " (out of order)"
            problems.append(f"items: {len(got)} of {len(case.items)}{order}, missing {_runs(missing)}")
        if data.get("end") != matrix.FEED_END:
            problems.append("no p.end")
    for embed in case.embeds:
        url = urljoin(base, embed.url)
        key = "clip_url" if embed.kind == "video" else "embed_url"
        if not any(v.get(key) == url and v.get("title") == embed.title for v in data.get("videos") or []):
            problems.append(f"field videos has no {embed.kind} {url} (got {data.get('videos')})")
        media = [m for m in result.media if m.url == url]
        wanted = (embed.kind, "youtube" if embed.kind == "embed" else None, embed.title)
        if not media:
            problems.append(f"media has no {url}")
        elif (media[0].kind, media[0].provider, media[0].title) != wanted:
            problems.append(f"media {url} is {(media[0].kind, media[0].provider, media[0].title)}, not {wanted}")
    if case.photos:
        photos = data.get("photos") or []
        wanted_photos = [urljoin(base, src) for src in case.photos]
        if photos != wanted_photos:
            problems.append(f"photos: {len(photos)} of {len(wanted_photos)} swapped to src")
    render = result.timings.get("render")
    if render is not None and render >= RENDER_BOUND:
        problems.append(f"render took {render:.1f}s (bound {RENDER_BOUND:g}s)")
    return problems


async def _extract(browser: Browser, base: str, case: Any) -> tuple[Result, float | None]:
    """Extract ``case`` and say how long after the page's last insertion the render ended."""
    result = await extract_page(browser, base + case.path, parse_site(case.selectors))
    ended = time.time() - result.timings.get("extract", 0.0)
    last = result.data.get("last_insert")
    return result, (ended - last / 1000 if isinstance(last, int) else None)


async def _outcome(browser: Browser, base: str, case: Any, gate: asyncio.Semaphore) -> Outcome:
    async with gate:
        result, tail = await _extract(browser, base, case)
    problems = check_case(case, result, base)
    if problems:  # what the render itself reported explains a loss (a bound hit, a viewport never seen)
        problems += [f"warning: {issue.message}" for issue in result.warnings]
    return Outcome(case.name, result.timings.get("render"), tail, problems)


def _summary(mechanism: str, outcomes: list[Outcome]) -> str:
    renders = [o.render for o in outcomes if o.render is not None]
    tails = [o.tail for o in outcomes if o.tail is not None]
    passed = sum(not o.problems for o in outcomes)
    times = f"render median {statistics.median(renders):.1f}s max {max(renders):.1f}s" if renders else ""
    if tails:
        times += f", tail median {statistics.median(tails):.1f}s max {max(tails):.1f}s"
    return f"{mechanism}: {passed}/{len(outcomes)} combinations read whole; {times}"


@pytest.mark.parametrize("mechanism", matrix.MECHANISMS)
async def test_every_combination_is_read_whole(browser: Browser, matrix_site: MatrixSite, mechanism: str) -> None:
    """Each of the mechanism's delay x latency combinations: every item, embed and photo, in time."""
    cases = [case for case in matrix_site.cases if case.mechanism == mechanism]
    gate = asyncio.Semaphore(CONCURRENCY)
    results = await asyncio.gather(
        *(_outcome(browser, matrix_site.url, case, gate) for case in cases), return_exceptions=True
    )
    outcomes = [
        result if isinstance(result, Outcome) else Outcome(case.name, problems=[f"raised {result!r}"])
        for case, result in zip(cases, results, strict=True)
    ]
    print("\n" + _summary(mechanism, outcomes) + "\n" + "\n".join(o.line() for o in outcomes))
    failed = [o for o in outcomes if o.problems]
    if failed:
        lines = "\n".join(o.line() for o in failed)
        pytest.fail(
            f"{len(failed)} of {len(outcomes)} {mechanism} combinations not read whole:\n{lines}", pytrace=False
        )


@pytest.mark.parametrize("name", list(matrix.ANTI_TEMPLATES))
async def test_pages_that_never_go_quiet_are_read_promptly(
    browser: Browser, matrix_site: MatrixSite, name: str
) -> None:
    """Carousels, clocks, polls, tickers and ads go on forever: the article is read all the same, soon
    after it arrives; an endless feed is scrolled only up to its bound, which the result reports."""
    case = next(anti for anti in matrix_site.anti if anti.name == name)
    result, tail = await _extract(browser, matrix_site.url, case)
    render = result.timings["render"]
    bounds = [w.message for w in result.warnings if w.kind == "bound"]
    after = "?" if tail is None else f"{tail:.2f}s"
    print(f"\n{name}: render {render:.2f}s, ended {after} after the article; bounds {bounds}")
    assert result.errors == []
    assert result.data["headline"] == case.headline
    assert result.data["paragraphs"] == list(case.paragraphs)
    if case.endless:
        assert bounds, f"no bound reported: warnings {result.warnings}"
        assert render < ENDLESS_BOUND, f"render took {render:.1f}s"
    else:
        assert render < PROMPT_BOUND, f"render took {render:.1f}s"
        assert tail is not None and tail < AFTER_ARTICLE_BOUND, f"render ended {tail}s after the article"


# --- the pages themselves, read by a patient reader in a plain Chromium (opt-in) --------------------

_STATE = """() => ({
  players: Array.from(document.querySelectorAll("div.video"), (wrapper) => {
    const player = wrapper.querySelector("iframe, video");
    const caption = wrapper.querySelector("figcaption");
    return [player && player.getAttribute("src"), caption && caption.textContent];
  }),
  photos: Array.from(document.querySelectorAll("img.photo"), (img) => img.getAttribute("src")),
  items: Array.from(document.querySelectorAll("li.item"), (li) => li.dataset.id),
  end: (document.querySelector("p.end") || {}).textContent || null,
  article: document.querySelectorAll("article h1, article p").length,
})"""


_CAN_CLICK = """() => {
  const button = document.querySelector("button.more");
  return Boolean(button && !button.hidden && !button.disabled);
}"""


def _whole(case: Any) -> dict[str, Any]:
    """The state ``_STATE`` reads from a page read whole."""
    players = [[embed.url, embed.title] for embed in case.embeds]
    return {
        "players": players, "photos": list(case.photos), "items": list(case.items),
        "end": matrix.FEED_END if case.items else None, "article": 1 + case.paragraphs,
    }  # fmt: skip


def _untouched(case: Any) -> dict[str, Any]:
    """The state of a page nobody scrolls or clicks, once its loader has had time for what it does at load."""
    state = _whole(case)
    if case.mechanism == "native-lazy":
        return state  # written at load: it needs patience, not scrolling
    if case.photos:  # only the photo in view at load is swapped
        state["photos"] = [case.photos[0]] + [None] * (len(case.photos) - 1)
        state["players"] = [[None, embed.title] for embed in case.embeds]
    elif case.items:
        state["items"] = list(case.items[: matrix.PAGE_SIZE]) if case.mechanism.startswith("loadmore") else []
        state["end"] = None
    else:
        state["players"] = []
    return state


@pytest.fixture(scope="session")
async def plain_chromium() -> AsyncIterator[PlaywrightBrowser]:
    """A Chromium without any of the extractor's scripts or routes."""
    async with async_playwright() as playwright:
        settings = Settings.from_env()
        chromium = await playwright.chromium.launch(**launch_options(settings, find_chromium(settings.chromium)))
        yield chromium
        await chromium.close()


async def _read_patiently(chromium: PlaywrightBrowser, base: str, case: Any) -> list[str]:
    """Open the page, wait, then scroll by wheel and click ``button.more`` until it is whole; problems."""
    context = await chromium.new_context(viewport={"width": 1280, "height": 900})
    problems: list[str] = []
    try:
        page = await context.new_page()
        page.on("pageerror", lambda error: problems.append(f"uncaught {error}"))
        page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
        await page.goto(base + case.path)
        await page.wait_for_timeout(case.delay + case.latency + 800)
        if (state := await page.evaluate(_STATE)) != _untouched(case):
            problems.append(f"untouched: {state}")
        await page.mouse.move(640, 450)
        until = time.monotonic() + 30
        while (state := await page.evaluate(_STATE)) != _whole(case) and time.monotonic() < until:
            if await page.evaluate(_CAN_CLICK):
                with contextlib.suppress(PlaywrightError):  # gone meanwhile: it was the last click
                    await page.click("button.more", timeout=1000)
            else:
                await page.mouse.wheel(0, 250)
            await page.wait_for_timeout(120)
        await page.wait_for_timeout(2500)  # nothing more, nothing twice
        if (state := await page.evaluate(_STATE)) != _whole(case):
            problems.append(f"read patiently: {state}")
    finally:
        await context.close()
    return problems


_ANTI_STATE = """() => ({
  article: Array.from(document.querySelectorAll("article h1, article p"), (node) => node.textContent),
  main: document.querySelector("main").innerHTML,
  blocks: document.querySelectorAll("div.ad-block").length,
})"""


async def _watch_anti_case(chromium: PlaywrightBrowser, base: str, case: Any) -> list[str]:
    """The article is there soon after load; the page goes on changing (the endless feed: when scrolled)."""
    context = await chromium.new_context(viewport={"width": 1280, "height": 900})
    problems: list[str] = []
    try:
        page = await context.new_page()
        page.on("pageerror", lambda error: problems.append(f"uncaught {error}"))
        await page.goto(base + case.path, wait_until="load")
        await page.wait_for_timeout(600)
        before = await page.evaluate(_ANTI_STATE)
        if before["article"] != [case.headline, *case.paragraphs]:
            problems.append(f"article 0.6 s after load: {before['article']}")
        if case.endless:
            await page.mouse.move(640, 450)
            for _ in range(6):
                await page.mouse.wheel(0, 900)
                await page.wait_for_timeout(500)
        else:
            await page.wait_for_timeout(2200)
        after = await page.evaluate(_ANTI_STATE)
        if after["main"] == before["main"] or (case.endless and after["blocks"] < 3):
            problems.append(f"it stopped changing: {after['blocks']} blocks")
    finally:
        await context.close()
    return problems


@pytest.mark.skipif(not CHECK_PAGES, reason="checks the test pages themselves: set MATRIX_CHECK_PAGES=1")
async def test_the_pages_work_for_a_patient_reader(plain_chromium: PlaywrightBrowser, matrix_site: MatrixSite) -> None:
    """Every matrix page, read patiently in a plain Chromium, ends whole, and untouched it keeps its lazy
    part to itself; every anti-case shows its article and goes on changing."""
    gate = asyncio.Semaphore(6)

    async def read(case: Any) -> list[str]:
        async with gate:
            if isinstance(case, matrix.AntiCase):
                return await _watch_anti_case(plain_chromium, matrix_site.url, case)
            return await _read_patiently(plain_chromium, matrix_site.url, case)

    cases = [*matrix_site.cases, *matrix_site.anti]
    found = await asyncio.gather(*(read(case) for case in cases))
    broken = {case.name: problems for case, problems in zip(cases, found, strict=True) if problems}
    assert not broken, f"{len(broken)} of {len(cases)} pages broken:\n" + "\n".join(
        f"{name}: {problems}" for name, problems in broken.items()
    )
