"""What users may pass as a page: http(s) URLs, file:// URLs, or a path to a local HTML file."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from extractor.errors import UsageError

WEB_SCHEMES = ("http", "https")


def normalize_target(target: str) -> str:
    """The URL to load for ``target``; local paths become ``file://`` URLs."""
    target = target.strip()
    if not target:
        raise UsageError("empty URL")
    scheme = urlsplit(target).scheme.lower()
    if scheme in WEB_SCHEMES:
        if not urlsplit(target).netloc:
            raise UsageError(f"{target}: URL has no host")
        return target
    if scheme == "file":
        return target
    if len(scheme) > 1:  # a one-letter scheme is a Windows drive letter, i.e. a path
        raise UsageError(f"{target}: unsupported URL scheme {scheme!r} (use http, https, file or a path)")
    path = Path(target).expanduser()
    if not path.exists():
        if "." in target.split("/")[0] and " " not in target:
            raise UsageError(f"{target}: no such file (for a web page, write https://{target})")
        raise UsageError(f"{target}: no such file")
    if path.is_dir():
        raise UsageError(f"{target}: is a folder, expected an HTML file or a URL")
    return path.resolve().as_uri()
