"""Whether two ``match`` globs can fit the same URL, and an example URL when they can.

Exact for fnmatch's syntax (``*``, ``?``, ``[...]``, ``[!...]``), searched over the two patterns'
positions, with the URL rule that a wildcard before the first ``/`` stays in the host.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class _Token:
    """One step of a glob: a ``*`` (any run of the characters ``char`` allows) or one character."""

    star: bool
    text: str  # what the character class was written as, for picking example characters
    char: re.Pattern[str]


_ANY = re.compile(fnmatch.translate("?"))
_NOT_SLASH = re.compile(fnmatch.translate("[!/]"))
_READABLE = "ax0-."


def glob_overlap(first: str, second: str) -> str | None:
    """An example URL key that both ``match`` patterns fit, or None when there is none.

    Exact for fnmatch's syntax (``*``, ``?``, ``[...]``, ``[!...]``), with one rule for URLs: in a
    pattern that has a ``/``, a ``*`` or ``?`` before the first ``/`` stands for part of the host
    name and does not match ``/``. Without it, ``*.b.com/*`` would fit ``a.com//.b.com/``, an
    overlap with every ``a.com/*`` that no real URL has. The two patterns are walked together as
    automata, a ``*`` of one absorbing characters of the other.
    """
    a, b = _tokens(first), _tokens(second)
    # step[i][j]: how to go from (i, j) to the end of both: (next_i, next_j, character emitted)
    step: list[list[tuple[int, int, str] | None]] = [[None] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a), -1, -1):
        for j in range(len(b), -1, -1):
            step[i][j] = (i, j, "") if (i, j) == (len(a), len(b)) else _choose(a, b, i, j, step)
    if step[0][0] is None:
        return None
    example, i, j = "", 0, 0
    while (i, j) != (len(a), len(b)):
        move = step[i][j]
        assert move is not None
        i, j, character = move
        example += character
    return example


def _choose(
    a: list[_Token], b: list[_Token], i: int, j: int, step: list[list[tuple[int, int, str] | None]]
) -> tuple[int, int, str] | None:
    """The first way on from (i, j) that reaches the end of both patterns."""
    left = a[i] if i < len(a) else None
    right = b[j] if j < len(b) else None
    moves: list[tuple[int, int, _Token | None, _Token | None]] = []  # next state, and what both must match
    if left and right and not left.star and not right.star:
        moves.append((i + 1, j + 1, left, right))
    if left and left.star:
        moves.append((i + 1, j, None, None))  # the star ends
    if right and right.star:
        moves.append((i, j + 1, None, None))
    if left and left.star and right and not right.star:
        moves.append((i, j + 1, left, right))  # the star takes the other's character
    if right and right.star and left and not left.star:
        moves.append((i + 1, j, left, right))
    for next_i, next_j, one, other in moves:
        if step[next_i][next_j] is None:
            continue
        character = "" if one is None or other is None else _common(one, other)
        if character is not None:
            return next_i, next_j, character
    return None


def _tokens(pattern: str) -> list[_Token]:
    """The pattern cut as fnmatch reads it; a ``[`` without its ``]`` is a literal character."""
    tokens: list[_Token] = []
    in_host = "/" in pattern
    index = 0
    while index < len(pattern):
        character = pattern[index]
        index += 1
        if character == "*":
            if not tokens or not tokens[-1].star:
                tokens.append(_Token(True, "/" if in_host else "", _NOT_SLASH if in_host else _ANY))
            continue
        text = "[!/]" if character == "?" and in_host else character
        if character == "[":
            end = index + (index < len(pattern) and pattern[index] == "!")
            end += end < len(pattern) and pattern[end] == "]"
            while end < len(pattern) and pattern[end] != "]":
                end += 1
            if end < len(pattern):
                text, index = pattern[index - 1 : end + 1], end + 1
            else:
                text = "[[]"  # fnmatch reads an unclosed '[' as itself
        in_host = in_host and character != "/"
        tokens.append(_Token(False, text, re.compile(fnmatch.translate(text))))
    return tokens


def _common(left: _Token, right: _Token) -> str | None:
    """A character both match. Two sets of character ranges that meet share a range boundary or a
    character next to one, and every boundary is written in a class's text, so these are enough."""
    candidates = dict.fromkeys(_READABLE)
    for character in left.text + right.text:
        code = ord(character)
        for near in (code, code + 1, code - 1):
            if 0 < near < 0x110000:
                candidates[chr(near)] = None
    for candidate in candidates:
        if left.char.match(candidate) and right.char.match(candidate):
            return candidate
    return None
