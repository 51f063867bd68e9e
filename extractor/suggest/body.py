"""Map the main text trafilatura found back to the DOM: its blocks, their container, the noise inside it.

Text is compared as words (entities decoded, punctuation and case ignored), so a block still maps
back when trafilatura's text differs from the DOM's in entities, quotes or rewritten links.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from typing import Any

from parsel import Selector

from extractor.extract.text import BLOCK_TAGS as LAYOUT_BLOCKS
from extractor.extract.text import collapse, node_text

BOILERPLATE_TEXT = re.compile(
    r"^\s*(baca juga|baca selengkapnya|read also|read more|lihat juga|simak juga|simak video|saksikan video"
    r"|pilihan editor|ikuti berita|follow berita|advertisement|iklan|scroll to continue|related|terkait)\b",
    re.IGNORECASE,
)
BOILERPLATE_CLASS = re.compile(
    r"baca|ads?\b|ad[-_]|advert|iklan|share|social|related|terkait|promo|newsletter|subscribe|banner|linksisip|recommend"
    r"|sponsor|caption|tags?\b|comment|whatsapp|wa-channel|google-news|follow",
    re.IGNORECASE,
)
BLOCK_TAGS = frozenset(["p", "li", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "td", "dd", "figcaption"])
TEXT_HOLDERS = frozenset(["div", "section", "article", "main", "span", "font", "center", "td", "body"])
_NEVER_BLOCKS = frozenset(["script", "style", "noscript", "template", "h1"])  # the headline is the title's
_MIN_BLOCK = 15  # characters: shorter blocks map back only when they are a whole line of the text
_MIN_DIRECT = 20  # characters of an element's own text that make it a block even when its tag is not one
NEARLY_ALL = 0.8  # share of a paragraph's word triples in the article that make it the article's
_WORD = re.compile(r"\w+", re.UNICODE)


def words(text: str) -> str:
    """The text as lower-case words separated by single spaces (entities decoded, punctuation dropped)."""
    return " ".join(_WORD.findall(html.unescape(text).lower()))


def word_agreement(found: str, expected: str, beta: float = 1.0) -> float:
    """Bag-of-words F-beta of ``found`` against ``expected`` (``words`` of each; beta > 1 weighs recall more)."""
    got, want = Counter(words(found).split()), Counter(words(expected).split())
    overlap = sum((got & want).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(got.values()), overlap / sum(want.values())
    return (1 + beta**2) * precision * recall / (beta**2 * precision + recall)


def direct_text(element: Any) -> str:
    """The element's own text, without its children's."""
    parts = [element.text or ""] + [child.tail or "" for child in element]
    return collapse(" ".join(parts))


def article_blocks(root: Selector, text: str) -> list[Any]:
    """The outermost elements whose whole text is part of the article ``text``, in document order.

    A block is an element with a block tag, a text-holding element with enough text of its own, or
    any element whose own text is a whole line of the article. It maps back when it is long enough
    or is a whole line, and its words appear, in order, in the article's words, no more often than
    the article has them. A paragraph (no block inside it), or an element most of whose text is its
    own, also maps back when nearly all of its word triples are the article's (``NEARLY_ALL``): the
    reference left out a footnote mark, a caption or an inline ad in the middle of it.
    """
    lines = {words(line) for line in text.splitlines()} - {""}
    article = f" {words(text)} "
    if len(article) < 3:
        return []
    found: list[Any] = []
    inside: set[Any] = set()
    used: Counter[str] = Counter()  # how many blocks each text has mapped to so far
    grams = trigrams(article)
    body = root.root.find(".//body")
    for element in body.iter() if body is not None else []:
        if not isinstance(element.tag, str) or element.tag in _NEVER_BLOCKS or element in inside:
            continue
        if element.tag not in BLOCK_TAGS:
            own = words(direct_text(element))
            if not (element.tag in TEXT_HOLDERS and len(own) >= _MIN_DIRECT) and own not in lines:
                continue
        block = words(node_text(Selector(root=element)))
        if not block or not (len(block) >= _MIN_BLOCK or block in lines or f" {block} " == article):
            continue
        present = article.count(f" {block} ")
        if used[block] >= present:  # each time the article has the words, one block; or they are not in it
            near = not present and not used[block] and holds_its_text(element, block)
            if not (near and covered(block, grams) >= NEARLY_ALL):
                continue
        used[block] += 1
        found.append(element)
        inside.update(element.iterdescendants())
    return found


def trigrams(text: str) -> set[tuple[str, ...]]:
    """The word triples of a text of words (``words``), or the text itself when it is shorter."""
    tokens = text.split()
    return {tuple(tokens[index : index + 3]) for index in range(max(1, len(tokens) - 2))}


def covered(block: str, grams: set[tuple[str, ...]]) -> float:
    """The share of the block's word triples that are among ``grams``."""
    own = trigrams(block)
    return len(own & grams) / len(own) if own else 0.0


