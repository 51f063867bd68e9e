"""Adaptive rendering in batch (``render.browser: auto``): learn per site whether HTTP is enough, never
at the cost of a page: a site that switches to script-rendered pages half-way is still read whole."""

from __future__ import annotations

from extractor.batch import BatchOptions, run_batch
from extractor.batch.adaptive import AdaptiveRendering, AdaptiveSettings
from extractor.batch.pool import BrowserPool
from extractor.models import IssueKind, Result
from extractor.sites import Site, parse_site

STORIES = parse_site(
    "site: stories\nmatch: x\nrender: {browser: auto, scroll: none, timeout: 10}\nfields:\n"
    "  title: {css: h1, required: true}\n"
    "  body: {css: p.story, multiple: true}\n"
)


async def run(urls: list[str], site: Site, adaptive: AdaptiveRendering) -> list[Result]:
    results: list[Result] = []
    await run_batch(urls, lambda url: site, BatchOptions(concurrency=1, retries=0, adaptive=adaptive), results.append)
    return sorted(results, key=lambda result: int(result.url.split("/")[-1].split("?")[0]))


def complete(result: Result, number: int) -> bool:
    return result.errors == [] and result.data == {
        "title": f"Story {number}",
        "body": [f"Paragraph 1 of story {number}.", f"Paragraph 2 of story {number}."],
    }


async def test_a_server_rendered_site_is_learned_then_fetched_with_samples(site_url: str) -> None:
    adaptive = AdaptiveRendering(AdaptiveSettings(equal_to_trust=3, sample_every=4))
    results = await run([f"{site_url}/__adaptive/{n}" for n in range(1, 13)], STORIES, adaptive)
    assert all(complete(result, n) for n, result in enumerate(results, 1))
    fetched = [n for n, result in enumerate(results, 1) if result.fetched]
    assert fetched == [4, 5, 6, 8, 9, 10, 12]  # 1-3 learned both ways; every 4th after that a sample
    [line] = adaptive.summary()
    assert line.startswith("stories: 7 fetched over HTTP, 5 rendered (3 had both ways, learning; 2 had both")
    assert line.endswith("HTTP alone now")


async def test_a_site_that_switches_to_script_rendered_pages_still_comes_back_whole(site_url: str) -> None:
    adaptive = AdaptiveRendering(AdaptiveSettings(equal_to_trust=3, sample_every=100))
    results = await run([f"{site_url}/__adaptive/{n}?switch=7" for n in range(1, 15)], STORIES, adaptive)
    assert all(complete(result, n) for n, result in enumerate(results, 1)), [r.data for r in results]
    assert [n for n, result in enumerate(results, 1) if result.fetched] == [4, 5, 6, 7]
    switched = results[7]  # story 8, the first drawn by a script: fetched, lacking its title, rendered
    [warning] = [issue for issue in switched.warnings if issue.kind == IssueKind.ADAPTIVE]
    assert "over HTTP required field 'title' was empty" in warning.message and "back to the browser" in warning.message
    [line] = adaptive.summary()
    assert "4 fetched over HTTP, 10 rendered" in line
    assert line.endswith("; the browser (over HTTP required field 'title' was empty)")


async def test_a_site_whose_file_needs_the_browser_is_always_rendered(site_url: str) -> None:
    waiting = parse_site(
        "site: waits\nmatch: x\nrender: {wait_for: h1, scroll: none, timeout: 10}\nfields:\n  title: h1\n"
    )
    adaptive = AdaptiveRendering(AdaptiveSettings(equal_to_trust=1))
    results = await run([f"{site_url}/__adaptive/{n}" for n in range(1, 4)], waiting, adaptive)
    assert [result.data["title"] for result in results] == ["Story 1", "Story 2", "Story 3"]
    assert not any(result.fetched for result in results)
    assert adaptive.summary() == [
        "waits: 0 fetched over HTTP, 3 rendered (3 its file waits for a node (render.wait_for)); the browser"
    ]


async def test_a_batch_of_pages_fetched_over_http_never_starts_chromium(site_url: str) -> None:
    never = STORIES.model_copy(update={"render": STORIES.render.model_copy(update={"browser": "never"})})
    pool = BrowserPool()
    results: list[Result] = []
    urls = [f"{site_url}/__adaptive/{n}" for n in range(1, 9)]
    await run_batch(
        urls, lambda url: never, BatchOptions(concurrency=4, adaptive=AdaptiveRendering()), results.append, pool=pool
    )
    assert pool.launches == 0 and pool.browser is None
    assert sorted(result.data["title"] for result in results) == sorted(f"Story {n}" for n in range(1, 9))
    assert all(result.errors == [] and result.fetched for result in results)
