"""The extraction stage on HTML strings: every field key, remove rules, fallbacks, errors."""

from __future__ import annotations

from extractor.extract import extract
from extractor.models import Issue, Snapshot
from extractor.sites import parse_site

PAGE = """<html><head><base href="/shop/"><meta property="og:title" content="OG Title"></head><body>
<h1 id="name">  Kopi <b>Gayo</b>
 Arabika </h1>
<span class="sku">SKU: KG-250-A</span>
<div class="desc"><p>Para 1 with <b>bold</b> text.</p><div class="ad-slot">Iklan</div>
<p class="baca-juga">Baca juga: lain</p><p>Para 2.</p><p>  </p></div>
<span class="price">Rp 26.500</span><span class="bad">tidak ada</span>
<a class="shop" href="gayo?ref=1">Toko</a><a class="js" href="javascript:void(0)">x</a>
<time datetime="2024-12-01T14:15:00+07:00">1 Des</time>
<div class="variant"><span class="n">250 g</span><span class="p">Rp 26.500</span></div>
<div class="variant"><span class="n">1 kg</span></div>
<figure class="video"><iframe src="https://www.youtube.com/embed/abc"></iframe><figcaption>Launch</figcaption></figure>
</body></html>"""


def run(fields_yaml: str, html: str = PAGE, remove: str = "[]"):  # type: ignore[no-untyped-def]
    site = parse_site(f"site: t\nmatch: x\nremove: {remove}\nfields:\n{fields_yaml}")
    return extract(Snapshot(url="https://shop.example/p/1", final_url="https://shop.example/p/1", html=html), site)


def test_text_shorthand_collapses_whitespace() -> None:
    assert run("  name: '#name'\n").data == {"name": "Kopi Gayo Arabika"}


def test_attr_type_url_uses_base_href() -> None:
    assert run("  shop: {css: a.shop, attr: href, type: url}\n").data["shop"] == "https://shop.example/shop/gayo?ref=1"


def test_multiple_drops_empty_and_remove_drops_nodes_first() -> None:
    result = run("  body: {css: '.desc p', multiple: true}\n", remove="['.ad-slot', '.baca-juga']")
    assert result.data["body"] == ["Para 1 with bold text.", "Para 2."]
    kept = run("  body: {css: '.desc p', multiple: true}\n")
    assert "Baca juga: lain" in kept.data["body"]


def test_remove_rules_may_be_xpath_for_what_only_text_names() -> None:
    rule = "//div[@class='desc']//p[starts-with(normalize-space(.), 'Baca juga')]"
    result = run("  body: {css: '.desc p', multiple: true}\n", remove=f'["{rule}", ".ad-slot"]')
    assert result.data["body"] == ["Para 1 with bold text.", "Para 2."]


def test_html_type_is_outer_html() -> None:
    assert run("  sku: {css: .sku, type: html}\n").data["sku"] == '<span class="sku">SKU: KG-250-A</span>'


def test_regex_takes_the_first_group_or_the_whole_match() -> None:
    data = run("  sku: {css: .sku, regex: 'SKU: (\\S+)'}\n  size: {css: .sku, regex: '\\d+'}\n").data
    assert data == {"sku": "KG-250-A", "size": "250"}


def test_int_and_datetime_types() -> None:
    data = run("  price: {css: .price, type: int}\n  at: {css: time, attr: datetime, type: datetime}\n").data
    assert data == {"price": 26500, "at": "2024-12-01T14:15:00+07:00"}


def test_alternatives_first_that_matches_wins() -> None:
    data = run("  title: {css: ['h2.missing', 'h1', 'title']}\n  og: {xpath: ['//x', '//meta[@property=\"og:title\"]/@content']}\n").data
    assert data == {"title": "Kopi Gayo Arabika", "og": "OG Title"}


def test_nested_fields_single_and_multiple() -> None:
    data = run(
        "  video:\n    css: figure.video\n    fields:\n      url: {css: iframe, attr: src, type: url}\n      title: figcaption\n"
        "  variants:\n    css: .variant\n    multiple: true\n    fields:\n      name: .n\n      price: {css: .p, type: int}\n"
    ).data
    assert data["video"] == {"url": "https://www.youtube.com/embed/abc", "title": "Launch"}
    assert data["variants"] == [{"name": "250 g", "price": 26500}, {"name": "1 kg", "price": None}]


def test_missing_optional_is_null_or_empty_list_and_default_applies() -> None:
    data = run("  a: .nope\n  b: {css: .nope, multiple: true}\n  c: {css: .nope, default: n/a}\n").data
    assert data == {"a": None, "b": [], "c": "n/a"}


