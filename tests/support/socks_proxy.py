"""A real SOCKS5 proxy for the tests: pproxy from PyPI, in a child process on 127.0.0.1.

pproxy logs each connection it opens (``socks5 CLIENT -> HOST:PORT``, with ``-v``) to the file the
test gives, so a test can check that a page's connections went through it.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from support.forward_proxy import stop


@contextmanager
def socks5_proxy(log: Path) -> Iterator[str]:
    """Start pproxy as a SOCKS5 server; yield its ``socks5://`` URL."""
    port = _free_port()
    with log.open("w") as output:
        command = [sys.executable, "-m", "pproxy", "-l", f"socks5://127.0.0.1:{port}", "-v"]
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
        try:
            _wait_until_listening(port, process)
            yield f"socks5://127.0.0.1:{port}"
        finally:
            stop(process)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_listening(port: int, process: subprocess.Popen[bytes], limit: float = 20.0) -> None:
    ends = time.monotonic() + limit
    while time.monotonic() < ends:
        if process.poll() is not None:
            raise RuntimeError(f"pproxy exited with status {process.returncode}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"pproxy did not listen within {limit:g}s")
