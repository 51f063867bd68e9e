"""Proxies for a batch (``--proxies FILE``): one per page in turn, and a failing one retired a while.

Every page renders in a context of its own, so each page may go through another proxy. A proxy
whose pages fail ``retire_after`` times in a row, for a reason that points at the proxy (it cannot
be reached, refuses, wants credentials, or the page timed out through it), is left out for
``retire_for`` seconds, then tried again. When every proxy is retired, the one due back first is
used: a batch never waits for a proxy.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from extractor.batch.inputs import read_list
from extractor.errors import UsageError
from extractor.models import IssueKind, Result
from extractor.sites.checks import check_proxy, redact

PROXY_FAULTS = frozenset({IssueKind.PROXY, IssueKind.TIMEOUT})


@dataclass
class ProxyStats:
    """What one proxy did in the batch."""

    pages: int = 0
    failures: int = 0
    retirements: int = 0
    in_a_row: int = 0
    back_at: float = 0.0  # the clock's time at which a retired proxy is used again


class ProxyRotation:
    """Hands out proxies in turn and retires those that keep failing."""

    def __init__(
        self,
        proxies: Sequence[str],
        retire_after: int = 3,
        retire_for: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ):
        if not proxies:
            raise UsageError("no proxies given")
        self.proxies = list(dict.fromkeys(proxies))
        self.retire_after = retire_after
        self.retire_for = retire_for
        self.clock = clock
        self.stats = {proxy: ProxyStats() for proxy in self.proxies}
        self._turn = 0

    def take(self) -> str:
        """The next proxy in turn that is not retired (the one due back first when all are)."""
        now = self.clock()
        for step in range(len(self.proxies)):
            proxy = self.proxies[(self._turn + step) % len(self.proxies)]
            if self.stats[proxy].back_at <= now:
                self._turn = (self._turn + step + 1) % len(self.proxies)
                return proxy
        return min(self.proxies, key=lambda proxy: self.stats[proxy].back_at)

    def report(self, proxy: str, result: Result) -> None:
        """Count a page that went through ``proxy``; retire the proxy after too many faults in a row."""
        stats = self.stats[proxy]
        stats.pages += 1
        if not any(issue.kind in PROXY_FAULTS for issue in result.errors):
            stats.in_a_row = 0
            return
        stats.failures += 1
        stats.in_a_row += 1
        if stats.in_a_row >= self.retire_after:
            stats.in_a_row = 0
            stats.retirements += 1
            stats.back_at = self.clock() + self.retire_for

    def merge(self, other: ProxyRotation) -> None:
        """Count in what another rotation over the same proxies did (``--engine ray``: one per worker)."""
        for proxy, theirs in other.stats.items():
            mine = self.stats.setdefault(proxy, ProxyStats())
            mine.pages += theirs.pages
            mine.failures += theirs.failures
            mine.retirements += theirs.retirements

    def summary(self) -> list[str]:
        """One line per proxy: pages, failures, and how often it was retired (passwords hidden)."""
        lines = []
        for proxy, stats in self.stats.items():
            line = f"{redact(proxy)}: {stats.pages} page{'s' if stats.pages != 1 else ''}, {stats.failures} failed"
            if stats.retirements:
                times = "once" if stats.retirements == 1 else f"{stats.retirements} times"
                line += f", retired {times} for {self.retire_for:g}s after {self.retire_after} failures in a row"
            lines.append(line)
        return lines


def read_proxies(path: Path) -> list[str]:
    """Proxy URLs from a file, one a line (blank lines and ``#`` comments skipped); ``file:line`` errors."""
    name, lines = read_list(str(path), "proxy list")
    proxies = []
    for number, line in lines:
        line = re.sub(r"\s+#.*$", "", line)  # a comment after the URL; a '#' inside one is percent-encoded
        try:
            proxies.append(check_proxy(line))
        except ValueError as error:
            raise UsageError(f"{name}:{number}: {error}") from None
    if not proxies:
        raise UsageError(f"{name}: no proxies in the file")
    return proxies
