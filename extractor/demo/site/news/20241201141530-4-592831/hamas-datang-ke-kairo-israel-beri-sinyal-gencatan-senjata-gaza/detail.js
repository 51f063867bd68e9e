/* Article renderer for the CNBC Indonesia replica.
 *
 * Like the real detail page, the article body is not in the HTML: it is fetched
 * as JSON (after a server-side delay) and rendered into #detail-root. The video
 * embed at the end of the body is lazy: its <iframe> is only created once the
 * placeholder scrolls into the viewport.
 */
(function () {
  "use strict";

  // The page may be opened with or without a trailing slash, so resolve the
  // data file against the article's own folder rather than the document URL.
  var folder = location.pathname.replace(/\/index\.html$/, "").replace(/\/?$/, "/");
  var dataUrl = folder + "article.json?delay=600";

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (name) {
        node.setAttribute(name, attrs[name]);
      });
    }
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function paragraph(html) {
    var p = el("p");
    p.innerHTML = html; // our own JSON; only the dateline carries markup
    return p;
  }

  function render(data) {
    var article = el("article", { "class": "detail" });

    var jdl = el("div", { "class": "jdl" });
    jdl.appendChild(el("h1", null, data.title));
    jdl.appendChild(el("div", { "class": "author" }, data.author_line));
    jdl.appendChild(el("div", { "class": "date" }, data.date_text));
    article.appendChild(jdl);

    var media = el("div", { "class": "media_artikel" });
    media.appendChild(el("img", { src: data.image.src, alt: data.image.alt, width: "800", height: "450" }));
    media.appendChild(el("span", { "class": "caption" }, data.image.caption));
    article.appendChild(media);

    var text = el("div", { "class": "detail_text" });
    data.paragraphs.forEach(function (html, index) {
      var number = index + 1;
      text.appendChild(paragraph(html));
      if (number === data.baca_juga.after_paragraph) {
        var box = el("div", { "class": "baca-juga" });
        var line = el("p", null, "Baca Juga: ");
        line.appendChild(el("a", { href: data.baca_juga.href }, data.baca_juga.title));
        box.appendChild(line);
        text.appendChild(box);
      }
      if (number === data.ad_after_paragraph) {
        text.appendChild(el("div", { "class": "ad-slot" }, "ADVERTISEMENT"));
      }
    });

    var intro = el("p");
    intro.appendChild(el("strong", null, data.video_intro));
    text.appendChild(intro);

    var embed = el("div", { "class": "video-embed", "data-src": data.video.src, "data-title": data.video.title });
    embed.appendChild(el("figcaption", null, data.video.title));
    text.appendChild(embed);
    article.appendChild(text);

    var root = document.getElementById("detail-root");
    root.innerHTML = "";
    root.appendChild(article);
    document.documentElement.setAttribute("data-article-ready", "1");

    watchEmbeds();
  }

  function loadEmbed(box) {
    if (box.querySelector("iframe")) return;
    var frame = el("iframe", {
      src: box.getAttribute("data-src"),
      title: box.getAttribute("data-title"),
      allowfullscreen: ""
    });
    box.insertBefore(frame, box.querySelector("figcaption"));
  }

  function watchEmbeds() {
    var boxes = document.querySelectorAll(".video-embed");
    if (!("IntersectionObserver" in window)) return; // stays a placeholder
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) {
          observer.unobserve(entry.target);
          loadEmbed(entry.target);
        }
      });
    });
    Array.prototype.forEach.call(boxes, function (box) { observer.observe(box); });
  }

  fetch(dataUrl, { headers: { Accept: "application/json" } })
    .then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    })
    .then(render)
    .catch(function (error) {
      var root = document.getElementById("detail-root");
      root.innerHTML = "";
      root.appendChild(el("div", { "class": "detail-error" }, "Gagal memuat artikel (" + error.message + ")"));
    });
})();
