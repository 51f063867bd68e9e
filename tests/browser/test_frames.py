"""Same-origin frames: their documents are in the snapshot, read by ``frame:`` on a field or a site;
cross-origin frames are left out; recordings keep the frames for ``replay --dom`` and ``test``."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from playwright.async_api import Page

from extractor.api import extract_page
from extractor.browser import Browser
from extractor.browser.render import RenderHooks, render
from extractor.demo.server import serve
from extractor.extract import extract
from extractor.models import IssueKind, Snapshot
from extractor.recording import Outcome, check_recordings, open_recording, record, replay_dom, replay_render
from extractor.sites import LoadedSite, load_site, parse_site
from extractor.suggest.generic import extract_generic

PAGES = Path(__file__).parents[1] / "site" / "pages"
COMMENTS_YAML = """site: frames
match: x
render: {scroll: none, timeout: 10}
fields:
  title: h1.headline
  count: {frame: '#comments', jsonld: commentCount, type: int}
  status: {frame: 'iframe#comments', css: p.status}
  comments:
    frame: 'section.discussion iframe'
    css: li.comment
    multiple: true
    fields:
      user: a.user
      profile: {css: a.user, attr: href, type: url}
      text: p.text
      likes: {css: .likes, type: int}
  top:
    frame: '#comments'
    css: body
    fields: {commenter: {frame: iframe.badge, css: p.top, regex: ':\\s*(\\S+)'}}
  partner: {frame: '#partner-comments', css: li.comment p.text, multiple: true}
"""
STORY_SITE = parse_site(
    "site: reader\nmatch: x\nrender: {scroll: none, timeout: 10}\nframe: iframe.story\nremove: .ad-slot\nfields:\n"
    "  title: {css: h1, required: true}\n"
    "  author: {jsonld: author, css: .byline}\n"
    "  published: {jsonld: datePublished, type: datetime}\n"
    "  body: {css: div.body, type: html}\n"
    "  paragraphs: {css: div.body p, multiple: true}\n"
    "  photo: {css: img.photo, attr: src, type: url}\n"
)
USERS = ["rina_w", "budi.santoso", "ayu_lestari"]
TEXTS = [
    "Finally an earlier boat for commuters.",
    "Will the weekend timetable change too?",
    "The 6:10 crossing is always full.",
]


def expected_comments(base: str) -> dict[str, object]:
    return {
        "title": "Ferry timetable changes from Monday",
        "count": 3,
        "status": "3 comments",
        "comments": [
            {"user": user, "profile": f"{base}/frames/users/{user}", "text": text, "likes": likes}
            for user, text, likes in zip(USERS, TEXTS, [12, 3, 27], strict=True)
        ],
        "top": {"commenter": "ayu_lestari"},  # a frame inside the frame
        "partner": [],  # the same widget from another origin: not readable, left out
    }


class _FrameContents(RenderHooks):
    """Notes, as Playwright (which reaches every frame) sees them, each frame's URL and comments."""

    def __init__(self) -> None:
        self.comments: dict[str, int] = {}

    async def finish(self, page: Page, snapshot: Snapshot) -> None:
        for frame in page.frames[1:]:
            self.comments[frame.url] = await frame.locator("li.comment").count()


async def test_comments_are_read_in_their_same_origin_frame(browser: Browser, site_url: str) -> None:
    result = await extract_page(browser, site_url + "/frames/", parse_site(COMMENTS_YAML))
    assert result.data == expected_comments(site_url)
    assert result.errors == [] and result.warnings == []


async def test_a_cross_origin_frame_is_left_out_without_error(browser: Browser, site_url: str) -> None:
    hooks = _FrameContents()
    snapshot = await render(browser, site_url + "/frames/", parse_site(COMMENTS_YAML).render, hooks)
    partner = site_url.replace("127.0.0.1", "localhost") + "/frames/comments.html"
    assert hooks.comments[partner] == 3  # it loaded, and shows its comments: the page cannot read them
    assert [frame.url for frame in snapshot.frames] == [
        site_url + "/frames/comments.html",
        site_url + "/frames/badge.html",
    ]
    assert re.findall(r"<iframe[^>]*data-extractor-frame[^>]*>", snapshot.html) == [
        '<iframe data-extractor-frame="0" id="comments" title="Comments" src="/frames/comments.html" width="600" height="400">'
    ]
    assert snapshot.issues == []
    # zero-config extraction reads the page's own HTML: the frames' marks change nothing
    unmarked = replace(snapshot, html=snapshot.html.replace(' data-extractor-frame="0"', ""), frames=[])
    assert extract_generic(snapshot).data == extract_generic(unmarked).data


