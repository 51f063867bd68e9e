"""Turn a detection into a draft selector file a person can read and edit."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from parsel import Selector

from extractor.errors import FieldValueError
from extractor.extract.converters import to_datetime
from extractor.extract.engine import rule_matches
from extractor.extract.text import node_text
from extractor.sites import Site, parse_site
from extractor.suggest.byline import byline_regex
from extractor.suggest.detect import STRUCTURED, Detection
from extractor.suggest.draft_body import draft_body
from extractor.suggest.robust import nearest_named, own_selectors, selector_for, selector_for_all


@dataclass
class Draft:
    """A selector file in the making: its parts, and notes for the person who will edit it."""

    site: str
    match: list[str]
    wait_for: str | None = None
    remove: list[str] = field(default_factory=list)
    fields: dict[str, dict[str, Any]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def to_site(self) -> Site:
        """The draft as a validated Site."""
        return parse_site(self.to_yaml(), f"<draft for {self.site}>")

    def to_yaml(self) -> str:
        """The draft as YAML, with comments."""
        lines = [f"# Draft selector file for {self.site}, written by `extractor suggest`. Review before use."]
        lines += [f"# note: {note}" for note in self.notes]
        lines += [f"site: {_quote(self.site)}", "match:"]
        lines += [f"  - {_quote(pattern)}" for pattern in self.match]
        lines += [
            "render:",
            f"  wait_for: {_quote(self.wait_for)}" if self.wait_for else '  # wait_for: "..."',
            "  scroll: auto",
        ]
        if self.remove:
            lines.append("remove:")
            lines += [f"  - {_quote(rule)}" for rule in self.remove]
        lines.append("fields:")
        for name, spec in self.fields.items():
            lines.append(f"  {name}:")
            for key, value in spec.items():
                if key == "fields":
                    lines.append("    fields:")
                    for child, child_spec in value.items():
                        lines.append(f"      {child}: {_flow(child_spec)}")
                else:
                    lines.append(f"    {key}: {_yaml_value(value)}")
        return "\n".join(lines) + "\n"


def _quote(text: str | None) -> str:
    return json.dumps(text, ensure_ascii=False)


def _yaml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_quote(item) for item in value) + "]"
    return _quote(value) if isinstance(value, str) else str(value)


def _flow(spec: dict[str, Any]) -> str:
    return "{" + ", ".join(f"{key}: {_yaml_value(value)}" for key, value in spec.items()) + "}"


def site_and_match(url: str) -> tuple[str, list[str]]:
    """A site name and match globs derived from the URL's host."""
    parts = urlsplit(url)
    host = (parts.netloc or "local").lower()
    bare = host.removeprefix("www.")
    labels = bare.split(":")[0].split(".")
    second_level = len(labels) >= 3 and labels[-2] in ("co", "ac", "or", "go", "com", "net", "org", "web")
    domain = ".".join(labels[-3:] if second_level else labels[-2:]) if not labels[-1].isdigit() else bare
    match = [f"{host}/*"]
    if bare != domain:  # a subdomain: the site's other sections live on sibling subdomains
        match.append(f"*.{domain}/*")
    elif host.startswith("www."):
        match.append(f"{bare}/*")
    name = re.sub(r"[^a-z0-9]+", "-", domain.split(":")[0].rsplit(".", 1)[0] if not domain[-1].isdigit() else domain)
    return name.strip("-") or "site", match


