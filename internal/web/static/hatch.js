// Hatch's only script. Everything works without it; it adds a captcha that
// refreshes in place, focus on the summary of problems after a save, and a
// warning before the session idles out, with a button that keeps it alive.
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

  // focusSummary moves focus to the list of what is wrong after a save
  // (GOV.UK's error summary), so it is read out first: the errors of a
  // refused save, or the problems a saved draft still has, which the
  // page's warning flash announces after the redirect. A page merely
  // opened, or opened at an anchor, keeps focus where it is.
  function focusSummary() {
    var summary = document.getElementById("error-summary");
    if (!summary && !window.location.hash && document.querySelector("#flash.notice-warning")) {
      summary = document.getElementById("issue-summary");
    }
    if (summary) summary.focus();
  }

  // sessionWarning shows the idle-timeout warning, an alertdialog at the
  // top of the page (in the flow, so it covers nothing). When it appears,
  // focus moves to its 继续使用 button, which reads the warning out once;
  // the countdown is no live region, so it is not read out every second;
  // when the last minute begins, a live region says so once. 继续使用 (or
  // Esc) extends the session and puts focus back where the user was.
  function sessionWarning() {
    var body = document.body;
    // The server says how long the session has left, not when it ends:
    // the countdown runs on this computer's clock, which may be wrong.
    var left0 = parseInt(body.getAttribute("data-expires-in") || "0", 10);
    var warn = parseInt(body.getAttribute("data-warn") || "300", 10) * 1000;
    var box = document.getElementById("session-warning");
    if (!left0 || !box) return;
    var expires = Date.now() + left0;
    var countdown = document.getElementById("session-countdown");
    var keep = document.getElementById("session-keep");
    var announce = document.getElementById("session-announce");
    var back = document.activeElement; // the last place focused outside the warning
    var lastMinuteSaid = false;
    document.addEventListener("focusin", function (e) {
      if (!box.contains(e.target)) back = e.target;
    });
    function tick() {
      var left = expires - Date.now();
      if (left <= 0) { window.location = "/login"; return; }
      if (left <= warn) {
        var m = Math.floor(left / 60000), s = Math.floor((left % 60000) / 1000);
        countdown.textContent = m + " 分 " + s + " 秒";
        if (box.hidden) {
          box.hidden = false;
          lastMinuteSaid = left <= 60000; // the warning itself says as much
          keep.focus();
        } else if (!lastMinuteSaid && left <= 60000) {
          lastMinuteSaid = true;
          announce.textContent = "登录将在 1 分钟内因超时退出。如需继续使用，请点击“继续使用”。";
        }
      }
      setTimeout(tick, 1000);
    }
    function extend() {
      fetch("/session/keepalive", { method: "POST", credentials: "same-origin",
        headers: { "X-CSRF-Token": body.getAttribute("data-csrf") } })
        .then(function (r) { return r.json(); })
        .then(function (d) {
          expires = Date.now() + d.expires_in;
          box.hidden = true;
          announce.textContent = "";
          if (back && back !== body && document.contains(back)) back.focus();
          else document.getElementById("main").focus({ preventScroll: true });
        });
    }
    keep.addEventListener("click", extend);
    box.addEventListener("keydown", function (e) {
      if (e.key === "Escape") { e.preventDefault(); extend(); }
    });
    tick();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var refresh = document.querySelector("[data-captcha-refresh]");
    if (refresh) refresh.addEventListener("click", refreshCaptcha);
    focusSummary();
    sessionWarning();
  });
})();

