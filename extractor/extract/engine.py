"""Apply a site's fields to a snapshot: a pure function of plain data (no browser, no I/O)."""

from __future__ import annotations

import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urljoin

from parsel import Selector, SelectorList

from extractor.errors import FieldValueError
from extractor.extract.converters import convert
from extractor.extract.endings import split_ending
from extractor.extract.frames import FrameDocuments, InFrame
from extractor.extract.jsonld import first_values, json_ld_nodes
from extractor.extract.media import merge_media, scan_dom
from extractor.extract.state import embedded_states, state_values
from extractor.extract.text import attribute, node_text, parse_page
from extractor.models import Issue, IssueKind, Result, Snapshot
from extractor.sites.checks import is_xpath
from extractor.sites.schema import FieldSpec, Site


def parse_document(html: str, page_url: str) -> tuple[Selector, str]:
    """A parsel selector over the page, and the URL relative links resolve against
    (the page URL, or its ``<base href>``)."""
    root = parse_page(html, page_url)
    base_href = root.css("base::attr(href)").get()
    return root, urljoin(page_url, base_href.strip()) if base_href else page_url


def rule_matches(root: Selector, rule: str) -> SelectorList[Selector]:
    """What a ``remove`` rule matches in ``root``: a CSS selector, or XPath (``is_xpath``)."""
    return root.xpath(rule) if is_xpath(rule) else root.css(rule)


def remove_nodes(root: Selector, selectors: list[str]) -> dict[str, int]:
    """Drop every node matched by the ``remove`` rules (``rule_matches``); returns how many each dropped."""
    dropped: dict[str, int] = {}
    for expression in selectors:
        dropped[expression] = 0
        for node in rule_matches(root, expression):
            if isinstance(node.root, str) or node.root.getparent() is None:
                continue  # never drop the document itself, nor a text result
            node.drop()
            dropped[expression] += 1
    return dropped


@dataclass
class FieldTrace:
    """How one field was read, for ``explain``: what was tried, what matched, raw and final values."""

    path: str
    tried: list[tuple[str, str, int]] = field(default_factory=list)  # (jsonld|css|xpath, expression, matches)
    matched: str | None = None
    raw: list[str] = field(default_factory=list)  # values before regex and type, first few
    value: Any = None
    node_paths: list[str] = field(default_factory=list)  # XPaths of the matched elements (in a frame: its element's)
    frame: str | None = None  # the CSS of the frame whose document the field was read in
    frame_url: str | None = None  # that document's URL; None when no frame it matches could be read


