"""Zero-config extraction: the generic article fields of a page that no selector file serves."""

from __future__ import annotations

from extractor.extract import extract
from extractor.models import Result, Snapshot
from extractor.sites import Site, parse_site
from extractor.suggest.detect import detect
from extractor.suggest.draft import build_draft

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


def generic_site(snapshot: Snapshot) -> Site:
    """A site for this one page, from article detection; generic selectors where detection found nothing."""
    draft = build_draft(detect(snapshot.html, snapshot.final_url), snapshot.final_url)
    fields = {}
    for name in GENERIC_FIELDS:
        detected = draft.fields.get(name)
        fields[name] = detected if detected is not None else _FALLBACK.fields[name].model_dump(exclude_defaults=True)
    for spec in fields.values():
        spec.pop("required", None)  # nothing is required of a page nobody described
    return Site.model_validate({"site": "generic", "match": ["*"], "remove": draft.remove, "fields": fields})


def extract_generic(snapshot: Snapshot) -> Result:
    """Title, author, published, body and lead image (plus media), with ``site`` null and ``generic`` true."""
    result = extract(snapshot, generic_site(snapshot))
    result.site = None
    result.generic = True
    return result
