"""Rendering JS-heavy pages: infinite scroll, load-more, lazy embeds, delayed content, trackers."""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import socket
import time
from collections.abc import AsyncIterator

import pytest
from playwright.async_api import BrowserContext, Page, Request

from extractor.api import extract_page
from extractor.browser import Browser, render
from extractor.browser.activity import ActivityMonitor
from extractor.browser.blocking import BLOCKED_BY_US, Blocking
from extractor.browser.hosts import BadHosts
from extractor.browser.render import RenderHooks
from extractor.browser.tuning import RenderTuning
from extractor.sites import RenderSpec, parse_site

render_module = importlib.import_module("extractor.browser.render")  # the package's `render` is the function


async def test_infinite_scroll_collects_every_batch(browser: Browser, site_url: str) -> None:
    spec = parse_site(
        "site: shop\nmatch: x\nfields:\n"
        "  products:\n    css: li.product\n    multiple: true\n    fields:\n"
        "      sku: {css: '::attr(data-sku)'}\n      name: a.name\n      price: {css: .price, type: int}\n"
        "      link: {css: a.name, attr: href, type: url}\n"
        "  end: p.end\n"
    )
    result = await extract_page(browser, site_url + "/infinite/", spec)
    products = result.data["products"]
    assert len(products) == 50
    assert products[0] == {"sku": "SKU-001", "name": "Product 1 - Kopi Gayo", "price": 26500, "link": site_url + "/infinite/p/sku-001"}
    assert products[49]["price"] == 15750000
    assert sum(p["price"] for p in products) == 25_652_000
    assert result.data["end"] == "No more products"
    assert result.warnings == []


async def test_debounced_scroll_listener_still_gets_every_batch(browser: Browser, site_url: str) -> None:
    """The page reacts only 200 ms after scrolling stops: the bottom patience covers it."""
    spec = parse_site("site: shop\nmatch: x\nfields:\n  n: {css: li.product, multiple: true}\n  end: p.end\n")
    result = await extract_page(browser, site_url + "/infinite/debounced.html", spec)
    assert len(result.data["n"]) == 50
    assert result.data["end"] == "No more products"


@contextlib.asynccontextmanager
async def landing_monitor(browser: Browser, site_url: str) -> AsyncIterator[tuple[Page, ActivityMonitor]]:
    """The landing page (one heading written by script at load) in a fresh context, with an activity monitor."""
    context, page = await browser.open_page()
    try:
        await page.goto(site_url + "/faults/landing.html")
        yield page, ActivityMonitor(page)
    finally:
        await context.close()


async def test_what_the_probe_replaces_still_looks_native(browser: Browser, site_url: str) -> None:
    replaced = [
        "fetch", "setTimeout", "clearInterval", "requestAnimationFrame", "requestIdleCallback",
        "XMLHttpRequest.prototype.open", "XMLHttpRequest.prototype.send",
        "EventTarget.prototype.addEventListener", "EventTarget.prototype.removeEventListener",
        "Element.prototype.getBoundingClientRect", "Response.prototype.json", "Function.prototype.toString",
        "WebSocket", "Worker", "IntersectionObserver", "IntersectionObserver.prototype.observe",
        "IntersectionObserver.prototype.unobserve", "IntersectionObserver.prototype.disconnect",
    ]  # fmt: skip
    async with landing_monitor(browser, site_url) as (page, _):
        assert await page.evaluate("() => typeof window.__extractorActivity") == "object"  # the probe is there
        looks = await page.evaluate(
            "(paths) => paths.map((path) => { const f = path.split('.').reduce((o, key) => o[key], window);"
            " return [f.name, Function.prototype.toString.call(f), String(f)]; })",
            replaced,
        )
    for path, (name, source, text) in zip(replaced, looks, strict=True):
        assert name == path.split(".")[-1]
        assert source == text == f"function {name}() {{ [native code] }}", path


async def test_media_arriving_is_a_change_but_not_content(browser: Browser, site_url: str) -> None:
    async with landing_monitor(browser, site_url) as (page, monitor):
        # the page's own last change must be clearly older than the moment: idle times are read in the
        # page, after an evaluate round trip, so a change just before it could read as after it
        await asyncio.sleep(0.3)
        moment = time.monotonic()
        await page.evaluate(
            "() => { const f = document.createElement('iframe'); f.src = 'about:blank'; document.body.append(f);"
            " document.querySelector('h1').insertAdjacentHTML('afterend', '<img src=\"data:,\">'); }"
        )
        assert await monitor.changed_since(moment) is True
        assert await monitor.content_changed_since(moment) is False
        await page.evaluate("() => document.body.insertAdjacentHTML('beforeend', '<p>More text</p>')")
        assert await monitor.content_changed_since(moment) is True


