"""Lint selector files: every problem in every file, not just the first, plus overlaps between files.

Loading stops at the first problem. Linting reads through the same ``sites.reader`` (so that lint
and load word a problem alike) but reports every error pydantic finds, each bad CSS/XPath of a list
on its own, duplicate YAML keys, ``match`` patterns that cannot match, and ``match`` patterns of
two files in one folder that some URL fits both (see ``glob_overlap``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractor.errors import SelectorFileError
from extractor.sites.checks import check_css, check_rule, check_xpath
from extractor.sites.globs import glob_overlap
from extractor.sites.matching import selector_files
from extractor.sites.reader import SelectorSource, dotted, read_file, read_source

_EXPRESSION_LISTS = {"css": check_css, "xpath": check_xpath, "remove": check_rule, "click": check_css}
_SCHEMES = ("http://", "https://")


@dataclass(frozen=True)
class Problem:
    """One problem in a selector file, at ``line``:``col`` when known (1-based)."""

    path: Path
    line: int | None
    col: int | None
    message: str

    def __str__(self) -> str:
        return SelectorFileError(self.path, self.message, self.line, self.col).message

    @classmethod
    def from_error(cls, error: SelectorFileError) -> Problem:
        """The problem a loader error describes."""
        return cls(error.path, error.line, error.col, error.reason)


@dataclass(frozen=True)
class _Pattern:
    path: Path
    text: str
    where: str  # "match" or "match[1]"
    line: int | None
    col: int | None

    @property
    def location(self) -> str:
        """``file:line:col``."""
        return SelectorFileError(self.path, "", self.line, self.col).message.removesuffix(": ")


@dataclass
class _Linted:
    problems: list[Problem] = field(default_factory=list)
    patterns: list[_Pattern] = field(default_factory=list)


def collect_files(paths: Iterable[Path]) -> list[Path]:
    """The selector files at ``paths`` (files as they are, folders' YAML files), each once."""
    files: list[Path] = []
    seen: set[Path] = set()
    for path in paths:
        for file in selector_files(path):
            if file.resolve() not in seen:
                seen.add(file.resolve())
                files.append(file)
    return files


def lint_files(files: Sequence[Path]) -> list[Problem]:
    """Every problem in ``files``, file by file in order, each file's sorted by position."""
    linted = {file: _lint_path(file) for file in files}
    for problem in _overlaps([pattern for result in linted.values() for pattern in result.patterns]):
        linted[problem.path].problems.append(problem)
    return [problem for result in linted.values() for problem in _sorted(result.problems)]


def lint_file(path: Path | str) -> list[Problem]:
    """Every problem in one selector file."""
    return _sorted(_lint_path(Path(path)).problems)


def lint_source(raw: bytes | str, path: Path | str = "<selectors>") -> list[Problem]:
    """Every problem in selector-file content; ``path`` is only used in messages."""
    return _sorted(_lint_source(raw, Path(path)).problems)


def _sorted(problems: list[Problem]) -> list[Problem]:
    unique = dict.fromkeys(problems)
    return sorted(unique, key=lambda problem: (problem.line or 0, problem.col or 0))


def _lint_path(path: Path) -> _Linted:
    """Read as ``load_site`` does, with the same messages."""
    try:
        raw = read_file(path)
    except SelectorFileError as error:
        return _Linted([Problem.from_error(error)])
    return _lint_source(raw, path)


def _lint_source(raw: bytes | str, path: Path) -> _Linted:
    try:
        source = read_source(raw, path)  # not UTF-8, YAML syntax, tags, alias bombs: the file stops here
    except SelectorFileError as error:
        return _Linted([Problem.from_error(error)])
    linted = _Linted([Problem.from_error(duplicate) for duplicate in source.duplicates])
    linted.patterns = _patterns(source, path)
    linted.problems += _unmatchable(linted.patterns)
    _, details = source.validate()
    for detail in details:
        linted.problems += _expression_problems(detail, source, path) or [Problem.from_error(source.describe(detail))]
    return linted


def _expression_problems(detail: Any, source: SelectorSource, path: Path) -> list[Problem]:
    """Each invalid expression of a list (``css: [a, b]``, ``remove``, ``click``) at its own position."""
    loc = tuple(detail["loc"])
    if detail["type"] != "value_error" or not loc or loc[-1] not in _EXPRESSION_LISTS:
        return []
    steps, value = _raw_at(source.document, loc)
    if not isinstance(value, list):
        return []
    check = _EXPRESSION_LISTS[str(loc[-1])]
    problems = []
    for index, expression in enumerate(value):
        if not isinstance(expression, str):
            continue
        try:
            check(expression)
        except ValueError as error:
            line, col = source.position([*steps, index])
            problems.append(Problem(path, line, col, f"{dotted([*loc, index])}: {error}"))
    return problems


def _raw_at(document: dict[str, Any], loc: tuple[Any, ...]) -> tuple[list[str | int], Any]:
    """The file's own value at a model location, and its key path (shorthand fields have no ``css`` key)."""
    steps: list[str | int] = []
    value: Any = document
    for part in loc:
        if part == "css" and isinstance(value, str | list):
            continue  # `title: "h1"` or `title: [h1, h2]` is the css list itself
        if isinstance(part, str) and part.startswith("function-"):
            continue  # a validator's step in pydantic's location, not a key of the file
        found = (isinstance(value, dict) and part in value) or (
            isinstance(value, list) and isinstance(part, int) and part < len(value)
        )
        if not found:
            return steps, None
        value = value[part]
        steps.append(part)
    return steps, value


def _patterns(source: SelectorSource, path: Path) -> list[_Pattern]:
    value = source.document.get("match")
    if isinstance(value, str):
        return [_Pattern(path, value, "match", *source.marks.get(("match", "<value>"), (None, None)))]
    if not isinstance(value, list):
        return []
    return [
        _Pattern(path, text, f"match[{index}]", *source.position(["match", index]))
        for index, text in enumerate(value)
        if isinstance(text, str)
    ]


def _unmatchable(patterns: list[_Pattern]) -> list[Problem]:
    """Patterns written with ``http(s)://``: URLs are matched without their scheme, so they never fit."""
    problems = []
    for pattern in patterns:
        for scheme in _SCHEMES:
            if pattern.text.lower().startswith(scheme):
                fixed = pattern.text[len(scheme) :]
                message = (
                    f"{pattern.where}: pattern {pattern.text!r} never matches: URLs are matched without "
                    f"their scheme (write {fixed!r})"
                )
                problems.append(Problem(pattern.path, pattern.line, pattern.col, message))
    return problems


# --- overlaps between files -------------------------------------------------------------------


def _overlaps(patterns: Sequence[_Pattern]) -> list[Problem]:
    """Pairs of patterns from two files of one folder that some URL fits both.

    Those files compete for that URL when the folder is used: the longer pattern wins, and for equal
    lengths the file sorted first. Each pair is reported once, at the later file's pattern.
    """
    problems = []
    for later_index, later in enumerate(patterns):
        for earlier in patterns[:later_index]:
            if earlier.path == later.path or earlier.path.resolve().parent != later.path.resolve().parent:
                continue
            example = glob_overlap(earlier.text, later.text)
            if example is None:
                continue
            problems.append(Problem(later.path, later.line, later.col, _overlap_message(earlier, later, example)))
    return problems


def _overlap_message(earlier: _Pattern, later: _Pattern, example: str) -> str:
    first = min(earlier.path.name, later.path.name)
    if earlier.text == later.text:
        return f"{later.where}: pattern {later.text!r} is also in {earlier.location}; {first} wins (sorted first)"
    if len(later.text) > len(earlier.text):
        winner = "this file wins there (longer pattern)"
    elif len(later.text) < len(earlier.text):
        winner = f"{earlier.path.name} wins there (longer pattern)"
    else:
        winner = f"{first} wins there (equal lengths, sorted first)"
    other = f"{earlier.text!r} in {earlier.location}"
    return f"{later.where}: pattern {later.text!r} overlaps {other}: both match e.g. {example!r}; {winner}"