def is_paragraph(element: Any) -> bool:
    """An element with no block inside it (line breaks and inline elements only)."""
    return not any(
        isinstance(child.tag, str) and child.tag != "br" and child.tag in LAYOUT_BLOCKS
        for child in element.iterdescendants()
    )


def holds_its_text(element: Any, text: str) -> bool:
    """A paragraph, or an element with no paragraph inside it most of whose text (``text``, as words)
    is its own, not its children's (an article written as lines between ``<br>``)."""
    if is_paragraph(element):
        return True
    if any(isinstance(child.tag, str) and child.tag in BLOCK_TAGS for child in element.iterdescendants()):
        return False
    return len(words(direct_text(element))) * 2 >= len(text)


def common_container(nodes: list[Any]) -> Any:
    """The deepest element holding at least 80% of the nodes' text (a lone text-holding node itself)."""
    if len(nodes) == 1 and nodes[0].tag not in BLOCK_TAGS:
        return nodes[0]
    weights: Counter[Any] = Counter()
    total = 0
    for node in nodes:
        size = len(node_text(Selector(root=node)))
        total += size
        parent = node.getparent()
        while parent is not None:
            weights[parent] += size
            parent = parent.getparent()
    holders = [element for element, weight in weights.items() if weight >= total * 0.8]
    return max(holders, key=depth) if holders else None


def text_holder(root: Selector, text: str, share: float = 0.8) -> Any:
    """The deepest element below ``<body>`` whose text holds ``share`` of ``text``'s words (None when
    none does): where an article lies whose lines are not elements of their own (text between line
    breaks, in table cells)."""
    wanted = Counter(words(text).split())
    total = sum(wanted.values())
    body = root.root.find(".//body") if hasattr(root.root, "find") else None
    if not total or body is None:
        return None

    def holds(element: Any) -> bool:
        got = Counter(words(node_text(Selector(root=element))).split())
        return sum((got & wanted).values()) >= total * share

    holder, deeper = None, body
    while deeper is not None:
        holder = deeper
        deeper = next((child for child in holder if isinstance(child.tag, str) and holds(child)), None)
    return holder if holder is not body else None


def depth(element: Any) -> int:
    """How many ancestors the element has."""
    count = 0
    while element.getparent() is not None:
        element = element.getparent()
        count += 1
    return count


def find_body(root: Selector, text: str) -> tuple[list[Any], Any]:
    """The article's blocks and the element that holds them."""
    matched = article_blocks(root, text)
    return matched, common_container(matched) if matched else None


def with_kin(blocks: list[Any]) -> set[Any]:
    """The blocks, their ancestors and their descendants: what a new block may be none of."""
    kin = set(blocks)
    for block in blocks:
        kin.update(block.iterancestors())
        kin.update(block.iterdescendants())
    return kin


def find_noise(container: Any, paragraphs: list[Any]) -> list[Any]:
    """Boilerplate inside the container (ads, read-also boxes, share bars) that holds no article block."""
    if container is None:
        return []
    keep = with_kin(paragraphs)
    noise: list[Any] = []
    for element in container.iterdescendants():
        if (
            not isinstance(element.tag, str)
            or element in keep
            or element.tag in ("script", "style", "br", "b", "i", "a", "strong", "em", "span")
        ):
            continue
        text = text_start(element)
        marked = BOILERPLATE_CLASS.search(f"{element.get('class') or ''} {element.get('id') or ''}")
        inside_noise = any(ancestor in noise for ancestor in element.iterancestors())
        holds_video = element.tag in ("iframe", "video") or element.find(".//iframe") is not None
        holds_video = holds_video or element.find(".//video") is not None  # embeds are read, never removed
        if (marked or BOILERPLATE_TEXT.match(text)) and not inside_noise and not holds_video:
            noise.append(element)
    return noise


def text_start(element: Any, length: int = 120) -> str:
    """The first words of an element's text: enough to recognise "Baca juga:" without reading it all."""
    parts: list[str] = []
    size = 0
    for piece in element.itertext():
        parts.append(piece)
        size += len(piece)
        if size >= length:
            break
    return collapse(" ".join(parts))
