"""Content inside web components: open shadow roots are in the snapshot, where CSS and XPath reach."""

from __future__ import annotations

from extractor.api import extract_page
from extractor.browser import Browser
from extractor.sites import parse_site

SITE = parse_site(
    "site: components\nmatch: x\nrender: {wait_for: 'h1', scroll: none, timeout: 10}\nfields:\n"
    "  title: article-card h1.headline\n"
    "  byline: article-card span[slot=byline]\n"
    "  body: {css: 'article-card div.body p', multiple: true}\n"
    "  comments: {xpath: '//comment-box//li/p', multiple: true}\n"
    "  closed: secret-box p\n"
)


async def test_open_shadow_roots_are_read_with_their_hosts(browser: Browser, site_url: str) -> None:
    result = await extract_page(browser, site_url + "/shadow/", SITE)
    assert result.data == {
        "title": "Inside the component",
        "byline": "By Sari Dewi",  # light DOM, slotted into the shadow root: read once, where it is
        "body": ["The first paragraph, in a shadow root.", "The second one."],
        "comments": ["First!", "Great story."],  # a shadow root inside a shadow root
        "closed": None,  # a closed root is the component's own: the page's scripts cannot read it either
    }


async def test_zero_config_reads_an_article_inside_a_component(browser: Browser, site_url: str) -> None:
    result = await extract_page(browser, site_url + "/shadow/", None)
    body = "\n".join(result.data["body"] or [])
    assert "The first paragraph, in a shadow root." in body and "Example News" not in body
