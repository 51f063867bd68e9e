"""Extraction: apply a site's fields to a DOM snapshot (pure, no browser)."""

from extractor.extract.engine import Explanation, FieldTrace, explain, extract, parse_document, remove_nodes

__all__ = ["Explanation", "FieldTrace", "explain", "extract", "parse_document", "remove_nodes"]
