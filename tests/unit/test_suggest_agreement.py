"""The body's lines that Readability and jusText both leave out, when Readability reads the same article,
are dropped; with no such agreement the body stays whole (``extractor.suggest.agreement``)."""

from __future__ import annotations

from extractor.models import Snapshot
from extractor.suggest.agreement import Reading, backed_paragraphs
from extractor.suggest.generic import extract_generic

STORY = [
    "The council approved the new budget after a long debate on Tuesday evening, by nine votes to four.",
    "Residents had asked for more money for parks, libraries and the bus network in the outer districts.",
    "The mayor said the plan would be reviewed again before the summer holidays, once the audit is in.",
    "Opposition members called the spending on the new town hall wasteful and promised to fight it.",
]
STAMP = "Last modified 14.02.2019"
RELATED = "Related posts"


class Asked:
    """A jusText reading that counts how often it is asked for."""

    def __init__(self, paragraphs: list[str]) -> None:
        self.paragraphs, self.calls = paragraphs, 0

    def __call__(self) -> list[str]:
        self.calls += 1
        return self.paragraphs


def test_a_line_neither_other_reading_holds_is_dropped_when_readability_reads_the_same_article() -> None:
    justext = Asked(STORY)
    body = [*STORY[:2], RELATED, *STORY[2:], STAMP]
    assert backed_paragraphs(body, "\n".join(STORY), justext) == STORY
    assert justext.calls == 1


def test_a_line_that_justext_keeps_stays_though_readability_left_it_out() -> None:
    body = [*STORY, STAMP]
    assert backed_paragraphs(body, "\n".join(STORY), Asked([*STORY, STAMP])) == body


def test_nothing_is_dropped_and_justext_is_not_asked_when_readability_reads_another_article_or_none() -> None:
    body = [*STORY, STAMP]
    justext = Asked([])
    other = "A recipe for lemon cake: butter, sugar, four eggs and the zest of two lemons, baked for an hour."
    assert backed_paragraphs(body, other, justext) == body
    assert backed_paragraphs(body, "", justext) == body
    assert backed_paragraphs(STORY, "\n".join(STORY), justext) == STORY  # every line held: no question
    assert justext.calls == 0


def test_a_short_line_is_held_only_word_for_word_and_unspaced_text_by_its_characters() -> None:
    reading = Reading("Links\nThe council approved the budget.\n蔡健雅的新专辑在台北发布\uff0c歌迷们排队购买。")
    assert reading.holds("Links", 0.5)
    assert not reading.holds("Images", 0.5)
    # the same sentence, its punctuation different: as \w+ "words" the two share nothing
    assert reading.holds("蔡健雅的新专辑在台北发布。歌迷们排队购买\uff01", 0.5)
    assert not reading.holds("今天的天气很好\uff0c我们去公园散步吧。", 0.5)


def test_zero_config_keeps_a_repeated_lone_paragraph_of_the_article() -> None:
    paragraph = " ".join(STORY)
    html = (
        "<html><head><title>Council approves budget</title></head><body><nav><a href='/'>Home</a></nav>"
        f"<article><h1>Council approves budget</h1><p>{paragraph}</p><p>{paragraph}</p></article></body></html>"
    )
    url = "https://news.example.org/2024/05/02/council-budget"
    body = extract_generic(Snapshot(url=url, final_url=url, html=html)).data["body"]
    assert body == [paragraph, paragraph]  # trafilatura keeps a repeated paragraph once
