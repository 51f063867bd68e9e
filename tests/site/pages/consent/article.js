// Shared by the consent pages: the article arrives only after the reader's choice, as on sites whose
// content (or its ad-funded part) waits for the consent manager's event. Each page imitates one
// manager's markup and API, then calls consented(choice) from that manager's own consent event.
(function () {
  "use strict";
  document.body.style.overflow = "hidden"; // the wall locks scrolling until a choice is made
  window.consented = function (choice) {
    document.body.style.overflow = "";
    var note = document.createElement("p");
    note.id = "choice";
    note.textContent = choice;
    document.body.appendChild(note);
    fetch("/consent/article.json?delay=150")
      .then(function (response) { return response.json(); })
      .then(function (article) {
        var main = document.getElementById("story");
        main.innerHTML = "";
        var title = document.createElement("h1");
        title.textContent = article.title;
        main.appendChild(title);
        article.paragraphs.forEach(function (text) {
          var p = document.createElement("p");
          p.className = "para";
          p.textContent = text;
          main.appendChild(p);
        });
      });
  };
  // a consent manager's script arrives after the page, as a third-party script does
  window.afterLoad = function (show) { setTimeout(show, 200); };
})();
