"""Shared fixtures: the local test site (served on 127.0.0.1, port 0) and one browser per session.

Every test under tests/browser and tests/cli, and any other test using the ``browser`` fixture,
gets the ``browser`` marker: ``pytest -m "not browser"`` runs the tests that need no Chromium.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from support.forward_proxy import forward_proxy as start_proxy
from support.server import serve_test_site

from extractor.browser import Browser
from extractor.demo.server import DEMO_SITE

TESTS = Path(__file__).parent
PAGES = TESTS / "site" / "pages"
REPO = TESTS.parent
SELECTORS = REPO / "selectors"
CHROMIUM_FOLDERS = (TESTS / "browser", TESTS / "cli")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the tests that drive Chromium (in this process or in a child) with ``browser``."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()) or any(item.path.is_relative_to(f) for f in CHROMIUM_FOLDERS):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def site_url() -> Iterator[str]:
    """Base URL of the test site: the bundled CNBC replica plus tests/site/pages, with the test-only hooks."""
    with serve_test_site(DEMO_SITE, PAGES) as url:
        yield url


@pytest.fixture(scope="session")
def forward_proxy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A real forward proxy (proxy.py) on 127.0.0.1: its URL, and the log of what it forwarded."""
    log = tmp_path_factory.mktemp("proxy") / "requests.log"
    with start_proxy(log) as url:
        yield url, log


@pytest.fixture(scope="session")
def authenticating_proxy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """Like ``forward_proxy``, answering 407 unless the credentials are ``scraper:s3cret``."""
    log = tmp_path_factory.mktemp("auth-proxy") / "requests.log"
    with start_proxy(log, basic_auth="scraper:s3cret") as url:
        yield url, log


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[Browser]:
    """The one Chromium of the test session."""
    async with Browser() as running:
        yield running
