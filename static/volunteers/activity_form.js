// "全部到场": one tap marks every member present with the default hours; then adjust one by one.
(function () {
  var form = document.querySelector("[data-testid=activity-form]");
  if (!form) return;
  var defaultBox = form.querySelector("[name=default_hours]");
  function rows() { return form.querySelectorAll(".vol-participant"); }
  form.querySelector("[data-mark-all]").addEventListener("click", function () {
    var hours = defaultBox && defaultBox.value ? defaultBox.value : "";
    rows().forEach(function (row) {
      row.querySelector("[data-present]").checked = true;
      var box = row.querySelector("[data-hours]");
      if (!box.value) box.value = hours;
    });
  });
  form.querySelector("[data-clear-all]").addEventListener("click", function () {
    rows().forEach(function (row) { row.querySelector("[data-present]").checked = false; });
  });
  // Typing hours for someone means they were there.
  rows().forEach(function (row) {
    row.querySelector("[data-hours]").addEventListener("input", function (e) {
      if (e.target.value) row.querySelector("[data-present]").checked = true;
    });
  });
})();
