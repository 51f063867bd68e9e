"""Sessions and identity: storage state, cookies, headers, user agent, locale, time zone, viewport."""

from __future__ import annotations

import json
import stat
import time
from pathlib import Path

import pytest
from playwright.async_api import Page
from support.display import virtual_display

from extractor.api import extract_page
from extractor.batch import BatchOptions
from extractor.batch.runner import run_batch
from extractor.browser import Browser
from extractor.browser.login import save_login_state
from extractor.browser.profile import ContextProfile, read_storage_state
from extractor.errors import UsageError
from extractor.models import IssueKind, Result
from extractor.recording import open_recording, record, replay_offline
from extractor.settings import Settings
from extractor.sites import load_site, parse_site
from extractor.sites.overrides import RenderOverrides, parse_cookies

MEMBERS = parse_site(
    "site: members\nmatch: x\nrender: {wait_for: 'h1:not(:empty)', scroll: none, timeout: 10}\n"
    "fields:\n  title: h1\n  body: {css: p.story, required: true}\n"
)


def _state(tmp_path: Path, site_url: str, expires: float) -> Path:
    host = site_url.split("//")[1].split(":")[0]
    state = {
        "cookies": [{"name": "session", "value": "ok", "domain": host, "path": "/", "expires": expires,
                     "httpOnly": True, "secure": False, "sameSite": "Lax"}],
        "origins": [],
    }  # fmt: skip
    path = tmp_path / "state.json"
    path.write_text(json.dumps(state))
    return path


async def test_without_a_session_the_page_shows_its_logged_out_view(browser: Browser, site_url: str) -> None:
    result = await extract_page(browser, site_url + "/__session/article", MEMBERS)
    assert result.data["title"] == "Please log in"
    assert result.missing_required and result.data["body"] is None


async def test_a_cookie_from_the_command_line_is_sent_to_the_pages_host(browser: Browser, site_url: str) -> None:
    overrides = RenderOverrides(cookies=parse_cookies(["session=ok"]))
    result = await extract_page(browser, site_url + "/__session/article", MEMBERS, overrides)
    assert result.data == {"title": "Members only", "body": "The logged-in story."}


async def test_login_saves_a_private_state_that_later_renders_use(
    browser: Browser, site_url: str, tmp_path: Path
) -> None:
    output = tmp_path / "state.json"

    async def log_in(page: Page) -> None:  # what the user does in the window
        await page.goto(site_url + "/__session/login?next=/__session/article")
        await page.wait_for_selector("p.story:not(:empty)")
        await page.close()

    cookies = await save_login_state(site_url + "/", output, settings=Settings(), user_steps=log_in, timeout=30)
    assert cookies == 1
    assert stat.S_IMODE(output.stat().st_mode) == 0o600
    overrides = RenderOverrides(storage_state=output)
    result = await extract_page(browser, site_url + "/__session/article", MEMBERS, overrides)
    assert result.data["body"] == "The logged-in story." and not result.warnings


async def test_login_opens_a_headed_window_where_a_display_exists(
    site_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with virtual_display() as display:
        if display is None:
            pytest.skip("no Xvfb here (make test installs Debian's xvfb where it can)")
        monkeypatch.setenv("DISPLAY", display)
        seen: list[str] = []

        async def log_in(page: Page) -> None:
            await page.goto(site_url + "/__session/login?next=/__session/article")
            await page.wait_for_selector("p.story:not(:empty)")
            seen.append(str(await page.evaluate("() => `${window.outerWidth}x${window.outerHeight}`")))
            await page.close()

        output = tmp_path / "state.json"
        # the default settings: headed (a headed Chromium with no X server would not start at all)
        cookies = await save_login_state(site_url + "/", output, user_steps=log_in, timeout=30)
    assert cookies == 1 and json.loads(output.read_text())["cookies"][0]["name"] == "session"
    assert seen and seen[0] != "0x0"  # a real window


async def test_a_site_files_storage_state_is_relative_to_the_file(
    browser: Browser, site_url: str, tmp_path: Path
) -> None:
    _state(tmp_path, site_url, time.time() + 3600)
    text = (
        "site: members\nmatch: x\nrender: {storage_state: state.json, wait_for: 'p.story:not(:empty)', "
        "scroll: none, timeout: 10}\nfields:\n  body: {css: p.story, required: true}\n"
    )
    (tmp_path / "members.yaml").write_text(text)
    loaded = load_site(tmp_path / "members.yaml")
    assert loaded.site.render.storage_state == str(tmp_path.resolve() / "state.json")
    result = await extract_page(browser, site_url + "/__session/article", loaded.site)
    assert result.data["body"] == "The logged-in story."


async def test_an_expired_state_is_used_and_warned_about(browser: Browser, site_url: str, tmp_path: Path) -> None:
    path = _state(tmp_path, site_url, time.time() - 86_400)
    result = await extract_page(browser, site_url + "/__session/article", MEMBERS, RenderOverrides(storage_state=path))
    assert result.data["title"] == "Please log in"  # the browser drops an expired cookie, as the site would
    [warning] = [issue for issue in result.warnings if issue.kind == IssueKind.SESSION]
    assert f"storage state {path}: 1 of 1 cookies expired" in warning.message
    assert "extractor login URL -o" in warning.message


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "no such file (save one with `extractor login URL -o"),
        ("{\n  'cookies': []\n}", ":2: not JSON: Expecting property name enclosed in double quotes"),
        ("[1, 2]", "expected an object with 'cookies' and 'origins' lists"),
        ('{"cookies": [{"name": "a"}]}', "cookies[0] needs name, value, domain and path"),
    ],
)
def test_a_bad_state_file_is_one_line_naming_it(tmp_path: Path, content: str | None, expected: str) -> None:
    path = tmp_path / "state.json"
    if content is not None:
        path.write_text(content)
    with pytest.raises(UsageError) as caught:
        read_storage_state(path)
    assert caught.value.message.startswith(f"storage state {path}") and expected in caught.value.message
    assert "\n" not in caught.value.message


