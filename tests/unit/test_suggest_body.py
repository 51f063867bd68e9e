"""Body detection and drafting rules of `suggest`, on small HTML strings (no browser, no trafilatura)."""

from __future__ import annotations

from parsel import Selector

from extractor.extract import extract
from extractor.models import Snapshot
from extractor.sites import Site
from extractor.suggest.body import article_blocks, find_body, find_noise, words
from extractor.suggest.detect import Detection
from extractor.suggest.draft_body import GENERIC_BODY, draft_body, named_container
from extractor.suggest.references import References

URL = "https://news.example.org/2024/story"
LONG = [
    "The council approved the new budget after a long debate on Tuesday evening.",
    "Residents had asked for more money for parks, libraries and the bus network.",
    "The mayor said the plan would be reviewed again before the summer holidays.",
]


def detection(html: str, text: str) -> Detection:
    """What detect() would find if trafilatura's main text were ``text``."""
    root = Selector(text=html, base_url=URL)
    paragraphs, container = find_body(root, text)
    found = Detection(root=root, paragraphs=paragraphs, container=container)
    found.noise = find_noise(container, paragraphs)
    found.text_paragraphs = [line for line in text.splitlines() if line.strip()]
    return found


def body_of(html: str, text: str) -> list[str]:
    """The body the drafted field reads from the page."""
    found = detection(html, text)
    spec = draft_body(found.root, found)
    site = Site.model_validate({"site": "t", "match": ["*"], "remove": spec.remove, "fields": {"body": spec.spec}})
    body = extract(Snapshot(url=URL, final_url=URL, html=html), site).data["body"]
    assert isinstance(body, list)
    return body


def test_words_decode_entities_and_ignore_punctuation() -> None:
    assert words("Fish &amp; Chips — “fresh”!") == "fish chips fresh"


def test_blocks_map_back_despite_entities_and_quotes() -> None:
    html = "<body><div><p>Fish &amp; chips are a &ldquo;great&rdquo; food for Fridays.</p><p>Menu</p></div></body>"
    blocks = article_blocks(Selector(text=html), 'Fish & chips are a "great" food for Fridays.')
    assert [block.tag for block in blocks] == ["p"]


def test_short_blocks_map_back_when_they_are_whole_lines() -> None:
    html = '<body><a href="javascript:"><p>abc</p><p>def</p>ghi</a><p>xyz</p></body>'
    blocks = article_blocks(Selector(text=html), "abc\ndef\nghi")
    assert [block.tag for block in blocks] == ["a"]  # the link holds all three lines


def test_repeated_text_maps_no_more_often_than_the_article_has_it() -> None:
    html = "<body>" + "<span>Good Morning America</span>" * 3 + "</body>"
    assert len(article_blocks(Selector(text=html), "Good Morning America\nsome other words")) == 1


def test_the_headline_is_never_a_body_block() -> None:
    html = "<body><article><h1>A headline of some length here</h1><p>" + LONG[0] + "</p></article></body>"
    blocks = article_blocks(Selector(text=html), "A headline of some length here\n" + LONG[0])
    assert [block.tag for block in blocks] == ["p"]


def test_text_directly_in_body_is_read() -> None:
    assert body_of("<html><body>\n  Test\n</body></html>", "Test") == ["Test"]


def test_unnamed_container_climbs_to_a_named_ancestor() -> None:
    spans = "".join(f"<div><span>{line}</span></div>" for line in LONG)
    side = '<div class="side"><div><div>Links</div></div></div>' * 3  # plain tag chains match these too
    html = f'<body><div class="chapter-content"><div><div style="x">{spans}</div></div></div>{side}</body>'
    found = detection(html, "\n".join(LONG))
    container, css, by_layout = named_container(found.root, found.container)
    assert container is not found.container and css is not None and css.startswith("div.chapter-content")
    assert not by_layout
    assert " ".join(body_of(html, "\n".join(LONG))) == " ".join(LONG)


