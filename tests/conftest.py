"""Shared fixtures: the local test site (served on 127.0.0.1, port 0) and one browser per session."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from extractor.browser import Browser
from extractor.demo.server import DEMO_SITE, serve

TESTS = Path(__file__).parent
PAGES = TESTS / "site" / "pages"
REPO = TESTS.parent
SELECTORS = REPO / "selectors"
CNBC_PATH = "/news/20241201141530-4-592831/hamas-datang-ke-kairo-israel-beri-sinyal-gencatan-senjata-gaza"


@pytest.fixture(scope="session")
def site_url() -> Iterator[str]:
    """Base URL of the test site: the bundled CNBC replica plus tests/site/pages."""
    with serve(DEMO_SITE, PAGES) as url:
        yield url


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[Browser]:
    """The one Chromium of the test session."""
    async with Browser() as running:
        yield running