async def test_blockers_follow_the_one_shot_work_the_page_scheduled(browser: Browser, site_url: str) -> None:
    async with landing_monitor(browser, site_url) as (page, monitor):
        assert await monitor.blockers() == []
        await page.evaluate("() => { window.t = setTimeout(() => {}, 150); }")
        assert await monitor.blockers() == ["timer"]
        await page.evaluate("() => clearTimeout(t)")
        assert await monitor.blockers() == []
        await page.evaluate("() => { setTimeout(() => {}, 100); setTimeout(() => {}, 5000); }")
        assert await monitor.blockers() == ["timer"]
        await asyncio.sleep(0.2)  # the near one has run; the far one is beyond the timer horizon
        assert await monitor.blockers() == []
        # repeating work is not waited for, past the one look it gets at the page's new work
        await page.evaluate("() => { window.i = setInterval(() => {}, 60); }")
        assert await monitor.blockers() == ["poller"]
        await asyncio.sleep(0.2)
        assert await monitor.blockers() == []
        await page.evaluate("() => clearInterval(i)")
        await page.evaluate("() => { window.go = true; const spin = () => { if (go) requestAnimationFrame(spin); }; spin(); }")
        await asyncio.sleep(0.1)
        assert await monitor.blockers() == []  # a frame loop is repeating work
        await page.evaluate("() => { go = false; }")
        # a timer that re-arms itself is a loop once it has: a carousel on a recursive setTimeout
        await page.evaluate(
            "() => { window.turns = 0; const turn = () => { if (++turns < 4) setTimeout(turn, 400); }; setTimeout(turn, 400); }"
        )
        assert await monitor.blockers() == ["timer"]
        await page.wait_for_function("() => turns >= 1")
        assert await monitor.blockers() == ["poller"]  # its first run was new work: the loop gets one look
        await page.wait_for_function("() => turns >= 2")
        assert await monitor.blockers() == []
        await page.wait_for_function("() => turns >= 4")
        # a chain of different work is followed link by link: a timer whose callback sets another
        await page.evaluate("() => setTimeout(() => setTimeout(() => { window.chained = true; }, 300), 100)")
        await asyncio.sleep(0.25)
        assert await monitor.blockers() == ["timer"]
        await page.wait_for_function("() => window.chained")
        assert await monitor.blockers() == []


async def test_an_observer_holds_the_page_until_it_has_told_about_each_new_target(
    browser: Browser, site_url: str
) -> None:
    """A new target's first notification comes at the next rendering update: until then the page may
    still react to what is in view (the sentinel under an infinite list), so it is not done."""
    tuning = RenderTuning()
    ask = "window.__extractorActivity.blockers(false, tuning)"
    async with landing_monitor(browser, site_url) as (page, monitor):
        assert await monitor.blockers() == []
        # observed and asked in one task: no rendering update comes between
        owed = await page.evaluate(
            "(tuning) => { window.told = []; window.io = new IntersectionObserver((entries) =>"
            " told.push(...entries.map((e) => [e.target.tagName, e.isIntersecting])));"
            " const h1 = document.querySelector('h1'); io.observe(h1); const before = " + ask + ";"
            " io.observe(h1); return [before, io instanceof IntersectionObserver]; }",
            tuning.for_page(),
        )
        assert owed == [["observer"], True]
        await page.wait_for_function("() => told.length > 0")
        assert await page.evaluate("() => told") == [["H1", True]]  # observed twice, told once
        assert await monitor.blockers() == []
        # a target unobserved, or an observer disconnected, before the update owes nothing
        for undo in ("io.unobserve(p)", "io.disconnect()"):
            left = await page.evaluate(
                "(tuning) => { const p = document.createElement('p'); document.body.append(p); io.observe(p);"
                " " + undo + "; return " + ask + "; }",
                tuning.for_page(),
            )
            assert left == [], undo
        # one out of the document is told about too (not intersecting), and is no longer owed
        await page.evaluate("() => { window.told = []; new IntersectionObserver((e) => told.push(e.length)).observe(document.createElement('p')); }")
        await page.wait_for_function("() => told.length > 0")
        assert await monitor.blockers() == []


