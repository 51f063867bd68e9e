"""Sessions on the command line: --cookie and --storage-state on the rendering commands, and login."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from processes import run_cli

MEMBERS = (
    "site: members\nmatch: ['*']\nrender: {wait_for: 'h1:not(:empty)', scroll: none, timeout: 10}\n"
    "fields:\n  title: h1\n  body: {css: p.story, required: true}\n"
)


@pytest.fixture
def members(tmp_path: Path) -> Path:
    path = tmp_path / "members.yaml"
    path.write_text(MEMBERS)
    return path


def test_extract_with_a_cookie_reads_the_logged_in_page(site_url: str, members: Path) -> None:
    url = site_url + "/__session/article"
    done = run_cli("extract", url, "-s", str(members), "--cookie", "session=ok", "-o", "-")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["data"] == {"title": "Members only", "body": "The logged-in story."}
    logged_out = run_cli("extract", url, "-s", str(members), "-o", "-")
    assert logged_out.returncode == 1 and json.loads(logged_out.stdout)["data"]["title"] == "Please log in"


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        (["--cookie", "session"], "error: --cookie 'session': expected NAME=VALUE"),
        (["--cookie", "a b=c"], "error: --cookie 'a b=c': 'a b' is not a cookie name"),
        (["--storage-state", "missing.json"], "error: storage state missing.json: no such file"),
    ],
)
def test_bad_session_options_stop_before_rendering_with_one_line(
    site_url: str, members: Path, arguments: list[str], expected: str
) -> None:
    for command in ("extract", "record", "explain", "try"):
        done = run_cli(command, site_url + "/__session/article", "-s", str(members), *arguments)
        assert done.returncode == 2, (command, done.stderr)
        assert done.stderr.startswith(expected) and done.stderr.count("\n") == 1, (command, done.stderr)


def test_batch_with_a_storage_state_file(site_url: str, members: Path, tmp_path: Path) -> None:
    host = site_url.split("//")[1].split(":")[0]
    state = tmp_path / "state.json"
    cookie = {"name": "session", "value": "ok", "domain": host, "path": "/", "expires": -1}
    state.write_text(json.dumps({"cookies": [cookie], "origins": []}))
    urls = tmp_path / "urls.txt"
    urls.write_text(f"{site_url}/__session/article\n{site_url}/__session/article?page=2\n")
    out = tmp_path / "out.jsonl"
    done = run_cli("batch", str(urls), "-o", str(out), "-s", str(members), "--storage-state", str(state), "-c", "2")
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [row["data"]["body"] for row in rows] == ["The logged-in story."] * 2


def test_login_without_a_display_says_so_in_one_line(tmp_path: Path) -> None:
    done = run_cli("login", "http://127.0.0.1:9/login", "-o", str(tmp_path / "state.json"), unset=("DISPLAY", "WAYLAND_DISPLAY"))
    assert done.returncode == 2
    assert done.stderr.startswith("error: login: no display to open a browser window on") and done.stderr.count("\n") == 1
    assert not (tmp_path / "state.json").exists()
