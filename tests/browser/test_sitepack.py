"""The Indonesian site pack: each shipped file on its replica page, and `suggest` drafting it afresh."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from extractor.api import extract_page
from extractor.browser import Browser, render
from extractor.extract import extract
from extractor.sites import RenderSpec, find_site, load_site, load_sites, parse_site
from extractor.sites.lint import lint_source
from extractor.suggest import build_draft, detect

REPO = Path(__file__).parents[2]
README = REPO / "tests" / "site" / "pages" / "sitepack" / "README.md"
ISO = "2024-12-01T14:15:00+07:00"
SITES = {
    "kompas": {
        "file": "kompas.com.yaml",
        "path": "/sitepack/kompas/read/2024/12/01/14150071/kereta-cepat-tambah-jadwal-akhir-pekan",
        "real": "https://nasional.kompas.com/read/2024/12/01/14150071/kereta-cepat-tambah-jadwal-akhir-pekan",
        "title": "Kereta Cepat Tambah Jadwal Akhir Pekan, Tiket Sudah Bisa Dipesan",
        "author": "Andi Prasetyo",
        "paragraphs": 6,
        "first": "JAKARTA, KOMPAS.com - Operator kereta cepat",
        "embed": ("https://video.kompas.com/embed/1419231", "Suasana Stasiun Halim Menjelang Libur Akhir Tahun"),
    },
    "detik": {
        "file": "detik.com.yaml",
        "path": "/sitepack/detik/berita/d-7663781/harga-cabai-turun-jelang-akhir-tahun",
        "real": "https://news.detik.com/berita/d-7663781/harga-cabai-turun-jelang-akhir-tahun",
        "title": "Harga Cabai Turun Jelang Akhir Tahun, Pedagang Sebut Pasokan Melimpah",
        "author": "Dwi Rahmawati",
        "paragraphs": 7,
        "first": "Jakarta - Harga cabai rawit merah",
        "embed": ("https://20.detik.com/embed/241201031", "Harga Cabai Rawit Turun di Pasar Induk Kramat Jati"),
    },
    "okezone": {
        "file": "okezone.com.yaml",
        "path": "/sitepack/okezone/read/2024/12/01/320/3090123/bandara-baru-mulai-beroperasi",
        "real": "https://economy.okezone.com/read/2024/12/01/320/3090123/bandara-baru-mulai-beroperasi",
        "title": "Bandara Baru Mulai Beroperasi, Tiga Maskapai Layani Rute Perdana",
        "author": "Rina Anggraeni",
        "paragraphs": 5,
        "first": "JAKARTA - Sebuah bandara baru",
        "embed": ("https://video.okezone.com/embed/2024/12/01/320/1590123", "Penerbangan Perdana Mendarat di Bandara Baru"),
    },
    "tempo": {
        "file": "tempo.co.yaml",
        "path": "/sitepack/tempo/read/1947321/musim-hujan-petani-mulai-tanam-padi",
        "real": "https://nasional.tempo.co/read/1947321/musim-hujan-petani-mulai-tanam-padi",
        "title": "Musim Hujan Tiba, Petani di Jawa Tengah Mulai Tanam Padi",
        "author": "Hendra Wibisono",
        "paragraphs": 8,
        "first": "TEMPO.CO, Jakarta - Petani di sejumlah",
        "embed": ("https://www.youtube.com/embed/tK7pQ2mW9sA", "Petani Grobogan Mulai Musim Tanam Padi"),
    },
}


def boilerplate(name: str) -> list[str]:
    """The strings the fixture's README says are on the page but must not reach the body."""
    sections = re.split(r"^## \d+\. ", README.read_text(encoding="utf-8"), flags=re.MULTILINE)
    section = next(part for part in sections if part.startswith(name))
    listed = section.split("Must not appear in the body:", 1)[1]
    return re.findall(r"^- `([^`]+)`", listed, flags=re.MULTILINE)


def check(data: dict[str, object], expected: dict[str, object], name: str) -> None:
    assert data["title"] == expected["title"]
    assert data["author"] == expected["author"]
    assert data["published"] == ISO
    body = data["body"]
    assert isinstance(body, list) and len(body) == expected["paragraphs"], body
    assert body[0].startswith(str(expected["first"]))
    text = "\n".join(body).lower()
    strings = boilerplate(name)
    assert len(strings) >= 10
    for line in strings:
        assert line.lower() not in text, line
    embed_url, embed_title = expected["embed"]  # type: ignore[misc]
    assert data["video"] == {"embed_url": embed_url, "title": embed_title}


@pytest.mark.parametrize("name", sorted(SITES))
async def test_shipped_file_extracts_its_replica(browser: Browser, site_url: str, name: str) -> None:
    expected = SITES[name]
    result = await extract_page(browser, site_url + str(expected["path"]), load_site(REPO / "selectors" / str(expected["file"])).site)
    assert result.errors == []
    check(result.data, expected, name)
    assert [m.url for m in result.media] == [expected["embed"][0]]  # type: ignore[index]


@pytest.mark.parametrize("name", sorted(SITES))
async def test_suggest_drafts_a_file_that_validates_and_extracts_cleanly(browser: Browser, site_url: str, name: str) -> None:
    expected = SITES[name]
    snapshot = await render(browser, site_url + str(expected["path"]), RenderSpec())
    draft = build_draft(detect(snapshot.html, snapshot.final_url), snapshot.final_url)
    assert lint_source(draft.to_yaml(), f"{name}-draft.yaml") == []  # `extractor validate` accepts it
    site = parse_site(draft.to_yaml(), f"{name}-draft.yaml")
    check(extract(snapshot, site).data, expected, name)


def test_shipped_files_match_the_real_urls_and_nothing_else() -> None:
    sites = load_sites(REPO / "selectors")
    for expected in SITES.values():
        found = find_site(sites, str(expected["real"]))
        assert found is not None and found.path.name == expected["file"], expected["real"]
    assert find_site(sites, "https://www.kompas.id/baca/english/2024/12/01/x") is None
    assert find_site(sites, "https://www.detik.com/") is None
