"""Tests that deal in processes: running the command line as a user would, finding Chromium to kill."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).parents[1]


def run_cli(*args: str, cwd: Path = REPO, unset: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    """The installed command in a child process, as a user would run it (without the ``unset`` variables)."""
    env = {key: value for key, value in os.environ.items() if key not in unset} | {"COLUMNS": "120", "NO_COLOR": "1"}
    command = [sys.executable, "-m", "extractor", *args]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def chromium_pids() -> list[int]:
    """Chromium processes started below this test process."""
    mine = os.getpid()
    parents: dict[int, int] = {}
    names: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                names[int(entry.name)] = (entry / "comm").read_text().strip()
            except (OSError, IndexError, ValueError):
                continue
    found = []
    for pid, name in names.items():
        ancestor = parents.get(pid)
        while ancestor and ancestor != mine:
            ancestor = parents.get(ancestor)
        if ancestor == mine and "chrom" in name:
            found.append(pid)
    return found


def interrupt(arguments: list[str], cwd: Path, ready: Callable[[], bool]) -> subprocess.CompletedProcess[str]:
    """Start the CLI in its own process group, wait until ``ready()``, then Ctrl-C the whole group."""
    child = subprocess.Popen(
        [sys.executable, "-m", "extractor", *arguments], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not ready():
        time.sleep(0.1)
    os.killpg(child.pid, signal.SIGINT)  # what a terminal does on Ctrl-C
    stdout, stderr = child.communicate(timeout=60)
    return subprocess.CompletedProcess(child.args, child.returncode, stdout, stderr)
