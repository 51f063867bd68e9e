"""The article's lead: the paragraphs before trafilatura's first one that the two other references agree on.

trafilatura finds the article's container and reads it; a standfirst or lead set above that
container (between the headline and the body, in its own block) is left out. Readability.js and
jusText reach it by other means: Readability by scoring the region, jusText by judging each
paragraph alone. A paragraph that both of them keep, and that comes before the first paragraph
trafilatura kept, is the article's lead; a figure's caption there is not (trafilatura leaves
captions out on purpose).

Measured with the references' own texts on the saved HTML of both corpora in ``../shared/corpora``
(every paragraph that Readability and jusText agree on, wherever it is, against only those before
the body): anywhere, trafilatura-eval's F1 stayed at 0.926 (recall up, precision down: after and
inside the body they agree on captions, sign-up boxes and author boxes); before the body only,
with captions left out, it went from 0.926 to 0.931 and Mozilla's token F1 from 0.933 to 0.934.
In zero-config itself (``bench/corpus.py --dom``): trafilatura-eval 0.926 to 0.929, Mozilla 0.931
to 0.932.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from parsel import Selector

from extractor.suggest.body import article_blocks, covered, trigrams, with_kin, words


@dataclass(frozen=True)
class LeadSettings:
    """How much of a paragraph another reading must hold for it to count as holding it."""

    held: float = 0.7  # share of the paragraph's word triples


_CAPTION = re.compile(r"caption|credit", re.IGNORECASE)


def lead_paragraphs(
    trafilatura: str, readability: str, justext: Callable[[], list[str]], settings: LeadSettings | None = None
) -> list[str]:
    """Readability's paragraphs before the first one trafilatura holds, that jusText holds too.

    ``justext`` is called only when there is a paragraph to vote on (it reads the whole page)."""
    chosen = settings or LeadSettings()
    kept = trigrams(words(trafilatura))
    before: list[str] = []
    for paragraph in readability.splitlines():
        said = words(paragraph)
        if not said:
            continue
        if covered(said, kept) >= chosen.held:
            break
        before.append(paragraph)
    else:
        return []  # trafilatura holds none of Readability's paragraphs: not the same article
    if not before:
        return []
    third = trigrams(words("\n".join(justext())))
    return [paragraph for paragraph in before if covered(words(paragraph), third) >= chosen.held]


def with_lead(root: Selector, blocks: list[Any], lead: list[str]) -> list[Any]:
    """The blocks, after the lead's DOM blocks that come before the first of them (not captions, not
    inside or around a block already taken)."""
    if not blocks or not lead:
        return blocks
    taken = with_kin(blocks)
    order = {element: index for index, element in enumerate(root.root.iter())}
    first = order[blocks[0]]
    leading = [
        element
        for element in article_blocks(root, "\n".join(lead))
        if order.get(element, first) < first and element not in taken and not _in_caption(element)
    ]
    return leading + blocks


def _in_caption(element: Any) -> bool:
    """Whether the element is, or is inside, a figure or an element marked as a caption or credit."""
    for node in (element, *element.iterancestors()):
        if node.tag in ("figure", "figcaption"):
            return True
        if _CAPTION.search(f"{node.get('class') or ''} {node.get('id') or ''}"):
            return True
    return False
