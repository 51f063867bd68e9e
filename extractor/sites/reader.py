"""The one selector-file reader: bytes to YAML with positions, and validation errors to messages.

``load_site`` and ``lint`` both read through here, so a problem is worded once. Reading stops
at a problem that leaves nothing to validate (no file, not UTF-8, bad YAML, not a mapping);
``validate`` then finds every problem pydantic sees, and ``describe`` words each one as
``file:line:col: where: message``.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from extractor.errors import SelectorFileError
from extractor.sites import schema
from extractor.sites.schema import Site, expand_shorthands

MAX_FILE_BYTES = 1_000_000
MAX_NODES = 50_000

KeyPath = tuple[str | int, ...]
Marks = dict[KeyPath, tuple[int, int]]


@dataclass
class SelectorSource:
    """A selector file read as YAML: its plain values, where each key sits, and duplicate keys."""

    path: Path | str
    document: dict[str, Any]
    marks: Marks
    duplicates: list[SelectorFileError] = field(default_factory=list)

    def validate(self) -> tuple[Site | None, list[Any]]:
        """The site, or ``None`` and pydantic's error details (``describe`` words each one)."""
        try:
            return Site.model_validate(expand_shorthands(self.document)), []
        except ValidationError as error:
            return None, error.errors(include_url=False)

    def describe(self, detail: Any) -> SelectorFileError:
        """One of ``validate``'s details as a ``file:line:col: where: message`` error."""
        return describe_problem(detail, self.marks, self.path)

    def position(self, keys: Sequence[str | int]) -> tuple[int | None, int | None]:
        """The line and column of the value at ``keys`` (file keys, not model locations)."""
        return self.marks.get(tuple(yaml_path(list(keys))), (None, None))


def read_file(path: Path) -> bytes:
    """The file's bytes, or a ``SelectorFileError`` saying why they cannot be had."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise SelectorFileError(path, f"file is {size:,} bytes; selector files are limited to 1 MB")
        return path.read_bytes()
    except FileNotFoundError:
        raise SelectorFileError(path, "no such file") from None
    except IsADirectoryError:
        raise SelectorFileError(path, "is a folder, expected a YAML file") from None
    except OSError as error:
        raise SelectorFileError(path, f"cannot read: {error.strerror}") from None


def read_source(raw: bytes | str, path: Path | str) -> SelectorSource:
    """Decode and compose selector-file content; a problem that leaves nothing to validate raises."""
    text = _decode(raw, path)
    document, builder = _compose(text, path)
    if document is None:
        raise SelectorFileError(path, "file is empty; expected a mapping with site, match and fields")
    if not isinstance(document, dict):
        found = type(document).__name__
        raise SelectorFileError(path, f"expected a mapping at the top (site, match, fields), found a {found}", 1, 1)
    return SelectorSource(path, document, builder.marks, builder.duplicates)


def _decode(raw: bytes | str, path: Path | str) -> str:
    if isinstance(raw, str):
        return raw
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise SelectorFileError(path, "not UTF-8 text", raw[: error.start].count(b"\n") + 1) from None


def _compose(text: str, path: Path | str) -> tuple[Any, _Builder]:
    """Safe YAML to plain values, remembering the line and column of every key and item."""
    builder = _Builder(path)
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
    return (None if node is None else builder.build(node, ())), builder


class _Builder:
    """Turns a composed YAML node tree into plain values, noting positions and duplicate keys."""

    def __init__(self, path: Path | str):
        self.path = path
        self.marks: Marks = {}
        self.duplicates: list[SelectorFileError] = []
        self.count = 0
        self.walked: set[int] = set()  # mappings checked for duplicates (an alias is walked again)
        self.constructor = yaml.SafeLoader("")

    def build(self, node: yaml.Node, at: KeyPath) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise SelectorFileError(
                self.path, f"more than {MAX_NODES:,} values (an alias bomb?); refusing to expand",
                node.start_mark.line + 1,
            )  # fmt: skip
        self.marks.setdefault(at, _mark(node))
        if node.tag.startswith("tag:yaml.org,2002:python") or node.tag.startswith("!"):
            raise SelectorFileError(self.path, f"YAML tag {node.tag!r} is not allowed", *_mark(node))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, at)
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

    def _mapping(self, node: yaml.MappingNode, at: KeyPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, yaml.Node] = {}
        check_duplicates = id(node) not in self.walked
        self.walked.add(id(node))
        for key_node, value_node in node.value:
            key = self.build(key_node, (*at, "<key>"))
            if not isinstance(key, str | int | float | bool) and key is not None:
                raise SelectorFileError(self.path, "keys must be plain strings", *_mark(key_node))
            if key == "<<":
                raise SelectorFileError(self.path, "merge keys ('<<') are not supported", *_mark(key_node))
            name = str(key)
            if check_duplicates and name in first_seen:
                line = first_seen[name].start_mark.line + 1
                message = f"duplicate key {name!r} (first at line {line}); only the last one is used"
                where = dotted(_model_keys(at))
                text = f"{where}: {message}" if where else message
                self.duplicates.append(SelectorFileError(self.path, text, *_mark(key_node)))
            first_seen.setdefault(name, key_node)
            self.marks[(*at, name)] = _mark(key_node)
            result[name] = self.build(value_node, (*at, name, "<value>"))
        return result


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _model_keys(at: KeyPath) -> list[str | int]:
    """A builder path without its "<value>" steps: the keys as the file names them."""
    return [part for part in at if part != "<value>"]


def yaml_path(keys: list[str | int]) -> list[str | int]:
    """Model locations skip the builder's "<value>" steps; put them back between parts."""
    steps: list[str | int] = []
    for index, key in enumerate(keys):
        if index:
            steps.append("<value>")
        steps.append(key)
    return steps


