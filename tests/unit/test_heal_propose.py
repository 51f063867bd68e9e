"""Proposals for the fields a redesign broke on the seed page, proven against the seed recording:
what is proven gives the recorded value; a tempting list that would change the recording is refused."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from test_heal_match import SEED, redesigned, without_article

from extractor.extract.engine import extract
from extractor.heal.propose import Proposal, propose
from extractor.models import Snapshot
from extractor.recording.folder import open_recording
from extractor.sites import load_site

CNBC = Path(__file__).parents[2] / "selectors" / "cnbcindonesia.com.yaml"


def proposals_for(change: Callable[[str], str]) -> tuple[dict[str, Proposal], Snapshot, dict[str, Any]]:
    """A proposal for every field the seed page's ``change`` broke; the changed page; the recorded data."""
    site = load_site(CNBC).site
    recording = open_recording(SEED)
    saved = json.loads((SEED / "fingerprints.json").read_text())
    expected = (recording.expected() or {})["data"]
    snapshot = recording.snapshot()
    page = Snapshot(url=snapshot.url, final_url=snapshot.final_url, html=change(snapshot.html))
    broken = [name for name, value in extract(page, site).data.items() if value != expected[name]]
    return {name: propose(site, name, saved, page, [recording], expected[name]) for name in broken}, page, expected


def test_broken_fields_get_proven_fixes_and_a_wrong_list_is_refused() -> None:
    proposals, page, expected = proposals_for(redesigned)
    assert set(proposals) >= {"author", "body", "video"}
    author, video, body = proposals["author"], proposals["video"], proposals["body"]
    assert (author.css, author.proven) == ("div.writer", True) and author.score > 0.75
    assert (video.css, video.proven) == ("div.clip", True)
    assert author.patched is not None and extract(page, author.patched).data["author"] == expected["author"]
    # the body's paragraphs would come back with the "Saksikan video" line its XPath left out: refused
    assert body.css is not None and "story-content" in body.css and body.css.startswith("//")  # an xpath field's
    assert not body.proven and body.reason == "the page shows the recorded 11 items, the proposal gives 12 others or more"
    assert body.candidates and all(score > 0.75 for _, score, _ in body.candidates)


def test_with_the_article_removed_no_fix_is_proven() -> None:
    proposals, _, _ = proposals_for(lambda html: redesigned(without_article(html)))
    assert set(proposals) >= {"title", "author", "body", "video"}
    for name, proposal in proposals.items():
        assert not proposal.proven, (name, proposal.css, proposal.reason)
