"""A proposed fix for a field that broke on a changed page, and its proof.

For a field that came back empty on the new page, the elements most like its recorded fingerprints
are found (``match.candidates``); a robust selector is derived for them with suggest's rules
(``suggest.robust``), keeping the old expression's ending (``::attr()``, ``::text``, ``/@x``,
``/text()``), and put first in the field's ``css`` list, or, as XPath, in its ``xpath`` list (the
old expressions stay behind it). The proposal is **proven** only when all of these hold:

- its element is at least ``HealSettings.least_alike`` like the recorded one;
- it gives the new page a non-empty value of the recorded value's shape (the same JSON type; for
  a list, a count within half to twice the recorded one);
- when the new page shows the recorded value's text (the same article, redesigned), the new value
  is the recorded one exactly;
- the patched site reproduces ``expected.json`` on every older recording of the site.

Anything else is an unproven proposal, shown with its candidates and scores, never applied.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from parsel import Selector

from extractor.extract.engine import extract, parse_document
from extractor.heal.fingerprint import element_text
from extractor.heal.match import PageElements, candidates
from extractor.models import Snapshot
from extractor.recording.compare import differences
from extractor.recording.folder import Recording
from extractor.recording.replay import replay_dom
from extractor.sites import Site
from extractor.suggest.draft_body import to_xpath
from extractor.suggest.robust import selector_for, selector_for_all


@dataclass(frozen=True)
class HealSettings:
    """How alike a candidate must be, and which elements make up a list field."""

    least_alike: float = 0.7  # a proposal whose element is less like the recorded one is never proven
    group_margin: float = 0.05  # a list field's elements: those within this of the best one's score
_CSS_ENDING = re.compile(r"(::(?:attr\([^)]*\)|text))\s*$")
_XPATH_ENDING = re.compile(r"(/@[\w:-]+|/text\(\))\s*$")


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
    saved: dict[str, Any],
    page: Snapshot,
    recordings: list[Recording],
    recorded: Any,
    settings: HealSettings | None = None,
) -> Proposal:
    """The fix for top-level field ``name`` on ``page``; ``saved``: a recording's ``fingerprints.json``,
    ``recorded``: the field's value there, for the shape; ``recordings``: every older one of the site."""
    root, _ = parse_document(page.html, page.final_url)
    prints = saved["fields"].get(name, [])
    if not prints:
        return Proposal(name, None, 0.0, False, "the recording holds no fingerprint for this field")
    spec = site.fields[name]
    found = candidates(PageElements.of(root.root), prints, saved["elements"], best=max(5, 3 * len(prints)))
    shown = [(selector_for(root, c.element), round(c.score, 3), element_text(c.element)[:60]) for c in found[:5]]
    if not found:
        return Proposal(name, None, 0.0, False, "no element of the new page is a candidate")
    settings = settings or HealSettings()
    if found[0].score < settings.least_alike:
        unlike = f"no element is alike enough (the best {found[0].score:.2f}, at least {settings.least_alike:g} needed)"
        return Proposal(name, shown[0][0], found[0].score, False, unlike, shown)
    chosen = [c for c in found if c.score >= found[0].score - settings.group_margin] if spec.multiple else found[:1]
    css = _selector(root, [c.element for c in chosen], spec.multiple)
    if css is None:
        return Proposal(name, None, found[0].score, False, "no robust selector names the element", shown)
    patched = _patched(site, name, css)
    expression = (patched.fields[name].css or patched.fields[name].xpath or [css])[0]
    score = min(c.score for c in chosen)
    value = extract(page, patched).data.get(name)
    reason = _shape_problem(value, recorded) or _same_article_problem(value, recorded, root)
    if reason is None:
        reason = _regression(patched, recordings)
    return Proposal(name, expression, score, reason is None, reason or "proven", shown, patched)


def _selector(root: Selector, elements: list[Any], multiple: bool) -> str | None:
    return selector_for_all(root, elements) if multiple else selector_for(root, elements[0])


def _patched(site: Site, name: str, css: str) -> Site:
    """``site`` with ``css`` (with the old first expression's ending) tried first for field ``name``."""
    spec = site.fields[name]
    if spec.xpath is not None and spec.css is None:
        ending = _XPATH_ENDING.search(spec.xpath[0])
        expression = to_xpath(css) + (ending.group(1) if ending else "")
        update: dict[str, Any] = {"xpath": [expression, *[old for old in spec.xpath if old != expression]]}
    else:
        ending = _CSS_ENDING.search(spec.css[0]) if spec.css else None
        expression = css + (ending.group(1) if ending else "")
        update = {"css": [expression, *[old for old in spec.css or [] if old != expression]]}
    fields = {**site.fields, name: spec.model_copy(update=update)}
    return site.model_copy(update={"fields": fields})


def _same_article_problem(value: Any, recorded: Any, root: Selector) -> str | None:
    """When the new page shows every recorded string, why the new value is not the recorded one."""
    strings = [item for item in (recorded if isinstance(recorded, list) else [recorded]) if isinstance(item, str)]
    page = " ".join(" ".join(root.xpath("//body//text()").getall()).split())
    if not strings or not all(" ".join(item.split()) in page for item in strings) or value == recorded:
        return None
    if isinstance(value, list) and isinstance(recorded, list):
        return f"the page shows the recorded {len(recorded)} items, the proposal gives {len(value)} others or more"
    return "the page shows the recorded value, the proposal gives another"


def _shape_problem(value: Any, recorded: Any) -> str | None:
    """Why ``value`` on the new page is not of the recorded value's shape, or None."""
    if value is None or value == "" or value == [] or value == {}:
        return "the proposed selector gives the new page no value"
    if type(value) is not type(recorded):
        return f"the new value is a {type(value).__name__}, the recorded one a {type(recorded).__name__}"
    if isinstance(value, list) and not len(recorded) / 2 <= len(value) <= len(recorded) * 2:
        return f"the new page gives {len(value)} items, the recording {len(recorded)}"
    return None


def _regression(patched: Site, recordings: list[Recording]) -> str | None:
    """Why the patched site does not reproduce some older recording's ``expected.json``, or None."""
    for recording in recordings:
        expected = recording.expected()
        if expected is None:
            continue
        found = differences(expected, replay_dom(recording, patched).to_dict())
        if found:
            return f"it changes {recording.path.name}: {found[0].path}"
    return None
