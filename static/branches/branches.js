// Disable the submit button once a form is sent: the server also refuses a second copy
// (submit token), this only spares the secretary the confusion of a double tap.
document.querySelectorAll("form[data-once]").forEach(function (form) {
  form.addEventListener("submit", function () {
    form.querySelectorAll("button[type=submit]").forEach(function (b) {
      setTimeout(function () { b.disabled = true; }, 0);
    });
  });
});

// Attendance: nobody starts marked; 全部出席 / 全部缺席 mark every member at once, and a common
// reason (生病住院, 外出, 行动不便) fills the reason box with one tap.
document.querySelectorAll("[data-attendance-all]").forEach(function (btn) {
  btn.addEventListener("click", function () {
    var value = btn.getAttribute("data-attendance-all");
    var box = btn.closest("[data-attendance]");
    box.querySelectorAll("input[type=radio][value=" + value + "]").forEach(function (radio) {
      radio.checked = true;
    });
  });
});
document.querySelectorAll("[data-reason-pick]").forEach(function (btn) {
  btn.addEventListener("click", function () {
    var input = document.getElementById(btn.getAttribute("data-reason-pick"));
    if (input) input.value = btn.getAttribute("data-reason");
  });
});
