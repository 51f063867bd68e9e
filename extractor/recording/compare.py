"""Compare a new extraction with a recording's expected result, field by field."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

MISSING = object()


@dataclass(frozen=True)
class Difference:
    """One place where the results differ: a dotted path, and both values."""

    path: str
    expected: Any
    actual: Any


def comparable(document: dict[str, Any]) -> dict[str, Any]:
    """The parts of a result that a selector change can affect: fields, media, field errors."""
    return {
        "data": document.get("data", {}),
        "media": sorted((m.get("kind"), m.get("url"), m.get("title")) for m in document.get("media", [])),
        "errors": sorted((e.get("kind"), e.get("field") or "") for e in document.get("errors", [])),
    }


def differences(expected: dict[str, Any], actual: dict[str, Any]) -> list[Difference]:
    """Every difference between two result documents, in a stable order."""
    found: list[Difference] = []
    left, right = comparable(expected), comparable(actual)
    _walk("data", left["data"], right["data"], found)
    for key in ("media", "errors"):
        if left[key] != right[key]:
            found.append(Difference(key, left[key], right[key]))
    return found


def _walk(path: str, expected: Any, actual: Any, found: list[Difference]) -> None:
    if isinstance(expected, dict) and isinstance(actual, dict):
        for key in list(expected) + [k for k in actual if k not in expected]:
            _walk(f"{path}.{key}", expected.get(key, MISSING), actual.get(key, MISSING), found)
        return
    if isinstance(expected, list) and isinstance(actual, list) and len(expected) == len(actual):
        for index, (left, right) in enumerate(zip(expected, actual, strict=True)):
            _walk(f"{path}[{index}]", left, right, found)
        return
    if expected != actual or type(expected) is not type(actual):
        found.append(Difference(path, expected, actual))
