"""Writing a proven fix into a selector file: only the healed fields' lines change; comments, key
order, quoting and the other fields stay as the author wrote them."""

from __future__ import annotations

import pytest

from extractor.errors import SelectorFileError
from extractor.heal.patch import patch_source, unified_diff
from extractor.sites import parse_site

SOURCE = """# berita.example: articles
site: berita   # the name
match: ["berita.example/*"]
fields:
  title:
    css: ['h1.judul', "meta[property='og:title']::attr(content)"]  # visible first
    required: true
  author: "div.penulis"
  body:
    # paragraphs only
    xpath: "//div[@class='isi']/p"
    multiple: true
"""


def test_only_the_healed_fields_change() -> None:
    changes = {
        "title": ("css", ["h1.headline", "h1.judul", "meta[property='og:title']::attr(content)"]),
        "author": ("css", ["a.byline__name", "div.penulis"]),
        "body": ("xpath", ["//section/p", "//div[@class='isi']/p"]),
    }
    patched = patch_source(SOURCE, "berita.yaml", changes)
    diff = unified_diff(SOURCE, patched, "berita.yaml")
    lines = diff.splitlines()[2:]  # after the two file headers
    assert sum(line.startswith("-") for line in lines) == 3 and sum(line.startswith("+") for line in lines) == 3
    assert (
        """    css: ['h1.headline', 'h1.judul', "meta[property='og:title']::attr(content)"] # visible first"""
        in patched
    )
    assert '  author: ["a.byline__name", "div.penulis"]' in patched  # the shorthand stays a shorthand
    assert "    # paragraphs only\n" in patched and patched.startswith(
        "# berita.example: articles\nsite: berita   # the name"
    )
    site = parse_site(patched, "berita.yaml")
    assert site.fields["title"].css == changes["title"][1] and site.fields["body"].xpath == changes["body"][1]
    assert site.fields["author"].css == changes["author"][1] and site.fields["body"].multiple


def test_a_file_without_the_field_is_refused_by_name() -> None:
    with pytest.raises(SelectorFileError) as raised:
        patch_source(SOURCE, "berita.yaml", {"missing": ("css", ["h2"])})
    assert raised.value.message == "berita.yaml: field 'missing' has no css to patch"


def test_a_field_inside_another_is_patched_in_place() -> None:
    source = 'site: s\nmatch: x\nfields:\n  video:\n    css: "div.embed"\n    fields:\n      title: ["figcaption", "iframe::attr(title)"]  # caption first\n'
    patched = patch_source(source, "s.yaml", {"video.title": ("css", ["div.video-caption", "figcaption", "iframe::attr(title)"])})
    assert patched == source.replace('["figcaption",', '["div.video-caption", "figcaption",').replace("]  # caption", "] # caption")
    assert parse_site(patched, "s.yaml").fields["video"].fields["title"].css[0] == "div.video-caption"  # type: ignore[index]