// ===== 众创空间国家备案: application pages (app_*.html) =====
// Everything below only helps: every form also works without it.
// - Long texts save themselves 2 s after the user stops typing.
// - Cells that are 不可填 in a row's state are disabled and cleared as soon
//   as the state changes (and restored if it changes back).
// - Uploads that are too large are stopped before they are sent.
// - Long texts show how many characters have been typed.
(function () {
  "use strict";

  function autosave(form) {
    var status = form.querySelector("[data-autosave-status]");
    var revision = form.querySelector("input[name=revision]");
    if (!status || !revision || !window.fetch || !window.URLSearchParams) return;
    var timer = null, busy = false, again = false, stopped = false;
    function say(text, isError) {
      status.textContent = text;
      status.classList.toggle("is-error", !!isError);
    }
    function save() {
      if (stopped) return;
      if (busy) { again = true; return; }
      busy = true;
      fetch(form.action, {
        method: "POST", credentials: "same-origin",
        headers: { "X-CSRF-Token": document.body.getAttribute("data-csrf") || "", "Accept": "application/json",
          "Content-Type": "application/x-www-form-urlencoded;charset=UTF-8" },
        body: new URLSearchParams(new FormData(form)).toString()
      }).then(function (r) {
        return r.json().then(function (d) { return { code: r.status, data: d }; });
      }).then(function (res) {
        busy = false;
        if (res.code === 200) {
          revision.value = res.data.revision;
          var n = (res.data.issues || []).length;
          say("已保存 " + res.data.saved_at + (n ? "（仍有 " + n + " 处问题）" : ""));
        } else if (res.code === 409) {
          stopped = true;
          say("其他人已修改并保存了这部分内容，自动保存已停止。请点击“保存”，查看两个版本后再决定保留哪一个。", true);
        } else {
          say((res.data && res.data.error) || "自动保存未成功，请点击“保存”。", true);
        }
        if (again && !stopped) { again = false; save(); }
      }).catch(function () {
        busy = false;
        say("自动保存未成功（网络问题），请稍后点击“保存”。", true);
      });
    }
    form.addEventListener("input", function () {
      if (stopped) return;
      clearTimeout(timer);
      timer = setTimeout(save, 2000);
    });
    form.addEventListener("submit", function () { clearTimeout(timer); stopped = true; });
  }

  function notFillable(form) {
    var deps = form.querySelectorAll("[data-not-fillable-when-field]");
    if (!deps.length) return;
    var controls = {};
    Array.prototype.forEach.call(deps, function (el) { controls[el.getAttribute("data-not-fillable-when-field")] = true; });
    function apply() {
      Array.prototype.forEach.call(deps, function (el) {
        var ctrl = form.elements[el.getAttribute("data-not-fillable-when-field")];
        var value = ctrl ? String(ctrl.value || "").trim() : "";
        var states = [];
        try { states = JSON.parse(el.getAttribute("data-not-fillable-when-values") || "[]"); } catch (e) { states = []; }
        var off = states.indexOf(value) >= 0;
        var check = el.type === "checkbox" || el.type === "radio";
        if (off && !el.disabled) {
          el.setAttribute("data-stash", check ? (el.checked ? "1" : "") : el.value);
          if (check) el.checked = false; else el.value = "";
          el.disabled = true;
        } else if (!off && el.disabled) {
          el.disabled = false;
          var stash = el.getAttribute("data-stash") || "";
          if (check) el.checked = stash === "1"; else if (el.value === "" && stash) el.value = stash;
          el.removeAttribute("data-stash");
        }
        var field = el.closest(".field");
        if (field) {
          field.classList.toggle("is-not-fillable", off);
          var note = field.querySelector("[data-nf-note]");
          if (note) note.textContent = off ? "此状态下不可填" : "";
        }
      });
    }
    form.addEventListener("change", function (e) {
      if (e.target && controls[e.target.name]) apply();
    });
    apply();
  }

  // requiredStars shows a field's * only in the states where saving will
  // ask for it.
  function requiredStars(form) {
    var stars = form.querySelectorAll("[data-req-field]");
    if (!stars.length) return;
    function apply() {
      Array.prototype.forEach.call(stars, function (star) {
        var ctrl = form.elements[star.getAttribute("data-req-field")];
        var value = ctrl ? String(ctrl.value || "").trim() : "";
        var states = [];
        try { states = JSON.parse(star.getAttribute("data-req-values") || "[]"); } catch (e) { states = []; }
        var inList = states.indexOf(value) >= 0;
        star.hidden = star.hasAttribute("data-req-unless") ? inList : !inList;
      });
    }
    form.addEventListener("change", apply);
    apply();
  }

  function uploadCheck(input) {
    var form = input.form;
    if (!form) return;
    form.addEventListener("submit", function (e) {
      var max = parseInt(input.getAttribute("data-max-bytes") || "0", 10);
      var files = Array.from(input.files || []);
      var small = files.filter(function (f) { return !max || f.size <= max; });
      var msg = "";
      // Files over the limit are refused one by one by the server, which
      // keeps the others; only a choice with nothing to send stops here.
      if (!files.length) msg = "请先选择要上传的文件。";
      else if (!small.length) msg = (files.length > 1 ? "所选文件都" : "文件") + "超过大小上限 " + Math.round(max / 1048576) + " MB，请压缩或拆分后再上传。";
      if (!msg) return;
      e.preventDefault();
      var p = form.querySelector(".field-error");
      if (!p) {
        p = document.createElement("p");
        p.className = "field-error";
        p.id = input.id + "-error";
        form.insertBefore(p, input.closest(".upload-row"));
        input.setAttribute("aria-describedby", (input.getAttribute("aria-describedby") || "") + " " + p.id);
      }
      p.textContent = msg;
      input.setAttribute("aria-invalid", "true");
      input.focus();
    });
  }

  function charCount(area) {
    var max = parseInt(area.getAttribute("data-maxlen") || "0", 10);
    if (!max) return;
    var out = document.createElement("p");
    out.className = "char-count";
    area.parentNode.insertBefore(out, area.nextSibling);
    function update() {
      var n = Array.from(area.value).length;
      out.textContent = "已输入 " + n + " 字，最多 " + max + " 字" + (n > max ? "，已超出 " + (n - max) + " 字" : "");
      out.classList.toggle("is-over", n > max);
    }
    area.addEventListener("input", update);
    update();
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form.app-form"), function (form) {
      notFillable(form);
      requiredStars(form);
      if (form.hasAttribute("data-autosave")) autosave(form);
    });
    Array.prototype.forEach.call(document.querySelectorAll("input[type=file][data-max-bytes]"), uploadCheck);
    Array.prototype.forEach.call(document.querySelectorAll("textarea[data-maxlen]"), charCount);
  });
})();
// ===== end of 众创空间国家备案 =====

