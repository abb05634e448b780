// 一键求助: the tap dials the duty phone (the link's tel:) and, on the way, tells the portal
// (a beacon survives the page handing over to the phone app). No inline scripts (CSP).
(function () {
  document.querySelectorAll("a[data-help-beacon]").forEach(function (link) {
    link.addEventListener("click", function () {
      var data = new FormData();
      var token = document.querySelector("[name=csrfmiddlewaretoken]");
      if (token) data.append("csrfmiddlewaretoken", token.value);
      if (navigator.sendBeacon) {
        navigator.sendBeacon(link.dataset.helpBeacon, data);
      } else if (window.fetch) {
        fetch(link.dataset.helpBeacon, {method: "POST", body: data, credentials: "same-origin", keepalive: true});
      }
    });
  });
})();
