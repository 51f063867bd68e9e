"""Find the selector files and pick the one whose ``match`` globs fit a URL."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable
from pathlib import Path

from extractor.errors import NoMatchingSiteError, SelectorFileError
from extractor.sites.loader import LoadedSite, load_site

YAML_SUFFIXES = (".yaml", ".yml")


def shipped_selectors_dir() -> Path:
    """The selector files that come with the package (wheel) or the source checkout."""
    package = Path(__file__).resolve().parent.parent
    bundled = package / "_selectors"
    return bundled if bundled.is_dir() else package.parent / "selectors"


def default_selectors_path() -> Path:
    """``selectors/`` in the current folder when it exists, else the shipped files."""
    local = Path.cwd() / "selectors"
    return local if local.is_dir() else shipped_selectors_dir()


def selector_files(path: Path) -> list[Path]:
    """The YAML files in a folder (sorted), or the file itself."""
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.suffix in YAML_SUFFIXES and p.is_file())
    if not path.exists():
        raise SelectorFileError(path, "no such file or folder")
    return [path]


def load_sites(path: Path | str) -> list[LoadedSite]:
    """Load every selector file under ``path`` (a file or a folder); the first bad file raises."""
    return [load_site(file) for file in selector_files(Path(path))]


def url_key(url: str) -> str:
    """The URL as ``match`` globs see it: without its scheme."""
    for prefix in ("https://", "http://"):
        if url.startswith(prefix):
            return url[len(prefix) :]
    return url


def matches(site: LoadedSite, url: str) -> bool:
    """True when one of the site's ``match`` globs fits the URL."""
    key = url_key(url)
    return any(fnmatch.fnmatchcase(key, pattern) for pattern in site.site.match)


def find_site(sites: Iterable[LoadedSite], url: str) -> LoadedSite | None:
    """The site whose most specific matching pattern fits the URL (longest pattern wins)."""
    best: tuple[int, LoadedSite] | None = None
    key = url_key(url)
    for site in sites:
        for pattern in site.site.match:
            if fnmatch.fnmatchcase(key, pattern) and (best is None or len(pattern) > best[0]):
                best = (len(pattern), site)
    return best[1] if best else None


def resolve_site(url: str, selectors: Path | str | None = None) -> LoadedSite:
    """The site to use for ``url``: a file is used as it is; in a folder, the one that matches."""
    path = Path(selectors) if selectors is not None else default_selectors_path()
    if path.is_file():
        return load_site(path)
    site = find_site(load_sites(path), url)
    if site is None:
        raise NoMatchingSiteError(url, str(path))
    return site
