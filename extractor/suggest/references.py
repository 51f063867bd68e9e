"""What the reference extractors say the article is, mapped back onto the DOM.

trafilatura's main text is the reference: its blocks (``body.article_blocks``) are the article's.
Readability.js, an independent extractor, is the second opinion: its blocks stand in when
trafilatura finds nothing, and a body that agrees with neither reference is flagged. Before
trafilatura's first block, Readability and jusText together decide the article's lead (``lead``).

Measured on both corpora in ``../shared/corpora`` (``bench/corpus.py``): taking Readability's
blocks as well where both agree on the article's region, or drafting selectors from such a union,
scored higher on Mozilla's pages (whose expected text is Readability's own output) and lower on
trafilatura's 990 multilingual pages, so neither is done.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from parsel import Selector

from extractor.errors import ExtractorError
from extractor.extract.text import collapse, node_text
from extractor.reference.justext import justext_paragraphs
from extractor.suggest.body import (
    BLOCK_TAGS,
    article_blocks,
    common_container,
    covered,
    trigrams,
    with_kin,
    word_agreement,
    words,
)
from extractor.suggest.lead import lead_paragraphs, with_lead


@dataclass
class References:
    """The article's DOM blocks in document order, and what each reference extractor found."""

    blocks: list[Any] = field(default_factory=list)
    trafilatura: str = ""  # each reference's text, "" when it found none
    readability: str = ""
    headlines: frozenset[str] = frozenset()  # the page's <h1> texts (as ``words``): the title's, never the body's
    justext: Callable[[], list[str]] = list  # jusText's paragraphs of the page, read on first call

    @property
    def paragraphs(self) -> list[str]:
        """The blocks' texts."""
        texts = (collapse(node_text(Selector(root=block))) for block in self.blocks)
        return [text for text in texts if text]

    @property
    def text(self) -> str:
        """The blocks' texts, one per line."""
        return "\n".join(self.paragraphs)

    def completed(self) -> list[str]:
        """The blocks' texts, with each of trafilatura's lines that no block holds put in where it falls.

        A line maps to no block when its text is not an element's alone: the text runs loose in a
        container between blocks, or around inline formulas and widgets. The line is then the
        reference's own text (without its list and table marks).
        """
        paragraphs = self.paragraphs
        if not self.trafilatura or not paragraphs:
            return paragraphs
        texts = [f" {words(text)} " for text in paragraphs]
        grams = trigrams(" ".join(texts))
        completed: list[str] = []
        taken = 0  # blocks already in ``completed``
        for line in self.trafilatura.splitlines():
            said = words(line)
            if not said or said in self.headlines:
                continue
            at = next((index for index in range(taken, len(texts)) if f" {said} " in texts[index]), None)
            if at is not None:
                completed.extend(paragraphs[taken : at + 1])
                taken = at + 1
            elif covered(said, grams) < HELD and not any(f" {said} " in text for text in texts[:taken]):
                completed.append(_plain(line))
        return completed + paragraphs[taken:]

    def blocks_hold_little(self) -> bool:
        """Whether trafilatura's text runs mostly outside the blocks (its lines are text between line
        breaks or in table cells, not elements of their own), and Readability, when it found text,
        sides with trafilatura rather than with the blocks (a page whose trafilatura text is a
        script's warnings is the other way round)."""
        if not self.trafilatura or word_recall(self.text, self.trafilatura) >= LOOSE:
            return False
        if not self.readability:
            return True
        return word_agreement(self.readability, self.trafilatura) >= word_agreement(self.readability, self.text)

    def disagreements(self, text: str) -> list[tuple[str, float]]:
        """The references whose text ``text`` agrees little with (word F1 below ``threshold``), with the F1."""
        readings = (("trafilatura", self.trafilatura), ("Readability", self.readability))
        scores = [(name, word_agreement(text, reading)) for name, reading in readings if reading]
        return [(name, score) for name, score in scores if score < DISAGREEMENT]


LOOSE = 0.5  # share of trafilatura's words that the blocks hold, below which its text runs loose
DISAGREEMENT = 0.5  # word F1 below which two readings of a page are not of the same article
HELD = 0.5  # share of a reference line's word triples that the blocks must hold for it to be among them
_MARKS = re.compile(r"^\s*(?:[-*\u2022]\s+)|\s*\|\s*")  # trafilatura's list bullets and table bars


def _plain(line: str) -> str:
    """A line of trafilatura's text without its list and table marks."""
    return collapse(_MARKS.sub(" ", line))


def find_references(root: Selector, html: str, url: str, trafilatura: str) -> References:
    """The article's blocks in ``root`` (the DOM of ``html``): trafilatura's, after the lead that
    Readability and jusText agree on (``lead``); else Readability's."""
    readability = readability_text(html, url)
    headlines = frozenset(words(node_text(Selector(root=heading))) for heading in root.root.iter("h1"))
    justext = functools.cache(lambda: justext_paragraphs(html))
    found = References(trafilatura=trafilatura, readability=readability, headlines=headlines, justext=justext)
    found.blocks = article_blocks(root, trafilatura) if trafilatura else []
    if found.blocks and readability:
        lead = lead_paragraphs(trafilatura, readability, justext)
        found.blocks = with_lead(root, found.blocks, lead)
    if not found.blocks and readability:
        found.blocks = article_blocks(root, readability)
    found.blocks = with_repeats(found.blocks)
    return found


def with_repeats(blocks: list[Any]) -> list[Any]:
    """The blocks, and the blocks of the article's container that repeat one of them word for word.

    trafilatura keeps a paragraph that a page repeats only once; inside the article's container a
    repeat is the article's own (outside it, a repeated line is a menu's or a teaser's). The container
    of a lone paragraph is its parent, unless that is the whole ``<body>``."""
    region = common_container(blocks) if blocks else None
    if region is None or (len(blocks) == 1 and region.tag == "body"):
        return blocks
    texts = {words(node_text(Selector(root=block))) for block in blocks}
    taken = with_kin(blocks)
    repeats = [
        element
        for element in region.iterdescendants()
        if isinstance(element.tag, str)
        and element.tag in BLOCK_TAGS
        and element not in taken
        and words(node_text(Selector(root=element))) in texts
    ]
    if not repeats:
        return blocks
    chosen = set(blocks) | set(repeats)
    return [element for element in region.getroottree().iter() if element in chosen]


def readability_text(html: str, url: str) -> str:
    """Readability.js's article text for the page; "" when it finds none, or cannot run here (Node or
    its packages missing: zero-config then has trafilatura alone)."""
    from extractor.reference import shared_readability  # imported on use: it starts a Node worker

    try:
        article = shared_readability().read(html, url)
    except ExtractorError:
        return ""
    return article.text if article is not None else ""


def word_recall(found: str, expected: str) -> float:
    """The share of ``expected``'s words that ``found`` holds (as a bag of words)."""
    got, want = Counter(words(found).split()), Counter(words(expected).split())
    total = sum(want.values())
    return sum((got & want).values()) / total if total else 1.0
