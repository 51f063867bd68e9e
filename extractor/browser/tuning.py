"""How long the render waits, and for what: one frozen object, passed in (tests make their own)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any


@dataclass(frozen=True)
class RenderTuning:
    """The bounds and windows of the render, in seconds.

    None of them says when a page is done: the activity probe does, by following the work the page
    scheduled (see ``scripts/activity.js``). These bound that wait, and say what is too far off to
    be content.
    """

    step_cap: float = 5.0  # longest wait for one step's work: the load, a click, the end of a scroll pass
    reaction_cap: float = 1.5  # longest wait, per scroll step, for what its scroll handlers and pollers owe it
    timer_horizon: float = 2.0  # a one-shot timer set further off than this (a popup in 10 s) is not waited for
    look_horizon: float = 0.5  # repeating work at least this frequent gets one look at the page's new work
    stale_after: float = 2.5  # a data call or script open this long (a long poll, a hung tracker) stops counting
    quiet: float = 0.2  # quiet needed when work can arrive by ways the probe cannot follow (messages, sockets)
    short_quiet: float = 0.05  # quiet needed once all the work the probe follows is done
    poll_every: float = 0.05  # how often the browser side looks again while a request is open
    stall_after: float = 5.0  # a script or stylesheet of another host unanswered this long holds the page up
    stall_poll: float = 0.25  # how often a load in progress is checked for such requests
    max_stall_reloads: int = 2  # loads of a page again, each without the hosts that held up the one before
    max_navigations: int = 3  # a page that keeps moving itself while being scrolled is read as it stands
    frame_wait: float = 1.0  # longest wait for the rendering update after a scroll step, which observers need
    frame_arrival_wait: float = 1.0  # longest wait for an iframe's page to arrive before its player is read
    consent_wait: float = 5.0  # longest wait for a consent manager to dismiss its wall, or for render.consent's button
    disconnect_wait: float = 0.5  # after an aborted load, how long to look for the browser's exit behind it
    grace: float = 5.0  # beyond the render timeout, before a render that still runs is abandoned

    def for_page(self) -> dict[str, float]:
        """The part the in-page scripts use, in milliseconds."""
        return {
            "staleMs": self.stale_after * 1000,
            "timerHorizonMs": self.timer_horizon * 1000,
            "lookHorizonMs": self.look_horizon * 1000,
            "quietMs": self.quiet * 1000,
            "shortQuietMs": self.short_quiet * 1000,
            "frameWaitMs": self.frame_wait * 1000,
        }


@cache
def page_script(name: str) -> str:
    """The text of one of the in-page scripts shipped in ``extractor/browser/scripts``."""
    return resources.files("extractor.browser").joinpath("scripts", name).read_text(encoding="utf-8")


def as_arguments(tuning: RenderTuning, **more: Any) -> dict[str, Any]:
    """Arguments for an in-page script: the tuning, plus ``more``."""
    return {"tuning": tuning.for_page(), **more}