def dotted(loc: Sequence[Any]) -> str:
    """A location as the user reads it: ``fields.price.css[1]`` (validator steps left out)."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        elif not str(part).startswith("function-"):
            text += f".{part}" if text else str(part)
    return text


def describe_problem(problem: Any, marks: Marks, path: Path | str) -> SelectorFileError:
    """One pydantic error detail as a ``file:line:col: message`` error (unknown keys get "did you mean")."""
    loc = tuple(problem["loc"])
    line, col = _locate(loc, marks)
    where = dotted(loc)
    message = problem["msg"].removeprefix("Value error, ")
    if problem["type"] == "extra_forbidden":
        key = str(loc[-1])
        allowed = _allowed_for(loc[:-1])
        message = f"unknown key {key!r}"
        close = difflib.get_close_matches(key, allowed, n=1)
        message += f" (did you mean {close[0]!r}?)" if close else f" (known keys: {', '.join(allowed)})"
        where = dotted(loc[:-1])
    elif problem["type"] == "missing":
        message = f"missing required key {str(loc[-1])!r}"
        where = dotted(loc[:-1])
        line, col = _locate(loc[:-1], marks)
    elif problem["type"] == "literal_error":
        message = f"{problem['input']!r} is not one of: {problem['ctx']['expected']}"
    return SelectorFileError(path, f"{where}: {message}" if where else message, line, col)


def _allowed_for(loc: tuple[Any, ...]) -> tuple[str, ...]:
    """The keys allowed in the mapping at ``loc``."""
    if not loc:
        return schema.SITE_KEYS
    if loc[0] == "paginate":
        return schema.PAGINATE_KEYS
    if loc[0] == "render":
        known = {("render",): schema.RENDER_KEYS, ("render", "viewport"): schema.VIEWPORT_KEYS}
        cookie = len(loc) == 3 and loc[1] == "cookies"
        return known.get(loc, schema.COOKIE_KEYS if cookie else schema.RENDER_KEYS)
    return schema.FIELD_KEYS


def _locate(loc: tuple[Any, ...], marks: Marks) -> tuple[int | None, int | None]:
    """The mark of the deepest part of ``loc`` that exists in the file."""
    keys: list[str | int] = []
    best: tuple[int | None, int | None] = marks.get((), (None, None))
    for part in loc:
        keys.append(part)
        probe = tuple(yaml_path(keys))
        if probe in marks:
            best = marks[probe]
    return best
