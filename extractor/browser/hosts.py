"""Other hosts that cost a page time for nothing, remembered across the pages of a batch.

A host whose name does not resolve, or whose scripts hold the parser up without ever answering,
fails the same way on the next page of the same site; a batch refuses it at once there instead of
paying the lookup or the stall again. Memory is short, so a host that comes back is tried again.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

REMEMBER_FOR = 60.0  # seconds a host stays refused after it last failed a page


class HostMemory:
    """Hosts that failed a page recently, each until ``REMEMBER_FOR`` seconds after its last failure."""

    def __init__(self, remember_for: float = REMEMBER_FOR):
        self.remember_for = remember_for
        self._until: dict[str, float] = {}

    def remember(self, hosts: Iterable[str]) -> None:
        """Note that these hosts failed a page just now."""
        until = time.monotonic() + self.remember_for
        for host in hosts:
            self._until[host] = until

    def recent(self, besides: str | None = None) -> set[str]:
        """The hosts still remembered, other than ``besides`` (the page's own host is never refused)."""
        now = time.monotonic()
        for host in [host for host, until in self._until.items() if until <= now]:
            del self._until[host]
        return {host for host in self._until if host != besides}


class BadHosts:
    """What one batch has learned about other hosts: those that cannot be reached (refused without a
    word: they would fail anyway) and those that held a page up (refused with a ``stalled`` warning)."""

    def __init__(self, remember_for: float = REMEMBER_FOR):
        self.unreachable = HostMemory(remember_for)
        self.stalling = HostMemory(remember_for)
