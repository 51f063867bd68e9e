"""Apply a site's fields to a snapshot: a pure function of plain data (no browser, no I/O)."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

from parsel import Selector, SelectorList

from extractor.errors import FieldValueError
from extractor.extract.converters import convert
from extractor.extract.media import merge_media, scan_dom
from extractor.extract.text import node_text
from extractor.models import Issue, Result, Snapshot
from extractor.sites.schema import FieldSpec, Site


def parse_document(html: str, page_url: str) -> tuple[Selector, str]:
    """A parsel selector over the page, and the URL relative links resolve against
    (the page URL, or its ``<base href>``)."""
    root = Selector(text=html or "<html></html>", base_url=page_url)
    base_href = root.css("base::attr(href)").get()
    return root, urljoin(page_url, base_href.strip()) if base_href else page_url


def remove_nodes(root: Selector, selectors: list[str]) -> int:
    """Drop every node matched by the ``remove`` rules; returns how many were dropped."""
    dropped = 0
    for expression in selectors:
        for node in root.css(expression):
            if node.root.getparent() is None:
                continue  # never drop the document itself
            node.drop()
            dropped += 1
    return dropped


@dataclass
class _Reader:
    """Reads fields against one document, collecting problems instead of raising."""

    base_url: str
    errors: list[Issue] = field(default_factory=list)

    def read_fields(self, fields: dict[str, FieldSpec], context: Selector, prefix: str = "") -> dict[str, Any]:
        return {name: self.read(f"{prefix}{name}", spec, context) for name, spec in fields.items()}

    def read(self, path: str, spec: FieldSpec, context: Selector) -> Any:
        value = self._first_alternative(path, spec, context)
        if value is None or value == []:
            if spec.default is not None:
                return spec.default
            if spec.required:
                tried = ", ".join(expression for _, expression in spec.selectors)
                self.errors.append(Issue("required", f"required field {path!r} matched nothing ({tried})", path))
        if value is None and spec.multiple:
            return []
        return value

    def _first_alternative(self, path: str, spec: FieldSpec, context: Selector) -> Any:
        for kind, expression in spec.selectors:
            nodes = context.css(expression) if kind == "css" else context.xpath(expression)
            if not nodes:
                continue
            if spec.fields is not None:
                if spec.multiple:
                    return [self.read_fields(spec.fields, node, f"{path}[{i}].") for i, node in enumerate(nodes)]
                return self.read_fields(spec.fields, nodes[0], f"{path}.")
            value = self._values(path, spec, nodes)
            if value is not None and value != []:
                return value
        return None

    def _values(self, path: str, spec: FieldSpec, nodes: SelectorList[Selector]) -> Any:
        values = []
        for node in nodes:
            raw = self._raw(spec, node)
            if raw is None:
                continue
            try:
                value = convert(raw, spec.type, self.base_url)
            except FieldValueError as error:
                self.errors.append(Issue("value", f"field {path!r}: {error.reason}", path, raw=raw[:200]))
                continue
            if value == "":
                continue
            if not spec.multiple:
                return value
            values.append(value)
        return values if spec.multiple else None

    def _raw(self, spec: FieldSpec, node: Selector) -> str | None:
        if spec.attr is not None:
            if isinstance(node.root, str):
                raw: str | None = node.root
            else:
                raw = node.attrib.get(spec.attr)
        elif spec.type == "html":
            raw = node.get()
        else:
            raw = node_text(node)
        if raw is None:
            return None
        if spec.regex is not None:
            match = re.search(spec.regex, raw)
            if match is None:
                return None
            raw = match.group(1) if match.re.groups else match.group(0)
        return raw if raw.strip() else None


def extract(snapshot: Snapshot, site: Site) -> Result:
    """Read ``site``'s fields from ``snapshot``; page problems and field problems go into the result."""
    started = time.perf_counter()
    root, base_url = parse_document(snapshot.html, snapshot.final_url)
    media = merge_media(scan_dom(root, base_url), snapshot.media)
    remove_nodes(root, site.remove)
    reader = _Reader(base_url=base_url)
    data = reader.read_fields(site.fields, root)
    page_errors = [issue for issue in snapshot.issues if issue.is_page_error]
    warnings = [issue for issue in snapshot.issues if not issue.is_page_error]
    timings = dict(snapshot.timings)
    timings["extract"] = time.perf_counter() - started
    return Result(
        url=snapshot.url, final_url=snapshot.final_url, site=site.site, data=data, media=media,
        errors=page_errors + reader.errors, warnings=warnings, status=snapshot.status, timings=timings,
    )  # fmt: skip

