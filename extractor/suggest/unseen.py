"""What a reader never sees: elements that their own markup hides (``hidden``, an inline
``display: none`` or ``visibility: hidden``).

The reference extractors read the markup, not the screen, so a hidden duplicate of the article, a
collapsed menu's text or a template kept in the page for later all become their text. Zero-config
reads the page without them. A page whose text would be mostly hidden is read whole: its scripts
show the article later (a saved page read without them), and hiding nearly everything is no
statement about what is boilerplate. Elements holding a video embed are kept: a player in a
closed tab is still the page's media.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import lxml.html

from extractor.extract.text import node_text, parse_page

# a first look at the markup, before parsing it: a `hidden` attribute, or a style attribute that hides
# (a style sheet's `overflow: hidden` or `.menu {display: none}` is no reason to parse the page again)
_MAYBE_HIDDEN = re.compile(
    r"""<[a-z][^>]*?\shidden(?=[\s>/=])|\sstyle\s*=\s*["'][^"']*?(?:display\s*:\s*none|visibility\s*:\s*hidden)""",
    re.IGNORECASE,
)
_STYLE = "translate(@style, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ ', 'abcdefghijklmnopqrstuvwxyz')"  # lower case, no spaces
_UNSEEN = (
    f"//body//*[@hidden or contains({_STYLE}, 'display:none') or contains({_STYLE}, 'visibility:hidden')]"
    "[not(.//iframe or .//video or self::iframe or self::video)]"
)


@dataclass(frozen=True)
class UnseenSettings:
    """How much of the page may be hidden for the hidden part to be left out."""

    most: float = 0.5  # share of the body's text


def without_unseen(html: str, settings: UnseenSettings | None = None) -> str | None:
    """The page without the elements its markup hides; None when it hides none, or most of its text."""
    if not _MAYBE_HIDDEN.search(html):
        return None
    root = parse_page(html)
    hidden = _outermost(root.xpath(_UNSEEN))
    if not hidden:
        return None
    body = root.xpath("//body")
    total = len(node_text(body[0])) if body else 0
    unseen = sum(len(node_text(node)) for node in hidden)
    if not total or unseen >= total * (settings or UnseenSettings()).most:
        return None
    for node in hidden:
        node.root.drop_tree()
    return str(lxml.html.tostring(root.root, encoding="unicode"))


def _outermost(nodes: list[Any]) -> list[Any]:
    """The nodes that are inside no other of them."""
    chosen = {node.root for node in nodes}
    return [node for node in nodes if not any(ancestor in chosen for ancestor in node.root.iterancestors())]
