"""The lazy-loading matrix: generated test pages for every lazy-loading mechanism x delay x data latency.

Each page renders an article by script at load and, below the fold, content that only arrives through
one mechanism (IntersectionObserver, scroll listeners, polling, data-src swaps, native lazy iframes,
player scripts, infinite feeds, load-more buttons). The page's loader waits ``delay`` ms
(``setTimeout``) and then fetches a small JSON file with ``?delay=LATENCY`` from the test server.
Every insertion writes ``Date.now()`` into ``body[data-last-insert]``, so the snapshot tells when the
page last added content. ``write_matrix`` writes the pages and their data and returns one ``Case`` per
combination, with its selector file and the expected outcome; ``write_anti_cases`` writes pages that
keep changing forever and must still be read promptly. Pure Python: no browser is needed here.

Write the pages to a folder to look at them by hand::

    .venv/bin/python tests/site/matrix.py /tmp/matrix
    .venv/bin/python extractor/demo/server.py /tmp/matrix   # then open /matrix/io/d500-l300.html
"""

from __future__ import annotations

import base64
import hashlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml

DELAYS = (0, 100, 250, 500, 1000, 1500)  # ms the page's loader waits before it fetches and inserts
LATENCIES = (0, 300, 800)  # ms the server takes to answer the loader's JSON request
FEED_PAGES = 3
PAGE_SIZE = 15
FEED_IDS = tuple(f"item-{n:02d}" for n in range(1, FEED_PAGES * PAGE_SIZE + 1))
FEED_END = "End of the feed"
CLIP = "/matrix/clip.mp4"
PHOTOS = tuple(f"/matrix/img/photo-{n}.svg" for n in range(1, 5))
YOUTUBE = "https://www.youtube.com/embed/"

PARAGRAPHS = (
    "The first ferry left the new pier at six in the morning, carrying forty passengers and a crate of fresh"
    " bread for the island bakery.",
    "Dock workers who had spent six years on the project lined the quay and waved as the boat turned towards"
    " the open water.",
    "The harbour master said the opening had been planned for spring, but storms delayed the last concrete pour"
    " by three months.",
    "By noon the promenade was full of families, street vendors and a brass band that played until the rain"
    " arrived from the west.",
    "Fishermen were less enthusiastic: the new breakwater moved the best mooring spots further from the fish"
    " market than before.",
    "The council will review the timetable in January, once a full season of passenger numbers has been"
    " counted and published.",
)

Kind = Literal["embed", "video"]


@dataclass(frozen=True)
class Embed:
    """A player the page must end up with: a YouTube iframe (``embed``) or a ``<video>`` (``video``)."""

    url: str  # absolute for an iframe; root-relative (``/matrix/clip.mp4``) for a <video>
    title: str
    kind: Kind


@dataclass(frozen=True)
class Case:
    """One combination of the matrix: its page, its selector file and what a complete render holds."""

    name: str  # e.g. ``io-d500-l300``
    mechanism: str
    delay: int
    latency: int
    path: str  # root-relative URL of the page
    selectors: str  # selector-file YAML for the page
    headline: str
    paragraphs: int
    items: tuple[str, ...] = ()  # feed item ``data-id``s, in order
    embeds: tuple[Embed, ...] = ()
    photos: tuple[str, ...] = ()  # root-relative ``src`` of every lazy image, in order

    @property
    def is_feed(self) -> bool:
        """Whether the page is a feed of items (which then ends with ``p.end``)."""
        return bool(self.items)


@dataclass(frozen=True)
class AntiCase:
    """A page that never stops changing; its article must be read promptly all the same."""

    name: str
    path: str
    selectors: str
    headline: str
    paragraphs: tuple[str, ...]
    endless: bool = False  # grows whenever scrolled: the render must stop at a bound and say so


# --- page parts ------------------------------------------------------------------------------------

