"""Draft the ``body`` field: candidate selectors for the article's blocks, each checked against the
text that detection found, the one that reads it best kept."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

from parsel import Selector
from parsel.csstranslator import HTMLTranslator

from extractor.extract.text import node_text
from extractor.suggest.body import BOILERPLATE_TEXT, text_holder, with_kin, word_agreement, words
from extractor.suggest.detect import Detection
from extractor.suggest.left_out import (
    Article,
    LeftOut,
    LeftOutSettings,
    container_rules,
    links_are_not_the_article,
    starts_of,
    template_labels,
)
from extractor.suggest.robust import (
    layout_selector_for,
    nearest_named,
    own_selectors,
    selector_for,
    selector_for_all,
)

PARAGRAPH_TAGS = frozenset(["p", "li", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre"])
GENERIC_BODY = ["article p", "main p", "[itemprop='articleBody'] p", "body"]  # the last one is broad, never empty
_CLIMB = 4  # ancestors tried when the container itself has nothing to name it by
_CLIMB_GROWTH = 1.3  # how much more text than the container a named ancestor may hold
NOT_FOUND = "the main text could not be located; body uses generic selectors"
LAYOUT_NOTE = "body's container is named by its layout classes ({}): check it on another page of the site"
_TIE = 0.02  # score differences below this keep the earlier (more precise) candidate
# trafilatura favours precision: text it left out may still be the article's, so missing its text
# costs a candidate more than reading a little more
RECALL_WEIGHT = 2.0
_GENERIC_MARGIN = 0.1  # the generic selectors are a last resort: they must read the text clearly better
HIDDEN = (
    "[hidden]",
    "[style*='display:none']",
    "[style*='display: none']",
    "[style*='visibility:hidden']",
    "[style*='visibility: hidden']",
    "annotation",
)
_SIMPLE = re.compile(r"^(?P<tag>[a-z][a-z0-9]*)?(?:\.(?P<cls>[\w-]+)|#(?P<id>[\w-]+))?$")


@dataclass
class BodyDraft:
    """The body field and what comes with it: the element to wait for, remove rules, notes."""

    spec: dict[str, Any]
    wait_for: str | None = None
    remove: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    dropped: set[Any] = field(default_factory=set)  # elements its XPath remove rules drop (for scoring)


def named_container(root: Selector, container: Any) -> tuple[Any, str | None, bool]:
    """The container, or when it has no robust name the nearest ancestor that has one and holds
    little more text; with its selector (None when neither can be named), and whether only its
    layout classes name it (``layout_selector_for``)."""
    size = len(node_text(Selector(root=container)))

    def fits(element: Any) -> bool:
        """The container itself, or an ancestor below <body> holding little more text."""
        if element is container:
            return True
        if element.tag in ("html", "body"):
            return False
        return len(node_text(Selector(root=element))) <= size * _CLIMB_GROWTH + 200

    named, css = nearest_named(root, container, _CLIMB, fits)
    if css is not None:
        return named, css, False
    # no meaningful name: its layout classes name it better than the whole page would
    named, css = nearest_named(root, container, _CLIMB, fits, layout_selector_for)
    return (named, css, True) if css is not None else (container, None, False)


def to_xpath(css: str) -> str:
    """XPath for a container selector: readable for ``tag.class`` and ``#id``, cssselect's otherwise."""
    simple = _SIMPLE.match(css)
    if simple and (simple["cls"] or simple["id"]):
        tag = simple["tag"] or "*"
        if simple["id"]:
            return f"//{tag}[@id='{simple['id']}']"
        return f"//{tag}[contains(concat(' ', normalize-space(@class), ' '), ' {simple['cls']} ')]"
    return str(HTMLTranslator().css_to_xpath(css, prefix="//"))


def _text_of(root: Selector, spec: dict[str, Any], skip: set[Any]) -> str:
    """What a body spec reads from the page, leaving out the ``skip`` elements (the remove rules')."""
    kind = "css" if "css" in spec else "xpath"
    expressions = spec[kind] if isinstance(spec[kind], list) else [spec[kind]]
    nodes: list[Selector] = []
    for expression in expressions:  # alternatives: the first that matches
        nodes = list(root.css(expression) if kind == "css" else root.xpath(expression))
        if nodes:
            break
    parts: list[str] = []
    for node in nodes:
        element = node.root
        if isinstance(element, str) or element in skip:
            continue
        for descendant in element.iter():
            if any(ancestor in skip for ancestor in descendant.iterancestors()):
                continue
            if descendant not in skip and isinstance(descendant.tag, str) and descendant.tag not in ("script", "style"):
                parts.append(descendant.text or "")
            if descendant is not element:
                parts.append(descendant.tail or "")
        parts.append(" ")
    return " ".join(parts)


