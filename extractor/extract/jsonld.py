"""The page's JSON-LD statements, and dotted paths into them (``author.name``, ``datePublished``).

A block is read as JSON, else as JSON5 (which forgives the comments, trailing commas and single
quotes sites leave in them), once a CDATA or HTML-comment wrapper is taken off. Every object is a
node that a path can start from: each block's top-level objects, the members of their ``@graph``,
and the typed objects nested in them (a ``WebPage``'s ``mainEntity``), in document order.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from typing import Any

import json5
from parsel import Selector

from extractor.extract.text import collapse

_SCRIPTS = "//script[@type='application/ld+json']"
_WRAPPER = re.compile(r"^\s*(?:<!\[CDATA\[|<!--)|(?:\]\]>|-->)\s*$")
# What an object stands for when a path ends on it: a value object's value, a person's or
# organisation's name, an image's URL, or its identifier.
_OBJECT_VALUE_KEYS = ("@value", "name", "url", "contentUrl", "@id")
_MEDIA_TYPES = frozenset(["ImageObject", "VideoObject", "AudioObject", "MediaObject", "Photograph", "3DModel"])


def json_ld_nodes(root: Selector) -> list[dict[str, Any]]:
    """Every JSON-LD object on the page a path can start from, in document order.

    A block that is not JSON even by JSON5's reading is skipped; the others still count.
    """
    nodes: list[dict[str, Any]] = []
    for script in root.root.xpath(_SCRIPTS):
        data = read_block(script.text or "")
        if data is not None:
            nodes.extend(_objects(data))
    return nodes


def read_block(text: str) -> Any:
    """One block's data, or None when it cannot be read."""
    text = _WRAPPER.sub("", text.strip())
    try:
        return json.loads(text, strict=False)
    except ValueError:
        pass
    try:
        return json5.loads(text)
    except (ValueError, RecursionError):
        return None


def _objects(value: Any) -> Iterator[dict[str, Any]]:
    """``value`` and every object inside it that can stand alone: top level, ``@graph``, typed."""
    if isinstance(value, list):
        for item in value:
            yield from _objects(item)
        return
    if not isinstance(value, dict):
        return
    yield value
    for key, inner in value.items():
        if key == "@graph":
            yield from _objects(inner)
        else:
            yield from _typed(inner)


def _typed(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, list):
        for item in value:
            yield from _typed(item)
    elif isinstance(value, dict) and "@type" in value:
        yield from _objects(value)


def path_values(node: dict[str, Any], path: str) -> list[str]:
    """The values at a dotted ``path`` in one object, as text. Lists on the way are walked through
    (``author.name`` reads every author's name); an object at the end reads as its name, URL or id."""
    current: list[Any] = [node]
    for key in path.split("."):
        found: list[Any] = []
        for value in current:
            if isinstance(value, dict) and key in value:
                inner = value[key]
                found.extend(inner if isinstance(inner, list) else [inner])
        current = found
    return [text for text in map(as_text, current) if text]


def first_values(nodes: list[dict[str, Any]], path: str) -> list[str]:
    """The values of ``path`` in the first node that has any."""
    return first_match(nodes, path)[1]


def first_match(nodes: list[dict[str, Any]], path: str) -> tuple[dict[str, Any] | None, list[str]]:
    """The first node where ``path`` finds values, and those values ((None, []) when none has any).

    Media objects come after every other node: an ``ImageObject``'s ``author`` is its photographer,
    and its ``datePublished`` the day the photo was taken, not the article's.
    """
    for node in sorted(nodes, key=is_media):  # a stable sort: document order within each part
        values = path_values(node, path)
        if values:
            return node, values
    return None, []


def is_media(node: dict[str, Any]) -> bool:
    """Whether the node describes an image, a video or a sound rather than the page's own content."""
    kinds = node.get("@type")
    return any(str(kind) in _MEDIA_TYPES for kind in (kinds if isinstance(kinds, list) else [kinds]))


def describe_node(node: dict[str, Any]) -> str:
    """A short name for a JSON-LD object: its ``@type`` (``NewsArticle``), or ``object``."""
    kind = node.get("@type")
    if isinstance(kind, list):
        kind = "/".join(str(item) for item in kind)
    return str(kind) if kind else "object"


def as_text(value: Any) -> str:
    """A value at the end of a path as text: an object's value, name, URL or id; a number as JSON; "" for none."""
    if isinstance(value, dict):
        for key in _OBJECT_VALUE_KEYS:
            if isinstance(value.get(key), str | int | float) and not isinstance(value.get(key), bool):
                return as_text(value[key])
        return ""
    if isinstance(value, bool) or value is None or isinstance(value, list):
        return ""
    if isinstance(value, int | float):
        return json.dumps(value)
    return collapse(html.unescape(str(value)))
