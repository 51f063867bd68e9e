"""Articles over several pages (``paginate``): follow the next link, merge, stop safely; record and replay them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from processes import run_cli

from extractor.api import extract_page
from extractor.browser import Browser
from extractor.demo.server import serve
from extractor.errors import PageLoadError
from extractor.extract import extract
from extractor.models import Issue, IssueKind, MediaItem, Result, Snapshot
from extractor.pagination import follow_recorded, merge_data, merge_results, page_key
from extractor.recording import Outcome, check_recordings, open_recording, record, replay_dom, replay_render
from extractor.sites import load_site, parse_site

PAGES = Path(__file__).parents[1] / "site" / "pages"
FERRY = """\
site: ferry
match: "*/paginate/*"
render: {scroll: none, timeout: 10}
paginate: {next: a.next, merge: [body]}
fields:
  title: h1.headline
  body: {css: div.story p, multiple: true, required: true}
"""
SITE = parse_site(FERRY)
BODY = [
    "After two years without a crossing, the ferry left the harbour at dawn on Monday.",
    "Three hundred passengers were on board, most of them islanders coming home.",
    "The new ship is longer than the old one and carries forty cars.",
    "Its engines burn a third less fuel, the operator said.",
    "Tickets for the first month are sold out.",
    "A second daily crossing starts in the spring.",
]


def pagination_warnings(result: Result) -> list[str]:
    return [issue.message for issue in result.warnings if issue.kind == IssueKind.PAGINATION]


async def test_three_pages_are_read_in_order_into_one_article(browser: Browser, site_url: str) -> None:
    result = await extract_page(browser, site_url + "/paginate/story-1.html", SITE)
    assert result.data == {"title": "The ferry returns to the islands", "body": BODY}  # the title: page 1's
    assert result.pages == [f"{site_url}/paginate/story-{n}.html" for n in (1, 2, 3)]
    assert result.errors == [] and result.warnings == []
    assert [(m.url, m.title) for m in result.media] == [(site_url + "/paginate/crossing.mp4", "The first crossing")]
    assert result.final_url == site_url + "/paginate/story-1.html" and result.status == 200
    assert result.timings["render"] > 0.35 * 3  # summed: each page's story arrives ≈350 ms after its script runs


async def test_max_pages_stops_with_a_warning_and_keeps_what_was_read(browser: Browser, site_url: str) -> None:
    two = parse_site(FERRY.replace("merge: [body]}", "merge: [body], max_pages: 2}"))
    result = await extract_page(browser, site_url + "/paginate/story-1.html", two)
    assert result.data["body"] == BODY[:4] and len(result.pages) == 2
    assert pagination_warnings(result) == [
        f"stopped after 2 pages (paginate.max_pages); the next was {site_url}/paginate/story-3.html"
    ]


async def test_a_link_back_to_a_page_read_ends_the_article(browser: Browser, site_url: str) -> None:
    result = await extract_page(browser, site_url + "/paginate/loop-1.html", SITE)
    assert result.data["body"] == ["Loop page one.", "Loop page two."]
    assert result.pages == [site_url + "/paginate/loop-1.html", site_url + "/paginate/loop-2.html"]
    [warning] = pagination_warnings(result)
    assert warning.startswith(
        f"{site_url}/paginate/loop-2.html: the next link goes back to {site_url}/paginate/loop-1.html#top"
    )


async def test_a_missing_second_page_keeps_the_first(browser: Browser, site_url: str) -> None:
    result = await extract_page(browser, site_url + "/paginate/broken-1.html", SITE)
    assert result.data == {"title": "A story whose second page is gone", "body": ["The only page that is left."]}
    assert result.errors == [] and not result.page_failed and result.pages == [site_url + "/paginate/broken-1.html"]
    [warning] = pagination_warnings(result)
    assert warning.startswith(f"page 2 not read: {site_url}/paginate/gone-2.html: ") and "404" in warning
    assert warning.endswith("; kept page 1")


async def test_a_first_page_that_fails_is_the_ordinary_failure(browser: Browser, site_url: str) -> None:
    result = await extract_page(browser, site_url + "/paginate/gone-1.html", SITE)
    assert result.page_failed and result.status == 404 and result.warnings == [] and result.pages == []


async def test_a_recording_holds_every_page_and_replays_offline(browser: Browser, tmp_path: Path) -> None:
    selectors = tmp_path / "ferry.yaml"
    selectors.write_text(FERRY)
    loaded = load_site(selectors)
    with serve(PAGES) as base:  # a server of this test's own, stopped before the replays
        live = await record(browser, base + "/paginate/story-1.html", loaded, tmp_path / "ferry")
    recording = open_recording(tmp_path / "ferry")
    meta, expected = recording.meta, json.loads((recording.path / "expected.json").read_text())
    assert [page["url"] for page in meta["pages"]] == [f"{base}/paginate/story-{n}.html" for n in (2, 3)]
    for number in (2, 3):
        held = {path.name for path in (recording.path / "pages" / str(number)).iterdir()}
        assert held >= {"network.har.zip", "dom.html", "screenshot.png"}
    assert expected["data"]["body"] == BODY == live.data["body"] and len(expected["pages"]) == 3
    assert replay_dom(recording, loaded.site).to_dict()["data"] == expected["data"]
    replayed = await replay_render(browser, recording, loaded.site)
    assert replayed.data == expected["data"] and replayed.pages == expected["pages"]
    assert [m.url for m in replayed.media] == [m["url"] for m in expected["media"]]
    assert replayed.warnings == []  # every request of every page answered from its own HAR
    [verdict] = await check_recordings([recording.path])  # what `extractor test` does
    assert verdict.outcome == Outcome.PASSED, verdict.differences


async def test_a_one_page_recording_has_no_pages(browser: Browser, tmp_path: Path) -> None:
    selectors = tmp_path / "ferry.yaml"
    selectors.write_text(FERRY)
    with serve(PAGES) as base:
        await record(browser, base + "/paginate/broken-1.html", load_site(selectors), tmp_path / "one")
    recording = open_recording(tmp_path / "one")
    assert "pages" not in recording.meta and not (recording.path / "pages").exists()
    assert "pages" not in json.loads((recording.path / "expected.json").read_text())


def test_extract_command_shows_the_pages(site_url: str, tmp_path: Path) -> None:
    selectors = tmp_path / "ferry.yaml"
    selectors.write_text(FERRY)
    done = run_cli("extract", site_url + "/paginate/story-1.html", "-s", str(selectors), "-o", "-")
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert document["pages"] == [f"{site_url}/paginate/story-{n}.html" for n in (1, 2, 3)]
    assert document["data"]["body"] == BODY and document["warnings"] == []


# Plain data, no browser: merging, and following links through pages given as snapshots.


def test_merge_concatenates_lists_joins_strings_and_skips_none() -> None:
    pages = [
        {"title": "One", "body": ["a", "b"], "summary": "first", "notes": None, "count": None},
        {"title": "Two", "body": ["c"], "summary": None, "notes": "n2", "count": 7},
        {"title": "Three", "body": [], "summary": "third", "notes": "n3", "count": 9},
    ]
    assert merge_data(pages, ["body", "summary", "notes", "count"]) == {
        "title": "One", "body": ["a", "b", "c"], "summary": "first\n\nthird", "notes": "n2\n\nn3", "count": 7,
    }  # fmt: skip
    assert merge_data(pages, []) == pages[0]


def test_merged_results_keep_later_pages_problems_media_and_timings() -> None:
    video = MediaItem(url="https://v.example/a.mp4", kind="video")
    first = Result(
        url="https://x/1", final_url="https://x/1", site="s", data={"title": "T", "body": []},
        errors=[Issue(IssueKind.REQUIRED, "required field 'body' matched nothing (p)", "body")],
        timings={"render": 1.0, "extract": 0.1}, media=[video],
    )  # fmt: skip
    second = Result(
        url="https://x/2", final_url="https://x/2", site="s", data={"title": None, "body": ["p2"]},
        errors=[
            Issue(IssueKind.REQUIRED, "required field 'title' matched nothing (h1)", "title"),  # not merged: page 1's
            Issue(IssueKind.VALUE, "field 'body': not a number", "body", raw="x"),
        ],
        warnings=[Issue(IssueKind.BOUND, "the page kept adding content")],
        timings={"render": 2.0, "extract": 0.2}, media=[MediaItem(url="https://v.example/a.mp4", kind="video", title="A")],
    )  # fmt: skip
    merged = merge_results([first, second], ["body"])
    assert merged.data == {"title": "T", "body": ["p2"]}
    assert merged.errors == [Issue(IssueKind.VALUE, "https://x/2: field 'body': not a number", "body", raw="x")]
    assert merged.warnings == [Issue(IssueKind.BOUND, "https://x/2: the page kept adding content")]
    assert [(m.url, m.title) for m in merged.media] == [("https://v.example/a.mp4", "A")]
    assert merged.timings == pytest.approx({"render": 3.0, "extract": 0.3})
    assert merged.to_dict()["pages"] == ["https://x/1", "https://x/2"]
    assert "pages" not in first.to_dict()  # one page: the JSON is as it always was


def _snapshot(url: str, text: str, href: str | None = None, head: str = "") -> Snapshot:
    link = f'<a class="next" href="{href}">next</a>' if href is not None else ""
    html = f"<html><head>{head}</head><body><h1 class='headline'>{text}</h1><div class='story'><p>{text}</p></div>{link}</body></html>"
    return Snapshot(url=url, final_url=url, html=html, status=200)


def _follow(pages: dict[str, Snapshot], start: str, yaml: str = FERRY) -> Result:
    site = parse_site(yaml)

    def read(url: str) -> Snapshot:
        if url not in pages:
            raise PageLoadError(url, "HTTP 404")
        return pages[url]

    return follow_recorded(site, pages[start], extract(pages[start], site), read)


def test_links_resolve_against_base_href_and_a_fragment_only_link_ends_the_article() -> None:
    pages = {
        "https://x/a/1": _snapshot("https://x/a/1", "one", "p2.html", head='<base href="https://x/pages/">'),
        "https://x/pages/p2.html": _snapshot("https://x/pages/p2.html", "two", "#"),
    }
    result = _follow(pages, "https://x/a/1")
    assert result.data["body"] == ["one", "two"] and result.warnings == []
    assert result.pages == ["https://x/a/1", "https://x/pages/p2.html"]


@pytest.mark.parametrize("href", ["javascript:void(0)", "mailto:desk@example.com"])
def test_a_next_link_that_is_not_http_is_not_followed(href: str) -> None:
    result = _follow({"https://x/1": _snapshot("https://x/1", "one", href)}, "https://x/1")
    assert result.data["body"] == ["one"]
    assert pagination_warnings(result) == [f"https://x/1: the next link {href!r} is not an http(s) link; not followed"]


def test_loops_max_pages_and_failures_with_plain_pages() -> None:
    pages = {f"https://x/{n}": _snapshot(f"https://x/{n}", str(n), f"/{n + 1}") for n in range(1, 5)}
    pages["https://x/3"] = _snapshot("https://x/3", "3", "HTTPS://X:443/1#again")
    looped = _follow(pages, "https://x/1")
    assert looped.data["body"] == ["1", "2", "3"]
    assert pagination_warnings(looped)[0].startswith(
        "https://x/3: the next link goes back to https://X:443/1#again, a page already read"
    )
    assert page_key("HTTPS://X:443/1#again") == page_key("https://x/1") == "https://x/1"
    one = _follow(pages, "https://x/1", FERRY.replace("merge: [body]}", "merge: [body], max_pages: 1}"))
    assert one.data["body"] == ["1"] and pagination_warnings(one) == [
        "stopped after 1 page (paginate.max_pages); the next was https://x/2"
    ]
    failed = _follow(pages, "https://x/4")
    assert failed.data["body"] == ["4"] and pagination_warnings(failed) == [
        "page 2 not read: https://x/5: HTTP 404; kept page 1"
    ]


def test_a_later_page_that_timed_out_or_redirected_back_is_not_merged() -> None:
    pages = {"https://x/1": _snapshot("https://x/1", "1", "/2"), "https://x/2": _snapshot("https://x/2", "2", "/3")}
    pages["https://x/3"] = _snapshot("https://x/3", "3 (half)", "/4")
    pages["https://x/3"].issues.append(Issue(IssueKind.TIMEOUT, "https://x/3: wait_for 'h1' did not appear in 10s"))
    timed_out = _follow(pages, "https://x/1")
    assert timed_out.data["body"] == ["1", "2"] and timed_out.errors == [] and not timed_out.page_failed
    assert pagination_warnings(timed_out) == [
        "page 3 not read: https://x/3: wait_for 'h1' did not appear in 10s; kept pages 1-2"
    ]
    pages["https://x/3"] = Snapshot(url="https://x/3", final_url="https://x/1", html=pages["https://x/1"].html)
    redirected = _follow(pages, "https://x/1")
    assert redirected.data["body"] == ["1", "2"]
    assert pagination_warnings(redirected) == ["https://x/3: page 3 went back to https://x/1, a page already read"]
