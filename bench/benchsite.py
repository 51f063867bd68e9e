"""Generate the benchmark's local JS-heavy news site: N article pages, each with its content injected
after a delay, ~20 images, a web font, a lazy video embed below the fold, and boilerplate."""

from __future__ import annotations

import json
from pathlib import Path

IMAGES_PER_PAGE = 20
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
"""
_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Article {n}</title>
<link rel="icon" href="data:,">
<style>@font-face {{ font-family: Bench; src: url(/static/bench.woff2) format("woff2"); }}
body {{ font-family: Bench, sans-serif; margin: 0 auto; max-width: 900px; }}
.gallery img {{ width: 200px; height: 120px; display: inline-block; }}
.filler {{ height: 2400px; background: linear-gradient(#fff, #eee); }}</style>
<script async src="https://www.googletagmanager.com/gtm.js?id=GTM-BENCH"></script></head><body>
<div class="promo">Read with fewer ads, click here</div>
<nav>All Channels NEWS MARKET TECH LIFESTYLE</nav>
<main id="main"><p class="loading">Loading…</p></main>
<div class="gallery">{images}</div>
<div class="filler"></div>
<div class="video-slot" data-src="https://www.youtube.com/embed/bench{n}" data-title="Clip {n}"></div>
<footer>© 2024 Bench Media. All rights reserved.</footer>
<script>
const DATA = {data};
setTimeout(() => {{
  const main = document.getElementById("main");
  main.innerHTML = `<article><h1>${{DATA.title}}</h1><div class="byline">${{DATA.author}}</div>
    <time datetime="${{DATA.published}}">${{DATA.published}}</time>
    <div class="body">${{DATA.body.map(p => `<p>${{p}}</p>`).join("")}}</div></article>`;
}}, 300);
const slot = document.querySelector(".video-slot");
new IntersectionObserver((entries, observer) => {{
  if (!entries.some(e => e.isIntersecting)) return;
  observer.disconnect();
  const frame = document.createElement("iframe");
  frame.src = slot.dataset.src; frame.title = slot.dataset.title;
  slot.appendChild(frame);
}}).observe(slot);
</script></body></html>"""
_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="120">'
    '<rect width="200" height="120" fill="#8ab"/></svg>'
)


def build(root: Path, pages: int) -> list[str]:
    """Write the site under ``root``; returns the article paths."""
    (root / "static").mkdir(parents=True, exist_ok=True)
    (root / "static" / "photo.svg").write_text(_SVG)
    (root / "static" / "bench.woff2").write_bytes(b"wOF2" + bytes(2048))
    paths = []
    for n in range(pages):
        data = {
            "title": f"Benchmark article number {n}",
            "author": f"Reporter {n % 7}",
            "published": f"2024-12-{1 + n % 28:02d}T10:00:00+07:00",
            "body": [f"Paragraph {i} of article {n}: " + "lorem ipsum dolor sit amet " * 8 for i in range(8)],
        }
        images = "".join(f'<img src="/static/photo.svg?p={n}&i={i}" alt="">' for i in range(IMAGES_PER_PAGE))
        folder = root / "article" / str(n)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.html").write_text(_PAGE.format(n=n, images=images, data=json.dumps(data)))
        paths.append(f"/article/{n}/")
    return paths
