"""The article's title: which of the page's statements of it to trust, and how to read it back.

A page states its title several times: JSON-LD ``headline``, Dublin Core, Open Graph, Twitter and
Parse.ly meta tags, ``<title>`` (usually with the site's name around it) and the visible headline.
The first statement, in that order, that another independent one agrees with is the title; when
none agree, the first meta tag, then ``<title>``. Agreeing allows a site's name set off by a
separator (``Story - Site``, ``Site | Story``), which the draft's regex then drops.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from parsel import Selector

from extractor.extract.text import collapse, node_text
from extractor.suggest.body import words

# What sets a site's (or section's, or author's) name off a title: spaced bars, dashes, dots,
# slashes, guillemets and angle quotes, "::" and "@"; underscores and unspaced bars (common on
# Chinese and Japanese portals), a dash touching CJK text ("标题-新华网"); a bracketed tail.
_CJK = "\u3000-\u30ff\u3400-\u9fff\uac00-\ud7af\uff00-\uffef"
SEPARATOR = re.compile(
    r"\s+(?:[|\-\u2013\u2014\u00b7\u2022/\u00ab\u00bb\u2039\u203a@]|::)\s+|\s*::\s*$|_(?=\S)|\s*[|\uff5c]\s*"
    rf"|(?<=[{_CJK}])\s*[\-\u2013\u2014]\s*|\s*[\-\u2013\u2014]\s*(?=[{_CJK}])|\s+(?=[\[\uff08(])"
)
JSON_LD = "script[type='application/ld+json']::text"
_HEADLINE = re.compile(r'"headline"\s*:\s*"((?:[^"\\]|\\.)+)"')
_META_TITLES = (  # attribute, names (space-separated lists in the attribute are allowed), most trusted first
    ("property", ("dc:title", "dcterm:title", "og:title", "twitter:title")),
    ("name", ("DC.title", "dc.title", "dcterm:title", "og:title", "twitter:title", "parsely-title")),
)
_SITE_NAMES = ("og:site_name", "application-name", "apple-mobile-web-app-title", "twitter:site")
_MIN_CORE_WORDS = 3  # a title cut at a separator keeps at least this many words
_MAX_AFFIX_WORDS = 6  # a site's name set off a title is at most this long
_MIN_HEADLINE_WORDS = 2  # a headline found inside a longer statement says at least this many words
_DASHES = frozenset(["|", "-", "\u2013", "\u2014", "\u00b7"])


@dataclass
class Statement:
    """One statement of the title: where it is (CSS, with ``regex`` for JSON-LD) and what it says."""

    css: str
    value: str
    regex: str | None = None


@dataclass
class TitleFound:
    """The title, its visible headline (if any), and the CSS alternatives that read it back."""

    value: str | None = None
    node: Any = None
    sources: list[str] = field(default_factory=list)
    regex: str | None = None  # drops the site's name that the first source carries
    headline_agrees: bool = False


def statements(root: Selector) -> list[Statement]:
    """The page's statements of its title, most trusted first; ``<title>`` last."""
    found: list[Statement] = []
    for script in root.css(JSON_LD).getall():
        match = _HEADLINE.search(script)
        if match:
            try:
                value = collapse(json.loads(f'"{match.group(1)}"'))
            except ValueError:
                continue
            found.append(Statement(JSON_LD, value, regex=_HEADLINE.pattern))
            break
    for attribute, names in _META_TITLES:
        for name in names:
            css = f"meta[{attribute}~='{name}']::attr(content)"
            value = collapse(root.css(css).get() or "")
            if value and not any(statement.css == css for statement in found):
                found.append(Statement(css, value))
    title = collapse(root.css("title::text").get() or "")
    if title:
        found.append(Statement("title", title))
    return found


def site_names(root: Selector, url: str) -> set[str]:
    """The site's names as words: from its meta tags and its host name."""
    names = {words(root.css(f"meta[property='{name}']::attr(content), meta[name='{name}']::attr(content)").get() or "")
             for name in _SITE_NAMES}  # fmt: skip
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    labels = host.split(".")
    if len(labels) >= 2 and not labels[-1].isdigit():
        names.update({labels[0], ".".join(labels[:-1]), host})
    return {words(name) for name in names} - {""}


def cuts(text: str) -> list[tuple[str, str, str]]:
    """Every way to cut the text at a separator: (kept part, separator, dropped part, as ``+x``/``x+``)."""
    found = []
    for match in SEPARATOR.finditer(text):
        head, tail = text[: match.start()].strip(), text[match.end() :].strip()
        found.append((head, match.group(0), "+" + tail))  # the name follows the title
        found.append((tail, match.group(0), head + "+"))  # the name comes first
    return [cut for cut in found if words(cut[0])]


def agrees(statement: str, other: str) -> bool:
    """Whether ``other`` says what ``statement`` says, maybe without a name set off by a separator."""
    wanted = words(other)
    return bool(wanted) and (words(statement) == wanted or any(words(kept) == wanted for kept, _, _ in cuts(statement)))


