// Every page of /paginate is this script and an empty shell: 200 ms after it runs, the page fetches
// its story from the JSON file named like it (story-2.html reads story-2.json, 150 ms late), renders
// it, and only then adds the "next page" link when the story has one.
setTimeout(async () => {
  const answer = await fetch(location.pathname.replace(/\.html$/, ".json") + "?delay=150");
  const story = await answer.json();
  const paragraphs = story.body.map((text) => `<p>${text}</p>`).join("");
  const video = story.video
    ? `<figure class="video"><video src="${story.video}" title="${story.video_title}" preload="none" controls></video></figure>`
    : "";
  document.getElementById("app").innerHTML =
    `<article><h1 class="headline">${story.title}</h1><div class="story">${paragraphs}</div>${video}</article>`;
  if (story.next) {
    document.getElementById("pager").innerHTML =
      `<span class="count">${story.count}</span> <a class="next" rel="next" href="${story.next}">Next page</a>`;
  }
}, 200);
