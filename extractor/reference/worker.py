"""One Node process that answers JSON lines: started, asked with a deadline, killed.

It knows nothing of Readability: ``NodeWorker`` speaks the protocol of any worker script that
writes a ``{"ready": ...}`` line once started, then one JSON line per request line. Not
thread-safe: its owner holds a lock around ``request``.
"""

from __future__ import annotations

import contextlib
import json
import queue
import subprocess
import threading
from collections import deque
from typing import IO, Any

from extractor.errors import ExtractorError, ReferenceUnavailable

_EOF = b""


class WorkerTimeoutError(ExtractorError):
    """The worker did not answer in time (it has been killed)."""


class WorkerDiedError(ExtractorError):
    """The worker exited, or wrote a line that is not JSON (it has been killed)."""


def request_line(payload: dict[str, Any]) -> bytes:
    """One request as the worker reads it: a line of UTF-8 JSON (a lone surrogate becomes "?")."""
    return json.dumps(payload, ensure_ascii=False).encode("utf-8", "replace") + b"\n"


class NodeWorker:
    """A running worker process, its stdout read line by line and its stderr kept for messages."""

    def __init__(self, command: list[str], start_timeout: float):
        """Start ``command`` and wait for its ready line.

        ``ReferenceUnavailable`` if the command cannot run, ``WorkerDiedError`` or ``WorkerTimeoutError``
        if it runs but does not say it is ready.
        """
        try:
            self.process = subprocess.Popen(
                command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
            )
        except OSError as error:
            raise ReferenceUnavailable("node", f"cannot start {command[0]}: {error}") from None
        self._lines: queue.Queue[bytes] = queue.Queue()
        self._stderr: deque[str] = deque(maxlen=20)
        assert self.process.stdout is not None and self.process.stderr is not None
        threading.Thread(target=self._pump, args=(self.process.stdout,), daemon=True).start()
        self._stderr_reader = threading.Thread(target=self._keep_stderr, args=(self.process.stderr,), daemon=True)
        self._stderr_reader.start()
        self.ready = self._next_reply(start_timeout)

    @property
    def pid(self) -> int:
        """The process id (tests use it to see a restart)."""
        return self.process.pid

    def alive(self) -> bool:
        """Whether the process still runs."""
        return self.process.poll() is None

    def request(self, line: bytes, timeout: float) -> dict[str, Any]:
        """Send one request line (see ``request_line``) and return its reply.

        ``WorkerTimeoutError`` and ``WorkerDiedError`` kill the worker.
        """
        # Written from a thread, so that a worker that stops reading cannot block past the deadline.
        threading.Thread(target=self._write, args=(line,), daemon=True).start()
        return self._next_reply(timeout)

    def close(self, grace: float = 1.0) -> None:
        """Close the worker's stdin so that it exits; kill it if it has not within ``grace`` seconds."""
        if self.process.stdin is not None:
            with contextlib.suppress(OSError):
                self.process.stdin.close()
        try:
            self.process.wait(grace)
        except subprocess.TimeoutExpired:
            self.kill()

    def kill(self) -> None:
        """Stop the worker now."""
        with contextlib.suppress(OSError):
            self.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(5)

    def _next_reply(self, timeout: float) -> dict[str, Any]:
        try:
            raw = self._lines.get(timeout=timeout)
        except queue.Empty:
            self.kill()
            raise WorkerTimeoutError(f"no answer within {timeout:g} s") from None
        if raw == _EOF:
            death = self._death()
            self.kill()
            raise WorkerDiedError(death)
        try:
            reply = json.loads(raw)
        except ValueError:
            self.kill()
            raise WorkerDiedError(f"it wrote a line that is not JSON: {raw[:200]!r}") from None
        if not isinstance(reply, dict):
            self.kill()
            raise WorkerDiedError(f"it wrote JSON that is not an object: {raw[:200]!r}")
        return reply

    def _death(self) -> str:
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(2)
        self._stderr_reader.join(1)  # its last lines
        said = " | ".join(list(self._stderr)[-5:])
        return f"exited with status {self.process.returncode}" + (f": {said}" if said else "")

    def _write(self, line: bytes) -> None:
        stdin = self.process.stdin
        if stdin is None:
            return
        with contextlib.suppress(OSError, ValueError):  # a dead worker: its reader reports it
            stdin.write(line)
            stdin.flush()

    def _pump(self, stdout: IO[bytes]) -> None:
        with contextlib.suppress(OSError, ValueError):
            for raw in stdout:
                self._lines.put(raw)
        self._lines.put(_EOF)

    def _keep_stderr(self, stderr: IO[bytes]) -> None:
        with contextlib.suppress(OSError, ValueError):
            for raw in stderr:
                text = raw.decode("utf-8", "replace").strip()
                if text:
                    self._stderr.append(text[:300])
