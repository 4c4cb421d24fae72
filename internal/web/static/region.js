// The 所属区市 picker: choosing a province lists its regions in place.
// Without this script the 选择 button posts the form and the server lists
// them; the script removes the button once it has the data, so that the
// Enter key in a text field saves the form instead of choosing.
(function () {
  "use strict";

  var picker = document.querySelector("[data-region-picker]");
  if (!picker || !window.fetch) return;
  var province = picker.querySelector("#region-province");
  var regions = picker.querySelector("#region");
  var label = picker.querySelector("#region-level-label");
  var pick = picker.querySelector(".region-pick");

  function option(value, text) {
    var o = document.createElement("option");
    o.value = value;
    o.textContent = text;
    return o;
  }

  // fill lists the chosen province's regions, the province alone first and
  // chosen, as the server does after 选择.
  function fill(byCode) {
    var p = byCode[province.value];
    regions.textContent = "";
    if (!p) {
      regions.appendChild(option("", "请先选择省（自治区、直辖市）"));
      label.textContent = "区市";
      return;
    }
    regions.appendChild(option(p.code, p.whole));
    p.regions.forEach(function (r) { regions.appendChild(option(r[0], r[1])); });
    regions.value = p.code;
    label.textContent = p.label;
  }

  fetch(picker.getAttribute("data-regions"), { credentials: "same-origin" })
    .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
    .then(function (list) {
      var byCode = {};
      list.forEach(function (p) { byCode[p.code] = p; });
      province.addEventListener("change", function () { fill(byCode); });
      if (pick) pick.remove();
      picker.setAttribute("data-region-ready", "");
    })
    .catch(function () { /* the 选择 button still works */ });
})();
