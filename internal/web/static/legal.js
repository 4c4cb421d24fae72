// 修改法人信息 of a certified organisation: as soon as a field that 实名认证
// checks differs from the saved value, the notice above 保存 names it. The
// notice is the confirmation the server otherwise asks for in a second
// step, so the form says it was shown; changing the field back withdraws it.
(function () {
  "use strict";
  var form = document.getElementById("legal-form");
  var notice = document.getElementById("recert-live");
  if (!form || !notice) return;
  var fields = form.querySelectorAll("[data-recert]");
  var list = notice.querySelector("[data-recert-list]");
  var confirmed = form.elements["confirm_recert"];

  // The server trims what is typed and upper-cases ID numbers (the X).
  function norm(v) { return (v || "").trim().toUpperCase(); }

  function update() {
    var changed = [];
    Array.prototype.forEach.call(fields, function (f) {
      var ctrl = f.querySelector("input, select");
      if (ctrl && norm(ctrl.value) !== norm(f.getAttribute("data-saved"))) {
        changed.push(f.getAttribute("data-recert"));
      }
    });
    notice.hidden = changed.length === 0;
    list.textContent = changed.join("、");
    confirmed.value = changed.length ? "1" : "";
  }

  form.addEventListener("input", update);
  form.addEventListener("change", update);
  update();
})();
