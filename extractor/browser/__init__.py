"""The browser stage: launch Chromium, render pages to their final state, sniff media."""

from extractor.browser.render import render
from extractor.browser.session import Browser

__all__ = ["Browser", "render"]
