// The dashboard's charts, drawn by Chart.js from <script id="dashboard-charts"
// type="application/json"> ({key: {"labels": [...], "series": [{"label", "data"}]}}), which the
// server builds (dashboard/charts.py). Each <canvas data-chart="key"> gets its chart; the text
// beside it says the same for screen readers. No inline script: the CSP forbids it.
(function () {
  "use strict";

  // Chart.js needs real colours, not CSS variables: read Bootstrap's from the page.
  function palette() {
    const styles = getComputedStyle(document.body);
    function css(name, fallback) {
      return styles.getPropertyValue(name).trim() || fallback;
    }
    return {
      success: css("--bs-success", "#198754"),
      primary: css("--bs-primary", "#0d6efd"),
      warning: css("--bs-warning", "#ffc107"),
      danger: css("--bs-danger", "#dc3545"),
      secondary: css("--bs-secondary", "#6c757d"),
      light: css("--bs-secondary-bg", "#e9ecef"),
      info: css("--bs-info", "#0dcaf0"),
      muted: css("--bs-secondary-color", "#6c757d"),
    };
  }

  const BAND_COLOURS = {
    thriving: "success",
    healthy: "primary",
    cooling: "warning",
    at_risk: "danger",
    dormant: "secondary",
    not_yet: "light",
  };

  function config(key, data, colours) {
    const base = {
      responsive: true,
      // Height follows width, so no stylesheet rule (and no inline style) is needed.
      aspectRatio: 1.4,
      animation: false,
      plugins: { legend: { display: false } },
    };
    const axes = {
      x: { ticks: { color: colours.muted, maxRotation: 0, autoSkip: true, maxTicksLimit: 6 }, grid: { display: false } },
      y: { beginAtZero: true, ticks: { color: colours.muted, precision: 0 } },
    };
    if (key === "bands") {
      return {
        type: "doughnut",
        data: {
          labels: data.labels,
          datasets: [{
            data: data.series[0].data,
            backgroundColor: data.keys.map(function (band) { return colours[BAND_COLOURS[band]]; }),
          }],
        },
        options: Object.assign(base, {
          plugins: { legend: { position: "bottom", labels: { color: colours.muted, boxWidth: 12 } } },
        }),
      };
    }
    if (key === "value") {
      return {
        type: "bar",
        data: {
          labels: data.labels,
          datasets: [
            { label: data.series[0].label, data: data.series[0].data, backgroundColor: colours.success },
            { label: data.series[1].label, data: data.series[1].data, backgroundColor: colours.info },
          ],
        },
        options: Object.assign(base, {
          scales: axes,
          plugins: { legend: { position: "bottom", labels: { color: colours.muted, boxWidth: 12 } } },
        }),
      };
    }
    if (key === "tiers") {
      // Sideways, so every tier's name fits under a narrow card.
      return {
        type: "bar",
        data: {
          labels: data.labels,
          datasets: [{ label: data.series[0].label, data: data.series[0].data, backgroundColor: colours.primary }],
        },
        options: Object.assign(base, {
          indexAxis: "y",
          scales: {
            x: { beginAtZero: true, ticks: { color: colours.muted, precision: 0 } },
            y: { ticks: { color: colours.muted, autoSkip: false }, grid: { display: false } },
          },
        }),
      };
    }
    return {
      type: "line",
      data: {
        labels: data.labels,
        datasets: [{
          label: data.series[0].label,
          data: data.series[0].data,
          borderColor: colours.primary,
          backgroundColor: colours.primary,
          pointRadius: 0,
          tension: 0.3,
          fill: false,
        }],
      },
      options: Object.assign(base, { scales: axes }),
    };
  }

  function draw(root) {
    const source = document.getElementById("dashboard-charts");
    if (!source || !window.Chart) return;
    const charts = JSON.parse(source.textContent);
    const colours = palette();
    (root || document).querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      const data = charts[canvas.dataset.chart];
      if (!data || window.Chart.getChart(canvas)) return;
      new window.Chart(canvas, config(canvas.dataset.chart, data, colours));
    });
  }

  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  // The cards reload themselves after a quick log: draw the new canvases.
  document.addEventListener("htmx:load", function (event) { draw(event.detail.elt); });
})();
