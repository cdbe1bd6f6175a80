// journalgen serve: reload this page after each rebuild, keeping the scroll position.
(function () {
  var key = "journalgen-scroll:" + location.pathname;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    window.addEventListener("load", function () { window.scrollTo(0, parseInt(saved, 10) || 0); });
  }
  var source = new EventSource("/__journalgen/events");
  source.addEventListener("rebuilt", function () {
    sessionStorage.setItem(key, String(window.scrollY));
    location.reload();
  });
})();
