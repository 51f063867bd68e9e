"""Measure our zero-config and suggest modes on saved real pages with ground truth, against peers.

    .venv/bin/python bench/corpus.py CORPUS [CORPUS...] [--dom] [--mode zero-config|suggest|both]
                                     [--limit N] [--concurrency N] [--json FILE]

CORPUS is a folder in one of the layouts of `corpus_score.py` (Mozilla Readability's test pages,
trafilatura's evaluation corpus), told apart by its files. Modes: zero-config =
`extract_generic(snapshot)`; suggest = `build_draft(detect(html, url), url)` then `extract` with the
draft. With `--dom` the snapshot is the saved HTML itself (no browser, CONCURRENCY worker
processes); without it each page is served on 127.0.0.1 and rendered in one Chromium (CONCURRENCY
pages at once; images, media and fonts blocked), and a render that ends in a page error is that
page's failure (scored on what had rendered). The peers, trafilatura (`bare_extraction` with its
evaluation's settings) and Readability.js (`extractor.reference.readability`, skipped when it is not
installed), read the saved HTML. Per corpus: a table, then the 10 pages where each of our modes is
furthest below the best peer, with the reason read from the scores.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import multiprocessing
import sys
import tempfile
import time
from concurrent.futures import Executor, ProcessPoolExecutor
from pathlib import Path
from typing import Any

from corpus_score import MOZILLA, TRAFILATURA_EVAL, Page, load_corpus, score
from corpus_tools import MODES, run_page
from playwright.async_api import BrowserContext, Route
from playwright.async_api import Error as PlaywrightError
from w3lib.encoding import html_body_declared_encoding, read_bom

from extractor.browser.render import RenderHooks
from extractor.sites import RenderSpec

WORST = 10
LISTED = 20  # page names listed per wrong field or failure kind
SPEC = RenderSpec(timeout=20, block=["image", "media", "font"])


class CharsetFromPage(RenderHooks):
    """Serve the corpus's documents without the server's `charset=utf-8`, so that the page's own
    declaration decides how its bytes are decoded. A page that declares none (no BOM, no `<meta
    charset>`) lost its charset with the HTTP header it was saved without: it is sent with the one
    `corpus_score.decode_html` reads it in (UTF-8 when its bytes are valid UTF-8, else windows-1252),
    as its server would have sent it, instead of leaving Chromium to guess."""

    def __init__(self, base: str) -> None:
        self.base = base

    async def prepare(self, context: BrowserContext) -> None:
        async def relabel(route: Route) -> None:
            if route.request.resource_type != "document":
                await route.fallback()
                return
            try:
                response = await route.fetch()
                content_type = f"text/html{undeclared_charset(await response.body())}"
                await route.fulfill(response=response, headers={**response.headers, "content-type": content_type})
            except PlaywrightError:  # the page was closed while its document was on the way
                with contextlib.suppress(PlaywrightError):
                    await route.abort()

        await context.route(f"{self.base}/**", relabel)


def undeclared_charset(body: bytes) -> str:
    """``; charset=...`` for a page that declares no charset of its own, else ""."""
    if read_bom(body)[0] or html_body_declared_encoding(body):
        return ""
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return "; charset=windows-1252"
    return "; charset=utf-8"


def crashed(page: Page, tools: list[str], error: BaseException) -> dict[str, Any]:
    """The row of a page whose worker died: every tool failed, nothing scored."""
    reason = f"worker: {type(error).__name__}: {' '.join(str(error).split())[:160]}"
    return {
        "page": page.name,
        "url": page.url,
        "tools": {tool: score(page, {}, "") | {"error": reason} for tool in tools},
    }


def run_dom(pages: list[Page], tools: list[str], pool: Executor) -> list[dict[str, Any]]:
    """Every page's row, read from its saved HTML in the worker processes."""
    futures = [pool.submit(run_page, page, tools) for page in pages]
    rows = []
    for done, (page, future) in enumerate(zip(pages, futures, strict=True), start=1):
        try:
            rows.append(future.result())
        except Exception as error:  # noqa: BLE001 - a dead worker is that page's failure
            rows.append(crashed(page, tools, error))
        if done % 100 == 0:
            print(f"  {done}/{len(pages)}", file=sys.stderr)
    return rows


async def rendered(browser: Any, url: str, hooks: RenderHooks | None) -> tuple[str, str | None, str, str | None]:
    """The rendered DOM, the HTML the server sent (as the snapshot keeps it), the final URL and what
    went wrong (a page error, or a failed render)."""
    from extractor.browser import render

    try:
        snapshot = await render(browser, url, SPEC, hooks)
    except Exception as error:  # noqa: BLE001 - a failed render is that page's failure
        return "", None, url, f"render error: {type(error).__name__}: {' '.join(str(error).split())[:160]}"
    errors = [f"{issue.kind}: {issue.message[:120]}" for issue in snapshot.issues if issue.is_page_error]
    problem = f"render error: {'; '.join(errors)}" if errors else None
    return snapshot.html, snapshot.source_html, snapshot.final_url, problem


