// served with ?delay=800 by faults/stalled-then-slow.html: a parser-blocking script of the page's own host that is slow
document.documentElement.dataset.slowPart = "ran";
