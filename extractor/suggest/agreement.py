"""Which of the body's paragraphs the two other references back, when they read the same article.

trafilatura's blocks are the body. Inside the article's container it also keeps lines that are not
the article: a "Related posts" heading, a "Last modified" line, a caption's credit, a newsletter
box. When Readability.js reads the same article (its text and the body agree, word F1 at least
``same_article``), a paragraph of the body that neither Readability nor jusText (which judges each
paragraph alone, by length, stop words and links) holds is one of those lines, and is dropped:
two independent readings against one. When Readability reads something else, or nothing, the body
stays as it is, since there is no agreement to go by.

Measured on the saved HTML of both corpora in ``../shared/corpora`` (``bench/corpus.py --dom``,
figures in the README). Replayed on the references' texts of trafilatura-eval, the gain was the
same for ``same_article`` anywhere from 0.6 to 0.9; on pages agreeing less than 0.5, the lines the
rule would drop held 45 of the article's segments and 6 of its boilerplate's.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from extractor.suggest.body import covered, trigrams, word_agreement, words

# Scripts written without spaces between words: their "words" are whole clauses, so a paragraph is
# compared by its characters there (Chinese, Japanese, Korean).
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_SHORT = 3  # words: a shorter paragraph is held only where a reading has it word for word


@dataclass(frozen=True)
class AgreementSettings:
    """When two readings count as the same article, and how much of a paragraph a reading must hold."""

    same_article: float = 0.8  # word F1 between the body and Readability's text
    held: float = 0.5  # share of the paragraph's word triples (character triples for unspaced scripts)


class Reading:
    """One reference's text, ready to be asked whether it holds a paragraph."""

    def __init__(self, text: str) -> None:
        self.words = f" {words(text)} "
        self._word_grams = trigrams(self.words.strip())
        self._char_grams: set[str] | None = None  # made on first use: most pages have no unspaced text

    def holds(self, paragraph: str, share: float) -> bool:
        """Whether the reading has ``share`` of the paragraph (all of it, for a paragraph of a word or two)."""
        said = words(paragraph)
        if not said:
            return True
        if len(_UNSPACED.findall(said)) * 3 > len(said):
            if self._char_grams is None:
                self._char_grams = char_trigrams(self.words)
            own = char_trigrams(said)
            return len(own & self._char_grams) >= share * len(own)
        if len(said.split()) < _SHORT:
            return f" {said} " in self.words
        return covered(said, self._word_grams) >= share


def char_trigrams(text: str) -> set[str]:
    """The character triples of a text of words, spaces left out (the text itself when shorter)."""
    joined = "".join(text.split())
    return {joined[index : index + 3] for index in range(max(1, len(joined) - 2))}


def backed_paragraphs(
    paragraphs: list[str],
    readability: str,
    justext: Callable[[], list[str]],
    settings: AgreementSettings | None = None,
) -> list[str]:
    """The paragraphs, less those that neither Readability nor jusText holds when Readability reads the
    same article."""
    backed = backing(paragraphs, readability, justext, settings)
    return [paragraph for paragraph, held in zip(paragraphs, backed, strict=True) if held]


def backing(
    paragraphs: list[str],
    readability: str,
    justext: Callable[[], list[str]],
    settings: AgreementSettings | None = None,
) -> list[bool]:
    """For each paragraph, whether it stays: always, unless Readability reads the same article and
    neither it nor jusText holds the paragraph. ``justext`` is called only when Readability leaves
    a paragraph out."""
    chosen = settings or AgreementSettings()
    if not readability or word_agreement("\n".join(paragraphs), readability) < chosen.same_article:
        return [True] * len(paragraphs)
    second = Reading(readability)
    third: Reading | None = None
    backed = []
    for paragraph in paragraphs:
        held = second.holds(paragraph, chosen.held)
        if not held:
            third = third or Reading("\n".join(justext()))
            held = third.holds(paragraph, chosen.held)
        backed.append(held)
    return backed
