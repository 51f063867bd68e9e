"""What a drafted body leaves out by conditions on text: template labels, link-only elements, quotes."""

from __future__ import annotations

from parsel import Selector

from extractor.extract.text import node_text
from extractor.suggest.left_out import LeftOut, LeftOutSettings, template_labels, xpath_literal

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
