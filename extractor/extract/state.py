"""The JSON state a page embeds for its scripts, and dotted paths into it (a field's ``state`` key).

Sites built with Next.js, Nuxt, Gatsby or a hand-made store ship the data the page is drawn from
inside the HTML: ``<script id="__NEXT_DATA__" type="application/json">{...}</script>``, or
``window.__INITIAL_STATE__ = {...};`` in a script. Each state has a name, the first key of a path:

- a ``<script>`` of type ``application/json`` (or ``…+json``, not JSON-LD): its ``id``;
- an assignment ``window.NAME = {...}``, ``window["NAME"] = [...]``, ``self.NAME = ...`` or
  ``var|let|const NAME = ...`` whose value is an object or array literal, or ``JSON.parse("...")``
  of a string literal: ``NAME``.

So ``state: __NEXT_DATA__.props.pageProps.article.title`` reads Next.js's article title. Values are
read as JSON, else as JSON5 (unquoted keys, single quotes, trailing commas). State built by running
code (Nuxt 2's ``window.__NUXT__=(function(a,b){...}(1,2))``) cannot be read without running it,
and is not read. Lists on a path are walked through (``items.title`` reads every item's title); a
number picks one item (``items.0.title``).
"""

from __future__ import annotations

import re
from typing import Any

from parsel import Selector

from extractor.extract.jsonld import as_text, read_block

_JSON_SCRIPTS = (
    "//script[@id and contains(@type, 'json') and not(contains(@type, 'ld+json'))]"
)  # fmt: skip
_CODE_SCRIPTS = "//script[not(@type) or contains(@type, 'javascript') or @type='module']"
_ASSIGNMENT = re.compile(
    r"""(?:\b(?:window|self|globalThis)\s*(?:\.\s*([A-Za-z_$][\w$]*)|\[\s*["']([^"']+)["']\s*\])"""
    r"""|\b(?:var|let|const)\s+([A-Za-z_$][\w$]*))\s*=\s*"""
)
_JSON_PARSE = re.compile(r"JSON\s*\.\s*parse\s*\(\s*")
MAX_SCRIPT = 5_000_000  # characters of one script looked through


def embedded_states(root: Selector) -> dict[str, Any]:
    """Every state the page embeds, by name (the first one of a name wins), in document order."""
    states: dict[str, Any] = {}
    for script in root.root.xpath(_JSON_SCRIPTS):
        name = str(script.get("id") or "").strip()
        value = read_block(script.text or "")
        if name and value is not None:
            states.setdefault(name, value)
    for script in root.root.xpath(_CODE_SCRIPTS):
        code = (script.text or "")[:MAX_SCRIPT]
        for name, value in _assignments(code):
            states.setdefault(name, value)
    return states


def state_values(states: dict[str, Any], path: str) -> list[str]:
    """The values at ``path`` (``NAME.key.key``) in the page's states, as text. A key walks through
    a list (every item's); a number picks one item."""
    current: list[Any] = [states]
    for key in path.split("."):
        found: list[Any] = []
        for value in current:
            if isinstance(value, list) and key.isdigit():
                found.extend(value[int(key) : int(key) + 1])
                continue
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, dict) and key in item:
                    found.append(item[key])
        current = found
    values = [item for value in current for item in (value if isinstance(value, list) else [value])]
    return [text for text in map(as_text, values) if text]


def _assignments(code: str) -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = []
    for match in _ASSIGNMENT.finditer(code):
        name = match.group(1) or match.group(2) or match.group(3)
        value = _literal_at(code, match.end())
        if name and value is not None:
            found.append((name, value))
    return found


def _literal_at(code: str, start: int) -> Any:
    """The object or array literal (or ``JSON.parse`` of a string literal) that starts at ``start``."""
    parse = _JSON_PARSE.match(code, start)
    if parse is not None:
        text = _balanced(code, parse.end())
        inner = read_block(text) if text else None
        return read_block(inner) if isinstance(inner, str) else None
    if start >= len(code) or code[start] not in "{[":
        return None
    text = _balanced(code, start)
    return read_block(text) if text else None


def _balanced(code: str, start: int) -> str | None:
    """The bracketed literal or the string literal at ``start``, skipping brackets inside strings."""
    if start >= len(code):
        return None
    opening = code[start]
    if opening in "\"'":
        end = _string_end(code, start)
        return code[start : end + 1] if end is not None else None
    depth = 0
    index = start
    while index < len(code):
        char = code[index]
        if char in "\"'`":
            end = _string_end(code, index)
            if end is None:
                return None
            index = end
        elif char in "{[":
            depth += 1
        elif char in "}]":
            depth -= 1
            if depth == 0:
                return code[start : index + 1]
        index += 1
    return None


def _string_end(code: str, start: int) -> int | None:
    quote = code[start]
    index = start + 1
    while index < len(code):
        if code[index] == "\\":
            index += 2
            continue
        if code[index] == quote:
            return index
        index += 1
    return None
