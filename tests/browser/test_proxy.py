"""Proxies: every request of a page through a real forward proxy, refused and authenticating proxies."""

from __future__ import annotations

import socket
import time
from pathlib import Path

from playwright.async_api import BrowserContext, Request
from support.socks_proxy import socks5_proxy

from extractor.api import extract_page
from extractor.browser import Browser, render
from extractor.browser.render import RenderHooks
from extractor.models import IssueKind
from extractor.sites import parse_site
from extractor.sites.checks import redact
from extractor.sites.overrides import RenderOverrides

SEED = "/news/20241201141530-4-592831/hamas-datang-ke-kairo-israel-beri-sinyal-gencatan-senjata-gaza"
PAGE = parse_site("site: t\nmatch: x\nrender: {timeout: 15}\nfields:\n  h: h1\n")


class _SeenRequests(RenderHooks):
    """Every request the page made that left the browser (ours to refuse are not counted)."""

    def __init__(self) -> None:
        self.requests: list[Request] = []

    async def prepare(self, context: BrowserContext) -> None:
        context.on("request", lambda request: self.requests.append(request))


def _logged(log: Path, start: int) -> list[str]:
    return log.read_text().splitlines()[start:]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_every_request_of_the_page_goes_through_the_proxy(
    browser: Browser, site_url: str, forward_proxy: tuple[str, Path]
) -> None:
    proxy, log = forward_proxy
    start = len(log.read_text().splitlines())
    hooks = _SeenRequests()
    spec = RenderOverrides(proxy=proxy).apply(PAGE.render)
    snapshot = await render(browser, site_url + SEED, spec, hooks)
    assert "Hamas Datang ke Kairo" in snapshot.html
    ours = {request.url.removeprefix(site_url) for request in hooks.requests if request.url.startswith(site_url)}
    through = {line.split(" ", 2)[2] for line in _logged(log, start)}
    assert len(ours) >= 3 and ours <= through, ours - through  # the document and its scripts and styles


async def test_a_proxy_that_cannot_be_reached_fails_the_page_at_once_naming_it(browser: Browser, site_url: str) -> None:
    dead = f"http://127.0.0.1:{_free_port()}"
    started = time.monotonic()
    result = await extract_page(browser, site_url + "/lazy/", PAGE, RenderOverrides(proxy=dead))
    assert time.monotonic() - started < 10
    [error] = result.errors
    assert error.kind == IssueKind.PROXY
    assert error.message == (
        f"{site_url}/lazy/: the proxy cannot be reached (ERR_PROXY_CONNECTION_FAILED) (proxy {dead})"
    )


async def test_an_authenticating_proxy_wants_its_credentials(
    browser: Browser, site_url: str, authenticating_proxy: tuple[str, Path]
) -> None:
    proxy, log = authenticating_proxy
    without = await extract_page(browser, site_url + "/lazy/", PAGE, RenderOverrides(proxy=proxy))
    assert [issue.message for issue in without.errors] == [
        f"{site_url}/lazy/: the proxy asks for credentials: give them as user:password@ in the proxy URL (proxy {proxy})"
    ]
    host = proxy.removeprefix("http://")
    wrong = await extract_page(browser, site_url + "/lazy/", PAGE, RenderOverrides(proxy=f"http://scraper:nope@{host}"))
    [refused] = wrong.errors
    assert refused.kind == IssueKind.PROXY and wrong.status == 407
    assert refused.message == (
        f"{site_url}/lazy/: the proxy refused the credentials (HTTP 407 Proxy Authentication Required)"
        f" (proxy http://scraper:***@{host})"
    )
    start = len(log.read_text().splitlines())
    right = await extract_page(browser, site_url + "/lazy/", PAGE, RenderOverrides(proxy=f"http://scraper:s3cret@{host}"))
    assert not right.errors and right.data["h"] == "The new harbour opens after six years of work"
    assert any(line.endswith(" /lazy/") for line in _logged(log, start))
    assert redact(f"http://scraper:s3cret@{host}") == f"http://scraper:***@{host}"


async def test_a_socks5_proxy_carries_the_page(browser: Browser, site_url: str, tmp_path: Path) -> None:
    log = tmp_path / "socks.log"
    with socks5_proxy(log) as proxy:
        result = await extract_page(browser, site_url + SEED, PAGE, RenderOverrides(proxy=proxy))
    assert result.errors == [] and result.data["h"] is not None and "Hamas" in result.data["h"]
    server = site_url.removeprefix("http://")
    assert f"-> {server}" in log.read_text()  # the test site, reached through the proxy


async def test_a_socks5_proxy_that_cannot_be_reached_fails_the_page_naming_it(browser: Browser, site_url: str) -> None:
    dead = f"socks5://127.0.0.1:{_free_port()}"
    result = await extract_page(browser, site_url + "/lazy/", PAGE, RenderOverrides(proxy=dead))
    [error] = result.errors
    assert error.kind == IssueKind.PROXY and f"(proxy {dead})" in error.message
