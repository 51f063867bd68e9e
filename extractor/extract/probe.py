"""Try one selector against a snapshot: the nodes it matches and the value each gives as a field would.

The values come from the extraction engine itself (its raw-value reading, ``regex``, text
collapsing and type conversion), so what ``probe`` shows is what a field with the same keys returns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from parsel import Selector
from pydantic import ValidationError

from extractor.errors import UsageError
from extractor.extract.engine import FieldReader, parse_document, remove_nodes
from extractor.extract.jsonld import describe_node, first_match, json_ld_nodes
from extractor.extract.state import embedded_states, state_values
from extractor.models import Snapshot
from extractor.sites.checks import check_css, check_jsonld_path, check_state_path, check_xpath
from extractor.sites.schema import FieldSpec, FieldType

Kind = Literal["css", "xpath", "jsonld", "state"]
_CHECKS = {"css": check_css, "xpath": check_xpath, "jsonld": check_jsonld_path, "state": check_state_path}
FIELD_TYPES: tuple[str, ...] = get_args(FieldType)
_PATH = "probe"


@dataclass
class ProbeDocument:
    """A snapshot parsed once (and its ``remove`` rules applied), to try many selectors against."""

    root: Selector
    base_url: str
    removed: dict[str, int] = field(default_factory=dict)
    json_ld: list[dict[str, Any]] = field(default_factory=list)  # read before `remove`, as extraction does
    states: dict[str, Any] = field(default_factory=dict)  # the embedded states, read before `remove` too


@dataclass(frozen=True)
class ProbeNode:
    """One matched node: what it is, its raw value, and the value (or the conversion error)."""

    label: str
    raw: str | None
    value: Any
    error: str | None = None


@dataclass
class ProbeResult:
    """What one selector matched, and the values a field with the same keys would give."""

    kind: Kind
    expression: str
    attr: str | None
    type: str
    regex: str | None
    nodes: list[ProbeNode]

    @property
    def values(self) -> list[Any]:
        """The field's value with ``multiple: true``: every non-empty value in order."""
        return [node.value for node in self.nodes if node.value is not None]

    @property
    def first(self) -> Any:
        """The field's value without ``multiple``: the first non-empty value, or None."""
        return self.values[0] if self.values else None

    @property
    def errors(self) -> list[str]:
        """The conversion errors, one per node that had a value its type could not convert."""
        return [node.error for node in self.nodes if node.error is not None]


def open_document(snapshot: Snapshot, remove: list[str] | None = None) -> ProbeDocument:
    """Parse the snapshot's DOM and drop what the ``remove`` rules name, as extraction does."""
    root, base_url = parse_document(snapshot.html, snapshot.final_url)
    json_ld, states = json_ld_nodes(root), embedded_states(root)
    return ProbeDocument(root, base_url, remove_nodes(root, remove or []), json_ld, states)


def field_spec(
    kind: Kind, expression: str, attr: str | None = None, type_: str = "text", regex: str | None = None
) -> FieldSpec:
    """The field a probe reads as (with ``multiple``); ``UsageError`` for a bad expression, type or regex."""
    if type_ not in FIELD_TYPES:
        raise UsageError(f"unknown type {type_!r} (one of: {', '.join(FIELD_TYPES)})")
    try:
        _CHECKS[kind](expression)
        where = expression if kind in ("jsonld", "state") else [expression]
        return FieldSpec.model_validate({kind: where, "attr": attr, "type": type_, "regex": regex, "multiple": True})
    except ValidationError as error:
        raise UsageError(str(error.errors(include_url=False)[0]["msg"]).removeprefix("Value error, ")) from None
    except ValueError as error:
        raise UsageError(str(error)) from None


def probe(
    target: Snapshot | ProbeDocument,
    kind: Kind,
    expression: str,
    attr: str | None = None,
    type_: str = "text",
    regex: str | None = None,
) -> ProbeResult:
    """Evaluate one CSS, XPath, JSON-LD path or state path and read each match as a field would."""
    spec = field_spec(kind, expression, attr, type_, regex)
    document = target if isinstance(target, ProbeDocument) else open_document(target)
    reader = FieldReader(base_url=document.base_url)
    found = []
    if kind == "jsonld":
        holder, texts = first_match(document.json_ld, expression)
        for text in texts:
            found.append(_read(reader, spec, describe_node(holder or {}), text, reader.refine(spec, text)))
    elif kind == "state":
        name = expression.split(".")[0]
        for text in state_values(document.states, expression):
            found.append(_read(reader, spec, f"state {name}", text, reader.refine(spec, text)))
    else:
        nodes = document.root.css(expression) if kind == "css" else document.root.xpath(expression)
        for node in nodes:
            raw = reader.raw(spec, node)
            found.append(_read(reader, spec, describe(node), raw, raw))
    return ProbeResult(kind, expression, attr, type_, regex, found)


def _read(reader: FieldReader, spec: FieldSpec, label: str, shown: str | None, raw: str | None) -> ProbeNode:
    """One match as a row: ``shown`` as its raw value, and the value the engine makes of ``raw``."""
    known = len(reader.conversions)
    values = reader.values(_PATH, spec, [raw])  # the engine's own conversion
    error = reader.conversions[known][1].reason if reader.conversions[known:] else None
    return ProbeNode(label, shown, values[0] if values else None, error)


def describe(node: Selector) -> str:
    """A short name for a node: ``h1#main.title`` for an element, ``string`` for a text or attribute result."""
    element = node.root
    if isinstance(element, str):
        return "string"
    tag = element.tag if isinstance(element.tag, str) else "comment"
    identifier = element.get("id")
    classes = (element.get("class") or "").split()
    return tag + (f"#{identifier}" if identifier else "") + "".join(f".{name}" for name in classes[:3])
