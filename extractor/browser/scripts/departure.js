// Installed in every frame with the activity probe; acts in the top frame of every document but
// Chromium's own error pages. On leaving (beforeunload, dispatched in the leaving document before the
// navigation's request is sent), it hands over the document as page.content() would give it, its URL,
// and whether it shows any text (a text node outside scripts and styles, found in one walk that stops
// at the first), through console.debug bound at document start (the page's own console wrappers never
// see it). MARK is replaced by departure.py's marker.
(() => {
  if (window !== window.top || location.protocol === "chrome-error:") return;
  const say = console.debug.bind(console), serializer = new XMLSerializer();
  const QUIET = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE"]);
  const shows = (node) => !QUIET.has(node.parentNode && node.parentNode.nodeName) && /\S/.test(node.data)
    ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP;
  addEventListener("beforeunload", () => {
    const root = document.documentElement, body = document.body;
    const text = body ? document.createTreeWalker(body, NodeFilter.SHOW_TEXT, shows).nextNode() !== null : false;
    const doctype = document.doctype ? serializer.serializeToString(document.doctype) : "";
    say("MARK " + (text ? "1 " : "0 ") + location.href + "\n" + doctype + (root ? root.outerHTML : ""));
  }, true);
})();
