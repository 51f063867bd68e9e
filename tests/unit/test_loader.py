"""Selector files: the format key by key, and one clear error per kind of bad file."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.errors import SelectorFileError
from extractor.sites import load_site, parse_site

FULL = """\
site: warta
match:
  - "www.example.com/news/*"
render:
  wait_for: "h1.headline"
  scroll: auto
  click: ["button.load-more"]
  block: [image, font]
  timeout: 30
remove: ["p.baca-juga", ".ad-slot"]
fields:
  title: "h1.headline"
  published: {css: "time", attr: datetime, type: datetime}
  body: {css: "div.article-body > p", multiple: true, required: true}
  video:
    css: ".video-embed"
    fields:
      embed_url: {css: "iframe", attr: src, type: url}
      title: "figcaption"
"""


def error_of(text: str | bytes, name: str = "site.yaml") -> str:
    with pytest.raises(SelectorFileError) as caught:
        parse_site(text, name)
    return caught.value.message


def test_the_documented_example_loads_key_by_key() -> None:
    site = parse_site(FULL)
    assert site.name == "warta"
    assert site.match == ["www.example.com/news/*"]
    assert site.render.wait_for == "h1.headline"
    assert site.render.scroll == "auto"
    assert site.render.click == ["button.load-more"]
    assert site.render.block == ["image", "font"]
    assert site.render.timeout == 30
    assert site.remove == ["p.baca-juga", ".ad-slot"]
    assert site.fields["title"].css == ["h1.headline"]
    assert site.fields["published"].attr == "datetime"
    assert site.fields["published"].type == "datetime"
    assert site.fields["body"].multiple and site.fields["body"].required
    video = site.fields["video"].fields
    assert video is not None
    assert video["embed_url"].type == "url" and video["title"].css == ["figcaption"]


def test_defaults_when_render_is_left_out() -> None:
    site = parse_site("site: a\nmatch: x/*\nfields:\n  t: h1\n")
    assert site.render.scroll == "auto" and site.render.timeout == 30
    assert site.render.click == [] and site.render.block == []
    assert site.match == ["x/*"]


def test_alternatives_and_xpath() -> None:
    site = parse_site("site: a\nmatch: x\nfields:\n  t: [h1, h2]\n  u: {xpath: ['//a/@href', '//link/@href']}\n")
    assert site.fields["t"].selectors == [("css", "h1"), ("css", "h2")]
    assert site.fields["u"].selectors == [("xpath", "//a/@href"), ("xpath", "//link/@href")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("site: a\n match: x\nfields: {}\n", "site.yaml:2:7: YAML syntax"),
        ("site: a\nmatch: x\nfields:\n  t:\n    css: h1\n    atr: href\n", "site.yaml:6:5: fields.t: unknown key 'atr' (did you mean 'attr'?)"),
        ("site: a\nmatch: x\nrender:\n  scrol: none\nfields: {t: h1}\n", "site.yaml:4:3: render: unknown key 'scrol' (did you mean 'scroll'?)"),
        ("site: a\nmatch: x\nfields:\n  t: 'h1[['\n", "site.yaml:4:3: fields.t.css: invalid CSS selector 'h1[['"),
        ("site: a\nmatch: x\nfields:\n  t: {xpath: '//h1['}\n", "site.yaml:4:7: fields.t.xpath: invalid XPath '//h1['"),
        ("site: a\nmatch: x\nfields:\n  t: {css: h1, regex: '(ab'}\n", "site.yaml:4:16: fields.t.regex: invalid regex '(ab'"),
        ("site: a\nmatch: x\nfields:\n  t: {css: h1, type: number}\n", "site.yaml:4:16: fields.t.type: 'number' is not one of"),
        ("site: a\nmatch: x\nfields:\n  t: {css: h1, type: int, default: abc}\n", "site.yaml:4:3: fields.t: 'default' 'abc' does not fit type 'int'"),
        ("- a\n- b\n", "site.yaml:1:1: expected a mapping at the top"),
        ("site: a\nmatch: x\n", "site.yaml:1:1: missing required key 'fields'"),
        ("site: a\nfields: {t: h1}\n", "site.yaml:1:1: missing required key 'match'"),
        ("", "site.yaml: file is empty"),
        ("site: a\nmatch: x\nfields:\n  t: {attr: href}\n", "site.yaml:4:3: fields.t: a field needs 'css', 'xpath', 'jsonld' or 'state'"),
        ("site: a\nmatch: x\nfields:\n  t: {jsonld: 'author..name'}\n", "site.yaml:4:7: fields.t.jsonld: invalid JSON-LD path 'author..name'"),
        ("site: a\nmatch: x\nfields:\n  t: {jsonld: author, attr: href}\n", "fields.t: 'attr' reads an attribute of the nodes"),
        ("site: a\nmatch: x\nfields:\n  t: {css: a, join: ', ', multiple: true}\n", "fields.t: 'join' makes one string of all values"),
        ("site: a\nmatch: x\nfields:\n  t: {css: a, join: ', ', type: int}\n", "fields.t: 'join' makes one string: it cannot be combined with type 'int'"),
        ("site: a\nmatch: x\nfields:\n  t: {css: a, jsonld: x, fields: {u: b}}\n", "fields.t: 'jsonld' cannot be combined with nested 'fields'"),
        ("site: a\nmatch: x\nfields:\n  t:\n    jsonId: author\n", "site.yaml:5:5: fields.t: unknown key 'jsonId' (did you mean 'jsonld'?)"),
        ("site: a\nmatch: x\nrender: {scroll: sideways}\nfields: {t: h1}\n", "'sideways' is not one of: 'auto' or 'none'"),
        ("site: a\nmatch: x\nrender: {wait_for: 'div[['}\nfields: {t: h1}\n", "render.wait_for: invalid CSS selector"),
        ("site: !!python/object/apply:os.system ['true']\nmatch: x\nfields: {t: h1}\n", "site.yaml:1:7: YAML tag"),
        ("site: a\nmatch: x\nrender:\n  cookies:\n    - {name: a, value: b, domian: x}\nfields: {t: h1}\n", "site.yaml:5:27: render.cookies[0]: unknown key 'domian' (did you mean 'domain'?)"),
        ("site: a\nmatch: x\nrender: {viewport: {width: 390, heigth: 844}}\nfields: {t: h1}\n", "render.viewport: missing required key 'height'"),
        ("site: a\nmatch: x\nrender: {timezone: Jakarta}\nfields: {t: h1}\n", "render.timezone: 'Jakarta' is not an IANA time zone"),
        ("site: a\nmatch: x\nrender: {headers: {Cookie: a=b}}\nfields: {t: h1}\n", "render.headers: 'Cookie' cannot be set as a header (use 'cookies' for cookies)"),
        ("site: a\nmatch: x\nrender: {locale: english}\nfields: {t: h1}\n", "render.locale: 'english' is not a language tag"),
    ],
)
def test_bad_files_give_one_line_with_file_line_col(text: str, expected: str) -> None:
    message = error_of(text)
    assert message.startswith(expected) or expected in message, message
    assert "\n" not in message


def test_not_utf8_names_the_line() -> None:
    assert error_of(b"site: a\nmatch: x\nfields: {t: \xff\xfe}\n") == "site.yaml:3: not UTF-8 text"


def test_alias_bomb_is_refused() -> None:
    bomb = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
        f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]\n"
        for previous, name in zip("abcdefg", "bcdefgh", strict=False)
    )
    assert "alias bomb" in error_of(bomb)


def test_missing_and_oversized_files(tmp_path: Path) -> None:
    with pytest.raises(SelectorFileError, match="no such file"):
        load_site(tmp_path / "nope.yaml")
    big = tmp_path / "big.yaml"
    big.write_text("# " + "x" * 1_100_000)
    with pytest.raises(SelectorFileError, match="limited to 1 MB"):
        load_site(big)


def test_shipped_selector_files_are_valid() -> None:
    selectors = Path(__file__).parents[2] / "selectors"
    files = sorted(selectors.glob("*.yaml"))
    assert files, "the project ships selector files"
    for file in files:
        load_site(file)
    assert not (selectors / "__init__.py").exists()


def test_ten_megabyte_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    import time

    huge = tmp_path / "huge.yaml"
    huge.write_bytes(b"site: a\n" + b"# padding\n" * 1_000_000)
    started = time.monotonic()
    with pytest.raises(SelectorFileError, match=r"huge\.yaml: file is 10,000,008 bytes; selector files are limited to 1 MB"):
        load_site(huge)
    assert time.monotonic() - started < 0.5


def test_alias_bomb_is_refused_fast() -> None:
    import time

    bomb = "a: &a ['lol','lol','lol','lol','lol','lol','lol','lol','lol']\n" + "".join(
        f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]\n" for previous, name in zip("abcdefgh", "bcdefghi", strict=False)
    )
    started = time.monotonic()
    assert "alias bomb" in error_of(bomb)
    assert time.monotonic() - started < 2


@given(st.text(max_size=300))
@settings(max_examples=300, deadline=None)
def test_any_text_gives_a_site_or_a_clean_error(text: str) -> None:
    try:
        parse_site(text)
    except SelectorFileError as error:
        assert "\n" not in error.message


YAMLISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.sampled_from(
        ["site", "match", "fields", "render", "remove", "css", "xpath", "attr", "type", "multiple", "regex",
         "required", "default", "title", "wait_for", "scroll", "click", "block", "timeout", "x"]), children, max_size=5),
    max_leaves=20,
)


@given(YAMLISH)
@settings(max_examples=300, deadline=None)
def test_any_structure_gives_a_site_or_a_clean_error(document: object) -> None:
    import yaml

    try:
        parse_site(yaml.safe_dump(document))
    except SelectorFileError as error:
        assert error.message.startswith("<selectors>") and "\n" not in error.message


def test_control_characters_name_the_line() -> None:
    assert error_of("site: a\nmatch: x\nfields: {t: \x1f}\n") == "site.yaml:3: YAML syntax: character U+001F is not allowed"
