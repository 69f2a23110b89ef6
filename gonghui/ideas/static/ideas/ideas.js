// Rationalisation proposals: the metrics charts (data from json_script), and the "copy
// the link" button. No inline script: the Content-Security-Policy allows only our files.
(function () {
  "use strict";

  function charts() {
    var node = document.getElementById("ideas-chart-data");
    if (!node || typeof window.echarts === "undefined") return;
    var data = JSON.parse(node.textContent);
    var months = document.getElementById("chart-months");
    if (months) {
      var c1 = window.echarts.init(months, null, { renderer: "svg" });
      c1.setOption({
        tooltip: { trigger: "axis" },
        legend: { data: [data.labels.ideas, data.labels.adopted] },
        grid: { left: 40, right: 20, top: 40, bottom: 30 },
        xAxis: { type: "category", data: data.months },
        yAxis: { type: "value", minInterval: 1 },
        series: [
          { name: data.labels.ideas, type: "bar", data: data.ideas, itemStyle: { color: "#b3261e" } },
          { name: data.labels.adopted, type: "bar", data: data.adopted, itemStyle: { color: "#198754" } }
        ]
      });
      window.addEventListener("resize", function () { c1.resize(); });
    }
    var depts = document.getElementById("chart-departments");
    if (depts && data.departments.length) {
      var c2 = window.echarts.init(depts, null, { renderer: "svg" });
      c2.setOption({
        tooltip: { trigger: "axis" },
        grid: { left: 110, right: 20, top: 10, bottom: 30 },
        xAxis: { type: "value", name: "%" },
        yAxis: { type: "category", data: data.departments, axisLabel: { width: 100, overflow: "truncate" } },
        series: [{ name: data.labels.participation, type: "bar", data: data.participation, itemStyle: { color: "#0d6efd" } }]
      });
      window.addEventListener("resize", function () { c2.resize(); });
    }
    var statuses = document.getElementById("chart-statuses");
    if (statuses && data.statuses.length) {
      var c3 = window.echarts.init(statuses, null, { renderer: "svg" });
      c3.setOption({
        tooltip: { trigger: "item" },
        series: [{ type: "pie", radius: ["35%", "65%"], data: data.statuses }]
      });
      window.addEventListener("resize", function () { c3.resize(); });
    }
  }

  function copyButtons() {
    document.querySelectorAll("[data-copy]").forEach(function (button) {
      button.addEventListener("click", function () {
        var target = document.getElementById(button.getAttribute("data-copy"));
        if (target && navigator.clipboard) navigator.clipboard.writeText(target.textContent.trim());
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    charts();
    copyButtons();
  });
})();
