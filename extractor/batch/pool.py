"""One browser shared by the batch workers, relaunched every so many pages or when it died."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from extractor.browser import Browser
from extractor.browser.hosts import BadHosts
from extractor.browser.tuning import RenderTuning
from extractor.settings import Settings


class BrowserPool:
    """Leases the running browser to workers; restarts it once no page is using it."""

    def __init__(
        self,
        settings: Settings | None = None,
        restart_every: int = 200,
        tuning: RenderTuning | None = None,
        keep_spare: bool = True,
    ):
        """``keep_spare``: each browser keeps a fresh page ready (``Browser``); pointless when every
        page is made another way (a proxy each)."""
        self.settings = settings
        self.keep_spare = keep_spare
        self.tuning = tuning
        self.restart_every = restart_every
        self.browser: Browser | None = None
        self.bad_hosts = BadHosts()  # outlives relaunches: what was learned about other hosts still holds
        self.launches = 0
        self._pages = 0
        self._active = 0
        self._changed = asyncio.Condition()

    def _restart_due(self) -> bool:
        return self.browser is None or not self.browser.connected or self._pages >= self.restart_every

    @asynccontextmanager
    async def lease(self) -> AsyncIterator[Browser]:
        """A running browser for one page."""
        async with self._changed:
            while self._restart_due() and self._active > 0:
                await self._changed.wait()
            if self._restart_due():
                await self._relaunch()
            self._active += 1
            self._pages += 1
            browser = self.browser
        assert browser is not None
        try:
            yield browser
        finally:
            async with self._changed:
                self._active -= 1
                self._changed.notify_all()

    async def _relaunch(self) -> None:
        if self.browser is not None:
            await self.browser.close()
        self.browser = Browser(self.settings, keep_spare=self.keep_spare, bad_hosts=self.bad_hosts, tuning=self.tuning)
        await self.browser.start()
        self.launches += 1
        self._pages = 0

    async def close(self) -> None:
        """Close the browser, if one runs."""
        if self.browser is not None:
            await self.browser.close()
            self.browser = None
