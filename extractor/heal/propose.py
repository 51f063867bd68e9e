"""A proposed fix for a field that broke on a changed page.

The elements tried, in order: those that show the field's recorded value (its raw text, an attribute,
or for a field with fields inside the nearest element holding their values), if alike enough for
that; then the page's elements most like the recorded fingerprints (``match.candidates``), each with
the descendant that holds most of its text; for a list field, the best group, then the candidates
grouped by parent. For each, a robust selector is derived with suggest's rules (``suggest.robust``),
keeping the old first expression's filters on its last step and its ending (``::attr()``,
``/text()``), and put first in the field's ``css`` list, or, as XPath, in its ``xpath`` list (the old
expressions stay behind it). The first one that passes the proof (``proof.py``) is the proposal;
when none does, the best one tried is shown with its reason and the candidates' scores, never applied.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from parsel import Selector

from extractor.extract.endings import last_step, split_ending
from extractor.extract.engine import extract
from extractor.heal.evidence import NewPage, Recorded, value_at
from extractor.heal.fingerprint import element_text
from extractor.heal.match import Candidate, candidates, scored, showing
from extractor.heal.patch import expressions, field_at, with_expressions
from extractor.heal.proof import problem
from extractor.recording.folder import Recording
from extractor.sites import Site
from extractor.suggest.draft_body import to_xpath
from extractor.suggest.robust import selector_for, selector_for_all


@dataclass(frozen=True)
class HealSettings:
    """How alike a candidate must be, and which elements make up a list field."""

    least_alike: float = 0.7  # a proposal whose element is less like the recorded one is never proven
    least_alike_showing: float = 0.3  # the same, for an element that shows the recorded value (about what
    # a like text shape and position alone give: 3 of MatchWeights' 11.5)
    group_margin: float = 0.05  # a list field's elements: those within this of the best one's score
    tries: int = 3  # a single field: how many of the best candidates (alike enough) are tried in turn


@dataclass
class Proposal:
    """What ``heal`` proposes for one field, and whether it is proven."""

    name: str  # the field's
    css: str | None  # the expression proposed (CSS, or XPath for an xpath field); None when none was found
    score: float  # how much the chosen element is like the recorded one (the lowest, for a list)
    proven: bool
    reason: str  # why it is, or is not, proven
    candidates: list[tuple[str | None, float, str]] = field(default_factory=list)  # (css, score, text) best first
    patched: Site | None = None  # the site with the proposal in it


def propose(
    site: Site,
    name: str,
    recorded: Recorded,
    page: NewPage,
    recordings: list[Recording],
    settings: HealSettings | None = None,
    within: Any = None,
) -> Proposal:
    """The fix for the field at ``name`` on ``page``, from what ``recorded`` holds; proven against
    ``recordings`` (every older one of the site). For a single field the best few candidates alike
    enough are tried in turn, and the first proven one is the proposal. ``within``: for a field
    inside another, that field's element on the new page (candidates and selector are relative to it)."""
    root = page.root if within is None else Selector(root=within)
    elements = page.elements if within is None else page.elements.inside(within)
    prints = recorded.fingerprints["fields"].get(name, [])
    if not prints:
        return Proposal(name, None, 0.0, False, "the recording holds no fingerprint for this field")
    spec = field_at(site, name)
    found = candidates(elements, prints, recorded.fingerprints["elements"], best=max(5, 3 * len(prints)))
    shown = [(selector_for(root, c.element), round(c.score, 3), element_text(c.element)[:60]) for c in found[:5]]
    if not found:
        return Proposal(name, None, 0.0, False, "no element of the new page is a candidate")
    settings = settings or HealSettings()
    showing_value = showing(elements, recorded.texts(name))
    if isinstance(recorded.value(name), dict):
        showing_value = _holders(showing_value)
    shown_values = scored(elements, prints, recorded.fingerprints["elements"], showing_value)
    choices = _showing_choices(shown_values, spec.multiple, settings)
    if found[0].score >= settings.least_alike:
        choices += _groups(found, settings) if spec.multiple else _singles(found, settings)
    if not choices:
        unlike = f"no element is alike enough (the best {found[0].score:.2f}, at least {settings.least_alike:g} needed)"
        return Proposal(name, shown[0][0], found[0].score, False, unlike, shown)
    first: Proposal | None = None
    for chosen, score in choices:
        proposal = _try(site, name, chosen, score, recorded, page, root, recordings)
        proposal.candidates = shown
        if proposal.proven:
            return proposal
        first = first or proposal
    assert first is not None
    return first