def draft_body(root: Selector, found: Detection) -> BodyDraft:
    """The body field for the page: the candidate whose text best matches the detected article text."""
    kept = [node for node in found.paragraphs if not BOILERPLATE_TEXT.match(node_text(Selector(root=node)))]
    generic = BodyDraft({"css": GENERIC_BODY}, notes=[NOT_FOUND])
    if not kept or found.container is None:
        return _required(generic)
    candidates, hidden = _candidates(root, found, kept)
    candidates.append(generic)
    # headlines are the title's: they count for no candidate
    title = {node.root for node in root.xpath("//body//h1")} | ({found.title_node} - {None})
    article_text = _reference_text(found, title, hidden)
    best, best_score = candidates[0], -1.0
    for candidate in candidates:
        skip = title | set(found.noise) | hidden | candidate.dropped if candidate.remove else title
        score = word_agreement(_text_of(root, candidate.spec, skip), article_text, RECALL_WEIGHT)
        if score > best_score + (_GENERIC_MARGIN if candidate is generic else _TIE):
            best, best_score = candidate, score
    return _required(best)


def _candidates(root: Selector, found: Detection, kept: list[Any]) -> tuple[list[BodyDraft], set[Any]]:
    """Body fields worth trying, most precise first, and the hidden elements their remove rules drop:
    the container's paragraphs (all their tags, then only the tags mostly the article's), the
    container read whole, the paragraphs named without their container."""
    marked = [node for node in found.paragraphs if node not in kept]
    container, container_css, by_layout = named_container(root, found.container)
    article = with_kin(kept)  # the article's own elements: no remove rule may match them
    candidates: list[BodyDraft] = []
    paragraphs = [node for node in kept if node.tag in PARAGRAPH_TAGS]
    hidden: set[Any] = set()
    if container_css is not None:
        hidden_rules, hidden = _hidden_rules(root, container_css, kept)
        remove = _remove_rules(root, container_css, found.noise, article) + hidden_rules
        if paragraphs:
            left_out = LeftOut(
                starts=starts_of(marked),
                labels=template_labels(container, paragraphs, article, LeftOutSettings()),
                links=links_are_not_the_article(container, paragraphs),
            )
            candidates.append(_paragraphs(container, container_css, paragraphs, left_out, remove))
            mostly = _mostly_article_tags(container, paragraphs)
            if mostly and len(mostly) < len({node.tag for node in paragraphs}):  # fewer tags, less noise
                kept_tags = [node for node in paragraphs if node.tag in mostly]
                candidates.append(_paragraphs(container, container_css, kept_tags, left_out, remove))
            if left_out.links:  # and with them, should the article's own paragraphs be links too
                with_links = replace(left_out, links=False)
                candidates.append(_paragraphs(container, container_css, paragraphs, with_links, remove))
        # the container read whole: without its labels and link blocks (none of the article's), then as it is
        read = [found.title_node, found.author_node, found.date_node, *found.video_nodes]
        keep = article | with_kin([node for node in read if node is not None])
        parts = Article(kept, keep, found.references.trafilatura)
        whole_rules, dropped = container_rules(root, container, to_xpath(container_css), parts, LeftOutSettings())
        if whole_rules:
            note = "remove's XPath rules leave out the container's template lines and blocks of links"
            whole = BodyDraft({"css": container_css}, remove=remove + whole_rules, notes=[note], dropped=dropped)
            candidates.append(whole)
        candidates.append(BodyDraft({"css": container_css}, remove=remove))
        inside = set(container.iter())
        outside = outside_selectors(root, [node for node in kept if node not in inside], kept)
        for candidate in candidates:
            candidate.wait_for = container_css
            with_outside(candidate, outside)
            if by_layout:
                candidate.notes.append(LAYOUT_NOTE.format(container_css))
    named = selector_for_all(root, paragraphs) if paragraphs else None
    if named and len(root.css(named)) <= len(paragraphs) * 1.5:  # paragraphs named without their container
        candidates.append(BodyDraft({"css": named}))
    holder = _loose_text_holder(root, found)
    if holder is not None:
        candidates.append(BodyDraft({"css": holder}, wait_for=holder))
    return candidates, hidden


def _loose_text_holder(root: Selector, found: Detection) -> str | None:
    """The selector of the element that holds trafilatura's text, when its lines run mostly outside
    the article's blocks (``References.blocks_hold_little``); None otherwise, or when it cannot be named."""
    if not found.references.blocks_hold_little():
        return None
    holder = text_holder(root, found.references.trafilatura)
    if holder is None or holder is found.container:
        return None
    return named_container(root, holder)[1]


