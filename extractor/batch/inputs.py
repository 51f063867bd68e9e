"""Read the URL list of a batch: one a line, blank lines and ``#`` comments skipped."""

from __future__ import annotations

import sys
from pathlib import Path

from extractor.errors import ExtractorError, UsageError
from extractor.targets import normalize_target


def read_urls(source: str) -> list[str]:
    """URLs from a file, or from stdin when ``source`` is ``-``; duplicates are kept once."""
    if source == "-":
        text = sys.stdin.read()
        name = "<stdin>"
    else:
        path = Path(source)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise UsageError(f"{source}: no such file") from None
        except (OSError, UnicodeDecodeError) as error:
            raise UsageError(f"{source}: cannot read URL list ({error})") from None
        name = source
    urls: list[str] = []
    seen: set[str] = set()
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            url = normalize_target(line)
        except ExtractorError as error:
            raise UsageError(f"{name}:{number}: {error.message}") from None
        if url not in seen:
            seen.add(url)
            urls.append(url)
    return urls
