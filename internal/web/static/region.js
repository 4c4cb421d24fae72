// The 所属区市 cascade: choosing a province lists its cities, choosing a
// city lists its counties, in place. Without this script the 选择 buttons
// post the form and the server lists them; the script removes the buttons
// once it has the data, so that the Enter key in a text field saves the
// form instead of choosing.
(function () {
  "use strict";

  var picker = document.querySelector("[data-region-picker]");
  if (!picker || !window.fetch) return;
  var province = picker.querySelector("#region-province");
  var city = picker.querySelector("#region-city");
  var county = picker.querySelector("#region");
  var cityLabel = picker.querySelector("#region-city-label");
  var countyLabel = picker.querySelector("#region-level-label");
  // The usual names of the levels, before anything is chosen.
  var CITY = "市（地区、自治州、盟）", COUNTY = "区（县、县级市、旗）";

  function option(value, text) {
    var o = document.createElement("option");
    o.value = value;
    o.textContent = text;
    return o;
  }

  // fill lists the regions below node in select, the node alone first and
  // chosen, as the server does after 选择; when node stops there (no node
  // chosen, or a region with nothing below), the select is disabled and
  // says why (note).
  function fill(select, label, node, note, emptyLabel) {
    select.textContent = "";
    label.textContent = node && node.label ? node.label : emptyLabel;
    if (!node || !node.whole) {
      select.appendChild(option("", note));
      select.disabled = true;
      return;
    }
    select.disabled = false;
    select.appendChild(option(node.code, node.whole));
    (node.regions || []).forEach(function (r) { select.appendChild(option(r.code, r.name)); });
    select.value = node.code;
  }

  function find(list, code) {
    for (var i = 0; list && i < list.length; i++) {
      if (list[i].code === code) return list[i];
    }
    return null;
  }

  fetch(picker.getAttribute("data-regions"), { credentials: "same-origin" })
    .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
    .then(function (list) {
      function chosenProvince() { return find(list, province.value); }
      function fillCounties() {
        var p = chosenProvince();
        var c = p && city.value !== p.code ? find(p.regions, city.value) : null;
        var note = c ? "（其下不再细分）" : "请先选择" + (p ? p.label : CITY);
        fill(county, countyLabel, c, note, COUNTY);
      }
      province.addEventListener("change", function () {
        var p = chosenProvince();
        fill(city, cityLabel, p, "请先选择省（自治区、直辖市）", CITY);
        fillCounties();
      });
      city.addEventListener("change", fillCounties);
      picker.querySelectorAll(".region-pick").forEach(function (b) { b.remove(); });
      picker.setAttribute("data-region-ready", "");
    })
    .catch(function () { /* the 选择 buttons still work */ });
})();
