"""A virtual display for the one test that opens a headed browser window (``extractor login``).

``python tests/support/display.py --install`` (``make test`` runs it) installs Debian's ``xvfb``
when ``Xvfb`` is missing and apt-get may be used; ``virtual_display()`` starts it on a free display
number and yields the ``DISPLAY`` value, or None where there is no Xvfb.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def virtual_display() -> Iterator[str | None]:
    """Xvfb on the first free display from :91; None when Xvfb is not installed."""
    if shutil.which("Xvfb") is None:
        yield None
        return
    number = next(n for n in range(91, 200) if not Path(f"/tmp/.X11-unix/X{n}").exists())
    process = subprocess.Popen(
        ["Xvfb", f":{number}", "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        ends = time.monotonic() + 10
        while not Path(f"/tmp/.X11-unix/X{number}").exists():
            if process.poll() is not None or time.monotonic() > ends:
                raise RuntimeError(f"Xvfb :{number} did not start")
            time.sleep(0.05)
        yield f":{number}"
    finally:
        process.terminate()
        process.wait(timeout=5)


def install() -> None:
    """Install xvfb when Xvfb is missing and this process may use apt-get; say so when it cannot."""
    if shutil.which("Xvfb") is not None:
        return
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from extractor.debian import apt_install, can_apt_install

    if not can_apt_install():
        print("tests: Xvfb not found and xvfb cannot be installed here: the headed login test will be skipped")
        return
    print("tests: installing xvfb (a virtual display for the headed login test)")
    failure = apt_install(["xvfb"])
    if failure is not None:
        print(f"tests: xvfb was not installed: {failure}")


if __name__ == "__main__" and sys.argv[1:] == ["--install"]:
    install()
