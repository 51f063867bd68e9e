"""Embedded state (a field's `state` key): which scripts are states, how paths walk them, and the key."""

from __future__ import annotations

import pytest
from parsel import Selector

from extractor.errors import SelectorFileError, UsageError
from extractor.extract import extract
from extractor.extract.probe import probe
from extractor.extract.state import embedded_states, state_values
from extractor.models import Snapshot
from extractor.sites import parse_site

URL = "https://shop.example/p/kopi-gayo"
NEXT = """<script id="__NEXT_DATA__" type="application/json">{"props": {"pageProps": {"product":
  {"name": "Kopi Gayo 250 g", "price": 26500, "tags": ["coffee", "aceh"],
   "reviews": [{"user": "sari", "stars": 5}, {"user": "budi", "stars": 4}]}}}, "page": "/p/[slug]"}</script>"""
STORE = """<script>
  window.__INITIAL_STATE__ = {"article": {"title": "Braces } and \\"quotes\\" { inside", "id": 7}};
  window["__APOLLO_STATE__"] = {'Article:7': {title: 'single quotes, unquoted keys', }};
  var config = JSON.parse("{\\"region\\": \\"id-JK\\", \\"flags\\": [1, 2]}");
  window.__NUXT__ = (function (a, b) { return {data: [{title: a}]}; }("made by code", 2));
  const notState = computeIt();
</script>"""


def page(*scripts: str, body: str = "<h1>Kopi Gayo (from the DOM)</h1>") -> str:
    return f"<html><head>{''.join(scripts)}</head><body>{body}</body></html>"


def states(*scripts: str) -> dict[str, object]:
    return embedded_states(Selector(text=page(*scripts)))


def test_json_scripts_with_an_id_and_assignments_of_literals_are_states() -> None:
    found = states(NEXT, STORE)
    assert set(found) == {"__NEXT_DATA__", "__INITIAL_STATE__", "__APOLLO_STATE__", "config"}
    assert state_values(found, "__INITIAL_STATE__.article.title") == ['Braces } and "quotes" { inside']
    assert state_values(found, "__APOLLO_STATE__.Article:7.title") == ["single quotes, unquoted keys"]
    assert state_values(found, "config.region") == ["id-JK"]  # JSON.parse of a string literal


def test_state_built_by_running_code_is_not_read() -> None:
    assert "__NUXT__" not in states(STORE) and "notState" not in states(STORE)


def test_paths_walk_lists_and_a_number_picks_one_item() -> None:
    found = states(NEXT)
    product = "__NEXT_DATA__.props.pageProps.product"
    assert state_values(found, f"{product}.reviews.user") == ["sari", "budi"]
    assert state_values(found, f"{product}.reviews.1.user") == ["budi"]
    assert state_values(found, f"{product}.tags") == ["coffee", "aceh"]
    assert state_values(found, f"{product}.price") == ["26500"]
    assert state_values(found, f"{product}.missing") == [] and state_values(found, "__NOPE__.x") == []


def test_the_state_key_reads_typed_values_and_falls_back_to_the_dom() -> None:
    site = parse_site(
        "site: shop\nmatch: x\nfields:\n"
        "  name: {state: __NEXT_DATA__.props.pageProps.product.name, css: h1}\n"
        "  price: {state: __NEXT_DATA__.props.pageProps.product.price, type: int}\n"
        "  tags: {state: __NEXT_DATA__.props.pageProps.product.tags, multiple: true}\n"
        "  fallback: {state: __NEXT_DATA__.props.pageProps.product.brand, css: h1}\n"
    )
    result = extract(Snapshot(url=URL, final_url=URL, html=page(NEXT)), site)
    assert result.data == {
        "name": "Kopi Gayo 250 g",  # the state comes before the DOM
        "price": 26500,
        "tags": ["coffee", "aceh"],
        "fallback": "Kopi Gayo (from the DOM)",  # no such key in the state: the css alternative
    }
    assert result.errors == []


def test_a_state_field_survives_remove_rules_that_drop_scripts() -> None:
    site = parse_site("site: s\nmatch: x\nremove: [script]\nfields:\n  id: {state: __INITIAL_STATE__.article.id}\n")
    assert extract(Snapshot(url=URL, final_url=URL, html=page(STORE)), site).data == {"id": "7"}


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("{state: ''}", "invalid state path ''"),
        ("{state: 'a..b'}", "invalid state path 'a..b'"),
        ("{state: __X__.a, attr: href}", "'jsonld' and 'state' have none"),
        ("{state: __X__.a, fields: {b: p}}", "'state' cannot be combined with nested 'fields'"),
    ],
)
def test_bad_state_keys_name_the_field(field: str, message: str) -> None:
    with pytest.raises(SelectorFileError, match=message):
        parse_site(f"site: s\nmatch: x\nfields:\n  t: {field}\n", "s.yaml")


def test_try_reads_a_state_path_as_a_field_would() -> None:
    snapshot = Snapshot(url=URL, final_url=URL, html=page(NEXT))
    found = probe(snapshot, "state", "__NEXT_DATA__.props.pageProps.product.reviews.stars", type_="int")
    assert [node.label for node in found.nodes] == ["state __NEXT_DATA__"] * 2
    assert found.values == [5, 4] and found.first == 5
    with pytest.raises(UsageError, match="invalid state path"):
        probe(snapshot, "state", "__NEXT_DATA__..props")
