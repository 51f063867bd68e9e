"""Which selector file a recording is read with."""

from __future__ import annotations

from pathlib import Path

from extractor.errors import RecordingError
from extractor.recording.folder import Recording
from extractor.sites import LoadedSite, load_site, resolve_site


def site_for_recording(recording: Recording, selectors: Path | None = None) -> LoadedSite:
    """``selectors`` when given (a file, or the folder's file for the URL), else the file the recording
    names, else the one matching its URL. A file for another site is refused."""
    recorded = recording.meta.get("selectors") or {}
    if selectors is None and recorded.get("path") and Path(recorded["path"]).is_file():
        loaded = load_site(recorded["path"])
    else:
        loaded = resolve_site(recording.url, selectors)
    if recorded.get("site") and loaded.name != recorded["site"]:
        raise RecordingError(
            f"{recording.path}: recorded with site {recorded['site']!r} ({recorded.get('path')}), "
            f"but {loaded.path} is for {loaded.name!r}"
        )
    return loaded
