"""Zero-config reads the page as a reader sees it: what the markup hides is left out, unless that is
most of the page, and a hidden player stays (``extractor.suggest.unseen``)."""

from __future__ import annotations

import pytest

from extractor.extract.text import node_text, parse_page
from extractor.models import Snapshot
from extractor.suggest import unseen
from extractor.suggest.generic import extract_generic
from extractor.suggest.unseen import without_unseen

STORY = [
    "The council approved the new budget after a long debate on Tuesday evening, by nine votes to four.",
    "Residents had asked for more money for parks, libraries and the bus network in the outer districts.",
    "The mayor said the plan would be reviewed again before the summer holidays, once the audit is in.",
    "Opposition members called the spending on the new town hall wasteful and promised to fight it.",
]
DRAFT = "An earlier draft of this story that the editors hid, with a paragraph no reader ever sees on the page."
URL = "https://news.example.org/2024/05/02/council-budget"


def page(article: str) -> str:
    return f"<html><head><title>Council approves budget</title></head><body><main>{article}</main></body></html>"


def text_of(html: str) -> str:
    return node_text(parse_page(html).xpath("//body")[0])


def test_hidden_elements_are_left_out_whatever_the_spelling_of_their_style() -> None:
    visible = "".join(f"<p>{text}</p>" for text in STORY)
    hidden = (
        f"<p hidden>{DRAFT}</p><div style='Display : None;'>menu</div>"
        "<section style='visibility:hidden'>popup</section><p style='display:block'>shown</p>"
    )
    seen = without_unseen(page(visible + hidden))
    assert seen is not None
    assert text_of(seen) == " ".join([*STORY, "shown"])


def test_a_hidden_player_stays_and_a_page_hiding_nothing_or_most_of_its_text_is_read_whole() -> None:
    player = "<div style='display:none'><iframe src='https://www.youtube.com/embed/abc'></iframe></div>"
    assert without_unseen(page(f"<p>{STORY[0]}</p>{player}")) is None  # nothing else is hidden
    assert without_unseen(page("".join(f"<p>{text}</p>" for text in STORY))) is None
    mostly_hidden = f"<p>{STORY[0]}</p><div style='display:none'>{''.join(f'<p>{t}</p>' for t in STORY[1:])}</div>"
    assert without_unseen(page(mostly_hidden)) is None  # its scripts show it later


def test_zero_config_body_leaves_out_a_hidden_copy_inside_the_article() -> None:
    """A repeat of a paragraph inside the article is the article's (``references.with_repeats``); a
    hidden one is not."""
    article = "".join(f"<p>{text}</p>" for text in STORY) + f"<p style='display: none'>{STORY[1]}</p>"
    html = page(f"<article><h1>Council approves budget</h1>{article}</article>")
    body = extract_generic(Snapshot(url=URL, final_url=URL, html=html)).data["body"]
    assert body == STORY


def test_only_markup_that_hides_makes_the_page_parsed_again(monkeypatch: pytest.MonkeyPatch) -> None:
    parsed: list[str] = []
    monkeypatch.setattr(unseen, "parse_page", lambda html: parsed.append(html) or parse_page(html))
    sheet = "<style>.menu { overflow: hidden; display: none } .x{visibility:hidden}</style>"
    visible = "".join(f"<p>{text}</p>" for text in STORY)
    assert without_unseen(f"<html><head>{sheet}</head><body>{visible}</body></html>") is None
    assert parsed == []  # a style sheet hides nothing by itself
    for hides in ('<div HIDDEN class="a">', "<div hidden>", "<div style='color:red; Display : None'>"):
        html = page(f"{visible}{hides}{DRAFT}</div>")
        seen = without_unseen(html)
        assert seen is not None and DRAFT not in text_of(seen), hides
