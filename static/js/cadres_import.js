// The roster import's progress bar (templates/cadres/import_progress.html): polls the job's
// JSON progress every second and opens the result page when the job is done.
(function () {
  var box = document.querySelector("[data-import-progress]");
  if (!box) return;
  var bar = box.querySelector("[data-import-bar]");
  var count = document.querySelector("[data-import-count]");
  function poll() {
    fetch(box.getAttribute("data-import-progress"), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (p) {
        bar.style.width = p.percent + "%";
        bar.textContent = p.percent + "%";
        box.setAttribute("aria-valuenow", String(p.percent));
        if (p.total) count.textContent = "已处理 " + p.done + " / " + p.total;
        if (p.state === "done" || p.state === "failed") {
          window.location.assign(box.getAttribute("data-import-page"));
        } else {
          window.setTimeout(poll, 1000);
        }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  poll();
})();
