"""Fields read in same-origin frames (``frame:`` on a field, and a site's ``frame:``), on hand-made snapshots."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.errors import RecordingError
from extractor.extract import explain, extract
from extractor.models import FrameDocument, IssueKind, Result, Snapshot
from extractor.recording.folder import read_snapshot, write_snapshot
from extractor.sites import parse_site

URL = "https://news.example/2024/ferry"
PAGE = """<html><head><script type="application/ld+json">{"@type": "NewsArticle", "headline": "Page headline"}</script>
</head><body><h1>Ferry timetable changes</h1>
<iframe id="ad" src="https://ads.example/slot"></iframe>
<section class="discussion"><iframe id="comments" data-extractor-frame="0" src="/widgets/comments"></iframe></section>
<iframe id="broken" data-extractor-frame="7"></iframe>
</body></html>"""
COMMENTS = """<html><head><script type="application/ld+json">{"@type": "DiscussionForumPosting", "commentCount": 2}</script>
</head><body><p class="status">2 comments</p><ol>
<li class="comment"><a class="user" href="users/rina_w">rina_w</a><p class="text">Finally an earlier boat.</p></li>
<li class="comment"><a class="user" href="users/budi">budi</a><p class="text">What about weekends?</p>
<div class="ad-slot">Sponsored</div></li>
</ol><iframe class="badge" data-extractor-frame="1" src="badge"></iframe></body></html>"""
BADGE = "<html><body><p class='top'>Top commenter: rina_w</p></body></html>"
FRAMES = [
    FrameDocument("https://news.example/widgets/comments", COMMENTS),
    FrameDocument("https://news.example/widgets/badge", BADGE),
]


def snapshot(html: str = PAGE, frames: list[FrameDocument] | None = None) -> Snapshot:
    return Snapshot(url=URL, final_url=URL, html=html, frames=FRAMES if frames is None else frames)


def run(yaml: str, page: Snapshot | None = None) -> Result:
    return extract(page or snapshot(), parse_site(f"site: t\nmatch: x\n{yaml}"))


def test_a_field_with_frame_is_read_in_that_frames_document() -> None:
    result = run(
        "fields:\n  title: h1\n"
        "  status: {frame: 'iframe#comments', css: p.status}\n"
        "  users: {frame: 'iframe#comments', css: a.user, attr: href, type: url, multiple: true}\n"
        "  outside: {frame: 'iframe#comments', css: h1}\n"
    )
    assert result.data == {
        "title": "Ferry timetable changes",
        "status": "2 comments",
        "users": [
            "https://news.example/widgets/users/rina_w",
            "https://news.example/widgets/users/budi",
        ],  # the frame's URL
        "outside": None,  # the page's own h1 is not in the frame
    }
    assert result.errors == [] and result.warnings == []


def test_nested_fields_and_a_frame_inside_the_frame() -> None:
    result = run(
        "fields:\n"
        "  comments:\n"
        "    frame: 'section.discussion iframe'\n"
        "    css: li.comment\n    multiple: true\n"
        "    fields: {user: a.user, text: p.text}\n"
        "  thread:\n"
        "    frame: '#comments'\n    css: body\n"
        "    fields: {status: p.status, top: {frame: iframe.badge, css: p.top}}\n"
    )
    assert result.data["comments"] == [
        {"user": "rina_w", "text": "Finally an earlier boat."},
        {"user": "budi", "text": "What about weekends?"},
    ]
    assert result.data["thread"] == {"status": "2 comments", "top": "Top commenter: rina_w"}


def test_jsonld_with_frame_reads_the_frames_json_ld() -> None:
    data = run(
        "fields:\n  count: {frame: '#comments', jsonld: commentCount, type: int}\n  headline: {jsonld: headline}\n"
        "  not_in_frame: {frame: '#comments', jsonld: headline}\n"
    ).data
    assert data == {"count": 2, "headline": "Page headline", "not_in_frame": None}


def test_the_first_matching_frame_with_a_document_is_read() -> None:
    # the ad frame (cross-origin: no mark) and the broken mark (no such document) are passed over
    assert run("fields:\n  status: {frame: iframe, css: p.status}\n").data["status"] == "2 comments"


def test_a_frame_that_is_not_there_leaves_the_field_empty() -> None:
    result = run(
        "fields:\n"
        "  missing: {frame: 'iframe#nope', css: p}\n"
        "  ad: {frame: 'iframe#ad', css: p, multiple: true}\n"
        "  broken: {frame: 'iframe#broken', css: p, default: 'none'}\n"
        "  status: {frame: 'iframe#nope', css: p.status, required: true}\n"
        "  text: {frame: '#comments', css: p.missing, required: true}\n"
    )
    assert result.data == {"missing": None, "ad": [], "broken": "none", "status": None, "text": None}
    assert [(issue.kind, issue.field) for issue in result.errors] == [
        (IssueKind.REQUIRED, "status"),
        (IssueKind.REQUIRED, "text"),
    ]
    assert "no frame 'iframe#nope' with a document in the snapshot" in result.errors[0].message
    assert result.errors[1].message == "required field 'text' matched nothing (p.missing) in frame '#comments'"
    assert result.warnings == []  # a field's missing frame is a missing field, nothing more


def test_a_site_level_frame_reads_every_field_there_with_remove_applied() -> None:
    yaml = (
        "frame: '#comments'\nremove: .ad-slot\nfields:\n"
        "  status: p.status\n  texts: {css: li.comment, multiple: true}\n  top: {frame: iframe.badge, css: p.top}\n"
        "  page_title: h1\n  count: {jsonld: commentCount, type: int}\n"
    )
    result = run(yaml)
    assert result.data == {
        "status": "2 comments",
        "texts": ["rina_w Finally an earlier boat.", "budi What about weekends?"],  # the ad slot removed
        "top": "Top commenter: rina_w",
        "page_title": None,
        "count": 2,
    }
    assert result.errors == [] and result.warnings == []
    assert explain(snapshot(), parse_site(f"site: t\nmatch: x\n{yaml}")).removed == {".ad-slot": 1}


def test_remove_applies_to_a_fields_frame_too() -> None:
    texts = run("remove: .ad-slot\nfields:\n  texts: {frame: '#comments', css: li.comment, multiple: true}\n").data
    assert texts["texts"][1] == "budi What about weekends?"


def test_a_site_level_frame_that_is_not_there_warns_and_every_field_is_empty() -> None:
    result = run("frame: 'iframe#ad'\nfields:\n  title: {css: h1, required: true}\n  tags: {css: li, multiple: true}\n")
    assert result.data == {"title": None, "tags": []}
    assert [issue.kind for issue in result.errors] == [IssueKind.REQUIRED]
    assert [issue.kind for issue in result.warnings] == [IssueKind.FRAME]
    assert "the site's frame 'iframe#ad' is not in the snapshot" in result.warnings[0].message
    assert run("frame: iframe\nfields: {title: h1}\n", snapshot(frames=[])).warnings[0].kind == IssueKind.FRAME


def test_explain_names_the_frame_and_outlines_its_element() -> None:
    site = parse_site(
        "site: t\nmatch: x\nfields:\n  title: h1\n"
        "  comments: {frame: '#comments', css: li.comment, multiple: true, fields: {user: a.user}}\n"
        "  gone: {frame: '#nope', css: p}\n"
    )
    traces = {trace.path: trace for trace in explain(snapshot(), site).fields}
    assert (traces["title"].frame, traces["title"].frame_url) == (None, None)
    assert (traces["comments"].frame, traces["comments"].frame_url) == ("#comments", FRAMES[0].url)
    assert traces["comments"].node_paths == ["/html/body/section/iframe"]  # the frame's element in the page, once
    assert traces["comments[1].user"].frame == "#comments" and traces["comments[1].user"].value == "budi"
    assert (traces["gone"].frame, traces["gone"].frame_url) == ("#nope", None)


def test_a_srcdoc_frame_resolves_links_against_the_page() -> None:
    page = snapshot(
        '<html><body><iframe data-extractor-frame="0" srcdoc="..."></iframe></body></html>',
        [FrameDocument("about:srcdoc", '<html><body><a href="/more">more</a></body></html>')],
    )
    assert run("fields:\n  more: {frame: iframe, css: a, attr: href, type: url}\n", page).data["more"] == (
        "https://news.example/more"
    )


def test_frames_are_written_and_read_with_the_snapshot(tmp_path: Path) -> None:
    meta = {"url": URL, "final_url": URL, "status": 200}
    write_snapshot(tmp_path / "with", snapshot())
    assert sorted(p.name for p in (tmp_path / "with" / "frames").iterdir()) == ["0.html", "1.html"]
    assert read_snapshot(tmp_path / "with", meta).frames == FRAMES
    write_snapshot(tmp_path / "without", snapshot(frames=[]))
    assert not (tmp_path / "without" / "frames.json").exists() and not (tmp_path / "without" / "frames").exists()
    assert read_snapshot(tmp_path / "without", meta).frames == []
    (tmp_path / "with" / "frames" / "1.html").unlink()
    with pytest.raises(RecordingError, match=r"1\.html: cannot read"):
        read_snapshot(tmp_path / "with", meta)
    (tmp_path / "with" / "frames.json").write_text('{"urls": "x"}')
    with pytest.raises(RecordingError, match=r"frames\.json: damaged"):
        read_snapshot(tmp_path / "with", meta)
