"""The page that started the project: the CNBC Indonesia replica, extracted with the shipped file."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import CNBC_PATH

from extractor.api import extract_page
from extractor.browser import Browser
from extractor.sites import load_site

SEED = Path(__file__).parents[3] / "shared" / "seed" / "cnbcindonesia-naive-scrape.txt"
SELECTOR_FILE = Path(__file__).parents[2] / "selectors" / "cnbcindonesia.com.yaml"
BOILERPLATE = [
    "Baca berita dengan sedikit iklan",
    "Menara Kompas",
    "Okezone.com",
    "All Channels",
    "MARKET NEWS ENTREPRENEUR",
    "All Article Types",
    "Artikel Foto Video Infografis",
    "Baca Juga",
    "ADVERTISEMENT",
    "Saksikan video",
]
VIDEO_URL = "https://www.cnbcindonesia.com/embed/video/20241130152045-8-592640"
VIDEO_TITLE = "Video: Israel Bombardir Gaza Utara 87 Tewas, 40 Terluka"


def seed_paragraphs() -> list[str]:
    """The article's body paragraphs as the naive scrape has them (lines 6-16 of the seed file)."""
    lines = SEED.read_text(encoding="utf-8").splitlines() if SEED.exists() else []
    return [line for line in lines if line.startswith(("Jakarta, CNBC", "Sejauh", '"', "Kunjungan", "Atas", "Di sisi"))]


@pytest.fixture(scope="module")
async def cnbc(browser: Browser, site_url: str):  # type: ignore[no-untyped-def]
    return await extract_page(browser, site_url + CNBC_PATH, load_site(SELECTOR_FILE).site)


async def test_article_fields(cnbc) -> None:  # type: ignore[no-untyped-def]
    assert cnbc.errors == []
    data = cnbc.data
    assert data["title"] == "Hamas Datang ke Kairo, Israel Beri Sinyal Gencatan Senjata Gaza"
    assert data["author"] == "Thea Fathanah Arbar"
    assert data["published"] == "2024-12-01T14:15:00+07:00"
    assert data["image"].endswith("/foto-utama.svg")


async def test_body_is_the_article_paragraphs_and_nothing_else(cnbc) -> None:  # type: ignore[no-untyped-def]
    body = cnbc.data["body"]
    assert body[0].startswith("Jakarta, CNBC Indonesia - Pertempuran masih terus terjadi")
    assert body[-1].startswith('"Kita akan tahu dalam beberapa hari mendatang.')
    assert len(body) == 11
    expected = seed_paragraphs()
    if expected:  # the shared seed is beside the repo in development and CI
        assert body == expected
    text = "\n".join(body)
    for line in BOILERPLATE:
        assert line not in text, line


async def test_lazy_video_is_captured(cnbc) -> None:  # type: ignore[no-untyped-def]
    assert cnbc.data["video"] == {"title": VIDEO_TITLE, "embed_url": VIDEO_URL}
    assert [(m.url, m.kind, m.title, m.provider) for m in cnbc.media] == [(VIDEO_URL, "embed", VIDEO_TITLE, "cnbcindonesia")]


async def test_timings_are_reported(cnbc) -> None:  # type: ignore[no-untyped-def]
    assert {"navigate", "wait_for", "scroll", "snapshot", "render", "extract"} <= set(cnbc.timings)
    assert cnbc.timings["render"] < 15
