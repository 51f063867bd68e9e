// One pass from the current position to the bottom, a viewport at a time, inside the page.
//
// Each step is one of our actions (the probe's `act`): after it, one rendering update lets scroll
// handlers, IntersectionObservers and native lazy loading see the new viewport, and a task turn lets
// the observers' callbacks run. Then the step waits for what its own reactions owe it (see the
// probe's `blockers(true)`): a throttled or debounced scroll handler's timer, a position poller's
// next look. Work those reactions start later (a delayed fetch, a player inserting its iframe) goes
// on while the pass moves on, and is waited for once, at the end of the pass.
async ({ maxSteps, budgetMs, reactionMs, tuning }) => {
  const doc = document.scrollingElement || document.documentElement;
  let box = doc;
  if (doc.scrollHeight <= window.innerHeight + 4) {
    let best = null;
    for (const el of document.querySelectorAll("body *")) {
      const style = getComputedStyle(el);
      if (/(auto|scroll)/.test(style.overflowY) && el.scrollHeight > el.clientHeight + 4 &&
          (!best || el.clientHeight * el.clientWidth > best.clientHeight * best.clientWidth)) best = el;
    }
    if (best) box = best;
  }
  const state = window.__extractorActivity;
  // the browser's own timers: the page's (wrapped by the probe) would count our waits as its work
  const { setTimeout, clearTimeout, requestAnimationFrame } = state ? state.native : window;
  // Resolve just after the next rendering update: the animation frame callback runs first in it,
  // then IntersectionObservers take their measurements; a message posted from the callback is
  // handled once the update is over.
  // An observer only sees the viewports that get an update, so a slow frame (a busy machine) is waited
  // for, up to frameWaitMs; a hidden page gets none, and short looks. Resolves with whether it came.
  const channel = new MessageChannel();
  const frames = () => new Promise((resolve) => {
    const wait = document.visibilityState === "hidden" ? 100 : tuning.frameWaitMs;
    const timer = setTimeout(() => resolve(false), wait);
    channel.port1.onmessage = () => { clearTimeout(timer); resolve(true); };
    requestAnimationFrame(() => channel.port2.postMessage(null));
  });
  const turn = () => new Promise((resolve) => setTimeout(resolve, 0));
  const started = performance.now();
  const left = () => budgetMs - (performance.now() - started);
  const view = () => (box === doc ? window.innerHeight : box.clientHeight);
  const atBottom = () => box.scrollTop + view() >= box.scrollHeight - 4;
  // the viewport at load is seen by the observers before it is scrolled away
  await frames();
  await turn();
  let steps = 0, missed = 0, seen = true;
  while (steps < maxSteps && !atBottom() && left() > 0) {
    if (state) state.act();
    box.scrollTo({ top: box.scrollTop + Math.max(200, view() * 0.85), behavior: "instant" });
    steps++;
    seen = await frames();
    missed += !seen;
    // IntersectionObservers are told in a task queued during the update: a task queued after it runs
    // once their callbacks have (and any request they make is known to the page)
    await turn();
    if (state && state.blockers(true, tuning).length) await state.settle(Math.min(reactionMs, left()), true, tuning);
  }
  // the pass ends here, and so does the render's scrolling: the last viewport is seen, or reported
  if (!seen && (seen = await frames())) missed--;
  const height = box.scrollHeight, bottom = atBottom();  // as reached: media arriving later may add height
  return { steps, height, bottom, missed };
}
