/* Maps (see kyoten/render/maps.py). Nothing loads until the visitor presses 「地図を表示する」: then Leaflet
   and marker clustering are loaded from this site, and the providers come from the shared GeoJSON.
   The page is complete without the map: the same providers are in the list. */
(function () {
  "use strict";

  function addCss(href) {
    var l = document.createElement("link");
    l.rel = "stylesheet";
    l.href = href;
    document.head.appendChild(l);
  }
  function addScript(src) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = src;
      s.onload = resolve;
      s.onerror = reject;
      document.head.appendChild(s);
    });
  }

  function visibleIds() {
    /* the providers the directory's filters leave visible (every card when there is no filter) */
    var ids = {};
    Array.prototype.forEach.call(document.querySelectorAll("#provider-results .provider-card:not([hidden]) a"), function (a) {
      var m = /providers\/([^/]+)\/index\.html$/.exec(a.getAttribute("href"));
      if (m) ids[m[1]] = true;
    });
    return ids;
  }

  function start(section) {
    var root = section.getAttribute("data-root");
    var canvas = section.querySelector("[data-map-canvas]");
    var status = section.querySelector("[data-map-status]");
    var v = root + "assets/vendor/";
    addCss(v + "leaflet/leaflet.css");
    addCss(v + "markercluster/MarkerCluster.css");
    addCss(v + "markercluster/MarkerCluster.Default.css");
    status.textContent = "地図を読み込んでいます…";
    addScript(v + "leaflet/leaflet.js").then(function () {
      return addScript(v + "markercluster/leaflet.markercluster.js");
    }).then(function () {
      draw(section, root, canvas, status);
    }).catch(function () {
      status.textContent = "地図を表示できませんでした。事業所は一覧からおさがしください。";
    });
  }

  function draw(section, root, canvas, status) {
    var num = function (name) { return section.getAttribute(name).split(",").map(Number); };
    var b = num("data-bounds");
    var map = L.map(canvas, {
      maxBounds: L.latLngBounds([b[0] - 0.2, b[1] - 0.2], [b[2] + 0.2, b[3] + 0.2]),
      scrollWheelZoom: false
    });
    L.Icon.Default.imagePath = root + "assets/vendor/leaflet/images/";
    L.tileLayer(section.getAttribute("data-tiles"), {
      maxZoom: Number(section.getAttribute("data-max-zoom")),
      attribution: ""  /* 出典 is printed under the map, outside it, so that it is always visible */
    }).addTo(map);
    map.attributionControl.setPrefix(false);
    var point = section.getAttribute("data-point");
    if (point) {
      var p = point.split(",").map(Number);
      map.setView(p, 16);
      L.marker(p, { title: document.querySelector("h1").textContent, alt: "事業所の位置" }).addTo(map);
      canvas.setAttribute("data-markers", "1");
      status.textContent = "";
      return;
    }
    map.setView(num("data-center"), Number(section.getAttribute("data-zoom")));
    var area = section.getAttribute("data-area");
    var cluster = L.markerClusterGroup({ showCoverageOnHover: false });
    map.addLayer(cluster);
    var markers = [];
    var fitted = false;
    fetch(root + "opendata/providers.geojson").then(function (r) { return r.json(); }).then(function (data) {
      data.features.forEach(function (f) {
        var pr = f.properties;
        if (area && pr.area !== area) return;
        var ll = [f.geometry.coordinates[1], f.geometry.coordinates[0]];
        var m = L.marker(ll, { title: pr.name, alt: pr.name });
        var box = document.createElement("div");
        var a = document.createElement("a");
        a.href = root + pr.url;
        a.textContent = pr.name;
        var sub = document.createElement("div");
        sub.textContent = pr.role + (pr.phone ? "　電話 " + pr.phone : "");
        box.appendChild(a);
        box.appendChild(sub);
        m.bindPopup(box);
        markers.push({ id: pr.id, marker: m });
      });
      show();
      document.addEventListener("kyoten:filter", show);
    }).catch(function () {
      status.textContent = "地図に事業所を表示できませんでした（パソコンに保存したページを開いたときなど）。事業所は一覧からおさがしください。";
    });

    function show() {
      var ids = document.getElementById("provider-results") ? visibleIds() : null;
      var shown = markers.filter(function (x) { return !ids || ids[x.id]; });
      cluster.clearLayers();
      cluster.addLayers(shown.map(function (x) { return x.marker; }));
      if (shown.length && !fitted) {  /* the first view shows every marker */
        map.fitBounds(cluster.getBounds().pad(0.1), { maxZoom: 15 });
        fitted = true;
      }
      canvas.setAttribute("data-markers", String(shown.length));
      status.textContent = shown.length + "か所の事業所を地図に表示しています。";
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-map]"), function (section) {
      var button = section.querySelector("[data-map-show]");
      button.hidden = false;
      button.addEventListener("click", function () {
        button.parentNode.hidden = true;
        section.querySelector("[data-map-canvas]").hidden = false;
        section.querySelector("[data-map-skip]").hidden = false;
        start(section);
      });
    });
  });
})();
