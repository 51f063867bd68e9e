"""Fingerprints of the nodes each field matched: what a later redesign can be matched back to, without
what changes per build or per visit (hashes, tokens, timestamps, generated class names)."""

from __future__ import annotations

import pytest

from extractor.heal.fingerprint import fingerprints, looks_volatile
from extractor.models import Snapshot
from extractor.sites import parse_site

PAGE = """<html><body><header><nav>Home</nav></header>
<main id="content"><div class="wrap css-1x9k2f"><article data-id="8f3a9c2e1b7d4f60" data-kind="story">
<h1 class="headline" data-ts="1733140800123">Harga Kopi Naik 12 Persen</h1>
<p class="byline">Oleh Sari Wulandari</p>
<div class="body"><p>Satu.</p><p>Dua dan 3.</p><p>Tiga.</p></div>
<a class="more" href="/berita/20241202-kopi?session=AbC9xYz0QwErTy12345">Lanjut</a>
</article></div></main></body></html>"""
SITE = parse_site(
    "site: berita\nmatch: x\nfields:\n  title: {css: h1, required: true}\n"
    "  body: {css: .body p, multiple: true}\n  more: {css: a.more, attr: href}\n  missing: .nothing\n"
)


@pytest.mark.parametrize(
    ("value", "volatile"),
    [
        ("8f3a9c2e1b7d4f60", True), ("1733140800123", True), ("css-1x9k2f", True), ("sc-a1b2c3d", True),
        ("123e4567-e89b-12d3-a456-426614174000", True), ("AbC9xYz0QwErTy12345abc", True),
        ("headline", False), ("col-md-6", False), ("article-body", False), ("h1", False), ("story", False),
        ("2024", False),
    ],
)  # fmt: skip
def test_what_looks_volatile(value: str, volatile: bool) -> None:
    assert looks_volatile(value) is volatile


def test_each_matched_node_is_fingerprinted_without_what_is_volatile() -> None:
    found = fingerprints(Snapshot(url="http://x/a", final_url="http://x/a", html=PAGE), SITE)
    assert set(found["fields"]) == {"title", "body", "more"}  # a field that matched nothing has none
    [title] = found["fields"]["title"]
    assert title["tag"] == "h1" and title["classes"] == ["headline"] and title["id"] is None
    assert title["attributes"] == {"data-ts": None}  # the timestamp's name kept, its value not
    assert title["text"] == {"length": 25, "digits": 0.08, "words": 5}
    assert title["path"] == {"anchor": "article", "steps": ["h1"]}
    assert title["parent"] == {"tag": "article", "classes": []}
    assert title["before"] == [] and title["after"] == [{"tag": "p", "classes": ["byline"]}, {"tag": "div", "classes": ["body"]}]
    paragraphs = found["fields"]["body"]
    assert [p["path"] for p in paragraphs] == [{"anchor": "article", "steps": ["div", "p"]}] * 3
    assert [p["position"] for p in paragraphs] == sorted(p["position"] for p in paragraphs)
    assert paragraphs[0]["position"] > title["position"]
    [more] = found["fields"]["more"]
    assert more["attributes"] == {"href": None}  # content, not structure
    assert found["elements"] > 10 and found["format"] == 1