CSS = """
body { margin: 0; font-family: Georgia, serif; color: #222; background: #fff; }
header.masthead { padding: 14px 24px; background: #1d3557; color: #fff; font-family: Arial, sans-serif; }
main { max-width: 720px; margin: 0 auto; padding: 24px 16px; }
article h1 { font-size: 32px; line-height: 1.2; margin: 0 0 24px; }
article p { font-size: 18px; line-height: 1.7; min-height: 420px; margin: 0 0 24px; }
.slot { width: 640px; min-height: 360px; background: #eee; color: #888; }
div.video iframe, div.video video { display: block; width: 640px; height: 360px; border: 0; background: #000; }
div.video figcaption { font-size: 14px; color: #555; padding: 6px 0 24px; }
img.photo { display: block; width: 640px; height: 360px; background: #ddd; margin: 0 0 160px; }
ul.feed { list-style: none; margin: 0; padding: 0; }
li.item { height: 100px; box-sizing: border-box; margin: 0 0 8px; padding: 10px 16px; border: 1px solid #ddd; }
li.item h3 { margin: 0 0 6px; font-size: 18px; }
li.item p { margin: 0; }
.sentinel { height: 40px; }
button.more { font-size: 16px; padding: 10px 18px; margin: 16px 0; }
div.spinner { height: 40px; margin: 16px 0; color: #888; }
p.end { color: #555; padding: 16px 0; }
.slides { list-style: none; margin: 0 0 24px; padding: 0; height: 48px; overflow: hidden; }
.slides li { height: 48px; line-height: 48px; font-size: 20px; }
aside.ad { height: 120px; background: #fff3cd; margin: 12px 0; }
div.ad-block { height: 1000px; background: #fff3cd; margin: 12px 0; }
footer.site-footer { height: 300px; background: #f4f4f4; }
"""

# Shared by every page: the article, the loader's wait and fetch, and how players and items are built.
COMMON_JS = r"""
const later = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const withLatency = (url) => (CFG.latency ? url + "?delay=" + CFG.latency : url);
async function getJSON(url) {
  const response = await fetch(withLatency(url));
  if (!response.ok) throw new Error(url + " answered HTTP " + response.status);
  return response.json();
}
function inserted() { document.body.dataset.lastInsert = String(Date.now()); }
function renderArticle() {
  const story = document.getElementById("story");
  const heading = document.createElement("h1");
  heading.textContent = CFG.headline;
  story.append(heading);
  for (const text of CFG.paragraphs) {
    const paragraph = document.createElement("p");
    paragraph.textContent = text;
    story.append(paragraph);
  }
  inserted();
}
function near(element) { return element.getBoundingClientRect().top < window.innerHeight + 100; }
function inView(element) {
  const box = element.getBoundingClientRect();
  return box.top < window.innerHeight && box.bottom > 0;
}
function playerNode(config, lazy) {
  const wrapper = document.createElement("div");
  wrapper.className = "video";
  let player;
  if (config.kind === "video") {
    player = document.createElement("video");
    player.setAttribute("src", config.url);
    player.controls = true;
    player.muted = true;
    player.preload = "metadata";
  } else {
    player = document.createElement("iframe");
    if (lazy) player.setAttribute("loading", "lazy");
    player.setAttribute("src", config.url);
    player.allowFullscreen = true;
  }
  player.setAttribute("title", config.title);
  const caption = document.createElement("figcaption");
  caption.textContent = config.title;
  wrapper.append(player, caption);
  return wrapper;
}
async function fillSlot(slot, lazy) {
  await later(CFG.delay);
  const config = await getJSON(CFG.config);
  slot.replaceChildren(playerNode(config, lazy));
  slot.classList.add("loaded");
  inserted();
}
"""

