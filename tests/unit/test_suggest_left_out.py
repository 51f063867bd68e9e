"""What a drafted body leaves out by conditions on text: template labels, link-only elements, quotes."""

from __future__ import annotations

from parsel import Selector

from extractor.extract import extract
from extractor.extract.text import node_text
from extractor.models import Snapshot
from extractor.sites import Site
from extractor.suggest.left_out import (
    Article,
    LeftOut,
    LeftOutSettings,
    container_rules,
    template_labels,
    xpath_literal,
)

STORY = [
    "The council approved the new budget after a long debate on Tuesday evening.",
    "Residents had asked for more money for parks, libraries and the bus network.",
]


def container_and_paragraphs(html: str) -> tuple[object, list[object]]:
    root = Selector(text=html).root
    container = root.find(".//div")
    return container, [element for element in container.iter("p") if element.get("class") == "story"]


def test_short_lines_that_are_not_the_article_s_are_the_template_s_labels() -> None:
    story = "".join(f'<p class="story">{line}</p>' for line in STORY)
    html = f"<div>{story}<p>Kommentare schreiben</p><p>{'word ' * 20}</p><p>{STORY[0]}</p></div>"
    container, paragraphs = container_and_paragraphs(html)
    article = set(paragraphs)
    labels = template_labels(container, paragraphs, article, LeftOutSettings())
    assert labels == ["Kommentare schreiben"]  # not the long line, not a line the article says itself


def test_conditions_keep_the_article_and_drop_labels_and_link_only_paragraphs() -> None:
    html = (
        f"<div><p>{STORY[0]}</p><p>Read more</p><p><a href='/x'>Another story</a></p>"
        f"<p>{STORY[1]} <a href='/y'>with a link</a></p></div>"
    )
    left_out = LeftOut(labels=["Read more"], links=True)
    xpath = f"//div/p[{' and '.join(left_out.conditions())}]"
    read = [" ".join(node_text(node).split()) for node in Selector(text=html).xpath(xpath)]
    assert read == [STORY[0], f"{STORY[1]} with a link"]
    assert any("Read more" in note for note in left_out.notes())


def test_quotes_of_both_kinds_make_a_valid_xpath_literal() -> None:
    text = """He said "no" and 'yes'"""
    html = f"<p>{text.replace('<', '&lt;')}</p><p>other</p>"
    matched = Selector(text=html).xpath(f"//p[normalize-space(.) = {xpath_literal(text)}]")
    assert len(matched) == 1 and xpath_literal("plain") == '"plain"'


def whole(html: str) -> tuple[list[str], set[object], object]:
    """The rules for the container ``#c`` read whole, what they drop, and what the body reads with them."""
    root = Selector(text=html)
    container = root.css("#c")[0].root
    blocks = [node.root for node in root.css("p.a")]
    keep = set(blocks) | {container} | {element for block in blocks for element in block.iter()}
    rules, dropped = container_rules(
        root, container, "//div[@id='c']", Article(blocks, keep, "\n".join(STORY)), LeftOutSettings()
    )
    site = Site.model_validate({"site": "t", "match": ["*"], "remove": rules, "fields": {"body": {"css": "#c"}}})
    snapshot = Snapshot(url="https://x.example/", final_url="https://x.example/", html=html)
    return rules, dropped, extract(snapshot, site).data["body"]


STORY_HTML = f"<p class='a'>{STORY[0]}</p><p class='a'>{STORY[1]}</p>"
AFTER = "<div>Kommentare schreiben</div><ul><li><a href='/1'>Another story</a></li><li><a href='/2'>More</a></li></ul>"


def test_a_container_read_whole_loses_its_labels_and_its_blocks_of_links() -> None:
    rules, dropped, body = whole(f"<body><div id='c'>{STORY_HTML}{AFTER}</div></body>")
    assert len(rules) == 2 and all(rule.startswith("//div[@id='c']//*") for rule in rules)
    assert body == f"{STORY[0]} {STORY[1]}"
    assert {getattr(element, "tag", "") for element in dropped} >= {"div", "ul", "li"}


def test_what_sits_between_the_article_s_blocks_is_never_dropped() -> None:
    inside = "<p><a href='/l'>a link inside the story</a></p><p>Kommentare schreiben</p>"
    story = STORY_HTML.replace("</p><p", f"</p>{inside}<p", 1)
    rules, _, body = whole(f"<body><div id='c'>{story}{AFTER}</div></body>")
    assert rules == []  # each rule would match a line between the story's paragraphs too
    assert "a link inside the story" in str(body) and "Kommentare schreiben" in str(body)
