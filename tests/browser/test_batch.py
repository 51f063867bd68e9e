"""Batch mode: every URL exactly once, retries of transient failures, a browser crash mid-batch."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from processes import chromium_pids

from extractor.batch import BatchOptions, JsonlWriter, finished_urls, run_batch
from extractor.batch.pool import BrowserPool
from extractor.batch.runner import batch_site, is_transient
from extractor.browser.tuning import RenderTuning
from extractor.models import Result
from extractor.sites import parse_site

SITE = parse_site("site: pages\nmatch: x\nrender: {scroll: none, timeout: 10}\nfields:\n  h: {css: h1, required: true}\n")
STALLED = parse_site("site: s\nmatch: x\nrender: {scroll: none, timeout: 15}\nfields:\n  p: p.body\n")
DELAYED = parse_site("site: delayed\nmatch: x\nrender: {scroll: none, wait_for: h1.headline}\nfields:\n  h: h1.headline\n")


async def test_retries_transient_failures_only(site_url: str) -> None:
    results: list[Result] = []
    urls = [f"{site_url}/__flaky/a?fail=2", f"{site_url}/__flaky/b?fail=5", f"{site_url}/__status/404"]
    await run_batch(urls, lambda url: SITE, BatchOptions(concurrency=2, retries=2, backoff=0.05), results.append)
    by_url = {r.url: r for r in results}
    assert len(results) == 3
    recovered = by_url[urls[0]]
    assert recovered.errors == [] and recovered.data["h"] == "/__flaky/a"
    assert [w.message for w in recovered.warnings] == [f"{urls[0]}: 2 retries"]
    still_busy = by_url[urls[1]]  # 3 tries, all 503
    assert still_busy.status == 503 and is_transient(still_busy)
    not_found = by_url[urls[2]]  # permanent: tried once
    assert not_found.status == 404 and not is_transient(not_found) and not_found.warnings == []


async def test_a_host_that_held_up_one_page_is_refused_at_once_on_the_next(site_url: str) -> None:
    results: list[Result] = []
    urls = [f"{site_url}/faults/stalled-script.html?n={n}" for n in range(3)]
    options = BatchOptions(concurrency=1, retries=0, tuning=RenderTuning(stall_after=1.0))
    await run_batch(urls, lambda url: STALLED, options, results.append)
    first, *later = results
    assert [w.kind for w in first.warnings] == ["stalled"] and "loaded again without localhost" in first.warnings[0].message
    assert first.timings["navigate"] >= 1.0
    for result in later:
        assert result.data["p"] == "The text after the script tag."
        assert [w.kind for w in result.warnings] == ["stalled"]
        assert "without localhost" in result.warnings[0].message and "an earlier page" in result.warnings[0].message
        assert result.timings["navigate"] < 1.0  # the stall was not waited for again


async def test_browser_killed_mid_batch_is_relaunched(site_url: str) -> None:
    pool = BrowserPool(restart_every=1000)
    results: list[Result] = []
    killed = False

    def on_result(result: Result) -> None:
        nonlocal killed
        results.append(result)
        if not killed:
            killed = True
            for pid in set(chromium_pids()) - others:
                with contextlib.suppress(ProcessLookupError):  # it may exit on its own first
                    os.kill(pid, signal.SIGKILL)

    urls = [f"{site_url}/delayed/?n={n}" for n in range(6)]
    others = set(chromium_pids())  # the session's shared browser must survive this test
    try:
        await run_batch(urls, lambda url: DELAYED, BatchOptions(concurrency=2, retries=2, backoff=0.05), on_result, pool=pool)
    finally:
        await pool.close()
    assert sorted(r.url for r in results) == sorted(urls)
    assert all(r.data.get("h") == "Pasar Terapung Kembali Ramai Setelah Banjir Surut" for r in results), [r.errors for r in results]
    assert pool.launches == 2


def test_batch_blocks_heavy_resources_unless_the_file_says() -> None:
    assert batch_site(SITE).render.block == ["image", "font", "media"]
    explicit = parse_site("site: s\nmatch: x\nrender: {block: []}\nfields: {h: h1}\n")
    assert batch_site(explicit).render.block == []


def test_resume_cuts_a_half_written_line(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text('{"url": "http://a/1", "data": {}}\n{"url": "http://a/2", "da')
    assert finished_urls(out) == {"http://a/1"}
    assert out.read_text() == '{"url": "http://a/1", "data": {}}\n'
    with JsonlWriter(out, append=True) as writer:
        writer.write({"url": "http://a/3"})
    assert [json.loads(line)["url"] for line in out.read_text().splitlines()] == ["http://a/1", "http://a/3"]


def test_kill_mid_run_then_resume_gives_every_url_once(site_url: str, tmp_path: Path) -> None:
    selectors = tmp_path / "pages.yaml"
    selectors.write_text("site: pages\nmatch: x\nrender: {scroll: none, wait_for: h1.headline}\nfields:\n  h: h1.headline\n")
    urls = [f"{site_url}/delayed/?n={n}" for n in range(8)]
    listing = tmp_path / "urls.txt"
    listing.write_text("# delayed pages\n\n" + "\n".join(urls) + "\n")
    out = tmp_path / "out.jsonl"
    command = [sys.executable, "-m", "extractor", "batch", str(listing), "-o", str(out), "-s", str(selectors), "-c", "2"]
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not out.exists() or out.read_text().count("\n") < 2):
        time.sleep(0.1)
    os.killpg(child.pid, signal.SIGKILL)  # the whole process group: no chance to clean up
    child.wait()
    written = out.read_text().splitlines()
    assert 2 <= len(written) < len(urls)
    done = subprocess.run([*command, "--resume"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert sorted(line["url"] for line in lines) == sorted(urls)
    assert all(line["data"]["h"] == "Pasar Terapung Kembali Ramai Setelah Banjir Surut" for line in lines)
    assert "resuming:" in done.stderr and "pages written to" in done.stderr