# Shared by the feeds: one page of 15 items per fetch, then ``p.end`` after the last.
FEED_JS = r"""
const feed = document.getElementById("feed");
let pages = 0;
function itemNode(item) {
  const li = document.createElement("li");
  li.className = "item";
  li.dataset.id = item.id;
  const title = document.createElement("h3");
  title.textContent = item.title;
  const text = document.createElement("p");
  text.textContent = item.text;
  li.append(title, text);
  return li;
}
async function loadPage() {
  const items = await getJSON("/matrix/data/items-" + (pages + 1) + ".json");
  for (const item of items) feed.append(itemNode(item));
  pages += 1;
  inserted();
}
function finishFeed() {
  const end = document.createElement("p");
  end.className = "end";
  end.textContent = CFG.end;
  feed.after(end);
  inserted();
}
"""

SLOT = '<section class="lazy"><div class="slot" id="slot">The video loads when you get here.</div></section>'
FEED = '<section class="lazy"><h2>Latest</h2><ul class="feed" id="feed"></ul>{after}</section>'


@dataclass(frozen=True)
class _Template:
    """One mechanism: the markup below the article, its script, and what it ends up showing."""

    script: str
    markup: str = SLOT
    top: str = ""  # markup above the article
    shows: Literal["player", "photos", "feed"] = "player"
    clicks: bool = False  # a load-more page: the selector file clicks ``button.more``


_IO = """renderArticle();
const slot = document.getElementById("slot");
const observer = new IntersectionObserver((entries) => {
  if (!entries.some((entry) => entry.isIntersecting)) return;
  observer.disconnect();
  fillSlot(slot, false);
});
observer.observe(slot);
"""

_IO_MARGIN = """renderArticle();
const slot = document.getElementById("slot");
const observer = new IntersectionObserver((entries) => {
  if (!entries.some((entry) => entry.isIntersecting && entry.intersectionRatio >= 0.5)) return;
  observer.disconnect();
  fillSlot(slot, false);
}, { rootMargin: "200px", threshold: 0.5 });
observer.observe(slot);
"""

_SCROLL_CHECK = """renderArticle();
const slot = document.getElementById("slot");
let timer = null;
function check() {
  timer = null;
  if (!near(slot)) return;
  window.removeEventListener("scroll", onScroll);
  fillSlot(slot, false);
}
"""

_SCROLL_THROTTLE = (
    _SCROLL_CHECK
    + """function onScroll() {
  if (timer === null) timer = setTimeout(check, 150);  // throttled: one check 150 ms after the first event
}
window.addEventListener("scroll", onScroll, { passive: true });
"""
)

_SCROLL_DEBOUNCE = (
    _SCROLL_CHECK
    + """function onScroll() {
  clearTimeout(timer);
  timer = setTimeout(check, 200);  // debounced: one check once scrolling has paused for 200 ms
}
window.addEventListener("scroll", onScroll, { passive: true });
"""
)

_RAF_POLL = """renderArticle();
const slot = document.getElementById("slot");
let started = false;
function poll() {  // keeps running forever, like a position tracker
  if (!started && near(slot)) {
    started = true;
    fillSlot(slot, false);
  }
  requestAnimationFrame(poll);
}
requestAnimationFrame(poll);
"""

_INTERVAL_POLL = """renderArticle();
const slot = document.getElementById("slot");
let started = false;
setInterval(() => {  // never cleared
  if (!started && near(slot)) {
    started = true;
    fillSlot(slot, false);
  }
}, 250);
"""

