"""What each field's nodes looked like when a recording was made (``fingerprints.json``), so that a
later redesign can be matched back to them.

For each field and each element it matched, a fingerprint keeps: the tag, the id and classes, the
attribute names with their values (a value that looks volatile, such as a hash, a token or a
timestamp, or one that carries the page's own content, such as ``href`` or ``datetime``, keeps its
name only), the text's shape (length, share of digits, words), the path from the nearest robustly
named ancestor (an id, an ``itemprop``, ``<article>``, ``<main>``, else ``<body>``), the tags and
classes of its parent and of up to two siblings on each side, and its position in document order.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from extractor.extract.engine import explain, parse_document
from extractor.models import Snapshot
from extractor.sites import Site

FORMAT = 1
CONTENT_ATTRIBUTES = frozenset({"href", "src", "srcset", "style", "content", "datetime", "alt", "title", "value"})
LANDMARKS = frozenset({"article", "main", "body"})
_HEX = re.compile(r"^[0-9a-f]{8,}$", re.IGNORECASE)
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-", re.IGNORECASE)
_LONG_NUMBER = re.compile(r"\d{9,}")  # epoch seconds or milliseconds, record ids
_TOKEN = re.compile(r"^[A-Za-z0-9_\-+/=.]{20,}$")
_MIXED = re.compile(r"(?=.*\d)(?=.*[A-Za-z])")


def looks_volatile(value: str) -> bool:
    """Whether a name or value looks made per build or per visit: a hash, a token, a timestamp, or a
    generated class name such as ``css-1x9k2f``."""
    if _HEX.match(value) or _UUID.search(value) or _LONG_NUMBER.search(value):
        return True
    if _TOKEN.match(value) and _MIXED.match(value):
        return True
    tail = re.split(r"[-_]", value)[-1]
    return len(tail) >= 5 and bool(_MIXED.match(tail)) and not tail.isalpha()


def fingerprints(snapshot: Snapshot, site: Site) -> dict[str, Any]:
    """The fingerprints of every element each of ``site``'s fields matched in ``snapshot``, by field path."""
    explanation = explain(snapshot, site)
    root, _ = parse_document(snapshot.html, snapshot.final_url)
    tree = root.root.getroottree()
    order = {element: index for index, element in enumerate(tree.iter())}
    fields: dict[str, list[dict[str, Any]]] = {}
    for trace in explanation.fields:
        if trace.frame is not None:  # a frame's document is not this one
            continue
        elements = [node for path in trace.node_paths for node in _nodes(tree, path)]
        if elements:
            fields[trace.path] = [fingerprint(element, order) for element in elements]
    return {"format": FORMAT, "url": snapshot.final_url, "elements": len(order), "fields": fields}


def _nodes(tree: etree._ElementTree, path: str) -> list[etree._Element]:
    """The elements at ``path`` (an XPath the explanation gave; empty for a value read from JSON-LD)."""
    if not path:
        return []
    try:
        found = tree.xpath(path)
    except etree.XPathError:
        return []
    return [node for node in found if isinstance(node, etree._Element)] if isinstance(found, list) else []


def fingerprint(element: etree._Element, order: dict[etree._Element, int], text: str | None = None) -> dict[str, Any]:
    """One element's fingerprint (``order``: every element's index in document order; ``text``: its
    ``element_text``, when already known)."""
    text = element_text(element) if text is None else text
    parent = element.getparent()
    return {
        "tag": _tag(element),
        "id": _stable(element.get("id")),
        "classes": _classes(element),
        "attributes": _attributes(element),
        "text": {
            "length": len(text),
            "digits": round(sum(ch.isdigit() for ch in text) / len(text), 3) if text else 0.0,
            "words": len(text.split()),
        },
        "path": _anchored_path(element),
        "parent": _brief(parent) if parent is not None else None,
        "before": [_brief(node) for node in _siblings(element, preceding=True)],
        "after": [_brief(node) for node in _siblings(element, preceding=False)],
        "position": order.get(element, -1),
    }


def element_text(element: etree._Element) -> str:
    """The element's text, whitespace collapsed."""
    return " ".join("".join(element.itertext()).split())


def _tag(element: etree._Element) -> str:
    return element.tag if isinstance(element.tag, str) else "#"


def _stable(value: str | None) -> str | None:
    return value if value and not looks_volatile(value) else None


def _classes(element: etree._Element) -> list[str]:
    return [name for name in (element.get("class") or "").split() if not looks_volatile(name)]


def _attributes(element: etree._Element) -> dict[str, str | None]:
    """Attribute names with their values; None where the value is volatile, content or long."""
    kept: dict[str, str | None] = {}
    for name, value in sorted(element.attrib.items()):
        if name in ("id", "class"):
            continue
        content = name in CONTENT_ATTRIBUTES or len(value) > 100 or looks_volatile(value)
        kept[str(name)] = None if content else str(value)
    return kept


def _brief(element: etree._Element) -> dict[str, Any]:
    return {"tag": _tag(element), "classes": _classes(element)}


def _siblings(element: etree._Element, preceding: bool) -> list[etree._Element]:
    found: list[etree._Element] = []
    node = element.getprevious() if preceding else element.getnext()
    while node is not None and len(found) < 2:
        if isinstance(node.tag, str):
            found.append(node)
        node = node.getprevious() if preceding else node.getnext()
    return found


def _anchored_path(element: etree._Element) -> dict[str, Any]:
    """The nearest robustly named ancestor (itself excluded) as CSS, and the tags from it down."""
    steps = [_tag(element)]
    node = element.getparent()
    while node is not None:
        name = _landmark(node)
        if name is not None:
            return {"anchor": name, "steps": steps[::-1]}
        steps.append(_tag(node))
        node = node.getparent()
    return {"anchor": None, "steps": steps[::-1]}


def _landmark(element: etree._Element) -> str | None:
    """A CSS name for ``element`` that a redesign is likely to keep, or None."""
    if _stable(element.get("id")):
        return f"#{element.get('id')}"
    if element.get("itemprop") and not looks_volatile(element.get("itemprop") or ""):
        return f"[itemprop={element.get('itemprop')}]"
    return _tag(element) if _tag(element) in LANDMARKS else None
