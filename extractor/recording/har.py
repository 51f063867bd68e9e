"""Serve a recorded HAR (Playwright's zip or plain JSON) back to the browser, request by request.

Failed requests replay as the same failure; a URL asked for several times gets its recorded
responses in order (the last one repeats); anything else is not in the recording.
"""

from __future__ import annotations

import base64
import json
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extractor.errors import RecordingError

# Headers that no longer describe the stored (decoded) body.
_DROPPED_HEADERS = frozenset({"content-encoding", "content-length", "transfer-encoding"})
_PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_ABORT_CODES = {
    "ERR_NAME_NOT_RESOLVED": "namenotresolved",
    "ERR_CONNECTION_REFUSED": "connectionrefused",
    "ERR_CONNECTION_RESET": "connectionreset",
    "ERR_CONNECTION_CLOSED": "connectionclosed",
    "ERR_TIMED_OUT": "timedout",
    "ERR_ADDRESS_UNREACHABLE": "addressunreachable",
    "ERR_BLOCKED_BY_CLIENT": "blockedbyclient",
    "ERR_ABORTED": "aborted",
}


@dataclass(frozen=True)
class RecordedResponse:
    """One recorded answer: a response, or the failure the request met."""

    status: int
    headers: dict[str, str]
    body: bytes
    failure: str | None = None

    @property
    def abort_code(self) -> str:
        """Playwright's abort code for the recorded failure."""
        for marker, code in _ABORT_CODES.items():
            if self.failure and marker in self.failure:
                return code
        return "failed"


class HarArchive:
    """The requests of a recording, looked up by method and URL."""

    def __init__(self, path: Path):
        self.path = path
        self._answers: dict[tuple[str, str], list[RecordedResponse]] = defaultdict(list)
        self._served: dict[tuple[str, str], int] = defaultdict(int)
        self._load()

    def _load(self) -> None:
        try:
            if zipfile.is_zipfile(self.path):
                with zipfile.ZipFile(self.path) as archive:
                    names = [name for name in archive.namelist() if name.endswith(".har")]
                    if not names:
                        raise ValueError("no .har file inside the zip")
                    log = json.loads(archive.read(names[0]))
                    self._index(log, archive)
            else:
                self._index(json.loads(self.path.read_bytes()), None)
        except (OSError, ValueError, KeyError, TypeError, zipfile.BadZipFile) as error:
            raise RecordingError(f"{self.path}: not a readable HAR ({error})") from None

    def _index(self, log: Any, archive: zipfile.ZipFile | None) -> None:
        for entry in log["log"]["entries"]:
            request, response = entry["request"], entry["response"]
            key = (request["method"].upper(), request["url"])
            failure = response.get("_failureText")
            if failure or response.get("status", 0) <= 0:
                self._answers[key].append(RecordedResponse(0, {}, b"", failure or "failed"))
                continue
            headers = {
                header["name"]: header["value"]
                for header in response.get("headers", [])
                if header["name"].lower() not in _DROPPED_HEADERS
            }
            body = _body(response, archive)
            self._answers[key].append(RecordedResponse(response["status"], _as_stored(headers, body), body))

    def __len__(self) -> int:
        return sum(len(answers) for answers in self._answers.values())

    def answer(self, method: str, url: str) -> RecordedResponse | None:
        """The next recorded answer for this request, or None when it was never recorded."""
        key = (method.upper(), url)
        answers = self._answers.get(key)
        if not answers:
            return None
        index = min(self._served[key], len(answers) - 1)
        self._served[key] += 1
        return answers[index]


def _as_stored(headers: dict[str, str], body: bytes) -> dict[str, str]:
    """The headers of a page whose stored body is UTF-8, labelled so. Chromium hands the recorder the text
    it decoded (by the Content-Type charset or the page's ``<meta charset>``) encoded as UTF-8, so a
    windows-1251 page served again under its own label would replay garbled (see ``browser/source.py``)."""
    name = next((name for name in headers if name.lower() == "content-type"), None)
    kind = headers[name].split(";")[0].strip().lower() if name else ""
    if name is None or kind not in _PAGE_TYPES:
        return headers
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return headers  # the bytes as the server sent them (a page that declared nothing, not UTF-8)
    return {**headers, name: f"{kind}; charset=utf-8"}


def _body(response: dict[str, Any], archive: zipfile.ZipFile | None) -> bytes:
    content = response.get("content", {})
    if "_file" in content:
        if archive is None:
            raise ValueError(f"body file {content['_file']} outside a zip")
        return archive.read(content["_file"])
    text = content.get("text", "")
    if content.get("encoding") == "base64":
        return base64.b64decode(text)
    return str(text).encode("utf-8")