_DATA_SRC = """renderArticle();
const observer = new IntersectionObserver((entries) => {
  for (const entry of entries) {
    if (!entry.isIntersecting) continue;
    observer.unobserve(entry.target);
    reveal(entry.target);
  }
});
async function reveal(element) {
  await later(CFG.delay);
  await getJSON(CFG.config);
  element.setAttribute("src", element.dataset.src);
  element.classList.remove("lazyload");
  element.classList.add("lazyloaded");
  inserted();
}
for (const element of document.querySelectorAll(".lazyload")) observer.observe(element);
"""
_PHOTO = '<img class="photo lazyload" data-src="{src}" alt="Harbour photo {n}" width="640" height="360">'
_DATA_SRC_TOP = _PHOTO.format(src=PHOTOS[0], n=1)  # the first one is in view at load
_DATA_SRC_MARKUP = (
    '<section class="lazy gallery">'
    + "".join(_PHOTO.format(src=src, n=n) for n, src in enumerate(PHOTOS[1:], 2))
    + '<div class="video"><iframe class="lazyload" data-src="@URL@" title="@TITLE@" allowfullscreen></iframe>'
    "<figcaption>@TITLE@</figcaption></div></section>"
)

_NATIVE_LAZY = """renderArticle();
fillSlot(document.getElementById("slot"), true);  // at load: no scrolling needed, only patience
"""

_PLAYER_SCRIPT = """renderArticle();
// a player SDK: boots when its slot is in view, reads its config, then mounts an iframe or a <video>
const slot = document.querySelector(".player-slot");
const observer = new IntersectionObserver((entries) => {
  if (!entries.some((entry) => entry.isIntersecting)) return;
  observer.disconnect();
  fillSlot(slot, false);
});
observer.observe(slot);
"""
_PLAYER_MARKUP = '<section class="lazy"><div class="slot player-slot" data-player="matrix">Player</div></section>'

_SENTINEL_FEED = """renderArticle();
const sentinel = document.getElementById("sentinel");
let loading = false;
const observer = new IntersectionObserver((entries) => {
  if (entries.some((entry) => entry.isIntersecting)) more();
});
observer.observe(sentinel);
async function more() {
  if (loading || pages >= CFG.pages) return;
  loading = true;
  await later(CFG.delay);
  await loadPage();
  loading = false;
  if (pages >= CFG.pages) {
    observer.disconnect();
    sentinel.remove();
    finishFeed();
  } else if (inView(sentinel)) {
    more();  // still in view after the batch (a tall window): the observer will not say so again
  }
}
"""

_SCROLL_FEED = """renderArticle();
let loading = false;
function nearBottom() {
  return window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 300;
}
function onScroll() { if (nearBottom()) more(); }
window.addEventListener("scroll", onScroll, { passive: true });
async function more() {
  if (loading || pages >= CFG.pages) return;
  loading = true;
  await later(CFG.delay);
  await loadPage();
  loading = false;
  if (pages >= CFG.pages) {
    window.removeEventListener("scroll", onScroll);
    finishFeed();
  }
}
"""

_LOADMORE_LATE = """renderArticle();
const button = document.createElement("button");
button.className = "more";
button.type = "button";
button.textContent = "Load more";
button.addEventListener("click", async () => {
  if (button.disabled) return;
  button.disabled = true;
  button.textContent = "Loading\u2026";
  await loadPage();
  if (pages >= CFG.pages) {
    button.remove();
    finishFeed();
  } else {
    button.disabled = false;
    button.textContent = "Load more";
  }
});
(async () => {
  await loadPage();
  await later(CFG.delay);  // the button only shows up a while after the first items
  feed.after(button);
})();
"""

_LOADMORE_SPINNER = """renderArticle();
const button = document.createElement("button");
button.className = "more";
button.type = "button";
button.textContent = "Load more";
const spinner = document.createElement("div");
spinner.className = "spinner";
spinner.textContent = "Loading\u2026";
button.addEventListener("click", async () => {
  if (button.hidden) return;
  button.hidden = true;
  button.after(spinner);
  await later(CFG.delay);  // the spinner turns for a while before the request is even made
  await loadPage();
  spinner.remove();
  if (pages >= CFG.pages) {
    button.remove();
    finishFeed();
  } else {
    button.hidden = false;
  }
});
(async () => {
  await loadPage();
  feed.after(button);
})();
"""