def build_draft(found: Detection, url: str) -> Draft:
    """The draft selector file for a page, from what ``detect`` found in it."""
    root = found.root
    name, match = site_and_match(url)
    draft = Draft(site=name, match=match)
    meta = found.meta

    title = found.title_found
    heading_css = selector_for(root, title.node) if title.node is not None else None
    # the visible headline first when it says what the page's own statements say; else theirs
    title_css = [*title.sources, heading_css] if not title.headline_agrees else [heading_css, *title.sources]
    draft.fields["title"] = {"css": [css for css in title_css if css] or ["title", "h1"], "required": True}
    if title.regex:
        draft.fields["title"]["regex"] = title.regex

    author = found.author_found
    holder, holder_css = _named_holder(root, author.node)
    author_css = [css for css in [holder_css, *author.sources] if css]
    if author.json_ld or author_css:
        # JSON-LD's list of authors first (every name), then the visible byline, then meta tags
        draft.fields["author"] = {"jsonld": "author"} if author.json_ld else {}
        if author_css:
            draft.fields["author"]["css"] = author_css
        if len(author.names) > 1 or author.json_ld:
            draft.fields["author"]["join"] = author.separator
        if holder is not None:
            regex = byline_regex(node_text(Selector(root=holder)), author.names)
            if regex:
                draft.fields["author"]["regex"] = regex
    else:
        draft.notes.append("no author found on the page")

    date_css = []
    if found.date_node is not None:
        own = selector_for(root, found.date_node)
        if own:
            date_css.append(f"{own}::attr({found.date_attr})" if found.date_attr else own)
    stated = [css for css in STRUCTURED["published"] if _same_day(root.css(css).get(), found.published, url)]
    date_css += stated[:1]  # the first structured statement of the same day
    if date_css:
        draft.fields["published"] = {"css": date_css, "type": "datetime"}
    elif found.json_ld_date:  # only JSON-LD says it
        draft.fields["published"] = {"jsonld": "datePublished", "type": "datetime"}
    else:
        draft.notes.append("no publication date found on the page")

    _add_body(draft, root, found)

    image_css = []
    if found.container is not None:
        scope = found.container.getparent() if found.container.getparent() is not None else found.container
        images = Selector(root=scope).css("img[src]")
        if images:
            own = selector_for(root, images[0].root)
            if own:
                image_css.append(f"{own}::attr(src)")
    if "image" in meta:
        image_css.append(meta["image"])
    if image_css:
        draft.fields["image"] = {"css": image_css, "type": "url"}

    _add_video(draft, root, found)
    return draft


def _same_day(raw: str | None, published: str | None, url: str) -> bool:
    """Whether there is a raw date and it says the day of the detected date (any day when none was
    detected)."""
    if published is None:
        return bool(raw)
    try:
        return bool(raw) and to_datetime(raw or "", url)[:10] == published[:10]
    except FieldValueError:
        return False


def _named_holder(root: Selector, node: Any, limit: int = 120) -> tuple[Any, str | None]:
    """The node, or the nearest short ancestor (a byline around a link) that a robust selector names."""
    return nearest_named(root, node, 2, lambda element: len(node_text(Selector(root=element))) <= limit)


def _add_body(draft: Draft, root: Selector, found: Detection) -> None:
    body = draft_body(root, found)
    draft.fields["body"] = body.spec
    draft.wait_for = body.wait_for
    # a rule that would remove what another field reads (a post header holding the byline and date) is
    # not the article's noise
    read = [node for node in (found.title_node, found.author_node, found.date_node) if node is not None]
    draft.remove += [rule for rule in body.remove if not _holds_any(root, rule, read)]
    draft.notes += body.notes


def _holds_any(root: Selector, rule: str, nodes: list[Any]) -> bool:
    """Whether an element that the remove ``rule`` (CSS or XPath) matches is, or holds, one of ``nodes``."""
    matched = [match.root for match in rule_matches(root, rule)]  # held, so that lxml keeps one proxy per element
    return any(element is found for node in nodes for element in (node, *node.iterancestors()) for found in matched)


def _add_video(draft: Draft, root: Selector, found: Detection) -> None:
    if not found.video_nodes:
        return
    embed = found.video_nodes[0]
    holder = embed.getparent()
    for _ in range(3):
        if holder is None or [css for css in own_selectors(holder) if css != holder.tag]:
            break
        holder = holder.getparent()
    holder_css = selector_for_all(root, [holder]) if holder is not None else None
    if holder_css is None:
        return
    source = "iframe" if embed.tag == "iframe" else "video"
    attr_source = {"css": [source, f"{source} source"] if source == "video" else source, "attr": "src", "type": "url"}
    title: dict[str, Any] = {"css": ["figcaption", f"{source}::attr(title)", "::attr(data-title)"]}
    spec: dict[str, Any] = {"css": holder_css}
    if len(root.css(holder_css)) > 1:
        spec["multiple"] = True
    spec["fields"] = {"embed_url": attr_source, "title": title}
    draft.fields["video"] = spec
