"""JSON-LD fields: which objects a path starts from, how paths walk lists, and the `jsonld` key."""

from __future__ import annotations

from parsel import Selector

from extractor.extract import explain, extract
from extractor.extract.jsonld import first_values, json_ld_nodes, path_values
from extractor.models import Snapshot
from extractor.sites import parse_site

URL = "https://news.example.org/2024/12/01/story"
GRAPH = """{"@context": "https://schema.org", "@graph": [
  {"@type": "WebSite", "name": "Example News", "url": "https://news.example.org/"},
  {"@type": "WebPage", "name": "Story page", "mainEntity": {"@type": "NewsArticle", "headline": "Dam &amp; river",
    "datePublished": "2024-12-01T14:05:00+07:00", "wordCount": 812,
    "image": {"@type": "ImageObject", "url": "https://news.example.org/lead.jpg"},
    "author": [{"@type": "Person", "name": "Ann Lee", "url": "https://news.example.org/ann"},
               {"@type": "Person", "name": "Bo \\u00d8stergaard"}]}}]}"""


def page(*blocks: str, body: str = "") -> str:
    scripts = "".join(f'<script type="application/ld+json">{block}</script>' for block in blocks)
    return f"<html><head>{scripts}</head><body>{body}</body></html>"


def nodes(*blocks: str) -> list[dict[str, object]]:
    return json_ld_nodes(Selector(text=page(*blocks)))


def test_graph_members_and_nested_typed_objects_are_nodes_in_document_order() -> None:
    found = nodes(GRAPH)
    types = [node.get("@type") for node in found]
    assert types[:4] == [None, "WebSite", "WebPage", "NewsArticle"]  # the block, then its graph, then nested
    assert first_values(found, "headline") == ["Dam & river"]  # entities unescaped


def test_a_path_walks_through_lists_and_an_object_reads_as_its_name_or_url() -> None:
    article = next(node for node in nodes(GRAPH) if node.get("@type") == "NewsArticle")
    assert path_values(article, "author") == ["Ann Lee", "Bo Østergaard"]
    assert path_values(article, "author.url") == ["https://news.example.org/ann"]
    assert path_values(article, "image") == ["https://news.example.org/lead.jpg"]
    assert path_values(article, "wordCount") == ["812"]
    assert path_values(article, "author.email") == []


def test_a_broken_block_is_skipped_and_lenient_json_is_read() -> None:
    lenient = "// a comment\n{'@type': 'Article', headline: 'Kept', }"
    wrapped = '<![CDATA[ {"@type": "Person", "name": "In CDATA"} ]]>'
    found = nodes("{ not json", lenient, wrapped)
    assert first_values(found, "headline") == ["Kept"]
    assert first_values(found, "name") == ["In CDATA"]


def run(fields: str, html: str, remove: str = "[]"):  # type: ignore[no-untyped-def]
    site = parse_site(f"site: t\nmatch: x\nremove: {remove}\nfields:\n{fields}")
    return extract(Snapshot(url=URL, final_url=URL, html=html), site)


def test_jsonld_comes_before_css_and_css_is_the_fallback() -> None:
    html = page(GRAPH, body='<p class="by">By Visible Name</p>')
    fields = (
        "  author: {jsonld: author, css: .by, join: ', '}\n  missing: {jsonld: editor, css: .by, regex: 'By (.+)'}\n"
    )
    data = run(fields, html).data
    assert data == {"author": "Ann Lee, Bo Østergaard", "missing": "Visible Name"}


def test_jsonld_values_take_multiple_type_and_regex() -> None:
    fields = (
        "  authors: {jsonld: author.name, multiple: true}\n"
        "  published: {jsonld: datePublished, type: datetime}\n"
        "  words: {jsonld: wordCount, type: int}\n"
        "  first: {jsonld: author, regex: '^(\\w+)'}\n"
    )
    data = run(fields, page(GRAPH)).data
    assert data == {
        "authors": ["Ann Lee", "Bo Østergaard"],
        "published": "2024-12-01T14:05:00+07:00",
        "words": 812,
        "first": "Ann",
    }


def test_remove_rules_do_not_hide_the_json_ld() -> None:
    assert run("  title: {jsonld: headline}\n", page(GRAPH), remove="[script]").data["title"] == "Dam & river"


def test_join_keeps_each_value_once_and_works_for_css_too() -> None:
    body = '<a class="au">Ann Lee</a><a class="au">Bo Chen</a><a class="au">Ann Lee</a>'
    assert run("  author: {css: a.au, join: ' & '}\n", page(body=body)).data["author"] == "Ann Lee & Bo Chen"


def test_required_jsonld_field_names_the_path_and_explain_traces_it() -> None:
    result = run("  editor: {jsonld: editor.name, required: true}\n", page(GRAPH))
    assert [issue.message for issue in result.errors] == ["required field 'editor' matched nothing (editor.name)"]
    site = parse_site("site: t\nmatch: x\nfields:\n  author: {jsonld: author, css: .by, join: ', '}\n")
    trace = explain(Snapshot(url=URL, final_url=URL, html=page(GRAPH)), site).fields[0]
    assert trace.tried == [("jsonld", "author", 2)] and trace.matched == "author"
    assert trace.raw == ["Ann Lee", "Bo Østergaard"]


def test_a_photo_credit_or_a_photos_date_never_stands_for_the_articles() -> None:
    photo = '{"@type": "ImageObject", "author": "Getty Images", "datePublished": "2019-03-02", "url": "/a.jpg"}'
    article = (
        '{"@type": ["NewsArticle"], "author": [{"@type": "Person", "name": "Ann Lee"}], "datePublished": "2024-12-01"}'
    )
    found = nodes(photo, article, photo)
    assert first_values(found, "author") == ["Ann Lee"]
    assert first_values(found, "datePublished") == ["2024-12-01"]
    assert first_values(found, "url") == ["/a.jpg"]  # what only a media object states is still read
    html = page(photo, article)
    site = parse_site("site: t\nmatch: ['*']\nfields:\n  author: {jsonld: author}\n")
    assert extract(Snapshot(url=URL, final_url=URL, html=html), site).data["author"] == "Ann Lee"
