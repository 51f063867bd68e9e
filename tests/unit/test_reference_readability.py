"""Readability.js in its Node worker, for real: articles, no article, bad pages, timeouts, missing packages."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from extractor.errors import ExtractorError
from extractor.reference import (
    Readability,
    ReadabilityArticle,
    ReadabilitySettings,
    ReferenceUnavailable,
    shared_readability,
)

URL = "https://news.example.org/2024/12/01/harbour"
STORY = [
    "The harbour authority opened the new northern pier on Sunday, after three years of work and two delays.",
    "Fishing crews, who had moored at the old quay since the storm, moved their boats in the early morning.",
    "The mayor said the pier would carry ferries from March, and that the old quay would become a market.",
]
ARTICLE_PAGE = f"""<!DOCTYPE html>
<html><head><title>New pier opens - Harbour News</title><meta name="author" content="Dewi Lestari"></head>
<body>
  <nav class="menu"><ul><li><a href="/">Home</a></li><li><a href="/sport">Sport</a></li>
    <li><a href="/weather">Weather forecast</a></li></ul></nav>
  <article>
    <h1>New pier opens</h1>
    {"".join(f"<p>{text}</p>" for text in STORY)}
  </article>
  <footer><p>Copyright Harbour News Network. All rights reserved.</p></footer>
</body></html>"""
NO_ARTICLE_PAGE = (
    "<html><head><title>Login</title></head><body><form><input name=user><button>Go</button></form></body></html>"
)


@pytest.fixture(scope="module")
def readability() -> Iterator[Readability]:
    with Readability() as instance:
        yield instance


def test_article_paragraphs_without_menu_or_footer(readability: Readability) -> None:
    article = readability.read(ARTICLE_PAGE, URL)

    assert isinstance(article, ReadabilityArticle)
    assert article.paragraphs[-3:] == STORY
    assert article.text.split("\n") == article.paragraphs
    assert "Weather forecast" not in article.text and "Copyright" not in article.text
    assert article.title == "New pier opens - Harbour News"
    assert article.byline == "Dewi Lestari"
    assert "<p>" in article.html
    assert readability.last_miss is None


def test_page_without_article_gives_none(readability: Readability) -> None:
    assert readability.read(NO_ARTICLE_PAGE, URL) is None
    assert readability.last_miss is not None and readability.last_miss.kind == "no-article"


@pytest.mark.parametrize(
    "page", ["", "<<<>>><div <p></table></html><body>\x00\ud800 &#xD800; <svg><math><p>x", "\u0000" * 100]
)
def test_bad_pages_leave_the_worker_running(readability: Readability, page: str) -> None:
    readability.read(ARTICLE_PAGE, URL)
    pid = readability.worker_pid

    result = readability.read(page, URL)
    assert result is not None or (readability.last_miss is not None and readability.last_miss.kind == "no-article")
    assert readability.worker_pid == pid
    article = readability.read(ARTICLE_PAGE, "not a url")
    assert article is not None and article.paragraphs[-3:] == STORY


def test_dead_worker_is_restarted(readability: Readability) -> None:
    readability.read(ARTICLE_PAGE, URL)
    pid = readability.worker_pid
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 5
    while readability.worker_pid == pid and time.monotonic() < deadline:
        time.sleep(0.01)

    article = readability.read(ARTICLE_PAGE, URL)
    assert article is not None and article.paragraphs[-3:] == STORY
    assert readability.worker_pid not in (None, pid)


def test_pages_over_the_limits_are_refused() -> None:
    with Readability(ReadabilitySettings(max_input_bytes=len(ARTICLE_PAGE) + 100, max_elements=10)) as small:
        assert small.read(ARTICLE_PAGE * 2, URL) is None
        assert small.last_miss is not None and small.last_miss.kind == "too-large"
        assert small.worker_pid is None  # not sent: no worker started

        assert small.read(ARTICLE_PAGE, URL) is None  # more elements than Readability may parse
        assert small.last_miss is not None and small.last_miss.kind == "error"
        assert "elements" in small.last_miss.detail
        assert small.worker_pid is not None


def test_timeout_restarts_the_worker() -> None:
    # Readability needs seconds for 5,000 paragraphs; a second is plenty for the small page after.
    big = "<html><body><article>" + "<div><p>A paragraph, with commas, and words enough to count.</p></div>" * 5000
    with Readability(ReadabilitySettings(timeout=1.0)) as hasty:
        assert hasty.read(ARTICLE_PAGE, URL) is not None
        first = hasty.worker_pid

        assert hasty.read(big, URL) is None
        assert hasty.last_miss is not None and hasty.last_miss.kind == "timeout"
        assert hasty.worker_pid is None

        article = hasty.read(ARTICLE_PAGE, URL)
        assert article is not None and article.paragraphs[-3:] == STORY
        assert hasty.worker_pid not in (None, first)


def test_missing_node_modules_is_reference_unavailable(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    with pytest.raises(ReferenceUnavailable) as raised:
        Readability(ReadabilitySettings(node_modules=missing)).read(ARTICLE_PAGE, URL)

    assert isinstance(raised.value, ExtractorError)
    message = str(raised.value)
    assert str(missing) in message and "node_modules" in message and "make setup" in message
    assert "\n" not in message


def test_missing_package_is_named(tmp_path: Path) -> None:
    (tmp_path / "jsdom").mkdir()
    with pytest.raises(ReferenceUnavailable, match=r"@mozilla/readability.*make setup"):
        Readability(ReadabilitySettings(node_modules=tmp_path)).read(ARTICLE_PAGE, URL)


def test_missing_node_is_reference_unavailable() -> None:
    with pytest.raises(ReferenceUnavailable, match=r"no-such-node.*make setup"):
        Readability(ReadabilitySettings(node="no-such-node")).read(ARTICLE_PAGE, URL)


def test_shared_instance_is_one() -> None:
    assert shared_readability() is shared_readability()
