"""The corpora `corpus.py` reads, and how a page's fields are scored against their ground truth.

Two layouts are recognised in a folder (the corpora are not part of this project):

- Mozilla Readability's test pages: `test-pages/<name>/{source.html, expected.html,
  expected-metadata.json}`; the pages are read as UTF-8, as Readability's own tests read them;
- trafilatura's evaluation corpus: `evaldata.json` and `html/NAME.gz`; the bytes are decoded as a
  browser would (BOM, then the page's `<meta charset>`/`http-equiv`, then UTF-8, else cp1252).

Title right = token F1 >= 0.9 with the expected title, or with it less a name of at most 6 words set
off at its start or end by a title separator ("Story - Site", "Site | Story"). Author right = token
F1 >= 0.8 between the two bylines read as names: a leading "By", dates, times and numbers are not
part of the name ("By Nathan Willis March 25, 2015" is "Nathan Willis"); an expected byline that
holds no name ("Last Updated: January 7, 2025") has no author to find and is not counted. Date right
= the same calendar day. The strict figures are plain token F1 (>= 0.9 title, >= 0.8 author).

Body, Mozilla: bag-of-words token F1 and word-4-gram shingle F1 (lower-cased word tokens, as
multisets; a text of fewer than 4 words is one shingle) against the text of `expected.html`. Body,
trafilatura-eval, as its README says: with whitespace normalised, each `with` segment found is a
true positive (else a false negative), each `without` segment found a false positive (else a true
negative), at most 6 per side; precision, recall and F1 are counted over the whole corpus.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from parsel import Selector
from w3lib.encoding import html_to_unicode

from extractor.extract.text import node_text

MOZILLA, TRAFILATURA_EVAL = "mozilla-readability", "trafilatura-eval"
TOKEN = re.compile(r"\w+", re.UNICODE)
SHINGLE = 4
MAX_SEGMENTS = 6


@dataclass(frozen=True)
class Page:
    """One corpus page: where its saved HTML is, the URL it is read at, and what should be found."""

    corpus: str  # MOZILLA or TRAFILATURA_EVAL
    name: str
    url: str
    source: Path
    expected: dict[str, Any] = field(default_factory=dict)  # title, author, date; with/without segments

    def saved_bytes(self) -> bytes:
        raw = self.source.read_bytes()
        return gzip.decompress(raw) if self.source.suffix == ".gz" else raw

    def saved_html(self) -> str:
        """The saved page as text, decoded as this corpus is meant to be read."""
        raw = self.saved_bytes()
        return raw.decode("utf-8", errors="replace") if self.corpus == MOZILLA else decode_html(raw)

    def expected_body(self) -> str:
        """Mozilla: the text of expected.html (read on use: parsing it is the worker's job)."""
        html = (self.source.parent / "expected.html").read_text(encoding="utf-8")
        return node_text(Selector(text=html))


def decode_html(raw: bytes) -> str:
    """Bytes as a browser decodes them: BOM, the declared charset, else UTF-8 when valid, else cp1252."""

    def undeclared(data: bytes) -> str:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return "cp1252"
        return "utf-8"

    return html_to_unicode(None, raw, auto_detect_fun=undeclared)[1]


def load_corpus(folder: Path, limit: int | None = None) -> tuple[str, list[Page]]:
    """The corpus kind and its pages, from the folder's layout."""
    if (folder / "test-pages").is_dir():
        folder = folder / "test-pages"
    if any((child / "source.html").exists() for child in folder.iterdir() if child.is_dir()):
        pages = []
        for child in sorted(path for path in folder.iterdir() if (path / "source.html").exists()):
            meta = json.loads((child / "expected-metadata.json").read_text(encoding="utf-8"))
            expected = {"title": meta.get("title"), "author": meta.get("byline"), "date": meta.get("publishedTime")}
            url = f"http://127.0.0.1/{child.name}/source.html"
            pages.append(Page(MOZILLA, child.name, url, child / "source.html", expected))
        return MOZILLA, pages[:limit]
    if (folder / "evaldata.json").exists():
        entries = json.loads((folder / "evaldata.json").read_text(encoding="utf-8"))
        pages = [
            Page(TRAFILATURA_EVAL, item["file"], url, folder / "html" / f"{item['file']}.gz", item)
            for url, item in entries.items()
        ]  # some entries list several authors: they are read as one byline
        return TRAFILATURA_EVAL, pages[:limit]
    raise SystemExit(f"{folder}: neither test-pages/<name>/source.html nor evaldata.json + html/ found")


def tokens(text: str | None) -> Counter[str]:
    return Counter(token.lower() for token in TOKEN.findall(text or ""))


def shingles(text: str | None) -> Counter[tuple[str, ...]]:
    """Word 4-grams; a text of fewer words is one shingle of them all."""
    words = [token.lower() for token in TOKEN.findall(text or "")]
    if len(words) < SHINGLE:
        return Counter([tuple(words)] if words else [])
    return Counter(tuple(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1))


def overlap_scores(got: Counter[Any], want: Counter[Any]) -> tuple[float, float, float]:
    """Precision, recall and F1 of two multisets."""
    overlap = sum((got & want).values())
    if not overlap:
        return 0.0, 0.0, 0.0
    precision, recall = overlap / sum(got.values()), overlap / sum(want.values())
    return precision, recall, 2 * precision * recall / (precision + recall)


def f1(found: str | None, expected: str | None) -> float:
    return overlap_scores(tokens(found), tokens(expected))[2]


# What sets a site's, section's or author's name off a title (as extractor.suggest.title cuts titles).
TITLE_SEPARATOR = re.compile(r"\s+(?:[|\-\u2013\u2014\u00b7\u2022/\u00bb@]|::)\s+|\s*::\s*$|_(?=\S)|\s+(?=[\[\uff08(])")
MAX_NAME_WORDS = 6
_MONTHS = "jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june july"
MONTHS = frozenset(f"{_MONTHS} august september october november december".split())
NOT_NAME = frozenset(["by", "par", "von", "por", "door", "oleh", "updated", "published", "posted", "last"])
NOT_NAME |= {"at", "on", "am", "pm"}


def title_right(found: str | None, expected: str) -> bool:
    """Token F1 >= 0.9 with the expected title, or with it less a site's name at its start or end."""
    if f1(found, expected) >= 0.9:
        return True
    for match in TITLE_SEPARATOR.finditer(expected):
        for kept, dropped in (
            (expected[: match.start()], expected[match.end() :]),
            (expected[match.end() :], expected[: match.start()]),
        ):
            if 0 < sum(tokens(dropped).values()) <= MAX_NAME_WORDS and f1(found, kept) >= 0.9:
                return True
    return False


def name_words(byline: str | None) -> str:
    """A byline's words that can be part of a name: no "By", dates, times or numbers."""
    glued = re.sub(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])", " ", byline or "")  # "Nolan22" -> "Nolan 22"
    words = TOKEN.findall(glued.lower())
    return " ".join(word for word in words if not word.isdigit() and word not in NOT_NAME and word not in MONTHS)


