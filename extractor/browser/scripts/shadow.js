// The page's DOM as HTML with what its ordinary serialization leaves out:
// - its open shadow roots, as declarative shadow DOM (<template shadowrootmode="open"> inside each
//   host), so that CSS and XPath reach into them;
// - the documents of its same-origin frames (those whose contentDocument the page can read), serialized
//   the same way, with their own frames. Each <iframe>/<frame> read gets data-extractor-frame="N", N its
//   index in `frames`: written into the serialized HTML, never into the live DOM. A cross-origin frame
//   costs one property read (its contentDocument is null); a frame not loaded yet (an empty
//   about:blank) is left out; `limits` bounds the rest (frames read, depth, characters, time).
// Returns {html, frames: [{url, html}]}; html is null when the page has no shadow root and no frame to
// read (the caller then reads the DOM the ordinary way).
(limits = {}) => {
  const { maxFrames = 50, maxDepth = 3, maxChars = 2e6, maxTotal = 8e6, maxMs = 1000 } = limits || {};
  const started = performance.now();
  const frames = [];
  let total = 0;

  // The walker's next element after the current one's subtree (null at the end of the root).
  const past = (walker) => {
    for (;;) {
      const next = walker.nextSibling();
      if (next || !walker.parentNode()) return next;
    }
  };
  // The elements in the order the serialization writes them (a host's shadow root before its children,
  // a template's content instead of its children): collects the open shadow roots and frame elements.
  const walk = (root, roots, elements) => {
    const walker = (root.ownerDocument || root).createTreeWalker(root, NodeFilter.SHOW_ELEMENT);
    let node = walker.nextNode();
    while (node) {
      if (node.shadowRoot) {
        roots.push(node.shadowRoot);
        walk(node.shadowRoot, roots, elements);
      }
      const name = node.localName;
      if (name === "iframe" || name === "frame") elements.push(node);
      if (name === "template" && node.content) {
        walk(node.content, roots, elements);
        node = past(walker);
      } else {
        node = walker.nextNode();
      }
    }
  };
  const quote = (value) => value.replace(/&/g, "&amp;").replace(/"/g, "&quot;");
  const serialize = (doc, roots) => {
    const root = doc.documentElement;
    if (!root) return "";
    const doctype = doc.doctype ? new XMLSerializer().serializeToString(doc.doctype) : "";
    if (!roots.length || typeof root.getHTML !== "function") return doctype + root.outerHTML;
    const attributes = [...root.attributes].map((a) => ` ${a.name}="${quote(a.value)}"`).join("");
    return `${doctype}<${root.localName}${attributes}>${root.getHTML({ shadowRoots: roots })}</${root.localName}>`;
  };
  // Where the serialization writes each frame element's start tag: just after its tag name. Comments
  // and raw text (scripts, styles, an iframe's fallback text) are skipped: "<iframe" may stand there as
  // it is; in attribute values and other text, "<" is escaped.
  const tagsIn = (html) => {
    const token = /<!--|<(iframe|frame|script|style|xmp|noembed|noframes|noscript|plaintext)(?=[\s/>])/g;
    const found = [];
    for (let match = token.exec(html); match; match = token.exec(html)) {
      const name = match[1];
      if (name === "iframe" || name === "frame") found.push(match.index + 1 + name.length);
      if (name === "frame") continue;
      const end = name === "plaintext" ? -1 : html.indexOf(name ? `</${name}` : "-->", token.lastIndex);
      if (end < 0) break;
      token.lastIndex = end;
    }
    return found;
  };
  // The frame element's document when the page can read it and it shows something, else null.
  const documentOf = (element) => {
    let doc = null;
    try {
      doc = element.contentDocument;
    } catch (error) {
      return null;
    }
    const body = doc && doc.body;
    return body && (body.firstElementChild || /\S/.test(body.textContent)) ? doc : null;
  };
  // The document's HTML with each frame read marked (null for a plain top document: nothing to add).
  const read = (doc, depth) => {
    const roots = [], elements = [];
    walk(doc, roots, elements);
    const readable = depth < maxDepth ? elements.map(documentOf) : [];
    if (depth === 0 && !roots.length && !readable.some(Boolean)) return null;
    const html = serialize(doc, roots);
    if (!readable.some(Boolean)) return html;
    const at = tagsIn(html);
    if (at.length !== elements.length) return html; // not written as walked: mark nothing rather than wrongly
    let marked = "", from = 0;
    readable.forEach((frame, k) => {
      const index = frame ? add(frame, depth + 1) : -1;
      if (index < 0) return;
      marked += `${html.slice(from, at[k])} data-extractor-frame="${index}"`;
      from = at[k];
    });
    return marked + html.slice(from);
  };
  // Reads a frame's document into `frames` and returns its index; -1 when a bound leaves it out.
  const add = (doc, depth) => {
    if (frames.length >= maxFrames || performance.now() - started > maxMs) return -1;
    const index = frames.push(null) - 1;
    const html = read(doc, depth);
    if (html.length > maxChars || total + html.length > maxTotal) {
      frames.splice(index).forEach((inner) => { total -= inner ? inner.html.length : 0; });
      return -1;
    }
    total += html.length;
    frames[index] = { url: doc.URL.startsWith("about:") ? doc.baseURI : doc.URL, html };
    return index;
  };
  return { html: read(document, 0), frames };
}
