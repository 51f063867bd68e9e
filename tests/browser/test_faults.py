"""Faults a real page can throw at the renderer: each gives a clear error or a bounded result."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import time
from pathlib import Path

import pytest
from processes import chromium_pids
from support import CNBC_PATH

from extractor.api import extract_page
from extractor.browser import Browser
from extractor.browser.session import launch_options
from extractor.demo.server import DEMO_SITE, serve
from extractor.recording import open_recording, record, replay_render
from extractor.settings import QUIET_CHROMIUM_FLAGS, Settings
from extractor.sites import LoadedSite, parse_site

SITE = parse_site("site: t\nmatch: x\nrender: {timeout: 15}\nfields:\n  h: h1\n  p: p\n")
REPO = Path(__file__).parents[2]


async def test_dns_failure(browser: Browser) -> None:
    result = await extract_page(browser, "http://no-such-host.invalid/", SITE)
    assert [(e.kind, e.message) for e in result.errors] == [
        ("dns", "http://no-such-host.invalid/: DNS lookup failed (no such host) (ERR_NAME_NOT_RESOLVED)")
    ]
    assert result.data == {}


async def test_http_500_is_reported_not_passed_off_as_data(browser: Browser, site_url: str) -> None:
    result = await extract_page(browser, site_url + "/__status/500", SITE)
    assert result.status == 500 and result.data == {}
    assert result.errors[0].message == f"{site_url}/__status/500: HTTP 500 Internal Server Error"


async def test_redirect_loop(browser: Browser, site_url: str) -> None:
    result = await extract_page(browser, site_url + "/__redirect-loop", SITE)
    assert result.errors[0].message == f"{site_url}/__redirect-loop: redirect loop (too many redirects) (ERR_TOO_MANY_REDIRECTS)"


async def test_page_that_grows_forever_is_bounded(browser: Browser, site_url: str) -> None:
    started = time.monotonic()
    result = await extract_page(browser, site_url + "/faults/forever.html", parse_site("site: t\nmatch: x\nrender: {max_scrolls: 25}\nfields: {n: {css: .post, multiple: true}}\n"))
    assert time.monotonic() - started < 15
    assert len(result.data["n"]) > 10
    assert [w.message for w in result.warnings] == ["scrolling stopped after max_scrolls=25 steps"]
    assert not result.page_failed


async def test_alert_confirm_prompt_and_beforeunload_do_not_stall(browser: Browser, site_url: str) -> None:
    started = time.monotonic()
    result = await extract_page(browser, site_url + "/faults/dialogs.html", SITE)
    assert time.monotonic() - started < 10
    assert result.data == {"h": "Dialogs answered", "p": "false null"}  # dismissed: confirm false, prompt null


async def test_page_that_navigates_away_by_itself(browser: Browser, site_url: str) -> None:
    """A script redirect right after load (100 ms here) is followed, even mid-scroll; one much later
    than the quiet window is not waited for: the page is read as it stood."""
    result = await extract_page(browser, site_url + "/faults/navigates.html", parse_site("site: t\nmatch: x\nrender: {wait_for: 'h1:not(:empty)'}\nfields: {h: h1}\n"))
    assert result.errors == []
    assert result.final_url == site_url + "/faults/landing.html" and result.data["h"] == "Landed"


async def test_a_pdf_is_a_download_not_a_page(browser: Browser, site_url: str) -> None:
    result = await extract_page(browser, site_url + "/faults/report.pdf", SITE)
    assert [(e.kind, e.message) for e in result.errors] == [
        ("download", f"{site_url}/faults/report.pdf: the URL is a download (application/pdf), not a web page")
    ]


async def test_very_large_dom(browser: Browser, site_url: str) -> None:
    spec = parse_site("site: t\nmatch: x\nrender: {scroll: none}\nfields:\n  rows: {css: .row span, multiple: true, type: int}\n")
    result = await extract_page(browser, site_url + "/faults/bigdom.html", spec)
    assert len(result.data["rows"]) == 60_000 and result.data["rows"][-1] == 59_999
    assert result.timings["extract"] < 20


async def test_broken_byte_sequences(browser: Browser, site_url: str) -> None:
    result = await extract_page(browser, site_url + "/faults/badbytes.html", SITE)
    assert result.errors == []
    assert result.data["h"] == "Caf\ufffd \ufffd\ufffd ok" and result.data["p"].endswith("Rp 5.000")


async def test_renderer_crash_is_reported_and_the_browser_survives(browser: Browser, site_url: str) -> None:
    result = await extract_page(browser, "chrome://crash", SITE)
    assert [(e.kind, e.message) for e in result.errors] == [("crash", "chrome://crash: the page crashed while rendering")]
    after = await extract_page(browser, site_url + "/faults/landing.html", SITE)
    assert after.data["h"] == "Landed"


async def test_browser_killed_mid_page(site_url: str) -> None:
    others = set(chromium_pids())  # the session's shared browser must survive this test
    async with Browser() as own:
        page = asyncio.create_task(extract_page(own, site_url + "/__hang", SITE))
        await asyncio.sleep(1.0)
        for pid in set(chromium_pids()) - others:
            with contextlib.suppress(ProcessLookupError):  # it may exit on its own first
                os.kill(pid, signal.SIGKILL)
        result = await asyncio.wait_for(page, timeout=20)
    assert result.page_failed and result.errors[0].kind == "crash"
    assert "browser" in result.errors[0].message or "crash" in result.errors[0].message


async def test_replay_never_reaches_the_network(browser: Browser, tmp_path: Path) -> None:
    loaded = LoadedSite(parse_site("site: cnbc\nmatch: x\nfields: {h: h1}\n"), REPO / "selectors" / "cnbcindonesia.com.yaml")
    with serve(DEMO_SITE) as base:
        await record(browser, base + CNBC_PATH, loaded, tmp_path / "rec")
        before = _served(base)  # the server stays up: any request reaching it would be counted
        replayed = await replay_render(browser, open_recording(tmp_path / "rec"), loaded.site)
        assert _served(base) == before + 1  # the only new request is the count query itself
    assert replayed.data["h"] == "Hamas Datang ke Kairo, Israel Beri Sinyal Gencatan Senjata Gaza"


def _served(base: str) -> int:
    """Requests the server has answered so far (asks the server itself, which counts as one)."""
    import urllib.request

    with urllib.request.urlopen(base + "/__requests") as response:
        return int(response.read())


def test_sandbox_stays_on_unless_root(monkeypatch: pytest.MonkeyPatch) -> None:
    from extractor.browser import session

    monkeypatch.setattr(session, "running_as_root", lambda: False)
    options = launch_options(Settings(), Path("/usr/bin/chromium"))
    assert options["chromium_sandbox"] is True
    assert set(QUIET_CHROMIUM_FLAGS) <= set(options["args"])
    assert {"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"} <= set(options["args"])
    monkeypatch.setattr(session, "running_as_root", lambda: True)
    assert launch_options(Settings(), Path("/usr/bin/chromium"))["chromium_sandbox"] is False


async def test_zero_config_on_a_very_large_dom_stays_bounded(browser: Browser, site_url: str) -> None:
    started = time.monotonic()
    result = await extract_page(browser, site_url + "/faults/bigdom.html", None)
    assert result.generic and result.data["title"] == "Big DOM"
    assert time.monotonic() - started < 60