def outside_selectors(root: Selector, outside: list[Any], kept: list[Any]) -> list[str]:
    """Selectors for the article's blocks outside its container (a lead above it, the paragraphs
    before a paywall's box), each matching nothing but the article's blocks on this page; one for
    them all when one serves, else one per block, in document order."""
    if not outside:
        return []
    blocks = set(kept)

    def reads_only_blocks(css: str | None) -> bool:
        return css is not None and {node.root for node in root.css(css)} <= blocks

    together = selector_for_all(root, outside)
    if reads_only_blocks(together):
        return [str(together)]
    found: list[str] = []
    for node in outside:
        css = selector_for(root, node)
        if css is not None and css not in found and reads_only_blocks(css):
            found.append(css)
    return found


def with_outside(candidate: BodyDraft, outside: list[str]) -> None:
    """The candidate, reading the blocks outside the container too (CSS and XPath unions keep
    document order)."""
    if not outside:
        return
    if "css" in candidate.spec:
        candidate.spec["css"] = ", ".join([candidate.spec["css"], *outside])
    else:
        translated = [str(HTMLTranslator().css_to_xpath(css, prefix="//")) for css in outside]
        candidate.spec["xpath"] = " | ".join([candidate.spec["xpath"], *translated])


def _reference_text(found: Detection, headlines: set[Any], hidden: set[Any]) -> str:
    """trafilatura's text without the headline, "Baca juga" lines and text no reader sees: its blocks',
    with its lines that no block holds when those are most of it (``References.blocks_hold_little``)."""
    lines = found.references.completed() if found.references.blocks_hold_little() else found.text_paragraphs
    titles = {words(node_text(Selector(root=node))) for node in headlines} | {words(found.title or "")}
    unseen = f" {' '.join(words(node_text(Selector(root=node))) for node in hidden)} "
    return "\n".join(
        line
        for line in lines
        if words(line) not in titles and not BOILERPLATE_TEXT.match(line) and f" {words(line)} " not in unseen
    )


def _mostly_article_tags(container: Any, paragraphs: list[Any]) -> set[str]:
    """The paragraph tags most of whose elements in the container are the article's (a page's
    ``li`` are often reference lists and menus while its ``p`` are the story)."""
    mapped = Counter(node.tag for node in paragraphs)
    present = Counter(element.tag for element in container.iter(*mapped))
    return {tag for tag, count in mapped.items() if count >= present[tag] / 2}


def _required(body: BodyDraft) -> BodyDraft:
    body.spec.update({"multiple": True, "required": True})
    return body


def _paragraphs(
    container: Any, container_css: str, paragraphs: list[Any], left_out: LeftOut, remove: list[str]
) -> BodyDraft:
    """The article's paragraph elements inside the container, less what ``left_out`` names (by XPath
    conditions on their text; CSS when there is nothing to leave out)."""
    tags = sorted({node.tag for node in paragraphs})
    direct = all(node.getparent() is container for node in paragraphs)
    conditions = left_out.conditions()
    if not conditions:
        joiner = " > " if direct else " "
        return BodyDraft({"css": ", ".join(f"{container_css}{joiner}{tag}" for tag in tags)}, remove=remove)
    base, separator = to_xpath(container_css), "/" if direct else "//"
    step = tags[0] if len(tags) == 1 else f"*[{' or '.join(f'self::{tag}' for tag in tags)}]"
    xpath = f"{base}{separator}{step}[{' and '.join(conditions)}]"
    return BodyDraft({"xpath": xpath}, remove=remove, notes=left_out.notes())


def _hidden_rules(root: Selector, container_css: str, kept: list[Any]) -> tuple[list[str], set[Any]]:
    """Remove rules for what a reader never sees inside the container (``hidden``, inline
    ``display: none`` or ``visibility: hidden``, MathML's TeX annotations), with the elements they
    drop; none when that would drop nearly all of the article's text."""
    rules: list[str] = []
    dropped: set[Any] = set()
    for css in HIDDEN:
        matched = {node.root for node in root.css(f"{container_css} {css}")}
        if matched:
            rules.append(f"{container_css} {css}")
            dropped |= matched
    total = sum(len(node_text(Selector(root=node))) for node in kept)
    inside = {element for node in dropped for element in node.iter()}
    lost = sum(len(node_text(Selector(root=node))) for node in kept if node in inside)
    return ([], set()) if lost >= total * 0.8 else (rules, dropped)


def _remove_rules(root: Selector, container_css: str, noise: list[Any], article: set[Any]) -> list[str]:
    """One rule per boilerplate element, by its own class, scoped to the container; a class shared
    with the article's elements would remove the article itself, so the next one is tried."""
    rules: list[str] = []
    for element in noise:
        own = [css for css in own_selectors(element) if not css.startswith("#") and css != element.tag]
        for css in own:
            rule = f"{container_css} {css}"
            if rule not in rules and not article & {node.root for node in root.css(rule)}:
                rules.append(rule)
                break
    return rules
