"""``batch --engine ray``: the same pages on Ray workers give the same lines as the local batch, each
URL exactly once, through a worker killed mid-run and a driver cut off and resumed.

Ray is started in the test session itself (2 CPUs, no dashboard); its workers start their own Chromium.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from processes import interrupt
from typer.testing import CliRunner

from extractor.batch import BatchOptions, run_batch, run_to_jsonl
from extractor.batch.adaptive import AdaptiveRendering, AdaptiveSettings
from extractor.batch.proxies import ProxyRotation
from extractor.batch.ray_engine import RayEngine, import_ray, run_ray_batch
from extractor.cli.app import app
from extractor.models import IssueKind, Result
from extractor.sites import parse_site

pytestmark = pytest.mark.browser

STORIES = parse_site(
    "site: stories\nmatch: x\nrender: {browser: always, scroll: none, timeout: 15}\nfields:\n"
    "  title: {css: h1, required: true}\n"
    "  body: {css: p.story, multiple: true}\n"
)


@pytest.fixture(scope="module")
def ray_cluster() -> Iterator[Any]:
    ray = import_ray()
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level="warning")
    try:
        yield ray
    finally:
        ray.shutdown()


def urls(site_url: str, count: int) -> list[str]:
    return [f"{site_url}/__adaptive/{n}?switch=0" for n in range(1, count + 1)]  # drawn by a script


def lines(path: Path) -> list[dict[str, Any]]:
    """The output's lines without their timings, which differ from run to run."""
    return [{k: v for k, v in json.loads(line).items() if k != "timings"} for line in path.read_text().splitlines()]


def on_ray(workers: int) -> Any:
    async def engine(todo: list[str], site_for: Any, options: BatchOptions, on_result: Any) -> None:
        await run_ray_batch(todo, site_for, options, on_result, engine=RayEngine(workers=workers))

    return engine


