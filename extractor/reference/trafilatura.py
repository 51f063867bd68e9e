"""trafilatura as a reference extractor: the page's main text, and its whole reading of the page."""

from __future__ import annotations

from typing import Any

METADATA_LIMIT = 15_000  # tags in the page; trafilatura's metadata pass slows badly past that


def trafilatura_document(html: str, url: str) -> dict[str, Any]:
    """trafilatura's reading of the page: ``text``, ``title``, ``author``, ``date``, ``image``...

    Past ``METADATA_LIMIT`` tags its metadata pass is skipped (it grows badly with huge DOMs); the
    page's own structured data, read separately, has to do then.
    """
    import trafilatura  # imported on use: it is slow to load

    with_metadata = html.count("<") <= METADATA_LIMIT
    document = trafilatura.bare_extraction(html, url=url, with_metadata=with_metadata, include_comments=False)
    if document is None:
        return {}
    return document.as_dict() if hasattr(document, "as_dict") else dict(document)


def trafilatura_text(html: str, url: str) -> str:
    """trafilatura's main text of the page, one block per line ("" when it found none)."""
    return str(trafilatura_document(html, url).get("text") or "")
