"""Video recognition, media merging, URL matching, and target normalisation."""

from __future__ import annotations

from pathlib import Path

import pytest
from parsel import Selector

from extractor.errors import NoMatchingSiteError, UsageError
from extractor.extract.media import merge_media, scan_dom
from extractor.models import MediaItem
from extractor.sites import find_site, load_sites, resolve_site
from extractor.targets import normalize_target
from extractor.video_hosts import known_provider, video_provider

SELECTORS = Path(__file__).parents[2] / "selectors"


@pytest.mark.parametrize(
    ("url", "provider"),
    [
        ("https://www.youtube.com/embed/dQw4w9WgXcQ", "youtube"),
        ("https://www.youtube-nocookie.com/embed/x", "youtube"),
        ("https://player.vimeo.com/video/1", "vimeo"),
        ("https://www.facebook.com/plugins/video.php?href=x", "facebook"),
        ("https://www.cnbcindonesia.com/embed/video/20241130152045-8-592640", "cnbcindonesia"),
        ("https://20.detik.com/embed/241201001", "detik"),
        ("https://video.example.org/player/embed/42", "video.example.org"),
        ("https://www.facebook.com/plugins/like.php", None),
        ("https://www.google.com/maps/embed?pb=1", None),
        ("https://www.youtube.com/about", None),
        ("javascript:void(0)", None),
    ],
)
def test_video_provider(url: str, provider: str | None) -> None:
    assert video_provider(url) == provider


def test_known_provider_names_only_known_hosts_players() -> None:
    """A player page of a host not in the list (its page must be loaded to find its stream) is a
    video_provider by its URL's look, but not a known provider."""
    assert known_provider("https://www.youtube.com/embed/a") == "youtube"
    assert known_provider("https://www.youtube.com/about") is None
    assert video_provider("http://127.0.0.1:8000/lazy/player.html") == "127.0.0.1"
    assert known_provider("http://127.0.0.1:8000/lazy/player.html") is None


def test_scan_dom_finds_players_and_videos_with_titles() -> None:
    html = """<div data-title="Recap"><iframe src="https://www.youtube.com/embed/a"></iframe></div>
    <iframe src="https://www.googletagmanager.com/ns.html"></iframe>
    <video title="Timelapse" poster="/p.svg"><source src="/clip.mp4" type="video/mp4"></video>
    <video src="blob:https://x/1"></video>"""
    items = scan_dom(Selector(text=html), "https://site.test/a/")
    assert [(i.kind, i.url, i.title) for i in items] == [
        ("embed", "https://www.youtube.com/embed/a", "Recap"),
        ("video", "https://site.test/clip.mp4", "Timelapse"),
    ]
    assert items[1].poster == "https://site.test/p.svg" and items[1].mime == "video/mp4"


def test_merge_keeps_one_entry_per_url_and_fills_details() -> None:
    dom = MediaItem(url="https://v.test/a.mp4", kind="video", title="A")
    net = MediaItem(url="https://v.test/a.mp4", kind="video", mime="video/mp4", found_by="network")
    other = MediaItem(url="https://v.test/b.m3u8", kind="stream", found_by="network")
    merged = merge_media([dom], [net, other])
    assert [(m.url, m.title, m.mime) for m in merged] == [("https://v.test/a.mp4", "A", "video/mp4"), ("https://v.test/b.m3u8", None, None)]


def test_cnbc_file_matches_real_article_urls_only() -> None:
    sites = load_sites(SELECTORS)
    article = "https://www.cnbcindonesia.com/news/20241201141530-4-592831/hamas-datang-ke-kairo"
    assert (found := find_site(sites, article)) is not None and found.name == "cnbcindonesia"
    assert find_site(sites, "https://www.example.com/news/x") is None
    with pytest.raises(NoMatchingSiteError, match=r"no selector file in .* matches https://www\.example\.com/x"):
        resolve_site("https://www.example.com/x", SELECTORS)


def test_a_file_is_used_whatever_its_match() -> None:
    assert resolve_site("http://127.0.0.1:1/anything", SELECTORS / "cnbcindonesia.com.yaml").name == "cnbcindonesia"


def test_targets(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text("<h1>x</h1>")
    assert normalize_target(str(page)) == page.as_uri()
    assert normalize_target("https://a.b/c") == "https://a.b/c"
    with pytest.raises(UsageError, match="unsupported URL scheme 'ftp'"):
        normalize_target("ftp://a.b/c")
    with pytest.raises(UsageError, match=r"write https://www\.example\.com/x"):
        normalize_target("www.example.com/x")
