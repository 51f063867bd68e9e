"""The library's workflows that the commands are thin over: which site serves a URL, what a batch
still has to do, a URL or a recording, and checking recordings (from their DOM: no browser)."""

from __future__ import annotations

import asyncio
import json
import shutil
from pathlib import Path

import pytest

from extractor.batch import pending_urls
from extractor.errors import UsageError
from extractor.recording import Outcome, Recording, check_recordings, open_source
from extractor.sites import SiteResolver

REPO = Path(__file__).parents[2]
SEED = REPO / "recordings" / "cnbcindonesia-seed-article"
CNBC = REPO / "selectors" / "cnbcindonesia.com.yaml"


def test_a_folder_serves_each_url_its_file_and_a_file_serves_every_url() -> None:
    folder = SiteResolver(REPO / "selectors")
    found = folder("https://www.cnbcindonesia.com/news/20241201141530-4-592831/x")
    assert found is not None and found.name == "cnbcindonesia"
    assert folder("https://unknown.example.org/story") is None  # zero-config
    single = SiteResolver(CNBC)
    assert single("https://unknown.example.org/story") is single.only is not None


def test_a_batch_resumes_where_its_output_stops_and_never_overwrites_by_accident(tmp_path: Path) -> None:
    output = tmp_path / "out.jsonl"
    urls = ["https://a.example/1", "https://a.example/2", "https://a.example/3"]
    assert pending_urls(urls, output) == urls
    output.write_text(json.dumps({"url": urls[1]}) + "\n" + '{"url": "https://a.exa')  # cut by a crash
    with pytest.raises(UsageError, match="--resume"):
        pending_urls(urls, output)
    assert pending_urls(urls, output, resume=True) == [urls[0], urls[2]]
    assert pending_urls(urls, output, overwrite=True) == urls


def test_a_target_is_a_recording_folder_or_else_a_url(tmp_path: Path) -> None:
    assert isinstance(open_source(str(SEED)), Recording)
    page = tmp_path / "page.html"
    page.write_text("<p>x</p>")
    assert open_source(str(page)) == page.resolve().as_uri()
    assert open_source("https://example.org/a") == "https://example.org/a"
    with pytest.raises(UsageError, match="no such file"):
        open_source(str(tmp_path / "missing.html"))


def test_recordings_are_checked_and_updated_through_the_library(tmp_path: Path) -> None:
    copy = tmp_path / "rec"
    shutil.copytree(SEED, copy)
    (tmp_path / "bare").mkdir()
    shutil.copytree(SEED, tmp_path / "bare" / "no-expected")
    (tmp_path / "bare" / "no-expected" / "expected.json").unlink()
    verdicts = asyncio.run(check_recordings([copy, tmp_path / "bare"]))
    assert [verdict.outcome for verdict in verdicts] == [Outcome.PASSED, Outcome.SKIPPED]
    broken = tmp_path / "cnbcindonesia.com.yaml"
    broken.write_text(CNBC.read_text().replace('css: ["div.jdl h1", "h1"]', 'css: ["div.jdl h2"]'))
    (failed,) = asyncio.run(check_recordings([copy], broken))
    assert failed.outcome == Outcome.FAILED and any(diff.path == "data.title" for diff in failed.differences)
    (updated,) = asyncio.run(check_recordings([copy], broken, update=True))
    assert updated.outcome == Outcome.UPDATED
    assert json.loads((copy / "expected.json").read_text())["data"]["title"] is None
    assert asyncio.run(check_recordings([copy], broken))[0].outcome == Outcome.PASSED
