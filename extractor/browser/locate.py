"""Find a Chromium to drive: ``EXTRACTOR_CHROMIUM``, Playwright's own, then ``chromium`` on PATH.

``python -m extractor.browser --install`` is the set-up step: it prints the browser found,
or installs Debian's ``chromium`` package when none is (and when that is possible).
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from extractor.debian import apt_install, can_apt_install
from extractor.errors import BrowserError

PATH_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
_PLAYWRIGHT_GLOBS = (
    "chromium-*/chrome-linux*/chrome",
    "chromium-*/chrome-mac*/Chromium.app/Contents/MacOS/Chromium",
    "chromium-*/chrome-win*/chrome.exe",
)


def playwright_managed_chromium() -> Path | None:
    """The newest Chromium that ``playwright install chromium`` put in its cache, if any."""
    configured = os.environ.get("PLAYWRIGHT_BROWSERS_PATH")
    roots = [Path(configured)] if configured and configured != "0" else []
    roots += [Path.home() / ".cache" / "ms-playwright", Path.home() / "Library" / "Caches" / "ms-playwright"]
    for root in roots:
        if not root.is_dir():
            continue
        found = sorted((p for pattern in _PLAYWRIGHT_GLOBS for p in root.glob(pattern)), reverse=True)
        for candidate in found:
            if os.access(candidate, os.X_OK):
                return candidate
    return None


def find_chromium(explicit: str | None = None) -> Path:
    """The Chromium executable to launch, in the documented order; raises ``BrowserError`` if none."""
    explicit = explicit or os.environ.get("EXTRACTOR_CHROMIUM") or None
    if explicit:
        path = Path(explicit).expanduser()
        resolved = path if path.is_file() else Path(shutil.which(explicit) or explicit)
        if not (resolved.is_file() and os.access(resolved, os.X_OK)):
            raise BrowserError(f"EXTRACTOR_CHROMIUM={explicit}: not an executable file")
        return resolved
    managed = playwright_managed_chromium()
    if managed is not None:
        return managed
    for name in PATH_NAMES:
        found = shutil.which(name)
        if found:
            return Path(found)
    raise BrowserError(
        "no Chromium found: set EXTRACTOR_CHROMIUM, run 'playwright install chromium', "
        "or install your system's chromium package (make setup does this on Debian)"
    )


def _install_debian_chromium() -> None:
    if not can_apt_install():
        raise BrowserError("no Chromium found and cannot install one here (needs root and apt-get)")
    print("extractor: no Chromium found; installing Debian's chromium package...", file=sys.stderr)
    failure = apt_install(["chromium"])
    if failure is not None:
        raise BrowserError(failure)


def main(argv: list[str]) -> int:
    """Print the Chromium that will be used; with ``--install``, install one when missing."""
    try:
        try:
            path = find_chromium()
        except BrowserError:
            if "--install" not in argv:
                raise
            _install_debian_chromium()
            path = find_chromium()
    except BrowserError as error:
        print(f"extractor: {error}", file=sys.stderr)
        return 1
    if "--quiet" not in argv:
        print(f"extractor: using Chromium at {path}", file=sys.stderr)
    return 0
