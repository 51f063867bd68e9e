"""Proposals for the fields a redesign broke on the seed page, proven against the seed recording, and
the proof's own rules: what would be wrong is refused, not proposed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from test_heal_match import SEED, redesigned, without_article

from extractor.extract.engine import extract
from extractor.heal.evidence import NewPage, Recorded
from extractor.heal.proof import problem
from extractor.heal.propose import Proposal, propose
from extractor.models import Snapshot
from extractor.recording.folder import open_recording
from extractor.sites import load_site

CNBC = Path(__file__).parents[2] / "selectors" / "cnbcindonesia.com.yaml"
SITE = load_site(CNBC).site


def proposals_for(change: Callable[[str], str]) -> tuple[dict[str, Proposal], Snapshot, Recorded]:
    """A proposal for every field the seed page's ``change`` broke; the changed page; what was recorded."""
    recording = open_recording(SEED)
    recorded = Recorded.of(recording, SITE)
    snapshot = recording.snapshot()
    page = Snapshot(url=snapshot.url, final_url=snapshot.final_url, html=change(snapshot.html))
    broken = [name for name, value in extract(page, SITE).data.items() if value != recorded.data[name]]
    new_page = NewPage.of(page)
    return {name: propose(SITE, name, recorded, new_page, [recording]) for name in broken}, page, recorded


def test_broken_fields_get_proven_fixes_that_give_the_recorded_values() -> None:
    proposals, page, recorded = proposals_for(redesigned)
    assert set(proposals) >= {"author", "body", "video", "image"}
    author, video, body = proposals["author"], proposals["video"], proposals["body"]
    assert (author.css, author.proven) == ("div.writer", True) and author.score > 0.75
    assert (video.css, video.proven) == ("div.clip", True)
    # an xpath field gets XPath, and keeps the old expression's filter on its last step
    assert body.proven and body.css is not None and body.css.startswith("//") and "story-content" in body.css
    assert body.css.endswith("/p[not(starts-with(normalize-space(.), 'Saksikan video'))]")
    for proposal in proposals.values():
        assert proposal.patched is not None
        assert extract(page, proposal.patched).data[proposal.name] == recorded.data[proposal.name], proposal.name


def test_with_the_article_removed_no_fix_is_proven() -> None:
    proposals, _, _ = proposals_for(lambda html: redesigned(without_article(html)))
    assert set(proposals) >= {"title", "author", "body", "video"}
    for name, proposal in proposals.items():
        assert not proposal.proven, (name, proposal.css, proposal.reason)


def test_the_proof_refuses_values_that_only_look_right() -> None:
    recording = open_recording(SEED)
    recorded = Recorded.of(recording, SITE)
    page = NewPage.of(recording.snapshot())  # the recorded article itself: its values are shown
    body, video = recorded.data["body"], recorded.data["video"]

    def why(name: str, value: object, parents: int = 1) -> str | None:
        return problem(value, name, recorded, page, parents, SITE, [recording])

    assert why("body", body) is None and why("video", video) is None  # the recorded values pass
    assert why("body", body[:3]) == "the new page gives 3 items, the recording 11"
    assert why("body", body, parents=4) == "the recorded items shared one parent element, the proposal's have 4"
    assert why("body", [*body[:10], "Baca juga: lainnya"]) is not None  # shown on the page, but not the recorded list
    assert why("video", {**video, "title": None}) == "the proposed selector gives the new page no value for 'title'"
    assert why("video", {**video, "title": "Video lain"}) == "the page shows the recorded value, the proposal gives another"
    assert why("author", "Budi Santoso") == "the page shows the recorded value, the proposal gives another"
