"""Recording folders: their safe names, and reading and writing their files.

A recording holds ``network.har.zip`` (every request with its body), ``dom.html`` (the DOM the
fields were read from), ``source.html`` (the page's HTML as the server sent it, when it was known),
``frames.json`` and ``frames/N.html`` (the documents of its same-origin frames, when it had any: their
URLs in ``Snapshot.frames`` order, and each one's HTML), ``screenshot.png``, ``meta.json`` and
``expected.json``; ``trace.zip`` with ``--trace``. It is written under a temporary name and renamed
when complete, so an interrupted recording never looks finished.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from extractor.errors import RecordingError
from extractor.models import FrameDocument, Issue, MediaItem, Snapshot
from extractor.targets import normalize_target

# The format stays 1 through additions that older readers can ignore and newer ones can do without:
# ``source.html`` came later, and a recording without it still loads (``source_html`` None); so did
# ``frames.json`` with ``frames/``, and a recording without them has no frames.
FORMAT = 1
HAR = "network.har.zip"
DOM = "dom.html"
SOURCE = "source.html"
FRAMES = "frames.json"  # {"urls": [...]}: the frame documents' URLs, in order; frame N's HTML is frames/N.html
FRAME_FOLDER = "frames"
SCREENSHOT = "screenshot.png"
META = "meta.json"
EXPECTED = "expected.json"
FINGERPRINTS = "fingerprints.json"  # what each field's nodes looked like (extractor.heal.fingerprint)
TRACE = "trace.zip"
PARTIAL_MARK = ".partial-"


def folder_name(site: str | None, url: str) -> str:
    """A name derived from the site and URL that is safe as one path component on any system."""
    parts = urlsplit(url)
    words = f"{site or 'page'} {parts.hostname or ''} {parts.path} {parts.query}"
    slug = re.sub(r"[^a-z0-9]+", "-", words.lower()).strip("-")[:80].strip("-") or "page"
    digest = hashlib.sha256(url.encode()).hexdigest()[:8]
    return f"{slug}-{digest}"


def sha256_of(path: Path) -> str:
    """The file's SHA-256, hex."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass
class Recording:
    """A recording folder, read and checked."""

    path: Path
    meta: dict[str, Any]

    @property
    def url(self) -> str:
        """The URL that was recorded."""
        return str(self.meta["url"])

    @property
    def final_url(self) -> str:
        """The URL the browser ended on."""
        return str(self.meta.get("final_url") or self.url)

    @property
    def har(self) -> Path:
        """The network archive."""
        return self.path / HAR

    @property
    def expected_path(self) -> Path:
        """Where the expected result lives."""
        return self.path / EXPECTED

    def expected(self) -> dict[str, Any] | None:
        """The extraction result at record time (or after ``test --update``), if any."""
        if not self.expected_path.exists():
            return None
        return _read_json(self.expected_path)

    def fingerprints(self) -> dict[str, Any] | None:
        """What each field's nodes looked like at record time (``extractor.heal``), if saved."""
        path = self.path / FINGERPRINTS
        return _read_json(path) if path.exists() else None

    def snapshot(self) -> Snapshot:
        """The recorded DOM as a snapshot, with the media the browser saw at record time and the HTML the
        server sent (None for a recording made without it)."""
        return read_snapshot(self.path, self.meta)


def write_snapshot(into: Path, snapshot: Snapshot) -> None:
    """Write the snapshot's documents into the folder ``into``: ``dom.html``, ``source.html`` when known,
    and its frames' documents when it has any (``frames.json``, ``frames/N.html``)."""
    into.mkdir(parents=True, exist_ok=True)
    (into / DOM).write_text(snapshot.html, encoding="utf-8")
    if snapshot.source_html is not None:
        (into / SOURCE).write_text(snapshot.source_html, encoding="utf-8")
    if snapshot.frames:
        (into / FRAME_FOLDER).mkdir(exist_ok=True)
        for index, frame in enumerate(snapshot.frames):
            (into / FRAME_FOLDER / f"{index}.html").write_text(frame.html, encoding="utf-8")
        write_json(into / FRAMES, {"urls": [frame.url for frame in snapshot.frames]})


