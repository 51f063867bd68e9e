"""What heal knows about a field before and after a change: the recorded page (fingerprints, values,
raw text, metadata) and the changed page (parsed once, its text, attribute values and metadata)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from parsel import Selector

from extractor.extract.engine import Explanation, explain, parse_document
from extractor.extract.jsonld import json_ld_nodes
from extractor.heal.match import PageElements
from extractor.models import Snapshot
from extractor.recording.folder import Recording
from extractor.sites import Site


@dataclass(frozen=True)
class NewPage:
    """The changed page, parsed once for every field's proposal."""

    snapshot: Snapshot
    root: Selector
    elements: PageElements
    text: str  # the body's text, whitespace collapsed
    attributes: str  # every attribute value, one per line
    metadata: list[str]  # what the page says about itself (``page_metadata``)

    @classmethod
    def of(cls, snapshot: Snapshot) -> NewPage:
        root, _ = parse_document(snapshot.html, snapshot.final_url)
        return cls(
            snapshot,
            root,
            PageElements.of(root.root),
            words(" ".join(root.xpath("//body//text()").getall())),
            "\n".join(words(value) for value in root.xpath("//@*").getall()),
            page_metadata(root),
        )


@dataclass(frozen=True)
class Recorded:
    """What a recording says about the site's fields: their fingerprints, values and the page's metadata."""

    fingerprints: dict[str, Any]  # the recording's ``fingerprints.json``
    data: dict[str, Any]  # its ``expected.json`` data
    metadata: list[str]  # ``page_metadata`` of its page
    explanation: Explanation  # the site's fields read again on the recorded page, with their traces

    @classmethod
    def of(cls, recording: Recording, site: Site) -> Recorded:
        snapshot = recording.snapshot()
        root, _ = parse_document(snapshot.html, snapshot.final_url)
        data = (recording.expected() or {}).get("data") or {}
        prints = recording.fingerprints() or {"fields": {}, "elements": 0}
        return cls(prints, data, page_metadata(root), explain(snapshot, site))

    @property
    def raw(self) -> dict[str, list[str]]:
        """Per field path, its first raw values on the recorded page (before regex and type)."""
        return {trace.path: trace.raw for trace in self.explanation.fields}

    @property
    def parents(self) -> dict[str, int]:
        """Per field path, how many parent elements its elements had on the recorded page."""
        traces = self.explanation.fields
        return {trace.path: len({path.rsplit("/", 1)[0] for path in trace.node_paths}) for trace in traces}

    def value(self, path: str) -> Any:
        """The recorded value of the field at ``path`` (``video.title`` inside ``video``)."""
        return value_at(self.data, path)

    def texts(self, name: str) -> list[str]:
        """What the field at ``name`` showed on the recorded page: its raw text or attribute, and its
        value's strings; for a field with fields inside, theirs."""
        value = self.value(name)
        raw = self.raw
        found = [
            values[0]
            for path, values in raw.items()
            if (path == name or path.startswith(name + ".")) and values and len(values[0]) < 300
        ]
        leaves = value.values() if isinstance(value, dict) else value if isinstance(value, list) else [value]
        return list(dict.fromkeys([*found, *(item for item in leaves if isinstance(item, str))]))


def page_metadata(root: Selector) -> list[str]:
    """What a page says about itself, lower-cased: its ``<title>``, the content of its meta tags, and
    the strings of its JSON-LD."""
    found = [*root.xpath("//head/title//text()").getall(), *root.xpath("//meta/@content").getall()]
    found.extend(strings(json_ld_nodes(root)))
    return [words(item).casefold() for item in found if item.strip()]


def value_at(data: dict[str, Any], path: str) -> Any:
    """The value at a dotted field ``path`` of a result's data (None where a part is missing)."""
    value: Any = data
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def words(text: str) -> str:
    """``text`` with its whitespace collapsed."""
    return " ".join(text.split())


def strings(value: Any) -> Iterator[str]:
    """Every string inside a JSON value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
