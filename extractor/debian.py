"""Installing a missing Debian package during set-up (Chromium, Node and npm), as root with apt-get."""

from __future__ import annotations

import os
import shutil
import subprocess


def can_apt_install() -> bool:
    """Whether this process may install Debian packages: apt-get is on PATH and we are root."""
    return shutil.which("apt-get") is not None and hasattr(os, "geteuid") and os.geteuid() == 0


def apt_install(packages: list[str]) -> str | None:
    """Install ``packages`` (after ``apt-get update``); None when done, else the failed command's one line."""
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", *packages]):
        done = subprocess.run(command, env=env, stdout=subprocess.DEVNULL, check=False)
        if done.returncode != 0:
            return f"'{' '.join(command)}' failed with status {done.returncode}"
    return None
