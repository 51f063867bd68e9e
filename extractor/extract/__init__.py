"""Extraction: apply a site's fields to a DOM snapshot (pure, no browser)."""

from extractor.extract.engine import extract, parse_document, remove_nodes

__all__ = ["extract", "parse_document", "remove_nodes"]
