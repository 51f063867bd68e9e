"""The article's author: from the page's structured statements first, then its visible byline.

Sources, most trusted first (the order Readability uses for metadata): JSON-LD ``author``, Dublin
Core ``creator``, ``meta[name=author]``, ``article:author`` (when not a URL), Parse.ly; then a
visible byline (``itemprop=author``, ``rel=author``, byline and author classes), then trafilatura's
guess. The visible element holding the names is what the draft reads first, with a regex that keeps
only the names ("By Nathan Willis, March 25" -> "Nathan Willis").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from parsel import Selector

from extractor.extract.jsonld import first_values, json_ld_nodes
from extractor.extract.text import collapse, node_text
from extractor.suggest.body import words
from extractor.suggest.title import site_names

META_AUTHORS = tuple(
    f"meta[{attribute}]::attr(content)"
    for attribute in (
        "property~='dc:creator'",
        "name='DC.creator'",
        "name='DC.Creator'",
        "name='dc.creator'",
        "property~='dcterm:creator'",
        "name='author'",
        "property~='article:author'",
        "property~='og:article:author'",
        "name='article:author'",
        "name='parsely-author'",
        "name='byl'",
    )
)
VISIBLE_BYLINES = (
    "[itemprop~='author'] [itemprop~='name']",
    "[itemprop~='author']",
    "[rel~='author']",
    "[class*='byline']",
    "[id*='byline']",
    "[class*='author']",
)
_MONTHS = "jan|feb|mar|apr|may|mei|jun|jul|aug|agu|sep|oct|okt|nov|dec|des"
# Where a byline's name ends: a comma, bar or bullet; a bracket that does not hold initials ("Richard
# (R.J.) Eskow"); a spaced dash; a number; a date.
AUTHOR_END = rf"(?:\s*[,|\u2022\u00b7]|\s*\((?!(?:[^\W\d_]\.)+\))|\s+[-\u2013]|\s+\d|\s+(?:{_MONTHS})[a-z]*\.?\s+\d)"
# Words that join co-authors: "A and B", "A (avec B et C)", "A dan B"; the one-letter ones ("A e B",
# "A y B") only in lower case, so that a middle initial ("John E Smith") is not taken for one.
COAUTHORS = re.compile(r"\s(?:(?i:and|et|avec|with|und|mit|con|com|dan|bersama|dengan)|&|e|y)\s")
BY = (
    r"(?:(?:view |see )?(?:all )?(?:posts|articles|stories|entries) by|posted by|written by"
    r"|by|par|von|por|door|oleh|penulis|reporter|editor|author)\b\s*:?\s*"
)
_MAX_NAME_WORDS = 8


@dataclass
class AuthorFound:
    """The author(s), the visible element holding them, and the CSS alternatives that read them."""

    value: str | None = None
    names: list[str] = field(default_factory=list)
    node: Any = None
    sources: list[str] = field(default_factory=list)  # structured sources present on the page
    json_ld: bool = False  # the page's JSON-LD names the author(s): read them with `jsonld: author`
    separator: str = ", "  # between several names ("; " when a name has a comma: "Jong, Michiel de")


# What a byline's place holds when it names nobody: a form's label, a button, a bare "Posted on".
_LABELS = frozenset(
    {
        "name", "author", "autor", "auteur", "autore", "by", "von", "par", "follow", "share", "posted",
        "published", "anonymous", "date", "datum", "fecha", "no author", "posted on", "posted by",
        "publiziert am", "veröffentlicht am", "veröffentlicht von", "publié le", "publicado por",
    }
)  # fmt: skip


def looks_like_name(value: str) -> bool:
    """Words, one at least two letters long; not a URL, a handle or a label ("Author:", "Posted on")."""
    value = value.strip()
    return (
        bool(re.search(r"[^\W\d_]{2}", value))
        and not re.match(r"(https?:|www\.|@)", value)
        and not value.endswith((":", "\uff1a"))
        and len(value.split()) <= _MAX_NAME_WORDS
        and words(value) not in _LABELS
    )


def clean_byline(text: str) -> str:
    """The names in a visible byline: without "By" before them or a date after them."""
    text = re.sub(rf"(?i)^{BY}", "", collapse(text))
    if COAUTHORS.search(text):
        return text  # several authors: a comma may part their names
    return re.sub(rf"(?i){AUTHOR_END}.*$", "", text).strip()


def json_ld_authors(root: Selector, json_ld: list[dict[str, Any]] | None = None) -> list[str]:
    """The authors' names in the first JSON-LD object that names any (as ``jsonld: author`` reads them);
    ``json_ld``: the page's objects when already read."""
    nodes = json_ld if json_ld is not None else json_ld_nodes(root)
    return [name for name in first_values(nodes, "author") if looks_like_name(name)]


