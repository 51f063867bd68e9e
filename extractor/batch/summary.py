"""What a batch produced, per site: pages, failures, how often each field came back empty, and drift:
a field empty on so many of a site's pages that its selector has likely stopped matching."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from extractor.models import IssueKind, Result, is_empty


@dataclass(frozen=True)
class DriftRule:
    """When a field's empty pages are drift: at least ``share`` of at least ``least_pages`` pages read."""

    share: float = 0.2
    least_pages: int = 5


def failed(result: Result) -> bool:
    """The page could not be loaded, or no selector file served it."""
    return result.page_failed or any(issue.kind == IssueKind.SITE for issue in result.errors)


@dataclass
class SiteStats:
    """Counts for one site."""

    pages: int = 0
    failures: int = 0
    fetched: int = 0  # pages read over HTTP without a browser
    rendered: int = 0  # pages the browser loaded (or tried to)
    empty: Counter[str] = field(default_factory=Counter)
    empty_example: dict[str, str] = field(default_factory=dict)  # per field, the first page it was empty on

    @property
    def loaded(self) -> int:
        """Pages whose fields were read."""
        return self.pages - self.failures

    def drift(self, rule: DriftRule | None = None) -> list[str]:
        """The fields empty on so many of the pages read that their selectors likely stopped matching."""
        rule = rule or DriftRule()
        if self.loaded < rule.least_pages:
            return []
        return sorted(name for name, count in self.empty.items() if count / self.loaded >= rule.share)


@dataclass
class BatchSummary:
    """Accumulates results as they arrive."""

    sites: dict[str, SiteStats] = field(default_factory=dict)
    done: int = 0
    failures: int = 0

    def add(self, result: Result) -> None:
        """Count one result."""
        stats = self.sites.setdefault(result.site or "(no site)", SiteStats())
        stats.pages += 1
        stats.fetched += result.fetched
        stats.rendered += not result.fetched and not any(issue.kind == IssueKind.SITE for issue in result.errors)
        self.done += 1
        if failed(result):
            stats.failures += 1
            self.failures += 1
            return
        for name, value in result.data.items():
            if is_empty(value):
                stats.empty[name] += 1
                stats.empty_example.setdefault(name, result.url)

    def to_dict(self, render: dict[str, dict[str, Any]] | None = None) -> dict[str, Any]:
        """The summary as JSON (``batch --summary``); ``render``: adaptive rendering's report, per site."""
        sites = {}
        for name, stats in sorted(self.sites.items()):
            sites[name] = {
                "pages": stats.pages, "failed": stats.failures, "fetched": stats.fetched,
                "rendered": stats.rendered, "empty": dict(sorted(stats.empty.items())),
                "drift": {name: stats.empty_example[name] for name in stats.drift()},
            }  # fmt: skip
            if render is not None and name in render:
                sites[name]["render"] = render[name]
        return {"pages": self.done, "failed": self.failures, "sites": sites}