async def test_a_site_level_frame_reads_the_whole_article_there(browser: Browser, site_url: str) -> None:
    result = await extract_page(browser, site_url + "/frames/embedded.html", STORY_SITE)
    assert result.data == {
        "title": "Night market returns to the old pier",  # not the page's own h1, "Harbour Daily"
        "author": "Dewi Anggraini",
        "published": "2024-11-30T19:00:00+07:00",
        "body": (
            '<div class="body"><p>Forty stalls open on Saturday evening.</p>'
            "<p>The market runs until the end of the dry season.</p></div>"  # the ad slot removed
        ),
        "paragraphs": ["Forty stalls open on Saturday evening.", "The market runs until the end of the dry season."],
        "photo": site_url + "/frames/img/pier.svg",  # relative to the frame's document
    }
    assert result.errors == [] and result.warnings == []


async def test_a_frame_that_is_not_there_is_an_empty_field(browser: Browser, site_url: str) -> None:
    snapshot = await render(browser, site_url + "/frames/", parse_site(COMMENTS_YAML).render)
    fields = parse_site(
        "site: t\nmatch: x\nfields:\n  title: h1.headline\n"
        "  partner: {frame: '#partner-comments', css: p.status, required: true}\n"
        "  gone: {frame: 'iframe.gone', css: p, default: 'no comments'}\n"
    )
    result = extract(snapshot, fields)
    assert result.data == {"title": "Ferry timetable changes from Monday", "partner": None, "gone": "no comments"}
    assert [(issue.kind, issue.field) for issue in result.errors] == [(IssueKind.REQUIRED, "partner")]
    assert result.warnings == []
    whole = extract(
        snapshot, STORY_SITE.model_copy(update={"frame": "#partner-comments"})
    )  # a site-level frame, cross-origin
    assert whole.data["title"] is None and whole.data["paragraphs"] == []
    assert [issue.kind for issue in whole.errors] == [IssueKind.REQUIRED]
    assert [issue.kind for issue in whole.warnings] == [IssueKind.FRAME]
    assert "'#partner-comments' is not in the snapshot" in whole.warnings[0].message


async def test_content_a_frame_fetches_after_it_loads_is_waited_for(browser: Browser, site_url: str) -> None:
    site = parse_site(
        "site: t\nmatch: x\nrender: {scroll: none, timeout: 10}\nfields:\n  status: {frame: '#comments', css: p.status}\n"
    )
    result = await extract_page(browser, site_url + "/frames/late.html", site)
    assert result.data["status"] == "3 comments"


async def test_a_recording_keeps_the_frames_for_replay_and_test(browser: Browser, tmp_path: Path) -> None:
    selectors = tmp_path / "frames.yaml"
    selectors.write_text(COMMENTS_YAML)
    loaded = load_site(selectors)
    with serve(PAGES) as base:  # a server of this test's own, stopped before the replays
        live = await record(browser, base + "/frames/", loaded, tmp_path / "rec")
    assert live.data == expected_comments(base) and live.errors == []
    recording = open_recording(tmp_path / "rec")
    assert (recording.path / "frames.json").is_file() and (recording.path / "frames" / "1.html").is_file()
    assert replay_dom(recording, loaded.site).data == live.data
    assert (await replay_render(browser, recording, loaded.site)).data == live.data
    [verdict] = await check_recordings([recording.path], selectors)  # what `extractor test` does
    assert verdict.outcome == Outcome.PASSED, verdict.differences
    story = LoadedSite(STORY_SITE, selectors)
    with serve(PAGES) as base:
        live = await record(browser, base + "/frames/embedded.html", story, tmp_path / "story")
    assert live.data["title"] == "Night market returns to the old pier"
    assert replay_dom(open_recording(tmp_path / "story"), STORY_SITE).data == live.data
