"""On a redesigned seed page (classes renamed, ids dropped, wrappers added round the article), the
element most like each field's recorded fingerprints is the same element as before; with the article
gone, nothing is as like."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from extractor.extract.engine import parse_document
from extractor.heal.match import PageElements, candidates

SEED = Path(__file__).parents[2] / "recordings" / "cnbcindonesia-seed-article"
RENAMED = {
    "jdl": "headline-block", "detail_text": "story-content", "date": "when", "author": "writer",
    "media_artikel": "hero", "video-embed": "clip", "detail": "article-wrap",
}  # fmt: skip


def redesigned(html: str) -> str:
    def rename(match: re.Match[str]) -> str:
        return 'class="' + " ".join(RENAMED.get(name, name) for name in match.group(1).split()) + '"'

    html = re.sub(r'class="([^"]*)"', rename, html)
    html = re.sub(r'\sid="[^"]*"', "", html)
    return html.replace("<article", '<div class="shell"><div class="frame"><article').replace(
        "</article>", "</article></div></div>"
    )


def without_article(html: str) -> str:
    """The page with its article replaced by a notice that it is gone."""
    return re.sub(r"<article.*?</article>", "<article><p>Artikel tidak tersedia.</p></article>", html, flags=re.S)


def text(element: etree._Element) -> str:
    return " ".join("".join(element.itertext()).split())


@pytest.fixture(scope="module")
def seed() -> tuple[dict[str, Any], str, etree._Element]:
    prints = json.loads((SEED / "fingerprints.json").read_text())
    html = (SEED / "dom.html").read_text()
    return prints, html, parse_document(html, prints["url"])[0].root


def test_each_field_finds_its_element_again_after_a_redesign(seed: tuple[dict[str, Any], str, etree._Element]) -> None:
    prints, html, before = seed
    after = PageElements.of(parse_document(redesigned(html), prints["url"])[0].root)
    old_order = list(before.getroottree().iter())
    assert set(prints["fields"]) >= {"title", "author", "published", "body", "video", "video.title"}
    for name, saved in prints["fields"].items():
        wanted = {text(old_order[fingerprint["position"]]) for fingerprint in saved}
        top, runner_up = candidates(after, saved, prints["elements"], best=len(saved) + 1)[-2:]
        found = candidates(after, saved, prints["elements"], best=len(saved))
        assert {text(candidate.element) for candidate in found} == wanted, name
        assert top.score - runner_up.score > 0.05 or len(saved) > 1, name  # the one, by a margin
        assert all(candidate.score > 0.75 for candidate in found), (name, [c.score for c in found])


def test_with_the_article_removed_nothing_is_as_like(seed: tuple[dict[str, Any], str, etree._Element]) -> None:
    prints, html, _ = seed
    after = PageElements.of(parse_document(without_article(html), prints["url"])[0].root)
    for name in ("title", "author", "published", "video"):
        [best] = candidates(after, prints["fields"][name], prints["elements"], best=1)
        assert best.score < 0.75, (name, best.score, text(best.element)[:60])
