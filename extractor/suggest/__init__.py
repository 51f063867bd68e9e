"""Authoring help: detect an article's parts, draft a selector file, extract pages no file describes."""

from extractor.suggest.detect import Detection, detect
from extractor.suggest.draft import Draft, build_draft
from extractor.suggest.generic import extract_generic

__all__ = ["Detection", "Draft", "build_draft", "detect", "extract_generic"]