def test_required_missing_is_an_error_but_other_fields_survive() -> None:
    result = run("  name: '#name'\n  body: {css: article p, required: true}\n")
    assert result.data["name"] == "Kopi Gayo Arabika"
    assert result.missing_required
    assert result.errors == [Issue("required", "required field 'body' matched nothing (article p)", "body")]


def test_conversion_errors_name_field_and_raw_value() -> None:
    result = run("  bad: {css: .bad, type: int}\n  js: {css: a.js, attr: href, type: url}\n  price: {css: .price, type: int}\n")
    assert result.data == {"bad": None, "js": None, "price": 26500}
    assert [(e.field, e.kind, e.raw) for e in result.errors] == [("bad", "value", "tidak ada"), ("js", "value", "javascript:void(0)")]
    assert "field 'bad': no digits" in result.errors[0].message


def test_nested_error_paths() -> None:
    result = run("  v:\n    css: .variant\n    multiple: true\n    fields:\n      n: {css: .n, type: int, required: true}\n")
    assert result.data["v"] == [{"n": 250}, {"n": 1}]
    result = run("  v:\n    css: .variant\n    multiple: true\n    fields:\n      p: {css: .p, required: true}\n")
    assert [e.field for e in result.errors] == ["v[1].p"]


def test_media_is_reported_whatever_the_fields_say() -> None:
    result = run("  name: '#name'\n")
    assert [(m.url, m.kind, m.provider, m.title) for m in result.media] == [
        ("https://www.youtube.com/embed/abc", "embed", "youtube", "Launch")
    ]


def test_page_issues_from_the_snapshot_are_kept() -> None:
    site = parse_site("site: t\nmatch: x\nfields:\n  name: h1\n")
    snapshot = Snapshot(
        url="u", final_url="u", html="<h1>Partial</h1>",
        issues=[Issue("timeout", "u: timed out"), Issue("bound", "scrolling stopped")],
    )
    result = extract(snapshot, site)
    assert result.data == {"name": "Partial"}
    assert result.page_failed and [w.kind for w in result.warnings] == ["bound"]


def test_explain_says_what_was_tried_matched_and_removed() -> None:
    from extractor.extract import explain

    site = parse_site(
        "site: t\nmatch: x\nremove: ['.ad-slot', '.nothing']\nfields:\n"
        "  title: {css: ['h2.missing', 'h1']}\n  price: {css: .price, type: int}\n  bad: {css: .bad, type: int}\n"
    )
    explanation = explain(Snapshot(url="u", final_url="https://shop.example/p/1", html=PAGE), site)
    traces = {trace.path: trace for trace in explanation.fields}
    assert traces["title"].tried == [("css", "h2.missing", 0), ("css", "h1", 1)]
    assert traces["title"].matched == "h1" and traces["title"].value == "Kopi Gayo Arabika"
    assert traces["title"].node_paths == ["/html/body/h1"]
    assert traces["price"].raw == ["Rp 26.500"] and traces["price"].value == 26500
    assert traces["bad"].raw == ["tidak ada"] and traces["bad"].value is None
    assert explanation.removed == {".ad-slot": 1, ".nothing": 0}
    assert explanation.result.data["title"] == "Kopi Gayo Arabika"


def test_differences_name_the_field_path() -> None:
    from extractor.recording.compare import MISSING, Difference, differences

    expected = {"data": {"title": "A", "body": ["x", "y"], "video": {"url": "u"}}, "media": [], "errors": []}
    actual = {"data": {"title": "A", "body": ["x", "z"], "video": None, "new": 1}, "media": [], "errors": []}
    assert differences(expected, actual) == [
        Difference("data.body[1]", "y", "z"),
        Difference("data.video", {"url": "u"}, None),
        Difference("data.new", MISSING, 1),
    ]
    assert differences(expected, expected) == []


def test_xpath_results_that_are_not_elements() -> None:
    data = run(
        "  count: {xpath: 'count(//div[@class=\"variant\"])', type: int}\n"
        "  has_video: {xpath: 'boolean(//iframe)'}\n"
        "  heading: {xpath: 'normalize-space(//h1)'}\n"
        "  first_link: {xpath: '//a[@class=\"shop\"]/@href', attr: href}\n"
    ).data
    assert data == {"count": 2, "has_video": "true", "heading": "Kopi Gayo Arabika", "first_link": "gayo?ref=1"}
