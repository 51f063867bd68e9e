"""Video embeds on a page: recognise player iframes and <video> elements, and merge what the
browser saw (other frames, network streams) into one entry per embed."""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urljoin, urlsplit

from parsel import Selector

from extractor.extract.text import attribute, node_text
from extractor.models import MediaItem

# host suffix -> (provider, path pattern that marks a video player; None = any path)
KNOWN_HOSTS: dict[str, tuple[str, str | None]] = {
    "youtube.com": ("youtube", r"^/(embed|watch|v|shorts)\b"),
    "youtube-nocookie.com": ("youtube", r"^/embed\b"),
    "youtu.be": ("youtube", None),
    "player.vimeo.com": ("vimeo", None),
    "vimeo.com": ("vimeo", r"^/\d+"),
    "dailymotion.com": ("dailymotion", r"^/(embed|video|player)\b"),
    "geo.dailymotion.com": ("dailymotion", None),
    "facebook.com": ("facebook", r"^/plugins/video\b"),
    "tiktok.com": ("tiktok", r"^/(embed|player)\b"),
    "players.brightcove.net": ("brightcove", None),
    "cdn.jwplayer.com": ("jwplayer", r"^/players\b"),
    "content.jwplatform.com": ("jwplayer", r"^/players\b"),
    "fast.wistia.net": ("wistia", r"^/embed\b"),
    "streamable.com": ("streamable", r"^/(e|o)/"),
    "player.twitch.tv": ("twitch", None),
    "rumble.com": ("rumble", r"^/embed\b"),
    "loom.com": ("loom", r"^/embed\b"),
    "ok.ru": ("ok", r"^/videoembed\b"),
    "vk.com": ("vk", r"^/video_ext\b"),
    "player.bilibili.com": ("bilibili", None),
    "vidio.com": ("vidio", r"^/(embed|live)\b"),
    "20.detik.com": ("detik", r"^/embed\b"),
    "cnbcindonesia.com": ("cnbcindonesia", r"^/embed\b"),
    "cnnindonesia.com": ("cnnindonesia", r"^/embed\b"),
    "kompas.tv": ("kompas", r"^/embed\b"),
    "video.kompas.com": ("kompas", None),
    "okezone.com": ("okezone", r"^/embed\b"),
    "video.tempo.co": ("tempo", None),
}
_GENERIC_PLAYER = re.compile(r"/(embed|player|videoembed)\b", re.IGNORECASE)
MEDIA_EXTENSIONS = (".m3u8", ".mpd", ".mp4", ".webm", ".mov", ".m4v", ".ogv")
MANIFEST_EXTENSIONS = (".m3u8", ".mpd")
MEDIA_MIME_PREFIXES = ("video/", "application/vnd.apple.mpegurl", "application/x-mpegurl", "application/dash+xml")
LAZY_SRC_ATTRS = ("src", "data-src", "data-lazy-src", "data-url")


def _known_host(host: str) -> tuple[str, str | None] | None:
    """The ``KNOWN_HOSTS`` entry (provider, player path pattern) for ``host`` or a host above it."""
    for suffix, entry in KNOWN_HOSTS.items():
        if host == suffix or host.endswith("." + suffix):
            return entry
    return None


def known_provider(url: str) -> str | None:
    """The provider name when ``url`` is the player page of a known video host (YouTube, Vimeo...)."""
    parts = urlsplit(url)
    entry = _known_host((parts.hostname or "").lower())
    if entry is None:
        return None
    provider, path_pattern = entry
    return provider if path_pattern is None or re.search(path_pattern, parts.path) else None


def video_provider(url: str) -> str | None:
    """The provider name when ``url`` looks like a video player page, else None."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return None
    host = (parts.hostname or "").lower()
    if _known_host(host) is not None:  # a known host's other pages are not players
        return known_provider(url)
    lowered = url.lower()
    if _GENERIC_PLAYER.search(parts.path) and ("video" in lowered or "player" in lowered):
        return host.removeprefix("www.") or None
    return None


def is_media_url(url: str) -> bool:
    """True for a video file or stream manifest URL (by its path's extension)."""
    return urlsplit(url).path.lower().endswith(MEDIA_EXTENSIONS)


def is_manifest_url(url: str) -> bool:
    """True for an HLS or DASH manifest URL."""
    return urlsplit(url).path.lower().endswith(MANIFEST_EXTENSIONS)


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
