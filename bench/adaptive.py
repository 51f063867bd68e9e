"""Benchmark adaptive rendering (``render.browser: auto``) against rendering every page, in one run.

    .venv/bin/python bench/adaptive.py [--pages 60] [--concurrency 4] [--rounds 2] [--runs served,state,scripted,mixed]

Three sites on 127.0.0.1. **served**: articles whose fields are all in the HTML the server sends
(title, byline, date, 8 paragraphs, a video iframe). **state**: a single-page app whose HTML is a
loading shell and an embedded ``window.__INITIAL_STATE__``, from which its script draws the article;
its file reads the fields with ``state:``. **scripted**: the JS-heavy articles of ``make bench``
(``benchsite.py``: content injected after load, lazy embeds, deferred lists), whose selector file
waits for its body (``wait_for``), so ``auto`` renders them from the first page. Each round runs
``run_batch`` (the code behind ``extractor batch``) over the same URLs with every page rendered
(``always``) and with ``auto``, taking turns who goes first, with the browser launched before the
clock starts: over each site alone, and **mixed**: half the pages from the two sites HTTP can read
(half of each), half scripted. A page counts as complete when its fields are what the generator
wrote; "same as always" when its data equals the rendered run's (the scripted pages' instrument
field excepted).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from benchsite import SELECTORS, build

from extractor.batch import BatchOptions, run_batch
from extractor.batch.adaptive import AdaptiveRendering
from extractor.batch.pool import BrowserPool
from extractor.demo.server import serve
from extractor.models import Result
from extractor.sites import Site, parse_site

SERVED = """\
site: served
match: ["127.0.0.1*/served/*"]
fields:
  title: {css: "article h1", required: true}
  author: "article .byline"
  published: {css: "article time", attr: datetime, type: datetime}
  body: {css: "article .body p", multiple: true, required: true}
  video: {css: ".video-slot iframe", attr: src, type: url}
"""
STATE = """\
site: state
match: ["127.0.0.1*/state/*"]
fields:
  title: {state: __INITIAL_STATE__.article.title, required: true}
  author: {state: __INITIAL_STATE__.article.author}
  published: {state: __INITIAL_STATE__.article.published, type: datetime}
  body: {state: __INITIAL_STATE__.article.paragraphs, multiple: true, required: true}
"""
APP = """document.addEventListener("DOMContentLoaded", () => {
  const a = window.__INITIAL_STATE__.article;
  setTimeout(() => {
    document.getElementById("app").innerHTML = "<article><h1></h1><p class=byline></p><div class=body></div></article>";
    document.querySelector("h1").textContent = a.title;
    document.querySelector(".byline").textContent = a.author;
    for (const text of a.paragraphs) {
      const p = document.createElement("p"); p.textContent = text; document.querySelector(".body").append(p);
    }
  }, 200);
});"""
INSTRUMENT = "last_content"  # the scripted pages' record of their last insertion: a time, not content


def write_page(root: Path, kind: str, n: int, html: str) -> str:
    """Write page ``n`` of site ``kind`` under ``root``; returns its path on the server."""
    folder = root / kind / str(n)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.html").write_text(html)
    return f"/{kind}/{n}/"


def build_served(root: Path, pages: int) -> dict[str, dict[str, Any]]:
    """Write the served site's pages under ``root / "served"``; returns each path's expected data."""
    expected = {}
    for n in range(pages):
        title, author = f"Served article number {n}", f"Reporter {n % 7}"
        published = f"2024-12-{1 + n % 28:02d}T10:00:00+07:00"
        body = [f"Paragraph {i} of served article {n}: " + "lorem ipsum dolor sit amet " * 8 for i in range(8)]
        video = f"https://www.youtube.com/embed/served{n}"
        paragraphs = "".join(f"<p>{text}</p>" for text in body)
        html = (
            f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">'
            f"<title>{title}</title></head><body><header><nav>Home · World · Business</nav></header>"
            f'<article><h1>{title}</h1><p class="byline">{author}</p><time datetime="{published}">1 Dec</time>'
            f'<div class="body">{paragraphs}</div><div class="video-slot"><iframe src="{video}"></iframe></div>'
            f"</article><footer>© Served News</footer></body></html>"
        )
        expected[write_page(root, "served", n, html)] = {
            "title": title, "author": author, "published": published,
            "body": [" ".join(text.split()) for text in body], "video": video,
        }  # fmt: skip
    return expected


def build_state(root: Path, pages: int) -> dict[str, dict[str, Any]]:
    """Write the state site's pages under ``root / "state"``; returns each path's expected data."""
    (root / "state").mkdir(parents=True, exist_ok=True)
    (root / "state" / "app.js").write_text(APP)
    expected = {}
    for n in range(pages):
        article = {
            "title": f"Stateful article number {n}", "author": f"Writer {n % 5}",
            "published": f"2024-11-{1 + n % 28:02d}T08:30:00+07:00",
            "paragraphs": [f"Paragraph {i} of stateful article {n}: " + "consectetur adipiscing elit " * 8
                           for i in range(8)],
        }  # fmt: skip
        html = (
            f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">'
            f"<title>{article['title']}</title><script>window.__INITIAL_STATE__ = "
            f'{json.dumps({"article": article})};</script><script src="/state/app.js"></script></head>'
            f'<body><header><nav>Home · Markets</nav></header><div id="app">Loading…</div></body></html>'
        )
        body = [" ".join(text.split()) for text in article.pop("paragraphs")]
        expected[write_page(root, kind="state", n=n, html=html)] = {**article, "body": body}
    return expected


async def batch(
    urls: list[str], sites: dict[str, Site], adaptive: bool, concurrency: int
) -> tuple[float, list[Result], list[str]]:
    """One batch: its seconds (the browser already up), its results, and auto's per-site lines."""
    pool = BrowserPool()
    async with pool.lease():
        pass
    learning = AdaptiveRendering() if adaptive else None
    results: list[Result] = []
    options = BatchOptions(concurrency=concurrency, retries=0, adaptive=learning)
    started = time.monotonic()
    try:
        await run_batch(urls, lambda url: sites[urlsplit(url).path.split("/")[1]], options, results.append, pool=pool)
    finally:
        took = time.monotonic() - started
        await pool.close()
    return took, results, learning.summary() if learning else []


