// newsevents UI: the timeline chart, drawn as inline SVG from /api/stats/day.
// Each bar is a link to the events of that day and type; no library, nothing fetched elsewhere.
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var COLORS = {
    AGREE: "#4e79a7", CONSULT: "#76b7b2", SUPPORT: "#59a14f", CONCEDE: "#8cd17d",
    COOPERATE: "#499894", AID: "#86bcb6", RETREAT: "#b6992d", REQUEST: "#f1ce63",
    ACCUSE: "#f28e2b", REJECT: "#ffbe7d", THREATEN: "#e15759", PROTEST: "#ff9d9a",
    SANCTION: "#79706e", MOBILIZE: "#bab0ac", COERCE: "#b07aa1", ASSAULT: "#9d2a2a"
  };

  function el(name, attrs, parent) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (parent) parent.appendChild(node);
    return node;
  }

  function linkFor(base, type, day) {
    var params = new URLSearchParams(base);
    params.delete("cursor");
    params.set("type", type);
    params.set("since", day);
    params.set("until", day);
    return "/?" + params.toString() + "#results";
  }

  function draw(box, rows, base) {
    box.textContent = "";
    if (!Array.isArray(rows) || rows.length === 0) {
      var p = document.createElement("p");
      p.className = "none";
      p.textContent = "No dated event to chart.";
      box.appendChild(p);
      return;
    }
    var days = [], byDay = {}, types = {};
    rows.forEach(function (r) {
      if (!byDay[r.day]) { byDay[r.day] = []; days.push(r.day); }
      byDay[r.day].push(r);
      types[r.type] = true;
    });
    days.sort();
    var max = 1;
    days.forEach(function (d) {
      var total = byDay[d].reduce(function (s, r) { return s + r.count; }, 0);
      if (total > max) max = total;
    });
    var W = 960, H = 220, left = 34, bottom = 34, top = 8;
    var slot = (W - left - 6) / days.length, barW = Math.max(2, Math.min(36, slot * 0.8));
    var scale = (H - bottom - top) / max;
    var svg = el("svg", { viewBox: "0 0 " + W + " " + H, role: "img",
                          "aria-label": "Events per day by type" }, box);
    el("line", { x1: left, y1: H - bottom, x2: W - 4, y2: H - bottom, stroke: "#999" }, svg);
    [0, Math.ceil(max / 2), max].forEach(function (v) {
      var t = el("text", { x: left - 4, y: H - bottom - v * scale + 3, "text-anchor": "end",
                           "class": "axis" }, svg);
      t.textContent = String(v);
    });
    var every = Math.max(1, Math.ceil(days.length / 12));
    days.forEach(function (day, i) {
      var x = left + i * slot + (slot - barW) / 2, y = H - bottom;
      byDay[day].sort(function (a, b) { return a.type < b.type ? -1 : 1; }).forEach(function (r) {
        var h = Math.max(1, r.count * scale);
        y -= h;
        var a = el("a", { href: linkFor(base, r.type, day), "class": "bar-link",
                          "data-day": day, "data-type": r.type }, svg);
        var rect = el("rect", { x: x, y: y, width: barW, height: h, fill: COLORS[r.type] || "#888",
                                "class": "bar" }, a);
        el("title", {}, rect).textContent = day + " · " + r.type + ": " + r.count;
      });
      if (i % every === 0 || i === days.length - 1) {
        var cx = x + barW / 2;
        var anchor = cx > W - 40 ? "end" : (cx < left + 30 ? "start" : "middle");
        var label = el("text", { x: anchor === "end" ? W - 4 : cx, y: H - bottom + 14,
                                 "text-anchor": anchor, "class": "axis" }, svg);
        label.textContent = day;
      }
    });
    var legend = document.createElement("div");
    legend.className = "legend-row";
    Object.keys(types).sort().forEach(function (t) {
      var span = document.createElement("span");
      var swatch = document.createElement("i");
      swatch.style.background = COLORS[t] || "#888";
      span.appendChild(swatch);
      span.appendChild(document.createTextNode(t));
      legend.appendChild(span);
    });
    box.appendChild(legend);
  }

  var box = document.getElementById("timeline");
  if (!box) return;
  var base = box.getAttribute("data-query") || "";
  fetch("/api/stats/day" + (base ? "?" + base : ""), { headers: { Accept: "application/json" } })
    .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
    .then(function (rows) { draw(box, rows, base); box.setAttribute("data-ready", "1"); })
    .catch(function (e) { box.textContent = "The chart could not be loaded (" + e.message + ")."; });
})();