def find_author(
    root: Selector,
    guess: str | None,
    json_ld: list[dict[str, Any]] | None = None,
    url: str = "",
    headline: Any = None,
) -> AuthorFound:
    """The author the page states, the element showing it, and the structured sources to read it from
    (``json_ld``: the page's JSON-LD objects when already read; ``url``: where the page is, whose host
    names the site; ``headline``: the visible headline's element, under which a byline without
    markup is looked for).

    A statement that names the site itself ("tagesschau.de", "The Planetary Press" on
    theplanetarypress.com: the publisher) gives way to the first other source that names someone
    else; on a personal site, where nothing else does, the site's name is the author's."""
    nodes = json_ld if json_ld is not None else json_ld_nodes(root)
    sites = _site_names(root, nodes, url)
    meta = [(css, [collapse(value) for value in root.css(css).getall()]) for css in META_AUTHORS]
    meta = [(css, [value for value in values if value and looks_like_name(value)]) for css, values in meta]
    meta = [(css, list(dict.fromkeys(values))) for css, values in meta if values]
    guess = re.sub(rf"(?i)^{BY}", "", collapse(guess or ""))  # trafilatura's guess may keep "Posts by"
    guessed = [guess] if guess and looks_like_name(guess) else []
    stated = json_ld_authors(root, nodes)
    candidates = [("json-ld", stated), *meta]
    if guessed and _in_byline(find_names(root, guessed)):
        visible = _visible_byline(root)
        # the byline the guess comes from, when it names co-authors too ("A (avec B et C)")
        cowritten = visible and guess in visible[0] and COAUTHORS.search(visible[0])
        candidates.append(("guess", visible if cowritten else guessed))
    candidates += [("visible", _visible_byline(root)), ("headline", _byline_under(headline)), ("guess", guessed)]
    candidates = [(source, names) for source, names in candidates if names]
    if not candidates:
        return AuthorFound()
    source, names = candidates[0]
    if any(names_the_site(name, sites) for name in names):
        first = [_said(name) for name in names]
        source, names = next(
            (
                (other, found)
                for other, found in candidates[1:]
                if not any(names_the_site(name, sites) or any(f and f in _said(name) for f in first) for name in found)
            ),
            (source, names),
        )  # someone else: not the site, and not its name with more words ("X posted on PIXNET")
    stated_in_json_ld = source == "json-ld"
    meta = [(css, values) for css, values in meta if css == source or not any(names_the_site(v, sites) for v in values)]
    node = find_names(root, names)
    if node is not None and len(names) == 1 and not meta and not stated_in_json_ld and not COAUTHORS.search(names[0]):
        node, names = _linked_name(node, names)
    if node is not None and len(names) == 1 and (full := _shown_in_full(node, names[0])):
        names, stated_in_json_ld = [full], False  # the page shows "Todd Bates" where JSON-LD says "Todd"
    sources = list(dict.fromkeys(css for css, _ in meta))
    separator = "; " if any("," in name for name in names) else ", "
    return AuthorFound(separator.join(names), names, node, sources, json_ld=stated_in_json_ld, separator=separator)


def _shown_in_full(node: Any, name: str) -> str | None:
    """The element's text when it is the one-word ``name`` with more names after it ("Todd" shown as
    "Todd Bates"): at most four words, each capitalised."""
    if len(name.split()) != 1 or _in_furniture(node):
        return None
    text = collapse(node_text(Selector(root=node)))
    parts = text.split()
    if 2 <= len(parts) <= 4 and parts[0] == name and all(part[:1].isupper() for part in parts):
        return text if looks_like_name(text) else None
    return None


_FURNITURE = re.compile(r"sidebar|widget|menu|\bnav", re.IGNORECASE)


def _in_furniture(element: Any) -> bool:
    """Whether the element is in the page's furniture: a sidebar, a menu, a footer."""
    for up in (element, *element.iterancestors()):
        marks = f"{up.get('class') or ''} {up.get('id') or ''}"
        if up.tag in ("aside", "nav", "footer") or _FURNITURE.search(marks):
            return True
    return False


def names_the_site(name: str, sites: set[str]) -> bool:
    """Whether ``name`` is one of the site's names (as ``title.site_names`` gives them), maybe with
    a parenthesised note ("Deutsche Welle (www.dw.com)") or without its spaces ("National
    Geographic" on nationalgeographic.co.uk)."""
    said = _said(name)
    return bool(said) and (said in sites or said.replace(" ", "") in {site.replace(" ", "") for site in sites})


def _said(name: str) -> str:
    """A name as words, without a parenthesised note, underscores read as spaces ("A_B (ab)": "a b")."""
    return words(re.sub(r"\([^)]*\)", " ", name)).replace("_", " ")


def _site_names(root: Selector, nodes: list[dict[str, Any]], url: str) -> set[str]:
    """The site's names: its meta tags and host (``title.site_names``), and its JSON-LD publisher."""
    names = site_names(root, url) | {words(name) for name in first_values(nodes, "publisher")}
    return {name.replace("_", " ") for name in names} - {""}


