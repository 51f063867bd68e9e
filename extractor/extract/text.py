"""The text of a node as a reader sees it: descendants joined, blocks separated, whitespace collapsed."""

from __future__ import annotations

from typing import Any

from parsel import Selector

SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template", "head", "rt", "rp", "annotation"})
# rt, rp: ruby readings; annotation: MathML's source of a formula (TeX), which no reader sees
_BLOCKS = """address article aside blockquote br dd details div dl dt figcaption figure footer form
h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody td tfoot th thead tr ul"""
BLOCK_TAGS = frozenset(_BLOCKS.split())


def collapse(text: str) -> str:
    """Whitespace runs (including non-breaking spaces) become one space; ends are trimmed; soft hyphens
    (U+00AD, a hint where a word may break) are dropped."""
    return " ".join(text.replace("\u00ad", "").split())


def node_text(node: Selector) -> str:
    """The collapsed text of a node and its descendants; strings (attribute or text results) as they are."""
    root = node.root
    if isinstance(root, str):
        return collapse(root)
    if isinstance(root, bool):  # XPath boolean(), as XPath writes it
        return "true" if root else "false"
    if isinstance(root, int | float):  # XPath count(), sum(), number()
        return str(int(root)) if float(root).is_integer() else str(root)
    parts: list[str] = []
    _walk(root, parts)
    return collapse("".join(parts))


def _walk(element: Any, parts: list[str]) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    skipped = tag.lower() in SKIPPED_TAGS or not tag  # comments and processing instructions have no str tag
    block = tag.lower() in BLOCK_TAGS
    if block:
        parts.append(" ")
    if not skipped:
        if element.text:
            parts.append(element.text)
        for child in element:
            _walk(child, parts)
            if child.tail:
                parts.append(child.tail)
    if block:
        parts.append(" ")


def parse_page(html: str, url: str | None = None) -> Selector:
    """The page's DOM, parsed as HTML whatever its first line says (parsel would read a document that
    starts with ``<?xml`` as XML: XHTML's elements then sit in a namespace no selector names)."""
    return Selector(text=html or "<html></html>", type="html", base_url=url)


def attribute(node: Selector, name: str) -> str | None:
    """An attribute of the node's element, or None. (``Selector.attrib`` copies every attribute, and
    fails on a page whose markup gave an element an attribute with an empty name.)"""
    element = node.root
    value = element.get(name) if hasattr(element, "get") and not isinstance(element, str) else None
    return value if isinstance(value, str) else None