TEMPLATES: dict[str, _Template] = {
    "io": _Template(_IO),
    "io-margin": _Template(_IO_MARGIN),
    "scroll-throttle": _Template(_SCROLL_THROTTLE),
    "scroll-debounce": _Template(_SCROLL_DEBOUNCE),
    "raf-poll": _Template(_RAF_POLL),
    "interval-poll": _Template(_INTERVAL_POLL),
    "data-src": _Template(_DATA_SRC, _DATA_SRC_MARKUP, _DATA_SRC_TOP, shows="photos"),
    "native-lazy": _Template(_NATIVE_LAZY),
    "player-script": _Template(_PLAYER_SCRIPT, _PLAYER_MARKUP),
    "sentinel-feed": _Template(
        FEED_JS + _SENTINEL_FEED, FEED.format(after='<div class="sentinel" id="sentinel"></div>'), shows="feed"
    ),
    "scroll-feed": _Template(FEED_JS + _SCROLL_FEED, FEED.format(after=""), shows="feed"),
    "loadmore-late": _Template(FEED_JS + _LOADMORE_LATE, FEED.format(after=""), shows="feed", clicks=True),
    "loadmore-spinner": _Template(FEED_JS + _LOADMORE_SPINNER, FEED.format(after=""), shows="feed", clicks=True),
}
MECHANISMS = tuple(TEMPLATES)


def page_html(title: str, label: str, config: dict[str, Any], script: str, markup: str = "", top: str = "") -> str:
    """A complete page: masthead, ``top``, the (script-rendered) article, ``markup``, footer, scripts."""
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<link rel="icon" href="data:,">',
            f"<title>{title}</title>",
            f"<style>{CSS}</style>",
            "</head>",
            "<body>",
            f'<header class="masthead">Harbour Daily &middot; {label}</header>',
            "<main>",
            top,
            '<article id="story"></article>',
            markup,
            "</main>",
            '<footer class="site-footer">Harbour Daily, the port town paper</footer>',
            "<script>",
            '"use strict";',
            f"const CFG = {json.dumps(config)};",
            COMMON_JS,
            script,
            "</script>",
            "</body>",
            "</html>",
            "",
        ]
    )


def video_id(name: str) -> str:
    """A stable, YouTube-shaped (11 characters) video id for a case."""
    return base64.urlsafe_b64encode(hashlib.sha256(name.encode()).digest()).decode()[:11]


def selector_yaml(site: str, fields: dict[str, Any], render: dict[str, Any] | None = None) -> str:
    """The text of a selector file (``match: "*"``) with these fields and render options."""
    document: dict[str, Any] = {"site": site, "match": "*"}
    if render:
        document["render"] = render
    document["fields"] = fields
    return yaml.safe_dump(document, sort_keys=False)


ARTICLE_FIELDS: dict[str, Any] = {
    "headline": "article h1",
    "paragraphs": {"css": "article p", "multiple": True},
}
PLAYER_FIELDS: dict[str, Any] = {
    "videos": {
        "css": "div.video",
        "multiple": True,
        "fields": {
            "embed_url": {"css": "iframe", "attr": "src", "type": "url"},
            "clip_url": {"css": "video", "attr": "src", "type": "url"},
            "title": "figcaption",
        },
    }
}
LAST_INSERT_FIELD: dict[str, Any] = {"last_insert": {"css": "body", "attr": "data-last-insert", "type": "int"}}


def _fields(template: _Template) -> dict[str, Any]:
    fields = dict(ARTICLE_FIELDS)
    if template.shows == "feed":
        fields["items"] = {"css": "li.item", "attr": "data-id", "multiple": True}
        fields["end"] = "p.end"
    else:
        fields.update(PLAYER_FIELDS)
    if template.shows == "photos":
        fields["photos"] = {"css": "img.photo", "attr": "src", "multiple": True, "type": "url"}
    return fields | LAST_INSERT_FIELD


