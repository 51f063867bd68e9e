"""A page that navigates itself onto a browser error page is read as it was before it left."""

from __future__ import annotations

import urllib.request

import pytest

from extractor.api import extract_page
from extractor.browser import Browser
from extractor.browser.departure import is_error_page
from extractor.browser.failures import describe_failure
from extractor.browser.render import RenderHooks, render
from extractor.errors import PageLoadError
from extractor.models import Result
from extractor.recording.replay import ReplayHooks
from extractor.sites import parse_site

SITE = parse_site("site: t\nmatch: x\nrender: {timeout: 15}\nfields:\n  h: h1\n  p: p\n")
ARTICLE = {"h": "Kept article", "p": "The story, as it was rendered."}
CHROMIUM_WORDS = ("can\u2019t", "can't", "blocked", "ERR_", "Reload")


def assert_kept(result: Result, url: str, target: str, reason: str) -> None:
    """The article's fields, one warning naming the navigation, and nothing of Chromium's error page."""
    assert result.errors == [] and result.data == ARTICLE
    assert result.final_url == url
    assert [w.kind for w in result.warnings] == ["navigated"]
    message = result.warnings[0].message
    assert (
        message
        == f"{url}: the page navigated by itself to {target}, which failed: {reason}; read as it was before it left"
    )
    assert "\n" not in message
    assert not any(word in str(result.data) for word in CHROMIUM_WORDS)


async def test_script_moves_the_page_to_https(browser: Browser, site_url: str) -> None:
    """The test server speaks only http: Chromium's "This site can't provide a secure connection"."""
    url = site_url + "/faults/depart-https.html"
    result = await extract_page(browser, url, SITE)
    target = url.replace("http://", "https://")
    assert_kept(result, url, target, "no secure connection (ERR_SSL_PROTOCOL_ERROR)")


async def test_script_moves_the_page_to_a_host_that_does_not_load(browser: Browser, site_url: str) -> None:
    url = site_url + "/faults/depart-host.html"
    result = await extract_page(browser, url, SITE)
    target = "http://nosuchhost.invalid/news/kept-article"
    assert_kept(result, url, target, "DNS lookup failed (no such host) (ERR_NAME_NOT_RESOLVED)")


async def test_script_moves_the_page_to_a_host_the_render_refuses(browser: Browser, site_url: str) -> None:
    """A known tracker host: "This page has been blocked by Chromium" (ERR_BLOCKED_BY_CLIENT)."""
    url = site_url + "/faults/depart-tracker.html"
    result = await extract_page(browser, url, SITE)
    target = "https://www.google-analytics.com/collect?v=1&t=pageview"
    assert_kept(result, url, target, "a host the render refuses (ERR_BLOCKED_BY_CLIENT)")


async def test_meta_refresh_after_the_content_is_there(browser: Browser, site_url: str) -> None:
    url = site_url + "/faults/depart-refresh.html"
    result = await extract_page(browser, url, SITE)
    target = "https://nosuchhost.invalid/amp/kept-article"
    assert_kept(result, url, target, "DNS lookup failed (no such host) (ERR_NAME_NOT_RESOLVED)")


async def test_through_a_blank_redirecting_page_the_article_is_kept(browser: Browser, site_url: str) -> None:
    """The article moves to a blank page of its site, which moves on to a host that does not load."""
    url = site_url + "/faults/depart-chain.html"
    result = await extract_page(browser, url, SITE)
    assert_kept(result, url, "http://nosuchhost.invalid/", "DNS lookup failed (no such host) (ERR_NAME_NOT_RESOLVED)")


async def test_leaving_before_any_content_fails_with_the_reason(browser: Browser, site_url: str) -> None:
    url = site_url + "/faults/depart-empty.html"
    result = await extract_page(browser, url, SITE)
    assert result.page_failed and result.data == {}
    assert [(e.kind, e.message) for e in result.errors] == [
        (
            "dns",
            f"{url}: the page navigated by itself to http://nosuchhost.invalid/ before it showed any content: "
            "DNS lookup failed (no such host) (ERR_NAME_NOT_RESOLVED)",
        )
    ]


