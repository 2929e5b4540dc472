// The health trend on a contact page: a line of weekly scores (0 to 100) drawn by Chart.js from
// the JSON the server puts in <script id="health-trend" type="application/json">
// ({"labels": [...], "scores": [...]}). No inline script: the CSP forbids it.
(function () {
  "use strict";

  let chart = null;

  function draw() {
    const canvas = document.getElementById("health-trend-chart");
    const data = document.getElementById("health-trend");
    if (!canvas || !data || !window.Chart || window.Chart.getChart(canvas)) return;
    // The card reloads itself after a quick log: the old canvas is gone, so is its chart.
    if (chart) chart.destroy();
    const trend = JSON.parse(data.textContent);
    const styles = getComputedStyle(document.body);
    const color = styles.getPropertyValue("--bs-primary").trim() || "#0d6efd";
    const muted = styles.getPropertyValue("--bs-secondary-color").trim() || "#6c757d";
    chart = new window.Chart(canvas, {
      type: "line",
      data: {
        labels: trend.labels,
        datasets: [{
          label: "Health score",
          data: trend.scores,
          borderColor: color,
          backgroundColor: color,
          pointRadius: 3,
          tension: 0.25,
        }],
      },
      options: {
        responsive: true,
        // Height follows width, so the card needs no stylesheet rule (and no inline style).
        aspectRatio: 2.5,
        animation: false,
        scales: {
          y: { min: 0, max: 100, ticks: { stepSize: 25, color: muted } },
          x: { ticks: { color: muted, maxRotation: 0, autoSkip: true, maxTicksLimit: 7 } },
        },
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              title: function (items) {
                const label = items[0].label;
                return label === "Now" ? "Now" : "Week of " + label;
              },
            },
          },
        },
      },
    });
  }

  document.addEventListener("DOMContentLoaded", draw);
  document.addEventListener("htmx:load", draw);
})();
