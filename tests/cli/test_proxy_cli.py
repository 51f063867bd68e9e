"""Proxies on the command line: --proxy on the rendering commands, --proxies FILE in batch."""

from __future__ import annotations

import json
import socket
from pathlib import Path

from processes import run_cli

PAGE = "site: t\nmatch: ['*']\nrender: {scroll: none, timeout: 15}\nfields:\n  h: {css: h1.headline, required: true}\n"


def _dead_proxy() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}"


def test_extract_through_a_proxy(site_url: str, forward_proxy: tuple[str, Path], tmp_path: Path) -> None:
    proxy, log = forward_proxy
    selectors = tmp_path / "t.yaml"
    selectors.write_text(PAGE)
    start = len(log.read_text().splitlines())
    done = run_cli("extract", site_url + "/lazy/", "-s", str(selectors), "--proxy", proxy, "-o", "-")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["data"]["h"] == "The new harbour opens after six years of work"
    assert any(line.endswith(" /lazy/") for line in log.read_text().splitlines()[start:])
    bad = run_cli("extract", site_url + "/lazy/", "-s", str(selectors), "--proxy", "ftp://x:1")
    assert bad.returncode == 2
    assert bad.stderr == "error: --proxy: proxy 'ftp://x:1': the scheme must be one of http, https, socks5\n"


def test_batch_rotates_proxies_and_retires_a_dead_one(site_url: str, forward_proxy: tuple[str, Path], tmp_path: Path) -> None:
    proxy, _ = forward_proxy
    dead = _dead_proxy()
    selectors = tmp_path / "t.yaml"
    selectors.write_text(PAGE)
    proxies = tmp_path / "proxies.txt"
    proxies.write_text(f"# two proxies, one dead\n{dead}\n{proxy}\n")
    urls = tmp_path / "urls.txt"
    urls.write_text("".join(f"{site_url}/lazy/?page={n}\n" for n in range(8)))
    out = tmp_path / "out.jsonl"
    done = run_cli("batch", str(urls), "-o", str(out), "-s", str(selectors), "--proxies", str(proxies), "-c", "1")
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(rows) == 8 and all(row["data"]["h"] == "The new harbour opens after six years of work" for row in rows)
    assert f"proxy {dead}: " in done.stderr and "retired once for 60s after 3 failures in a row" in done.stderr
    assert f"proxy {proxy}: 8 pages, 0 failed" in done.stderr
    clash = run_cli("batch", str(urls), "-o", str(tmp_path / "x.jsonl"), "--proxies", str(proxies), "--proxy", proxy)
    assert clash.returncode == 2 and clash.stderr == "error: use one of --proxy and --proxies\n"
