"""The processes of each tool under test: their Chromium memory (PSS) and CPU time, read from /proc."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
from multiprocessing.sharedctypes import SynchronizedArray
from multiprocessing.synchronize import Event as EventType
from pathlib import Path

SAMPLE_EVERY = 2.0  # seconds between memory samples: reading PSS walks each process's page tables,
# and every 0.25 s that slowed Chromium itself by a fifth at 4 pages at once (floor 1.7 vs 2.2 pages/s)


def process_table() -> dict[int, tuple[int, str]]:
    """Every running process: pid -> (parent pid, command name)."""
    table = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            table[int(entry.name)] = (parent, (entry / "comm").read_text().strip())
        except (OSError, IndexError, ValueError):
            continue  # the process ended meanwhile
    return table


def descendants(root: int) -> dict[int, str]:
    """Every running process below ``root``: pid -> command name."""
    table = process_table()
    below = {}
    for pid, (parent, name) in table.items():
        ancestor = parent
        while ancestor and ancestor != root:
            ancestor = table[ancestor][0] if ancestor in table else 0
        if ancestor == root:
            below[pid] = name
    return below


def chromium_memory_mb(root: int | None = None) -> float:
    """Memory of every Chromium process below ``root`` (this process), in MB: the sum of their PSS.

    PSS charges each process its share of pages it shares with others, so Chromium's code and the
    shared memory between its processes count once. Summed RSS would count them once per process
    and grow with the number of processes rather than with the memory they use.
    """
    total_kb = 0
    for pid, name in descendants(root or os.getpid()).items():
        if "chrom" not in name:
            continue
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue  # the process ended meanwhile
        total_kb += sum(int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:"))
    return total_kb / 1024


class MemorySampler:
    """Peak Chromium memory below each of ``roots``, sampled by a separate process (``with`` block).

    Reading PSS costs about 50 ms of CPU per sample; done in this process it would stall the event
    loop that the floor and extractor run on, and not the peers, which run in their own processes.
    The sampler is a fresh interpreter (spawned, not forked): a forked copy shares this process's
    memory copy-on-write, so each page this process then writes is copied first, which made the
    in-process tools 5-7% slower at one page at a time and left the peers untouched. It runs at the
    lowest priority, and entering the block waits until it has started.
    """

    def __init__(self, roots: list[int]):
        context = multiprocessing.get_context("spawn")
        self.peaks = context.Array("d", len(roots))
        self.ready, self.stop = context.Event(), context.Event()
        self.process = context.Process(target=_sample_peaks, args=(roots, self.peaks, self.ready, self.stop))
        self.process.daemon = True

    async def __aenter__(self) -> MemorySampler:
        self.process.start()
        await asyncio.to_thread(self.ready.wait, 30)
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.stop.set()
        await asyncio.to_thread(self.process.join)

    def peak(self, index: int) -> float:
        return float(self.peaks[index])


def _sample_peaks(roots: list[int], peaks: SynchronizedArray[float], ready: EventType, stop: EventType) -> None:
    """In the sampler process: keep each root's peak of ``chromium_memory_mb`` until ``stop`` is set."""
    os.nice(19)  # memory changes slowly: a sample taken a little late loses nothing
    ready.set()
    while not stop.is_set():
        for index, root in enumerate(roots):
            peaks[index] = max(peaks[index], chromium_memory_mb(root))
        stop.wait(SAMPLE_EVERY)


def playwright_drivers() -> set[int]:
    """The Playwright driver processes (node) started by this process: each tool has its own, and its
    browser's processes all run below it."""
    mine = os.getpid()
    return {pid for pid, (parent, name) in process_table().items() if parent == mine and name.startswith("node")}


def cpu_seconds(root: int) -> float:
    """CPU time (user + system) of every process below ``root``, the ended ones included.

    A process's own time plus the time of the children it has reaped (``cutime``/``cstime``): a
    renderer that has exited is counted in the process that waited for it, which is below ``root``
    too. Processes that ended unreaped since the last reading are lost; Chromium reaps at once.
    """
    ticks = 0
    for pid in descendants(root):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended meanwhile
        ticks += sum(int(value) for value in fields[11:15])  # utime, stime, cutime, cstime
    return ticks / os.sysconf("SC_CLK_TCK")
