"""Zero-config extraction: the generic article fields of a page that no selector file serves."""

from __future__ import annotations

import dataclasses

from extractor.extract import extract
from extractor.models import Issue, IssueKind, Result, Snapshot
from extractor.reference.trafilatura import trafilatura_text
from extractor.sites import Site, parse_site
from extractor.suggest.agreement import backed_paragraphs
from extractor.suggest.body import BOILERPLATE_TEXT, words
from extractor.suggest.detect import Detection, detect
from extractor.suggest.draft import build_draft
from extractor.suggest.references import References, word_recall
from extractor.suggest.unseen import without_unseen

GENERIC_FIELDS = ("title", "author", "published", "body", "image")
_FALLBACK = parse_site(
    """\
site: generic
match: ["*"]
fields:
  title: {css: ["meta[property='og:title']::attr(content)", "h1", "title"]}
  author: {css: ["meta[name='author']::attr(content)", "[rel='author']", ".byline", ".author"]}
  published: {css: ["meta[property='article:published_time']::attr(content)", "time::attr(datetime)"], type: datetime}
  body: {css: ["article p", "main p", "[itemprop='articleBody'] p", "body"], multiple: true}
  image: {css: ["meta[property='og:image']::attr(content)"], type: url}
""",
    "<generic>",
)


def generic_site(snapshot: Snapshot, found: Detection | None = None) -> Site:
    """A site for this one page, from article detection; generic selectors where detection found nothing."""
    draft = build_draft(found or detect(snapshot.html, snapshot.final_url), snapshot.final_url)
    fields = {}
    for name in GENERIC_FIELDS:
        detected = draft.fields.get(name)
        fields[name] = detected if detected is not None else _FALLBACK.fields[name].model_dump(exclude_defaults=True)
    for spec in fields.values():
        spec.pop("required", None)  # nothing is required of a page nobody described
    return Site.model_validate({"site": "generic", "match": ["*"], "remove": draft.remove, "fields": fields})


def extract_generic(snapshot: Snapshot) -> Result:
    """Title, author, published, body and lead image (plus media), with ``site`` null and ``generic`` true.

    The body is the article's blocks as the reference extractors found them (``references``),
    read from the DOM; the drafted selectors read it only when the references found nothing. (On
    both corpora the references' blocks scored higher than the selectors drafted from them, which
    reach a little wider or narrower.) The date is detection's (``_detected_date``). A body that
    agrees little with what a reference found (``references.DISAGREEMENT``) gets a warning that
    says so. The rendered DOM is read unless it lost the article that the HTML the server sent
    holds (``_article_view``). Elements that the page's markup hides are not read (``unseen``).
    """
    snapshot = _seen(snapshot)
    found = detect(snapshot.html, snapshot.final_url)
    view, lost = _article_view(snapshot, found.references)
    if view is not snapshot:
        view = _seen(view)
        found = detect(view.html, view.final_url)
    result = extract(view, generic_site(view, found))
    result.site = None
    result.generic = True
    _reference_body(result, found.references)
    _detected_date(result, found.published)
    if lost:
        result.warnings.append(Issue(IssueKind.SOURCE, lost, field="body"))
    return result


def _seen(snapshot: Snapshot) -> Snapshot:
    """The snapshot without the elements its markup hides (itself when there are none to leave out)."""
    seen = without_unseen(snapshot.html)
    return snapshot if seen is None else dataclasses.replace(snapshot, html=seen)


KEPT = 0.5  # share of the served article's words that the rendered page must still hold


def _article_view(snapshot: Snapshot, rendered: References) -> tuple[Snapshot, str | None]:
    """The rendered page, or the HTML the server sent when the rendered page lost the article.

    Lost: the article that trafilatura finds in the server's HTML is longer than the rendered page's,
    and for the most part (``KEPT``) not in it (a script put a shell, an error or a wall in its
    place, or the site's scripts failed). Returns the view and, for the server's HTML, why it was
    taken.
    """
    source = snapshot.source_html
    if not source or source == snapshot.html:
        return snapshot, None
    served = trafilatura_text(source, snapshot.final_url)  # a first look: the view taken is detected in full
    served_words = words(served).split()
    if len(served_words) <= len(words(rendered.text).split()):
        return snapshot, None  # the rendered page holds as much article, or more
    kept = word_recall(rendered.text, served)
    if kept >= KEPT:
        return snapshot, None
    reason = (
        f"read from the HTML the server sent: the rendered page held {kept:.0%} of its article "
        f"({len(served_words)} words)"
    )
    return dataclasses.replace(snapshot, html=source), reason


def _reference_body(result: Result, references: References) -> None:
    """The references' blocks as the body, when there are any; a warning for each reference it
    agrees little with (``warn_if_disagreeing``)."""
    paragraphs = [text for text in references.completed() if not BOILERPLATE_TEXT.match(text)]  # "Baca juga:"
    paragraphs = backed_paragraphs(paragraphs, references.readability, references.justext)
    if paragraphs:
        result.data["body"] = paragraphs
        result.errors = [issue for issue in result.errors if issue.field != "body"]
    warn_if_disagreeing(result, references)


def warn_if_disagreeing(result: Result, references: References) -> None:
    """A ``disagreement`` warning on the result for each reference extractor whose text its body
    agrees little with (``references.DISAGREEMENT``)."""
    body = result.data.get("body")
    text = "\n".join(body) if isinstance(body, list) else str(body or "")
    disagreeing = references.disagreements(text)
    if disagreeing:
        scores = ", ".join(f"{name} {score:.2f}" for name, score in disagreeing)
        message = f"the body agrees little with what {' and '.join(name for name, _ in disagreeing)} found"
        result.warnings.append(Issue(IssueKind.DISAGREEMENT, f"{message} (word F1: {scores})", field="body"))


def _detected_date(result: Result, published: str | None) -> None:
    """The date that detection chose (JSON-LD's, else htmldate's, else a meta tag's), unless the
    drafted selectors read the same day (with its time, which htmldate may leave out)."""
    if published is None:
        return
    read = result.data.get("published")
    if not isinstance(read, str) or read[:10] != published[:10]:
        result.data["published"] = published
        result.errors = [issue for issue in result.errors if issue.field != "published"]
