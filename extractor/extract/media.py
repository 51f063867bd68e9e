"""Video embeds on a page: recognise player iframes and <video> elements, and merge what the
browser saw (other frames, network streams) into one entry per embed."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urljoin, urlsplit

from parsel import Selector

from extractor.extract.text import attribute, node_text
from extractor.models import MediaItem
from extractor.video_hosts import video_provider

LAZY_SRC_ATTRS = ("src", "data-src", "data-lazy-src", "data-url")


def scan_dom(root: Selector, base_url: str) -> list[MediaItem]:
    """Player iframes and <video> elements in one document."""
    found: list[MediaItem] = []
    for iframe in root.css("iframe"):
        src = _first_attr(iframe, LAZY_SRC_ATTRS)
        if not src:
            continue
        url = urljoin(base_url, src)
        provider = video_provider(url)
        if provider:
            found.append(MediaItem(url=url, kind="embed", title=_title_near(iframe), provider=provider))
    for video in root.css("video"):
        sources = [attribute(video, "src")] + [attribute(source, "src") for source in video.css("source")]
        urls = [urljoin(base_url, src) for src in sources if src and not src.startswith(("blob:", "data:"))]
        if not urls:
            continue
        poster = attribute(video, "poster")
        mime = video.css("source::attr(type)").get()
        found.append(
            MediaItem(
                url=urls[0], kind="video", title=_title_near(video), mime=mime,
                poster=urljoin(base_url, poster) if poster else None,
            )
        )  # fmt: skip
    return found


def _first_attr(node: Selector, names: Iterable[str]) -> str | None:
    for name in names:
        value = (attribute(node, name) or "").strip()
        if value and value != "about:blank":
            return value
    return None


def _title_near(node: Selector) -> str | None:
    """The element's own title, or the title its container or figure caption gives it."""
    for name in ("title", "aria-label", "data-title"):
        value = (attribute(node, name) or "").strip()
        if value:
            return value
    for ancestor in node.xpath("ancestor::*[position() <= 3]")[::-1]:
        title = (attribute(ancestor, "data-title") or "").strip()
        if title:
            return title
        caption = ancestor.css("figcaption")
        if caption:
            return node_text(caption[0]) or None
    return None


def merge_media(*groups: Iterable[MediaItem]) -> list[MediaItem]:
    """One entry per embed: the first occurrence of a URL wins, later ones fill in missing details."""
    merged: dict[str, MediaItem] = {}
    for group in groups:
        for item in group:
            key = _media_key(item.url)
            known = merged.get(key)
            if known is None:
                merged[key] = item
                continue
            for key_name in ("title", "provider", "mime", "poster", "stream"):
                if getattr(known, key_name) is None and getattr(item, key_name) is not None:
                    setattr(known, key_name, getattr(item, key_name))
    return list(merged.values())


def _media_key(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.netloc.lower()}{parts.path}?{parts.query}" if parts.query else f"{parts.netloc.lower()}{parts.path}"