async def test_settle_waits_for_work_cut_into_message_posted_chunks(browser: Browser, site_url: str) -> None:
    """Work cut into message-posted chunks (a framework's scheduler) cannot be followed as timers are:
    it keeps the main thread from an idle period, and settle waits for one."""
    async with landing_monitor(browser, site_url) as (page, monitor):
        await page.evaluate(
            "() => { let n = 30; const c = new MessageChannel(); c.port1.onmessage = () => {"
            " const u = performance.now() + 10; while (performance.now() < u) {}"
            " if (--n) c.port2.postMessage(0); else document.body.append('chunks done'); };"
            " c.port2.postMessage(0); }"
        )
        assert await monitor.settle(3.0) == []
        assert "chunks done" in await page.content()


@pytest.mark.parametrize(
    "call",
    [
        "fetch('/index.html?delay=400').then((r) => r.text()).then(() => { window.got = true; })",
        "const x = new XMLHttpRequest(); x.open('GET', '/index.html?delay=400');"
        " x.onload = () => { window.got = true; }; x.send();",
    ],
    ids=["fetch", "xhr"],
)
async def test_a_data_call_counts_until_the_page_has_its_answer(browser: Browser, site_url: str, call: str) -> None:
    """The monitor is attached after the call is made, so only the page itself can know it is open; and
    quiet is counted from when the page's handler had the answer, not from when the call was made."""
    async with landing_monitor(browser, site_url) as (page, monitor):
        made = time.monotonic()
        await page.evaluate(f"() => {{ {call} }}")
        assert (await monitor.idle()).request == 0
        assert await monitor.blockers() == ["call"]
        await page.wait_for_function("() => window.got")
        idle = await monitor.idle()
        assert idle.request < time.monotonic() - made - 0.3  # the 400 ms the answer took do not count
        assert await monitor.blockers() == []


async def test_content_staged_by_the_pages_own_timers_and_chunks_is_waited_for(browser: Browser, site_url: str) -> None:
    """Each stage follows the one before within the 200 ms quiet window, but after more than the 50 ms
    a calm page needs: the timer due must hold the wait, and so must the 150 ms of chunked work."""
    spec = parse_site(
        "site: d\nmatch: x\nrender: {wait_for: h1.headline, scroll: none}\nfields:\n"
        "  h: h1.headline\n  p: {css: p.story, multiple: true}\n"
    )
    result = await extract_page(browser, site_url + "/delayed/staged.html", spec)
    assert result.data["h"] == "Harbour reopens after the storm"
    assert [p.split(":")[0] for p in result.data["p"]] == ["Stage two", "Stage three"]


async def test_scroll_none_leaves_the_first_batch(browser: Browser, site_url: str) -> None:
    spec = parse_site("site: shop\nmatch: x\nrender: {scroll: none}\nfields:\n  n: {css: li.product, multiple: true}\n")
    result = await extract_page(browser, site_url + "/infinite/", spec)
    assert len(result.data["n"]) == 10


async def test_scroll_bound_is_reported(browser: Browser, site_url: str) -> None:
    spec = parse_site("site: shop\nmatch: x\nrender: {max_scrolls: 3}\nfields:\n  n: {css: li.product, multiple: true}\n")
    result = await extract_page(browser, site_url + "/infinite/", spec)
    assert 10 <= len(result.data["n"]) < 50
    assert [w.message for w in result.warnings] == ["scrolling stopped after max_scrolls=3 steps"]


async def test_load_more_button_until_it_disappears(browser: Browser, site_url: str) -> None:
    spec = parse_site(
        "site: thread\nmatch: x\nrender:\n  scroll: none\n  click: [button.load-more]\nfields:\n"
        "  comments:\n    css: div.comment\n    multiple: true\n    fields:\n"
        "      user: .user\n      text: p.text\n      at: {css: time, attr: datetime, type: datetime}\n"
        "      likes: {css: .likes, type: int}\n"
    )
    result = await extract_page(browser, site_url + "/loadmore/", spec)
    comments = result.data["comments"]
    assert len(comments) == 20
    assert comments[0] == {"user": "rina_w", "text": "Pengiriman cepat, barang sampai dalam dua hari.", "at": "2024-11-30T08:15:00+07:00", "likes": 12}
    assert comments[19]["at"] == "2024-12-01T14:20:00+07:00"
    assert sum(c["likes"] for c in comments) == 264
    assert result.warnings == []


