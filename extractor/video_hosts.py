"""Which URLs are video: the players of known video hosts, generic player pages, media files and
stream manifests. Shared by the browser stage (frames and requests it sees) and the extract stage
(iframes and <video> in the DOM)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

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
