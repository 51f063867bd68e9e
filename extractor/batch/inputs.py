"""Read a batch's list files (URLs, proxies): one entry a line, blank lines and ``#`` comments skipped."""

from __future__ import annotations

import sys
from pathlib import Path

from extractor.errors import ExtractorError, UsageError
from extractor.targets import normalize_target


def read_list(source: str, what: str) -> tuple[str, list[tuple[int, str]]]:
    """The lines of a list file (``-``: stdin) that hold an entry, with their numbers: blank lines and
    ``#`` comment lines skipped, each stripped. Also the name that messages give it."""
    if source == "-":
        text, name = sys.stdin.read(), "<stdin>"
    else:
        try:
            text = Path(source).read_text(encoding="utf-8")
        except FileNotFoundError:
            raise UsageError(f"{source}: no such file") from None
        except (OSError, UnicodeDecodeError) as error:
            raise UsageError(f"{source}: cannot read {what} ({error})") from None
        name = source
    entries = [(number, line.strip()) for number, line in enumerate(text.splitlines(), start=1)]
    return name, [(number, line) for number, line in entries if line and not line.startswith("#")]


def read_urls(source: str) -> list[str]:
    """URLs from a file, or from stdin when ``source`` is ``-``; duplicates are kept once."""
    name, lines = read_list(source, "URL list")
    urls: list[str] = []
    seen: set[str] = set()
    for number, line in lines:
        try:
            url = normalize_target(line)
        except ExtractorError as error:
            raise UsageError(f"{name}:{number}: {error.message}") from None
        if url not in seen:
            seen.add(url)
            urls.append(url)
    return urls
