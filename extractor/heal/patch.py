"""Proven fixes written into a selector file, keeping its comments, key order, quoting and layout.

The file is read and written with ruamel.yaml's round-trip mode, so the only lines that change are
those of the fields healed: each gets its new list of expressions (the healed one first, the old
ones kept behind it as fallbacks), in the flow style ``["new", "old"]`` that the shipped files use.
"""

from __future__ import annotations

import difflib
import io
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

from extractor.errors import SelectorFileError
from extractor.sites import Site
from extractor.sites.schema import FieldSpec


def field_at(site: Site, path: str) -> FieldSpec:
    """The field at ``path`` (``video.title`` for one inside another)."""
    top, *inner = path.split(".")
    spec = site.fields[top]
    for name in inner:
        spec = (spec.fields or {})[name]
    return spec


def expressions(site: Site, path: str) -> tuple[str, list[str]]:
    """The key (``css`` or ``xpath``) and list of expressions that the field at ``path`` is read with."""
    spec = field_at(site, path)
    if spec.xpath is not None and spec.css is None:
        return "xpath", list(spec.xpath)
    return "css", list(spec.css or [])


def with_expressions(site: Site, path: str, key: str, new: list[str]) -> Site:
    """``site`` with the field at ``path`` read with ``new`` under ``key`` (``css`` or ``xpath``)."""

    def changed(fields: dict[str, FieldSpec], names: list[str]) -> dict[str, FieldSpec]:
        spec = fields[names[0]]
        if len(names) == 1:
            return {**fields, names[0]: spec.model_copy(update={key: new})}
        return {**fields, names[0]: spec.model_copy(update={"fields": changed(spec.fields or {}, names[1:])})}

    return site.model_copy(update={"fields": changed(site.fields, path.split("."))})


def patch_source(text: str, path: Path | str, changes: dict[str, tuple[str, list[str]]]) -> str:
    """``text`` (the selector file at ``path``) with each field of ``changes`` read with its new
    (key, expressions); everything else as it was."""
    yaml = _round_trip()
    try:
        document = yaml.load(text)
    except YAMLError as error:
        raise SelectorFileError(path, f"not YAML the round trip can keep ({error})") from None
    fields = document.get("fields") if isinstance(document, CommentedMap) else None
    if not isinstance(fields, CommentedMap):
        raise SelectorFileError(path, "no 'fields' mapping to patch")
    for name, (key, new) in changes.items():
        *outer, last = name.split(".")
        holder: Any = fields
        for part in outer:
            inner = holder.get(part) if isinstance(holder, CommentedMap) else None
            holder = inner.get("fields") if isinstance(inner, CommentedMap) else None
        node = holder.get(last) if isinstance(holder, CommentedMap) else None
        if isinstance(node, CommentedMap):
            node[key] = _flow_list(new, node.get(key))
        elif isinstance(node, str | CommentedSeq) and key == "css":  # the shorthand `title: "h1"` or a list
            holder[last] = _flow_list(new, node)
        else:
            raise SelectorFileError(path, f"field {name!r} has no {key} to patch")
    out = io.StringIO()
    yaml.dump(document, out)
    return out.getvalue()


def unified_diff(before: str, after: str, path: Path | str) -> str:
    """The change as a unified diff of the file, as ``git diff`` shows it."""
    name = str(path).lstrip("/")
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    lines = difflib.unified_diff(old, new, f"a/{name}", f"b/{name}")
    return "".join(lines)


def _round_trip() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long selector onto two lines
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _flow_list(new: list[str], old: Any) -> CommentedSeq:
    """``new`` as a one-line list: the old expressions as they were written, a new one quoted as the
    first old one was (double quotes by default)."""
    written = list(old) if isinstance(old, CommentedSeq) else [old] if isinstance(old, str) else []
    kept = {str(item): item for item in written}
    quote = (
        SingleQuotedScalarString
        if written and isinstance(written[0], SingleQuotedScalarString)
        else DoubleQuotedScalarString
    )
    items = CommentedSeq([kept.get(expression, quote(expression)) for expression in new])
    items.fa.set_flow_style()
    return items
