"""Robust CSS selectors for elements: ids and meaningful class names, never nth-child chains or hashes;
layout classes only as a last resort (``layout_selector_for``)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from itertools import combinations
from typing import Any

from parsel import Selector

# Class names that describe layout or state, not content: they match too much to anchor on.
_GENERIC = frozenset(
    [
        "row",
        "col",
        "container",
        "clearfix",
        "clear",
        "flex",
        "grid",
        "hidden",
        "active",
        "show",
        "open",
        "wrapper",
        "wrap",
        "inner",
        "outer",
        "left",
        "right",
        "center",
        "fl",
        "fr",
        "pull-left",
        "pull-right",
        "visible",
        "block",
        "inline",
        "d-flex",
        "d-block",
        "lazy",
        "lazyload",
        "loaded",
        "js",
        "no-js",
        "mobile",
        "desktop",
        "small",
        "large",
        "medium",
    ]
)
_GENERATED = re.compile(
    r"^(css|sc|jsx|emotion|styled|svelte|astro)-|"  # CSS-in-JS prefixes
    r"^_|"  # CSS modules
    r"[0-9a-f]{6,}|"  # hex hashes
    r"\d{4,}|"  # long numbers (ids baked into classes)
    r"^[a-zA-Z]{1,3}\d|"  # tiny prefix + digits (e.g. x1a2b3)
    r"(?=.*[a-z])(?=.*[A-Z])(?=.*\d)^[A-Za-z0-9_-]{5,12}$"  # mixed-case + digits: hashed
)
_UTILITY = re.compile(r"^(m|p|mt|mb|ml|mr|mx|my|pt|pb|pl|pr|px|py|w|h|text|bg|col|gap|order)-[\w/.-]+$")
_SEMANTIC = re.compile(
    r"title|headline|judul|jdl|author|byline|penulis|reporter|credit|date|time|tanggal|publish|body|content|"
    r"article|artikel|detail|text|read|story|post|entry|isi|caption|video|embed|player|media|figure|lead",
    re.IGNORECASE,
)
SEMANTIC_TAGS = frozenset(
    ["h1", "time", "article", "main", "figure", "figcaption", "video", "iframe", "body", "p", "pre", "blockquote"]
)
_CSS_IDENT = re.compile(r"^-?[_a-zA-Z][_a-zA-Z0-9-]*$")


def good_class(name: str) -> bool:
    """A class name a person chose for meaning (``read__title``), not a hash or a layout utility."""
    return (
        bool(_CSS_IDENT.match(name))
        and len(name) <= 40
        and name.lower() not in _GENERIC
        and not _GENERATED.search(name)
        and not _UTILITY.match(name)
    )


def good_id(value: str | None) -> bool:
    """An id that looks stable (no long numbers or hashes)."""
    return (
        bool(value)
        and bool(_CSS_IDENT.match(value or ""))
        and not _GENERATED.search(value or "")
        and len(value or "") <= 40
    )


def classes_of(element: Any) -> list[str]:
    """The element's good class names, meaningful ones first."""
    names = [name for name in (element.get("class") or "").split() if good_class(name)]
    return sorted(dict.fromkeys(names), key=lambda name: (not _SEMANTIC.search(name), len(name)))


def own_selectors(element: Any) -> list[str]:
    """Selectors for the element alone, most robust first: #id, tag.class, tag.class.class, tag."""
    tag = element.tag if isinstance(element.tag, str) else "*"
    found = []
    if good_id(element.get("id")):
        found.append(f"#{element.get('id')}")
    names = classes_of(element)[:4]
    found += [f"{tag}.{name}" for name in names]
    found += [f"{tag}.{first}.{second}" for first, second in combinations(names, 2)]
    if tag in SEMANTIC_TAGS:  # a bare <b> or <div> means nothing; a bare <h1> or <time> does
        found.append(tag)
    return found


def _ancestors(element: Any, depth: int = 5) -> Iterable[Any]:
    parent = element.getparent()
    while parent is not None and depth > 0 and isinstance(parent.tag, str) and parent.tag not in ("html",):
        yield parent
        parent = parent.getparent()
        depth -= 1


def _matches(root: Selector, css: str) -> list[Any]:
    try:
        return [node.root for node in root.css(css)]
    except Exception:  # noqa: BLE001 - an odd class name cssselect rejects is simply not a candidate
        return []


def selector_for(root: Selector, element: Any) -> str | None:
    """The most robust CSS selector that matches ``element`` first (and ideally alone) in ``root``."""
    return selector_for_all(root, [element], exact=True)


def layout_selector_for(root: Selector, element: Any) -> str | None:
    """The element named by any of its classes, layout ones included (``div.col-lg-8.text-left``),
    when that matches it alone: weaker than ``selector_for``, stronger than reading the whole page."""
    tag = element.tag if isinstance(element.tag, str) else "*"
    names = [name for name in dict.fromkeys((element.get("class") or "").split()) if _CSS_IDENT.match(name)]
    names = [name for name in names if not _GENERATED.search(name)][:6]
    for size in (1, 2, 3):
        for combination in combinations(names, size):
            css = f"{tag}.{'.'.join(combination)}"
            if _matches(root, css) == [element]:
                return css
    return None


def nearest_named(
    root: Selector,
    element: Any,
    ancestors: int,
    fits: Callable[[Any], bool],
    name: Callable[[Selector, Any], str | None] = selector_for,
) -> tuple[Any, str | None]:
    """``element``, or the nearest of its next ``ancestors`` ancestors, that ``name`` gives a selector
    (a robust one by default), with that selector; climbing stops at the first that does not ``fit``.
    (None, None) when none."""
    for _ in range(ancestors + 1):
        if element is None or not fits(element):
            break
        css = name(root, element)
        if css is not None:
            return element, css
        element = element.getparent()
    return None, None


def selector_for_all(root: Selector, elements: list[Any], exact: bool = False) -> str | None:
    """A robust selector matching every one of ``elements``, with as few other matches as possible.

    With ``exact`` (one element), the element must also be the first match. Tries the elements' own
    selectors, then ones anchored on a meaningful ancestor.
    """
    if not elements:
        return None
    targets = set(elements)
    first = elements[0]
    candidates = own_selectors(first)
    for ancestor in _ancestors(first):
        for anchor in [css for css in own_selectors(ancestor) if css != ancestor.tag]:  # never on a bare tag
            candidates += [f"{anchor} {own}" for own in own_selectors(first)]
            candidates.append(f"{anchor} > {first.tag}")
    best: tuple[int, str] | None = None
    for css in candidates:
        matched = _matches(root, css)
        if not matched or not targets <= set(matched):
            continue
        if exact and matched[0] is not first:
            continue
        extra = len(matched) - len(targets)
        if extra == 0:
            return css
        if best is None or extra < best[0]:
            best = (extra, css)
    if best is not None:
        return best[1]
    return _tag_chain(root, elements, exact)


def _tag_chain(root: Selector, elements: list[Any], exact: bool) -> str | None:
    """Last resort for markup with no ids or classes: a short chain of tag names (``table td``),
    never positions, accepted when it matches the elements and not many more."""
    first = elements[0]
    tags = [first.tag] + [ancestor.tag for ancestor in _ancestors(first, depth=4)]
    for depth in range(2, len(tags) + 1):
        css = " > ".join(reversed(tags[:depth]))
        matched = _matches(root, css)
        if not set(elements) <= set(matched) or (exact and matched[0] is not first):
            continue
        if len(matched) <= max(len(elements) * 1.5, len(elements) + 2):
            return css
    return None