async def run_rendered(corpora: list[tuple[str, list[Page]]], tools: list[str], pool: Executor,
                       concurrency: int) -> list[tuple[list[dict[str, Any]], float]]:  # fmt: skip
    """Every corpus's rows and seconds, our modes reading each page as rendered in one Chromium."""
    from extractor.browser import Browser
    from extractor.demo.server import serve

    loop, gate, results = asyncio.get_running_loop(), asyncio.Semaphore(concurrency), []
    async with Browser() as browser:
        for kind, pages in corpora:
            began = time.monotonic()
            with tempfile.TemporaryDirectory(prefix="corpus-") as folder:
                root = pages[0].source.parent.parent if kind == MOZILLA else Path(folder)
                named = kind == MOZILLA
                paths = [f"{page.name}/source.html" if named else f"{n:04d}.html" for n, page in enumerate(pages)]
                if kind == TRAFILATURA_EVAL:  # decoded copies, bytes as saved: the browser reads the charset
                    for path, page in zip(paths, pages, strict=True):
                        (root / path).write_bytes(page.saved_bytes())
                with serve(root) as base:
                    hooks = CharsetFromPage(base) if kind == TRAFILATURA_EVAL else None

                    async def one(page: Page, url: str, hooks: RenderHooks | None = hooks) -> dict[str, Any]:
                        async with gate:
                            html, source, final, problem = await rendered(browser, url, hooks)
                        try:
                            return await loop.run_in_executor(pool, run_page, page, tools, html, final, problem, source)
                        except Exception as error:  # noqa: BLE001 - a dead worker is that page's failure
                            return crashed(page, tools, error)

                    jobs = (one(page, f"{base}/{path}") for page, path in zip(pages, paths, strict=True))
                    results.append((list(await asyncio.gather(*jobs)), time.monotonic() - began))
    return results


def _fraction(rows: list[dict[str, Any]], tool: str, key: str) -> str:
    counted = [row["tools"][tool][key] for row in rows if row["tools"][tool][key] is not None]
    right = sum(counted)
    return f"{right}/{len(counted)} = {right / len(counted):.1%}" if counted else "-"


def _mean(rows: list[dict[str, Any]], tool: str, key: str) -> float:
    return sum(row["tools"][tool][key] for row in rows) / max(1, len(rows))


def segment_scores(rows: list[dict[str, Any]], tool: str) -> tuple[float, float, float]:
    """Corpus-level precision, recall and F1 of the with/without segments."""
    tp, fp, fn = (sum(row["tools"][tool][key] for row in rows) for key in ("tp", "fp", "fn"))
    return tp / max(1, tp + fp), tp / max(1, tp + fn), 2 * tp / max(1, 2 * tp + fp + fn)


def table(kind: str, rows: list[dict[str, Any]], tools: list[str]) -> list[str]:
    body = "body token F1 | body shingle F1" if kind == MOZILLA else "body precision | body recall | body F1"
    lines = [f"| tool | pages | {body} | title right | author right | date right | failed |"]
    lines.append("|---" * (8 if kind == MOZILLA else 9) + "|")
    for tool in tools:
        if kind == MOZILLA:
            scores = f"{_mean(rows, tool, 'body'):.3f} | {_mean(rows, tool, 'shingle_f1'):.3f}"
        else:
            scores = " | ".join(f"{value:.3f}" for value in segment_scores(rows, tool))
        fields = " | ".join(_fraction(rows, tool, key) for key in ("title", "author", "date"))
        failed = sum(bool(row["tools"][tool]["error"]) for row in rows)
        lines.append(f"| {tool} | {len(rows)} | {scores} | {fields} | {failed} |")
    strict = [f"{tool} title {_fraction(rows, tool, 'title_strict')}, author {_fraction(rows, tool, 'author_strict')}"
              for tool in tools]  # fmt: skip
    return [*lines, "", f"Strict (plain token F1): {'; '.join(strict)}."] if kind == MOZILLA else lines


def _quote(segments: list[str]) -> str:
    shown = " ".join(segments[0].split())
    more = f" (+{len(segments) - 1})" if len(segments) > 1 else ""
    return f"'{shown[:60]}{'...' if len(shown) > 60 else ''}'{more}"


def reason(kind: str, ours: dict[str, Any], peer_name: str | None, peer: dict[str, Any] | None) -> str:
    """Why a page scored low, from its scores: errors, emptiness, length against the peer, what was missed or kept."""
    parts = [ours["error"][:160]] if ours["error"] else []
    if not ours["body_words"]:
        parts.append("empty body")
    elif peer and peer["body_words"]:
        parts.append(f"body is {ours['body_words'] / peer['body_words']:.0%} of {peer_name}'s length")
    if kind == MOZILLA and ours["body_words"]:
        parts.append(f"token precision {ours['token_p']:.2f}, recall {ours['token_r']:.2f}")
    if kind == TRAFILATURA_EVAL and ours["missed"]:
        parts.append(f"missed with-segments: {_quote(ours['missed'])}")
    if kind == TRAFILATURA_EVAL and ours["kept"]:
        parts.append(f"kept without-segments: {_quote(ours['kept'])}")
    return "; ".join(parts) or "fields only"


