"""Zero-config extraction and `suggest` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

from processes import run_cli
from support import CNBC_PATH

from extractor.api import extract_page, extract_url
from extractor.browser import Browser
from extractor.sites import parse_site

REPO = Path(__file__).parents[2]


async def test_no_site_gives_the_generic_article_fields(browser: Browser, site_url: str) -> None:
    result = await extract_page(browser, site_url + CNBC_PATH, None)
    assert result.site is None and result.generic
    data = result.data
    assert set(data) == {"title", "author", "published", "body", "image"}
    assert data["title"] == "Hamas Datang ke Kairo, Israel Beri Sinyal Gencatan Senjata Gaza"
    assert data["author"] == "Thea Fathanah Arbar"
    assert data["published"] == "2024-12-01T14:15:00+07:00"
    assert len(data["body"]) == 11 and not any("Baca Juga" in p or "Saksikan video" in p for p in data["body"])
    assert [m.url for m in result.media] == ["https://www.cnbcindonesia.com/embed/video/20241130152045-8-592640"]
    assert result.to_dict()["generic"] is True and result.to_dict()["site"] is None


async def test_generic_on_a_page_with_little_structure(browser: Browser, site_url: str) -> None:
    result = await extract_page(browser, site_url + "/tracker/", None)
    assert result.generic and result.errors == []
    # the single <h1> disagrees with the page's <title>: the document's own title wins, as Readability does
    assert result.data["title"] == "Artikel dengan tracker macet"
    assert len(result.data["body"]) == 3 and result.data["body"][0].startswith("Operator kereta cepat")


def test_extract_without_a_matching_file_falls_back_to_generic(site_url: str) -> None:
    done = run_cli("extract", site_url + CNBC_PATH, "-s", str(REPO / "selectors"), "-o", "-")
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert document["site"] is None and document["generic"] is True
    assert document["data"]["title"].startswith("Hamas Datang ke Kairo")
    assert "no selector file matches" in done.stderr


def test_suggest_writes_a_draft_and_previews_it(site_url: str, tmp_path: Path) -> None:
    out = tmp_path / "draft.yaml"
    done = run_cli("suggest", site_url + CNBC_PATH, "-o", str(out))
    assert done.returncode == 0, done.stderr
    site = parse_site(out.read_text(), str(out))
    assert site.render.wait_for == "div.detail_text"
    assert "Hamas Datang ke Kairo" in done.stdout and "Thea Fathanah Arbar" in done.stdout
    again = run_cli("suggest", site_url + CNBC_PATH, "-o", str(out))
    assert again.returncode == 2 and "exists (pass --force" in again.stderr


def test_suggest_from_a_recording(tmp_path: Path) -> None:
    out = tmp_path / "draft.yaml"
    done = run_cli("suggest", str(REPO / "recordings" / "cnbcindonesia-seed-article"), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert "div.detail_text" in out.read_text()


async def test_zero_config_waits_for_an_article_fetched_after_load(browser: Browser, site_url: str) -> None:
    """The article arrives 400 ms after `load` and the video 300 ms after its slot is seen: the render
    follows the page's own work (listener, timer, fetch), so neither the skeleton nor the promo bar,
    menu and footer around it are taken for the article, and the lazy video is not lost."""
    result = await extract_page(browser, site_url + "/delayed/after-load.html", None)
    data = result.data
    assert data["title"] == "Harga Beras Turun di Pasar Induk Menjelang Panen Raya"
    assert len(data["body"]) == 4 and data["body"][0].startswith("Jakarta, Contoh Media - Harga beras medium")
    text = " ".join(data["body"])
    for leaked in ("Memuat", "sedikit iklan", "All Channels", "Copyright", "Kapten Tendean"):
        assert leaked not in text
    assert [m.url for m in result.media] == ["https://www.youtube.com/embed/Xy12AbCdEfG"]
    assert result.errors == []


def test_suggest_drafts_the_article_of_a_page_fetched_after_load(site_url: str, tmp_path: Path) -> None:
    """On the page whose article arrives 400 ms after load, the draft names the article's own nodes,
    not the skeleton around it (the earlier render drafted ``body: {css: body}``)."""
    out = tmp_path / "draft.yaml"
    done = run_cli("suggest", site_url + "/delayed/after-load.html", "-o", str(out))
    assert done.returncode == 0, done.stderr
    site = parse_site(out.read_text(), str(out))
    assert site.render.wait_for == "div.story"
    assert site.fields["body"].css == ["div.story > p"]


async def test_extract_url_takes_a_site_a_file_or_a_folder_and_a_browser_to_reuse(
    browser: Browser, site_url: str, tmp_path: Path
) -> None:
    url = site_url + CNBC_PATH
    generic = await extract_url(url, browser=browser, selectors=REPO / "selectors")  # no file there is for 127.0.0.1
    assert generic.generic and generic.data["title"].startswith("Hamas Datang ke Kairo")
    own = parse_site("site: own\nmatch: ['nothing/*']\nfields:\n  h: h1\n")
    given = await extract_url(url, browser=browser, selectors=own)  # a Site is used as it is
    assert given.site == "own" and not given.generic and given.data["h"].startswith("Hamas")
    file = tmp_path / "own.yaml"
    file.write_text("site: file\nmatch: ['nothing/*']\nfields:\n  h: h1\n")
    assert (await extract_url(url, browser=browser, selectors=file)).site == "file"  # a file, too
