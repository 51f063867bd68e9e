"""The files a batch's sites name, carried with the job to workers on other machines.

A selector file's ``render.storage_state``, or ``--storage-state``, names a file on the driver's
machine. The driver reads each one once (``TravellingFiles.of``); a worker where that path does not
exist writes the content into a private folder and reads the sites with that copy instead
(``place``, ``moved_site``). On the driver's own machine nothing is copied.
"""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from extractor.batch.runner import BatchOptions, SiteFor
from extractor.sites import Site, SiteResolver


@dataclass(frozen=True)
class TravellingFiles:
    """The content of each storage-state file the job names, by the path it was named by."""

    contents: dict[str, bytes] = field(default_factory=dict)

    @classmethod
    def of(cls, site_for: SiteFor, options: BatchOptions) -> TravellingFiles:
        """The files named by ``options`` and by the sites of ``site_for`` (when it is a ``SiteResolver``);
        one that cannot be read is left out, and fails on the worker as it would locally."""
        paths = {str(options.overrides.storage_state)} if options.overrides.storage_state is not None else set()
        if isinstance(site_for, SiteResolver):
            paths |= {loaded.site.render.storage_state for loaded in site_for.sites if loaded.site.render.storage_state}
        contents = {}
        for path in sorted(paths):
            try:
                contents[path] = Path(path).expanduser().read_bytes()
            except OSError:
                continue
        return cls(contents)

    def place(self) -> dict[str, str]:
        """On a worker: write each file this machine lacks into a private folder; the paths to read instead."""
        moved: dict[str, str] = {}
        folder: Path | None = None
        for path, content in self.contents.items():
            if Path(path).expanduser().is_file():
                continue
            folder = folder or Path(tempfile.mkdtemp(prefix="extractor-job-"))
            copy = folder / f"{hashlib.sha256(path.encode()).hexdigest()[:12]}-{Path(path).name}"
            copy.write_bytes(content)
            copy.chmod(0o600)  # a storage state holds session cookies
            moved[path] = str(copy)
        return moved


def moved_site(site: Site | None, moved: dict[str, str]) -> Site | None:
    """``site`` reading its storage state from the copy in ``moved``, when it was moved."""
    state = site.render.storage_state if site is not None else None
    if site is None or state is None or state not in moved:
        return site
    return site.model_copy(update={"render": site.render.model_copy(update={"storage_state": moved[state]})})


def moved_options(options: BatchOptions, moved: dict[str, str]) -> BatchOptions:
    """``options`` whose ``--storage-state`` is read from its copy in ``moved``, when it was moved."""
    state = options.overrides.storage_state
    if state is None or str(state) not in moved:
        return options
    return replace(options, overrides=replace(options.overrides, storage_state=Path(moved[str(state)])))
