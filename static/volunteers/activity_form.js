// "全部到场": one tap marks every member present with the default hours; then adjust one by one.
// Ticking one member fills the default hours into their box at once (visibly, with a note), and
// unticking empties a box the tick had filled; changing the default updates the boxes it filled.
(function () {
  var form = document.querySelector("[data-testid=activity-form]");
  if (!form) return;
  var defaultBox = form.querySelector("[name=default_hours]");
  function rows() { return form.querySelectorAll(".vol-participant"); }
  function defaultHours() { return defaultBox && defaultBox.value ? defaultBox.value : ""; }
  function note(row, text) {
    var el = row.querySelector("[data-hours-note]");
    if (el) el.textContent = text;
  }
  function fill(row) {
    var box = row.querySelector("[data-hours]");
    if (box.value || !defaultHours()) return;
    box.value = defaultHours();
    box.setAttribute("data-filled", "default");
    row.classList.add("vol-filled");
    note(row, "已按默认时长填入 " + box.value + " 小时，可修改");
  }
  function unfill(row) {
    var box = row.querySelector("[data-hours]");
    if (box.getAttribute("data-filled") !== "default") return;
    box.value = "";
    box.removeAttribute("data-filled");
    row.classList.remove("vol-filled");
    note(row, "");
  }
  form.querySelector("[data-mark-all]").addEventListener("click", function () {
    rows().forEach(function (row) {
      row.querySelector("[data-present]").checked = true;
      fill(row);
    });
  });
  form.querySelector("[data-clear-all]").addEventListener("click", function () {
    rows().forEach(function (row) {
      row.querySelector("[data-present]").checked = false;
      unfill(row);
    });
  });
  rows().forEach(function (row) {
    var box = row.querySelector("[data-hours]");
    row.querySelector("[data-present]").addEventListener("change", function (e) {
      if (e.target.checked) fill(row); else unfill(row);
    });
    // Typing hours for someone means they were there; typed hours are theirs, not the default.
    box.addEventListener("input", function () {
      box.removeAttribute("data-filled");
      row.classList.remove("vol-filled");
      note(row, "");
      if (box.value) row.querySelector("[data-present]").checked = true;
    });
  });
  if (defaultBox) {
    defaultBox.addEventListener("input", function () {
      rows().forEach(function (row) {
        var box = row.querySelector("[data-hours]");
        if (box.getAttribute("data-filled") === "default") {
          box.value = defaultHours();
          note(row, box.value ? "已按默认时长填入 " + box.value + " 小时，可修改" : "");
        }
      });
    });
  }
})();
