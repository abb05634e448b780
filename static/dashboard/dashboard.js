/* Dashboard charts: data from the json_script tag "dashboard-charts", drawn with the vendored
   ECharts; a click on a bar or slice opens the filtered list behind it (drill-down). */
(function () {
  "use strict";

  var screen = document.body.classList.contains("dash-screen");
  var palette = ["#9e1b1b", "#0a4a9e", "#2f7d32", "#b26a00", "#5e35b1", "#00838f", "#6d4c41", "#c2185b"];

  function optionFor(chart) {
    var text = screen ? "#f1f1f1" : "#1a1a1a";
    var base = {
      color: palette,
      animation: !window.matchMedia("print").matches,
      textStyle: { fontSize: screen ? 18 : 14, color: text },
      // Tooltips drawn on the canvas: the HTML ones write inline styles, which the portal's
      // Content-Security-Policy (style-src 'self') refuses.
      tooltip: { trigger: chart.type === "pie" ? "item" : "axis", renderMode: "richText" }
    };
    if (chart.type === "pie") {
      base.series = [{
        type: "pie",
        radius: ["35%", "65%"],
        label: { formatter: "{b}\n{c}", color: text },
        data: chart.labels.map(function (label, i) { return { name: label, value: chart.values[i] }; })
      }];
    } else {
      base.grid = { left: 8, right: 16, top: 16, bottom: 8, containLabel: true };
      base.xAxis = { type: "category", data: chart.labels, axisLabel: { interval: 0, rotate: chart.labels.length > 6 ? 30 : 0, color: text } };
      base.yAxis = { type: "value", axisLabel: { color: text } };
      base.series = [{ type: "bar", data: chart.values, label: { show: true, position: "top", color: text } }];
    }
    return base;
  }

  function draw() {
    var source = document.getElementById("dashboard-charts");
    if (!source || typeof echarts === "undefined") { return; }
    var charts = JSON.parse(source.textContent);
    var byId = {};
    charts.forEach(function (c) { byId[c.id] = c; });
    var drawn = [];
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var chart = byId[el.getAttribute("data-chart")];
      if (!chart) { return; }
      if (!chart.values.length || chart.values.every(function (v) { return !v; })) {
        el.classList.add("dash-chart-empty");
        el.textContent = "暂无数据";
        return;
      }
      var instance = echarts.init(el, null, { renderer: "canvas" });
      instance.setOption(optionFor(chart));
      instance.on("click", function (params) {
        var url = chart.urls[params.dataIndex];
        if (url) { window.location.href = url; }
      });
      drawn.push(instance);
    });
    window.addEventListener("resize", function () { drawn.forEach(function (c) { c.resize(); }); });
    window.addEventListener("beforeprint", function () { drawn.forEach(function (c) { c.resize(); }); });
  }

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
  document.querySelectorAll("[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
  var refresh = parseInt(document.body.getAttribute("data-refresh") || "0", 10);
  if (refresh > 0) {
    // The meeting-room screen follows the cache: a reload brings the next computed figures.
    window.setTimeout(function () { window.location.reload(); }, refresh * 1000);
  }
  draw();
})();
