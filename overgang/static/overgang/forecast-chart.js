/* Caseload forecast charts on the caseload board (Chart.js, vendored).
   Readable without colour: bars above capacity are striped, capacity is a dashed line,
   and the exact figures are in the table under each chart. */
(function () {
  "use strict";
  function stripes(colour) {
    var tile = document.createElement("canvas");
    tile.width = tile.height = 8;
    var g = tile.getContext("2d");
    g.fillStyle = colour;
    g.fillRect(0, 0, 8, 8);
    g.strokeStyle = "#ffffff";
    g.lineWidth = 3;
    g.beginPath();
    g.moveTo(0, 8);
    g.lineTo(8, 0);
    g.stroke();
    return g.createPattern(tile, "repeat");
  }
  function draw() {
    if (typeof Chart === "undefined") return;
    document.querySelectorAll("canvas[data-forecast]").forEach(function (canvas) {
      var source = document.getElementById(canvas.dataset.forecast);
      if (!source) return;
      var data = JSON.parse(source.textContent);
      var over = stripes("#b0111b");
      new Chart(canvas, {
        type: "bar",
        data: {
          labels: data.labels,
          datasets: [
            {
              type: "bar",
              label: data.load_label,
              data: data.load,
              backgroundColor: data.over.map(function (o) { return o ? over : "#2e7bbf"; }),
              borderColor: "#1a1a1a",
              borderWidth: 1,
              order: 2
            },
            {
              type: "line",
              label: data.capacity_label,
              data: data.capacity,
              borderColor: "#1a1a1a",
              borderDash: [6, 3],
              borderWidth: 2,
              pointRadius: 0,
              fill: false,
              order: 1
            }
          ]
        },
        options: {
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          scales: {
            y: { beginAtZero: true, suggestedMax: 120, ticks: { callback: function (v) { return v + " %"; } } },
            x: { ticks: { maxRotation: 0, autoSkip: true } }
          },
          plugins: { legend: { position: "bottom", labels: { boxWidth: 14 } } }
        }
      });
      canvas.dataset.drawn = "true";
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
