"""An expression's ending: the part that reads a value from the element it selects (``::attr(x)``,
``::text``, ``/@x``, ``/text()``), split from the part that selects the element."""

from __future__ import annotations

import re

_CSS_ENDING = re.compile(r"(::(?:attr\([^)]*\)|text))\s*$")
_XPATH_ENDING = re.compile(r"(/@[\w:-]+|/text\(\))\s*$")


def split_ending(kind: str, expression: str) -> tuple[str, str]:
    """(the element part, the ending) of a ``css`` or ``xpath`` expression; the ending is '' when
    the expression selects elements."""
    found = (_CSS_ENDING if kind == "css" else _XPATH_ENDING).search(expression)
    if found is None:
        return expression, ""
    return expression[: found.start()].rstrip(), found.group(1)


def last_step(kind: str, expression: str) -> tuple[str, str]:
    """(the element name, its filters) of the last step of an element expression: for XPath
    ``//div/p[not(x)]`` gives ``("p", "[not(x)]")``, for CSS ``div > p:not(.ad)`` gives
    ``("p", ":not(.ad)")``. The name is '' when the step names no element (``*``, a class alone)."""
    depth, start = 0, 0
    for index, char in enumerate(expression):
        depth += char in "[("
        depth -= char in "])"
        if depth == 0 and (char == "/" if kind == "xpath" else char in " >+~"):
            start = index + 1
    step = expression[start:].strip()
    if kind == "xpath":
        step = step.split("::", 1)[-1]
        name = re.match(r"[\w-]*", step)
        assert name is not None
        filters = step[name.end() :]
        return name.group(0), filters if filters.startswith("[") else ""
    name = re.match(r"[\w-]*", step)
    assert name is not None
    return name.group(0), step[_first_pseudo(step) :]


def _first_pseudo(step: str) -> int:
    """Where a CSS step's pseudo-classes begin (outside brackets and quotes); its length when none."""
    depth = 0
    for index, char in enumerate(step):
        depth += char in "[("
        depth -= char in "])"
        if char == ":" and depth == 0:
            return index
    return len(step)
