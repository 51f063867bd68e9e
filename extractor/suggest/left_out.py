"""What a drafted body leaves out of its container's paragraphs by XPath conditions on their text,
where no class names it: lines a phrase marks, the site's template labels, elements only of links.

A remove rule needs a class to name what it drops; these conditions need none. Each is chosen so
that it holds on the site's other pages too: a phrase ("Baca juga: ...") and a template's labels
("Weitere Artikel zum Thema", "Kommentare schreiben") are the same on every page, and a teaser or a
menu item is nothing but a link wherever it appears.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from parsel import Selector

from extractor.extract.text import node_text

# an element with text of its own, outside any link (a teaser's headline, a menu's item, have none)
SAYS_MORE_THAN_LINKS = ".//text()[normalize-space()][not(ancestor::a[@href])]"


@dataclass(frozen=True)
class LeftOutSettings:
    """How short a line must be to count as a template label, and how many labels a draft names."""

    label_words: int = 6
    labels: int = 8


@dataclass
class LeftOut:
    """The conditions a paragraphs candidate puts on its elements."""

    starts: list[str] = field(default_factory=list)  # first words of lines a phrase marks ("Baca juga: ...")
    labels: list[str] = field(default_factory=list)  # whole short lines of the site's template
    links: bool = False  # leave out elements that are nothing but links

    def conditions(self) -> list[str]:
        """XPath predicates, all of which a paragraph must meet to be read."""
        found = [f"not(starts-with(normalize-space(.), {xpath_literal(start)}))" for start in self.starts]
        if self.labels:
            said = " or ".join(f"normalize-space(.) = {xpath_literal(label)}" for label in self.labels)
            found.append(f"not({said})")
        return found + ([SAYS_MORE_THAN_LINKS] if self.links else [])

    def notes(self) -> list[str]:
        """What the draft's reader should know was left out, and why."""
        found = [f"body leaves out paragraphs starting with: {', '.join(self.starts)}"] if self.starts else []
        if self.labels:
            found.append(f"body leaves out the template's lines: {' | '.join(self.labels)}")
        return found + (["body leaves out paragraphs that are nothing but links"] if self.links else [])


def xpath_literal(text: str) -> str:
    """``text`` as an XPath 1.0 string literal (which has no escapes: quotes go through concat())."""
    if '"' not in text:
        return f'"{text}"'
    if "'" not in text:
        return f"'{text}'"
    parts = text.split('"')
    return "concat(" + ", '\"', ".join(f'"{part}"' for part in parts) + ")"


def starts_of(marked: list[Any]) -> list[str]:
    """The first two words of each line a phrase marks."""
    return sorted({" ".join(node_text(Selector(root=node)).split()[:2]) for node in marked})


def only_links(element: Any) -> bool:
    """Whether the element has text, all of it inside links."""
    return bool(element.xpath("normalize-space(.)")) and not element.xpath(SAYS_MORE_THAN_LINKS)


def links_are_not_the_article(container: Any, paragraphs: list[Any]) -> bool:
    """Whether the container has paragraph elements, not the article's, that are nothing but links
    (teasers, menus): then a candidate that leaves such elements out is worth scoring."""
    article = set(paragraphs)
    tags = {node.tag for node in paragraphs}
    return any(only_links(element) for element in container.iter(*tags) if element not in article)


def template_labels(container: Any, paragraphs: list[Any], article: set[Any], settings: LeftOutSettings) -> list[str]:
    """Short lines in the container, of the article's paragraph tags, that are neither the article's
    elements nor said by one of them: a site's template labels, the same on each of its pages."""
    tags = {node.tag for node in paragraphs}
    said = {str(node.xpath("normalize-space(.)")) for node in paragraphs}
    found: list[str] = []
    for element in container.iter(*tags):
        if element in article:
            continue
        text = str(element.xpath("normalize-space(.)"))
        if text and len(text.split()) <= settings.label_words and text not in said and text not in found:
            found.append(text)
    return found[: settings.labels]
