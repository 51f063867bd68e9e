"""Zero-config extraction against the reference extractors: the body is their blocks read from the DOM,
the HTML the server sent stands in for a rendered page that lost the article, and pages that used to
break detection (XHTML, odd attributes) are read. Real trafilatura and Readability.js run here."""

from __future__ import annotations

from collections.abc import Callable

from parsel import Selector

from extractor.extract.text import collapse, node_text, parse_page
from extractor.models import IssueKind, Result, Snapshot
from extractor.reference.trafilatura import trafilatura_text
from extractor.suggest.body import article_blocks
from extractor.suggest.generic import extract_generic, warn_if_disagreeing
from extractor.suggest.lead import lead_paragraphs
from extractor.suggest.references import References

URL = "https://news.example.org/2024/05/02/council-budget"
STORY = [
    "The council approved the new budget after a long debate on Tuesday evening, by nine votes to four.",
    "Residents had asked for more money for parks, libraries and the bus network in the outer districts.",
    "The mayor said the plan would be reviewed again before the summer holidays, once the audit is in.",
    "Opposition members called the spending on the new town hall wasteful and promised to fight it.",
    "A public meeting on the budget will be held at the central library on the first Monday of June.",
]
MENU = "<nav><ul><li><a href='/'>Home</a></li><li><a href='/news'>News</a></li><li><a href='/sport'>Sport</a></li></ul></nav>"
FOOTER = "<footer><p>Copyright 2024 Example Media Group. All rights reserved. Contact our newsroom.</p></footer>"


def page(article: str, head: str = "<title>Council approves budget - Example News</title>") -> str:
    return f"<html><head>{head}</head><body>{MENU}<main>{article}</main>{FOOTER}</body></html>"


def story(extra: str = "") -> str:
    paragraphs = "".join(f"<p>{text}</p>" for text in STORY)
    return f"<article><h1>Council approves budget</h1>{paragraphs}{extra}</article>"


def generic(html: str, source: str | None = None) -> tuple[list[str], list[str]]:
    result = extract_generic(Snapshot(url=URL, final_url=URL, html=html, source_html=source))
    body = result.data["body"]
    return (body if isinstance(body, list) else [body]), [f"{issue.kind}: {issue.message}" for issue in result.warnings]


def test_the_body_is_the_references_blocks_without_menu_footer_or_read_also_lines() -> None:
    body, warnings = generic(page(story("<p>Baca juga: Ten more stories about the council you might like</p>")))
    assert body == STORY
    assert warnings == []


def test_a_page_starting_with_an_xml_declaration_is_read_as_html() -> None:
    xhtml = '<?xml version="1.0" encoding="utf-8"?>\n' + page(story()).replace(
        "<html>", '<html xmlns="http://www.w3.org/1999/xhtml">'
    )
    assert parse_page(xhtml).css("article p")  # parsel alone would read it as XML, where no CSS matches
    body, _ = generic(xhtml)
    assert body == STORY


def test_an_attribute_with_an_empty_name_does_not_fail_the_page() -> None:
    broken = (
        page(story()).replace("<p>", '<p ="x">', 1).replace("<h1>", '<time ="y" datetime="2024-05-02">2 May</time><h1>')
    )
    body, _ = generic(broken)
    assert body[1:] == STORY[1:]


def test_a_shell_put_in_place_of_the_article_is_read_from_the_html_the_server_sent() -> None:
    shell = page("<div class='error'><p>This page is not available right now. Please try again later.</p></div>")
    body, warnings = generic(shell, source=page(story()))
    assert body == STORY
    assert [warning.split(":")[0] for warning in warnings] == ["source"]
    assert "the rendered page held 2% of its article (91 words)" in warnings[0]  # "the", "on" and "at" only


def test_a_skeleton_in_the_server_html_never_replaces_the_rendered_article() -> None:
    skeleton = page("<article><h1>Council approves budget</h1><p>Memuat artikel...</p></article>")
    body, warnings = generic(page(story()), source=skeleton)
    assert body == STORY and warnings == []


def test_a_paragraph_maps_back_although_the_reference_left_out_a_footnote_mark_inside_it() -> None:
    html = (
        "<body><p>Given a set of high-dimensional objects,<sup>[12]</sup> the method first computes "
        "probabilities that are proportional to their similarity.</p></body>"
    )
    reference = "Given a set of high-dimensional objects, the method first computes probabilities that are proportional to their similarity."
    blocks = article_blocks(Selector(text=html), reference)
    assert [block.tag for block in blocks] == ["p"]


