// Mozilla's Readability.js as a long-lived worker: one JSON line in, one JSON line out.
//
//   node readability.mjs --node-modules DIR [--max-input-bytes N] [--max-elements N]
//
// Request:  {"id"?: any, "html": "...", "url": "..."}
// Reply:    {"id", "title", "byline", "published", "text", "html", "paragraphs": [...]}
//           {"id", "article": null}       Readability found no article (or one without text)
//           {"id", "error": "..."}        a bad request, a page too large, an exception
// The first line written is {"ready": true, "readability": VERSION, "dom": NAME VERSION}.
//
// The DOM is jsdom, a parser that builds the tree the HTML standard prescribes, as Readability's own
// tests do; extractor/reference/readability.py says why not linkedom.
//
// The worker never exits on a bad page: every failure is a reply. stdout carries replies only
// (console output goes to stderr); a request line longer than --max-input-bytes is dropped unread.

import { Console } from "node:console";
import { createRequire } from "node:module";
import path from "node:path";

globalThis.console = new Console({ stdout: process.stderr, stderr: process.stderr });

function option(name, fallback) {
  const at = process.argv.indexOf(name);
  return at > 0 && at + 1 < process.argv.length ? process.argv[at + 1] : fallback;
}

const nodeModules = path.resolve(option("--node-modules", process.env.EXTRACTOR_NODE_MODULES || "node_modules"));
const maxInputBytes = Number(option("--max-input-bytes", String(16 * 1024 * 1024)));
const maxElements = Number(option("--max-elements", "100000"));
const require = createRequire(path.join(nodeModules, "extractor-readability-worker.cjs"));

let Readability, JSDOM, VirtualConsole, versions;
try {
  ({ Readability } = require("@mozilla/readability"));
  ({ JSDOM, VirtualConsole } = require("jsdom"));
  versions = {
    readability: require("@mozilla/readability/package.json").version,
    dom: `jsdom ${require("jsdom/package.json").version}`,
  };
} catch (error) {
  console.error(`cannot load the npm packages in ${nodeModules}: ${String(error.message).split("\n")[0]}`);
  process.exit(3);
}

// Elements whose start and end break the text into paragraphs; all others are inline.
const BLOCKS = new Set(
  ("address article aside blockquote body caption center dd details dialog dir div dl dt fieldset figcaption " +
    "figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr li main menu nav ol p pre section summary table " +
    "tbody td tfoot th thead tr ul")
    .split(" ")
    .map((tag) => tag.toUpperCase()),
);
const SKIPPED = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE"]);
const TEXT_NODE = 3;
const ELEMENT_NODE = 1;
const FLUSH = Symbol("end of a paragraph");

/** The texts of the blocks under root, in document order, whitespace collapsed, empty ones left out. */
function blockTexts(root) {
  const texts = [];
  let run = [];
  const flush = () => {
    const text = run.join("").replace(/\s+/g, " ").trim();
    if (text) texts.push(text);
    run = [];
  };
  const stack = [root]; // iterative: a deeply nested page cannot overflow the call stack
  while (stack.length) {
    const node = stack.pop();
    if (node === FLUSH) {
      flush();
    } else if (node.nodeType === TEXT_NODE) {
      run.push(node.data);
    } else if (node.nodeType === ELEMENT_NODE) {
      const tag = node.tagName.toUpperCase();
      if (tag === "BR") run.push(" ");
      if (SKIPPED.has(tag) || tag === "BR") continue;
      const block = BLOCKS.has(tag);
      if (block) stack.push(FLUSH); // popped after the children: the end of the block
      for (let child = node.lastChild; child; child = child.previousSibling) stack.push(child);
      if (block) stack.push(FLUSH); // popped first: the text before the block is a paragraph of its own
    }
  }
  flush();
  return texts;
}

function makeDom(html, url) {
  const options = { virtualConsole: new VirtualConsole() };
  try {
    if (url) options.url = new URL(url).href;
  } catch {
    // not an absolute URL: relative links stay as they are
  }
  return new JSDOM(html, options);
}

function extract(html, url) {
  const dom = makeDom(html, url);
  try {
    let root = null;
    const reader = new Readability(dom.window.document, {
      maxElemsToParse: maxElements,
      serializer: (element) => {
        root = element;
        return element.innerHTML;
      },
    });
    const article = reader.parse();
    const paragraphs = article && root ? blockTexts(root) : [];
    if (!paragraphs.length) return { article: null };
    return {
      title: article.title || null,
      byline: article.byline || null,
      published: article.publishedTime || null,
      text: paragraphs.join("\n"),
      html: article.content,
      paragraphs,
    };
  } finally {
    dom.window.close();
  }
}

function handle(line) {
  let request;
  try {
    request = JSON.parse(line);
  } catch (error) {
    return { error: `bad request: ${error.message}` };
  }
  if (request === null || typeof request !== "object" || typeof request.html !== "string") {
    return { error: "bad request: expected an object with an 'html' string" };
  }
  const reply = (() => {
    try {
      return extract(request.html, typeof request.url === "string" ? request.url : "");
    } catch (error) {
      return { error: String((error && error.message) || error) };
    }
  })();
  return "id" in request ? { id: request.id, ...reply } : reply;
}

function send(reply) {
  process.stdout.write(JSON.stringify(reply) + "\n");
}

let parts = [];
let size = 0;
let oversized = false;

function keep(part) {
  if (oversized || !part.length) return;
  size += part.length;
  if (size > maxInputBytes) {
    oversized = true;
    parts = [];
  } else {
    parts.push(part);
  }
}

function endLine() {
  if (oversized) {
    send({ error: `page too large: over ${maxInputBytes} bytes` });
  } else if (size) {
    send(handle(Buffer.concat(parts).toString("utf8")));
  }
  parts = [];
  size = 0;
  oversized = false;
}

process.stdin.on("data", (chunk) => {
  let start = 0;
  for (let newline = chunk.indexOf(10); newline !== -1; newline = chunk.indexOf(10, start)) {
    keep(chunk.subarray(start, newline));
    endLine();
    start = newline + 1;
  }
  keep(chunk.subarray(start));
});
process.stdin.on("end", () => process.exit(0));
process.on("uncaughtException", (error) => console.error(`readability worker: ${error.stack || error}`));

send({ ready: true, ...versions });
