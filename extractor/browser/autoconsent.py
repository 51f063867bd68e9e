"""DuckDuckGo's autoconsent in a rendered page: its rules for hundreds of consent managers, asked to opt out.

The content script (``@duckduckgo/autoconsent``'s Playwright bundle, installed by ``make setup``
with the other npm packages) runs in each frame and talks to us through one binding: it asks for
its settings and rules (``init``), for code to run in the page (``eval``), and reports what it
found and did (``report``, ``popupFound``, ``optOutResult``, ``autoconsentDone``). It is injected
only when the page shows signs of a consent manager (``consent.js``'s probe), and only for as long
as the wall takes: every wait here is bounded by the caller's ``limit``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Frame, Page

from extractor.reference.node import find_node_modules

PACKAGE = "@duckduckgo/autoconsent"
BINDING = "autoconsentSendMessage"
MAX_FRAMES = 8  # frames the script is injected into: the page's own, then the first others
# lifecycle states after which a frame's script has nothing more to do
FINISHED = frozenset({"nothingDetected", "optOutSucceeded", "optOutFailed", "optInSucceeded", "done"})
STARTING_GRACE = 1.5  # a frame whose script has not begun detecting by then takes no part
POPUP_GRACE = 2.5  # a manager found without a visible popup (consent already given) for this long is done

CONFIG: dict[str, Any] = {
    "enabled": True,
    "autoAction": "optOut",  # reject where the manager allows it
    "disabledCmps": [],
    "enablePrehide": False,  # injected after the load: there is nothing left to hide early
    "enableCosmeticRules": True,
    "enableGeneratedRules": True,
    "detectRetries": 0,  # it runs once the page has settled: the wall is there or it is not
    "isMainWorld": False,
    "prehideTimeout": 2000,
    "enableHeuristicDetection": False,  # consent.js's generic rule covers walls no rule knows
    "heuristicMode": "off",
    "enablePopupMutationObserver": False,
    "visualTest": False,
    "performanceLoggingEnabled": False,
    "heuristicPopupSearchTimeout": 0,
    "logs": dict.fromkeys(("lifecycle", "rulesteps", "detectionsteps", "evals", "errors", "messages", "waits"), False),
}


@cache
def _bundle() -> tuple[str, dict[str, Any]] | None:
    """The content script and its compact rules, or None when the package is not installed."""
    root = find_node_modules() / PACKAGE
    try:
        script = (root / "dist" / "autoconsent.playwright.js").read_text(encoding="utf-8")
        rules = json.loads((root / "rules" / "compact-rules.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return script, {"compact": rules}


def available() -> bool:
    """Whether autoconsent is installed (``make setup`` installs it with ``npm ci``)."""
    return _bundle() is not None


@dataclass
class _FrameState:
    lifecycle: str = "injected"
    since: float = field(default_factory=time.monotonic)

    def finished(self, now: float) -> bool:
        age = now - self.since
        if self.lifecycle in FINISHED:
            return True
        if self.lifecycle in ("injected", "loading", "waitingForInitResponse", "initialized"):
            return age > STARTING_GRACE
        return self.lifecycle == "cmpDetected" and age > POPUP_GRACE


@dataclass
class Outcome:
    """What autoconsent found and did on the page."""

    manager: str | None = None  # the rule whose popup it found (e.g. "Onetrust", "didomi")
    opted_out: bool | None = None  # None: it did not get as far as trying


class Autoconsent:
    """One run of autoconsent on one page."""

    def __init__(self, page: Page):
        self.page = page
        self.frames: dict[Frame, _FrameState] = {}
        self.outcome = Outcome()
        self._tasks: set[asyncio.Task[None]] = set()

    async def run(self, limit: float) -> Outcome:
        """Inject the script, let it opt out, and return once every frame's script is done (or at ``limit``)."""
        bundle = _bundle()
        if bundle is None:
            return self.outcome
        script, _ = bundle
        end = time.monotonic() + limit
        with contextlib.suppress(PlaywrightError):  # exposed already (a second run on this page)
            await self.page.expose_binding(BINDING, self._on_message)
        for frame in self._frames():
            self.frames[frame] = _FrameState()
            with contextlib.suppress(PlaywrightError):
                await asyncio.wait_for(frame.evaluate(script), timeout=max(0.1, end - time.monotonic()))
        while time.monotonic() < end:
            now = time.monotonic()
            self._forget_detached()
            if all(state.finished(now) for state in self.frames.values()):
                break
            await asyncio.sleep(0.05)
        for task in list(self._tasks):
            task.cancel()
        return self.outcome

    def _forget_detached(self) -> None:
        """A frame removed while its script was opting out was the wall (Sourcepoint's message frame
        is removed by its page once a choice is made, often before its script can say so)."""
        for frame, state in self.frames.items():
            if frame.is_detached() and state.lifecycle not in FINISHED:
                if state.lifecycle == "runningOptOut" and self.outcome.opted_out is None:
                    self.outcome.opted_out = True
                state.lifecycle = "done"

    def _frames(self) -> list[Frame]:
        main = self.page.main_frame
        others = [frame for frame in self.page.frames if frame is not main and frame.url.startswith("http")]
        return [main, *others[: MAX_FRAMES - 1]]

    def _on_message(self, source: dict[str, Any], message: Any) -> None:
        frame = source.get("frame")
        if not isinstance(message, dict) or not isinstance(frame, Frame):
            return
        kind = message.get("type")
        state = self.frames.setdefault(frame, _FrameState())
        if kind == "init":
            bundle = _bundle()
            rules = bundle[1] if bundle else {}
            self._answer(frame, {"type": "initResp", "config": CONFIG, "rules": rules})
        elif kind == "eval":
            self._in_background(self._evaluate(frame, message))
        elif kind == "report":
            lifecycle = str((message.get("state") or {}).get("lifecycle") or "")
            if lifecycle and lifecycle != state.lifecycle:
                state.lifecycle, state.since = lifecycle, time.monotonic()
        elif kind == "popupFound":
            self.outcome.manager = str(message.get("cmp"))
        elif kind == "optOutResult":
            self.outcome.opted_out = bool(message.get("result"))
            state.lifecycle = "optOutSucceeded" if self.outcome.opted_out else "optOutFailed"
        elif kind == "autoconsentDone":
            state.lifecycle = "done"

    async def _evaluate(self, frame: Frame, message: dict[str, Any]) -> None:
        try:
            result = await frame.evaluate(str(message.get("code")))
        except PlaywrightError:
            result = False
        await self._send(frame, {"type": "evalResp", "id": message.get("id"), "result": result})

    def _answer(self, frame: Frame, message: dict[str, Any]) -> None:
        self._in_background(self._send(frame, message))

    async def _send(self, frame: Frame, message: dict[str, Any]) -> None:
        with contextlib.suppress(PlaywrightError):
            await frame.evaluate(
                "m => { window.autoconsentReceiveMessage && window.autoconsentReceiveMessage(m); }", message
            )

    def _in_background(self, work: Any) -> None:
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