@dataclass
class FieldReader:
    """Reads fields against one document, collecting problems instead of raising."""

    base_url: str
    errors: list[Issue] = field(default_factory=list)
    conversions: list[tuple[str, FieldValueError]] = field(default_factory=list)  # (field path, error) per bad value
    traces: list[FieldTrace] | None = None  # filled only when explaining
    paths: dict[Any, str] = field(default_factory=dict)  # element -> XPath in the DOM before `remove`
    json_ld: list[dict[str, Any]] = field(default_factory=list)  # the page's JSON-LD objects (`jsonld` paths)
    states: dict[str, Any] = field(default_factory=dict)  # the page's embedded states by name (`state` paths)
    frames: FrameDocuments | None = None  # the snapshot's frame documents, for `frame` keys (None: none read)
    inside: InFrame | None = None  # set when reading in a frame's document (its base URL and JSON-LD above)

    def read_fields(self, fields: dict[str, FieldSpec], context: Selector, prefix: str = "") -> dict[str, Any]:
        return {name: self.read(f"{prefix}{name}", spec, context) for name, spec in fields.items()}

    def read(self, path: str, spec: FieldSpec, context: Selector) -> Any:
        trace = None
        if self.traces is not None:
            trace = FieldTrace(path)
            if self.inside is not None:
                trace.frame, trace.frame_url = self.inside.css, self.inside.url
            self.traces.append(trace)
        if spec.frame is not None:
            value, where = self._read_in_frame(path, spec, spec.frame, context, trace)
        else:
            value, where = self._first_alternative(path, spec, context, trace), ""
        if trace is not None:
            trace.value = value
        if value is None or value == []:
            if spec.default is not None:
                return spec.default
            if spec.required:
                tried = ", ".join(expression for _, expression in spec.selectors)
                self.errors.append(
                    Issue(IssueKind.REQUIRED, f"required field {path!r} matched nothing ({tried}){where}", path)
                )
        if value is None and spec.multiple:
            return []
        return value

    def _read_in_frame(
        self, path: str, spec: FieldSpec, frame: str, context: Selector, trace: FieldTrace | None
    ) -> tuple[Any, str]:
        """The field read in the document of the first frame ``frame`` matches in ``context`` (None when
        none has one), and where that was, for a required field's error."""
        found = self.in_frame(context, frame)
        inside = found[0].inside if found is not None else None
        if trace is not None:
            trace.frame, trace.frame_url = frame, inside.url if inside is not None else None
        if found is None:
            return None, f": no frame {frame!r} with a document in the snapshot (missing, cross-origin or not loaded)"
        reader, root = found
        return reader._first_alternative(path, spec, root, trace), f" in frame {frame!r}"

    def in_frame(self, context: Selector, css: str) -> tuple[FieldReader, Selector] | None:
        """A reader of the document of the first frame ``css`` matches in ``context`` that the snapshot
        holds (sharing this one's errors and traces), and that document's root; None when there is none."""
        found = self.frames.find(context, css) if self.frames is not None else None
        if found is None:
            return None
        element, document = found
        element_path = self.inside.element_path if self.inside is not None else self._element_path(element)
        inside = InFrame(css, document.url, element_path)
        return replace(self, base_url=document.base_url, json_ld=document.json_ld, inside=inside), document.root

    def _first_alternative(self, path: str, spec: FieldSpec, context: Selector, trace: FieldTrace | None) -> Any:
        for kind, expression in spec.selectors:
            if kind in ("jsonld", "state"):
                found = (
                    first_values(self.json_ld, expression)
                    if kind == "jsonld"
                    else state_values(self.states, expression)
                )
                if trace is not None:
                    trace.tried.append((kind, expression, len(found)))
                    trace.matched = expression if found else trace.matched
                value = self.values(path, spec, (self.refine(spec, text, trace) for text in found))
                if value is not None and value != []:
                    return value
                continue
            nodes = context.css(expression) if kind == "css" else context.xpath(expression)
            if trace is not None:
                trace.tried.append((kind, expression, len(nodes)))
                trace.matched = expression if nodes else trace.matched
                trace.node_paths = self._node_paths(kind, expression, context, nodes) or trace.node_paths
            if not nodes:
                continue
            if spec.fields is not None:
                if spec.multiple:
                    return [self.read_fields(spec.fields, node, f"{path}[{i}].") for i, node in enumerate(nodes)]
                return self.read_fields(spec.fields, nodes[0], f"{path}.")
            value = self.values(path, spec, (self.raw(spec, node, trace) for node in nodes))
            if value is not None and value != []:
                return value
        return None

    def values(self, path: str, spec: FieldSpec, raws: Iterable[str | None]) -> Any:
        """The typed value(s) of the raw values: the first, all with ``multiple``, all joined with ``join``."""
        values = []
        for raw in raws:
            if raw is None:
                continue
            try:
                value = convert(raw, spec.type, self.base_url)
            except FieldValueError as error:
                self.conversions.append((path, error))
                self.errors.append(Issue(IssueKind.VALUE, f"field {path!r}: {error.reason}", path, raw=raw[:200]))
                continue
            if value == "":
                continue
            if not spec.multiple and spec.join is None:
                return value
            values.append(value)
        if spec.join is not None:
            return spec.join.join(dict.fromkeys(map(str, values))) if values else None
        return values if spec.multiple else None

    def _node_paths(self, kind: str, expression: str, context: Selector, nodes: SelectorList[Selector]) -> list[str]:
        """The matched elements' XPaths; for an attribute or text result, those of the elements holding it."""
        paths = [path for path in dict.fromkeys(map(self._element_path, nodes)) if path]
        element_part, ending = split_ending(kind, expression)
        if paths or not nodes or not ending or not element_part:
            return paths
        owners = context.css(element_part) if kind == "css" else context.xpath(element_part)
        return [path for path in dict.fromkeys(map(self._element_path, owners)) if path]

    def _element_path(self, node: Selector) -> str:
        """An absolute XPath to the node's element in the rendered page ("" for text results); in a frame,
        the frame's element's (outlining the node itself would point into the page, not the frame)."""
        if self.inside is not None:
            return self.inside.element_path
        element = node.root
        if isinstance(element, str):
            return ""
        return self.paths.get(element) or str(element.getroottree().getpath(element))

    def raw(self, spec: FieldSpec, node: Selector, trace: FieldTrace | None = None) -> str | None:
        """The node's value before ``type``: its text, attribute or HTML, after ``regex``."""
        if not hasattr(node.root, "tag"):  # an XPath string, number or boolean result
            raw: str | None = node_text(node)
        elif spec.attr is not None:
            raw = attribute(node, spec.attr)
        elif spec.type == "html":
            raw = node.get()
        else:
            raw = node_text(node)
        return None if raw is None else self.refine(spec, raw, trace)

    def refine(self, spec: FieldSpec, raw: str, trace: FieldTrace | None = None) -> str | None:
        """A raw value after ``regex`` (None when it does not match or leaves only whitespace)."""
        if trace is not None and len(trace.raw) < 5:
            trace.raw.append(raw[:300])
        if spec.regex is not None:
            match = re.search(spec.regex, raw)
            if match is None:
                return None
            raw = match.group(1) if match.re.groups else match.group(0)
        return raw if raw.strip() else None


