"""The documents of a snapshot's same-origin frames, for fields with ``frame: CSS`` (and a site's ``frame``).

The render serializes each frame it could read into ``Snapshot.frames`` and marks the frame's element,
in the HTML of the document holding it, with ``data-extractor-frame="N"`` (``browser/scripts/shadow.js``).
``FrameDocuments.find`` follows the mark of the first element a CSS selector matches that has one to its
document, prepared (parsed, JSON-LD read, ``remove`` applied) once per extraction by the engine.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from parsel import Selector

from extractor.extract.text import attribute
from extractor.models import FrameDocument

FRAME_MARK = "data-extractor-frame"  # on a frame element: the index of its document in Snapshot.frames


@dataclass
class OpenFrame:
    """One frame's document, prepared: its URL, its root, the URL its links resolve against, its JSON-LD."""

    url: str
    root: Selector
    base_url: str
    json_ld: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class InFrame:
    """Where a field reader reads, when it is in a frame: the frame's CSS, its document's URL, and the
    XPath of the frame's element in the page (which stands for the field's nodes when explaining)."""

    css: str
    url: str
    element_path: str


# Prepares a frame's document: (its HTML, the URL it resolves against) -> (root, base URL, JSON-LD).
Prepare = Callable[[str, str], tuple[Selector, str, list[dict[str, Any]]]]


@dataclass
class FrameDocuments:
    """The snapshot's frame documents, each prepared when first opened."""

    frames: list[FrameDocument]
    prepare: Prepare
    _opened: dict[int, OpenFrame] = field(default_factory=dict)

    def find(self, context: Selector, css: str) -> tuple[Selector, OpenFrame] | None:
        """The first element matching ``css`` in ``context`` whose frame document the snapshot holds,
        with that document; None when none has one (no match, cross-origin, not loaded, left out)."""
        for element in context.css(css):
            document = self.open(element)
            if document is not None:
                return element, document
        return None

    def open(self, element: Selector) -> OpenFrame | None:
        """The document of the frame ``element``, when the snapshot holds it."""
        mark = attribute(element, FRAME_MARK)
        if mark is None or not mark.isdigit() or int(mark) >= len(self.frames):
            return None
        index = int(mark)
        if index not in self._opened:
            frame = self.frames[index]
            root, base_url, json_ld = self.prepare(frame.html, _base_for(frame.url, element))
            self._opened[index] = OpenFrame(frame.url, root, base_url, json_ld)
        return self._opened[index]


def _base_for(url: str, element: Selector) -> str:
    """The URL a frame's relative links resolve against: its own, or, for a frame whose URL is no web
    address (``about:srcdoc``), the holding document's."""
    if urlsplit(url).scheme in ("http", "https", "file"):
        return url
    holder = getattr(element.root, "base_url", None)  # lxml keeps the URL the document was parsed with
    return holder if isinstance(holder, str) and holder else url