def test_reader_aids_are_not_text() -> None:
    html = "<p>Kinder<rt>reading</rt> und Infor\u00admation<math><annotation>x^2</annotation></math></p>"
    assert node_text(Selector(text=html).css("p")[0]) == "Kinder und Information"
    assert collapse("Bundes\u00adland") == "Bundesland"


def test_a_body_that_a_reference_disagrees_with_is_named() -> None:
    references = References(
        trafilatura="\n".join(STORY), readability="Sport results from the weekend and the league table."
    )
    assert [name for name, _ in references.disagreements("\n".join(STORY))] == ["Readability"]
    assert [name for name, _ in references.disagreements("Sport results of the weekend")] == ["trafilatura"]


def test_a_drafted_body_far_from_the_article_gets_a_warning_that_names_the_reference() -> None:
    references = References(trafilatura="\n".join(STORY), readability="\n".join(STORY))
    result = Result(url=URL, final_url=URL, site="draft", data={"body": ["Home", "News", "Sport", "Contact us"]})
    warn_if_disagreeing(result, references)
    assert [(issue.kind, issue.field) for issue in result.warnings] == [(IssueKind.DISAGREEMENT, "body")]
    assert "trafilatura and Readability" in result.warnings[0].message
    agreeing = Result(url=URL, final_url=URL, site="draft", data={"body": STORY})
    warn_if_disagreeing(agreeing, references)
    assert agreeing.warnings == []


def test_a_reference_line_no_element_holds_alone_is_kept_where_it_falls() -> None:
    # the second paragraph's text runs loose in the article, between an inline formula and a block
    loose = (
        f"<article><h1>Council approves budget</h1><p>{STORY[0]}</p>"
        f"<div><span class='formula'>x</span> {STORY[1]}<p>{STORY[2]}</p></div><p>{STORY[3]}</p></article>"
    )
    root = parse_page(page(loose))
    text = "\n".join([STORY[0], "- " + STORY[1], STORY[2], STORY[3]])  # trafilatura marks the loose line as a list item
    found = References(blocks=article_blocks(root, text), trafilatura=text)
    assert found.paragraphs == [STORY[0], STORY[2], STORY[3]]  # no element has the loose text alone
    assert found.completed() == STORY[:4]
    # a line the blocks hold, or hold nearly all of, is not added twice
    nearly = References(blocks=found.blocks, trafilatura="\n".join([STORY[0], STORY[2][:-20], STORY[3]]))
    assert nearly.completed() == [STORY[0], STORY[2], STORY[3]]


LONG_STORY = [f"{text} {text.replace('The ', 'Later the ', 1)}" for text in STORY]  # jusText's "good" is 200+ chars
LEAD = (
    "Nine votes to four: after six hours of debate the council passed a budget that spends more on parks, "
    "libraries and buses, and a good deal less on the new town hall that the mayor had wanted for years."
)
CAPTION = (
    "The council chamber on Tuesday evening, shortly before the vote was taken by the members of the council, "
    "who had debated the budget for more than six hours. Photo: Example News archive"
)


def test_a_lead_above_the_body_that_readability_and_justext_both_keep_opens_the_body_without_its_caption() -> None:
    article = (
        f"<article><h1>Council approves budget</h1><div class='standfirst'><p>{LEAD}</p></div>"
        f"<p class='image-caption'>{CAPTION}</p>"
        f"<div class='article-body'>{''.join(f'<p>{text}</p>' for text in LONG_STORY)}</div></article>"
    )
    html = page(article)
    assert LEAD not in trafilatura_text(html, URL)  # trafilatura reads the body's container only
    body, warnings = generic(html)
    assert body == [LEAD, *LONG_STORY]  # the caption, which both others keep too, is left out
    assert warnings == []


def test_the_lead_is_what_justext_agrees_on_and_justext_is_asked_only_when_there_is_a_lead_to_vote_on() -> None:
    body = "\n".join(LONG_STORY)
    asked: list[int] = []

    def justext_saying(paragraphs: list[str]) -> Callable[[], list[str]]:
        def read() -> list[str]:
            asked.append(1)
            return paragraphs

        return read

    readability = "\n".join([CAPTION, LEAD, *LONG_STORY])
    assert lead_paragraphs(body, readability, justext_saying([LEAD, *LONG_STORY])) == [LEAD]
    assert lead_paragraphs(body, readability, justext_saying(LONG_STORY)) == []  # jusText disagrees: no lead
    assert len(asked) == 2
    assert lead_paragraphs(body, "\n".join(LONG_STORY), justext_saying([LEAD])) == []  # nothing before the body
    assert lead_paragraphs(body, f"{LEAD}\n{CAPTION}", justext_saying([LEAD])) == []  # not the same article
    assert len(asked) == 2