_BYLINE_MARK = re.compile(r"author|byline|byl\b|penulis|reporter|writer|creator", re.IGNORECASE)


def _in_byline(element: Any) -> bool:
    """Whether the element, or one of its three nearest ancestors, is marked as a byline."""
    for _ in range(4):
        if element is None or not isinstance(element.tag, str):
            return False
        marks = " ".join(str(element.get(key) or "") for key in ("class", "id", "rel", "itemprop"))
        if _BYLINE_MARK.search(marks):
            return True
        element = element.getparent()
    return False


def _visible_byline(root: Selector) -> list[str]:
    """The name in the first visible byline that holds one; not in a comment or a form (a comment's
    author, the "Name *" field of a comment form)."""
    for css in VISIBLE_BYLINES:
        for node in root.css(css)[:20]:
            if node.root.tag in ("meta", "link", "script", "style", "label") or _in_comments(node.root):
                continue
            text = node_text(node)
            if len(text) > 120:
                continue
            name = clean_byline(text)
            if name and looks_like_name(name):
                return [name]
    return []


# A byline's first word, when nothing marks the element as one: "Von Claudia Lindner" under the headline.
_BY_WORD = re.compile(r"(?:by|von|par|por|door|oleh|av|af|przez|autor|autore|auteur|author)\s*:?\s+", re.IGNORECASE)
# Words that may be in lower case inside names: particles, and the words that join co-authors.
_NAME_PARTICLES = frozenset(
    {
        "van", "von", "de", "der", "den", "del", "della", "di", "da", "du", "la", "le", "bin", "binti",
        "y", "e", "et", "und", "and", "mit", "with", "&",
    }
)  # fmt: skip
_UNDER_HEADLINE = 12  # elements with text after the headline that are looked at


def _byline_under(headline: Any) -> list[str]:
    """The names in a short element just under the headline that reads as a byline ("Von A und B"),
    its words capitalised names (so "Von Montag bis Freitag" is not one)."""
    if headline is None or not isinstance(headline.tag, str):
        return []
    for element in headline.xpath(f"following::*[text()[normalize-space()]][position() <= {_UNDER_HEADLINE}]"):
        if element.tag in ("script", "style"):
            continue
        whole = collapse(node_text(Selector(root=element)))
        if len(whole) > 80 or not _BY_WORD.match(whole):
            continue
        names = clean_byline(_BY_WORD.sub("", whole, count=1))
        parts = names.split()
        capitalised = all(part[0].isupper() or part.lower() in _NAME_PARTICLES for part in parts)
        if 2 <= len(parts) <= _MAX_NAME_WORDS and capitalised and looks_like_name(names):
            return [names]
    return []


_COMMENTS = re.compile(r"comment|respond|reply|discussion", re.IGNORECASE)


def _in_comments(element: Any) -> bool:
    """Whether the element is in a form, or in a block marked as comments."""
    for ancestor in element.iterancestors():
        if ancestor.tag == "form":
            return True
        marks = f"{ancestor.get('class') or ''} {ancestor.get('id') or ''}"
        if _COMMENTS.search(marks):
            return True
    return False


def _linked_name(node: Any, names: list[str]) -> tuple[Any, list[str]]:
    """A byline links its author's name to their page: when the guessed name runs on past the
    link's text ("Ben Silverman Games Editor"), the link's text is the name."""
    for link in node.iter("a"):
        text = collapse(node_text(Selector(root=link)))
        if len(text.split()) >= 2 and names[0].startswith(text) and names[0] != text:
            return link, [text]
    return node, names


def find_names(root: Selector, names: list[str]) -> Any:
    """The smallest element whose text holds every name (found from text nodes, not by reading every
    element's text, which is quadratic on large pages)."""
    first = names[0].split()
    if not first or len(first[0]) < 2:
        return None
    wanted = [name.lower() for name in names]
    best, best_length = None, 0
    for text_node in root.root.xpath("//body//text()[contains(., $word)]", word=first[0])[:200]:
        element = text_node.getparent()
        for _ in range(4):  # the names may be split across a few inline elements
            if element is None or not isinstance(element.tag, str) or element.tag in ("script", "style", "body"):
                break
            text = node_text(Selector(root=element))
            if all(name in text.lower() for name in wanted):
                if len(text) < sum(map(len, wanted)) + 60 and (best is None or len(text) < best_length):
                    best, best_length = element, len(text)
                break
            element = element.getparent()
    return best


def byline_regex(text: str, names: list[str]) -> str | None:
    """A regex that keeps only the names when the visible byline adds words around them."""
    at = text.lower().find(names[0].lower())
    if at < 0 or text == ", ".join(names):
        return None
    prefix = text[:at].strip().rstrip(":").strip()
    head = rf"^(?:{re.escape(prefix)}\s*:?\s*)?" if prefix else "^"
    if len(names) > 1:
        return rf"(?i){head}(.+)$" if prefix else None
    return rf"(?i){head}(.+?)(?:{AUTHOR_END}.*)?$"
