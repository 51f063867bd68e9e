"""Measure `suggest` + `extract` on real saved pages with ground truth, against trafilatura.

    .venv/bin/python bench/suggest_bench.py PATH/TO/mozilla-readability [--concurrency 4] [--limit N]

PATH holds `test-pages/<name>/{source.html, expected.html, expected-metadata.json}` (the corpus is
not part of this project). Each page is served on 127.0.0.1 and rendered in Chromium; `suggest`
drafts a selector file from the rendered DOM and `extract` reads the page with it. trafilatura's own
extraction of the same saved HTML is the anchor.

Scores: title right = token F1 >= 0.9 with the expected title, or with the expected title without a
name of at most 6 words set off at its start or end by a title separator ("Story - Site", "Site |
Story": Readability keeps <title> whole where the draft drops the site's name); author right = token
F1 >= 0.8 with the expected byline (pages that have one), both read as names: a leading "By", dates,
times and numbers are not part of the name ("By Nathan Willis March 25, 2015" is "Nathan Willis"); a
page whose expected byline holds no name at all ("Last Updated: January 7, 2025") has no author to
find, and is listed instead of counted;
date right = same calendar day (pages that have one); body = bag-of-words token F1 against
expected.html. The strict title and author figures (plain token F1) are printed below the table.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from parsel import Selector

from extractor.browser import Browser, render
from extractor.demo.server import serve
from extractor.extract import extract
from extractor.extract.text import node_text
from extractor.sites import RenderSpec
from extractor.suggest import build_draft, detect

TOKEN = re.compile(r"\w+", re.UNICODE)


def tokens(text: str | None) -> Counter[str]:
    return Counter(token.lower() for token in TOKEN.findall(text or ""))


def f1(found: str | None, expected: str | None) -> float:
    got, want = tokens(found), tokens(expected)
    if not got or not want:
        return 0.0
    overlap = sum((got & want).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(got.values()), overlap / sum(want.values())
    return 2 * precision * recall / (precision + recall)


# What sets a site's, section's or author's name off a title (as extractor.suggest.title cuts titles).
TITLE_SEPARATOR = re.compile(r"\s+(?:[|\-\u2013\u2014\u00b7\u2022/\u00bb@]|::)\s+|\s*::\s*$|_(?=\S)|\s+(?=[\[\uff08(])")
MAX_NAME_WORDS = 6
MONTHS = {
    *["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"],
    *[
        "january",
        "february",
        "march",
        "april",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ],
}
NOT_NAME = {"by", "par", "von", "por", "door", "oleh", "updated", "published", "posted", "last", "at", "on", "am", "pm"}


def title_right(found: str | None, expected: str) -> bool:
    """Token F1 >= 0.9 with the expected title, or with it without a site's name at its start or end."""
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


def same_day(found: str | None, expected: str | None) -> bool:
    return bool(found) and bool(expected) and str(found)[:10] == str(expected)[:10]


@dataclass
class Score:
    name: str
    pages: int = 0
    title: int = 0
    title_strict: int = 0
    author_strict: int = 0
    author: int = 0
    author_pages: int = 0
    date: int = 0
    date_pages: int = 0
    body: list[float] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    nameless: list[str] = field(default_factory=list)
    per_page: dict[str, dict[str, Any]] = field(default_factory=dict)

    def add(self, page: str, meta: dict[str, Any], body_expected: str, got: dict[str, Any]) -> None:
        self.pages += 1
        title_ok = title_right(got.get("title"), meta["title"]) if meta.get("title") else True
        self.title += title_ok
        self.title_strict += f1(got.get("title"), meta.get("title")) >= 0.9 if meta.get("title") else True
        row: dict[str, Any] = {"title": title_ok}
        if not title_ok:
            row["title_found"], row["title_expected"] = got.get("title"), meta["title"]
        if meta.get("byline") and not name_words(meta["byline"]):
            self.nameless.append(page)  # the expected "byline" is only a date: no author to find
        elif meta.get("byline"):
            self.author_pages += 1
            ok = author_right(got.get("author"), meta["byline"])
            self.author += ok
            self.author_strict += f1(got.get("author"), meta["byline"]) >= 0.8
            row["author"] = ok
            if not ok:
                row["author_found"], row["author_expected"] = got.get("author"), meta["byline"]
        if meta.get("publishedTime"):
            self.date_pages += 1
            ok = same_day(got.get("published"), meta["publishedTime"])
            self.date += ok
            row["date"] = ok
            if not ok:
                row["date_found"], row["date_expected"] = str(got.get("published")), meta["publishedTime"]
        body = got.get("body")
        score = f1(" ".join(body) if isinstance(body, list) else body, body_expected)
        self.body.append(score)
        row["body_f1"] = round(score, 3)
        self.per_page[page] = row

    def line(self) -> str:
        mean = sum(self.body) / len(self.body) if self.body else 0.0
        return (
            f"| {self.name} | {self.pages} | {self.title / max(1, self.pages):.1%} | "
            f"{self.author}/{self.author_pages} = {self.author / max(1, self.author_pages):.1%} | "
            f"{self.date}/{self.date_pages} = {self.date / max(1, self.date_pages):.1%} | "
            f"{mean:.3f} | {len(self.failed)} |"
        )