def author_right(found: str | None, expected: str) -> bool:
    """Token F1 >= 0.8 between the names in the two bylines (the raw bylines when no name is left)."""
    wanted = name_words(expected)
    return f1(name_words(found), wanted) >= 0.8 if wanted else f1(found, expected) >= 0.8


def same_day(found: Any, expected: Any) -> bool:
    return bool(found) and bool(expected) and str(found)[:10] == str(expected)[:10]


def as_text(value: Any) -> str | None:
    """A field's value as one string: a list's items joined ("A; B"), None as None."""
    if isinstance(value, list):
        return "; ".join(str(item) for item in value) or None
    return None if value is None else str(value)


def norm(text: str) -> str:
    return " ".join(text.split())


def segment_counts(item: dict[str, Any], body: str) -> dict[str, Any]:
    """tp/fp/fn/tn of one trafilatura-eval page, and the segments it got wrong."""
    text = norm(body)
    wanted, unwanted = item["with"][:MAX_SEGMENTS], item["without"][:MAX_SEGMENTS]
    missed = [segment for segment in wanted if norm(segment) not in text]
    kept = [segment for segment in unwanted if norm(segment) in text]
    tp, fp = len(wanted) - len(missed), len(kept)
    return {"tp": tp, "fp": fp, "fn": len(missed), "tn": len(unwanted) - fp, "missed": missed, "kept": kept}


def score(page: Page, found: dict[str, Any], expected_body: str | None = None) -> dict[str, Any]:
    """One tool's scores on one page: body, and title/author/date right (None where not counted)."""
    body = as_text(found.get("body")) or ""
    row: dict[str, Any] = {"body_words": sum(tokens(body).values())}
    if page.corpus == MOZILLA:
        precision, recall, token_f1 = overlap_scores(tokens(body), tokens(expected_body))
        row.update(body=token_f1, token_p=precision, token_r=recall)
        row["shingle_f1"] = overlap_scores(shingles(body), shingles(expected_body))[2]
    else:
        row.update(segment_counts(page.expected, body))
        row["body"] = 2 * row["tp"] / max(1, 2 * row["tp"] + row["fp"] + row["fn"])
    want = {key: as_text(page.expected.get(key)) for key in ("title", "author", "date")}
    found = {key: as_text(value) for key, value in found.items()}
    row["title"] = title_right(found.get("title"), want["title"]) if want.get("title") else None
    row["title_strict"] = f1(found.get("title"), want["title"]) >= 0.9 if want.get("title") else None
    if want.get("author") and name_words(want["author"]):
        row["author"] = author_right(found.get("author"), want["author"])
        row["author_strict"] = f1(found.get("author"), want["author"]) >= 0.8
    else:  # no byline, or one that is only a date: no author to find
        row["author"] = row["author_strict"] = None
    row["date"] = same_day(found.get("published"), want["date"]) if want.get("date") else None
    for key in ("title", "author", "published"):
        row[f"{key}_found"] = found.get(key)
    return row