def worst(kind: str, rows: list[dict[str, Any]], mode: str, peers: list[str]) -> list[str]:
    """The pages where the mode's body score is furthest below the best peer's on that page."""
    ranked = []
    for row in rows:
        ours = row["tools"][mode]
        best = max(peers, key=lambda peer: row["tools"][peer]["body"]) if peers else None
        anchor = row["tools"][best]["body"] if best else 1.0
        ranked.append((anchor - ours["body"], -ours["body"], row, best))
    ranked.sort(key=lambda item: item[:2], reverse=True)
    lines = []
    for _, _, row, best in ranked[:WORST]:
        ours, peer = row["tools"][mode], row["tools"][best] if best else None
        extra = f" (shingle {ours['shingle_f1']:.2f})" if kind == MOZILLA else ""
        against = f" vs {best} {peer['body']:.2f}" if best and peer else ""
        lines.append(f"- {row['page']}: {ours['body']:.2f}{extra}{against}; {reason(kind, ours, best, peer)}")
    return lines


def _names(pages: list[str]) -> str:
    more = f" (+{len(pages) - LISTED} more)" if len(pages) > LISTED else ""
    return ", ".join(pages[:LISTED]) + more


def report(kind: str, rows: list[dict[str, Any]], tools: list[str], modes: list[str]) -> str:
    peers = [tool for tool in tools if tool not in MODES]
    lines = [f"## {kind}", "", *table(kind, rows, tools)]
    for mode in modes:
        lines += ["", f"Worst {WORST} pages, {mode} (body score against the best peer on the page):"]
        lines += worst(kind, rows, mode, peers)
        for key in ("title", "author", "date"):
            wrong = [row["page"] for row in rows if row["tools"][mode][key] is False]
            lines.append(f"{key} wrong ({len(wrong)}): {_names(wrong) or 'none'}")
    for tool in tools:
        failed = [f"{row['page']} ({row['tools'][tool]['error'][:100]})" for row in rows if row["tools"][tool]["error"]]
        if failed:
            lines.append(f"failed, {tool} ({len(failed)}): {_names(failed)}")
    return "\n".join(lines) + "\n"


def main(arguments: argparse.Namespace) -> int:
    from corpus_tools import PEERS, readability_unavailable

    modes = list(MODES) if arguments.mode == "both" else [arguments.mode]
    tools = [*modes, *PEERS]
    unavailable = readability_unavailable()
    if unavailable:
        print(f"readability.js skipped: {unavailable}", file=sys.stderr)
        tools.remove("readability.js")
    corpora = [load_corpus(Path(folder), arguments.limit) for folder in arguments.corpus]
    runs: list[dict[str, Any]] = []
    context = multiprocessing.get_context("spawn")  # no fork of a process that runs a browser
    with ProcessPoolExecutor(max_workers=arguments.concurrency, mp_context=context) as pool:
        started = time.monotonic()
        if arguments.dom:
            for kind, pages in corpora:
                began = time.monotonic()
                rows = run_dom(pages, tools, pool)
                runs.append({"corpus": kind, "dom": True, "seconds": time.monotonic() - began, "pages": rows})
        else:
            done = asyncio.run(run_rendered(corpora, tools, pool, arguments.concurrency))
            runs = [{"corpus": kind, "dom": False, "seconds": seconds, "pages": rows}
                    for (kind, _), (rows, seconds) in zip(corpora, done, strict=True)]  # fmt: skip
        elapsed = time.monotonic() - started
    for run in runs:
        print(report(run["corpus"], run["pages"], tools, modes))
        seconds, count = run["seconds"], len(run["pages"])
        rate = f"{seconds:.0f} s ({seconds / max(1, count):.2f} s/page)"
        print(f"{run['corpus']}: {count} pages in {rate}", file=sys.stderr)
    total = sum(len(run["pages"]) for run in runs)
    how = "--dom" if arguments.dom else "rendered"
    print(f"{total} pages ({how}, {arguments.concurrency} at once) in {elapsed:.0f} s wall "
          f"({elapsed / max(1, total):.2f} s/page)", file=sys.stderr)  # fmt: skip
    if arguments.json:
        Path(arguments.json).write_text(json.dumps({"tools": tools, "runs": runs}, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="+", help="corpus folders (e.g. ../shared/corpora/mozilla-readability)")
    parser.add_argument("--dom", action="store_true", help="read the saved HTML as the snapshot: no browser")
    parser.add_argument("--mode", choices=["zero-config", "suggest", "both"], default="both")
    parser.add_argument("--limit", type=int, default=None, help="the first N pages of each corpus")
    parser.add_argument("--concurrency", type=int, default=2, help="worker processes, and renders at once")
    parser.add_argument("--json", help="also write every page's fields and scores per tool to this file")
    sys.exit(main(parser.parse_args()))
