// The activity probe, installed in every frame before any page script runs.
//
// It keeps a ledger of the work the page has scheduled (timers, animation frames, idle callbacks,
// fetch/XHR calls and the reading of their answers), with the cause of each: the context that
// scheduled it. Work is followed from cause to effect: a timer set in a scroll handler, the fetch
// that timer makes, the timer set when the answer is read, all belong to the same chain, and a page
// is done when no chain it started, or that our own scrolls and clicks started, has work left.
//
// Work that repeats is not waited for: intervals, a timer that re-arms itself (a carousel driven by
// a recursive setTimeout), an animation frame loop. What such a loop does counts as background, and
// its DOM changes do not break the quiet, except for its first run after new work was done or after
// one of our actions: that run is the one that reacts (a poller that waits for data, a position
// poller that finds a placeholder in view), and the work it starts is followed like any other.
//
// The render's tuning (in milliseconds: staleMs, timerHorizonMs, lookHorizonMs, quietMs, shortQuietMs)
// comes with each question the render asks, so one script serves every tuning.
(() => {
  if (window.__extractorActivity) return;
  const now = () => performance.now();
  const native = {
    setTimeout: window.setTimeout, clearTimeout: window.clearTimeout,
    setInterval: window.setInterval, clearInterval: window.clearInterval,
    requestAnimationFrame: window.requestAnimationFrame, cancelAnimationFrame: window.cancelAnimationFrame,
    requestIdleCallback: window.requestIdleCallback, cancelIdleCallback: window.cancelIdleCallback,
    queueMicrotask: window.queueMicrotask.bind(window), toString: Function.prototype.toString,
  };
  const state = {
    last: now(), lastContent: now(), lastRequest: 0, lastWork: 0,
    loadListeners: 0,
    action: 0, work: 0, unfollowed: 0,
  };
  Object.defineProperty(window, "__extractorActivity", { value: state, enumerable: false });
  // the browser's own timers, for the render's scripts: waits of ours are not the page's work
  Object.defineProperty(state, "native", { value: Object.freeze({
    setTimeout: native.setTimeout.bind(window), clearTimeout: native.clearTimeout.bind(window),
    requestAnimationFrame: native.requestAnimationFrame.bind(window),
  }) });
  // The functions replaced below, as they were: at the end, each replacement takes the original's name
  // and length, and shows the original's source to Function.prototype.toString (a bot check that
  // looks for "[native code]" sees what it would without this script).
  const BODY_READERS = ["json", "text", "arrayBuffer", "blob", "formData"];
  const REPLACED = [
    [window, ["fetch", "setTimeout", "setInterval", "clearTimeout", "clearInterval", "requestAnimationFrame",
      "cancelAnimationFrame", "requestIdleCallback", "cancelIdleCallback"]],
    [XMLHttpRequest.prototype, ["open", "send"]],
    [EventTarget.prototype, ["addEventListener", "removeEventListener"]],
    [window.Response && Response.prototype, BODY_READERS],
  ].flatMap(([owner, names]) => (owner ? names.map((name) => [owner, name, owner[name]]) : []));
  const REPLACED_EXTRA = [];  // [replacement, original] for constructors and getters

  // ---- contexts: who is running now -------------------------------------------------------------
  // A context says what caused the code that runs: { background, periodic, reaction, timer, source }.
  // `current` is set while one of our wrapped callbacks runs; `ambient` carries it through the
  // microtasks that callback queued (a promise continuation), and is cleared a few microtask turns
  // later, so no task that follows ever sees a stale one: an unknown context is foreground work.
  let current = null, ambient = null, clearing = 0;
  const FOREGROUND = Object.freeze({ background: false, periodic: false, reaction: false });
  const context = () => current || ambient || FOREGROUND;
  const carry = (ctx) => {
    ambient = ctx;
    const mine = ++clearing;
    let hops = 4;
    const hop = () => { if (mine !== clearing) return; if (--hops > 0) native.queueMicrotask(hop); else ambient = null; };
    native.queueMicrotask(hop);
  };
  const within = (ctx, body, self, args) => {
    const before = current;
    current = ctx;
    try { return body.apply(self, args); } finally {
      classify(observer.takeRecords(), ctx);  // changes made synchronously belong to this context
      current = before;
      carry(ctx);
    }
  };

  // ---- the ledger -------------------------------------------------------------------------------
  // pending: work that holds the page (foreground, one-shot, due within the horizon), by key.
  const pending = new Map();
  const sources = new Set();  // repeating work: intervals, re-arming chains, frame and idle loops
  let nextKey = 0;
  const hold = (entry) => { const key = ++nextKey; pending.set(key, entry); return key; };
  const release = (key) => {
    const entry = pending.get(key);
    if (!entry) return;
    pending.delete(key);
    state.lastWork = now();
    if (!entry.ctx.periodic) state.work++;  // new work done: every poller gets a look at it
  };
  // The context of a run of a repeating source: it reacts (foreground) on its first run after new
  // work or after one of our actions, when it reads the layout (a position poller); background else.
  const runOf = (source) => {
    const reacts = source.seenWork !== state.work || (source.measures && source.seenAction !== state.action);
    source.seenWork = state.work;
    source.seenAction = state.action;
    return { background: !reacts, periodic: true, reaction: false, source };
  };
  const childOf = (parent) => ({
    background: parent.background, periodic: parent.periodic, reaction: false, source: null,
  });
  const sameCode = (a, b) => {
    try { return a === b || native.toString.call(a) === native.toString.call(b); } catch (error) { return false; }
  };

  // ---- timers -----------------------------------------------------------------------------------
  const timers = new Map();  // id -> timer record, while it is due
  // A timer set while another timer's callback (or its continuation) runs, with the same callback or
  // the same code and delay, re-arms it. It is a loop once the re-arms add up to 2: one re-arm by the
  // same function from its own run, or two by the same code and delay (`await sleep(100)` in a loop).
  const rearms = (parent, handler, wait) => {
    const timer = parent.timer;
    if (!timer) return null;
    if (timer.handler === handler && current && current.timer === timer) return { timer, strength: 2 };
    if (timer.wait === wait && sameCode(timer.handler, handler)) return { timer, strength: 1 };
    return null;
  };
  window.setTimeout = function setTimeout(handler, delay, ...rest) {
    if (typeof handler !== "function") { state.unfollowed++; return native.setTimeout.call(window, handler, delay, ...rest); }
    const wait = Math.max(0, Number(delay) || 0);
    const parent = context();
    const link = rearms(parent, handler, wait);
    const record = { handler, wait, chain: null, looping: false, key: 0, ctx: null };
    if (link) {
      const chain = link.timer.chain || { repeats: 0, period: wait, seenWork: state.work, seenAction: state.action, measures: false, live: 0 };
      chain.repeats += link.strength;
      record.chain = chain;
    }
    const looping = record.looping = Boolean(record.chain && record.chain.repeats >= 2);
    if (looping) {
      sources.add(record.chain);
      record.chain.live++;
    }
    record.ctx = looping ? null : { ...childOf(parent), reaction: parent.reaction && Boolean(current) };
    if (!looping && !parent.background) {
      record.key = hold({ kind: "timer", ctx: record.ctx, wait, reaction: record.ctx.reaction });
    }
    const id = native.setTimeout.call(window, function () {
      timers.delete(id);
      let ctx = record.ctx;
      if (looping) {
        record.chain.live--;
        if (!record.chain.live) sources.delete(record.chain);
        ctx = runOf(record.chain);
      }
      try { return within({ ...ctx, timer: record }, handler, this, arguments); } finally { release(record.key); }
    }, delay, ...rest);
    timers.set(id, record);
    return id;
  };
  window.clearTimeout = function clearTimeout(id) {
    const record = timers.get(id);
    if (record) {
      timers.delete(id);
      pending.delete(record.key);
      if (record.looping && !--record.chain.live) sources.delete(record.chain);
    }
    return native.clearTimeout.call(window, id);
  };
  const intervals = new Map();
  window.setInterval = function setInterval(handler, delay, ...rest) {
    if (typeof handler !== "function") { state.unfollowed++; return native.setInterval.call(window, handler, delay, ...rest); }
    const source = { period: Math.max(0, Number(delay) || 0), seenWork: -1, seenAction: -1, measures: false };
    sources.add(source);
    const id = native.setInterval.call(window, function () {
      return within(runOf(source), handler, this, arguments);
    }, delay, ...rest);
    intervals.set(id, source);
    return id;
  };
  window.clearInterval = function clearInterval(id) {
    const source = intervals.get(id);
    if (source) { sources.delete(source); intervals.delete(id); }
    return native.clearInterval.call(window, id);
  };

  // ---- animation frames and idle callbacks: one-shot unless re-requested from their own callback ---
  const looped = (requestName, cancelName, period) => {
    const request = native[requestName], cancel = native[cancelName];
    if (!request) return;
    const records = new Map();
    window[requestName] = function (callback, ...rest) {
      if (typeof callback !== "function") return request.call(window, callback, ...rest);
      const parent = context();
      // asked for again from a callback of the same kind: a loop once it has done so twice (at once
      // when it is the same function, asked for from its own run)
      const before = parent.frame && parent.frame.kind === requestName ? parent.frame : null;
      let chain = null;
      if (before) {
        chain = before.chain || { repeats: 0, period, seenWork: state.work, seenAction: state.action, measures: false };
        chain.repeats += before.callback === callback && current && current.frame === before ? 2 : 1;
      }
      const record = { kind: requestName, callback, chain, looping: Boolean(chain && chain.repeats >= 2), key: 0 };
      if (record.looping) sources.add(chain);
      const ctx = record.looping ? null : childOf(parent);
      if (!record.looping && !parent.background) record.key = hold({ kind: requestName, ctx, wait: 0 });
      const id = request.call(window, function () {
        records.delete(id);
        if (record.looping) sources.delete(chain);
        const run = record.looping ? runOf(chain) : ctx;
        try { return within({ ...run, frame: record }, callback, this, arguments); } finally { release(record.key); }
      }, ...rest);
      records.set(id, record);
      return id;
    };
    window[cancelName] = function (id) {
      const record = records.get(id);
      if (record) { records.delete(id); pending.delete(record.key); if (record.looping) sources.delete(record.chain); }
      return cancel.call(window, id);
    };
  };
  looped("requestAnimationFrame", "cancelAnimationFrame", 16);
  looped("requestIdleCallback", "cancelIdleCallback", 50);

  // ---- data calls: from the call until the page's own handlers have the answer -------------------
  const calls = new Map();
  const begin = () => {
    const ctx = childOf(context());
    if (ctx.background) return { key: 0, ctx };  // a poll's call: background, like the poll
    state.lastRequest = now();
    const key = hold({ kind: "call", ctx, wait: 0, started: state.lastRequest });
    calls.set(key, state.lastRequest);
    return { key, ctx };
  };
  const end = (call) => {
    if (call.key) {
      calls.delete(call.key);
      state.lastRequest = now();
      release(call.key);
    }
    carry(call.ctx);  // the page's handlers of the answer run in the calling context
  };
  // The wrapper's own reaction is added first, so it runs just before the page's, in the same turn.
  const following = (nativeCall) => function () {
    const call = begin();
    let answer;
    try { answer = nativeCall.apply(this, arguments); } catch (error) { end(call); throw error; }
    Promise.resolve(answer).then(() => end(call), () => end(call));
    return answer;
  };
  const fetch = window.fetch;
  if (fetch) window.fetch = following(fetch);
  if (window.Response) {
    for (const name of BODY_READERS) {
      const reader = Response.prototype[name];
      if (reader) Response.prototype[name] = following(reader);
    }
  }
  const open = XMLHttpRequest.prototype.open, send = XMLHttpRequest.prototype.send;
  const listen = EventTarget.prototype.addEventListener, unlisten = EventTarget.prototype.removeEventListener;
  const xhrCalls = new WeakMap();
  XMLHttpRequest.prototype.open = function () {
    // registered at open, before the page's load handlers in most code: they run in the calling context
    if (!xhrCalls.has(this)) {
      listen.call(this, "readystatechange", () => {
        const call = xhrCalls.get(this);
        if (call && this.readyState === 4) current = call.ctx;  // until our loadend listener
      });
      xhrCalls.set(this, null);
    }
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    const call = begin();
    xhrCalls.set(this, call);
    listen.call(this, "loadend", () => { if (current === call.ctx) current = null; end(call); }, { once: true });
    try { return send.apply(this, arguments); } catch (error) { end(call); throw error; }
  };
  // Whether a call younger than staleMs is open (an older one is a long poll: it stops counting).
  state.calling = (staleMs) => {
    const t = now();
    for (const started of calls.values()) if (t - started < staleMs) return true;
    return false;
  };

  // ---- the DOM: when it last changed, and when its content last changed in the foreground --------
  // Media elements arriving or changing source (a lazy image or player) are changes, but not content:
  // what they load happens in their own frame or resource, never in this document's text.
  const MEDIA = new Set(["IMG", "PICTURE", "SOURCE", "IFRAME", "VIDEO", "AUDIO", "TRACK", "EMBED", "OBJECT"]);
  const mediaOnly = (node) => MEDIA.has(node.nodeName) || (node.nodeType === 3 && !node.data.trim());
  const isContent = (record) => {
    if (record.type === "attributes") return !MEDIA.has(record.target.nodeName);
    return record.type === "characterData" || !Array.from(record.addedNodes).every(mediaOnly);
  };
  const classify = (records, ctx) => {
    if (!records.length) return;
    state.last = now();
    if (!ctx.background && records.some(isContent)) state.lastContent = state.last;
  };
  const observer = new MutationObserver((records) => classify(records, context()));
  observer.observe(document, {
    subtree: true, childList: true, characterData: true,
    attributes: true, attributeFilter: ["src", "srcset", "href", "data-src", "hidden"],
  });

  // ---- listeners that are our actions' reactions, and work that cannot be followed ------------
  // Scroll-like events are what our scroll steps cause: a timer their handlers set (a throttle, a
  // debounce) is a reaction the step waits for before moving on (see scroll.js).
  const SCROLLY = new Set(["scroll", "scrollend", "wheel", "resize"]);
  const wrappedListeners = new WeakMap();
  const reactive = (type, listener) => {
    let byType = wrappedListeners.get(listener);
    if (!byType) { byType = new Map(); wrappedListeners.set(listener, byType); }
    let wrapped = byType.get(type);
    if (!wrapped) {
      const ctx = { background: false, periodic: false, reaction: true };
      wrapped = function (event) {
        const body = typeof listener === "function" ? listener : listener.handleEvent;
        return within(ctx, body, typeof listener === "function" ? this : listener, [event]);
      };
      byType.set(type, wrapped);
    }
    return wrapped;
  };
  const UNFOLLOWED = new Set(["message"]);  // work that arrives by message cannot be followed here
  EventTarget.prototype.addEventListener = function addEventListener(type, listener) {
    if (listener && (typeof listener === "function" || typeof listener === "object")) {
      if (SCROLLY.has(type)) {
        arguments[1] = reactive(type, listener);
      } else if (type === "load" && (this === window || this === document.body)) {
        state.loadListeners++;
      } else if (UNFOLLOWED.has(type)) {
        state.unfollowed++;
      }
    }
    return listen.apply(this, arguments);
  };
  EventTarget.prototype.removeEventListener = function removeEventListener(type, listener) {
    if (listener && SCROLLY.has(type)) {
      const byType = wrappedListeners.get(listener);
      if (byType && byType.has(type)) arguments[1] = byType.get(type);
    }
    return unlisten.apply(this, arguments);
  };
  for (const name of ["Worker", "SharedWorker", "WebSocket", "EventSource", "BroadcastChannel"]) {
    const Native = window[name];
    if (typeof Native !== "function") continue;
    const Counted = function (...args) {
      state.unfollowed++;
      return Reflect.construct(Native, args, new.target || Counted);
    };
    Counted.prototype = Native.prototype;
    Object.setPrototypeOf(Counted, Native);
    window[name] = Counted;
    REPLACED_EXTRA.push([Counted, Native]);
  }
  // ---- IntersectionObservers: a target is owed a first notification --------------------------------
  // An observer tells about a new target (a lazy slot, the sentinel under an infinite list) at the next
  // rendering update, whether it is in view or not. Until then the page may still react to what is in
  // view, so an undelivered first notification holds the page, up to frameWaitMs from `observe` (a page
  // that gets no rendering update, hidden, never delivers it).
  const owed = new Map();  // observer -> Map(target -> when it was observed), first notifications due
  const watched = new WeakMap();  // observer -> WeakSet of its targets (observing one twice is a no-op)
  const NativeObserver = window.IntersectionObserver;
  if (typeof NativeObserver === "function") {
    const proto = NativeObserver.prototype;
    const { observe, unobserve, disconnect } = proto;
    const delivered = (self, entries) => {
      const targets = owed.get(self);
      if (!targets) return;
      for (const entry of entries) targets.delete(entry.target);
      if (!targets.size) owed.delete(self);
    };
    const Observed = function IntersectionObserver(callback, options) {
      if (typeof callback !== "function") return Reflect.construct(NativeObserver, [callback, options], new.target || Observed);
      const told = function (entries, self) { delivered(self, entries); return callback.call(this, entries, self); };
      return Reflect.construct(NativeObserver, [told, options], new.target || Observed);
    };
    Observed.prototype = proto;
    Object.setPrototypeOf(Observed, NativeObserver);
    window.IntersectionObserver = Observed;
    REPLACED_EXTRA.push([Observed, NativeObserver]);
    proto.observe = function (target) {
      const result = observe.apply(this, arguments);  // throws for what is not an Element
      let seen = watched.get(this);
      if (!seen) watched.set(this, (seen = new WeakSet()));
      if (!seen.has(target)) {
        seen.add(target);
        if (!owed.has(this)) owed.set(this, new Map());
        owed.get(this).set(target, now());
      }
      return result;
    };
    proto.unobserve = function (target) {
      const seen = watched.get(this);
      if (seen) seen.delete(target);
      const targets = owed.get(this);
      if (targets) { targets.delete(target); if (!targets.size) owed.delete(this); }
      return unobserve.apply(this, arguments);
    };
    proto.disconnect = function () {
      watched.delete(this);
      owed.delete(this);
      return disconnect.apply(this, arguments);
    };
    for (const [name, original] of [["observe", observe], ["unobserve", unobserve], ["disconnect", disconnect]]) {
      REPLACED_EXTRA.push([proto[name], original]);
    }
  }
  const unreported = (t, tuning) => {
    for (const targets of owed.values()) for (const since of targets.values()) if (t - since < tuning.frameWaitMs) return true;
    return false;
  };

  // A repeating source that reads the layout is a position poller: it gets a look after each step.
  const measuring = (owner, name, getter) => {
    const descriptor = owner && Object.getOwnPropertyDescriptor(owner, name);
    if (!descriptor) return;
    const key = getter ? "get" : "value";
    const original = descriptor[key];
    if (typeof original !== "function") return;
    const replacement = { [name]: function () {
      const ctx = current || ambient;
      if (ctx && ctx.source) ctx.source.measures = true;
      return original.apply(this, arguments);
    } }[name];
    Object.defineProperty(owner, name, { ...descriptor, [key]: replacement });
    REPLACED_EXTRA.push([replacement, original]);
  };
  measuring(Element.prototype, "getBoundingClientRect", false);
  measuring(Element.prototype, "getClientRects", false);
  measuring(HTMLElement.prototype, "offsetTop", true);
  measuring(Element.prototype, "scrollTop", true);
  measuring(window, "scrollY", true);
  measuring(window, "pageYOffset", true);

  // ---- what the render asks -----------------------------------------------------------------------
  // Milliseconds since the DOM last changed, since its content last changed in the foreground, since a
  // data call was made or answered (0 while one is open).
  state.idle = (staleMs) => {
    const t = now();
    return [t - state.last, t - state.lastContent, state.calling(staleMs) ? 0 : t - state.lastRequest];
  };
  // One of our actions (a scroll step, a click) begins: position pollers get a look after it.
  state.act = () => ++state.action;
  const loadedAt = () => {
    const entry = performance.getEntriesByType("navigation")[0];
    return entry ? entry.domContentLoadedEventEnd : 0;
  };
  // What the page is still doing that it will finish by itself, as a list of words (empty: nothing):
  // foreground one-shot work due within the timer horizon, calls younger than staleMs, pollers that
  // owe new work a look, observers that owe a new target its first notification, and the load event
  // when the page listens for it (not past staleMs).
  // `reactionsOnly`: only what our last step's scroll handlers set and what position pollers owe it
  // (a scroll step waits for those before the next; the rest is waited for at the end of the pass).
  state.blockers = (reactionsOnly, tuning) => {
    const t = now(), found = [];
    for (const entry of pending.values()) {
      if (reactionsOnly && !entry.reaction) continue;
      if (entry.wait > tuning.timerHorizonMs) continue;  // a popup in ten seconds is not content
      if (entry.kind === "call" && t - entry.started >= tuning.staleMs) continue;  // a long poll
      found.push(entry.kind);
    }
    for (const source of sources) {
      if (source.period > tuning.lookHorizonMs) continue;
      if (source.measures && source.seenAction !== state.action) found.push("poller");
      else if (!reactionsOnly && source.seenWork !== state.work) found.push("poller");
    }
    if (unreported(t, tuning)) found.push("observer");
    if (!reactionsOnly && document.readyState !== "complete" &&
        (state.loadListeners || window.onload) && t - loadedAt() < tuning.staleMs) found.push("load");
    return found;
  };
  // Resolves once the page has nothing left to do of its own (see `blockers`), its content and work
  // have been quiet for the quiet window (the longer one when work can arrive by ways that cannot be
  // followed: messages, workers, sockets, string timers), and the main thread reached an idle period;
  // or after limitMs. Resolves with what was still being waited for (empty when done).
  state.settle = (limitMs, reactionsOnly, tuning) => new Promise((resolve) => {
    const started = now();
    const idlePeriod = () => new Promise((done) => {
      if (!native.requestIdleCallback) { done(true); return; }
      native.requestIdleCallback.call(window, (deadline) => done(!deadline.didTimeout), { timeout: 100 });
    });
    const check = async () => {
      const t = now();
      let waiting = state.blockers(reactionsOnly, tuning);
      if (!waiting.length && !reactionsOnly) {
        const quiet = state.unfollowed ? tuning.quietMs : tuning.shortQuietMs;
        const since = Math.min(t - state.lastContent, t - state.lastWork,
          state.calling(tuning.staleMs) ? 0 : t - state.lastRequest);
        if (since < quiet) waiting = ["quiet"];
        else if (!(await idlePeriod())) waiting = ["busy"];
        else if (state.blockers(false, tuning).length) waiting = ["work"];
      }
      if (!waiting.length || now() - started >= limitMs) { resolve(waiting); return; }
      native.setTimeout.call(window, check, 16);
    };
    check();
  });

  // ---- the functions replaced above keep their names and show their native source ---------------
  const originals = new WeakMap();
  const cloak = (replacement, original) => {
    if (typeof original !== "function" || typeof replacement !== "function" || replacement === original) return;
    originals.set(replacement, original);
    Object.defineProperty(replacement, "name", { value: original.name });
    Object.defineProperty(replacement, "length", { value: original.length });
  };
  for (const [owner, name, original] of REPLACED) cloak(owner[name], original);
  for (const [replacement, original] of REPLACED_EXTRA) cloak(replacement, original);
  const shown = new Proxy(native.toString, {
    apply: (target, self, args) => Reflect.apply(target, originals.get(self) || self, args),
  });
  originals.set(shown, native.toString);
  Function.prototype.toString = shown;
})();
