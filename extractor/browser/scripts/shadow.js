// The page's DOM as HTML with its open shadow roots in it, as declarative shadow DOM
// (<template shadowrootmode="open"> inside each host), so that CSS and XPath reach into them;
// null when the page has none (the caller then reads the DOM the ordinary way).
() => {
  const roots = [];
  const visit = (root) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.shadowRoot) {
        roots.push(node.shadowRoot);
        visit(node.shadowRoot);
      }
    }
  };
  visit(document);
  const html = document.documentElement;
  if (!roots.length || !html || typeof html.getHTML !== "function") return null;
  const quote = (value) => value.replace(/&/g, "&amp;").replace(/"/g, "&quot;");
  const attributes = [...html.attributes].map((a) => ` ${a.name}="${quote(a.value)}"`).join("");
  const doctype = document.doctype ? new XMLSerializer().serializeToString(document.doctype) : "";
  return `${doctype}<html${attributes}>${html.getHTML({ shadowRoots: roots })}</html>`;
}
