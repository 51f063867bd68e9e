"""Reference extractors to check the zero-config body text against: Mozilla's Readability.js, in Node."""

from extractor.errors import ReferenceUnavailable
from extractor.reference.readability import (
    Readability,
    ReadabilityArticle,
    ReadabilityMiss,
    ReadabilitySettings,
    shared_readability,
)

__all__ = [
    "Readability",
    "ReadabilityArticle",
    "ReadabilityMiss",
    "ReadabilitySettings",
    "ReferenceUnavailable",
    "shared_readability",
]