async def test_click_bound_is_reported(browser: Browser, site_url: str) -> None:
    spec = parse_site(
        "site: thread\nmatch: x\nrender: {scroll: none, click: button.load-more, max_clicks: 1}\n"
        "fields:\n  n: {css: div.comment, multiple: true}\n"
    )
    result = await extract_page(browser, site_url + "/loadmore/", spec)
    assert len(result.data["n"]) == 10
    assert [w.kind for w in result.warnings] == ["bound"]


async def test_lazy_embeds_below_the_fold(browser: Browser, site_url: str) -> None:
    spec = parse_site(
        "site: lazy\nmatch: x\nfields:\n  headline: h1.headline\n"
        "  photo: {css: img.lazy, attr: src, type: url}\n"
        "  youtube: {css: .yt-lazy iframe, attr: src}\n"
    )
    result = await extract_page(browser, site_url + "/lazy/", spec)
    assert result.data["youtube"] == "https://www.youtube.com/embed/dQw4w9WgXcQ"
    assert result.data["photo"] == site_url + "/lazy/photo.svg"
    media = {m.url: m for m in result.media}
    youtube = media["https://www.youtube.com/embed/dQw4w9WgXcQ"]
    assert (youtube.kind, youtube.provider, youtube.title) == ("embed", "youtube", "Launch day recap")
    clip = media[site_url + "/lazy/clip.mp4"]
    assert (clip.kind, clip.title, clip.poster) == ("video", "Harbour timelapse", site_url + "/lazy/poster.svg")
    player = media[site_url + "/lazy/player.html"]  # same-origin iframe whose document holds a <video>
    assert player.kind == "embed" and player.title == "Local player"
    assert player.stream == site_url + "/lazy/stream.m3u8"
    # one entry per embed: the player's playlists and segments are not listed on their own
    assert len(result.media) == 3, [m.url for m in result.media]


async def test_content_arriving_after_a_delay(browser: Browser, site_url: str) -> None:
    spec = parse_site("site: d\nmatch: x\nrender: {wait_for: h1.headline, scroll: none}\nfields:\n  h: h1.headline\n  p: {css: .story p, multiple: true}\n")
    result = await extract_page(browser, site_url + "/delayed/", spec)
    assert result.data["h"] == "Pasar Terapung Kembali Ramai Setelah Banjir Surut"
    assert len(result.data["p"]) == 3


async def test_wait_for_timeout_keeps_what_rendered(browser: Browser, site_url: str) -> None:
    spec = parse_site("site: d\nmatch: x\nrender: {wait_for: h2.never, timeout: 2}\nfields:\n  h: h1.headline\n  t: title\n")
    started = time.monotonic()
    result = await extract_page(browser, site_url + "/delayed/", spec)
    assert time.monotonic() - started < 6
    assert result.page_failed
    assert result.errors[0].kind == "timeout" and "wait_for 'h2.never' matched nothing within 2s" in result.errors[0].message
    assert result.data["t"] is not None  # what had rendered is still read


async def test_hanging_tracker_does_not_stall(browser: Browser, site_url: str) -> None:
    spec = parse_site("site: t\nmatch: x\nfields:\n  h: h1\n  p: {css: p, multiple: true}\n")
    started = time.monotonic()
    result = await extract_page(browser, site_url + "/tracker/", spec)
    elapsed = time.monotonic() - started
    assert result.data["h"] == "Kereta Cepat Tambah Jadwal Akhir Pekan"
    assert len(result.data["p"]) >= 3
    assert result.errors == []
    assert elapsed < 8, elapsed


async def test_known_trackers_are_blocked(browser: Browser, site_url: str) -> None:
    failures: dict[str, str] = {}

    class Watch(RenderHooks):
        async def prepare(self, context: BrowserContext) -> None:
            context.on("requestfailed", lambda request: failures.setdefault(request.url, request.failure or ""))

    snapshot = await render(browser, site_url + "/tracker/", RenderSpec(scroll="none"), Watch())
    tracker = "https://connect.facebook.net/en_US/fbevents.js"
    assert BLOCKED_BY_US in failures[tracker]
    assert not any(tracker in line for line in snapshot.failed_requests)  # our own block is not a page fault

    failures.clear()
    await render(browser, site_url + "/tracker/", RenderSpec(scroll="none", trackers="allow"), Watch())
    assert BLOCKED_BY_US not in failures.get(tracker, "")


