"""Defaults and environment, read when asked (never at import time)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace

DEFAULT_TIMEOUT = 30.0
DEFAULT_VIEWPORT = (1280, 900)
# Flags that keep Chromium from calling home on a closed network, per the project's brief.
QUIET_CHROMIUM_FLAGS = (
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--metrics-recording-only",
    "--no-default-browser-check",
    "--mute-audio",
)


@dataclass(frozen=True)
class Settings:
    """How the browser is found and started."""

    chromium: str | None = None  # explicit executable; else EXTRACTOR_CHROMIUM, Playwright's, PATH
    headless: bool = True
    viewport: tuple[int, int] = DEFAULT_VIEWPORT
    user_agent: str | None = None
    extra_args: tuple[str, ...] = field(default_factory=tuple)

    def with_args(self, args: tuple[str, ...]) -> Settings:
        """These settings with more Chromium flags."""
        return replace(self, extra_args=(*self.extra_args, *args))

    @classmethod
    def from_env(cls) -> Settings:
        """Settings with the environment applied (``EXTRACTOR_CHROMIUM``, ``EXTRACTOR_HEADFUL``)."""
        return cls(
            chromium=os.environ.get("EXTRACTOR_CHROMIUM") or None,
            headless=os.environ.get("EXTRACTOR_HEADFUL", "") in ("", "0"),
        )


def running_as_root() -> bool:
    """Chromium's sandbox cannot run as root; only then is it turned off."""
    return hasattr(os, "geteuid") and os.geteuid() == 0