async def test_a_same_site_navigation_that_loads_is_followed(browser: Browser, site_url: str) -> None:
    result = await extract_page(browser, site_url + "/faults/navigates.html", SITE)
    assert result.errors == [] and result.warnings == []
    assert result.final_url == site_url + "/faults/landing.html" and result.data["h"] == "Landed"


ERROR_PAGE = (
    '<!DOCTYPE html><html dir="ltr" lang="en"><head><title>example.com</title></head>'
    '<body class="neterror"><div id="main-frame-error" class="interstitial-wrapper">This site can\u2019t be reached</div>'
    '<script>var loadTimeDataRaw = {"errorCode":"ERR_NAME_NOT_RESOLVED","reloadButton":{"reloadUrl":"https://example.com/"}};'
    "</script></body></html>"
)


@pytest.mark.parametrize(
    ("url", "html", "expected"),
    [
        ("chrome-error://chromewebdata/", "", True),
        ("http://example.com/", ERROR_PAGE, True),  # the frame's URL not yet updated: the document tells
        ("http://example.com/", "<html><body><p>loadTimeDataRaw is a Chromium name</p></body></html>", False),
        ("http://example.com/", "<html><body><h1>ERR_NAME_NOT_RESOLVED explained</h1></body></html>", False),
    ],
)
def test_error_pages_are_told_from_web_pages(url: str, html: str, expected: bool) -> None:
    assert is_error_page(url, html) is expected


@pytest.mark.parametrize(
    ("failure", "kind", "reason"),
    [
        ("net::ERR_NAME_NOT_RESOLVED", "dns", "DNS lookup failed (no such host) (ERR_NAME_NOT_RESOLVED)"),
        ("net::ERR_CONNECTION_REFUSED", "refused", "connection refused (ERR_CONNECTION_REFUSED)"),
        ("net::ERR_BLOCKED_BY_CLIENT", "refused", "a host the render refuses (ERR_BLOCKED_BY_CLIENT)"),
        ("net::ERR_CERT_AUTHORITY_INVALID", "load", "its certificate was refused (ERR_CERT_AUTHORITY_INVALID)"),
        ("net::ERR_SSL_PROTOCOL_ERROR", "load", "no secure connection (ERR_SSL_PROTOCOL_ERROR)"),
    ],
)
def test_navigation_failures_are_worded_like_load_failures(failure: str, kind: str, reason: str) -> None:
    error = describe_failure("https://example.com/", failure)
    assert (error.kind, error.reason) == (kind, reason)


async def test_leaving_before_the_body_is_parsed_reads_the_html_the_server_sent(browser: Browser, site_url: str) -> None:
    url = site_url + "/faults/depart-early.html"
    result = await extract_page(browser, url, SITE)
    assert result.errors == [] and result.data == ARTICLE
    [warning] = result.warnings
    assert warning.kind == "navigated" and warning.message.startswith(
        f"{url}: the page navigated by itself to https://{url.split('//')[1]} before it showed any content: "
    )
    assert warning.message.endswith("; read from the HTML the server sent") and "\n" not in warning.message
    assert not any(word in str(result.data) for word in CHROMIUM_WORDS)


async def test_a_render_that_may_not_fetch_does_not_ask_the_server_again(browser: Browser, site_url: str) -> None:
    class Offline(RenderHooks):
        may_fetch = False  # as in a replay, where nothing may reach the network

    url = site_url + "/faults/depart-early.html"
    before = _served(site_url)
    with pytest.raises(PageLoadError, match="before it showed any content"):
        await render(browser, url, SITE.render, Offline())
    assert _served(site_url) == before + 2  # the page itself and the count query: no second look
    assert ReplayHooks.may_fetch is False


def _served(base: str) -> int:
    with urllib.request.urlopen(base + "/__requests") as response:
        return int(response.read())
