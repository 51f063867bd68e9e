"""Finding the Chromium processes a test started, to kill them on purpose."""

from __future__ import annotations

import os
from pathlib import Path


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
