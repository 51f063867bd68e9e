"""The tools `corpus.py` compares, run on one page: our two modes and the peers.

Our modes read a snapshot (the saved HTML itself with `--dom`, else the rendered DOM); the peers read
the saved HTML at the page's corpus URL, so their figures do not depend on the mode. A tool that
raises is that page's failure for that tool, scored on empty output (as trafilatura's own
evaluation counts a crash).
"""

from __future__ import annotations

import time
from typing import Any

from corpus_score import MOZILLA, Page, score

from extractor.extract import extract
from extractor.models import Snapshot
from extractor.suggest import build_draft, detect, extract_generic

MODES = ("zero-config", "suggest")
PEERS = ("trafilatura", "readability.js")
# trafilatura's evaluation settings (tests/eval_common.py EXTRACT_OPTS, the "fallback" runner)
TRAFILATURA_OPTIONS = {"include_comments": False, "include_tables": True, "include_formatting": False, "fast": False}


def joined(body: Any) -> str:
    return "\n".join(str(part) for part in body) if isinstance(body, list) else str(body or "")


def run_mode(mode: str, snapshot: Snapshot) -> dict[str, Any]:
    """The fields one of our modes reads from the snapshot."""
    if mode == "zero-config":
        data = extract_generic(snapshot).data
    else:
        draft = build_draft(detect(snapshot.html, snapshot.final_url), snapshot.final_url)
        data = extract(snapshot, draft.to_site()).data
    return {key: data.get(key) for key in ("title", "author", "published")} | {"body": joined(data.get("body"))}


def run_trafilatura(html: str, url: str) -> dict[str, Any]:
    import trafilatura

    document = trafilatura.bare_extraction(html, url=url, with_metadata=True, **TRAFILATURA_OPTIONS)
    if document is None:
        return {}
    data = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    fields = {"title": "title", "author": "author", "published": "date", "body": "text"}
    return {ours: data.get(theirs) for ours, theirs in fields.items()}


_ASKED: dict[tuple[str, str], tuple[Any, Any]] = {}  # (html, url) -> (article, miss): this page's answer


def remember_readability() -> None:
    """Answer a repeated Readability question (the same HTML at the same URL) from memory, in this process.

    Our modes' detection consults Readability too, so with `--dom` both modes and the peer ask it
    about the same saved HTML: the answer is the same, and only the first asker pays for it."""
    try:
        from extractor.reference.readability import shared_readability
    except ImportError:
        return
    readability = shared_readability()
    if "read" in vars(readability):
        return
    read = readability.read

    def remembered(html: str, url: str) -> Any:
        if (html, url) not in _ASKED:
            _ASKED.clear()
            article = read(html, url)
            _ASKED[html, url] = article, readability.last_miss
        return _ASKED[html, url][0]

    readability.read = remembered


def run_readability(html: str, url: str) -> dict[str, Any]:
    from extractor.reference.readability import shared_readability

    article = shared_readability().read(html, url)
    if article is None:
        miss = _ASKED.get((html, url), (None, None))[1]  # no article is an empty result; a timeout, a failure
        if miss is not None and miss.kind != "no-article":
            raise RuntimeError(f"{miss.kind}: {miss.detail}")
        return {}
    return {"title": article.title, "author": article.byline, "published": article.published, "body": article.text}


def readability_unavailable() -> str | None:
    """Why Readability.js cannot be run here, or None when it can."""
    try:
        from extractor.reference.readability import shared_readability

        shared_readability().read("<html><body><article><p>Probe.</p></article></body></html>", "http://127.0.0.1/")
    except Exception as error:  # noqa: BLE001 - ImportError before it lands, ReferenceUnavailable before install
        return f"{type(error).__name__}: {str(error)[:160]}"
    return None


def run_page(page: Page, tools: list[str], html: str | None = None, url: str | None = None,
             render_problem: str | None = None, source_html: str | None = None) -> dict[str, Any]:  # fmt: skip
    """Every tool's fields and scores on one page. ``html``/``url``: the rendered DOM for our modes
    (the saved HTML at the corpus URL when None), with ``source_html``, the HTML the server sent, as
    a render's snapshot keeps it; ``render_problem`` marks our modes failed."""
    row: dict[str, Any] = {"page": page.name, "url": page.url, "tools": {}}
    if "readability.js" in tools:
        remember_readability()
    try:
        saved = page.saved_html()
        expected_body = page.expected_body() if page.corpus == MOZILLA else None
    except Exception as error:  # noqa: BLE001 - an unreadable corpus page is that page's failure
        row["error"] = f"corpus page unreadable: {type(error).__name__}: {error}"
        saved, expected_body = "", ""
    snapshot = Snapshot(url=url or page.url, final_url=url or page.url, html=saved if html is None else html,
                        source_html=None if html is None else source_html)  # fmt: skip
    for tool in tools:
        started, error = time.perf_counter(), None
        try:
            if tool in MODES:
                found = run_mode(tool, snapshot)
            else:
                found = (run_trafilatura if tool == "trafilatura" else run_readability)(saved, page.url)
        except Exception as exc:  # noqa: BLE001 - a benchmark counts failures, it does not stop
            found, error = {}, f"{type(exc).__name__}: {' '.join(str(exc).split())[:160]}"
        result = score(page, found, expected_body)
        result["seconds"] = round(time.perf_counter() - started, 3)
        problem = render_problem if tool in MODES else None
        result["error"] = "; ".join(filter(None, [row.get("error"), problem, error])) or None
        row["tools"][tool] = result
    return row
