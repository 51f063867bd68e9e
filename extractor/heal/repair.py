"""Heal a selector file on a changed page: find the fields the change broke, propose a fix for each,
prove the fixes together, and write the proven ones into the file's text.

A field is broken when it fails or comes back empty on the new page while the recording has a value,
or when it is read from a later fallback than on the recording (the expression that matched then
matches nothing now). The recording whose ``fingerprints.json`` and ``expected.json`` describe the
field is the newest one holding both; every recording of the site is used for the proof.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractor.errors import RecordingError
from extractor.extract.engine import Explanation, FieldTrace, explain, extract
from extractor.heal.evidence import NewPage, Recorded, value_at
from extractor.heal.patch import expressions, patch_source, unified_diff, with_expressions
from extractor.heal.proof import regression
from extractor.heal.propose import HealSettings, Proposal, propose
from extractor.models import IssueKind, Snapshot, is_empty
from extractor.recording.folder import FINGERPRINTS, Recording, find_recordings, open_recording
from extractor.sites import LoadedSite, Site, parse_site


@dataclass(frozen=True)
class Broken:
    """A field the change broke, and how."""

    name: str  # its path (``video.title`` for a nested field)
    why: str


@dataclass
class HealReport:
    """What ``heal`` found and proposed for one selector file on one changed page."""

    loaded: LoadedSite
    page_url: str
    checked: list[Recording]  # the recordings the proof replayed
    broken: list[Broken]
    proposals: dict[str, Proposal]  # by field name; only for the top-level fields it could try
    source: str  # the file's text
    patched_source: str | None = None  # the text with every proven fix, when there is one
    notes: list[str] = field(default_factory=list)

    @property
    def proven(self) -> list[Proposal]:
        """The proposals that are proven, in the file's field order."""
        return [proposal for proposal in self.proposals.values() if proposal.proven]

    @property
    def healed(self) -> bool:
        """Whether every broken field has a proven fix."""
        return all(item.name in self.proposals and self.proposals[item.name].proven for item in self.broken)

    def diff(self) -> str:
        """The proven fixes as a unified diff of the file ('' when there are none)."""
        if self.patched_source is None:
            return ""
        return unified_diff(self.source, self.patched_source, self.loaded.path)


def heal(
    loaded: LoadedSite, page: Snapshot, recordings: list[Recording], settings: HealSettings | None = None
) -> HealReport:
    """Find what broke on ``page`` for the site of ``loaded`` and propose proven fixes, checked
    against ``recordings`` (the site's older ones)."""
    reference = _reference(loaded, recordings)
    recorded = Recorded.of(reference, loaded.site)
    site = loaded.site
    now = explain(page, site)
    broken = broken_fields(site, now, recorded.explanation, recorded.data)
    source = loaded.path.read_text(encoding="utf-8")
    report = HealReport(loaded, page.final_url, recordings, broken, {}, source)
    new_page = NewPage.of(page)
    if site.render.wait_for and not new_page.root.css(site.render.wait_for):
        report.notes.append(f"render.wait_for {site.render.wait_for!r} matches nothing on the new page; fix it by hand")
    containers = {trace.path: trace.node_paths for trace in now.fields}
    for item in broken:
        within = None
        if "." in item.name:
            within = _container(new_page, site, item.name, containers)
            if within is None:
                report.notes.append(f"{item.name}: not healed (inside a list, or two levels deep); fix it by hand")
                continue
        report.proposals[item.name] = propose(site, item.name, recorded, new_page, recordings, settings, within)
    _prove_together(report, page)
    return report


def recordings_of(loaded: LoadedSite, paths: list[Path], leave_out: Path | None = None) -> list[Recording]:
    """The recordings of ``loaded``'s site at or below ``paths`` (``leave_out``: the changed page's own);
    one given by name that was made for another site is an error."""
    found = []
    for folder in find_recordings(paths):
        if leave_out is not None and folder.resolve() == leave_out.resolve():
            continue
        recording = open_recording(folder)
        site = (recording.meta.get("selectors") or {}).get("site")
        if site == loaded.name:
            found.append(recording)
        elif folder in paths:
            raise RecordingError(f"{folder}: a recording of site {site!r}, not {loaded.name!r} ({loaded.path})")
    return found


