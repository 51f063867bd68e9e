// An article rendered by script, then the page navigates itself away (as a script that moves a page
// to https or to its canonical host does): to the target its <body data-to> names ("https": this
// page's URL with https), after data-after milliseconds; a <body data-to=""> stays. A live clock
// changes the page until it is gone, so that the render never reads it before the navigation ends.
const { to, after } = document.body.dataset;
document.body.insertAdjacentHTML("beforeend", "<h1>Kept article</h1><p>The story, as it was rendered.</p><time></time>");
setInterval(() => { document.querySelector("time").textContent = new Date().toISOString(); }, 30);
if (to) {
  const target = to === "https" ? "https://" + location.host + location.pathname : to;
  setTimeout(() => { location.href = target; }, Number(after || 50));
}
