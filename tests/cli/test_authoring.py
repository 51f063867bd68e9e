"""Authoring commands as users run them: `validate` (exit codes, file:line:col lines) and `try`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from support import CNBC_PATH
from typer.testing import CliRunner

from extractor.cli.app import app

REPO = Path(__file__).parents[2]
SEED = REPO / "recordings" / "cnbcindonesia-seed-article"
CNBC_FILE = REPO / "selectors" / "cnbcindonesia.com.yaml"
WIDE = {"COLUMNS": "200"}
SHIPPED = len([path for path in (REPO / "selectors").iterdir() if path.suffix in (".yaml", ".yml")])
runner = CliRunner()


def test_validate_passes_on_the_shipped_selector_files() -> None:
    result = runner.invoke(app, ["validate", str(REPO / "selectors")])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr.strip() == f"{SHIPPED} file{'s' if SHIPPED != 1 else ''} OK"


def test_validate_defaults_to_the_shipped_files_outside_the_repo(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "extractor", "validate"], cwd=tmp_path, capture_output=True, text=True, timeout=60,
        env={**os.environ, "NO_COLOR": "1"},
    )  # fmt: skip
    assert done.returncode == 0 and done.stderr.strip().endswith(" OK"), done.stderr


def test_validate_prints_every_problem_and_exits_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("site: a\nmatch: x/*\nfields:\n  t: {css: 'h1[[', atr: href}\n  u: {xpath: '//p[@', type: number}\n")
    good = tmp_path / "good.yaml"
    good.write_text("site: b\nmatch: y/*\nfields:\n  t: h1\n")
    result = runner.invoke(app, ["validate", str(tmp_path)], env=WIDE)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{bad}:4:7: fields.t.css: invalid CSS selector 'h1[[': Expected ident or '*', got <DELIM '[' at 3>",
        f"{bad}:4:20: fields.t: unknown key 'atr' (did you mean 'attr'?)",
        f"{bad}:5:7: fields.u.xpath: invalid XPath '//p[@': Invalid expression",
        f"{bad}:5:23: fields.u.type: 'number' is not one of: 'text', 'html', 'int', 'float', 'url' or 'datetime'",
    ]
    assert result.stderr.strip() == "4 problems in 1 of 2 files"


def test_validate_reports_a_yaml_error_and_overlapping_files(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("site: a\n match: x\n")
    first = tmp_path / "a.yaml"
    first.write_text("site: a\nmatch: ['news.example/*']\nfields: {t: h1}\n")
    second = tmp_path / "b.yml"
    second.write_text("site: b\nmatch: 'news.example/2024/*'\nfields: {t: h1}\n")
    result = runner.invoke(app, ["validate", str(first), str(second), str(broken)], env=WIDE)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{second}:2:8: match: pattern 'news.example/2024/*' overlaps 'news.example/*' in {first}:2:9: "
        "both match e.g. 'news.example/2024/'; this file wins there (longer pattern)",
        f"{broken}:2:7: YAML syntax: mapping values are not allowed here",
    ]


def test_validate_bad_paths_exit_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", str(tmp_path / "nope")])
    assert result.exit_code == 2 and result.output.strip() == f"error: {tmp_path}/nope: no such file or folder"
    result = runner.invoke(app, ["validate", str(tmp_path)])
    assert result.exit_code == 2 and "no selector files (.yaml, .yml) in" in result.output


def test_try_css_on_a_recording() -> None:
    result = runner.invoke(app, ["try", str(SEED), "--css", "div.jdl h1"], env=WIDE)
    assert result.exit_code == 0, result.output
    assert "css div.jdl h1: 1 node" in result.stdout
    assert "as a field: Hamas Datang ke Kairo, Israel Beri Sinyal Gencatan Senjata Gaza" in result.stdout


def test_try_xpath_attr_and_type_convert_like_a_field() -> None:
    result = runner.invoke(
        app, ["try", str(SEED), "--xpath", "//div[contains(@class, 'video-embed')]//iframe", "--attr", "src", "--type", "url"],
        env=WIDE,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (
        "1 node" in result.stdout
        and "https://www.cnbcindonesia.com/embed/video/20241130152045-8-592640" in result.stdout
    )
    dated = runner.invoke(app, ["try", str(SEED), "--css", "div.jdl div.date", "--type", "datetime"], env=WIDE)
    assert "Minggu, 01/12/2024 14:15 WIB" in dated.stdout and "2024-12-01T14:15:00+07:00" in dated.stdout


def test_try_jsonld_path_reads_the_page_structured_data() -> None:
    result = runner.invoke(app, ["try", str(SEED), "--jsonld", "datePublished", "--type", "datetime"], env=WIDE)
    assert result.exit_code == 0, result.output
    assert "jsonld datePublished (type datetime): 1 value" in result.stdout
    assert "NewsArticle" in result.stdout and "as a field: 2024-12-01T14:15:00+07:00" in result.stdout
    typed = "jsonld author\njsonld publisher.logo\njsonld author..name\n"
    session = runner.invoke(app, ["try", str(SEED)], input=typed, env=WIDE)
    assert "as a field: Thea Fathanah Arbar" in session.stdout
    assert "jsonld publisher.logo: 0 values, matched nothing" in session.stdout
    assert "error: invalid JSON-LD path 'author..name'" in session.stderr


def test_try_shows_conversion_errors_per_value_and_applies_remove_rules() -> None:
    result = runner.invoke(app, ["try", str(SEED), "--css", "div.detail_text p", "--type", "int"], env=WIDE)
    assert result.exit_code == 0, result.output
    assert "error: no digits to make an int" in result.stdout
    assert "as a field: 7" in result.stdout and "conversion errors" in result.stdout
    assert "remove rules were applied first" in result.stderr
    assert "Baca Juga" not in result.stdout  # the site's remove rules dropped it, as extraction would


def test_try_matching_nothing_exits_1_and_bad_input_exits_2() -> None:
    result = runner.invoke(app, ["try", str(SEED), "--css", ".no-such-thing"])
    assert result.exit_code == 1 and "matched nothing" in result.stdout
    result = runner.invoke(app, ["try", str(SEED), "--css", "h1[["])
    assert result.exit_code == 2
    assert result.output.strip() == "error: invalid CSS selector 'h1[[': Expected ident or '*', got <DELIM '[' at 3>"
    result = runner.invoke(app, ["try", str(SEED), "--css", "h1", "--xpath", "//h1"])
    assert result.exit_code == 2 and "use one of --css, --xpath, --jsonld and --state" in result.output
    result = runner.invoke(app, ["try", str(SEED), "--css", "h1", "--type", "number"])
    assert result.exit_code == 2 and "unknown type 'number'" in result.output


def test_try_interactive_evaluates_each_line_against_one_snapshot() -> None:
    typed = "css div.jdl h1\nxpath //h1\nh1[[\nxpath //p[@\na.logo\nattr href\ntype url\ntype number\n\nquit\ncss h1\n"
    result = runner.invoke(app, ["try", str(SEED)], input=typed, env=WIDE)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.count("try> ") == 10  # stopped at quit: the last line was never read
    assert "css div.jdl h1: 1 node" in out and "xpath //h1: 1 node" in out
    assert "css a.logo (attr href): 1 node" in out
    assert "css a.logo (attr href, type url): 1 node" in out and "http://127.0.0.1:8765/" in out
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [
        "error: invalid CSS selector 'h1[[': Expected ident or '*', got <DELIM '[' at 3>",
        "error: invalid XPath '//p[@': Invalid expression",
        "error: unknown type 'number' (one of: text, html, int, float, url, datetime)",
    ]


def test_try_interactive_ends_at_end_of_input() -> None:
    result = runner.invoke(app, ["try", str(SEED), "--type", "datetime"], input="div.date\n", env=WIDE)
    assert result.exit_code == 0 and "2024-12-01T14:15:00+07:00" in result.stdout


def test_try_renders_a_url_once_with_its_render_steps(site_url: str) -> None:
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "extractor", "try", site_url + CNBC_PATH, "-s", str(CNBC_FILE)],
        input="css .video-embed iframe\nattr src\ntype url\nattr\ntype\nxpath //div[@class='jdl']/h1/text()\nquit\n",
        capture_output=True, text=True, timeout=120, env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    # the video is inserted only when scrolled into view: the file's render steps ran before the snapshot
    assert "https://www.cnbcindonesia.com/embed/video/20241130152045-8-592640" in done.stdout
    assert "as a field: Hamas Datang ke Kairo" in done.stdout
    assert "Traceback" not in done.stderr


def test_try_a_page_without_a_selector_file_uses_the_default_render(site_url: str) -> None:
    result = runner.invoke(app, ["try", site_url + "/lazy/", "--xpath", "//iframe/@src"], env=WIDE)
    assert result.exit_code == 0, result.output
    assert "no selector file matches" in result.stderr
    assert "https://www.youtube.com/embed/dQw4w9WgXcQ" in result.stdout
