"""Writing results: JSON to a file (atomically) or to stdout."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from extractor.errors import UsageError


def to_json(document: Any) -> str:
    """The JSON text the CLI writes: UTF-8, indented, non-ASCII kept as is."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def write_json(document: Any, destination: str) -> None:
    """Write to ``destination``; ``-`` means stdout. Files are replaced atomically, never half-written."""
    text = to_json(document)
    if destination == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    path = Path(destination)
    if path.is_dir():
        raise UsageError(f"{destination}: is a folder; give a file name for -o")
    if not path.parent.exists():
        raise UsageError(f"{destination}: folder {path.parent} does not exist")
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
