"""Media the browser saw: stream URLs on the network and video players inside child frames."""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Frame, Page, Request, Response

from extractor.models import MediaItem
from extractor.video_hosts import (
    MEDIA_MIME_PREFIXES,
    is_manifest_url,
    is_media_url,
    known_provider,
    video_provider,
)

MAX_MANIFEST_BYTES = 512_000
FRAME_POLL = 0.05
_IFRAME_SOURCES = "() => Array.from(document.querySelectorAll('iframe[src]'), (frame) => frame.src)"
_FRAME_VIDEO = """() => {
  const video = document.querySelector("video");
  if (!video) return null;
  const source = video.querySelector("source[src]");
  return {
    src: video.currentSrc || video.src || (source && source.src) || null,
    poster: video.poster || null,
    title: video.getAttribute("title") || video.getAttribute("aria-label") || document.title || null,
  };
}"""


@dataclass
class _Seen:
    url: str
    frame: Frame | None
    mime: str | None = None


@dataclass
class MediaSniffer:
    """Collects media requests of a page; ``collect`` turns them and child frames into MediaItems."""

    page: Page
    frame_arrival_wait: float = 1.0  # longest wait for an iframe's page to arrive before its player is read
    seen: dict[str, _Seen] = field(default_factory=dict)
    variants: set[str] = field(default_factory=set)  # playlists listed inside a master playlist
    pending: set[asyncio.Task[None]] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.page.on("request", self._on_request)
        self.page.on("response", self._on_response)

    def _on_request(self, request: Request) -> None:
        is_media = is_media_url(request.url) or request.resource_type == "media"
        if is_media and not request.url.startswith(("blob:", "data:")):
            self.seen.setdefault(request.url, _Seen(request.url, _frame_of(request)))

    def _on_response(self, response: Response) -> None:
        mime = (response.headers.get("content-type") or "").split(";")[0].strip().lower()
        url = response.url
        if not mime.startswith(MEDIA_MIME_PREFIXES):
            return
        entry = self.seen.setdefault(url, _Seen(url, _frame_of(response.request)))
        entry.mime = mime
        if "mpegurl" in mime or is_manifest_url(url):
            task = asyncio.ensure_future(self._read_variants(response))
            self.pending.add(task)
            task.add_done_callback(self.pending.discard)

    async def _read_variants(self, response: Response) -> None:
        try:
            body = await response.body()
        except PlaywrightError:
            return
        if len(body) > MAX_MANIFEST_BYTES:
            return
        for line in body.decode("utf-8", "replace").splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                self.variants.add(urljoin(response.url, line))

    async def collect(self, limit: float = 2.0) -> list[MediaItem]:
        """Embeds found in child frames, then streams seen on the network, one entry per embed."""
        if self.pending:
            await asyncio.wait(list(self.pending), timeout=limit)
        embeds = await self._frame_embeds(limit)
        by_frame = {id(frame): item for frame, item in embeds}
        items = [item for _, item in embeds]
        for entry in self.seen.values():
            if entry.url in self.variants:
                continue
            owner = _top_child(entry.frame, self.page)
            if owner is not None and id(owner) in by_frame:
                embed = by_frame[id(owner)]
                embed.stream = embed.stream or entry.url
                continue
            kind = "stream" if is_manifest_url(entry.url) else "video"
            items.append(MediaItem(url=entry.url, kind=kind, mime=entry.mime, found_by="network"))
        return items

    async def _await_player_pages(self, limit: float) -> None:
        """Give iframes that ask for a page which may hold a player, and have not received it yet (one
        added by the last scroll step), at most ``limit`` seconds to receive and parse it."""
        try:
            sources = await asyncio.wait_for(self.page.evaluate(_IFRAME_SOURCES), timeout=limit)
        except (PlaywrightError, TimeoutError):
            return
        pending = {source for source in sources if _may_hold_a_player(source)} - self._frame_urls()
        if not pending:
            return
        until = time.monotonic() + limit
        while not pending <= self._frame_urls() and time.monotonic() < until:
            await asyncio.sleep(FRAME_POLL)
        arrived = [frame for frame in self.page.main_frame.child_frames if frame.url in pending]
        await asyncio.gather(*(_parsed(frame, until - time.monotonic()) for frame in arrived))

    def _frame_urls(self) -> set[str]:
        """The URLs of the documents the page's iframes hold now."""
        return {frame.url for frame in self.page.main_frame.child_frames}

    async def _frame_embeds(self, limit: float) -> list[tuple[Frame, MediaItem]]:
        await self._await_player_pages(min(self.frame_arrival_wait, limit))
        found = []
        for frame in self.page.main_frame.child_frames:
            url = frame.url
            if not url.startswith(("http://", "https://")):
                continue
            player = await _video_in(frame, limit)
            provider = video_provider(url)
            if player is None and provider is None:
                continue
            item = MediaItem(
                url=url, kind="embed", provider=provider or _host(url),
                title=(player or {}).get("title"), poster=(player or {}).get("poster"),
                stream=(player or {}).get("src"), found_by="frame",
            )  # fmt: skip
            if item.stream and item.stream.startswith(("blob:", "data:")):
                item.stream = None
            found.append((frame, item))
        return found


async def _parsed(frame: Frame, limit: float) -> None:
    """Wait until ``frame``'s document is parsed (DOMContentLoaded), at most ``limit`` seconds."""
    with contextlib.suppress(PlaywrightError):
        await frame.wait_for_load_state("domcontentloaded", timeout=max(1.0, limit * 1000))


def _may_hold_a_player(source: str) -> bool:
    """An iframe ``src`` (absolute) whose page must be loaded to know if it holds a player and which
    stream it plays: not an empty frame written by script, nor a known provider's player page."""
    return source.startswith(("http://", "https://")) and known_provider(source) is None


async def _video_in(frame: Frame, limit: float) -> dict[str, str | None] | None:
    try:
        result = await asyncio.wait_for(frame.evaluate(_FRAME_VIDEO), timeout=limit)
    except (PlaywrightError, TimeoutError):
        return None  # a frame that failed to load or went away holds no player we can see
    return result if isinstance(result, dict) else None


def _frame_of(request: Request) -> Frame | None:
    try:
        return request.frame
    except PlaywrightError:
        return None  # service-worker requests have no frame


def _top_child(frame: Frame | None, page: Page) -> Frame | None:
    """The frame's ancestor directly below the main frame (None for the main frame itself)."""
    while frame is not None and frame.parent_frame is not None and frame.parent_frame != page.main_frame:
        frame = frame.parent_frame
    if frame is None or frame == page.main_frame:
        return None
    return frame


def _host(url: str) -> str | None:
    from urllib.parse import urlsplit

    return (urlsplit(url).hostname or "").removeprefix("www.") or None
