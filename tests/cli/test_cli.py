"""The command line as users run it: exit codes, one-line errors, JSON on stdout, the preview."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from processes import run_cli
from support import CNBC_PATH
from typer.testing import CliRunner

from extractor.cli.app import app

REPO = Path(__file__).parents[2]
CNBC_FILE = REPO / "selectors" / "cnbcindonesia.com.yaml"
runner = CliRunner()


def test_extract_json_to_stdout(site_url: str) -> None:
    done = run_cli("extract", site_url + CNBC_PATH, "--selectors", str(CNBC_FILE), "-o", "-")
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert set(document) >= {"url", "final_url", "site", "data", "media", "errors"}
    assert document["site"] == "cnbcindonesia"
    assert document["data"]["video"]["embed_url"] == "https://www.cnbcindonesia.com/embed/video/20241130152045-8-592640"
    assert document["media"][0]["kind"] == "embed"


def test_extract_preview_and_file_output(site_url: str, tmp_path: Path) -> None:
    out = tmp_path / "seed.json"
    done = run_cli("extract", site_url + CNBC_PATH, "-s", str(CNBC_FILE), "-o", str(out))
    assert done.returncode == 0 and json.loads(out.read_text())["data"]["author"] == "Thea Fathanah Arbar"
    done = run_cli("extract", site_url + CNBC_PATH, "-s", str(CNBC_FILE))
    assert done.returncode == 0
    for text in ("Hamas Datang ke Kairo", "Jakarta, CNBC Indonesia", "media", "cnbcindonesia.com/embed/video"):
        assert text in done.stdout


def test_required_field_missing_exits_1_and_still_writes(site_url: str, tmp_path: Path) -> None:
    selectors = tmp_path / "s.yaml"
    selectors.write_text("site: t\nmatch: x\nrender: {scroll: none}\nfields:\n  h: h1.headline\n  nope: {css: .nope, required: true}\n")
    out = tmp_path / "out.json"
    done = run_cli("extract", site_url + "/lazy/", "-s", str(selectors), "-o", str(out))
    assert done.returncode == 1
    assert json.loads(out.read_text())["data"]["h"] == "The new harbour opens after six years of work"
    assert "error: required field 'nope' matched nothing (.nope)" in done.stderr


def test_unreachable_url_exits_3_with_one_line(tmp_path: Path) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    done = run_cli("extract", f"http://127.0.0.1:{port}/x", "-s", str(CNBC_FILE), "-o", "-")
    assert done.returncode == 3
    assert done.stderr.strip() == f"error: http://127.0.0.1:{port}/x: connection refused (ERR_CONNECTION_REFUSED)"
    assert json.loads(done.stdout)["errors"][0]["kind"] == "refused"


def test_render_timeout_exits_3(site_url: str) -> None:
    done = run_cli("extract", site_url + "/__hang", "-s", str(CNBC_FILE), "--timeout", "1.5", "-o", "-")
    assert done.returncode == 3
    assert "did not load within 1.5s" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("site: a\n match: x\n", "bad.yaml:2:7: YAML syntax: mapping values are not allowed here"),
        ("site: a\nmatch: x\nfields:\n  t: {css: h1, typ: int}\n", "bad.yaml:4:16: fields.t: unknown key 'typ' (did you mean 'type'?)"),
        ("site: a\nmatch: x\nfields:\n  t: 'div >> p'\n", "bad.yaml:4:3: fields.t.css: invalid CSS selector 'div >> p'"),
        ("site: a\nmatch: x\nfields:\n  t: {xpath: '//p[@'}\n", "bad.yaml:4:7: fields.t.xpath: invalid XPath '//p[@'"),
    ],
)
def test_bad_selector_file_exits_2_with_file_and_line(tmp_path: Path, content: str, message: str) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(content)
    result = runner.invoke(app, ["extract", "https://www.example.com/a", "--selectors", str(bad)])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {bad.parent}/{message}"), result.output


def test_bad_usage_exits_2() -> None:
    result = runner.invoke(app, ["extract", "gopher://x/y"])
    assert result.exit_code == 2 and "unsupported URL scheme 'gopher'" in result.output
    result = runner.invoke(app, ["extract", "no-such-file.html"])
    assert result.exit_code == 2 and "no-such-file.html: no such file" in result.output


def test_sites_lists_files_and_patterns() -> None:
    result = runner.invoke(app, ["sites", "--selectors", str(REPO / "selectors")], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "cnbcindonesia" in result.output and "www.cnbcindonesia.com/*/*" in result.output


def test_default_selectors_are_found_outside_the_repo(tmp_path: Path) -> None:
    done = run_cli("sites", cwd=tmp_path)
    assert done.returncode == 0 and "cnbcindonesia" in done.stdout


def test_demo_runs_offline() -> None:
    done = run_cli("demo")
    assert done.returncode == 0, done.stderr
    for text in ("Hamas Datang ke Kairo", "Thea Fathanah Arbar", "Video: Israel Bombardir Gaza Utara", "embed"):
        assert text in done.stdout
    assert "Menara Kompas" not in done.stdout and "All Channels" not in done.stdout


def test_batch_summary_flags_drift_and_says_how_to_heal_it(site_url: str, tmp_path: Path) -> None:
    selectors = tmp_path / "news.yaml"
    selectors.write_text("site: news\nmatch: x\nrender: {scroll: none}\nfields:\n  title: h1\n  byline: {css: .byline, required: true}\n")
    listing = tmp_path / "urls.txt"
    listing.write_text("".join(f"{site_url}/tracker/?n={n}\n" for n in range(5)) + f"{site_url}/__status/500\n")
    out = tmp_path / "out.jsonl"
    done = run_cli("batch", str(listing), "-o", str(out), "-s", str(selectors), "--retries", "0", "--timeout", "10")
    assert done.returncode == 1  # one page failed
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(lines) == 6
    failed = [line for line in lines if line["errors"] and line["errors"][0]["kind"] == "http"]
    assert len(failed) == 1 and failed[0]["status"] == 500 and failed[0]["data"] == {}
    assert "byline 5/5 (drift: selector broken?)" in done.stderr and "title 0/5" not in done.stderr
    hint = " ".join(done.stderr.split("drift on news: byline empty on many pages; record one, then heal:")[1].split())
    assert hint.startswith(f"extractor record {site_url}/tracker/?n=") and "-o recordings/news-drift &&" in hint
    assert f"extractor heal {selectors} --page recordings/news-drift" in hint
    assert "6 pages written to" in done.stderr


def test_extract_hints_at_heal_when_a_required_field_is_empty(site_url: str, tmp_path: Path) -> None:
    shutil.copytree(REPO / "recordings" / "cnbcindonesia-seed-article", tmp_path / "recordings" / "seed")
    changed = tmp_path / "cnbc.yaml"
    changed.write_text((REPO / "selectors" / "cnbcindonesia.com.yaml").read_text().replace('"div.jdl h1", "h1"', '"h2.gone"'))
    done = run_cli("extract", site_url + CNBC_PATH, "-s", str(changed), cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    hint = " ".join(done.stderr.split("hint: ")[1].split())
    assert hint == f"title came back empty and cnbcindonesia has 1 recording; if the site changed: extractor heal {changed} --page {site_url + CNBC_PATH}"


def test_batch_refuses_to_overwrite_without_a_flag(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text('{"url": "http://a/1"}\n')
    listing = tmp_path / "urls.txt"
    listing.write_text("http://a/1\nnot a url\n")
    result = runner.invoke(app, ["batch", str(listing), "-o", str(out), "-s", str(CNBC_FILE)])
    assert result.exit_code == 2 and f"{listing}:2: not a url: no such file" in result.output
    listing.write_text("http://a/1\n")
    result = runner.invoke(app, ["batch", str(listing), "-o", str(out), "-s", str(CNBC_FILE)])
    assert result.exit_code == 2 and "exists; pass --resume to continue it or --overwrite" in result.output
    assert out.read_text() == '{"url": "http://a/1"}\n'
