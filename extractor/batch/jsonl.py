"""JSON Lines output that survives interruption: whole lines only, flushed as each page finishes."""

from __future__ import annotations

import json
import os
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from extractor.errors import UsageError


def finished_urls(path: Path) -> set[str]:
    """The URLs already in ``path``; a half-written last line (from a crash) is cut off first."""
    if not path.exists():
        return set()
    data = path.read_bytes()
    if data and not data.endswith(b"\n"):
        cut = data.rfind(b"\n") + 1
        with path.open("r+b") as file:
            file.truncate(cut)
        data = data[:cut]
    urls = set()
    for number, line in enumerate(data.decode("utf-8", "replace").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            urls.add(json.loads(line)["url"])
        except (json.JSONDecodeError, KeyError, TypeError):
            raise UsageError(f"{path}:{number}: not a line written by extractor batch; cannot resume") from None
    return urls


class JsonlWriter:
    """Appends one JSON object per line; each line is written with one call and flushed."""

    def __init__(self, path: Path, append: bool):
        self.path = path
        self.append = append
        self._file: IO[str] | None = None

    def __enter__(self) -> JsonlWriter:
        if not self.path.parent.exists():
            raise UsageError(f"{self.path}: folder {self.path.parent} does not exist")
        self._file = self.path.open("a" if self.append else "w", encoding="utf-8")
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._file is not None:
            self._file.close()

    def write(self, document: dict[str, Any]) -> None:
        """Write ``document`` as one line and push it to the operating system."""
        assert self._file is not None, "use JsonlWriter as a context manager"
        self._file.write(json.dumps(document, ensure_ascii=False) + "\n")
        self._file.flush()
        os.fsync(self._file.fileno())


def pending_urls(urls: list[str], output: Path, *, resume: bool = False, overwrite: bool = False) -> list[str]:
    """The URLs still to extract into ``output``: all of them, or with ``resume`` those not in it yet.
    An ``output`` that holds results already needs ``resume`` or ``overwrite``."""
    if output.exists() and output.stat().st_size and not (resume or overwrite):
        raise UsageError(f"{output}: exists; pass --resume to continue it or --overwrite to start again")
    done = finished_urls(output) if resume else set()
    return [url for url in urls if url not in done]
