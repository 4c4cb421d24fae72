// Hatch's only script. Everything works without it; it adds a captcha that
// refreshes in place, focus on the error summary, and a warning before the
// session idles out, with a button that keeps it alive.
(function () {
  "use strict";

  function refreshCaptcha(ev) {
    var img = document.getElementById("captcha-img");
    var idField = document.querySelector("input[name=captcha_id]");
    if (!img || !idField) return;
    ev.preventDefault();
    fetch("/captcha/new", { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (c) {
      idField.value = c.id;
      img.src = c.image;
      var audio = document.getElementById("captcha-audio");
      if (audio) audio.href = c.audio;
      var input = document.getElementById("captcha");
      if (input) { input.value = ""; input.focus(); }
    });
  }

  function focusErrors() {
    var summary = document.getElementById("error-summary");
    if (summary) summary.focus();
  }

  function sessionWarning() {
    var body = document.body;
    var expires = parseInt(body.getAttribute("data-expires") || "0", 10);
    var warn = parseInt(body.getAttribute("data-warn") || "300", 10) * 1000;
    var box = document.getElementById("session-warning");
    if (!expires || !box) return;
    var countdown = document.getElementById("session-countdown");
    function tick() {
      var left = expires - Date.now();
      if (left <= 0) { window.location = "/login"; return; }
      if (left <= warn) {
        box.hidden = false;
        var m = Math.floor(left / 60000), s = Math.floor((left % 60000) / 1000);
        countdown.textContent = m + " 分 " + s + " 秒";
      }
      setTimeout(tick, 1000);
    }
    document.getElementById("session-keep").addEventListener("click", function () {
      fetch("/session/keepalive", { method: "POST", credentials: "same-origin",
        headers: { "X-CSRF-Token": body.getAttribute("data-csrf") } })
        .then(function (r) { return r.json(); })
        .then(function (d) { expires = d.expires_at; box.hidden = true; });
    });
    tick();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var refresh = document.querySelector("[data-captcha-refresh]");
    if (refresh) refresh.addEventListener("click", refreshCaptcha);
    focusErrors();
    sessionWarning();
  });
})();
