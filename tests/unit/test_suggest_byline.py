"""Author rules of `suggest`: structured sources first, visible bylines cleaned, several authors kept."""

from __future__ import annotations

import re

from parsel import Selector

from extractor.extract import extract
from extractor.models import Snapshot
from extractor.suggest import build_draft, detect
from extractor.suggest.byline import byline_regex, clean_byline, find_author, json_ld_authors, looks_like_name

URL = "https://news.example.org/2024/story"
TEXT = "<p>The council approved the new budget after a long debate on Tuesday evening in the city hall.</p>"


def page(head: str, body: str = "") -> Selector:
    return Selector(text=f"<html><head>{head}</head><body>{body}</body></html>", base_url=URL)


def test_dublin_core_creator_comes_before_meta_author() -> None:
    head = '<meta name="author" content="FAIL"/><meta property="dc:creator twitter:site_name" content="Creator Name"/>'
    found = find_author(page(head), None)
    assert found.value == "Creator Name" and found.sources[0] == "meta[property~='dc:creator']::attr(content)"


def test_json_ld_authors_all_named_persons_or_organisations() -> None:
    script = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "author": ['
        '{"@type": "Person", "name": "Stella Kim"}, {"@type": "Person", "name": "J\\u00e9r\\u00e9my Piette"}]}</script>'
    )
    assert json_ld_authors(page(script)) == ["Stella Kim", "Jérémy Piette"]
    organisation = (
        '<script type="application/ld+json">{"author": {"@type": "Organization", "name": "Contributors"}}</script>'
    )
    assert json_ld_authors(page(organisation)) == ["Contributors"]


def test_article_author_urls_handles_and_labels_are_not_names() -> None:
    assert not looks_like_name("https://www.facebook.com/someone")
    assert not looks_like_name("@erinmcunningham")
    assert not looks_like_name("作者\uff1a")
    assert not looks_like_name("J J")
    assert looks_like_name("肖春芳") and looks_like_name("Bruno (Henrique Zecchin) Rodrigues")


def test_visible_byline_is_cleaned_of_by_and_dates() -> None:
    assert clean_byline("By Joshua Sokol May 20, 2019") == "Joshua Sokol"
    assert clean_byline("Par Sébastien Farcis") == "Sébastien Farcis"
    assert clean_byline("By Stella Kim and Jennifer Jett") == "Stella Kim and Jennifer Jett"


def test_a_visible_byline_is_found_when_nothing_structured_states_the_author() -> None:
    found = find_author(page("", '<h6 class="byline">By Joshua Sokol</h6>' + TEXT), None)
    assert found.value == "Joshua Sokol" and found.node is not None


def test_a_guess_outside_any_byline_loses_to_the_visible_byline() -> None:
    body = '<label for="u">Username</label><span class="pb-byline">By <a href="/e">Erin Cunningham</a></span>'
    assert find_author(page("", body + TEXT), "Username").value == "Erin Cunningham"


def test_byline_regex_keeps_the_names_only() -> None:
    regex = byline_regex("By Nathan Willis, March 25, 2015", ["Nathan Willis"])
    assert regex is not None
    match = re.search(regex, "By Jonathan Corbet, April 1, 2015")
    assert match is not None and match[1] == "Jonathan Corbet"


def test_draft_reads_json_ld_author_when_only_json_ld_states_it() -> None:
    html = (
        '<html><head><title>Story</title><script type="application/ld+json">'
        '{"@type": "Article", "author": {"@type": "Organization", "name": "Contributors to Wikimedia projects"}}'
        f"</script></head><body><article>{TEXT}</article></body></html>"
    )
    data = extract(Snapshot(url=URL, final_url=URL, html=html), build_draft(detect(html, URL), URL).to_site()).data
    assert data["author"] == "Contributors to Wikimedia projects"


def test_a_guess_running_past_the_bylines_link_is_cut_to_the_links_text() -> None:
    body = '<div class="author"><a class="author-link" href="/ben">Ben Silverman</a> <div>Games Editor</div></div>'
    found = find_author(page("", body + TEXT), "Ben Silverman Games Editor")
    assert found.value == "Ben Silverman" and found.node.tag == "a"


def test_co_authors_in_brackets_stay_and_initials_do_not_end_a_name() -> None:
    body = (
        'Par <span itemprop="author" class="auteur"><a class="auteur" href="/j/mu">Martin Untersinger</a>'
        " (avec Damien Leloup et Morgane Tual)</span>"
    )
    found = find_author(page("", body + TEXT), "Martin Untersinger")
    assert found.value == "Martin Untersinger (avec Damien Leloup et Morgane Tual)"
    assert clean_byline("Richard (R.J.) Eskow") == "Richard (R.J.) Eskow"
    assert clean_byline("Ann Lee (Reuters)") == "Ann Lee"


def test_every_dublin_core_creator_is_kept_and_the_draft_joins_them() -> None:
    head = '<meta name="DC.Creator" content="Kooman, F."/><meta name="DC.Creator" content="Jong, Michiel de"/>'
    html = f"<html><head><title>RFC 7764</title>{head}</head><body><article>{TEXT}</article></body></html>"
    found = find_author(Selector(text=html), None)
    assert found.names == ["Kooman, F.", "Jong, Michiel de"] and found.separator == "; "
    draft = build_draft(detect(html, URL), URL)
    assert draft.fields["author"]["join"] == "; "
    data = extract(Snapshot(url=URL, final_url=URL, html=html), draft.to_site()).data
    assert data["author"] == "Kooman, F.; Jong, Michiel de"


