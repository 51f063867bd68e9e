"""Helpers the tests share (no tests of their own): the test site's server, paths on it."""

from __future__ import annotations

from extractor.cli.demo import DEMO_PATH

CNBC_PATH = DEMO_PATH  # the bundled CNBC Indonesia replica article, on any server of DEMO_SITE
