"""jusText as a third, independent reference: the paragraphs it classifies as the page's content.

jusText (which trafilatura already depends on) judges each paragraph on its own, by its length,
its share of stop words and its link density, with no idea of where the article's container is.
That makes its vote independent of trafilatura's and Readability's, which both pick a region.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass


@dataclass(frozen=True)
class JustextSettings:
    """jusText's thresholds; the defaults are the ones trafilatura uses for its own jusText fallback,
    with a stop list of every language jusText knows (the page's language is not known here)."""

    length_low: int = 50
    length_high: int = 200
    stopwords_low: float = 0.1
    stopwords_high: float = 0.2
    max_link_density: float = 0.2
    max_heading_distance: int = 200
    no_headings: bool = True


@functools.cache
def _every_stop_word() -> frozenset[str]:
    import justext  # imported on use: reading its stop lists takes a moment

    return frozenset().union(*(justext.get_stoplist(language) for language in justext.get_stoplists()))


def justext_paragraphs(html: str, settings: JustextSettings | None = None) -> list[str]:
    """The page's paragraphs that jusText keeps as content, in document order ([] when it cannot parse it)."""
    import justext

    chosen = settings or JustextSettings()
    try:
        paragraphs = justext.justext(
            html.encode("utf-8", "replace"),
            _every_stop_word(),
            length_low=chosen.length_low,
            length_high=chosen.length_high,
            stopwords_low=chosen.stopwords_low,
            stopwords_high=chosen.stopwords_high,
            max_link_density=chosen.max_link_density,
            max_heading_distance=chosen.max_heading_distance,
            no_headings=chosen.no_headings,
            encoding="utf-8",
        )
    except Exception:  # noqa: BLE001 - jusText raises lxml's and its own errors on odd markup: no vote
        return []
    return [paragraph.text for paragraph in paragraphs if not paragraph.is_boilerplate]
