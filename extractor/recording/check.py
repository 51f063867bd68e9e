"""Check selector files against recordings: extract each again and compare with its ``expected.json``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from extractor.browser import Browser
from extractor.heal.fingerprint import fingerprints
from extractor.recording.compare import Difference, differences
from extractor.recording.folder import FINGERPRINTS, find_recordings, open_recording, write_json
from extractor.recording.replay import offline_browser, replay_dom, replay_offline
from extractor.recording.sites import site_for_recording


class Outcome(StrEnum):
    """What checking one recording found."""

    PASSED = "passed"  # the result equals expected.json
    FAILED = "failed"  # it differs (``differences``)
    UPDATED = "updated"  # it differed, and expected.json now holds the new result
    SKIPPED = "skipped"  # the recording has no expected.json


@dataclass
class Verdict:
    """One recording's check: its folder, the outcome, and how the result differed from the expected one."""

    path: Path
    outcome: Outcome
    differences: list[Difference] = field(default_factory=list)


async def check_recordings(
    paths: list[Path], selectors: Path | None = None, *, render: bool = False, update: bool = False
) -> list[Verdict]:
    """A verdict for each recording at or below ``paths``, extracted again with the current selector
    files (``selectors``, else each recording's own): from its ``dom.html``, or with ``render`` in
    one offline browser from its HAR. With ``update`` a differing result becomes the expected one."""
    verdicts = []
    async with _browser_if(render) as browser:
        for folder in find_recordings(paths):
            recording = open_recording(folder)
            expected = recording.expected()
            if expected is None:
                verdicts.append(Verdict(folder, Outcome.SKIPPED))
                continue
            site = site_for_recording(recording, selectors).site
            result = await replay_offline(recording, site, browser) if browser else replay_dom(recording, site)
            document = result.to_dict()
            found = differences(expected, document)
            if found and update:
                write_json(recording.expected_path, document)
            if update:  # the nodes the current selectors match, for `heal` (older recordings get theirs too)
                write_json(folder / FINGERPRINTS, fingerprints(recording.snapshot(), site))
            outcome = Outcome.PASSED if not found else Outcome.UPDATED if update else Outcome.FAILED
            verdicts.append(Verdict(folder, outcome, found))
    return verdicts


@asynccontextmanager
async def _browser_if(wanted: bool) -> AsyncIterator[Browser | None]:
    """One offline browser for every replay, when they render."""
    if not wanted:
        yield None
        return
    async with offline_browser() as browser:
        yield browser
