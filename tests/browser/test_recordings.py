"""Recordings: record while the server runs, replay with it stopped; `test`, `explain`, bad folders."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support import CNBC_PATH
from typer.testing import CliRunner

from extractor.browser import Browser
from extractor.cli.app import app
from extractor.demo.server import DEMO_SITE, serve
from extractor.recording import RecordingError, folder_name, open_recording, record, replay_dom, replay_render
from extractor.recording.har import HarArchive
from extractor.sites import LoadedSite, load_site, parse_site

REPO = Path(__file__).parents[2]
PAGES = REPO / "tests" / "site" / "pages"
CNBC = REPO / "selectors" / "cnbcindonesia.com.yaml"
runner = CliRunner()


async def test_replay_with_the_origin_server_stopped(browser: Browser, tmp_path: Path) -> None:
    loaded = load_site(CNBC)
    with serve(DEMO_SITE) as base:  # a server of this test's own, stopped before the replay
        live = await record(browser, base + CNBC_PATH, loaded, tmp_path / "cnbc")
    recording = open_recording(tmp_path / "cnbc")
    assert {p.name for p in recording.path.iterdir()} >= {
        "network.har.zip", "dom.html", "screenshot.png", "meta.json", "expected.json", "fingerprints.json"
    }  # fmt: skip
    prints = json.loads((recording.path / "fingerprints.json").read_text())["fields"]
    assert prints["title"][0]["tag"] == "h1" and len(prints["body"]) == 11
    assert recording.meta["selectors"]["site"] == "cnbcindonesia" and recording.meta["status"] == 200
    replayed = await replay_render(browser, recording, loaded.site)
    assert replayed.errors == [] and replayed.warnings == []
    assert replayed.data == live.data
    assert [m.url for m in replayed.media] == [m.url for m in live.media]
    assert len(replayed.data["body"]) == 11 and replayed.data["video"]["embed_url"].endswith("-592640")
    assert replay_dom(recording, loaded.site).data == live.data


async def test_a_recording_of_a_deferred_page_holds_it_whole_and_replays_it(browser: Browser, tmp_path: Path) -> None:
    """The article arrives 400 ms after load and the video 300 ms after its slot is seen: the recording
    stores the finished page, so replay and ``test`` check the whole result, not a half-loaded one."""
    loaded = LoadedSite(
        parse_site(
            "site: deferred\nmatch: x\nfields:\n  title: article h1\n  body: {css: div.story p, multiple: true}\n"
            "  video: {css: 'iframe', attr: src}\n"
        ),
        CNBC,
    )
    with serve(PAGES) as base:
        live = await record(browser, base + "/delayed/after-load.html", loaded, tmp_path / "deferred")
    recording = open_recording(tmp_path / "deferred")
    expected = json.loads((recording.path / "expected.json").read_text())
    assert expected["data"]["video"] == "https://www.youtube.com/embed/Xy12AbCdEfG"
    assert len(expected["data"]["body"]) == 4 and "Memuat" not in (recording.path / "dom.html").read_text()
    replayed = await replay_render(browser, recording, loaded.site)
    assert replayed.data == live.data == expected["data"]


async def test_requests_missing_from_the_recording_are_listed(browser: Browser, tmp_path: Path) -> None:
    still = LoadedSite(parse_site("site: lazy\nmatch: x\nrender: {scroll: none}\nfields: {h: h1.headline}\n"), CNBC)
    with serve(PAGES) as base:
        await record(browser, base + "/lazy/", still, tmp_path / "lazy")
    scrolling = parse_site("site: lazy\nmatch: x\nfields: {h: h1.headline}\n")
    replayed = await replay_render(browser, open_recording(tmp_path / "lazy"), scrolling)
    missing = [w.message for w in replayed.warnings if w.kind == "unanswered"]
    assert replayed.data["h"] == "The new harbour opens after six years of work"
    assert any(message.endswith("/lazy/photo.svg") for message in missing), missing
    assert any(message.endswith("/lazy/player.html") for message in missing), missing


def test_shipped_recordings_pass() -> None:
    result = runner.invoke(app, ["test", str(REPO / "recordings")])
    assert result.exit_code == 0, result.output
    assert result.output.count("PASSED") >= 2


def test_a_broken_selector_fails_with_a_readable_diff(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)  # where ./recordings/ holds the site's recording (for the heal hint)
    broken = tmp_path / "cnbcindonesia.com.yaml"
    broken.write_text(CNBC.read_text().replace('css: ["div.jdl h1", "h1"]', 'css: ["div.jdl h2"]'))
    result = runner.invoke(app, ["test", str(REPO / "recordings" / "cnbcindonesia-seed-article"), "-s", str(broken)], env={"COLUMNS": "160"})
    assert result.exit_code == 1
    assert "FAILED" in result.output and "data.title" in result.output
    assert "Hamas Datang ke Kairo" in result.output and "null" in result.output
    hint = " ".join(result.output.split("hint: ")[1].split())  # the site has a recording under ./recordings/
    assert hint.startswith(f"title came back empty and cnbcindonesia has 1 recording; if the site changed: extractor heal {broken}")


def test_update_accepts_new_results(tmp_path: Path) -> None:
    copy = tmp_path / "rec"
    shutil.copytree(REPO / "recordings" / "cnbcindonesia-seed-article", copy)
    changed = tmp_path / "cnbcindonesia.com.yaml"
    changed.write_text(CNBC.read_text().replace("  published_text:", "  unused:").replace("fields:\n", "fields:\n  lang: {xpath: '/html/@lang'}\n", 1))
    assert runner.invoke(app, ["test", str(copy), "-s", str(changed)]).exit_code == 1
    assert runner.invoke(app, ["test", str(copy), "-s", str(changed), "--update"]).exit_code == 0
    assert json.loads((copy / "expected.json").read_text())["data"]["lang"] == "id"
    (copy / "fingerprints.json").unlink()
    assert runner.invoke(app, ["test", str(copy), "-s", str(changed), "--update"]).exit_code == 0  # passes, and
    assert json.loads((copy / "fingerprints.json").read_text())["fields"]["title"][0]["tag"] == "h1"  # prints again
    assert runner.invoke(app, ["test", str(copy), "-s", str(changed)]).exit_code == 0


def test_bad_recordings_give_one_line_and_exit_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["replay", str(tmp_path / "nope"), "--dom"])
    assert result.exit_code == 2 and result.output.strip() == f"error: {tmp_path / 'nope'}: no such recording folder"
    damaged = tmp_path / "damaged"
    shutil.copytree(REPO / "recordings" / "cnbcindonesia-seed-article", damaged)
    (damaged / "meta.json").write_text("{not json")
    result = runner.invoke(app, ["replay", str(damaged), "--dom"])
    assert result.exit_code == 2 and "meta.json: damaged" in result.output
    (damaged / "meta.json").write_text((REPO / "recordings" / "cnbcindonesia-seed-article" / "meta.json").read_text())
    (damaged / "network.har.zip").write_bytes(b"garbage")
    with pytest.raises(RecordingError, match=r"network\.har\.zip: not a readable HAR"):
        HarArchive(damaged / "network.har.zip")
    other = tmp_path / "other.yaml"
    other.write_text("site: kompas\nmatch: x\nfields: {t: h1}\n")
    result = runner.invoke(app, ["replay", str(damaged), "--dom", "-s", str(other)])
    assert result.exit_code == 2 and "recorded with site 'cnbcindonesia'" in result.output and "is for 'kompas'" in result.output
    unfinished = tmp_path / "x.partial-abc123"
    unfinished.mkdir()
    assert "unfinished recording" in runner.invoke(app, ["replay", str(unfinished), "--dom"]).output


async def test_record_never_overwrites_without_force(browser: Browser, tmp_path: Path) -> None:
    target = tmp_path / "rec"
    target.mkdir()
    (target / "keep.txt").write_text("mine")
    with pytest.raises(RecordingError, match="already exists"):
        await record(browser, "http://127.0.0.1:9/", load_site(CNBC), target)
    assert (target / "keep.txt").read_text() == "mine"


@pytest.mark.parametrize(
    "url",
    ["http://x/../../etc/passwd", "http://x/..%2f..%2fboot", "file:///etc/shadow", "http://CON/NUL", "http://x/" + "a/" * 200, "http://x/\x00\u202e"],
)
def test_folder_names_from_hostile_urls_stay_in_their_folder(url: str) -> None:
    name = folder_name("site", url)
    assert "/" not in name and "\\" not in name and ".." not in name and "\x00" not in name
    assert len(name) <= 100 and name.upper() not in {"CON", "NUL", "PRN", "AUX"}
    assert (Path("/base") / name).resolve().parent == Path("/base")


def test_explain_with_highlight_writes_a_png(tmp_path: Path) -> None:
    picture = tmp_path / "fields.png"
    env = {**os.environ, "COLUMNS": "160"}
    done = subprocess.run(
        [sys.executable, "-m", "extractor", "explain", str(REPO / "recordings" / "cnbcindonesia-seed-article"), "--highlight", str(picture)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "✓ css div.jdl h1 (1)" in done.stdout and "remove div.detail_text .baca-juga: dropped 1 node" in done.stdout
    assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "nodes outlined" in done.stderr