def worker_pids() -> list[int]:
    """The processes of the page workers (Ray titles an actor's process ``ray::PageWorker``)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and (entry / "cmdline").read_bytes().startswith(b"ray::PageWorker"):
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def workers_gone(within: float = 15) -> bool:
    """Whether the page workers' processes end (Ray stops a killed actor's process soon, not at once)."""
    deadline = time.monotonic() + within
    while worker_pids():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True


async def test_ray_gives_the_local_batch_s_lines(ray_cluster: Any, site_url: str, tmp_path: Path) -> None:
    todo = urls(site_url, 8)
    local, on_cluster = tmp_path / "local.jsonl", tmp_path / "ray.jsonl"
    options = BatchOptions(concurrency=2, retries=0)
    await run_to_jsonl(todo, lambda url: STORIES, local, options)
    await run_to_jsonl(todo, lambda url: STORIES, on_cluster, options, engine=on_ray(2))
    key = lambda line: line["url"]  # noqa: E731
    assert sorted(lines(on_cluster), key=key) == sorted(lines(local), key=key)
    assert all(line["data"]["title"] for line in lines(on_cluster))


async def test_a_worker_killed_mid_run_loses_no_page_and_writes_none_twice(
    ray_cluster: Any, site_url: str, tmp_path: Path
) -> None:
    todo = urls(site_url, 24)
    out = tmp_path / "out.jsonl"
    killed: list[int] = []

    def kill_one(result: Result, summary: Any) -> None:
        if summary.done == 4 and not killed:
            pids = worker_pids()
            assert len(pids) == 2, pids
            os.kill(pids[0], signal.SIGKILL)
            killed.append(pids[0])

    await run_to_jsonl(
        todo, lambda url: STORIES, out, BatchOptions(concurrency=2, retries=0), on_result=kill_one, engine=on_ray(2)
    )
    written = lines(out)
    assert killed and sorted(line["url"] for line in written) == sorted(todo)
    assert all(line["errors"] == [] and line["data"]["title"] for line in written), written
    retried = [line for line in written if any(w["kind"] == IssueKind.RETRIED for w in line["warnings"])]
    assert retried and all("run again after a worker running it was lost" in str(line["warnings"]) for line in retried)
    assert workers_gone()  # the run's workers are gone with it, the restarted one too


class CutOffError(Exception):
    """The driver stopped mid-run (as by Ctrl-C or a kill)."""


async def cut_off_then_resume(site_url: str, out: Path, first: Any) -> None:
    todo = urls(site_url, 10)

    def stop(result: Result, summary: Any) -> None:
        if summary.done == 3:
            raise CutOffError

    with pytest.raises(CutOffError):
        await run_to_jsonl(todo, lambda url: STORIES, out, BatchOptions(concurrency=2), on_result=stop, engine=first)
    assert 3 <= len(lines(out)) < 10 and workers_gone()
    await run_to_jsonl(todo, lambda url: STORIES, out, BatchOptions(concurrency=2), resume=True, engine=on_ray(2))
    assert sorted(line["url"] for line in lines(out)) == sorted(todo)


async def test_a_run_cut_off_locally_goes_on_with_ray(ray_cluster: Any, site_url: str, tmp_path: Path) -> None:
    await cut_off_then_resume(site_url, tmp_path / "out.jsonl", run_batch)


async def test_a_ray_run_cut_off_goes_on_with_resume(ray_cluster: Any, site_url: str, tmp_path: Path) -> None:
    await cut_off_then_resume(site_url, tmp_path / "out.jsonl", on_ray(2))


async def test_auto_learns_a_site_once_for_all_workers(ray_cluster: Any, site_url: str, tmp_path: Path) -> None:
    served = parse_site("site: stories\nmatch: x\nrender: {scroll: none}\nfields:\n  title: {css: h1, required: true}\n")
    adaptive = AdaptiveRendering(AdaptiveSettings(equal_to_trust=3, sample_every=100))
    out = tmp_path / "out.jsonl"
    todo = [f"{site_url}/__adaptive/{n}" for n in range(1, 17)]
    await run_to_jsonl(todo, lambda url: served, out, BatchOptions(concurrency=2, adaptive=adaptive), engine=on_ray(2))
    written = lines(out)
    assert sorted(line["data"]["title"] for line in written) == sorted(f"Story {n}" for n in range(1, 17))
    assert sum(not line.get("fetched") for line in written) == 3  # 3 pages both ways for both workers, not 3 each
    assert adaptive.report()["stories"] == {
        "fetched": 13, "rendered": 3, "rendered_why": {"had both ways, learning": 3}, "now": "http", "browser_why": None
    }  # fmt: skip


async def test_proxies_on_ray_carry_the_pages_and_their_counts_add_up(
    ray_cluster: Any, site_url: str, tmp_path: Path, forward_proxy: tuple[str, Path]
) -> None:
    proxy, log = forward_proxy
    start = len(log.read_text().splitlines())
    rotation = ProxyRotation([proxy])
    todo = urls(site_url, 4)
    options = BatchOptions(concurrency=2, retries=0, proxies=rotation)
    await run_to_jsonl(todo, lambda url: STORIES, tmp_path / "out.jsonl", options, engine=on_ray(2))
    assert all(line["data"]["title"] for line in lines(tmp_path / "out.jsonl"))
    through = {line.split(" ", 2)[2] for line in log.read_text().splitlines()[start:]}
    assert {url.removeprefix(site_url) for url in todo} <= through, through
    assert rotation.summary() == [f"{proxy}: 4 pages, 0 failed"]


def test_an_unreachable_cluster_is_a_one_line_error(tmp_path: Path) -> None:
    listing = tmp_path / "urls.txt"
    listing.write_text("http://127.0.0.1:9/a\n")
    selectors = tmp_path / "s.yaml"
    selectors.write_text("site: s\nmatch: '*'\nfields:\n  t: h1\n")
    started = time.monotonic()
    done = CliRunner().invoke(app, [
        "batch", str(listing), "-o", str(tmp_path / "o.jsonl"), "-s", str(selectors), "--engine", "ray",
        "--address", "127.0.0.1:9",
    ])  # fmt: skip
    assert done.exit_code == 2
    assert "--engine ray: cannot reach the Ray cluster at 127.0.0.1:9 (Connection refused)" in done.output
    assert time.monotonic() - started < 10
    selectors.write_text("site: s\nmatch: '*'\nfields:\n  t: {css: h1, tyep: text}\n")
    done = CliRunner().invoke(
        app, ["batch", str(listing), "-o", str(tmp_path / "o.jsonl"), "-s", str(selectors), "--engine", "ray"]
    )
    assert done.exit_code == 2 and f"{selectors}:4" in done.output


def test_ctrl_c_on_the_command_line_then_resume_on_ray(site_url: str, tmp_path: Path) -> None:
    """The real command, its own local Ray cluster: Ctrl-C keeps whole lines and stops the workers;
    ``--resume`` finishes the run, each URL once."""
    selectors = tmp_path / "s.yaml"
    selectors.write_text(
        "site: stories\nmatch: '*'\nrender: {browser: always, scroll: none}\nfields:\n  title: {css: h1, required: true}\n"
    )
    listing = tmp_path / "urls.txt"
    listing.write_text("".join(f"{url}\n" for url in urls(site_url, 16)))
    out = tmp_path / "out.jsonl"
    command = ["batch", str(listing), "-o", str(out), "-s", str(selectors), "--engine", "ray", "--workers", "2", "-c", "2"]
    done = interrupt(command, tmp_path, lambda: out.exists() and out.read_text().count("\n") >= 3)
    assert done.returncode == 130 and done.stderr.strip().splitlines()[-1] == "error: interrupted", done.stderr
    text = out.read_text()
    assert text.endswith("\n") and 3 <= len(text.splitlines()) < 16
    assert workers_gone()
    again = subprocess.run(
        [sys.executable, "-m", "extractor", *command, "--resume"], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert again.returncode == 0, again.stderr
    assert sorted(line["url"] for line in lines(out)) == sorted(urls(site_url, 16))
