"""Outline nodes on a page, labelled by field name, and save a screenshot."""

from __future__ import annotations

from pathlib import Path

from playwright.async_api import Page

MAX_NODES_PER_FIELD = 50
_COLORS = ["#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#42d4f4", "#f032e6", "#9a6324", "#800000", "#000075"]
_OUTLINE = """([items, colors]) => {
  items.forEach(({ label, paths }, index) => {
    const color = colors[index % colors.length];
    paths.forEach((path, n) => {
      const found = document.evaluate(path, document, null, XPathResult.FIRST_ORDERED_NODE_TYPE, null);
      const element = found.singleNodeValue;
      if (!element || !element.getBoundingClientRect) return;
      const rect = element.getBoundingClientRect();
      const box = document.createElement("div");
      box.style.cssText = `position:absolute;left:${rect.left + scrollX}px;top:${rect.top + scrollY}px;` +
        `width:${rect.width}px;height:${rect.height}px;outline:3px solid ${color};` +
        "z-index:2147483647;pointer-events:none;box-sizing:border-box;";
      if (n === 0) {
        const tag = document.createElement("span");
        tag.textContent = label;
        tag.style.cssText = `position:absolute;left:0;top:-20px;background:${color};color:#fff;` +
          "font:bold 13px sans-serif;padding:2px 6px;white-space:nowrap;";
        box.appendChild(tag);
      }
      document.body.appendChild(box);
    });
  });
}"""


async def highlight(page: Page, fields: dict[str, list[str]], destination: Path) -> int:
    """Outline each field's nodes (given as XPaths) and write a full-page PNG; returns nodes outlined."""
    items = [{"label": label, "paths": paths[:MAX_NODES_PER_FIELD]} for label, paths in fields.items() if paths]
    await page.evaluate(_OUTLINE, [items, _COLORS])
    await page.screenshot(path=str(destination), full_page=True)
    return sum(len(item["paths"]) for item in items)