def test_a_container_only_layout_classes_name_is_named_by_them_not_read_as_the_whole_page() -> None:
    paragraphs = "".join(f"<p>{line}</p>" for line in LONG)
    menu = '<div class="col-md-4 col-sm-12"><p>Kontakt</p><p>Datenschutz</p><p>Impressum</p></div>'
    html = f'<body>{menu}<div class="col-md-8 col-sm-12 text-left">{paragraphs}</div>{menu}</body>'
    found = detection(html, "\n".join(LONG))
    container, css, by_layout = named_container(found.root, found.container)
    assert container is found.container and css == "div.col-md-8" and by_layout
    draft = draft_body(found.root, found)
    assert draft.spec["css"] == "div.col-md-8 > p" and any("layout classes" in note for note in draft.notes)
    assert body_of(html, "\n".join(LONG)) == LONG


def test_teasers_that_are_nothing_but_links_are_left_out_of_the_container_s_paragraphs() -> None:
    paragraphs = "".join(f"<p>{line}</p>" for line in LONG)
    teasers = "".join(f'<p><a href="/story/{n}">Another story number {n} you may like</a></p>' for n in range(3))
    anchor = '<p><a name="top">A named anchor is not a link, and this paragraph stays in the body.</a></p>'
    html = f'<body><div class="story">{paragraphs}{anchor}<h3>Read more</h3>{teasers}</div></body>'
    text = "\n".join([*LONG, "A named anchor is not a link, and this paragraph stays in the body."])
    found = detection(html, text)
    draft = draft_body(found.root, found)
    assert "xpath" in draft.spec and any("nothing but links" in note for note in draft.notes)
    assert body_of(html, text) == text.splitlines()


def test_a_container_read_whole_gets_xpath_rules_for_its_blocks_of_links() -> None:
    blocks = "".join(f"<div>{line}</div>" for line in LONG)  # no paragraph tags: the container is read whole
    links = "<ul><li><a href='/a'>First other story</a></li><li><a href='/b'>Second other story</a></li></ul>"
    html = f'<body><div class="story">{blocks}{links}</div></body>'
    found = detection(html, "\n".join(LONG))
    draft = draft_body(found.root, found)
    assert draft.spec["css"] == "div.story" and any(rule.startswith("//div[") for rule in draft.remove)
    assert " ".join(body_of(html, "\n".join(LONG))) == " ".join(LONG)


def test_remove_rules_never_drop_the_article_blocks_parents() -> None:
    items = "".join(f'<div class="item"><p>{line}</p></div>' for line in LONG)
    html = f'<body><div id="story">{items}<div class="item no_caption">Share this on social media</div></div></body>'
    body = body_of(html, "\n".join(LONG))
    assert body == LONG


def test_paragraphs_are_preferred_to_the_whole_container_when_they_read_the_same() -> None:
    paragraphs = "".join(f"<p>{line}</p>" for line in LONG)
    html = f'<body><div class="story-body">{paragraphs}<div class="ad-slot">Advertisement here</div></div></body>'
    found = detection(html, "\n".join(LONG))
    spec = draft_body(found.root, found)
    assert spec.spec["css"] == "div.story-body > p" and spec.wait_for == "div.story-body"


def test_nothing_found_falls_back_to_generic_selectors_ending_with_the_whole_body() -> None:
    spec = draft_body(Selector(text="<body><p>x</p></body>"), Detection(root=Selector(text="<body></body>")))
    assert spec.spec["css"] == GENERIC_BODY and GENERIC_BODY[-1] == "body"


def test_what_a_reader_never_sees_is_removed_from_the_body() -> None:
    paragraphs = "".join(f"<p>{line}</p>" for line in LONG)
    hidden = '<p style="display: none;">A hidden paragraph that trafilatura still reads as text.</p>'
    html = f'<body><div class="story">{paragraphs}{hidden}<p hidden>Another hidden paragraph of the story.</p></div></body>'
    text = "\n".join(
        [*LONG, "A hidden paragraph that trafilatura still reads as text.", "Another hidden paragraph of the story."]
    )
    found = detection(html, text)
    spec = draft_body(found.root, found)
    assert "div.story [hidden]" in spec.remove and "div.story [style*='display: none']" in spec.remove
    assert body_of(html, text) == LONG


