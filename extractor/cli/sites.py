"""``extractor sites``: list the selector files found and what they match."""

from __future__ import annotations

from extractor.cli import ui
from extractor.cli.options import SelectorsOption
from extractor.sites.matching import default_selectors_path, load_sites


def sites_command(selectors: SelectorsOption = None) -> None:
    """List the selector files found, with their match patterns."""
    source = selectors if selectors is not None else default_selectors_path()
    ui.show_sites(load_sites(source), str(source))
