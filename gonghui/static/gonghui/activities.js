// Activities: the statistics charts (data from json_script) and the sign-in sheet's
// "tick all". No inline script: the Content-Security-Policy allows only our files.
(function () {
  "use strict";

  function charts() {
    var node = document.getElementById("activity-chart-data");
    if (!node || typeof window.echarts === "undefined") return;
    var data = JSON.parse(node.textContent);
    var months = document.getElementById("chart-months");
    if (months) {
      var c1 = window.echarts.init(months, null, { renderer: "svg" });
      c1.setOption({
        tooltip: { trigger: "axis" },
        legend: { data: [data.labels.activities, data.labels.participants] },
        grid: { left: 40, right: 40, top: 40, bottom: 30 },
        xAxis: { type: "category", data: data.months },
        yAxis: [{ type: "value", minInterval: 1 }, { type: "value", minInterval: 1 }],
        series: [
          { name: data.labels.activities, type: "bar", data: data.activities, itemStyle: { color: "#b3261e" } },
          { name: data.labels.participants, type: "line", yAxisIndex: 1, data: data.participants, itemStyle: { color: "#0d6efd" } }
        ]
      });
      window.addEventListener("resize", function () { c1.resize(); });
    }
    var groups = document.getElementById("chart-groups");
    if (groups && data.groups.length) {
      var c2 = window.echarts.init(groups, null, { renderer: "svg" });
      c2.setOption({
        tooltip: { trigger: "axis" },
        grid: { left: 120, right: 20, top: 10, bottom: 30 },
        xAxis: { type: "value", max: 100, name: "%" },
        yAxis: { type: "category", data: data.groups, axisLabel: { width: 110, overflow: "truncate" } },
        series: [{ name: data.labels.percent, type: "bar", data: data.group_percent, itemStyle: { color: "#198754" } }]
      });
      window.addEventListener("resize", function () { c2.resize(); });
    }
  }

  function tickAll() {
    document.querySelectorAll("[data-check-all]").forEach(function (button) {
      button.addEventListener("click", function () {
        var name = button.getAttribute("data-check-all");
        document.querySelectorAll('input[type=checkbox][name="' + name + '"]').forEach(function (box) {
          box.checked = true;
        });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    charts();
    tickAll();
  });
})();
