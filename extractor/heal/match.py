"""Find, on a changed page, the elements most like those a field matched when it was recorded.

Each element of the new page is scored against a field's saved fingerprints (``fingerprint.py``):
a weighted mean of similarities, each between 0 and 1, of what a redesign tends to keep and what it
tends to change (tag, classes, attribute names and values, text shape, path from a named ancestor,
parent, siblings, position in the document). The score is that of the fingerprint it is most like.
Weights live in ``MatchWeights``; candidates come best first, with their score, so that a caller
can show them and prove one before using it.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from difflib import SequenceMatcher
from typing import Any

from lxml import etree

from extractor.heal.fingerprint import element_text, fingerprint


@dataclass(frozen=True)
class MatchWeights:
    """How much each kind of likeness counts (their weighted mean is the score)."""

    tag: float = 2.0
    classes: float = 1.5
    attribute_names: float = 1.0
    attribute_values: float = 0.5
    text: float = 2.0
    path: float = 1.5
    parent: float = 1.0
    siblings: float = 1.0
    position: float = 1.0


@dataclass(frozen=True)
class Candidate:
    """An element of the new page and how much it is like the recorded one (0 to 1)."""

    element: etree._Element
    score: float
    fingerprint: dict[str, Any]


@dataclass(frozen=True)
class PageElements:
    """Every element of a page that could hold a field, with its fingerprint (made once per page)."""

    items: list[tuple[etree._Element, dict[str, Any]]]
    total: int  # elements in document order, for positions
    texts: dict[etree._Element, str]  # each item's text (``element_text``)

    @classmethod
    def of(cls, root: etree._Element) -> PageElements:
        order = {element: index for index, element in enumerate(root.getroottree().iter())}
        kept = [
            element
            for element in order
            if isinstance(element.tag, str) and element.tag not in ("html", "head", "body", "script", "style")
        ]
        texts = {element: element_text(element) for element in kept}
        return cls([(element, fingerprint(element, order, texts[element])) for element in kept], len(order), texts)

    def inside(self, container: etree._Element) -> PageElements:
        """Only the elements inside ``container`` (for a field read within another field's element)."""
        items = [(e, fp) for e, fp in self.items if container in e.iterancestors()]
        return PageElements(items, self.total, self.texts)


def showing(page: PageElements, texts: list[str]) -> list[etree._Element]:
    """For each of ``texts`` (values recorded), the deepest elements of ``page`` whose text holds it,
    or one of whose attributes is it; in document order, once each."""
    found: dict[etree._Element, None] = {}
    for wanted in (" ".join(text.split()) for text in texts if text.strip()):
        for element, _ in page.items:
            if wanted in element.attrib.values() or (
                wanted in page.texts[element]
                and not any(wanted in page.texts.get(child, "") for child in element if isinstance(child.tag, str))
            ):
                found[element] = None
    return list(found)


def scored(
    page: PageElements,
    saved: list[dict[str, Any]],
    elements: int,
    chosen: list[etree._Element],
    weights: MatchWeights | None = None,
) -> list[Candidate]:
    """``chosen`` elements of ``page`` as candidates, with their likeness to ``saved``."""
    weights = weights or MatchWeights()
    prints = {element: mine for element, mine in page.items if _same_part(saved, mine)}
    return [
        Candidate(
            element,
            max(similarity(old, prints[element], elements, page.total, weights) for old in saved),
            prints[element],
        )
        for element in chosen
        if element in prints
    ]


def candidates(
    page: PageElements, saved: list[dict[str, Any]], elements: int, weights: MatchWeights | None = None, best: int = 5
) -> list[Candidate]:
    """The ``best`` elements of ``page`` most like any of ``saved`` (``elements``: how many the
    recorded page had, for positions), best first."""
    weights = weights or MatchWeights()
    scored = [
        Candidate(element, max(similarity(old, mine, elements, page.total, weights) for old in saved), mine)
        for element, mine in page.items
        if _same_part(saved, mine)
    ]
    scored.sort(key=lambda candidate: -candidate.score)
    return scored[:best]


def _same_part(saved: list[dict[str, Any]], new: dict[str, Any]) -> bool:
    """Whether ``new`` is in the part of the document (head or body) that one of ``saved`` was in."""
    return _in_head(new) in {_in_head(old) for old in saved}


def _in_head(fingerprint: dict[str, Any]) -> bool:
    return fingerprint["path"]["anchor"] is None and fingerprint["path"]["steps"][:2] == ["html", "head"]


def similarity(
    old: dict[str, Any], new: dict[str, Any], old_total: int, new_total: int, weights: MatchWeights
) -> float:
    """How much ``new`` is like ``old``, from 0 to 1."""
    parts = {
        "tag": float(old["tag"] == new["tag"]),
        "classes": _jaccard(old["classes"], new["classes"]),
        "attribute_names": _jaccard(list(old["attributes"]), list(new["attributes"])),
        "attribute_values": _jaccard(_values(old["attributes"]), _values(new["attributes"])),
        "text": _text(old["text"], new["text"]),
        "path": 0.5 * float(old["path"]["anchor"] == new["path"]["anchor"])
        + 0.5 * SequenceMatcher(None, old["path"]["steps"], new["path"]["steps"]).ratio(),
        "parent": _brief(old["parent"], new["parent"]),
        "siblings": 0.5 * _neighbours(old["before"], new["before"]) + 0.5 * _neighbours(old["after"], new["after"]),
        "position": 1.0 - min(1.0, abs(old["position"] / max(old_total, 1) - new["position"] / max(new_total, 1)) * 4),
    }
    total = sum(getattr(weights, item.name) for item in fields(weights))
    return float(sum(getattr(weights, name) * value for name, value in parts.items()) / total)


def _jaccard(first: list[Any], second: list[Any]) -> float:
    a, b = set(first), set(second)
    return 1.0 if not a and not b else len(a & b) / len(a | b)


def _values(attributes: dict[str, str | None]) -> list[str]:
    return [f"{name}={value}" for name, value in attributes.items() if value is not None]


def _ratio(a: float, b: float) -> float:
    return 1.0 if a == b else min(a, b) / max(a, b)


def _text(old: dict[str, Any], new: dict[str, Any]) -> float:
    """Text of the same shape: length and words within a ratio, digits within a share."""
    digits = 1.0 - min(1.0, abs(float(old["digits"]) - float(new["digits"])) * 5)
    return 0.5 * _ratio(old["length"], new["length"]) + 0.3 * _ratio(old["words"], new["words"]) + 0.2 * digits


def _brief(old: dict[str, Any] | None, new: dict[str, Any] | None) -> float:
    if old is None or new is None:
        return float(old is new)
    return 0.5 * float(old["tag"] == new["tag"]) + 0.5 * _jaccard(old["classes"], new["classes"])


def _neighbours(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> float:
    if not old and not new:
        return 1.0
    pairs = [_brief(a, b) for a, b in zip(old, new, strict=False)]
    return float(sum(pairs) / max(len(old), len(new)))
