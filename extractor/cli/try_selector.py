"""``extractor try URL|RECORDING``: what one selector matches and the values a field would read from it.

With ``--css``, ``--xpath``, ``--jsonld`` or ``--state`` it evaluates that expression once; without, it
renders the page once and then prompts for expression after expression, all evaluated against the same
snapshot.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer

from extractor.browser import Browser
from extractor.browser.render import render
from extractor.cli import authoring_ui, ui
from extractor.cli.options import CookieOption, ProxyOption, SelectorsOption, StorageStateOption, session_overrides
from extractor.errors import NoMatchingSiteError, UsageError
from extractor.extract.probe import FIELD_TYPES, Kind, ProbeDocument, field_spec, open_document, probe
from extractor.models import Snapshot
from extractor.recording import Recording, open_source
from extractor.recording.sites import site_for_recording
from extractor.sites import LoadedSite, RenderSpec, resolve_site
from extractor.sites.overrides import RenderOverrides

PROMPT = "try> "
QUIT = frozenset({"quit", "exit", "q"})
# The prompt's words for an expression: the kind each evaluates, and an example of one.
_KINDS: dict[str, tuple[Kind, str]] = {
    "css": ("css", "h1"),
    "xpath": ("xpath", "//h1"),
    "jsonld": ("jsonld", "author.name"),
    "state": ("state", "__NEXT_DATA__.props.pageProps.title"),
}


def try_command(
    target: Annotated[str, typer.Argument(metavar="URL|RECORDING", help="A page to render, or a recording folder.")],
    css: Annotated[str | None, typer.Option("--css", help="A CSS selector to try.")] = None,
    xpath: Annotated[str | None, typer.Option("--xpath", help="An XPath 1.0 expression to try.")] = None,
    jsonld: Annotated[
        str | None, typer.Option("--jsonld", help="A dotted path into the page's JSON-LD (author.name).")
    ] = None,
    state: Annotated[
        str | None,
        typer.Option("--state", help="A dotted path into the page's embedded state (__NEXT_DATA__.props.title)."),
    ] = None,
    attr: Annotated[str | None, typer.Option("--attr", help="Read this attribute instead of the text.")] = None,
    type_: Annotated[str, typer.Option("--type", help=f"Convert the values: {', '.join(FIELD_TYPES)}.")] = "text",
    regex: Annotated[str | None, typer.Option("--regex", help="Keep the first group (or match) of this.")] = None,
    selectors: SelectorsOption = None,
    storage_state: StorageStateOption = None,
    cookie: CookieOption = None,
    proxy: ProxyOption = None,
) -> None:
    """Show the nodes a selector matches and the values a field would get; with no selector, prompt."""
    options: list[tuple[Kind, str | None]] = [("css", css), ("xpath", xpath), ("jsonld", jsonld), ("state", state)]
    given = [(kind, value) for kind, value in options if value is not None]
    if len(given) > 1:
        raise UsageError("use one of --css, --xpath, --jsonld and --state")
    kind: Kind = given[0][0] if given else "css"
    expression = given[0][1] if given else None
    field_spec(kind, expression or "*", attr, type_, regex)  # a bad expression stops before any rendering
    document, source = _open(target, selectors, session_overrides(storage_state, cookie, proxy))
    if expression is not None:
        result = probe(document, kind, expression, attr, type_, regex)
        authoring_ui.show_probe(result)
        raise typer.Exit(0 if result.nodes else 1)
    _Session(document, attr, type_, regex).run(source)


def _open(target: str, selectors: Path | None, overrides: RenderOverrides) -> tuple[ProbeDocument, str]:
    """The snapshot to try selectors on (a recording's dom.html, or the page rendered once)."""
    site: LoadedSite | None
    opened = open_source(target)
    if isinstance(opened, Recording):
        recording = opened
        site = _site_or_none(recording.url, lambda: site_for_recording(recording, selectors), "no remove rules")
        snapshot, source = recording.snapshot(), f"{recording.path / 'dom.html'} ({recording.url})"
    else:
        url = opened
        site = _site_or_none(url, lambda: resolve_site(url, selectors), "default render steps, no remove rules")
        snapshot = asyncio.run(_render(url, overrides.apply(site.site.render if site else RenderSpec())))
        source = snapshot.final_url
        for issue in snapshot.issues:
            ui.warning_line(issue.message)
    document = open_document(snapshot, site.site.remove if site else [])
    if site is not None and document.removed:
        dropped = sum(document.removed.values())
        ui.note_line(f"{site.path}: its remove rules were applied first ({dropped} node{'s' if dropped != 1 else ''})")
    return document, source


def _site_or_none(url: str, find: Callable[[], LoadedSite], instead: str) -> LoadedSite | None:
    """The selector file for ``url``, or None (saying so) when none matches."""
    try:
        return find()
    except NoMatchingSiteError:
        ui.note_line(f"no selector file matches {url}: {instead}")
        return None


async def _render(url: str, spec: RenderSpec) -> Snapshot:
    async with Browser() as browser:
        return await render(browser, url, spec)


@dataclass
class _Session:
    """The interactive loop: one snapshot, many expressions; settings apply to those that follow."""

    document: ProbeDocument
    attr: str | None
    type_: str
    regex: str | None
    last: tuple[Kind, str] | None = None

    def run(self, source: str) -> None:
        if sys.stdin.isatty():
            with contextlib.suppress(ImportError):
                import readline  # noqa: F401 - line editing and history for input()
        authoring_ui.try_intro(source)
        while (line := authoring_ui.ask(PROMPT)) is not None:
            if not self.handle(line.strip()):
                return

    def handle(self, line: str) -> bool:
        """Act on one line; False to stop."""
        if not line:
            return True
        word, _, rest = line.partition(" ")
        rest = rest.strip()
        if word in QUIT:
            return False
        if word in ("help", "?"):
            authoring_ui.try_help()
        elif word in _KINDS:
            kind, example = _KINDS[word]
            if rest:
                self.evaluate(kind, rest)
            else:
                ui.error_line(f"{word} needs an expression, e.g. '{word} {example}'")
        elif word in ("attr", "type", "regex"):
            self.setting(word, rest)
        else:
            self.evaluate("xpath" if line.startswith(("/", "(", "./")) else "css", line)
        return True

    def setting(self, name: str, value: str) -> None:
        if name == "type" and value and value not in FIELD_TYPES:
            ui.error_line(f"unknown type {value!r} (one of: {', '.join(FIELD_TYPES)})")
            return
        if name == "regex" and value:
            try:
                re.compile(value)
            except re.error as error:
                ui.error_line(f"invalid regex {value!r}: {error}")
                return
        if name == "attr":
            self.attr = value or None
        elif name == "type":
            self.type_ = value or "text"
        else:
            self.regex = value or None
        if self.last is not None:
            self.evaluate(*self.last)
        else:
            ui.note_line(f"{name} {value or '(reset)'}")

    def evaluate(self, kind: Kind, expression: str) -> None:
        try:
            result = probe(self.document, kind, expression, self.attr, self.type_, self.regex)
        except UsageError as error:
            ui.error_line(error.message)
            return
        self.last = (kind, expression)
        authoring_ui.show_probe(result)
