"""Which site serves each URL of a run: the selector files loaded once, then looked up per URL."""

from __future__ import annotations

from pathlib import Path

from extractor.sites.matching import default_selectors_path, find_site, load_sites
from extractor.sites.schema import Site


class SiteResolver:
    """The selector files at ``path`` (default: ``./selectors/``, else the shipped files), loaded once
    (the first bad file raises). Called with a URL: a file given alone serves every URL; a folder
    serves each URL with the file whose ``match`` fits it, or None (zero-config)."""

    def __init__(self, path: Path | str | None = None):
        self.path = Path(path) if path is not None else default_selectors_path()
        self.sites = load_sites(self.path)
        self.only: Site | None = self.sites[0].site if self.path.is_file() else None

    def __call__(self, url: str) -> Site | None:
        if self.only is not None:
            return self.only
        found = find_site(self.sites, url)
        return found.site if found is not None else None