def trim_site(title: str, names: set[str], guess: bool) -> tuple[str, str | None]:
    """The title without a site name set off by a separator, and a regex that drops it; with
    ``guess``, also a short last part after a dash or bar when the rest is long (as Readability does)."""
    for kept, separator, dropped in cuts(title):
        name = dropped.strip("+")
        if words(name) in names or words(name).replace(" ", "") in names:
            return kept, affix_regex(separator, dropped)
    if guess:
        for kept, separator, dropped in cuts(title):
            short = len(words(dropped).split()) <= 4 and len(words(kept).split()) >= _MIN_CORE_WORDS
            if dropped.startswith("+") and separator.strip() in _DASHES and short:
                return kept, affix_regex(separator, dropped)
    return title, None


def affix_regex(separator: str, dropped: str) -> str | None:
    """A regex keeping the title and dropping this site name (when present) before or after it;
    None for a long part, which names more than the site (a chapter, an author) and would not
    recur on the site's other pages."""
    if len(words(dropped).split()) > _MAX_AFFIX_WORDS:
        return None
    name = re.escape(dropped.strip("+"))
    mark = re.escape(separator.strip()) if separator.strip() else ""
    if dropped.startswith("+"):
        return rf"^(.+?)(?:\s*{mark}\s*{name})?$"
    return rf"^(?:{name}\s*{mark}\s*)?(.+)$"


def find_title(root: Selector, url: str) -> TitleFound:
    """The title the page's statements agree on, its visible headline, and how to read it back."""
    said = statements(root)
    headings = [node.root for node in root.xpath("//body//h1 | //body//h2")]
    headings += headline_parts(headings)
    document = next((statement for statement in said if statement.css == "title"), None)

    def headline_for(statement: Statement) -> Any:
        """The heading saying most of the statement; on a tie, the one its first words say."""
        fitting = [h for h in headings if agrees(statement.value, node_text(Selector(root=h)))]
        start = words(statement.value)

        def coverage(heading: Any) -> tuple[int, bool]:
            said = words(node_text(Selector(root=heading)))
            return len(said.split()), start.startswith(said)

        return max(fitting, key=coverage, default=None)

    names = site_names(root, url)
    for statement in said:
        heading = headline_for(statement)
        if heading is None and statement is said[0]:  # the most trusted statement alone: others are looser
            heading = _contained_headline(statement, headings, names)
        if heading is not None:
            value = node_text(Selector(root=heading))
            return _found(value, heading, statement, said, agreed=True)
        if statement is not document and document is not None and agrees(document.value, statement.value):
            # <title> says it too. JSON-LD is read from a meta tag saying the same, else from <title>:
            # the draft's one regex cannot read both JSON and text
            same = [other for other in said if other.regex is None and words(other.value) == words(statement.value)]
            return _found(statement.value, None, statement if statement.regex is None else [*same, document][0], said)
    for statement in sorted(said, key=lambda statement: statement.regex is not None):  # JSON-LD last
        value, _ = trim_site(statement.value, names, guess=statement is document)
        if statement.regex is not None:
            return TitleFound(value, None, [statement.css], statement.regex)
        return _found(value, None, statement, said)
    lone = [node.root for node in root.xpath("//body//h1")]
    if len(lone) == 1:
        return TitleFound(node_text(Selector(root=lone[0])), lone[0], [])
    return TitleFound()


def headline_parts(headings: list[Any]) -> list[Any]:
    """The child elements that say something, of each ``<h1>`` that has two or more: a kicker and
    the headline set in one heading ("<span>Kicker</span> <span>Headline</span>")."""
    parts: list[Any] = []
    for heading in headings:
        if heading.tag != "h1":
            continue
        children = [child for child in heading if isinstance(child.tag, str) and words(node_text(Selector(root=child)))]
        if len(children) >= 2:
            parts.extend(children)
    return parts


def _contained_headline(statement: Statement, headings: list[Any], names: set[str]) -> Any:
    """The longest ``<h1>`` whose words run unbroken inside the statement, which adds a kicker or a
    rubric to it ("Covid-19: <h1>", "<h1> Rezept | Site"); never one saying only a site's name."""
    said = f" {words(statement.value)} "
    site_parts = names | {words(dropped.strip("+")) for _, _, dropped in cuts(statement.value)}
    best, best_size = None, 0
    for heading in headings:
        if heading.tag != "h1":
            continue
        text = words(node_text(Selector(root=heading)))
        size = len(text.split())
        if size >= _MIN_HEADLINE_WORDS and f" {text} " in said and text not in site_parts and size > best_size:
            best, best_size = heading, size
    return best


def _found(value: str, heading: Any, chosen: Statement, said: list[Statement], agreed: bool = False) -> TitleFound:
    """The title read from the chosen statement (or ``<title>`` in place of JSON-LD), then the other
    meta tags and ``<title>``, with a regex that drops the site name the first of them carries."""
    ordered = [chosen, *[statement for statement in said if statement is not chosen]]
    usable = [statement for statement in ordered if statement.regex is None][:3]
    regex = next((found for found in (_regex_for(statement, value) for statement in usable) if found is not None), None)
    return TitleFound(value, heading, [statement.css for statement in usable], regex, headline_agrees=agreed)


def _regex_for(statement: Statement, value: str) -> str | None:
    """The regex dropping what ``statement`` says around ``value`` (None when it says just that or
    something else)."""
    if words(statement.value) == words(value):
        return None
    for kept, separator, dropped in cuts(statement.value):
        if words(kept) == words(value):
            return affix_regex(separator, dropped)
    return None