async def test_a_hanging_child_frame_does_not_hold_the_page(browser: Browser, site_url: str) -> None:
    """Requests inside iframes (a player loading) cannot change the page's DOM, so settling ignores them."""
    snapshot = await render(browser, site_url + "/faults/hanging-frame.html", RenderSpec(scroll="none"))
    assert "Frame next to the article" in snapshot.html
    assert snapshot.timings["settle"] < RenderTuning().stale_after + 0.5


async def test_page_that_never_loads_times_out(browser: Browser, site_url: str) -> None:
    started = time.monotonic()
    result = await extract_page(browser, site_url + "/__hang", parse_site("site: t\nmatch: x\nrender: {timeout: 2}\nfields: {h: h1}\n"))
    assert time.monotonic() - started < 6
    assert result.page_failed and result.errors[0].kind == "timeout"
    assert "did not load within 2s" in result.errors[0].message


async def test_http_error_status_is_not_data(browser: Browser, site_url: str) -> None:
    result = await extract_page(browser, site_url + "/__status/404", parse_site("site: t\nmatch: x\nfields: {h: h1}\n"))
    assert result.data == {}
    assert result.status == 404
    assert [(e.kind, e.message) for e in result.errors] == [("http", f"{site_url}/__status/404: HTTP 404 Not Found")]


async def test_connection_refused(browser: Browser) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/"
    result = await extract_page(browser, url, parse_site("site: t\nmatch: x\nfields: {h: h1}\n"))
    assert [(e.kind, e.message) for e in result.errors] == [("refused", f"{url}: connection refused (ERR_CONNECTION_REFUSED)")]


async def test_blocked_resources_are_aborted(browser: Browser, site_url: str) -> None:
    snapshot = await render(browser, site_url + "/lazy/", RenderSpec(block=["image", "media"]))
    assert "photo.svg" in snapshot.html  # the page still ran its scripts
    assert any(m.url.endswith("/lazy/clip.mp4") for m in snapshot.media)  # media URLs are still reported


async def test_file_urls_render(browser: Browser, tmp_path) -> None:  # type: ignore[no-untyped-def]
    page = tmp_path / "p.html"
    page.write_text("<h1>static</h1><script>document.body.insertAdjacentHTML('beforeend','<p>by script</p>')</script>")
    snapshot = await render(browser, page.as_uri(), RenderSpec(scroll="none"))
    assert "<p>by script</p>" in snapshot.html


async def _contexts_become(browser: Browser, count: int) -> int:
    """The number of open contexts once it reaches ``count`` (closing and making take a moment)."""
    for _ in range(100):
        if browser.open_contexts == count:
            break
        await asyncio.sleep(0.1)
    return browser.open_contexts


async def test_the_spare_page_is_ready_with_the_blocking_asked_for(browser: Browser, site_url: str) -> None:
    images = Blocking(frozenset({"image"}), trackers=True)
    await browser.closed_in_background()
    before = browser.open_contexts  # a context an earlier test's crashed page left behind may stay
    browser.keep_spare = True
    try:
        first, _ = await browser.open_page(images)
        browser.prepare_next()  # what render does once the page has loaded
        assert await _contexts_become(browser, before + 2) == before + 2  # the page rendering and the spare
        await browser.release(first)
        second, page = await browser.open_page(images)  # the spare, taken as it is
        assert await _contexts_become(browser, before + 1) == before + 1
        failures: list[str] = []
        page.on("requestfailed", lambda request: failures.append(request.failure or ""))
        await page.goto(site_url + "/lazy/", wait_until="domcontentloaded")
        await page.wait_for_timeout(300)
        assert any(BLOCKED_BY_US in failure for failure in failures)  # its images were refused
        browser.prepare_next()
        await browser.release(second)
        third, _ = await browser.open_page(Blocking())  # other blocking: the spare is not used
        await browser.release(third)
        await browser.closed_in_background()  # the spare it did not take
        assert await _contexts_become(browser, before) == before
    finally:
        browser.keep_spare = False


async def test_a_script_host_that_never_answers_is_blocked_and_the_page_loaded_again(
    browser: Browser, site_url: str
) -> None:
    started = time.monotonic()
    snapshot = await render(
        browser, site_url + "/faults/stalled-script.html", RenderSpec(timeout=15), tuning=RenderTuning(stall_after=1.0)
    )
    elapsed = time.monotonic() - started
    assert "The text after the script tag." in snapshot.html  # parsed past the script: not read at a timeout
    assert [issue.kind for issue in snapshot.issues] == ["stalled"]
    assert "loaded again without localhost" in snapshot.issues[0].message
    assert elapsed < 5, elapsed


