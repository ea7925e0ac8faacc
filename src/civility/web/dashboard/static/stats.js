// Civility dashboard statistics: four charts drawn with the vendored Chart.js from the page's JSON.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("stats-data").textContent);
  var labels = data.days.map(function (d) { return d.slice(5); });
  var colours = { published: "#2e7d32", pending: "#f9a825", reported: "#ef6c00", rejected: "#c62828",
    violence: "#c62828", hate: "#8e24aa", profanity: "#ef6c00", vulgarity: "#ad1457", doxing: "#00838f",
    discourtesy: "#6d4c41", spam: "#546e7a" };
  Chart.defaults.animation = false;
  Chart.defaults.font.family = "system-ui, sans-serif";
  function series(map, fill) {
    return Object.keys(map).map(function (key) {
      return { label: key, data: map[key], backgroundColor: colours[key], borderColor: colours[key], fill: fill,
        tension: 0, pointRadius: 2 };
    });
  }
  new Chart(document.getElementById("by-status"), { type: "bar",
    data: { labels: labels, datasets: series(data.by_status, true) },
    options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } } });
  new Chart(document.getElementById("by-category"), { type: "line",
    data: { labels: labels, datasets: series(data.by_category, false) },
    options: { scales: { y: { beginAtZero: true } } } });
  new Chart(document.getElementById("reports"), { type: "bar",
    data: { labels: labels, datasets: [{ label: "reports", data: data.reports, backgroundColor: "#ef6c00" }] },
    options: { scales: { y: { beginAtZero: true } }, plugins: { legend: { display: false } } } });
  new Chart(document.getElementById("wait"), { type: "line",
    data: { labels: labels, datasets: [{ label: "median minutes", data: data.median_minutes_to_decision,
      borderColor: "#1f5fbf", backgroundColor: "#1f5fbf", spanGaps: true, pointRadius: 3 }] },
    options: { scales: { y: { beginAtZero: true } }, plugins: { legend: { display: false } } } });
})();