def test_tags_mostly_outside_the_article_are_left_out() -> None:
    paragraphs = "".join(f"<p>{line}</p>" for line in LONG)
    menu = "<ul>" + "".join(f"<li>Menu entry number {n} of the site</li>" for n in range(30)) + "</ul>"
    html = f'<body><div class="story">{paragraphs}<ul><li>{LONG[0]} Again.</li></ul>{menu}</div></body>'
    assert body_of(html, "\n".join([*LONG, LONG[0] + " Again."])) == LONG


def test_article_blocks_outside_the_container_are_read_too_and_nothing_else_there() -> None:
    story = [*LONG, "Opposition members voted against it and asked for a second reading next month.",
             "The budget takes effect on the first of January and runs for the whole next year."]  # fmt: skip
    lead = "A standfirst above the story, set apart from its container by the page's layout."
    paragraphs = "".join(f"<p>{line}</p>" for line in story)
    html = (
        f'<body><header><p class="standfirst">{lead}</p><p class="teaser">Read our other story on the parks</p>'
        f'</header><div class="story-body">{paragraphs}</div></body>'
    )
    found = detection(html, "\n".join([lead, *story]))
    assert found.container is not None and found.container.get("class") == "story-body"  # the lead is outside
    spec = draft_body(found.root, found)
    assert "p.standfirst" in spec.spec["css"]
    assert body_of(html, "\n".join([lead, *story])) == [lead, *story]


def test_an_article_of_loose_lines_is_read_from_the_element_that_holds_them() -> None:
    # only the story's subheading maps to a block of its own (as when its lines run loose in table cells
    # or between line breaks beside other content): the blocks hold a small part of trafilatura's text
    subheading = "What the budget pays for"
    lines = "<br>".join(LONG)
    html = (
        '<body><div class="nav"><p>Home</p><p>Politics</p></div>'
        f'<div class="pane"><div id="story-text"><h2>{subheading}</h2>{lines}</div>'
        '<p class="related">Read our other story on the parks</p></div>'
        "<div class='foot'><p>Copyright 2024 The Example News</p></div></body>"
    )
    text = "\n".join([subheading, *LONG])
    root = Selector(text=html, base_url=URL)
    references = References(blocks=root.root.xpath("//h2"), trafilatura=text)
    found = Detection(root=root, paragraphs=references.blocks, references=references)
    found.container = references.blocks[0]
    found.text_paragraphs = references.completed()
    spec = draft_body(root, found)
    assert spec.spec == {"css": "#story-text", "multiple": True, "required": True}
    site = Site.model_validate({"site": "t", "match": ["*"], "remove": spec.remove, "fields": {"body": spec.spec}})
    body = extract(Snapshot(url=URL, final_url=URL, html=html), site).data["body"]
    assert isinstance(body, list) and words(" ".join(body)) == words(" ".join([subheading, *LONG]))


def test_trafilatura_text_outside_the_blocks_is_trusted_only_when_readability_sides_with_it() -> None:
    root = Selector(text="<body><div><p>" + LONG[0] + "</p></div></body>", base_url=URL)
    warnings = "Warning: use of undefined constant comments in get-recent-comments.php on line 928"
    blocks = root.root.xpath("//p")
    assert References(blocks=blocks, trafilatura=warnings).blocks_hold_little()  # no second opinion
    assert References(blocks=blocks, trafilatura=" ".join(LONG), readability=" ".join(LONG)).blocks_hold_little()
    assert not References(blocks=blocks, trafilatura=warnings, readability=LONG[0]).blocks_hold_little()
    assert not References(blocks=blocks, trafilatura=LONG[0] + " " + LONG[1]).blocks_hold_little()  # half held
