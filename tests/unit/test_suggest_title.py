"""Title rules of `suggest`: which statement of the title wins, and the site name the draft drops."""

from __future__ import annotations

import re

from parsel import Selector

from extractor.extract import extract
from extractor.models import Snapshot
from extractor.suggest import build_draft, detect
from extractor.suggest.title import agrees, find_title, trim_site

URL = "https://news.example.org/2024/story"


def page(head: str, body: str = "") -> Selector:
    return Selector(text=f"<html><head>{head}</head><body>{body}</body></html>", base_url=URL)


def test_a_title_agrees_with_itself_plus_a_site_name_at_either_end() -> None:
    assert agrees("Budget approved - The Daily", "Budget approved")
    assert agrees("The Daily | Budget approved", "Budget approved")
    assert agrees("宇航员在太空中喝酒_探索者_光明网", "宇航员在太空中喝酒")
    assert agrees("LWN.net Weekly Edition [LWN.net]", "LWN.net Weekly Edition")
    assert not agrees("Open Journalism Project: Better Student Journalism", "Open Journalism Project:")


def test_the_heading_saying_most_of_the_title_wins_and_the_site_part_is_dropped() -> None:
    found = find_title(
        page(
            "<title>Evolve: Shared Mutable History — evolve extension for Mercurial</title>",
            "<h1>evolve extension for Mercurial</h1><h2>Evolve: Shared Mutable History ¶</h2>",
        ),
        URL,
    )
    # as many words each: the one saying the title's first part is the article's, the other the site's
    assert found.value == "Evolve: Shared Mutable History ¶" and found.node.tag == "h2"
    assert found.regex is not None
    match = re.search(found.regex, "Other Page — evolve extension for Mercurial")
    assert match is not None and match[1] == "Other Page"


def test_dublin_core_and_space_separated_properties_come_before_open_graph() -> None:
    head = (
        "<title>Title Element</title>"
        '<meta property="og:title twitter:title" content="A title"/>'
        '<meta property="x:title dc:title" content="Preferred title"/>'
    )
    found = find_title(page(head, "<h1>Test document title</h1>"), URL)
    assert found.value == "Preferred title" and found.sources[0] == "meta[property~='dc:title']::attr(content)"


def test_parsely_title_when_nothing_else_states_one() -> None:
    found = find_title(page('<meta name="parsely-title" content="Some Other Title"/>', "<h1>Unrelated</h1>"), URL)
    assert found.value == "Some Other Title"


def test_json_ld_headline_that_title_confirms_beats_a_disagreeing_og_title() -> None:
    head = (
        "<title>How to watch the 21 best films of 2017 - Vox</title>"
        '<meta property="og:title" content="The 21 best movies of 2017"/>'
        '<script type="application/ld+json">{"@type": "NewsArticle", '
        '"headline": "How to watch the 21 best films of 2017"}</script>'
    )
    found = find_title(page(head, "<h1>The 21 best movies of 2017</h1>"), URL)
    assert found.value == "How to watch the 21 best films of 2017"
    assert found.sources[0] == "title" and found.regex is not None  # read from <title>, " - Vox" dropped


def test_title_and_headline_agreeing_beat_a_lone_og_title() -> None:
    head = (
        "<title>Space ship breaks up over Siberia</title>"
        '<meta property="og:title" content="Yahoo News - Latest News &amp; Headlines"/>'
    )
    found = find_title(page(head, "<h1>Space ship breaks up over Siberia</h1>"), URL)
    assert found.value == "Space ship breaks up over Siberia" and found.headline_agrees


def test_site_name_is_trimmed_from_title_by_og_site_name_or_by_a_short_last_part() -> None:
    assert trim_site("Budget approved by the council | The Daily", {"the daily"}, guess=False)[0] == (
        "Budget approved by the council"
    )
    assert (
        trim_site("Lorem ipsum dolor sit amet \u2013 My website", set(), guess=True)[0] == "Lorem ipsum dolor sit amet"
    )
    assert trim_site("Review - The Last Jedi", set(), guess=True)[0] == "Review - The Last Jedi"  # too short to cut


def test_draft_reads_title_without_the_site_suffix() -> None:
    html = (
        "<html><head><title>Lorem ipsum dolor sit amet \u2013 My website</title></head>"
        "<body><p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.</p></body></html>"
    )
    data = extract(Snapshot(url=URL, final_url=URL, html=html), build_draft(detect(html, URL), URL).to_site()).data
    assert data["title"] == "Lorem ipsum dolor sit amet"


def test_a_headline_inside_the_most_trusted_statement_is_the_title_without_its_kicker_or_rubric() -> None:
    kicker = find_title(
        page(
            "<meta property='og:title' content='Chronik: Lotte Tobisch ist tot'>"
            "<title>Chronik: Lotte Tobisch ist tot - wien.ORF.at</title>",
            "<header><h1>ORF</h1></header><article><h1>Lotte Tobisch ist tot</h1></article>",
        ),
        URL,
    )
    assert kicker.value == "Lotte Tobisch ist tot" and kicker.node is not None

    def rubric(headline: str) -> str | None:
        head = "<meta property='og:title' content='Mandarinen-Schmand-Kuchen von jesusfreak | Chefkoch'>"
        return find_title(page(head, f"<h1>{headline}</h1>"), URL).value

    assert rubric("Mandarinen-Schmand-Kuchen") == "Mandarinen-Schmand-Kuchen"
    assert (rubric("Kuchen") or "").startswith("Mandarinen-Schmand-Kuchen von")  # one word is not a headline
    blog = find_title(
        page(
            "<meta property='og:title' content='Open Verilog flow for GreenPak4 devices'>"
            "<title>Silicon Exposed: Open Verilog flow for GreenPak4 devices</title>",
            "<h1>Silicon Exposed</h1>",
        ),
        URL,
    )
    assert blog.value == "Open Verilog flow for GreenPak4 devices"  # the blog's name is in <title> only


def test_a_site_name_set_off_by_an_angle_quote_or_an_unspaced_mark_next_to_cjk_is_cut() -> None:
    assert agrees("Laufen im Winter \u203a Nordish by Nature", "Laufen im Winter")
    assert agrees("Lexikon \u00ab Nalas L\u00f6wenseiten", "Lexikon")
    assert agrees("\u6b66\u6c49\u7684\u58f0\u97f3-\u65b0\u534e\u7f51", "\u6b66\u6c49\u7684\u58f0\u97f3")
    assert agrees("NEWS WEB EASY|\u6cd5\u5f8b\u304c\u3067\u304d\u308b", "\u6cd5\u5f8b\u304c\u3067\u304d\u308b")
    assert not agrees("Kein Zutritt mit Sparpreis-Tickets", "Kein Zutritt mit Sparpreis")  # a hyphen in Latin text


def test_a_kicker_set_in_the_headline_is_left_out_when_a_statement_names_the_headline_alone() -> None:
    head = '<meta property="og:title" content="Data of the arms maker hacked - Internal papers online"/>'
    body = '<h1><span class="kicker">Internal papers online</span> <span class="headline">Data of the arms maker hacked</span></h1>'
    found = find_title(page(f"<title>Internal papers online: Data of the arms maker hacked | Site</title>{head}", body), URL)
    assert found.value == "Data of the arms maker hacked"
    assert found.node is not None and found.node.get("class") == "headline" and found.headline_agrees
    # the whole heading is the title when a statement says it whole
    whole = find_title(page("<title>Internal papers online Data of the arms maker hacked</title>", body), URL)
    assert whole.value == "Internal papers online Data of the arms maker hacked" and whole.node.tag == "h1"