async def test_a_batch_with_an_unusable_state_fails_each_page_at_once_without_retries(
    site_url: str, tmp_path: Path
) -> None:
    site = MEMBERS.model_copy(
        update={"render": MEMBERS.render.model_copy(update={"storage_state": str(tmp_path / "gone.json")})}
    )
    results: list[Result] = []
    started = time.monotonic()
    urls = [site_url + "/__session/article", site_url + "/__session/article?2"]
    await run_batch(urls, lambda url: site, BatchOptions(concurrency=2, retries=2), results.append)
    assert time.monotonic() - started < 20  # the browser starts, but no page is rendered or retried
    assert [issue.kind for result in results for issue in result.errors] == [IssueKind.SITE, IssueKind.SITE]
    assert all("gone.json: no such file" in result.errors[0].message and not result.warnings for result in results)


async def test_headers_user_agent_locale_time_zone_and_viewport_reach_the_page(browser: Browser, site_url: str) -> None:
    site = parse_site(
        "site: who\nmatch: x\nrender:\n  scroll: none\n  headers: {X-Team: extractor}\n  user_agent: 'ExtractorTest/1.0'\n"
        "  locale: id-ID\n  timezone: Asia/Jakarta\n  viewport: {width: 390, height: 844}\n  cookies:\n"
        "    - {name: theme, value: dark}\nfields:\n  headers: '#headers'\n  ua: '#ua'\n  language: '#language'\n"
        "  zone: '#zone'\n  size: '#size'\n  cookies: '#cookies'\n"
    )
    result = await extract_page(browser, site_url + "/__whoami", site)
    sent = json.loads(result.data["headers"])
    assert sent["X-Team"] == "extractor" and sent["User-Agent"] == "ExtractorTest/1.0"
    assert sent["Accept-Language"].startswith("id-ID") and sent["Cookie"] == "theme=dark"
    assert (result.data["ua"], result.data["language"], result.data["zone"]) == (
        "ExtractorTest/1.0",
        "id-ID",
        "Asia/Jakarta",
    )
    assert (result.data["size"], result.data["cookies"]) == ("390x844", "theme=dark")
    default = await extract_page(browser, site_url + "/__whoami", site.model_copy(update={"render": parse_site(
        "site: who\nmatch: x\nrender: {scroll: none}\nfields: {t: title}\n").render}))  # fmt: skip
    assert default.data["size"] == "1280x900" and "HeadlessChrome" not in default.data["ua"]


async def test_the_spare_page_serves_only_a_page_with_the_same_profile(browser: Browser) -> None:
    await browser.closed_in_background()
    browser.keep_spare = True
    jakarta = ContextProfile(timezone="Asia/Jakarta")
    try:
        first, _ = await browser.open_page(profile=jakarta)
        browser.prepare_next()
        await browser.release(first)
        second, page = await browser.open_page(profile=jakarta)  # the spare, made with the same profile
        assert await page.evaluate("Intl.DateTimeFormat().resolvedOptions().timeZone") == "Asia/Jakarta"
        browser.prepare_next()
        await browser.release(second)
        third, page = await browser.open_page()  # another profile: a fresh page, not the spare
        assert await page.evaluate("Intl.DateTimeFormat().resolvedOptions().timeZone") != "Asia/Jakarta"
        await browser.release(third)
    finally:
        browser.keep_spare = False
        await browser.closed_in_background()


async def test_a_recording_of_a_logged_in_page_replays_offline_without_the_state(
    browser: Browser, site_url: str, tmp_path: Path
) -> None:
    state = _state(tmp_path, site_url, time.time() + 3600)
    (tmp_path / "members.yaml").write_text(
        "site: members\nmatch: x\nrender: {storage_state: state.json, wait_for: 'h1:not(:empty)', scroll: none}\n"
        "fields:\n  title: h1\n  body: {css: p.story, required: true}\n"
    )
    loaded = load_site(tmp_path / "members.yaml")
    folder = tmp_path / "members-recording"
    recorded = await record(browser, site_url + "/__session/article", loaded, folder)
    assert recorded.data["body"] == "The logged-in story."
    state.unlink()  # a machine that replays has no login
    replayed = await replay_offline(open_recording(folder), loaded.site)
    assert replayed.data == recorded.data and not replayed.errors
