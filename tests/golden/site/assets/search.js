/* journalgen search: filters the records of assets/search/<month>.js (window.JOURNAL_SEARCH) as you type.
   No library, no request: everything stays on this computer and works from file://. */
(function () {
  "use strict";
  var parts = window.JOURNAL_SEARCH || {};
  var index = [];
  // Newest month first ("2026-11" before "2026-10"); the notes (no date) last.
  function newer(a, b) { return a === "notes" ? 1 : b === "notes" ? -1 : a < b ? 1 : a > b ? -1 : 0; }
  Object.keys(parts).sort(newer).forEach(function (part) { index = index.concat(parts[part]); });
  var ui = document.getElementById("search-ui");
  var form = document.getElementById("search-form");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  if (!ui || !form || !status || !list) { return; }
  var field = function (name) { return form.elements.namedItem(name); };
  var LIMIT = 50;
  var KINDS = { "session": "Session", "follow-up": "Follow-up", "intention": "Intention", "reflection": "Reflection", "note": "Note" };
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  index.forEach(function (r) { r.haystack = fold(r.title + " " + r.text); r.folded = fold(r.text); });

  function longDate(iso) {
    var p = iso.split("-");
    var d = new Date(Date.UTC(+p[0], +p[1] - 1, +p[2]));
    var day = d.toLocaleDateString("en-GB", { weekday: "long", timeZone: "UTC" });
    return day + ", " + (+p[2]) + " " + MONTHS[+p[1] - 1] + " " + p[0];
  }

  function snippet(record, words) {
    var text = record.text;
    if (!words.length) { return text.slice(0, 140) + (text.length > 140 ? "…" : ""); }
    var at = record.folded.indexOf(words[0]);
    if (at < 0) { return text.slice(0, 140) + (text.length > 140 ? "…" : ""); }
    var start = Math.max(0, at - 60);
    var end = Math.min(text.length, at + words[0].length + 80);
    return (start > 0 ? "…" : "") + text.slice(start, end) + (end < text.length ? "…" : "");
  }

  function matches(r, words, f) {
    for (var i = 0; i < words.length; i++) {
      if (r.haystack.indexOf(words[i]) < 0) { return false; }
    }
    if (f.tag && r.tags.indexOf(f.tag) < 0) { return false; }
    if (f.emotion && r.emotions.indexOf(f.emotion) < 0) { return false; }
    if (f.route && r.route !== f.route) { return false; }
    if (f.kind && r.kind !== f.kind) { return false; }
    if (f.from && r.date < f.from) { return false; }
    if (f.to && r.date > f.to) { return false; }
    return true;
  }

  // A record's url is a site path as written (entries/2026/a#b.html); a link needs each part
  // percent-encoded, as the site's own links are, or `#`, `?` and `%` in a file name break it.
  function href(url) {
    return url.split("/").map(encodeURIComponent).join("/");
  }

  function item(r, words) {
    var li = document.createElement("li");
    li.className = "entry-item kind-" + r.kind;
    var meta = document.createElement("p");
    meta.className = "entry-item-meta";
    meta.textContent = (KINDS[r.kind] || r.kind) + (r.date ? " · " + longDate(r.date) : "");
    var title = document.createElement("p");
    title.className = "entry-item-title";
    var a = document.createElement("a");
    a.href = href(r.url);
    a.textContent = r.title;
    title.appendChild(a);
    var text = document.createElement("p");
    text.className = "search-snippet";
    text.textContent = snippet(r, words);
    li.appendChild(meta);
    li.appendChild(title);
    li.appendChild(text);
    return li;
  }

  var last = null;
  function run() {
    var f = {
      tag: field("tag").value, emotion: field("emotion").value, route: field("route").value,
      kind: field("kind").value, from: field("from").value, to: field("to").value
    };
    var query = fold(field("q").value).trim();
    var words = query ? query.split(/\s+/) : [];
    var key = JSON.stringify([words, f]);
    if (key === last) { return; }
    last = key;
    var filtered = f.tag || f.emotion || f.route || f.kind || f.from || f.to;
    list.textContent = "";
    if (!words.length && !filtered) {
      status.textContent = "Type a word or choose a filter; results appear as you go.";
      return;
    }
    var found = index.filter(function (r) { return matches(r, words, f); });
    var shown = found.slice(0, LIMIT);
    var fragment = document.createDocumentFragment();
    shown.forEach(function (r) { fragment.appendChild(item(r, words)); });
    list.appendChild(fragment);
    if (!found.length) {
      status.textContent = "No entries found.";
    } else {
      status.textContent = (found.length === 1 ? "1 entry found" : found.length + " entries found") +
        (found.length > LIMIT ? "; the newest " + LIMIT + " are shown." : ".");
    }
  }

  form.addEventListener("input", run);
  form.addEventListener("change", run);
  form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
  window.addEventListener("pageshow", function () { last = null; run(); });
  ui.hidden = false;
  run();
}());