// ===== 申报书 versions =====
// After 下载材料 the versions page marks the new version: its download
// starts by itself, once (the address loses ?new so a reload does not
// download again). The 下载 link stays for browsers without script.
(function () {
  // On load, not DOMContentLoaded: a download started before the page has
  // loaded cancels its load event.
  window.addEventListener("load", function () {
    var row = document.querySelector("tr[data-download]");
    if (!row) return;
    if (window.history && history.replaceState) {
      history.replaceState(null, "", window.location.pathname);
    }
    window.location.href = row.getAttribute("data-download");
  });
})();

// The page that follows a 下载材料 (app_render): instead of the reload the
// page asks for without script, fetch it again every so often and swap in
// its status; once the 申报书 is made, go on to the versions page, which
// marks the new version and starts its download.
(function () {
  function next(status) {
    var done = status.getAttribute("data-versions");
    if (done) {
      window.location.replace(done);
      return;
    }
    var secs = parseInt(status.getAttribute("data-poll"), 10);
    if (!secs) return; // failed: the message stays
    window.setTimeout(function () { poll(status); }, 1000);
  }
  function poll(status) {
    fetch(window.location.href, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("render-status");
        if (!fresh) return Promise.reject("no status");
        status.replaceWith(fresh);
        next(fresh);
      })
      .catch(function () { window.setTimeout(function () { poll(status); }, 3000); });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var status = document.getElementById("render-status");
    if (status) next(status);
  });
})();
