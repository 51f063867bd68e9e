"""Generate the benchmark's local JS-heavy news site, and what each page must give to count as complete.

Every page is an article whose content is injected 300 ms after it starts, with ~20 images, a web
font, a lazy video embed below the fold, a tracker that cannot load, and boilerplate. Half of them
(the odd ones) also have a lazy loader that defers its work, one of three mechanisms:

- ``embed deferred``: the embed's IntersectionObserver callback waits ``delay`` ms, fetches the
  player's config (answered after ``latency`` ms), then inserts the iframe;
- ``list deferred``: a list of stories below the embed, with a sentinel after it; each time the
  sentinel comes into view, the loader waits ``delay`` ms, fetches more stories (``latency`` ms) and
  appends them, twice;
- ``body after load``: only the article's first paragraph comes at 300 ms; the rest comes ``delay``
  ms after the load event, fetched with ``latency`` ms.

``(delay, latency)`` is drawn per page from the matrix (``DELAYS_MS`` x ``LATENCIES_MS``) by the
page's number (``mechanism_of``), so a site of N pages is the same every time. Each insertion of
content records its moment in the page's DOM: ``data-last-content`` (``performance.now()``) and
``data-last-content-at`` (``Date.now()``, wall-clock ms) on ``<html>``.

``build`` returns a ``BenchPage`` per page: what it must yield (title, paragraphs, embed URL, list
items) and the floor's hand-written steps for it, which know its timing. Only the benchmark's own
scripts (the floor and the peers) use the steps; extractor gets the selector file alone.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

IMAGES_PER_PAGE = 20
PARAGRAPHS = 8
BODY_AT_MS = 300  # the article's content comes this long after the page's script starts
DELAYS_MS = (0, 100, 250, 500, 1000, 1500)  # a deferred loader waits this long before inserting
LATENCIES_MS = (0, 300, 800)  # and its data call is answered this long after it is made
LIST_FIRST = 10  # stories in the page as served
LIST_MORE = 10  # stories each load of the list adds
LIST_ROUNDS = 2  # loads of the list, one each time its sentinel comes into view
MARGIN_MS = 5000  # the floor's timeout for a deferred wait: the page's known timing plus this
# How the floor and the peers wait for a selector: checked at every animation frame, so the wait ends
# within a frame of the insertion. (Playwright's ``wait_for_selector`` polls at 20, 50, 100, 100 ms and
# then every 500 ms: it found deferred content 250-500 ms after it came.)
PRESENT = "selector => document.querySelector(selector) !== null"

PLAIN = "plain"
EMBED_DEFERRED = "embed deferred"
LIST_DEFERRED = "list deferred"
BODY_AFTER_LOAD = "body after load"
DEFERRED = (EMBED_DEFERRED, LIST_DEFERRED, BODY_AFTER_LOAD)
MECHANISMS = (PLAIN, *DEFERRED)

SELECTORS = """\
site: bench
match: ["127.0.0.1*/article/*"]
render:
  wait_for: "article .body p"
fields:
  title: {css: "article h1", required: true}
  author: "article .byline"
  published: {css: "article time", attr: datetime, type: datetime}
  body: {css: "article .body p", multiple: true, required: true}
  video: {css: ".video-slot iframe", attr: src, type: url}
  items: {css: ".items li", multiple: true}
  # the benchmark's instrument, not content: the page's own record of its last insertion (Date.now())
  last_content: {css: "html", attr: data-last-content-at, type: float}
"""

# What the floor and the peers read from the page's final DOM, with parsel: (CSS, every match or the first).
FIELDS_CSS: dict[str, tuple[str, bool]] = {
    "title": ("article h1::text", False),
    "body": ("article .body p::text", True),
    "video": (".video-slot iframe::attr(src)", False),
    "items": (".items li::text", True),
    "last_content": ("html::attr(data-last-content-at)", False),
}


def read_fields(css: Callable[[str], list[str]]) -> dict[str, Any]:
    """The fields of ``FIELDS_CSS``, given ``css(expression)``: every string that expression selects."""
    fields: dict[str, Any] = {}
    for name, (expression, multiple) in FIELDS_CSS.items():
        values = css(expression)
        fields[name] = values if multiple else next(iter(values), None)
    return fields


def _text(value: object) -> str:
    return " ".join(str(value).split())


@dataclass(frozen=True)
class Step:
    """One step of the floor's hand-written script: wait for a selector, or scroll an element into view."""

    action: str  # "wait" (until the selector matches, see PRESENT) or "scroll"
    selector: str
    timeout_ms: float = 0.0  # for "wait": the page's known timing plus MARGIN_MS

    def to_json(self) -> list[object]:
        return [self.action, self.selector, self.timeout_ms]


