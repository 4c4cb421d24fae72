// The 公示 dates: as the reviewer enters the first day, the hint says
// which day is the fifth working day (the holiday calendar is the
// server's), and fills the last day if it is still empty. Without this
// script the save says the same when the period is too short.
(function () {
  "use strict";
  if (!window.fetch) return;
  document.querySelectorAll("[data-publicity]").forEach(function (row) {
    if (row.hasAttribute("data-publicity-ready")) return;
    row.setAttribute("data-publicity-ready", "");
    var from = row.querySelector('input[name="public_from"]');
    var to = row.querySelector('input[name="public_to"]');
    var hint = row.parentNode.querySelector(".publicity-end");
    if (!from || !to || !hint) return;
    function update() {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(from.value)) { hint.textContent = ""; return; }
      var url = row.getAttribute("data-workdays") + "?from=" + encodeURIComponent(from.value);
      fetch(url, { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (j) {
          if (j.end) {
            hint.textContent = "自 " + from.value + " 起，第 5 个工作日是 " + j.end + "。";
            if (!to.value) to.value = j.end;
          } else {
            hint.textContent = j.error || "";
          }
        })
        .catch(function () { hint.textContent = ""; });
    }
    from.addEventListener("change", update);
    if (from.value) update();
  });
})();
