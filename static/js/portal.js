// Font-size switch (大字模式), remembered on this device; no inline scripts (CSP-friendly).
(function () {
  var root = document.documentElement;
  if (localStorage.getItem("portal-font") === "large") root.classList.add("font-large");
  document.querySelectorAll("[data-font-toggle]").forEach(function (btn) {
    btn.setAttribute("aria-pressed", root.classList.contains("font-large"));
    btn.addEventListener("click", function () {
      var large = root.classList.toggle("font-large");
      localStorage.setItem("portal-font", large ? "large" : "normal");
      btn.setAttribute("aria-pressed", large);
    });
  });
  // After a failed save the error summary takes the focus, so the page scrolls to it and a
  // screen reader reads it; each item links to its field (templates/core/_error_summary.html).
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
    summary.scrollIntoView({ block: "start" });
  }
  // A table wider than the phone scrolls in its box; keyboard users must be able to reach that
  // scrolling (WCAG 2.1.1), so a box without a link or control inside becomes focusable itself.
  document.querySelectorAll(".table-responsive").forEach(function (box) {
    if (box.scrollWidth <= box.clientWidth || box.querySelector("a, button, input, select, textarea")) return;
    box.setAttribute("tabindex", "0");
    box.setAttribute("role", "region");
    if (!box.hasAttribute("aria-label")) box.setAttribute("aria-label", "表格（可左右滑动）");
  });
  // Confirmations live in data-confirm, not in onsubmit="" (the CSP refuses inline handlers).
  // Registered before the submit-once handler, so a "cancel" leaves the buttons usable.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    });
  });
  // A form submits once: a double tap on a phone must not post twice.
  document.querySelectorAll("form[method=post], form[method=POST]").forEach(function (form) {
    form.addEventListener("submit", function () {
      form.querySelectorAll("button[type=submit]").forEach(function (b) {
        setTimeout(function () { b.disabled = true; }, 0);
      });
    });
  });
})();