def test_draft_reads_every_json_ld_author_before_the_visible_byline() -> None:
    script = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "author": ['
        '{"@type": "Person", "name": "Stella Kim"}, {"@type": "Person", "name": "Jennifer Jett"}]}</script>'
    )
    byline = '<p class="byline">By Stella Kim and Jennifer Jett</p>'
    html = f"<html><head><title>Story</title>{script}</head><body>{byline}<article>{TEXT}</article></body></html>"
    draft = build_draft(detect(html, URL), URL)
    assert draft.fields["author"]["jsonld"] == "author"
    data = extract(Snapshot(url=URL, final_url=URL, html=html), draft.to_site()).data
    assert data["author"] == "Stella Kim, Jennifer Jett"


def test_a_middle_initial_is_not_taken_for_a_co_author() -> None:
    assert clean_byline("By John E Smith, March 3, 2020") == "John E Smith"
    assert clean_byline("Ana Costa e Rui Lopes") == "Ana Costa e Rui Lopes"


def test_a_comment_forms_name_field_or_a_comments_author_is_not_the_byline() -> None:
    comments = (
        '<div id="comments"><div class="comment-author vcard">Stephan Goeldi said</div>'
        '<form id="commentform"><p class="comment-form-author"><label for="author">Name *</label></p></form></div>'
    )
    assert find_author(page("", TEXT + comments), None).value is None
    byline = '<span class="author">Alexander Lasch</span>'
    assert find_author(page("", byline + TEXT + comments), None).value == "Alexander Lasch"


def test_view_all_posts_by_and_posted_by_are_not_part_of_the_name() -> None:
    assert clean_byline("View all posts by Daniel Lemire") == "Daniel Lemire"
    assert clean_byline("Posted by Walter von Aachen") == "Walter von Aachen"
    found = find_author(
        page("", '<a rel="author" href="/d">Daniel Lemire</a>' + TEXT), "View all posts by Daniel Lemire"
    )
    assert found.value == "Daniel Lemire"


def test_an_author_that_names_the_site_gives_way_to_a_byline_naming_someone_else() -> None:
    """"National Geographic" on nationalgeographic.co.uk, "tagesschau.de" on its own host: the
    publisher. The visible byline names the author."""
    url = "https://www.nationalgeographic.co.uk/animals/2024/goats"
    html = page('<meta name="author" content="National Geographic">', '<p class="byline">By Michael Hingston</p>')
    found = find_author(Selector(text=html.get(), base_url=url), None, url=url)
    assert found.value == "Michael Hingston"
    assert "meta[name='author']::attr(content)" not in found.sources  # it would read the site's name
    head = '<meta property="og:site_name" content="Die FURCHE"><meta name="author" content="Die FURCHE">'
    assert find_author(page(head, '<span class="author">Ursula Baatz</span>'), None, url=URL).value == "Ursula Baatz"


def test_on_a_personal_site_the_sites_name_is_the_author() -> None:
    """Nothing else names anyone, or only the same name with more words: the site's name stays."""
    url = "https://gregoryszorc.com/blog/2020/01/13/python-3"
    found = find_author(Selector(text=page('<meta name="author" content="Gregory Szorc">').get(), base_url=url), None, url=url)
    assert found.value == "Gregory Szorc"
    head = '<meta property="og:site_name" content="Steven_Home"><meta name="author" content="Steven_Home (steven)">'
    found = find_author(page(head, '<div class="author">Steven_Home posted on Blogs, comments</div>'), None, url=URL)
    assert found.value == "Steven_Home (steven)"


def test_labels_in_a_bylines_place_are_not_names() -> None:
    for label in ("Name", "Posted on", "Publiziert am", "No Author", "Follow"):
        assert not looks_like_name(label), label
    assert looks_like_name("Redaktion") and looks_like_name("Unknown")  # what some sites do sign with


def test_a_byline_without_markup_is_read_just_under_the_headline() -> None:
    """Nothing marks it ("<p>Von Claudia Lindner</p>"), but it sits between the headline and the
    text and reads as one: "Von", then capitalised names. "Von Montag bis Freitag" does not."""
    for line, wanted in (
        ("Von Claudia Lindner", "Claudia Lindner"),
        ("Von Roland Brockmann und Sebastian Drescher", "Roland Brockmann und Sebastian Drescher"),
        ("By Jane van der Berg, March 3, 2024", "Jane van der Berg"),
        ("Von Montag bis Freitag geöffnet", None),
    ):
        html = f"<html><head><title>Story</title></head><body><h1>Story</h1><p>{line}</p>{TEXT}{TEXT}</body></html>"
        found = detect(html, URL)
        assert found.author == wanted, line
    # the same line far below the headline is the text's, not a byline
    far = "".join(f"<p>Paragraph {i} of the story, which goes on.</p>" for i in range(14))
    html = f"<html><head><title>Story</title></head><body><h1>Story</h1>{far}<p>Von Claudia Lindner</p></body></html>"
    assert detect(html, URL).author is None


def test_a_first_name_stated_is_read_in_full_where_the_page_shows_it() -> None:
    script = '<script type="application/ld+json">{"@type": "NewsArticle", "author": {"name": "Todd"}}</script>'
    found = find_author(page(script, '<p class="by">By</p><p class="full-name">Todd Bates</p>'), None)
    assert found.value == "Todd Bates" and not found.json_ld  # the draft reads the element, not JSON-LD
    found = find_author(page(script, "<p>Todd writes about robots and the labs that build them</p>"), None)
    assert found.value == "Todd"  # a sentence that starts with the name is not the name in full
    sidebar = '<aside class="sidebar"><a href="/jobs">Todd Jobmarket</a></aside>'
    assert find_author(page(script, sidebar), None).value == "Todd"  # a sidebar's link is not the byline