def uses_json_ld(spec: FieldSpec) -> bool:
    """Whether the field, or one nested in it, reads JSON-LD."""
    return spec.jsonld is not None or any(uses_json_ld(inner) for inner in (spec.fields or {}).values())


def uses_state(spec: FieldSpec) -> bool:
    """Whether the field, or one nested in it, reads the page's embedded state."""
    return spec.state is not None or any(uses_state(inner) for inner in (spec.fields or {}).values())


@dataclass
class Explanation:
    """An extraction with its workings: per-field traces and what each ``remove`` rule dropped."""

    result: Result
    fields: list[FieldTrace]
    removed: dict[str, int]


def extract(snapshot: Snapshot, site: Site) -> Result:
    """Read ``site``'s fields from ``snapshot``; page problems and field problems go into the result."""
    return _run(snapshot, site, explain=False).result


def explain(snapshot: Snapshot, site: Site) -> Explanation:
    """``extract``, also saying for each field what was tried and matched, and the raw values."""
    return _run(snapshot, site, explain=True)


def _run(snapshot: Snapshot, site: Site, explain: bool) -> Explanation:
    started = time.perf_counter()
    root, base_url = parse_document(snapshot.html, snapshot.final_url)
    media = merge_media(scan_dom(root, base_url), snapshot.media)
    json_ld = any(uses_json_ld(spec) for spec in site.fields.values())
    removed = dict.fromkeys(site.remove, 0)

    def prepare_frame(html: str, url: str) -> tuple[Selector, str, list[dict[str, Any]]]:
        frame_root, frame_base = parse_document(html, url)
        return frame_root, frame_base, _prepare(frame_root, site.remove, json_ld, removed)

    frames = FrameDocuments(snapshot.frames, prepare_frame)
    reader = FieldReader(base_url=base_url, traces=[] if explain else None, frames=frames)
    if explain:  # node paths must point into the page as rendered, before `remove` shifts positions
        tree = root.root.getroottree()
        reader.paths = {element: tree.getpath(element) for element in root.root.iter()}
    warnings = [issue for issue in snapshot.issues if not issue.is_page_error]
    if any(uses_state(spec) for spec in site.fields.values()):  # read before `remove` may drop scripts
        reader.states = embedded_states(root)
    if site.frame is None:
        reader.json_ld = _prepare(root, site.remove, json_ld, removed)
        data = reader.read_fields(site.fields, root)
    else:
        data = _read_in_site_frame(reader, root, site.frame, site.fields, warnings)
    page_errors = [issue for issue in snapshot.issues if issue.is_page_error]
    timings = dict(snapshot.timings)
    timings["extract"] = time.perf_counter() - started
    result = Result(
        url=snapshot.url, final_url=snapshot.final_url, site=site.name, data=data, media=media,
        errors=page_errors + reader.errors, warnings=warnings, status=snapshot.status, timings=timings,
    )  # fmt: skip
    return Explanation(result, reader.traces or [], removed)


def _prepare(root: Selector, remove: list[str], read_json_ld: bool, removed: dict[str, int]) -> list[dict[str, Any]]:
    """Ready a parsed document for its fields: its JSON-LD when wanted (read first: ``remove`` may drop
    scripts), then the ``remove`` rules applied, what each dropped added to ``removed``."""
    json_ld = json_ld_nodes(root) if read_json_ld else []
    for rule, count in remove_nodes(root, remove).items():
        removed[rule] = removed.get(rule, 0) + count
    return json_ld


def _read_in_site_frame(
    reader: FieldReader, root: Selector, frame: str, fields: dict[str, FieldSpec], warnings: list[Issue]
) -> dict[str, Any]:
    """Every field read in the document of the site's ``frame``; all empty, with a warning, without one."""
    found = reader.in_frame(root, frame)
    if found is None:
        message = (
            f"the site's frame {frame!r} is not in the snapshot (no frame it matches has a document that "
            "could be read: missing, cross-origin or not loaded); no field was read"
        )
        warnings.append(Issue(IssueKind.FRAME, message))
        return reader.read_fields(fields, parse_page(""))
    frame_reader, frame_root = found
    return frame_reader.read_fields(fields, frame_root)
