"""Lint selector files: every problem in every file, not just the first, plus overlaps between files.

Loading stops at the first problem. Linting reuses the loader's YAML reader (with its line numbers)
and its mapping of pydantic errors (private helpers, so that lint and load word a problem alike),
but reports every error pydantic finds, each bad CSS/XPath of a list on its own, duplicate YAML
keys, ``match`` patterns that cannot match, and ``match`` patterns of two files in one folder that
some URL fits both (see ``glob_overlap``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from extractor.errors import SelectorFileError
from extractor.sites.globs import glob_overlap
from extractor.sites.loader import MAX_FILE_BYTES, Path_, describe_problem, read_yaml, yaml_path
from extractor.sites.matching import selector_files
from extractor.sites.schema import Site, check_css, check_xpath, expand_shorthands

_EXPRESSION_LISTS = {"css": check_css, "xpath": check_xpath, "remove": check_css, "click": check_css}
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
        size = path.stat().st_size
        raw = path.read_bytes() if size <= MAX_FILE_BYTES else b""
    except FileNotFoundError:
        return _Linted([Problem(path, None, None, "no such file")])
    except IsADirectoryError:
        return _Linted([Problem(path, None, None, "is a folder, expected a YAML file")])
    except OSError as error:
        return _Linted([Problem(path, None, None, f"cannot read: {error.strerror}")])
    if size > MAX_FILE_BYTES:
        return _Linted([Problem(path, None, None, f"file is {size:,} bytes; selector files are limited to 1 MB")])
    return _lint_source(raw, path)


def _lint_source(raw: bytes | str, path: Path) -> _Linted:
    try:
        text = _decode(raw, path)
        document, marks = read_yaml(text, path)  # YAML syntax, tags, alias bombs: the file stops here
    except SelectorFileError as error:
        return _Linted([Problem.from_error(error)])
    linted = _Linted(_duplicate_keys(text, path))
    if document is None:
        linted.problems.append(
            Problem(path, None, None, "file is empty; expected a mapping with site, match and fields")
        )
        return linted
    if not isinstance(document, dict):
        found = type(document).__name__
        linted.problems.append(
            Problem(path, 1, 1, f"expected a mapping at the top (site, match, fields), found a {found}")
        )
        return linted
    linted.patterns = _patterns(document, marks, path)
    linted.problems += _unmatchable(linted.patterns)
    try:
        Site.model_validate(expand_shorthands(document))
    except ValidationError as error:
        for detail in error.errors(include_url=False):
            linted.problems += _problems_for(detail, document, marks, path)
    return linted


def _decode(raw: bytes | str, path: Path) -> str:
    if isinstance(raw, str):
        return raw
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise SelectorFileError(path, "not UTF-8 text", raw[: error.start].count(b"\n") + 1) from None


def _problems_for(
    detail: Any, document: dict[str, Any], marks: dict[Path_, tuple[int, int]], path: Path
) -> list[Problem]:
    """One pydantic error as problems: the loader's message, or one per bad expression of a list."""
    loc = tuple(detail["loc"])
    if detail["type"] == "value_error" and loc and loc[-1] in _EXPRESSION_LISTS:
        items = _expression_problems(loc, document, marks, path)
        if items:
            return items
    return [Problem.from_error(describe_problem(detail, marks, path))]


def _expression_problems(
    loc: tuple[Any, ...], document: dict[str, Any], marks: dict[Path_, tuple[int, int]], path: Path
) -> list[Problem]:
    """Each invalid expression of a list (``css: [a, b]``, ``remove``, ``click``) at its own position."""
    steps, value = _raw_at(document, loc)
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
            line, col = marks.get(tuple(yaml_path([*steps, index])), (None, None))
            problems.append(Problem(path, line, col, f"{_dotted([*loc, index])}: {error}"))
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


def _dotted(loc: Sequence[Any]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _duplicate_keys(text: str, path: Path) -> list[Problem]:
    """Keys given twice in one mapping: YAML keeps the last silently, which hides a field."""
    problems: list[Problem] = []
    seen: set[int] = set()

    def walk(node: yaml.Node, where: str) -> None:
        if id(node) in seen:  # an alias: already walked
            return
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            first: dict[str, yaml.Node] = {}
            for key_node, value_node in node.value:
                key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else ""
                if key in first:
                    line = first[key].start_mark.line + 1
                    message = f"duplicate key {key!r} (first at line {line}); only the last one is used"
                    problems.append(Problem(path, *_mark(key_node), f"{where}: {message}" if where else message))
                first.setdefault(key, key_node)
                walk(value_node, f"{where}.{key}" if where else key)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                walk(item, f"{where}[{index}]")

    node = yaml.compose(text, Loader=yaml.SafeLoader)  # it composed once already: no error here
    if node is not None:
        walk(node, "")
    return problems


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _patterns(document: dict[str, Any], marks: dict[Path_, tuple[int, int]], path: Path) -> list[_Pattern]:
    value = document.get("match")
    if isinstance(value, str):
        line, col = marks.get(("match", "<value>"), (None, None))
        return [_Pattern(path, value, "match", line, col)]
    if not isinstance(value, list):
        return []
    found = []
    for index, text in enumerate(value):
        if isinstance(text, str):
            line, col = marks.get(("match", "<value>", index), (None, None))
            found.append(_Pattern(path, text, f"match[{index}]", line, col))
    return found


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