def trafilatura_fields(html: str, url: str) -> dict[str, Any]:
    import trafilatura

    document = trafilatura.bare_extraction(html, url=url, with_metadata=True)
    if document is None:
        return {}
    data = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    return {
        "title": data.get("title"),
        "author": data.get("author"),
        "published": data.get("date"),
        "body": data.get("text"),
    }


async def ours(browser: Browser, url: str) -> tuple[dict[str, Any], list[str]]:
    """The fields the draft reads, and the page errors of the render (a timeout leaves a partial page)."""
    snapshot = await render(browser, url, RenderSpec(timeout=20, block=["image", "media", "font"]))
    draft = build_draft(detect(snapshot.html, snapshot.final_url), snapshot.final_url)
    problems = [f"{issue.kind}: {issue.message[:120]}" for issue in snapshot.issues if issue.is_page_error]
    return extract(snapshot, draft.to_site()).data, problems


async def main(arguments: argparse.Namespace) -> int:
    root = Path(arguments.corpus) / "test-pages"
    pages = sorted(path.name for path in root.iterdir() if (path / "source.html").exists())[: arguments.limit]
    extractor_score, anchor_score = Score("extractor suggest+extract"), Score("trafilatura (anchor)")
    started = time.monotonic()
    with serve(root) as base:
        async with Browser() as browser:
            gate = asyncio.Semaphore(arguments.concurrency)

            async def one(page: str) -> None:
                folder = root / page
                meta = json.loads((folder / "expected-metadata.json").read_text(encoding="utf-8"))
                expected_body = node_text(Selector(text=(folder / "expected.html").read_text(encoding="utf-8")))
                source = (folder / "source.html").read_text(encoding="utf-8", errors="replace")
                url = f"{base}/{page}/source.html"
                anchor_score.add(page, meta, expected_body, trafilatura_fields(source, url))
                async with gate:
                    try:
                        got, problems = await ours(browser, url)
                    except Exception as error:  # noqa: BLE001 - a benchmark counts failures, it does not stop
                        got, problems = {}, [f"{type(error).__name__}: {str(error)[:120]}"]
                    # a render that ended in a page error (timeout) is a failure too, scored on what it read
                    if problems:
                        extractor_score.failed.append(f"{page}: {'; '.join(problems)}")
                extractor_score.add(page, meta, expected_body, got)

            await asyncio.gather(*(one(page) for page in pages))
    print(f"{len(pages)} pages in {time.monotonic() - started:.0f} s", file=sys.stderr)
    print("| tool | pages | title right | author right | date right | body F1 (mean) | failed |")
    print("|---|---|---|---|---|---|---|")
    print(extractor_score.line())
    print(anchor_score.line())
    for score in (extractor_score, anchor_score):
        authors = f"{score.author_strict}/{score.author_pages} = {score.author_strict / max(1, score.author_pages):.1%}"
        print(f"strict scoring, {score.name}: title {score.title_strict / max(1, score.pages):.1%}, author {authors}")
    worst = sorted(extractor_score.per_page.items(), key=lambda item: item[1]["body_f1"])[:10]
    print("\nworst body F1 (extractor vs trafilatura):")
    for page, row in worst:
        print(f"- {page}: {row['body_f1']} vs {anchor_score.per_page[page]['body_f1']}; {row}")
    for label, key in (("title", "title"), ("author", "author"), ("date", "date")):
        wrong = [page for page, row in extractor_score.per_page.items() if row.get(key) is False]
        print(f"{label} wrong on: {', '.join(wrong) or 'none'}")
    if extractor_score.nameless:
        print(f"not counted for author (the expected byline is only a date): {', '.join(extractor_score.nameless)}")
    for failure in extractor_score.failed:
        print(f"FAILED {failure}")
    if arguments.json:
        Path(arguments.json).write_text(
            json.dumps({"extractor": extractor_score.per_page, "trafilatura": anchor_score.per_page}, indent=1)
        )
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", help="folder holding test-pages/ (e.g. ../shared/corpora/mozilla-readability)")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument(
        "--json", help="also write per-page scores (for wrong fields, what was found and expected) to this file"
    )
    sys.exit(asyncio.run(main(parser.parse_args())))
