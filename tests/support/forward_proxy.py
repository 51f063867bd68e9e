"""A real forward proxy for the tests: proxy.py from PyPI, in a child process on 127.0.0.1.

Each request it forwards is logged by ``support.proxy_log.RequestLog`` to the file the test gives,
so a test can check that a page's requests went through it.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

TESTS = Path(__file__).parents[1]


@contextmanager
def forward_proxy(log: Path, basic_auth: str | None = None) -> Iterator[str]:
    """Start proxy.py (with ``--basic-auth user:password`` when given); yield its ``http://`` URL."""
    port_file = log.with_suffix(".port")
    command = [
        sys.executable, "-m", "proxy", "--hostname", "127.0.0.1", "--port", "0", "--port-file", str(port_file),
        "--num-workers", "1", "--num-acceptors", "1", "--plugins", "support.proxy_log.RequestLog",
        "--log-level", "CRITICAL",
    ]  # fmt: skip
    if basic_auth is not None:
        command += ["--basic-auth", basic_auth]
    environment = {**os.environ, "EXTRACTOR_TEST_PROXY_LOG": str(log), "PYTHONPATH": str(TESTS)}
    log.touch()
    process = subprocess.Popen(command, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield f"http://127.0.0.1:{_port_when_listening(port_file, process)}"
    finally:
        stop(process)


def stop(process: subprocess.Popen[bytes]) -> None:
    """End a proxy started for the tests: asked to stop, killed after 5 s."""
    process.terminate()
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _port_when_listening(port_file: Path, process: subprocess.Popen[bytes], limit: float = 20.0) -> int:
    ends = time.monotonic() + limit
    while time.monotonic() < ends:
        if process.poll() is not None:
            raise RuntimeError(f"proxy.py exited with status {process.returncode}")
        text = port_file.read_text().strip() if port_file.exists() else ""
        if text.isdigit():
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", int(text))) == 0:
                    return int(text)
        time.sleep(0.1)
    raise RuntimeError(f"proxy.py did not listen within {limit:g}s")
