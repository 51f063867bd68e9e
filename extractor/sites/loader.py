"""Load selector files into ``Site`` models, stopping at the first problem.

Every problem is a ``SelectorFileError`` naming ``file:line:col`` and, for an unknown key, the
closest known one ("did you mean"). The reading and the wording live in ``sites.reader``;
``sites.lint`` reads the same way and reports every problem instead of the first.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from extractor.sites.reader import read_file, read_source
from extractor.sites.schema import Site


@dataclass(frozen=True)
class LoadedSite:
    """A validated site together with the file it came from."""

    site: Site
    path: Path

    @property
    def name(self) -> str:
        """The ``site`` name from the file."""
        return self.site.name


def load_site(path: Path | str) -> LoadedSite:
    """Load and validate one selector file."""
    path = Path(path)
    return LoadedSite(_paths_from(parse_site(read_file(path), path), path.parent), path)


def _paths_from(site: Site, folder: Path) -> Site:
    """``render.storage_state`` written relative to the selector file, made absolute."""
    state = site.render.storage_state
    if state is None or Path(state).expanduser().is_absolute():
        return site
    render = site.render.model_copy(update={"storage_state": str((folder / state).resolve())})
    return site.model_copy(update={"render": render})


def parse_site(raw: bytes | str, path: Path | str = "<selectors>") -> Site:
    """Parse and validate selector-file content; ``path`` is only used in messages."""
    source = read_source(raw, path)
    site, details = source.validate()
    if site is None:
        raise source.describe(details[0])
    return site
