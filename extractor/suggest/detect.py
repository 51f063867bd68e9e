"""Find an article's parts in a rendered DOM: title, author, date, body, lead image, video embeds.

trafilatura finds the main text (Readability.js when it finds none; ``references`` maps it back
to DOM nodes) and guesses the author; the page's own statements give the title
(``title``), the author (``byline``) and the date, so that selectors can be derived from the nodes
that show them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from parsel import Selector

from extractor.errors import FieldValueError
from extractor.extract.converters import to_datetime
from extractor.extract.jsonld import first_values, json_ld_nodes
from extractor.extract.media import scan_dom
from extractor.extract.text import attribute, collapse, node_text, parse_page
from extractor.reference.trafilatura import trafilatura_document
from extractor.suggest.agreement import backing
from extractor.suggest.body import common_container, find_noise
from extractor.suggest.byline import AuthorFound, find_author
from extractor.suggest.references import References, find_references
from extractor.suggest.title import TitleFound, find_title
from extractor.video_hosts import video_provider

DATE_CLASS = re.compile(r"date|time|tanggal|publish|posted|updated", re.IGNORECASE)


@dataclass
class Detection:
    """What was found, as DOM nodes (of ``root``) and values."""

    root: Selector
    title: str | None = None
    title_node: Any = None
    title_matches_meta: bool = False  # the visible heading says what og:title / the metadata says
    author_found: AuthorFound = field(default_factory=AuthorFound)  # where the author is stated
    title_found: TitleFound = field(default_factory=TitleFound)  # where the title is stated, how to read it
    author: str | None = None
    author_node: Any = None
    published: str | None = None  # ISO 8601
    date_node: Any = None
    date_attr: str | None = None  # when the date is read from an attribute (time[datetime])
    paragraphs: list[Any] = field(default_factory=list)  # body block nodes, in document order
    container: Any = None
    noise: list[Any] = field(default_factory=list)  # nodes inside the container that are not the article
    image: str | None = None
    video_nodes: list[Any] = field(default_factory=list)  # embed iframes/videos
    meta: dict[str, str] = field(default_factory=dict)  # field -> CSS of its structured source on this page
    json_ld_date: bool = False  # a JSON-LD block carries datePublished
    text_paragraphs: list[str] = field(default_factory=list)  # the article's paragraphs, as the DOM has them
    references: References = field(default_factory=References)  # what the reference extractors found


# Structured sources for each field, most widely used first: the first one present becomes the
# field's structured alternative (its CSS is what goes into the draft).
STRUCTURED: dict[str, tuple[str, ...]] = {
    "published": (
        "meta[property='article:published_time']::attr(content)",
        "[itemprop~='datePublished']::attr(content)",  # schema.org microdata, on a meta or a span
        "[property~='schema:datePublished']::attr(content)",  # and as RDFa
        "meta[name='parsely-pub-date']::attr(content)",
        "meta[name='date']::attr(content)",
        "meta[name='pubdate']::attr(content)",
        "meta[name='publication_date']::attr(content)",
        "meta[name='DC.date.issued']::attr(content)",  # Dublin Core
        "meta[name='DC.Date']::attr(content)",
        "meta[name='DC.date']::attr(content)",
        "meta[name='dc.date']::attr(content)",
        "meta[property~='dcterms.date']::attr(content), meta[name='dcterms.date']::attr(content)",
        "meta[property='og:updated_time']::attr(content)",
        "time[itemprop='datePublished']::attr(datetime)",
        "time[pubdate]::attr(datetime)",
        "[property~='schema:dateCreated']::attr(content)",  # what Drupal states; taken when it says the day
    ),
    "image": ("meta[property='og:image']::attr(content)", "meta[name='twitter:image']::attr(content)"),
}


def _meta(root: Selector) -> dict[str, str]:
    """Field -> the CSS of the first structured source present on the page."""
    found = {}
    for name, sources in STRUCTURED.items():
        for css in sources:
            value = (root.css(css).get() or "").strip()
            if value and (name == "image" or not value.startswith("http")):  # article:author is often a URL
                found[name] = css
                break
    return found


def _meta_value(root: Selector, css: str | None) -> str | None:
    value = root.css(css).get() if css else None
    return " ".join(value.split()) if value else None


def _json_ld_date(nodes: list[dict[str, Any]]) -> str | None:
    """The first ``datePublished`` in the page's JSON-LD (the article's own, before related items)."""
    dates = first_values(nodes, "datePublished")
    return dates[0] if dates else None


_MAX_DATE_TEXT = 80  # characters: longer text is a sentence that happens to hold a date
_UNMARKED_TRIED = 40  # unmarked elements saying the year that are parsed, at most


def _find_date(root: Selector, published: str | None) -> tuple[Any, str | None]:
    """The element showing the detected day, and the attribute holding it (None: its text): a
    ``<time datetime>``, else the first short element marked as a date (by its class or its
    parent's, or a ``<time>``), else the first short element saying the day at all."""
    if not published:
        return None, None
    day = published[:10]
    for node in root.css("time[datetime]"):
        value = attribute(node, "datetime") or ""
        if value.startswith(day):
            return node.root, "datetime"
    marked: list[Any] = []
    unmarked: list[Any] = []
    # leaves, and short elements with text of their own ("<div><i class=icon></i> 19.11.2021</div>",
    # "<p><b>Datum:</b> 03.11.2021</p>")
    short = f"string-length(normalize-space(.)) <= {_MAX_DATE_TEXT}"
    for node in root.xpath(f"//body//*[(not(*) or self::time or text()[normalize-space()]) and {short}]"):
        text = node_text(node)
        classy = DATE_CLASS.search(f"{attribute(node, 'class') or ''} {node.root.getparent().get('class') or ''}")
        stated = attribute(node, "title") or attribute(node, "content") if classy and not text else None
        if stated and _says_day(stated, day):  # <span class="updated" title="2013-04-04T18:52:11+00:00">
            return node.root, "title" if attribute(node, "title") else "content"
        if not text or len(text) > _MAX_DATE_TEXT:
            continue
        if classy or node.root.tag == "time":
            marked.append((node.root, text))
        elif day[:4] in text:  # unmarked: only those saying the year are worth parsing
            unmarked.append((node.root, text))
    for element, text in [*marked, *unmarked[:_UNMARKED_TRIED]]:
        if _says_day(text, day):
            return element, None
    return None, None


def _says_day(text: str, day: str) -> bool:
    """Whether ``text`` reads as a date on ``day`` (YYYY-MM-DD)."""
    try:
        return to_datetime(text, "").startswith(day)
    except FieldValueError:
        return False


def _article_parts(found: Detection) -> None:
    """The article's blocks, container and noise, from the references' blocks: a block that the two
    other references leave out of the article they read as well (``agreement``) is noise, not body."""
    blocks = found.references.blocks
    texts = [collapse(node_text(Selector(root=block))) for block in blocks]
    backed = backing(texts, found.references.readability, found.references.justext)
    found.paragraphs = [block for block, held in zip(blocks, backed, strict=True) if held]
    found.text_paragraphs = [text for text, held in zip(texts, backed, strict=True) if held and text]
    found.container = common_container(found.paragraphs) if found.paragraphs else None
    inside = set(found.container.iter()) if found.container is not None else set()
    unbacked = [block for block, held in zip(blocks, backed, strict=True) if not held and block in inside]
    found.noise = find_noise(found.container, found.paragraphs) + unbacked


def detect(html: str, url: str) -> Detection:
    """Find the article's parts in ``html`` (a rendered DOM) served at ``url``."""
    root = parse_page(html, url)
    info = trafilatura_document(html, url)
    found = Detection(root=root, meta=_meta(root))
    # the page's own statements of its title (not trafilatura's, which may be the <h1> itself)
    found.title_found = find_title(root, url)
    found.title = found.title_found.value or info.get("title")
    found.title_node, found.title_matches_meta = found.title_found.node, found.title_found.headline_agrees
    json_ld = json_ld_nodes(root)
    found.author_found = find_author(root, info.get("author"), json_ld, url, found.title_node)
    found.author, found.author_node = found.author_found.value, found.author_found.node
    # the article's JSON-LD datePublished first (as for title and author), then htmldate's (through
    # trafilatura), then meta tags: htmldate also reads <time>, the URL and the text
    json_ld_date = _json_ld_date(json_ld)
    for published in (json_ld_date, info.get("date"), _meta_value(root, found.meta.get("published"))):
        try:
            found.published = to_datetime(published, url) if published else None
        except FieldValueError:
            continue
        if found.published:
            break
    found.date_node, found.date_attr = _find_date(root, found.published)
    found.references = find_references(root, html, url, info.get("text") or "")
    _article_parts(found)
    found.image = _meta_value(root, found.meta.get("image")) or info.get("image")
    found.json_ld_date = json_ld_date is not None
    found.video_nodes = [
        node.root for node in root.css("iframe, video")
        if video_provider(attribute(node, "src") or attribute(node, "data-src") or "")
        or (node.root.tag == "video" and scan_dom(Selector(root=node.root.getparent()), url))
    ]  # fmt: skip
    return found
