"""The proof a proposed selector must pass before heal calls it a fix.

- It gives the new page a non-empty value of the recorded value's shape: the same JSON type, every
  part that had a value has one, a list's count within half to twice the recorded one, and a list
  whose recorded items shared one parent has items sharing one parent.
- When the new page shows every string of the recorded value (the same article, redesigned), the new
  value is the recorded one exactly.
- When the recorded value was in its page's metadata (``<title>``, meta tags, JSON-LD), the new value
  is in the new page's.
- The patched site reproduces ``expected.json`` on every older recording of the site.
"""

from __future__ import annotations

from typing import Any

from extractor.heal.evidence import NewPage, Recorded, strings, words
from extractor.models import is_empty
from extractor.recording.compare import differences
from extractor.recording.folder import Recording
from extractor.recording.replay import replay_dom
from extractor.sites import Site


def problem(
    value: Any, name: str, recorded: Recorded, page: NewPage, parents: int, patched: Site, recordings: list[Recording]
) -> str | None:
    """Why the value ``patched`` gives field ``name`` on ``page`` (its elements under ``parents``
    parents) is not proven, or None when it is."""
    before = recorded.value(name)
    return (
        _shape_problem(value, before)
        or _parents_problem(parents, recorded.parents.get(name, 0))
        or _same_article_problem(value, before, page)
        or _metadata_problem(value, before, recorded.metadata, page.metadata)
        or regression(patched, recordings)
    )


def _same_article_problem(value: Any, recorded: Any, page: NewPage) -> str | None:
    """When the new page shows every string of the recorded value, why the new value is not the recorded one."""
    shown = [words(item) for item in strings(recorded)]
    if not shown or value == recorded or not all(item in page.text or item in page.attributes for item in shown):
        return None
    if isinstance(value, list) and isinstance(recorded, list):
        return f"the page shows the recorded {len(recorded)} items, the proposal gives {len(value)} others or more"
    return "the page shows the recorded value, the proposal gives another"


def _metadata_problem(value: Any, recorded: Any, before: list[str], after: list[str]) -> str | None:
    """When the recorded value was in its page's metadata, why the new one is not in the new page's."""
    old, new = _texts(recorded), _texts(value)
    if not old or not all(_mentioned(item, before) for item in old) or all(_mentioned(item, after) for item in new):
        return None
    return "the page's own metadata (meta tags, JSON-LD) names another value"


def _texts(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [words(item).casefold() for item in items if isinstance(item, str) and len(item.strip()) >= 4]


def _mentioned(text: str, metadata: list[str]) -> bool:
    return any(text in item for item in metadata)


def _shape_problem(value: Any, recorded: Any, where: str = "") -> str | None:
    """Why ``value`` on the new page is not of the recorded value's shape, or None."""
    if is_empty(value):
        return f"the proposed selector gives the new page no value{where}"
    if type(value) is not type(recorded):
        return f"the new value{where} is a {type(value).__name__}, the recorded one a {type(recorded).__name__}"
    if isinstance(value, list) and not len(recorded) / 2 <= len(value) <= len(recorded) * 2:
        return f"the new page gives {len(value)} items{where}, the recording {len(recorded)}"
    if isinstance(value, dict):
        for key, item in recorded.items():
            if not is_empty(item):
                found = _shape_problem(value.get(key), item, f" for {key!r}")
                if found:
                    return found
    return None


def _parents_problem(parents: int, recorded: int) -> str | None:
    """Why items under ``parents`` parents do not fit items that shared ``recorded`` parents."""
    if recorded == 1 and parents > 1:
        return f"the recorded items shared one parent element, the proposal's have {parents}"
    return None


def regression(patched: Site, recordings: list[Recording]) -> str | None:
    """Why the patched site does not reproduce some older recording's ``expected.json``, or None."""
    for recording in recordings:
        expected = recording.expected()
        if expected is None:
            continue
        found = differences(expected, replay_dom(recording, patched).to_dict())
        if found:
            return f"it changes {recording.path.name}: {found[0].path}"
    return None