async def test_a_stalling_host_costs_one_reload_even_when_its_failure_is_reported_late(
    browser: Browser, site_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A hung lookup's request may be reported failed only well after its document was replaced: it
    must not be counted again against the page loaded without its host (that was a second reload,
    whose own load could be cut short by the first one's arrival)."""
    ended = ActivityMonitor._ended

    def late(monitor: ActivityMonitor, request: Request) -> None:
        if "__hang" in request.url:
            asyncio.get_running_loop().call_later(1.5, ended, monitor, request)
        else:
            ended(monitor, request)

    monkeypatch.setattr(ActivityMonitor, "_ended", late)
    snapshot = await render(
        browser, site_url + "/faults/stalled-then-slow.html", RenderSpec(timeout=15), tuning=RenderTuning(stall_after=1.0)
    )
    assert "The text after both scripts." in snapshot.html and 'data-slow-part="ran"' in snapshot.html
    assert [issue.kind for issue in snapshot.issues] == ["stalled"]


async def test_a_host_that_cannot_be_reached_is_refused_for_the_rest_of_the_page(browser: Browser, site_url: str) -> None:
    snapshot = await render(browser, site_url + "/faults/unreachable-host.html", RenderSpec(wait_for="p.done"))
    failed = [line for line in snapshot.failed_requests if "unreachable.invalid" in line]
    assert len(failed) == 1 and "first.js" in failed[0] and "ERR_NAME_NOT_RESOLVED" in failed[0]
    assert snapshot.issues == []  # the second request was refused by us: not a failure of the page


async def test_with_a_batchs_memory_an_unreachable_host_is_refused_from_the_next_page_on(
    browser: Browser, site_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(browser, "bad_hosts", BadHosts())
    url = site_url + "/faults/unreachable-host.html"
    first = await render(browser, url, RenderSpec(wait_for="p.done"))
    assert [line for line in first.failed_requests if "unreachable.invalid" in line]
    assert browser.bad_hosts is not None and browser.bad_hosts.unreachable.recent() == {"cdn.unreachable.invalid"}
    second = await render(browser, url + "?again", RenderSpec(wait_for="p.done"))
    assert second.failed_requests == [] and second.issues == []  # refused before it was asked: no lookup
    assert "Done" in second.html
    # a player frame whose page cannot be reached costs the page nothing: it is not remembered
    await render(browser, site_url + "/faults/landing.html", RenderSpec(scroll="none"), PlayerOf("cdn2.unreachable.invalid"))
    assert browser.bad_hosts.unreachable.recent() == {"cdn.unreachable.invalid"}


class PlayerOf(RenderHooks):
    """Adds an iframe from ``host`` to the page once it has loaded."""

    def __init__(self, host: str):
        self.host = host

    async def prepare(self, context: BrowserContext) -> None:
        await context.add_init_script(
            "addEventListener('DOMContentLoaded', () => { const f = document.createElement('iframe');"
            f" f.src = 'http://{self.host}/player'; document.body.append(f); }})"
        )


async def test_a_page_still_busy_at_the_step_bound_is_read_as_it_stands(browser: Browser, site_url: str) -> None:
    """A chain of one-shot timers that never ends (each delay different, so it is no loop) holds the
    load until the step bound, which the snapshot reports, naming what was still pending."""
    busy = (
        "() => { let n = 0; const next = () => setTimeout(() => { document.title = String(++n); next(); },"
        " 60 + (n % 5) * 7); next(); }"
    )

    class Busy(RenderHooks):
        async def prepare(self, context: BrowserContext) -> None:
            await context.add_init_script(f"addEventListener('DOMContentLoaded', {busy})")

    started = time.monotonic()
    snapshot = await render(
        browser, site_url + "/faults/landing.html", RenderSpec(scroll="none"), Busy(), tuning=RenderTuning(step_cap=1.0)
    )
    assert time.monotonic() - started < 4
    assert "Landed" in snapshot.html
    assert [(i.kind, i.message) for i in snapshot.issues] == [
        ("bound", "after the load the page was still busy (timer) at the 1s step bound")
    ]
