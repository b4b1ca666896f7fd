// The network map (appendix 8): drag people with the mouse (or finger), or move them with the
// arrow keys; each move is saved at once as data (x, y on the unit circle) with the map's version,
// so a stale tab gets a conflict instead of overwriting. Saves run one after another.
// Also: print, and export of the drawing as PNG (the SVG carries its own styling).
(function () {
  "use strict";

  var svg = document.getElementById("network-map");
  if (!svg) return;
  var status = document.querySelector("[data-map-status]");
  var cx = Number(svg.dataset.cx);
  var cy = Number(svg.dataset.cy);
  var radius = Number(svg.dataset.radius);
  var colours = JSON.parse(svg.dataset.colours || "{}");
  var sectors = ["family", "relatives", "others", "work_school", "professionals"];
  // Mirrors overgang/network/geometry.py.
  var MIN_RADIUS = 0.27;
  var MAX_RADIUS = 0.96;

  var printButton = document.querySelector("[data-map-print]");
  if (printButton) {
    printButton.hidden = false;
    printButton.addEventListener("click", function () { window.print(); });
  }
  var pngButton = document.querySelector("[data-map-png]");
  if (pngButton) {
    pngButton.hidden = false;
    pngButton.addEventListener("click", function () { exportPng(pngButton.dataset.filename || "map.png"); });
  }

  if (svg.dataset.interactive !== "1") return;

  var csrf = (document.querySelector("input[name=csrfmiddlewaretoken]") || {}).value || "";
  var queue = Promise.resolve();
  var broken = false;

  function say(text, isError) {
    if (!status) return;
    status.textContent = text;
    status.classList.toggle("og-map-status-error", Boolean(isError));
  }

  function clamp(x, y) {
    var d = Math.hypot(x, y);
    if (d === 0) return [0, -MIN_RADIUS];
    var s = Math.min(Math.max(d, MIN_RADIUS), MAX_RADIUS) / d;
    return [x * s, y * s];
  }

  function sectorOf(x, y) {
    var angle = Math.atan2(y, x) * 180 / Math.PI;
    var span = 360 / sectors.length;
    var index = Math.floor((((angle + 90 + span / 2) % 360) + 360) % 360 / span) % sectors.length;
    return sectors[index];
  }

  function nodeFor(id) {
    return svg.querySelector('.og-map-person[data-person="' + id + '"]');
  }

  function draw(node, x, y) {
    var px = cx + x * radius;
    var py = cy + y * radius;
    node.setAttribute("transform", "translate(" + px.toFixed(1) + " " + py.toFixed(1) + ")");
    node.dataset.x = String(x);
    node.dataset.y = String(y);
    var dot = node.querySelector(".og-map-dot");
    if (dot && node.dataset.placed === "1") dot.setAttribute("fill", colours[sectorOf(x, y)] || "#5b6472");
    var id = node.dataset.person;
    svg.querySelectorAll('line[data-a="' + id + '"]').forEach(function (line) {
      line.setAttribute("x1", px.toFixed(1));
      line.setAttribute("y1", py.toFixed(1));
    });
    svg.querySelectorAll('line[data-b="' + id + '"]').forEach(function (line) {
      line.setAttribute("x2", px.toFixed(1));
      line.setAttribute("y2", py.toFixed(1));
    });
  }

  // What the person looked like before a move, so a refused save puts them back.
  function remember(node) {
    return { transform: node.getAttribute("transform"), x: node.dataset.x, y: node.dataset.y, placed: node.dataset.placed };
  }

  function restore(node, before) {
    node.dataset.placed = before.placed;
    if (before.placed === "1") {
      draw(node, Number(before.x), Number(before.y));
    } else {
      node.setAttribute("transform", before.transform);
    }
  }

  function save(node, fields, before) {
    queue = queue.then(function () {
      if (broken) return null;
      var body = new URLSearchParams(fields);
      body.set("person", node.dataset.person);
      body.set("version", svg.dataset.version);
      return fetch(svg.dataset.placeUrl, {
        method: "POST",
        headers: { "X-CSRFToken": csrf, Accept: "application/json" },
        body: body,
        credentials: "same-origin",
      }).then(function (response) {
        return response.json().then(function (data) {
          if (!response.ok) {
            if (response.status === 409) broken = true;
            if (before) restore(node, before);
            say(data.error || response.statusText, true);
            return;
          }
          svg.dataset.version = String(data.version);
          // This tab made the change, so its other map forms (lines, the fallback) move on too.
          document.querySelectorAll("form[data-map-form] input[name=version]").forEach(function (input) {
            input.value = String(data.version);
          });
          node.dataset.placed = "1";
          node.setAttribute("aria-label", data.message);
          draw(node, data.x, data.y);
          say(data.message, false);
        });
      }).catch(function () {
        if (before) restore(node, before);
        say(svg.dataset.errorText || "The change was not saved. Check the connection and reload the page.", true);
      });
    });
    return queue;
  }

  // Dragging: pointer events cover mouse, pen and touch.
  var dragging = null;

  function pointFor(event) {
    var point = svg.createSVGPoint();
    point.x = event.clientX;
    point.y = event.clientY;
    var local = point.matrixTransform(svg.getScreenCTM().inverse());
    return [(local.x - cx) / radius, (local.y - cy) / radius];
  }

  svg.addEventListener("pointerdown", function (event) {
    var node = event.target.closest(".og-map-person");
    if (!node || event.button !== 0) return;
    event.preventDefault();
    node.focus();
    dragging = { node: node, moved: false, before: remember(node) };
    node.setPointerCapture(event.pointerId);
    node.classList.add("og-map-dragging");
  });

  svg.addEventListener("pointermove", function (event) {
    if (!dragging) return;
    var p = pointFor(event);
    dragging.moved = true;
    // While dragging the person follows the pointer freely; on release it lands on the map.
    var px = cx + p[0] * radius;
    var py = cy + p[1] * radius;
    dragging.node.setAttribute("transform", "translate(" + px.toFixed(1) + " " + py.toFixed(1) + ")");
  });

  function drop(event) {
    if (!dragging) return;
    var node = dragging.node;
    var moved = dragging.moved;
    var before = dragging.before;
    dragging = null;
    node.classList.remove("og-map-dragging");
    if (!moved) return;
    var p = clamp.apply(null, pointFor(event));
    node.dataset.placed = "1";
    draw(node, p[0], p[1]);
    save(node, { x: p[0].toFixed(4), y: p[1].toFixed(4) }, before);
  }

  svg.addEventListener("pointerup", drop);
  svg.addEventListener("pointercancel", drop);

  // The keyboard: arrow keys move the focused person; Shift for bigger steps.
  var KEYS = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

  svg.addEventListener("keydown", function (event) {
    var node = event.target.closest && event.target.closest(".og-map-person");
    var step = KEYS[event.key];
    if (!node || !step) return;
    event.preventDefault();
    if (node.dataset.placed !== "1") {
      // First move: put the person in the middle ring of the field their role suggests.
      save(node, { sector: node.dataset.defaultSector, ring: "2" });
      return;
    }
    var size = event.shiftKey ? 0.15 : 0.05;
    var before = remember(node);
    var p = clamp(Number(node.dataset.x) + step[0] * size, Number(node.dataset.y) + step[1] * size);
    draw(node, p[0], p[1]);
    save(node, { x: p[0].toFixed(4), y: p[1].toFixed(4) }, before);
  });

  // PNG: draw the SVG (which carries its own styling) on a canvas at twice the size.
  function exportPng(filename) {
    var clone = svg.cloneNode(true);
    clone.querySelectorAll(".og-map-focus").forEach(function (ring) { ring.remove(); });
    var width = Number(svg.getAttribute("width"));
    var height = Number(svg.getAttribute("height"));
    var source = new XMLSerializer().serializeToString(clone);
    var image = new Image();
    image.onload = function () {
      var canvas = document.createElement("canvas");
      canvas.width = width * 2;
      canvas.height = height * 2;
      var context = canvas.getContext("2d");
      context.fillStyle = "#ffffff";
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.drawImage(image, 0, 0, canvas.width, canvas.height);
      canvas.toBlob(function (blob) {
        var link = document.createElement("a");
        link.href = URL.createObjectURL(blob);
        link.download = filename;
        document.body.appendChild(link);
        link.click();
        link.remove();
        // Freed once the browser has surely read it: a busy machine can take seconds to start.
        setTimeout(function () { URL.revokeObjectURL(link.href); }, 60000);
      }, "image/png");
    };
    image.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(source);
  }
  window.overgangNetworkMapPng = exportPng;
})();