def content(result: Result) -> dict[str, Any]:
    return {key: value for key, value in result.data.items() if key != INSTRUMENT}


async def main(arguments: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        scripted = {page.path: page for page in build(root, arguments.pages)}
        served = build_served(root, arguments.pages) | build_state(root, arguments.pages)
        sites = {"article": parse_site(SELECTORS), "served": parse_site(SERVED), "state": parse_site(STATE)}
        with serve(root) as base:
            halves = {
                kind: [base + path for path in served if path.startswith(f"/{kind}/")] for kind in ("served", "state")
            }
            halves["scripted"] = [base + path for path in scripted]
            half = arguments.pages // 2
            pairs = zip(halves["served"][:half], halves["state"][:half], strict=True)
            readable = [url for pair in pairs for url in pair]
            halves["mixed"] = [url for pair in zip(readable, halves["scripted"], strict=False) for url in pair]
            rows = []
            for name, urls in halves.items():
                if name not in arguments.runs.split(","):
                    continue
                seconds: dict[str, list[float]] = {"always": [], "auto": []}
                complete = {"always": 0, "auto": 0}
                same = fetched = 0
                lines: list[str] = []
                for round_ in range(arguments.rounds):
                    outcome: dict[str, list[Result]] = {}
                    for mode in ("always", "auto") if round_ % 2 == 0 else ("auto", "always"):
                        took, results, summary = await batch(urls, sites, mode == "auto", arguments.concurrency)
                        seconds[mode].append(took)
                        outcome[mode] = results
                        lines = summary or lines
                        for result in results:
                            path = urlsplit(result.url).path
                            whole = (
                                content(result) == served[path] if path in served
                                else not scripted[path].missing(result.data) and not result.errors
                            )  # fmt: skip
                            complete[mode] += whole
                    rendered = {result.url: content(result) for result in outcome["always"]}
                    same += sum(content(result) == rendered[result.url] for result in outcome["auto"])
                    fetched += sum(result.fetched for result in outcome["auto"])
                pages = len(urls) * arguments.rounds
                always, auto = sum(seconds["always"]), sum(seconds["auto"])
                rows.append((name, pages, always, auto, complete, same, fetched, lines))
                print(f"{name}: always {always:.1f}s, auto {auto:.1f}s; " + "; ".join(lines), file=sys.stderr)
    print("| pages | n | always pages/s | auto pages/s | ratio | complete always / auto | same as always | fetched |")
    print("|---|---|---|---|---|---|---|---|")
    for name, pages, always, auto, complete, same, fetched, _ in rows:
        print(
            f"| {name} | {pages} | {pages / always:.2f} | {pages / auto:.2f} | {always / auto:.2f} | "
            f"{complete['always']}/{pages} / {complete['auto']}/{pages} | {same}/{pages} | {fetched} |"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=60, help="pages of each site")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--runs", default="served,state,scripted,mixed", help="which runs, comma-separated")
    asyncio.run(main(parser.parse_args()))
