"""Date rules of `suggest`: the article's JSON-LD datePublished is trusted before meta tags."""

from __future__ import annotations

from extractor.extract import extract
from extractor.models import Snapshot
from extractor.suggest import build_draft, detect

URL = "https://news.example.org/2024/story"
TEXT = "<p>The council approved the new budget after a long debate on Tuesday evening in the city hall.</p>"


def draft_and_read(head: str, body: str = "") -> tuple[dict[str, object], dict[str, object]]:
    html = f"<html><head><title>Story</title>{head}</head><body><article>{body}{TEXT}</article></body></html>"
    draft = build_draft(detect(html, URL), URL)
    return draft.fields["published"], extract(Snapshot(url=URL, final_url=URL, html=html), draft.to_site()).data


def test_json_ld_date_wins_over_a_meta_tag_of_another_day() -> None:
    head = (
        '<meta property="article:published_time" content="2015-12-11T14:28:34Z"/>'
        '<script type="application/ld+json">{"@type": "Article", "datePublished": "2015-10-15T02:19:15Z"}</script>'
    )
    spec, data = draft_and_read(head)
    assert data["published"] == "2015-10-15T02:19:15+00:00"
    assert spec == {"jsonld": "datePublished", "type": "datetime"}  # the meta tag says another day: left out


def test_a_meta_tag_of_the_same_day_and_a_visible_time_are_read_first() -> None:
    head = (
        '<meta property="article:published_time" content="2024-12-01T07:15:00Z"/>'
        '<script type="application/ld+json">{"datePublished": "2024-12-01T07:15:00Z"}</script>'
    )
    spec, data = draft_and_read(head, '<time class="published" datetime="2024-12-01T14:15:00+07:00">1 Dec</time>')
    assert spec["css"] == ["time.published::attr(datetime)", "meta[property='article:published_time']::attr(content)"]
    assert data["published"] == "2024-12-01T14:15:00+07:00"


def test_a_json_ld_date_it_cannot_read_falls_back_to_the_meta_tag() -> None:
    head = (
        '<meta property="article:published_time" content="2024-12-07T12:43:39Z"/>'
        '<script type="application/ld+json">{"datePublished": "not a date"}</script>'
    )
    assert draft_and_read(head)[1]["published"] == "2024-12-07T12:43:39+00:00"


def test_a_date_shown_in_another_language_by_an_unmarked_element_is_read_from_it() -> None:
    head = '<meta name="date" content="2013-10-05"/>'
    spec, data = draft_and_read(head, '<p>Veröffentlicht</p><b class="stamp">Samstag, 5. Oktober 2013</b>')
    assert spec["css"][0] == "b.stamp"  # the visible date first, the meta tag saying the same day next
    assert str(data["published"]).startswith("2013-10-05")
