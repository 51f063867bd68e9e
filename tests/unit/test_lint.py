"""Linting selector files: every problem of a file with its line:col, overlaps between files, glob overlap."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.errors import SelectorFileError
from extractor.sites import parse_site
from extractor.sites.globs import glob_overlap
from extractor.sites.lint import collect_files, lint_file, lint_files, lint_source

REPO = Path(__file__).parents[2]

MANY_PROBLEMS = """\
site: shop
match: "https://shop.example/p/*"
render:
  scrol: none
  timeout: 0
  click: ["button.more", "a[[", "b[["]
remove: ["p[["]
fields:
  title: ["h1[[", "h1"]
  price: {css: .price, typ: int, regex: '(\\d+'}
  sku: {xpath: '//span[@', attr: 5}
  stock: {css: .stock, type: number}
  body: {css: p, multiple: maybe}
  title: h2
"""


def lines(text: str, name: str = "shop.yaml") -> list[str]:
    return [str(problem) for problem in lint_source(text, name)]


def test_an_xpath_remove_rule_is_checked_as_xpath() -> None:
    source = "site: s\nmatch: s.example/*\nremove: ['//p[@', '//p[@class]']\nfields:\n  title: h1\n"
    assert lines(source, "s.yaml") == ["s.yaml:3:10: remove[0]: invalid XPath '//p[@': Invalid expression"]


def test_every_problem_of_a_file_with_its_line_and_column() -> None:
    assert lines(MANY_PROBLEMS) == [
        "shop.yaml:2:8: match: pattern 'https://shop.example/p/*' never matches: URLs are matched without their scheme (write 'shop.example/p/*')",
        "shop.yaml:4:3: render: unknown key 'scrol' (did you mean 'scroll'?)",
        "shop.yaml:5:3: render.timeout: Input should be greater than 0",
        "shop.yaml:6:26: render.click[1]: invalid CSS selector 'a[[': Expected ident or '*', got <DELIM '[' at 2>",
        "shop.yaml:6:33: render.click[2]: invalid CSS selector 'b[[': Expected ident or '*', got <DELIM '[' at 2>",
        "shop.yaml:7:10: remove[0]: invalid CSS selector 'p[[': Expected ident or '*', got <DELIM '[' at 2>",
        "shop.yaml:10:24: fields.price: unknown key 'typ' (did you mean 'type'?)",
        r"shop.yaml:10:34: fields.price.regex: invalid regex '(\\d+': missing ), unterminated subpattern at position 0",
        "shop.yaml:11:9: fields.sku.xpath: invalid XPath '//span[@': Invalid expression",
        "shop.yaml:11:28: fields.sku.attr: Input should be a valid string",
        "shop.yaml:12:24: fields.stock.type: 'number' is not one of: 'text', 'html', 'int', 'float', 'url' or 'datetime'",
        "shop.yaml:13:18: fields.body.multiple: Input should be a valid boolean, unable to interpret input",
        "shop.yaml:14:3: fields: duplicate key 'title' (first at line 9); only the last one is used",
    ]


def test_each_bad_alternative_of_a_list_is_reported_where_it_is_written() -> None:
    text = "site: a\nmatch: x\nfields:\n  t: ['h1[[', 'h2', 'h3]]']\n  u: {css: ['ok', 'p >> a']}\n"
    assert [line.split(": invalid")[0] for line in lines(text, "a.yaml")] == [
        "a.yaml:4:7: fields.t.css[0]",
        "a.yaml:4:21: fields.t.css[2]",
        "a.yaml:5:19: fields.u.css[1]",
    ]


def test_missing_keys_and_field_rules_are_all_reported() -> None:
    text = (
        "match: x\nfields:\n  a: {attr: href}\n  b: {css: h1, xpath: //h1}\n  c: {css: h1, type: int, default: none}\n"
    )
    assert lines(text, "a.yaml") == [
        "a.yaml:1:1: missing required key 'site'",
        "a.yaml:3:3: fields.a: a field needs 'css', 'xpath', 'jsonld' or 'state'",
        "a.yaml:4:3: fields.b: use 'css' or 'xpath', not both",
        "a.yaml:5:3: fields.c: 'default' 'none' does not fit type 'int' (expected int)",
    ]


def test_yaml_syntax_stops_the_file_at_the_first_problem() -> None:
    assert lines("site: a\n match: x\nfields: {t: 'h1[['}\n", "a.yaml") == [
        "a.yaml:2:7: YAML syntax: mapping values are not allowed here"
    ]
    assert lines("site: !!python/name:os.system a\n", "a.yaml") == [
        "a.yaml:1:7: YAML tag 'tag:yaml.org,2002:python/name:os.system' is not allowed"
    ]


def test_file_level_problems(tmp_path: Path) -> None:
    assert lines("", "a.yaml") == ["a.yaml: file is empty; expected a mapping with site, match and fields"]
    assert lines("- a\n", "a.yaml") == ["a.yaml:1:1: expected a mapping at the top (site, match, fields), found a list"]
    assert [str(p) for p in lint_file(tmp_path / "nope.yaml")] == [f"{tmp_path}/nope.yaml: no such file"]
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes(b"site: a\nmatch: caf\xe9\n")
    assert [str(p) for p in lint_file(bad)] == [f"{bad}:2: not UTF-8 text"]


def test_a_valid_file_has_no_problems() -> None:
    assert (
        lint_source("site: a\nmatch: [x/*, y/*]\nfields:\n  t: h1\n  v: {css: .v, fields: {u: {css: a, attr: href}}}\n")
        == []
    )


def write(folder: Path, name: str, match: str) -> Path:
    path = folder / name
    path.write_text(f"site: {path.stem}\nmatch:\n  - {match}\nfields:\n  t: h1\n")
    return path


def test_overlapping_patterns_of_two_files_name_both(tmp_path: Path) -> None:
    general = write(tmp_path, "a.yaml", "'www.shop.example/*'")
    specific = write(tmp_path, "b.yaml", "'www.shop.example/p/*'")
    other = write(tmp_path, "c.yaml", "'m.shop.example/*'")
    assert [str(problem) for problem in lint_files(collect_files([tmp_path]))] == [
        f"{specific}:3:5: match[0]: pattern 'www.shop.example/p/*' overlaps 'www.shop.example/*' in {general}:3:5: "
        "both match e.g. 'www.shop.example/p/'; this file wins there (longer pattern)"
    ]
    assert lint_files([general, other]) == []


def test_identical_patterns_are_reported_once(tmp_path: Path) -> None:
    first = write(tmp_path, "a.yaml", "'x.example/*'")
    second = write(tmp_path, "b.yaml", "'x.example/*'")
    assert [str(problem) for problem in lint_files([second, first])] == [
        f"{first}:3:5: match[0]: pattern 'x.example/*' is also in {second}:3:5; a.yaml wins (sorted first)"
    ]


def test_files_in_different_folders_do_not_compete(tmp_path: Path) -> None:
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    files = [write(tmp_path / "one", "a.yaml", "'x.example/*'"), write(tmp_path / "two", "a.yaml", "'x.example/*'")]
    assert lint_files(files) == []


@pytest.mark.parametrize(
    ("first", "second", "example"),
    [
        ("www.x.com/*", "www.x.com/*", "www.x.com/"),
        ("www.x.com/*", "www.x.com/news/*", "www.x.com/news/"),
        ("*.x.com/*", "www.x.com/a", "www.x.com/a"),
        ("x.com/*/*", "x.com/news/1", "x.com/news/1"),
        ("a?c", "a[bd]c", "abc"),
        ("a[0-4]", "a[!0-3]", "a4"),
        ("a*b*c", "*c*a*", "abcac"),
        ("www.x.com/*", "m.x.com/*", None),
        ("a[!b]c", "abc", None),
        ("x.com/news/*", "x.com/video/*", None),
        ("a[", "ab", None),  # an unclosed '[' is a literal for fnmatch
        ("[z-a]", "*", None),  # an empty range matches nothing
        ("*/news/*", "www.x.com/*", "www.x.com/news/"),
        ("*news*", "www.x.com/*", "www.x.com/news"),  # no '/': the star may cross one
        # before the first '/', '*' and '?' are part of a host name: 'a.com//.b.com/' is no URL
        ("*.detik.com/*/d-*", "www.cnbcindonesia.com/*/*", None),
        ("?.b.com/*", "a/.b.com/*", None),
    ],
)
def test_glob_overlap_is_exact_and_gives_an_example(first: str, second: str, example: str | None) -> None:
    import fnmatch

    found = glob_overlap(first, second)
    assert found == example
    assert (glob_overlap(second, first) is None) == (example is None)
    if found is not None:
        assert fnmatch.fnmatchcase(found, first) and fnmatch.fnmatchcase(found, second)


def test_the_shipped_selector_files_pass() -> None:
    files = collect_files([REPO / "selectors"])
    assert files and lint_files(files) == []


@pytest.mark.parametrize(
    "text",
    [
        "site: a\nmatch: x\nfields:\n  t: {csss: h1}\n",
        "site: a\nmatch: x\nrender: {scrol: none}\nfields:\n  t: h1\n",
        "site: a\nmatch: x\nfields:\n  t: {css: h1, type: intt}\n",
        "site: a\nmatch: x\n",
        "site: a\n match: x\n",
        "",
        "- a\n- b\n",
        "site: a\nmatch: x\nfields:\n  t: {xpath: '//a['}\n",
    ],
)
def test_load_stops_at_the_first_problem_that_lint_reports_in_the_same_words(text: str) -> None:
    with pytest.raises(SelectorFileError) as caught:
        parse_site(text, "shop.yaml")
    assert lines(text)[0] == caught.value.message


def test_a_duplicate_key_inside_an_alias_is_reported_once() -> None:
    text = "site: a\nmatch: x\nfields:\n  t: &shared {css: h1, css: h2}\n  u: *shared\n"
    assert lines(text) == ["shop.yaml:4:24: fields.t: duplicate key 'css' (first at line 4); only the last one is used"]
