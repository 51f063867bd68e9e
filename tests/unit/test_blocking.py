"""Which URLs count as known trackers; how long a batch remembers hosts that failed a page."""

from __future__ import annotations

import time

import pytest

from extractor.browser.blocking import is_tracker
from extractor.browser.hosts import HostMemory


@pytest.mark.parametrize(
    "url",
    [
        "https://www.googletagmanager.com/gtm.js?id=GTM-X",
        "https://googletagmanager.com/",
        "http://sb.scorecardresearch.com:443/beacon.js",
        "https://connect.facebook.net/en_US/fbevents.js",
        "https://securepubads.g.doubleclick.net/tag/js/gpt.js",
        "HTTPS://WWW.GOOGLE-ANALYTICS.COM/analytics.js",
    ],
)
def test_tracker_hosts_and_their_subdomains(url: str) -> None:
    assert is_tracker(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://www.cnbcindonesia.com/news/x?ref=googletagmanager.com",  # only in the query
        "https://notgoogletagmanager.com/gtm.js",  # a different host that ends the same way
        "https://googletagmanager.com.example.org/x",  # the tracker name as a subdomain elsewhere
        "https://www.facebook.com/video/embed?v=1",  # a video embed, not the pixel host
        "http://127.0.0.1:8000/scorecardresearch.com/",
    ],
)
def test_other_urls_are_not_trackers(url: str) -> None:
    assert not is_tracker(url)


def test_failed_hosts_are_remembered_for_a_while_and_never_the_pages_own() -> None:
    memory = HostMemory(remember_for=0.2)
    memory.remember({"cdn.example", "www.example"})
    assert memory.recent(besides="www.example") == {"cdn.example"}
    time.sleep(0.15)
    memory.remember({"cdn.example"})  # failed again: remembered from now
    time.sleep(0.1)
    assert memory.recent() == {"cdn.example"}
    time.sleep(0.15)
    assert memory.recent() == set()
