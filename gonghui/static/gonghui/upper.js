/* The upper union's roll-up: a bar chart of one figure per union, from the page's JSON
   (json_script), drawn by the vendored ECharts; no inline script (CSP). */
(function () {
  "use strict";

  function chart() {
    var node = document.getElementById("unions-chart-data");
    var box = document.getElementById("unions-chart");
    if (!node || !box || typeof window.echarts === "undefined") return;
    var data = JSON.parse(node.textContent);
    if (!data.names.length) return;
    // One bar per union: the box grows with them (CSSOM, which the CSP allows).
    box.style.height = Math.max(160, 60 + 28 * data.names.length) + "px";
    var c = window.echarts.init(box, null, { renderer: "svg" });
    c.setOption({
      animation: false, // a report: drawn at once, as it prints
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      grid: { left: 170, right: 60, top: 10, bottom: 30 },
      xAxis: { type: "value", minInterval: 1 },
      // The largest on top: a category axis draws its first entry at the bottom.
      yAxis: {
        type: "category",
        data: data.names.slice().reverse(),
        axisLabel: { width: 160, overflow: "truncate" }
      },
      series: [{
        name: data.label,
        type: "bar",
        data: data.values.slice().reverse(),
        label: { show: true, position: "right" },
        itemStyle: { color: "#b3261e" }
      }]
    });
    window.addEventListener("resize", function () { c.resize(); });
  }

  document.addEventListener("DOMContentLoaded", chart);
})();
