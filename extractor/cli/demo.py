"""``extractor demo``: extract the bundled CNBC Indonesia replica, served offline on 127.0.0.1."""

from __future__ import annotations

import asyncio

import typer

from extractor.api import extract_url
from extractor.cli import ui
from extractor.cli.extract import exit_code
from extractor.demo.server import DEMO_SITE, serve
from extractor.sites import load_site
from extractor.sites.matching import shipped_selectors_dir

DEMO_PATH = "/news/20241201141530-4-592831/hamas-datang-ke-kairo-israel-beri-sinyal-gencatan-senjata-gaza"


def demo_command() -> None:
    """Serve the bundled CNBC Indonesia replica page and extract it with the shipped selector file."""
    site = load_site(shipped_selectors_dir() / "cnbcindonesia.com.yaml").site
    with serve(DEMO_SITE) as base_url:
        url = base_url + DEMO_PATH
        ui.note_line(f"serving the CNBC Indonesia replica at {url}")
        result = asyncio.run(extract_url(url, selectors=site))
    ui.show_result(result)
    raise typer.Exit(exit_code(result))
