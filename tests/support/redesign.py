"""Redesigned variants of a rendered article page, as a site's redesign would change its markup.

A variant starts from the page as the browser finished it (a recording's ``dom.html``), without its
scripts (the page is static from then on) and with a ``<base>`` of the article's URL, and applies one or more changes:

- ``classes``: every class renamed (``detail__body`` becomes ``x-ydob__liated``);
- ``wrappers``: two new wrappers round the article;
- ``moved``: the body's container moved out of the article, into a section after it;
- ``ids``: every id dropped;
- ``meta``: the head's meta tags in reverse order, and the byline and date lines swapped;
- ``byline``: the author line rewritten as ``<p class="byline">Oleh <a rel="author">…</a></p>``;
- ``caption``: the video's caption (a field inside the video's) a ``<div class="video-caption">``;
- ``redesign``: all of the above;
- ``tempting``: ``redesign``, plus a look-alike article about another story placed before the real one;
- ``removed``: the article replaced by a notice and a list of other stories; classes renamed, ids dropped.

The fields' elements are found with the site's own selectors on the original page.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable

from lxml import etree, html

from extractor.extract.engine import explain, parse_document
from extractor.models import Snapshot
from extractor.sites import Site

SINGLE = ("classes", "wrappers", "moved", "ids", "meta", "byline", "caption")
VARIANTS = (*SINGLE, "redesign", "tempting", "removed")
OTHER_STORY = "Harga Emas Naik Tipis Pekan Ini"
OTHER_AUTHOR = "Budi Santoso"


def redesigned(snapshot: Snapshot, site: Site, variant: str) -> str:
    """The page of ``snapshot`` (read with ``site``) changed as ``variant`` says."""
    root, _ = parse_document(snapshot.html, snapshot.final_url)
    paths = {trace.path: trace.node_paths for trace in explain(snapshot, site).fields}
    page = Page(root.root, paths)
    for script in page.root.xpath("//script[not(@type='application/ld+json')]"):
        script.getparent().remove(script)
    head = page.root.find("head")
    if head is not None and head.find("base") is None:  # links resolve as on the article's own URL
        head.insert(0, etree.Element("base", {"href": snapshot.final_url}))
    steps = {"redesign": SINGLE, "tempting": (*SINGLE, "tempting"), "removed": ("removed", "ids", "classes")}
    order = ("tempting", "removed", "byline", "caption", "meta", "wrappers", "moved", "ids", "classes")  # renames last
    wanted = steps.get(variant, (variant,))
    for step in order:
        if step in wanted:
            CHANGES[step](page)
    return "<!DOCTYPE html>\n" + html.tostring(page.root, encoding="unicode")


class Page:
    """The page's tree and the elements that its fields matched before the change."""

    def __init__(self, root: etree._Element, paths: dict[str, list[str]]) -> None:
        self.root = root
        tree = root.getroottree()
        self.fields = {
            name: [tree.xpath(path)[0] for path in found if tree.xpath(path)] for name, found in paths.items()
        }

    def one(self, name: str) -> etree._Element | None:
        found = self.fields.get(name) or []
        return found[0] if found and found[0].tag not in ("meta", "html", "head") else None

    def article(self) -> etree._Element:
        """The nearest element holding both the title and the body."""
        title, body = self.one("title"), self.one("body")
        assert title is not None and body is not None
        ancestors = set(title.iterancestors())
        return next(node for node in body.iterancestors() if node in ancestors)

    def body_container(self) -> etree._Element:
        body = self.one("body")
        assert body is not None
        return body.getparent()


def _classes(page: Page) -> None:
    for element in page.root.iter():
        if isinstance(element.tag, str) and element.get("class"):
            element.set("class", " ".join("x-" + name[::-1] for name in element.get("class", "").split()))


def _wrappers(page: Page) -> None:
    article = page.article()
    outer = etree.Element("div", {"class": "page-shell"})
    inner = etree.SubElement(outer, "div", {"class": "page-frame"})
    article.addprevious(outer)
    inner.append(article)


def _moved(page: Page) -> None:
    container = page.body_container()
    section = etree.Element("section", {"class": "story-body"})
    page.article().addnext(section)
    section.append(container)


def _ids(page: Page) -> None:
    for element in page.root.iter():
        if isinstance(element.tag, str) and "id" in element.attrib:
            del element.attrib["id"]


def _meta(page: Page) -> None:
    head = page.root.find("head")
    metas = head.findall("meta") if head is not None else []
    for meta in metas:
        head.remove(meta)  # type: ignore[union-attr]
    for meta in reversed(metas):
        head.append(meta)  # type: ignore[union-attr]
    author, date = page.one("author"), page.one("published")
    if (
        author is not None
        and date is not None
        and author not in date.iterancestors()
        and date not in author.iterancestors()
    ):
        mark = etree.Element("span")
        author.addprevious(mark)
        date.addprevious(author)
        mark.addprevious(date)
        mark.getparent().remove(mark)


def _byline(page: Page) -> None:
    author = page.one("author")
    if author is None:
        return
    line = etree.Element("p", {"class": "byline"})
    line.text = "Oleh "
    name = etree.SubElement(line, "a", {"class": "byline__name", "rel": "author", "href": "/penulis"})
    name.text = " ".join("".join(author.itertext()).split())
    line.tail = author.tail
    author.getparent().replace(author, line)
    page.fields["author"] = [name]


def _caption(page: Page) -> None:
    for caption in page.fields.get("video.title") or []:
        if caption.tag == "figcaption":
            caption.tag = "div"
            caption.set("class", "video-caption")


def _tempting(page: Page) -> None:
    """A copy of the article with another story's text, before the real one."""
    article = page.article()
    other = copy.deepcopy(article)
    for element in other.iter():
        if not isinstance(element.tag, str) or element.tag in ("script", "iframe"):
            continue
        if element.text and element.text.strip():
            element.text = _other_text(element.text, element.tag)
        if element.tail and element.tail.strip():
            element.tail = _other_text(element.tail, "")
    article.addprevious(other)


def _other_text(text: str, tag: str) -> str:
    if tag in ("h1", "h2"):
        return OTHER_STORY
    words = len(text.split())
    if words <= 4:
        return OTHER_AUTHOR if not re.search(r"\d", text) else "30/11/2024 09:05"
    filler = "Harga emas batangan di butik logam mulia naik tipis pada perdagangan pekan ini menurut data resmi"
    return " ".join((filler.split() * (words // 16 + 1))[:words])


def _removed(page: Page) -> None:
    """The article replaced by a notice, and a short list of other stories after it."""
    article = page.article()
    notice = etree.Element("div", {"class": "gone"})
    etree.SubElement(notice, "p").text = "Artikel tidak tersedia."
    others = etree.SubElement(notice, "ul", {"class": "others"})
    for number in range(3):
        item = etree.SubElement(others, "li")
        etree.SubElement(item, "h2").text = f"{OTHER_STORY} ({number + 1})"
        etree.SubElement(item, "span", {"class": "by"}).text = OTHER_AUTHOR
        etree.SubElement(item, "p").text = "Harga emas batangan naik tipis pada perdagangan pekan ini."
    notice.tail = article.tail
    article.getparent().replace(article, notice)
    page.fields = {}


CHANGES: dict[str, Callable[[Page], None]] = {
    "classes": _classes,
    "wrappers": _wrappers,
    "moved": _moved,
    "ids": _ids,
    "meta": _meta,
    "byline": _byline,
    "caption": _caption,
    "tempting": _tempting,
    "removed": _removed,
}