def _write(path: Path, content: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")


def _write_shared(root: Path) -> None:
    """The files every page shares: the feed's item pages, the clip, the photos."""
    base = root / "matrix"
    for page in range(FEED_PAGES):
        ids = FEED_IDS[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
        items = [{"id": id_, "title": f"Feed story {id_[5:]}", "text": f"Harbour note {id_[5:]}."} for id_ in ids]
        _write(base / "data" / f"items-{page + 1}.json", json.dumps(items, indent=1))
    _write(base / "clip.mp4", b"NOT-A-REAL-MP4: a few junk bytes so the request succeeds\n")
    for n, src in enumerate(PHOTOS, 1):
        svg = (
            '<svg xmlns="http://www.w3.org/2000/svg" width="640" height="360">'
            f'<rect width="640" height="360" fill="#9ab"/><text x="40" y="190" font-size="40">Photo {n}</text></svg>'
        )
        _write(root / src.lstrip("/"), svg)
    _write(base / "anti" / "status.json", json.dumps({"state": "open"}))


def _case(mechanism: str, delay: int, latency: int, index: int, root: Path) -> Case:
    template = TEMPLATES[mechanism]
    name = f"{mechanism}-d{delay}-l{latency}"
    path = f"/matrix/{mechanism}/d{delay}-l{latency}.html"
    headline = f"Harbour report ({name})"
    title = f"Harbour clip {name}"
    embed = Embed(YOUTUBE + video_id(name), title, "embed")
    if mechanism == "player-script" and index % 2:
        embed = Embed(CLIP, title, "video")  # the player alternates between an iframe and a <video>
    config_path = f"/matrix/data/config/{name}.json"
    _write(root / config_path.lstrip("/"), json.dumps({"kind": embed.kind, "url": embed.url, "title": title}))
    config = {
        "headline": headline, "paragraphs": list(PARAGRAPHS), "delay": delay, "latency": latency,
        "config": config_path, "pages": FEED_PAGES, "end": FEED_END,
    }  # fmt: skip
    markup = template.markup.replace("@URL@", embed.url).replace("@TITLE@", title)
    _write(root / path.lstrip("/"), page_html(headline, name, config, template.script, markup, template.top))
    render = {"click": ["button.more"]} if template.clicks else None
    feed = template.shows == "feed"
    return Case(
        name=name, mechanism=mechanism, delay=delay, latency=latency, path=path,
        selectors=selector_yaml(f"matrix-{mechanism}", _fields(template), render),
        headline=headline, paragraphs=len(PARAGRAPHS),
        items=FEED_IDS if feed else (), embeds=() if feed else (embed,),
        photos=PHOTOS if template.shows == "photos" else (),
    )  # fmt: skip


def write_matrix(root: Path) -> list[Case]:
    """Write every matrix page and its data under ``root/matrix``; one Case per combination."""
    _write_shared(root)
    cases = []
    for mechanism in MECHANISMS:
        combinations = [(delay, latency) for delay in DELAYS for latency in LATENCIES]
        for index, (delay, latency) in enumerate(combinations):
            cases.append(_case(mechanism, delay, latency, index, root))
    return cases


# --- anti-cases: pages that never go quiet ----------------------------------------------------------

_ANTI_ARTICLE = 'addEventListener("load", () => setTimeout(renderArticle, 300));\n'
_SLIDES = '<ul class="slides" id="slides">' + "".join(f"<li>Slide {n}</li>" for n in range(1, 6)) + "</ul>"


@dataclass(frozen=True)
class _AntiTemplate:
    """A page that never goes quiet: its script, and its markup above and below the article."""

    script: str
    top: str = ""
    markup: str = ""


_CAROUSEL_INTERVAL = """const slides = document.getElementById("slides");
setInterval(() => slides.append(slides.firstElementChild), 100);
"""
_CAROUSEL_TIMEOUT = """const slides = document.getElementById("slides");
function rotate() { slides.append(slides.firstElementChild); setTimeout(rotate, 100); }
setTimeout(rotate, 100);
"""
_CLOCK = """const clock = document.getElementById("clock");
const tick = () => { clock.textContent = new Date().toISOString().slice(11, 19); };
tick();
setInterval(tick, 1000);
"""
_POLL = """const status = document.getElementById("status");
let checks = 0;
setInterval(async () => {
  const data = await getJSON("/matrix/anti/status.json");
  status.textContent = "Harbour " + data.state + " (check " + (++checks) + ")";
}, 500);
"""
_TICKER = """const price = document.getElementById("price");
let value = 7150;
setInterval(() => { value += Math.random() - 0.5; price.textContent = value.toFixed(2); }, 120);
"""
_ADS = """const ads = document.getElementById("ads");
let shown = 0;
setInterval(() => {
  const ad = document.createElement("aside");
  ad.className = "ad";
  ad.textContent = "Advertisement " + (++shown);
  ads.append(ad);
}, 2000);
"""
_ENDLESS_FEED = """const ads = document.getElementById("ads");
let blocks = 0, loading = false;
new IntersectionObserver((entries) => {
  if (loading || !entries.some((entry) => entry.isIntersecting)) return;
  loading = true;
  setTimeout(() => {  // every load brings one more block: the feed never ends
    const block = document.createElement("div");
    block.className = "ad-block";
    block.textContent = "Sponsored block " + (++blocks);
    ads.append(block);
    loading = false;
  }, 300);
}).observe(document.getElementById("sentinel"));
"""

ANTI_TEMPLATES: dict[str, _AntiTemplate] = {
    "carousel-interval": _AntiTemplate(_CAROUSEL_INTERVAL, top=_SLIDES),
    "carousel-timeout": _AntiTemplate(_CAROUSEL_TIMEOUT, top=_SLIDES),
    "clock": _AntiTemplate(_CLOCK, top='<p class="clock" id="clock">--:--:--</p>'),
    "poll": _AntiTemplate(_POLL, top='<p class="status" id="status">Checking the harbour status</p>'),
    "ticker": _AntiTemplate(_TICKER, top='<p class="ticker">PORT <span id="price">7150.00</span></p>'),
    "ads": _AntiTemplate(_ADS, markup='<div id="ads"></div>'),
    "endless-feed": _AntiTemplate(
        _ENDLESS_FEED, markup='<div id="ads"></div><div class="sentinel" id="sentinel"></div>'
    ),
}
ANTI_PARAGRAPHS = PARAGRAPHS[:4]
ENDLESS_MAX_SCROLLS = 15  # the endless feed's selector file bounds scrolling to this many steps


def write_anti_cases(root: Path) -> list[AntiCase]:
    """Write the pages that keep changing forever under ``root/matrix/anti``; one AntiCase each."""
    _write_shared(root)
    cases = []
    for name, template in ANTI_TEMPLATES.items():
        headline = f"Harbour report ({name})"
        path = f"/matrix/anti/{name}.html"
        config = {"headline": headline, "paragraphs": list(ANTI_PARAGRAPHS), "latency": 100 if name == "poll" else 0}
        _write(
            root / path.lstrip("/"),
            page_html(headline, name, config, _ANTI_ARTICLE + template.script, template.markup, template.top),
        )
        endless = name == "endless-feed"
        render = {"max_scrolls": ENDLESS_MAX_SCROLLS} if endless else None
        selectors = selector_yaml(f"anti-{name}", ARTICLE_FIELDS | LAST_INSERT_FIELD, render)
        cases.append(AntiCase(name, path, selectors, headline, ANTI_PARAGRAPHS, endless))
    return cases


if __name__ == "__main__":  # pragma: no cover - manual use
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "matrix-pages")
    written = write_matrix(target)
    anti = write_anti_cases(target)
    print(f"{len(written)} matrix pages and {len(anti)} anti-cases under {target / 'matrix'}")
