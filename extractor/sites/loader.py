"""Read selector files: safe YAML with line numbers, validated into ``Site`` models.

Every problem becomes a ``SelectorFileError`` naming ``file:line:col`` and, for an unknown
key, the closest known one ("did you mean").
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from extractor.errors import SelectorFileError
from extractor.sites.schema import FIELD_KEYS, RENDER_KEYS, SITE_KEYS, Site, expand_shorthands

MAX_FILE_BYTES = 1_000_000
MAX_NODES = 50_000

Path_ = tuple[str | int, ...]


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
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise SelectorFileError(path, f"file is {size:,} bytes; selector files are limited to 1 MB")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SelectorFileError(path, "no such file") from None
    except IsADirectoryError:
        raise SelectorFileError(path, "is a folder, expected a YAML file") from None
    except OSError as error:
        raise SelectorFileError(path, f"cannot read: {error.strerror}") from None
    return LoadedSite(parse_site(raw, path), path)


def parse_site(raw: bytes | str, path: Path | str = "<selectors>") -> Site:
    """Parse and validate selector-file content; ``path`` is only used in messages."""
    if isinstance(raw, bytes):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            line = raw[: error.start].count(b"\n") + 1
            raise SelectorFileError(path, "not UTF-8 text", line) from None
    else:
        text = raw
    document, marks = read_yaml(text, path)
    if document is None:
        raise SelectorFileError(path, "file is empty; expected a mapping with site, match and fields")
    if not isinstance(document, dict):
        found = type(document).__name__
        raise SelectorFileError(path, f"expected a mapping at the top (site, match, fields), found a {found}", 1, 1)
    try:
        return Site.model_validate(expand_shorthands(document))
    except ValidationError as error:
        raise _first_problem(error, marks, path) from None


def read_yaml(text: str, path: Path | str) -> tuple[Any, dict[Path_, tuple[int, int]]]:
    """Safe YAML to plain values, with the line and column of every key and item (by path)."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        reason = f"YAML syntax: {error.problem or error.context}"
        if mark is None:
            raise SelectorFileError(path, reason) from None
        raise SelectorFileError(path, reason, mark.line + 1, mark.column + 1) from None
    except yaml.reader.ReaderError as error:
        line = text[: error.position].count("\n") + 1
        code = error.character if isinstance(error.character, int) else ord(str(error.character)[:1] or "?")
        raise SelectorFileError(path, f"YAML syntax: character U+{code:04X} is not allowed", line) from None
    except yaml.YAMLError as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise SelectorFileError(path, f"YAML syntax: {first_line}") from None
    if node is None:
        return None, {}
    marks: dict[Path_, tuple[int, int]] = {}
    builder = _Builder(path, marks)
    return builder.build(node, ()), marks


class _Builder:
    """Turns a composed YAML node tree into plain Python values, remembering where each key sits."""

    def __init__(self, path: Path | str, marks: dict[Path_, tuple[int, int]]):
        self.path = path
        self.marks = marks
        self.count = 0
        self.constructor = yaml.SafeLoader("")

    def build(self, node: yaml.Node, at: Path_) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise SelectorFileError(
                self.path, f"more than {MAX_NODES:,} values (an alias bomb?); refusing to expand",
                node.start_mark.line + 1,
            )  # fmt: skip
        self.marks.setdefault(at, (node.start_mark.line + 1, node.start_mark.column + 1))
        if node.tag.startswith("tag:yaml.org,2002:python") or node.tag.startswith("!"):
            raise SelectorFileError(self.path, f"YAML tag {node.tag!r} is not allowed", *_mark(node))
        if isinstance(node, yaml.MappingNode):
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = self.build(key_node, (*at, "<key>"))
                if not isinstance(key, str | int | float | bool) and key is not None:
                    raise SelectorFileError(self.path, "keys must be plain strings", *_mark(key_node))
                self.marks[(*at, str(key))] = _mark(key_node)
                if key == "<<":
                    raise SelectorFileError(self.path, "merge keys ('<<') are not supported", *_mark(key_node))
                result[str(key)] = self.build(value_node, (*at, str(key), "<value>"))
            return result
        if isinstance(node, yaml.SequenceNode):
            items = []
            for index, item in enumerate(node.value):
                self.marks[(*at, index)] = _mark(item)
                items.append(self.build(item, (*at, index, "<value>")))
            return items
        try:
            return self.constructor.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as error:
            raise SelectorFileError(self.path, f"YAML value: {error.problem}", *_mark(node)) from None


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


_ALLOWED_KEYS = {"site": SITE_KEYS, "render": RENDER_KEYS, "field": FIELD_KEYS}


def _first_problem(error: ValidationError, marks: dict[Path_, tuple[int, int]], path: Path | str) -> SelectorFileError:
    return describe_problem(error.errors(include_url=False)[0], marks, path)


def describe_problem(problem: Any, marks: dict[Path_, tuple[int, int]], path: Path | str) -> SelectorFileError:
    """One pydantic error detail as a ``file:line:col: message`` error (unknown keys get "did you mean")."""
    loc = tuple(str(part) if isinstance(part, str) else part for part in problem["loc"])
    line, col = _locate(loc, marks)
    where = _dotted(loc)
    message = problem["msg"].removeprefix("Value error, ")
    if problem["type"] == "extra_forbidden":
        key = str(loc[-1])
        allowed = _allowed_for(loc[:-1])
        message = f"unknown key {key!r}"
        close = difflib.get_close_matches(key, allowed, n=1)
        if close:
            message += f" (did you mean {close[0]!r}?)"
        else:
            message += f" (known keys: {', '.join(allowed)})"
        where = _dotted(loc[:-1])
    elif problem["type"] == "missing":
        message = f"missing required key {str(loc[-1])!r}"
        where = _dotted(loc[:-1])
        line, col = _locate(loc[:-1], marks)
    elif problem["type"] == "literal_error":
        message = f"{problem['input']!r} is not one of: {problem['ctx']['expected']}"
    text = f"{where}: {message}" if where else message
    return SelectorFileError(path, text, line, col)


def _allowed_for(loc: tuple[Any, ...]) -> tuple[str, ...]:
    if not loc:
        return SITE_KEYS
    if loc == ("render",):
        return RENDER_KEYS
    return FIELD_KEYS


def _locate(loc: tuple[Any, ...], marks: dict[Path_, tuple[int, int]]) -> tuple[int | None, int | None]:
    """The mark of the deepest part of ``loc`` that exists in the file."""
    keys: list[str | int] = []
    best: tuple[int | None, int | None] = marks.get((), (None, None))
    for part in loc:
        keys.append(part)
        probe = tuple(yaml_path(keys))
        if probe in marks:
            best = marks[probe]
    return best


def yaml_path(keys: list[str | int]) -> list[str | int]:
    """Model locations skip the builder's "<value>" steps; put them back between parts."""
    steps: list[str | int] = []
    for index, key in enumerate(keys):
        if index:
            steps.append("<value>")
        steps.append(key)
    return steps


def _dotted(loc: tuple[Any, ...]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        elif part in ("function-after[_coherent(), FieldSpec]",):
            continue
        else:
            text += f".{part}" if text else str(part)
    return text
