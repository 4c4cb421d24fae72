// The 工作台's batch form: 全选本页 ticks every row, and the count of rows
// ticked is said beside the button. Without this script each row is
// ticked by hand and the form works the same.
(function () {
  "use strict";
  var form = document.getElementById("batch-form");
  var all = document.getElementById("select-all");
  if (!form || !all) return;
  var picks = form.querySelectorAll("input.batch-pick");
  var count = document.getElementById("batch-count");
  function update() {
    var n = 0;
    picks.forEach(function (p) { if (p.checked) n++; });
    all.checked = n > 0 && n === picks.length;
    all.indeterminate = n > 0 && n < picks.length;
    if (count) count.textContent = n ? "已选 " + n + " 份" : "";
  }
  all.hidden = false;
  all.addEventListener("change", function () {
    picks.forEach(function (p) { p.checked = all.checked; });
    update();
  });
  picks.forEach(function (p) { p.addEventListener("change", update); });
  update();
})();