def _showing_choices(shown: list[Candidate], multiple: bool, settings: HealSettings) -> list[tuple[list[Any], float]]:
    """The elements that show the recorded value and are alike enough for that: as one group for a
    list field, else each, best first."""
    kept = [c for c in shown if c.score >= settings.least_alike_showing]
    if not kept:
        return []
    if multiple:
        return [([c.element for c in kept], min(c.score for c in kept))]
    kept.sort(key=lambda c: -c.score)
    return [([c.element], c.score) for c in kept[: settings.tries]]


def _holders(elements: list[Any]) -> list[Any]:
    """The nearest element holding all of ``elements`` (the parts a field with fields inside showed),
    and its next two ancestors."""
    if not elements:
        return []
    common = [elements[0], *elements[0].iterancestors()]
    for element in elements[1:]:
        mine = {element, *element.iterancestors()}
        common = [node for node in common if node in mine]
    return common[:3]


def _singles(found: list[Candidate], settings: HealSettings) -> list[tuple[list[Any], float]]:
    """For a single field, the best few candidates alike enough, each followed by the descendant that
    holds most of its text (a byline rewritten as ``<p>By <a>name</a></p>``), with its score."""
    choices: list[tuple[list[Any], float]] = []
    for candidate in [c for c in found if c.score >= settings.least_alike][: settings.tries]:
        choices.append(([candidate.element], candidate.score))
        inner = _text_holder(candidate.element)
        if inner is not None:
            choices.append(([inner], candidate.score))
    return choices


def _groups(found: list[Candidate], settings: HealSettings) -> list[tuple[list[Any], float]]:
    """For a list field: the candidates within ``group_margin`` of the best, then those alike enough
    grouped by their parent element, best group first."""
    best = found[0].score
    near = [c for c in found if c.score >= best - settings.group_margin]
    choices = [([c.element for c in near], min(c.score for c in near))]
    by_parent: dict[Any, list[Candidate]] = {}
    for candidate in found:
        if candidate.score >= settings.least_alike:
            by_parent.setdefault(candidate.element.getparent(), []).append(candidate)
    for group in list(by_parent.values())[: settings.tries]:
        choices.append(([c.element for c in group], min(c.score for c in group)))
    return choices


def _text_holder(element: Any) -> Any:
    """The deepest descendant holding at least 60 % of ``element``'s text, or None."""
    total = len(element_text(element))
    holder = None
    for child in element.iterdescendants():
        if isinstance(child.tag, str) and total and len(element_text(child)) >= 0.6 * total:
            holder = child
    return holder


def _try(
    site: Site,
    name: str,
    elements: list[Any],
    score: float,
    recorded: Recorded,
    page: NewPage,
    root: Selector,
    recordings: list[Recording],
) -> Proposal:
    """The proposal of a selector for ``elements`` (relative to ``root``), with its proof."""
    css = _selector(root, elements, field_at(site, name).multiple)
    if css is None:
        return Proposal(name, None, score, False, "no robust selector names the element")
    patched = _patched(site, name, css)
    kind, proposed = expressions(patched, name)
    expression = proposed[0]
    element_part = split_ending(kind, expression)[0]
    matched = root.css(element_part) if kind == "css" else root.xpath(element_part)
    parents = len({id(node.root.getparent()) for node in matched if hasattr(node.root, "getparent")})
    value = value_at(extract(page.snapshot, patched).data, name)
    reason = problem(value, name, recorded, page, parents, patched, recordings)
    return Proposal(name, expression, score, reason is None, reason or "proven", patched=patched)


def _selector(root: Selector, elements: list[Any], multiple: bool) -> str | None:
    return selector_for_all(root, elements) if multiple else selector_for(root, elements[0])


def _patched(site: Site, name: str, css: str) -> Site:
    """``site`` with ``css`` tried first for the field at ``name``: as XPath for an xpath field, with the
    old first expression's filters on its last step (``p:not(.ad)``, ``p[not(...)]``) when that step
    names the same element, and its ending (``::attr(src)``, ``/text()``)."""
    kind, old = expressions(site, name)
    new = to_xpath(css) if kind == "xpath" else css
    if old:
        element_part, ending = split_ending(kind, old[0])
        old_name, filters = last_step(kind, element_part)
        new_name, new_filters = last_step(kind, new)
        new += (filters if old_name and old_name == new_name and not new_filters else "") + ending
    return with_expressions(site, name, kind, [new, *[expression for expression in old if expression != new]])