def broken_fields(site: Site, now: Explanation, then: Explanation, recorded: dict[str, Any]) -> list[Broken]:
    """The fields (top-level and nested) that the change broke, in the file's order."""
    failing = {
        issue.field: "empty (required)" if issue.kind == IssueKind.REQUIRED else f"fails: {issue.message}"
        for issue in now.result.errors
        if issue.field
    }
    old = {trace.path: trace for trace in then.fields}
    found: list[Broken] = []
    for trace in now.fields:
        before = old.get(trace.path)
        top = trace.path.split(".")[0]
        if before is None or is_empty(value_at(recorded, trace.path)) or (top != trace.path and _broken(found, top)):
            continue
        why = _why_broken(trace, before, failing.get(trace.path), site, recorded)
        if why is not None:
            found.append(Broken(trace.path, why))
    return found


def _why_broken(
    trace: FieldTrace, before: FieldTrace, failure: str | None, site: Site, recorded: dict[str, Any]
) -> str | None:
    spec = site.fields.get(trace.path)
    if failure is not None:
        return failure
    if is_empty(trace.value) or (spec is not None and spec.default is not None and trace.value == spec.default):
        return "empty" if is_empty(trace.value) else "gives only its default"
    order = [expression for _, expression, _ in trace.tried]
    if before.matched in order and trace.matched in order and order.index(trace.matched) > order.index(before.matched):
        return f"falls back to {trace.matched!r} (recorded: {before.matched!r})"
    return None


def _prove_together(report: HealReport, page: Snapshot) -> None:
    """Apply every proven fix at once, and keep them only if the file they make still passes the
    proof as a whole (the older recordings, and each field's value on the new page)."""
    proven = report.proven
    if not proven:
        return
    site = report.loaded.site
    for proposal in proven:
        assert proposal.patched is not None
        site = with_expressions(site, proposal.name, *expressions(proposal.patched, proposal.name))
    changes = {proposal.name: expressions(site, proposal.name) for proposal in proven}
    text = patch_source(report.source, report.loaded.path, changes)
    written = parse_site(text, report.loaded.path)
    problem = None if written.fields == site.fields else "the patched file does not read back as proven"
    problem = problem or regression(site, report.checked)
    values = extract(page, site).data
    for proposal in proven:
        assert proposal.patched is not None
        alone = value_at(extract(page, proposal.patched).data, proposal.name)
        if problem is None and value_at(values, proposal.name) != alone:
            problem = f"together with the other fixes, {proposal.name} changes"
    if problem is not None:
        for proposal in proven:
            proposal.proven, proposal.reason = False, f"not proven together: {problem}"
        return
    report.patched_source = text


def _container(page: NewPage, site: Site, path: str, matched: dict[str, list[str]]) -> Any:
    """For a field one level inside another (not a list), that field's element on the new page."""
    outer = path.split(".")
    if len(outer) != 2 or site.fields[outer[0]].multiple or not matched.get(outer[0]):
        return None
    found = page.root.root.getroottree().xpath(matched[outer[0]][0])
    return found[0] if isinstance(found, list) and found else None


def _reference(loaded: LoadedSite, recordings: list[Recording]) -> Recording:
    """The newest recording with both fingerprints and an expected result."""
    usable = [r for r in recordings if r.fingerprints() is not None and r.expected() is not None]
    if not usable:
        raise RecordingError(
            f"{loaded.path}: no recording of site {loaded.name!r} has {FINGERPRINTS} and expected.json "
            "(record a page of the site before it changes, or run `extractor test --update RECORDING`)"
        )
    return max(usable, key=lambda recording: str(recording.meta.get("recorded_at") or ""))


def _broken(found: list[Broken], name: str) -> bool:
    return any(item.name == name for item in found)
