// Disable the submit button once a form is sent: the server also refuses a second copy
// (submit token), this only spares the secretary the confusion of a double tap.
document.querySelectorAll("form[data-once]").forEach(function (form) {
  form.addEventListener("submit", function () {
    form.querySelectorAll("button[type=submit]").forEach(function (b) {
      setTimeout(function () { b.disabled = true; }, 0);
    });
  });
});