def read_snapshot(folder: Path, meta: dict[str, Any]) -> Snapshot:
    """The snapshot ``write_snapshot`` wrote into ``folder``; ``meta`` gives its URLs, status and media."""
    html = _read_text(folder / DOM)
    source = _read_text(folder / SOURCE) if (folder / SOURCE).is_file() else None
    media = [MediaItem(**item) for item in meta.get("browser_media", [])]
    url = str(meta["url"])
    frames = []
    if (folder / FRAMES).is_file():
        urls = _read_json(folder / FRAMES).get("urls")
        if not isinstance(urls, list) or not all(isinstance(frame_url, str) for frame_url in urls):
            raise RecordingError(f"{folder / FRAMES}: damaged (expected the frames' URLs in 'urls')")
        frames = [FrameDocument(u, _read_text(folder / FRAME_FOLDER / f"{i}.html")) for i, u in enumerate(urls)]
    return Snapshot(
        url=url, final_url=str(meta.get("final_url") or url), html=html, status=meta.get("status"), media=media,
        source_html=source, frames=frames,
    )  # fmt: skip


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise RecordingError(f"{path}: cannot read ({error})") from None


def _read_json(path: Path) -> dict[str, Any]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RecordingError(f"{path}: missing") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise RecordingError(f"{path}: damaged ({error})") from None
    if not isinstance(document, dict):
        raise RecordingError(f"{path}: damaged (expected a JSON object)")
    return document


def open_recording(path: Path | str) -> Recording:
    """Read a recording folder; one clear error when it is missing, unfinished or damaged."""
    path = Path(path)
    if not path.is_dir():
        raise RecordingError(f"{path}: no such recording folder")
    if PARTIAL_MARK in path.name:
        raise RecordingError(f"{path}: an unfinished recording (interrupted while recording)")
    meta = _read_json(path / META)
    if meta.get("format") != FORMAT or not isinstance(meta.get("url"), str):
        raise RecordingError(f"{path / META}: not an extractor recording (format {meta.get('format')!r})")
    for name in (DOM, HAR):
        if not (path / name).is_file():
            raise RecordingError(f"{path / name}: missing; the recording is incomplete")
    return Recording(path, meta)


def find_recordings(paths: list[Path]) -> list[Path]:
    """Recording folders at or below ``paths`` (a folder with a meta.json is one)."""
    found: list[Path] = []
    for path in paths:
        if not path.exists():
            raise RecordingError(f"{path}: no such file or folder")
        if (path / META).exists():
            found.append(path)
            continue
        found.extend(sorted(meta.parent for meta in path.rglob(META) if PARTIAL_MARK not in str(meta.parent)))
    return found


def start_folder(target: Path, force: bool) -> Path:
    """A fresh temporary folder beside ``target``; refuses to replace ``target`` unless ``force``."""
    if target.exists() and not force:
        raise RecordingError(f"{target}: already exists (pass --force to replace it)")
    if not target.parent.is_dir():
        raise RecordingError(f"{target.parent}: no such folder")
    temporary = target.parent / f"{target.name}{PARTIAL_MARK}{hashlib.sha256(str(target).encode()).hexdigest()[:6]}"
    if temporary.exists():
        shutil.rmtree(temporary)
    temporary.mkdir()
    return temporary


def finish_folder(temporary: Path, target: Path) -> None:
    """Move a complete recording into place (replacing ``target`` when it exists)."""
    if target.exists():
        shutil.rmtree(target)
    temporary.rename(target)


def write_json(path: Path, document: Any) -> None:
    """Pretty JSON, UTF-8, non-ASCII kept."""
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def issues_to_json(issues: list[Issue]) -> list[dict[str, Any]]:
    """Issues in their JSON form."""
    return [issue.to_dict() for issue in issues]


def open_source(target: str) -> Recording | str:
    """What a command was pointed at: a recording folder (one holding a ``meta.json``), opened and
    checked, or else the URL to render (local paths as ``file://`` URLs)."""
    if Path(target, META).is_file():
        return open_recording(target)
    return normalize_target(target)


# A paginated article's pages after the first: each in ``pages/K`` (K = 2, 3, …) with its own HAR, its
# documents (``write_snapshot``) and screenshot; meta.json's ``pages`` lists them in order, each entry
# with ``url``, ``final_url``, ``status`` and ``browser_media``. A recording without it is one page.
PAGES = "pages"


def page_folder(recording: Path, number: int) -> Path:
    """The folder of page ``number`` (2, 3, …) of the paginated recording at ``recording``."""
    return recording / PAGES / str(number)


def recorded_pages(recording: Recording) -> list[Recording]:
    """The pages after the first of a paginated recording, each a recording of its own folder
    (``url``, ``har``, ``snapshot()`` work on it); [] for a one-page recording."""
    pages = []
    for number, meta in enumerate(recording.meta.get(PAGES) or [], start=2):
        folder = page_folder(recording.path, number)
        if not isinstance(meta, dict) or not isinstance(meta.get("url"), str):
            raise RecordingError(f"{recording.path / META}: pages: page {number} is damaged (no url)")
        for name in (DOM, HAR):
            if not (folder / name).is_file():
                raise RecordingError(f"{folder / name}: missing; the recording is incomplete")
        pages.append(Recording(folder, meta))
    return pages
