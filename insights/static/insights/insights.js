/* Draws the insights charts with the vendored Apache ECharts. The figures and their labels (already in the
   page's language) come from the json_script element "insights-charts"; every chart has its table on the page,
   so nothing is lost without JavaScript. No inline script: the page's Content-Security-Policy forbids it. */
(function () {
  "use strict";

  var PALETTE = ["#1f5fae", "#e07b39", "#3a9d5d", "#8e5bb5", "#c94f6d", "#2a9fb0", "#b59b2e", "#6b7a8f"];
  var narrow = function () { return window.matchMedia("(max-width: 640px)").matches; };

  function grid() {
    return { left: 8, right: 16, top: 48, bottom: 8, containLabel: true };
  }

  function legend() {
    return { type: "scroll", top: 0 };
  }

  function axisLabel() {
    return { width: narrow() ? 96 : 180, overflow: "truncate", hideOverlap: true };
  }

  function barOption(spec) {
    var category = { type: "category", data: spec.categories, axisLabel: axisLabel() };
    var value = { type: "value", minInterval: 1 };
    if (spec.horizontal) { category.inverse = true; }
    return {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, confine: true },
      legend: legend(),
      grid: grid(),
      xAxis: spec.horizontal ? value : category,
      yAxis: spec.horizontal ? category : value,
      series: spec.series.map(function (s) {
        return { name: s.name, type: "bar", data: s.data, stack: spec.stack ? "total" : undefined,
                 emphasis: { focus: "series" } };
      })
    };
  }

  function lineOption(spec) {
    return {
      tooltip: { trigger: "axis", confine: true },
      legend: legend(),
      grid: grid(),
      xAxis: { type: "category", data: spec.categories, boundaryGap: false },
      yAxis: { type: "value", minInterval: 1 },
      series: spec.series.map(function (s) {
        return { name: s.name, type: "line", data: s.data, symbolSize: 6 };
      })
    };
  }

  function funnelOption(spec) {
    var s = spec.series[0];
    return {
      tooltip: { trigger: "item", formatter: "{b}: {c}", confine: true },
      series: [{ name: s.name, type: "funnel", sort: "none", gap: 2, left: "10%", width: "80%", top: 8, bottom: 8,
                 minSize: "8%", label: { show: true, position: "inside", formatter: "{b}: {c}" }, data: s.data }]
    };
  }

  function pieOption(spec) {
    var s = spec.series[0];
    return {
      tooltip: { trigger: "item", formatter: "{b}: {c} ({d}%)", confine: true },
      legend: legend(),
      series: [{ name: s.name, type: "pie", radius: ["35%", "65%"], center: ["50%", "58%"], data: s.data,
                 label: { formatter: "{b}\n{c}", overflow: "truncate", width: narrow() ? 80 : 140 } }]
    };
  }

  function heatmapOption(spec) {
    return {
      tooltip: { position: "top", confine: true, formatter: function (p) {
        return spec.y[p.value[1]] + " · " + spec.x[p.value[0]] + ": " + p.value[2];
      } },
      grid: { left: 8, right: 16, top: 8, bottom: 56, containLabel: true },
      xAxis: { type: "category", data: spec.x, splitArea: { show: true }, axisLabel: axisLabel() },
      yAxis: { type: "category", data: spec.y, splitArea: { show: true }, axisLabel: axisLabel() },
      visualMap: { min: 0, max: Math.max(spec.max, 1), calculable: true, orient: "horizontal", left: "center",
                   bottom: 0, inRange: { color: ["#eef3fb", "#1f5fae"] } },
      series: [{ type: "heatmap", data: spec.data, label: { show: true } }]
    };
  }

  var BUILDERS = { bar: barOption, line: lineOption, funnel: funnelOption, pie: pieOption, heatmap: heatmapOption };

  function height(spec) {
    var rows = spec.horizontal ? spec.categories.length : spec.type === "heatmap" ? spec.y.length : 0;
    var perRow = spec.horizontal ? Math.max(28, 10 * spec.series.length) : 28;  // room for each series' bar
    return Math.max(300, rows * perRow + 90);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var source = document.getElementById("insights-charts");
    if (!source || !window.echarts) { return; }
    var specs = JSON.parse(source.textContent);
    var locale = (document.documentElement.lang || "").indexOf("en") === 0 ? "EN" : "ZH";
    var charts = [];
    document.querySelectorAll("[data-chart]").forEach(function (element) {
      var spec = specs[element.getAttribute("data-chart")];
      var build = spec && BUILDERS[spec.type];
      if (!build) { return; }
      element.style.height = height(spec) + "px";
      var chart = window.echarts.init(element, null, { locale: locale, renderer: "canvas" });
      var option = build(spec);
      option.color = PALETTE;
      option.aria = { enabled: true };
      chart.setOption(option);
      element.setAttribute("data-rendered", "true");
      charts.push(chart);
    });
    var pending = null;
    window.addEventListener("resize", function () {
      window.clearTimeout(pending);
      pending = window.setTimeout(function () { charts.forEach(function (chart) { chart.resize(); }); }, 120);
    });
  });
})();
