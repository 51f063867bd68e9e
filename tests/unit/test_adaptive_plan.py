"""How adaptive rendering spends the browser, with pages stood in for by coroutines: no more pages had
both ways at once than the proof needs, and a site whose HTTP result falls short rendered alone."""

from __future__ import annotations

import asyncio
from typing import Literal

from extractor.batch.adaptive import AdaptiveRendering, AdaptiveSettings, Extract
from extractor.models import Issue, IssueKind, Result
from extractor.sites import parse_site

SITE = parse_site("site: news\nmatch: x\nfields:\n  title: {css: h1, required: true}\n")


class Pages:
    """Stand-in pages: the rendered result always has its title; over HTTP it has one unless ``http_title`` is off."""

    def __init__(self, http_title: bool = True) -> None:
        self.http_title = http_title
        self.rendering_now = self.most_rendering = 0
        self.calls: list[str] = []

    def extractor(self, number: int) -> Extract:
        async def extract(way: Literal["always", "never"]) -> Result:
            self.calls.append(f"{way} {number}")
            if way == "always":
                self.rendering_now += 1
                self.most_rendering = max(self.most_rendering, self.rendering_now)
                await asyncio.sleep(0.02)
                self.rendering_now -= 1
            else:
                await asyncio.sleep(0)
            title = f"Story {number}" if way == "always" or self.http_title else None
            result = Result(url=f"/{number}", final_url=f"/{number}", site="news", data={"title": title})
            if title is None:
                result.errors.append(Issue(IssueKind.REQUIRED, "title: required, empty", field="title"))
            result.fetched = way == "never"
            return result

        return extract


async def batch(adaptive: AdaptiveRendering, pages: Pages, count: int, concurrency: int) -> list[Result]:
    numbers = iter(range(1, count + 1))
    results: list[Result] = []

    async def worker() -> None:
        for number in numbers:
            results.append(await adaptive.extract(SITE, pages.extractor(number)))

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return results


async def test_learning_has_no_more_pages_both_ways_than_the_proof_needs() -> None:
    adaptive, pages = AdaptiveRendering(AdaptiveSettings(equal_to_trust=3, sample_every=100)), Pages()
    results = await batch(adaptive, pages, 12, concurrency=4)
    assert sum(not result.fetched for result in results) == 3  # with 4 at once, still only the 3 it takes
    assert pages.most_rendering == 3
    assert all(result.data["title"] for result in results)
    assert adaptive.report()["news"] == {
        "fetched": 9, "rendered": 3, "rendered_why": {"had both ways, learning": 3}, "now": "http", "browser_why": None
    }  # fmt: skip


async def test_a_site_whose_http_result_differs_is_rendered_alone_then_learned_again() -> None:
    adaptive, pages = AdaptiveRendering(AdaptiveSettings(equal_to_trust=3, sample_every=5)), Pages(http_title=False)
    results = await batch(adaptive, pages, 11, concurrency=1)
    assert all(result.data["title"] and not result.fetched for result in results)
    fetches = [int(call.split()[1]) for call in pages.calls if call.startswith("never")]
    assert fetches == [1, 6, 11]  # learning, then 4 pages rendered alone, learning again, ...
    report = adaptive.report()["news"]
    assert report["rendered_why"] == {"the site went back to the browser": 8, "had both ways, learning": 3}
    assert report["now"] == "browser" and report["browser_why"] == "a page had both ways differed: field 'title'"
    [line] = adaptive.summary()
    assert line.endswith("; the browser (a page had both ways differed: field 'title')")


async def test_a_wait_for_a_verdict_ends_when_the_page_compared_raises() -> None:
    adaptive = AdaptiveRendering(AdaptiveSettings(equal_to_trust=1))
    started = asyncio.Event()

    async def failing(way: Literal["always", "never"]) -> Result:
        started.set()
        await asyncio.sleep(0.01)
        raise RuntimeError("the browser went away")

    first = asyncio.create_task(adaptive.extract(SITE, failing))
    await started.wait()
    second = asyncio.create_task(adaptive.extract(SITE, Pages().extractor(2)))  # waits for the first's verdict
    await asyncio.wait_for(asyncio.gather(first, second, return_exceptions=True), timeout=2)
    assert isinstance(first.exception(), RuntimeError)
    assert second.result().data == {"title": "Story 2"}


async def test_a_verdict_that_never_comes_is_waited_for_a_bounded_time() -> None:
    adaptive = AdaptiveRendering(AdaptiveSettings(equal_to_trust=1, verdict_wait=0.2))
    assert await adaptive.plan("news", None) == ("both", "had both ways, learning")  # its page never reports
    started = asyncio.get_running_loop().time()
    assert await adaptive.plan("news", None) == ("both", "had both ways, learning")  # after the wait, both ways
    assert 0.15 < asyncio.get_running_loop().time() - started < 1
