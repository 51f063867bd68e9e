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


def test_a_date_beside_an_icon_or_a_label_is_read_from_the_element_holding_it() -> None:
    """The day is the element's own text next to a child ("<i class=icon></i> 19.11.2021"): the
    element is a date's holder though it is not a leaf."""
    for shown in ('<div class="meta-date"><i class="icon-calendar"></i> 19.11.2021</div>',
                  "<p><b>Datum:</b> 19.11.2021</p>"):  # fmt: skip
        spec, data = draft_and_read("", shown)
        assert str(data["published"]).startswith("2021-11-19"), shown
        assert "css" in spec, shown


def test_dublin_core_and_microdata_dates_are_structured_statements_of_the_day() -> None:
    for head, body in (
        ('<meta name="DC.Date" content="2006-12-16T08:00+01:00">', ""),
        ("", '<span itemprop="datePublished" content="2006-12-16T08:00:00+01:00">16.12.2006</span>'),
        ("", '<span property="schema:dateCreated" content="2006-12-16T08:00:00+00:00"></span>'),
    ):
        spec, data = draft_and_read(head, body)
        assert str(data["published"]).startswith("2006-12-16"), (head, body)
        assert isinstance(spec, dict) and "css" in spec


def test_a_post_header_holding_the_date_is_not_removed_as_noise() -> None:
    """The draft removes noise inside the article's container, but never the element that a field
    reads: a post header with the date and the byline stays."""
    text = "".join(f"<p>{i}. {TEXT[3:-4]} More words follow here for the {i} time.</p>" for i in range(6))
    html = (
        "<html><head><title>Story</title></head><body><div class='entry'>"
        "<div class='post-head'><div>26 Mai, 2008 | Kommentare 34</div></div>"
        f"{text}</div></body></html>"
    )
    found = detect(html, URL)
    assert found.date_node is not None
    draft = build_draft(found, URL)
    data = extract(Snapshot(url=URL, final_url=URL, html=html), draft.to_site()).data
    assert str(data["published"]).startswith("2008-05-26")
    assert not any("post-head" in rule for rule in draft.remove)
