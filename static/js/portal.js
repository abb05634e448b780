// 大字 switch: the server applies the choice (a class on <html>, no flash) and keeps it per user
// or device (accounts:font_switch); here the switch flips the page in place and tells the server.
// No inline scripts (CSP-friendly).
(function () {
  var root = document.documentElement;
  document.querySelectorAll("form[data-font-switch]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.fetch) return;  // an old browser posts the form and gets the page back
      event.preventDefault();
      event.stopImmediatePropagation();  // not the submit-once handler: the switch stays usable
      var large = !root.classList.contains("font-large");
      root.classList.toggle("font-large", large);
      document.querySelectorAll("form[data-font-switch]").forEach(function (f) {
        f.querySelector("[data-font-next]").value = large ? "0" : "1";
        f.querySelector("[data-font-toggle]").setAttribute("aria-pressed", large ? "true" : "false");
        f.querySelector("[data-font-state]").textContent = large ? "开" : "关";
      });
      var data = new FormData(form);
      data.set("large", large ? "1" : "0");
      fetch(form.action, {
        // keepalive: the choice reaches the server even when the next tap leaves the page.
        method: "POST", body: data, credentials: "same-origin", keepalive: true,
        headers: { "X-Requested-With": "fetch" },
      });
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
