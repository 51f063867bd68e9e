"""Every key of the selector format on a rendered page (tests/site/pages/format)."""

from __future__ import annotations

from extractor.api import extract_page
from extractor.browser import Browser
from extractor.sites import parse_site

FORMAT_SITE = """\
site: toko
match: ["127.0.0.1*/format*"]
render:
  wait_for: "#name"
  scroll: none
  block: [image, font]
  timeout: 20
remove: [".desc .ad-slot", ".desc .baca-juga"]
fields:
  name: "#name"
  og_title: {xpath: "//meta[@property='og:title']/@content"}
  sku: {css: .sku, regex: 'SKU:\\s*(\\S+)'}
  price: {css: .price, type: int, required: true}
  rating: {css: .rating, type: float}
  grams: {css: .weight, regex: '\\d+', type: int}
  shop: {css: a.shop, attr: href, type: url}
  posted: {css: time.posted, attr: datetime, type: datetime}
  updated: {css: .updated, type: datetime}
  description: {css: .desc, type: html}
  paragraphs: {css: .desc p, multiple: true}
  tags: {css: ul.tags li, multiple: true}
  subtitle: {css: [h2.subtitle, .missing], default: "-"}
  variants:
    css: .variant
    multiple: true
    fields:
      name: .v-name
      price: {css: .v-price, type: int}
      stock: {css: .v-stock, type: int, default: 0}
  availability: {css: .bad-number, type: int}
  js_link: {css: a.js-link, attr: href, type: url}
"""


async def test_every_key_on_a_rendered_page(browser: Browser, site_url: str) -> None:
    result = await extract_page(browser, site_url + "/format", parse_site(FORMAT_SITE))
    data = result.data
    assert data["name"] == "Kopi Gayo Arabika"
    assert data["og_title"] == "Kopi Gayo Arabika 250g"
    assert data["sku"] == "KG-250-A"
    assert data["price"] == 26500
    assert data["rating"] == 4.5
    assert data["grams"] == 250
    assert data["shop"] == site_url + "/shops/gayo-coffee?ref=list"
    assert data["posted"] == "2024-12-01T14:15:00+07:00"
    assert data["updated"] == "2024-12-01T14:05:00+07:00"
    assert data["description"].startswith('<div class="desc"><p>Para 1 with <b>bold</b> text.</p>')
    assert "Iklan" not in data["description"] and "Baca juga" not in data["description"]
    assert data["paragraphs"] == ["Para 1 with bold text.", "Para 2."]
    assert data["tags"] == ["kopi", "arabika", "aceh"]
    assert data["subtitle"] == "-"
    assert data["variants"] == [
        {"name": "250 g", "price": 26500, "stock": 12},
        {"name": "500 g", "price": 49000, "stock": 5},
        {"name": "1 kg", "price": 92500, "stock": 0},
    ]
    assert data["availability"] is None and data["js_link"] is None
    assert [(e.field, e.raw) for e in result.errors] == [("availability", "tidak tersedia"), ("js_link", "javascript:void(0)")]
    assert not result.missing_required and not result.page_failed
