"""Find Node and the npm packages the reference workers need; install Node when it is missing.

``python -m extractor.reference --install`` is the set-up step (``make setup`` runs it before
``npm ci``): it prints the node and npm found, or installs Debian's ``nodejs`` and ``npm`` packages
when either is missing (and when that is possible), as ``python -m extractor.browser --install``
does for Chromium.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

from extractor.debian import apt_install, can_apt_install
from extractor.errors import ReferenceUnavailable

NODE_MODULES_ENV = "EXTRACTOR_NODE_MODULES"
# The repo root of an editable install: extractor/reference/node.py -> extractor/ -> the root.
REPO_NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules"
SETUP_HINT = "make setup installs it"


def playwright_node() -> Path | None:
    """The node that Playwright's Python package bundles to run its driver, if it has one."""
    try:
        from playwright._impl._driver import compute_driver_executable
    except ImportError:
        return None
    found = compute_driver_executable()
    # Playwright >= 1.39 returns (node, cli.js); older versions returned the driver's shell script.
    first = Path(found[0]) if isinstance(found, tuple) else Path(found).with_name("node")
    if first.is_file() and os.access(first, os.X_OK):
        return first
    return None


def find_node(explicit: str | None = None) -> str:
    """The node executable: ``explicit``, else ``node`` on PATH, else Playwright's bundled one."""
    if explicit:
        found = shutil.which(explicit)
        if found is None:
            raise ReferenceUnavailable("node", f"node executable {explicit!r} not found ({SETUP_HINT})")
        return found
    on_path = shutil.which("node")
    if on_path:
        return on_path
    bundled = playwright_node()
    if bundled is not None:
        return str(bundled)
    raise ReferenceUnavailable("node", f"node not found on PATH nor in Playwright's driver ({SETUP_HINT})")


def find_node_modules(explicit: Path | None = None) -> Path:
    """The node_modules folder: ``explicit``, else ``EXTRACTOR_NODE_MODULES``, else the repo root's."""
    if explicit is not None:
        return Path(explicit).expanduser()
    configured = os.environ.get(NODE_MODULES_ENV)
    return Path(configured).expanduser() if configured else REPO_NODE_MODULES


def check_packages(node_modules: Path, packages: tuple[str, ...]) -> None:
    """Raise ``ReferenceUnavailable`` naming the first of ``packages`` not installed in ``node_modules``."""
    if not node_modules.is_dir():
        raise ReferenceUnavailable(
            "node_modules", f"no node_modules folder at {node_modules} (set {NODE_MODULES_ENV}; {SETUP_HINT})"
        )
    for package in packages:
        manifest = node_modules / package / "package.json"
        try:
            json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise ReferenceUnavailable(
                package, f"npm package {package} not installed in {node_modules} ({SETUP_HINT})"
            ) from None


def _install_debian_node() -> None:
    if not can_apt_install():
        raise ReferenceUnavailable("node", "node or npm not found, and installing them needs root and apt-get")
    print("extractor: node or npm not found; installing Debian's nodejs and npm packages...", file=sys.stderr)
    failure = apt_install(["nodejs", "npm"])
    if failure is not None:
        raise ReferenceUnavailable("node", failure)


def main(argv: list[str]) -> int:
    """Print the node and npm on PATH; with ``--install``, install them when either is missing."""
    try:
        if shutil.which("node") is None or shutil.which("npm") is None:
            if "--install" not in argv:
                raise ReferenceUnavailable("node", f"node or npm not found on PATH ({SETUP_HINT})")
            _install_debian_node()
        node = shutil.which("node")
        if node is None or shutil.which("npm") is None:
            raise ReferenceUnavailable("node", "node or npm still not found on PATH after installing them")
    except ReferenceUnavailable as error:
        print(f"extractor: {error}", file=sys.stderr)
        return 1
    if "--quiet" not in argv:
        print(f"extractor: using node at {node}", file=sys.stderr)
    return 0
