"""What a drafted body leaves out of its container where no class names it: lines a phrase marks, the
site's template labels, elements only of links. For the container's paragraphs these are XPath
conditions on their text (``LeftOut``); for a container read whole, XPath remove rules
(``container_rules``).

A class-based remove rule needs a class to name what it drops; these need none. Each is chosen so
that it holds on the site's other pages too: a phrase ("Baca juga: ...") and a template's labels
("Weitere Artikel zum Thema", "Kommentare schreiben") are the same on every page, and a teaser or a
menu item is nothing but a link wherever it appears.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from parsel import Selector

from extractor.extract.text import node_text
from extractor.suggest.body import words

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


# elements that hold a block of their own: a rule on a container read whole drops these, never the
# inline elements (a bold phrase, a link) inside the article's sentences
BLOCK_TAGS = " p li ul ol dl dt dd div section aside nav header footer form h2 h3 h4 h5 h6 table tr td figure "
IS_BLOCK = f"contains('{BLOCK_TAGS}', concat(' ', local-name(), ' '))"


@dataclass
class Article:
    """What rules on a container must spare: the article's blocks (in document order), every element
    that is, holds or sits in one of them or another field's node, and the reference's text."""

    blocks: list[Any]
    keep: set[Any]
    text: str


def container_rules(
    root: Selector, container: Any, container_xpath: str, article: Article, settings: LeftOutSettings
) -> tuple[list[str], set[Any]]:
    """XPath remove rules for a container read whole, where conditions on paragraphs cannot apply: its
    template labels and its blocks that are nothing but links, with the elements they drop. A rule is
    not made when it would drop an element of ``article.keep``, a line of its text, or anything
    between its first and last blocks (a link or a label there is more likely the article's own)."""
    said = {str(node.xpath("normalize-space(.)")) for node in article.keep if isinstance(node.tag, str)}
    lines = {words(line) for line in article.text.splitlines()}
    running = f" {words(article.text)} "
    order = {element: index for index, element in enumerate(container.iter())}
    inside = [order[block] for block in article.blocks if block in order]
    first, last = (min(inside), max(inside)) if inside else (0, 0)

    def spared(element: Any) -> bool:
        said_here = words(str(element.xpath("normalize-space(.)")))
        in_text = said_here in lines or (len(said_here.split()) >= 3 and f" {said_here} " in running)
        return in_text or element in article.keep or first < order.get(element, -1) < last

    def is_block(element: Any) -> bool:
        return isinstance(element.tag, str) and f" {element.tag} " in BLOCK_TAGS

    labels: list[str] = []
    for element in container.iterdescendants():
        if not is_block(element) or any(is_block(inner) for inner in element.iterdescendants()):
            continue  # labels are read from the innermost blocks
        text = str(element.xpath("normalize-space(.)"))
        short = bool(text) and len(text.split()) <= settings.label_words
        if short and text not in said and text not in labels and not spared(element):
            labels.append(text)
    candidates: list[str] = []
    if labels:
        said_as = " or ".join(f"normalize-space(.) = {xpath_literal(label)}" for label in labels[: settings.labels])
        candidates.append(f"{container_xpath}//*[{IS_BLOCK}][{said_as}]")
    candidates.append(f"{container_xpath}//*[{IS_BLOCK}][normalize-space()][not({SAYS_MORE_THAN_LINKS})]")
    rules: list[str] = []
    dropped: set[Any] = set()
    for rule in candidates:
        matched = {node.root for node in root.xpath(rule)}
        if not any(spared(element) for element in matched):
            rules.append(rule)
            dropped |= matched
    return rules, dropped