@dataclass(frozen=True)
class BenchPage:
    """One generated page: what it must yield to count as complete, and the floor's steps for it."""

    path: str
    mechanism: str
    delay_ms: int
    latency_ms: int
    title: str
    body: tuple[str, ...]
    video: str
    items: tuple[str, ...]
    steps: tuple[Step, ...]

    def missing(self, fields: Mapping[str, Any]) -> list[str]:
        """What ``fields`` (title, body, video, items) lack of this page's content; empty when complete."""
        missing = []
        if _text(fields.get("title") or "") != self.title:
            missing.append("title")
        if [_text(p) for p in fields.get("body") or []] != list(self.body):
            missing.append("body")
        if (fields.get("video") or "") != self.video:
            missing.append("embed")
        if [_text(item) for item in fields.get("items") or []] != list(self.items):
            missing.append("items")
        return missing


_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Article {n}</title>
<link rel="icon" href="data:,">
<style>@font-face {{ font-family: Bench; src: url(/static/bench.woff2) format("woff2"); }}
body {{ font-family: Bench, sans-serif; margin: 0 auto; max-width: 900px; }}
.gallery img {{ width: 200px; height: 120px; display: inline-block; }}
.filler {{ height: 2400px; background: linear-gradient(#fff, #eee); }}
.sentinel {{ height: 1px; }}</style>
<script async src="https://www.googletagmanager.com/gtm.js?id=GTM-BENCH"></script></head><body>
<div class="promo">Read with fewer ads, click here</div>
<nav>All Channels NEWS MARKET TECH LIFESTYLE</nav>
<main id="main"><p class="loading">Loading…</p></main>
<div class="gallery">{images}</div>
<div class="filler"></div>
<div class="video-slot"{slot} data-title="Clip {n}"></div>
{listing}
<footer>© 2024 Bench Media. All rights reserved.</footer>
<script>
const DATA = {data};
const PAGE = {page};
const mark = () => {{  // the moment content was last inserted, for the benchmark
  document.documentElement.dataset.lastContent = performance.now().toFixed(1);
  document.documentElement.dataset.lastContentAt = String(Date.now());
}};
const later = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const fetchData = (path) => fetch(`${{path}}?delay=${{PAGE.latency}}`).then((response) => response.json());
const paragraphs = (texts) => texts.map((p) => `<p>${{p}}</p>`).join("");
const shown = later({body_at}).then(() => {{
  const main = document.getElementById("main");
  main.innerHTML = `<article><h1>${{DATA.title}}</h1><div class="byline">${{DATA.author}}</div>
    <time datetime="${{DATA.published}}">${{DATA.published}}</time>
    <div class="body">${{paragraphs(DATA.body)}}</div></article>`;
  mark();
}});
const slot = document.querySelector(".video-slot");
new IntersectionObserver(async (entries, observer) => {{
  if (!entries.some(e => e.isIntersecting)) return;
  observer.disconnect();
  let src = slot.dataset.src;
  if (PAGE.mechanism === "{embed_deferred}") {{
    await later(PAGE.delay);
    src = (await fetchData(`/api/embed/${{PAGE.n}}.json`)).src;
  }}
  const frame = document.createElement("iframe");
  frame.src = src; frame.title = slot.dataset.title;
  slot.appendChild(frame);
  mark();
}}).observe(slot);
if (PAGE.mechanism === "{list_deferred}") {{
  const list = document.querySelector(".items"), sentinel = document.querySelector(".sentinel");
  let round = 0;
  const more = new IntersectionObserver(async (entries) => {{
    if (!entries.some(e => e.isIntersecting)) return;
    more.unobserve(sentinel);
    await later(PAGE.delay);
    const stories = await fetchData(`/api/items/${{PAGE.n}}-${{round}}.json`);
    list.insertAdjacentHTML("beforeend", stories.map((s) => `<li>${{s}}</li>`).join(""));
    mark();
    round += 1;
    if (round < {rounds}) more.observe(sentinel);  // told at once whether it is still in view
  }});
  more.observe(sentinel);
}}
if (PAGE.mechanism === "{body_after_load}") {{
  window.addEventListener("load", async () => {{
    await later(PAGE.delay);
    const rest = await fetchData(`/api/body/${{PAGE.n}}.json`);
    await shown;  // the load event may come before the article does
    document.querySelector("article .body").insertAdjacentHTML("beforeend", paragraphs(rest));
    mark();
  }});
}}
</script></body></html>"""
_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="120">'
    '<rect width="200" height="120" fill="#8ab"/></svg>'
)


def mechanism_of(n: int) -> tuple[str, int, int]:
    """Page ``n``'s mechanism and its (delay, latency) in ms: even pages are plain, odd ones deferred.

    The deferred pages take the mechanisms in turn, and each mechanism's pages walk the whole matrix:
    its 18 first pages have the 18 pairs. The delays go by a stride (and start apart for each
    mechanism), so that a short run has short and long ones alike.
    """
    if n % 2 == 0:
        return PLAIN, 0, 0
    mechanism, turn = (n // 2) % len(DEFERRED), (n // 2) // len(DEFERRED)
    delay = DELAYS_MS[(5 * turn + 2 * mechanism) % len(DELAYS_MS)]
    latency = LATENCIES_MS[(turn + turn // len(DELAYS_MS) + mechanism) % len(LATENCIES_MS)]
    return DEFERRED[mechanism], delay, latency


def floor_steps(mechanism: str, delay_ms: int, latency_ms: int) -> tuple[Step, ...]:
    """The floor's script for a page: the least that gets its content, knowing where and when it comes."""
    known = delay_ms + latency_ms + MARGIN_MS
    steps = [Step("wait", "article .body p", MARGIN_MS), Step("scroll", ".video-slot")]
    steps.append(Step("wait", ".video-slot iframe", known if mechanism == EMBED_DEFERRED else MARGIN_MS))
    if mechanism == LIST_DEFERRED:
        for round_ in range(1, LIST_ROUNDS + 1):
            steps.append(Step("scroll", ".sentinel"))
            steps.append(Step("wait", f".items li:nth-child({LIST_FIRST + round_ * LIST_MORE})", known))
    if mechanism == BODY_AFTER_LOAD:
        steps.append(Step("wait", f"article .body p:nth-child({PARAGRAPHS})", known))
    return tuple(steps)


def build(root: Path, pages: int) -> list[BenchPage]:
    """Write the site under ``root``; returns its pages, in order."""
    (root / "static").mkdir(parents=True, exist_ok=True)
    (root / "static" / "photo.svg").write_text(_SVG)
    (root / "static" / "bench.woff2").write_bytes(b"wOF2" + bytes(2048))
    api = root / "api"
    for kind in ("embed", "items", "body"):
        (api / kind).mkdir(parents=True, exist_ok=True)
    built = []
    for n in range(pages):
        mechanism, delay_ms, latency_ms = mechanism_of(n)
        title = f"Benchmark article number {n}"
        body = [f"Paragraph {i} of article {n}: " + "lorem ipsum dolor sit amet " * 8 for i in range(PARAGRAPHS)]
        video = f"https://www.youtube.com/embed/bench{n}"
        items = [f"Story {i} of list {n}" for i in range(LIST_FIRST + LIST_ROUNDS * LIST_MORE)]
        data = {
            "title": title,
            "author": f"Reporter {n % 7}",
            "published": f"2024-12-{1 + n % 28:02d}T10:00:00+07:00",
            "body": body[:1] if mechanism == BODY_AFTER_LOAD else body,
        }
        listing = ""
        if mechanism == LIST_DEFERRED:
            first = "".join(f"<li>{item}</li>" for item in items[:LIST_FIRST])
            listing = f'<section class="stories"><h2>More stories</h2><ul class="items">{first}</ul>'
            listing += '<div class="sentinel"></div></section>'
            for round_ in range(LIST_ROUNDS):
                start = LIST_FIRST + round_ * LIST_MORE
                (api / "items" / f"{n}-{round_}.json").write_text(json.dumps(items[start : start + LIST_MORE]))
        if mechanism == EMBED_DEFERRED:
            (api / "embed" / f"{n}.json").write_text(json.dumps({"src": video}))
        if mechanism == BODY_AFTER_LOAD:
            (api / "body" / f"{n}.json").write_text(json.dumps(body[1:]))
        page = {"n": n, "mechanism": mechanism, "delay": delay_ms, "latency": latency_ms}
        images = "".join(f'<img src="/static/photo.svg?p={n}&i={i}" alt="">' for i in range(IMAGES_PER_PAGE))
        html = _PAGE.format(
            n=n,
            images=images,
            slot="" if mechanism == EMBED_DEFERRED else f' data-src="{video}"',
            listing=listing,
            data=json.dumps(data),
            page=json.dumps(page),
            body_at=BODY_AT_MS,
            rounds=LIST_ROUNDS,
            embed_deferred=EMBED_DEFERRED,
            list_deferred=LIST_DEFERRED,
            body_after_load=BODY_AFTER_LOAD,
        )
        folder = root / "article" / str(n)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.html").write_text(html)
        built.append(
            BenchPage(
                path=f"/article/{n}/",
                mechanism=mechanism,
                delay_ms=delay_ms,
                latency_ms=latency_ms,
                title=title,
                body=tuple(_text(p) for p in body),
                video=video,
                items=tuple(items) if mechanism == LIST_DEFERRED else (),
                steps=floor_steps(mechanism, delay_ms, latency_ms),
            )
        )
    return built
