/* Maps (see kyoten/render/maps.py). Nothing loads until the visitor presses 「地図を表示する」: then Leaflet
   and marker clustering are loaded from this site, then the overview (maps/index.js) and, for the
   part of the map in view, the small files of providers. Every data file is a script that calls
   kyotenMap(key, data): scripts load from a folder (file://) where fetch() does not.
   The page is complete without the map: the same providers are in the list.
   Also here: 「現在地から近い順」, which sorts the list by distance in this browser (nothing is sent). */
(function () {
  "use strict";

  var registry = {};
  var promises = {};
  window.kyotenMap = function (key, data) { registry[key] = data; };

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
  function load(root, key) {  /* a data file, once: resolves with what it registered */
    if (!promises[key]) {
      promises[key] = addScript(root + key).then(function () {
        if (!(key in registry)) throw new Error(key);
        return registry[key];
      });
    }
    return promises[key];
  }

  function visibleIds() {
    /* the providers the directory's filters leave visible */
    var ids = {};
    Array.prototype.forEach.call(document.querySelectorAll("#provider-results .provider-card:not([hidden])"), function (c) {
      ids[c.getAttribute("data-id")] = true;
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

  function countIcon(n) {  /* the look of markercluster's own clusters, with the number of providers */
    var size = n < 10 ? "small" : n < 100 ? "medium" : "large";
    return L.divIcon({ html: "<div><span>" + n + "</span></div>", className: "marker-cluster marker-cluster-" + size,
                       iconSize: L.point(40, 40) });
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
      canvas.setAttribute("data-state", "ready");
      status.textContent = "";
      return;
    }
    map.setView(num("data-center"), Number(section.getAttribute("data-zoom")));
    var filtering = !!document.querySelector("[data-facets]");  /* the list is on one page: the map follows its filters */
    var cluster = L.markerClusterGroup({
      showCoverageOnHover: false,
      iconCreateFunction: function (c) {
        return countIcon(c.getAllChildMarkers().reduce(function (s, m) { return s + (m.options.count || 1); }, 0));
      }
    });
    map.addLayer(cluster);
    var ov, parts = [];
    var pending = 0;

    function failed() {
      status.textContent = "地図に事業所を表示できませんでした。事業所は一覧からおさがしください。";
      canvas.setAttribute("data-state", "failed");
    }

    load(root, section.getAttribute("data-index")).then(function (data) {
      ov = data;
      parts = (ov.sets[section.getAttribute("data-area") || ""] || []).map(function (r) {
        var part = { path: r[0], n: r[1], bounds: L.latLngBounds([r[4], r[5]], [r[6], r[7]]), markers: null };
        part.bubble = L.marker([r[2], r[3]], {
          icon: countIcon(r[1]), count: r[1], keyboard: true,
          title: "この付近の事業所 " + r[1] + "か所（押すと拡大します）"
        });
        part.bubble.on("click", function () { map.fitBounds(part.bounds.pad(0.05)); });
        return part;
      });
      if (!parts.length) {
        canvas.setAttribute("data-markers", "0");
        canvas.setAttribute("data-state", "ready");
        status.textContent = "このサイトには、地図に表示できる事業所の位置を掲載していません。";
        return;
      }
      var all = parts[0].bounds;
      parts.forEach(function (x) { all = all.extend(x.bounds); });
      show();
      map.fitBounds(all.pad(0.1), { maxZoom: 15, animate: false });  /* the first view shows every provider */
      update(true);
      map.on("moveend", function () { update(false); });
      document.addEventListener("kyoten:filter", show);
    }).catch(failed);

    function marker(row) {
      var m = L.marker([row[2], row[3]], { title: row[1], alt: row[1] });
      var box = document.createElement("div");
      var a = document.createElement("a");
      a.href = root + ov.page.replace("{id}", row[0]);
      a.textContent = row[1];
      var sub = document.createElement("div");
      sub.textContent = ov.roles[row[4]] + "・" + ov.areas[row[5]] + (row[6] ? "　電話 " + row[6] : "");
      box.appendChild(a);
      box.appendChild(sub);
      m.bindPopup(box);
      m.kyotenId = row[0];
      return m;
    }

    function update(first) {
      /* load the parts in view, nearest the centre first, as long as together they hold at most
         load_max providers; the first view of a large map stays an overview of numbered clusters */
      var view = map.getBounds();
      var centre = map.getCenter();
      var inView = parts.filter(function (x) { return view.intersects(x.bounds); });
      var total = inView.reduce(function (s, x) { return s + x.n; }, 0);
      if (first === true && total > ov.load_max) return;
      inView.sort(function (a, b) {
        return centre.distanceTo(a.bounds.getCenter()) - centre.distanceTo(b.bounds.getCenter());
      });
      var budget = ov.load_max;
      var need = [];
      for (var i = 0; i < inView.length && inView[i].n <= budget; i++) {
        budget -= inView[i].n;
        if (!inView[i].markers && !inView[i].loading) need.push(inView[i]);
      }
      if (!need.length) return;
      pending += need.length;
      canvas.setAttribute("data-state", "loading");
      need.forEach(function (x) {
        x.loading = true;
        load(root, x.path).then(function (rows) {
          x.markers = rows.map(marker);
          pending--;
          show();
        }).catch(failed);
      });
    }

    function show() {
      var ids = filtering ? visibleIds() : null;
      var layers = [];
      var single = 0, shown = 0;
      parts.forEach(function (x) {
        if (!x.markers) {
          layers.push(x.bubble);
          shown += x.n;
          return;
        }
        x.markers.forEach(function (m) {
          if (ids && !ids[m.kyotenId]) return;
          layers.push(m);
          single++;
          shown++;
        });
      });
      cluster.clearLayers();
      cluster.addLayers(layers);
      canvas.setAttribute("data-markers", String(single));
      canvas.setAttribute("data-shown", String(shown));
      if (!pending) canvas.setAttribute("data-state", "ready");
      status.textContent = shown + "か所の事業所を地図に表示しています。" +
        (single < shown ? "丸の中の数字は、その付近の事業所の数です。拡大すると一か所ずつ表示します。" : "");
    }
  }

  /* 「現在地から近い順」: the browser asks the visitor first; the position stays in this page. */
  function km(a, b) {
    var r = Math.PI / 180;
    var x = Math.sin((b[0] - a[0]) * r / 2), y = Math.sin((b[1] - a[1]) * r / 2);
    var h = x * x + Math.cos(a[0] * r) * Math.cos(b[0] * r) * y * y;
    return 12742 * Math.asin(Math.min(1, Math.sqrt(h)));
  }
  function distanceText(d) {
    if (d < 1) return "約" + Math.max(10, Math.round(d * 100) * 10) + "m";
    return "約" + (d < 10 ? d.toFixed(1) : String(Math.round(d))) + "km";
  }

  var NEAREST = 30;  /* on a list of several pages: how many of the whole site's nearest to show */

  function boxKm(here, r) {  /* from here to the nearest point of a part's box (0 inside it) */
    return km(here, [Math.min(Math.max(here[0], r[4]), r[6]), Math.min(Math.max(here[1], r[5]), r[7])]);
  }

  function nearestOfSite(box, here) {
    /* the parts nearest first, until no unread part can hold anything nearer than the NEAREST-th */
    var root = box.getAttribute("data-root");
    return load(root, box.getAttribute("data-index")).then(function (ov) {
      var parts = ov.sets[""].map(function (r) { return { r: r, d: boxKm(here, r) }; })
        .sort(function (a, b) { return a.d - b.d; });
      var found = [];
      function next(i) {
        var enough = found.length >= NEAREST && found[NEAREST - 1].d <= (i < parts.length ? parts[i].d : Infinity);
        if (i >= parts.length || enough) return found.slice(0, NEAREST).map(function (x) { return card(root, ov, x); });
        return load(root, parts[i].r[0]).then(function (rows) {
          rows.forEach(function (row) { found.push({ row: row, d: km(here, [row[2], row[3]]) }); });
          found.sort(function (a, b) { return a.d - b.d; });
          return next(i + 1);
        });
      }
      return next(0);
    });
  }

  function card(root, ov, x) {  /* a short card from the map's data: name, distance, role and area, phone */
    var row = x.row;
    var li = document.createElement("li");
    li.className = "provider-card";
    li.setAttribute("data-id", row[0]);
    var h = document.createElement("h4");
    h.className = "provider-card__name";
    var a = document.createElement("a");
    a.href = root + ov.page.replace("{id}", row[0]);
    a.textContent = row[1];
    h.appendChild(a);
    li.appendChild(h);
    var lines = [["provider-card__distance", "現在地から" + distanceText(x.d) + "（直線距離）"],
                 ["provider-card__role", ov.roles[row[4]] + "・" + ov.areas[row[5]]]];
    lines.forEach(function (l) {
      var p = document.createElement("p");
      p.className = l[0];
      p.textContent = l[1];
      li.appendChild(p);
    });
    if (row[6]) {
      var p = document.createElement("p");
      p.appendChild(document.createTextNode("電話 "));
      var t = document.createElement("a");
      t.className = "tel";
      t.href = "tel:" + row[6].replace(/[^\d]/g, "");
      t.textContent = row[6];
      p.appendChild(t);
      li.appendChild(p);
    }
    return li;
  }

  function setupNear(box) {
    var list = document.getElementById("provider-results");
    if (!list || !navigator.geolocation) return;
    var wholeSite = box.getAttribute("data-near") === "site";  /* the list has several pages */
    var openButton = document.querySelector("[data-near-open]");
    var startButton = box.querySelector("[data-near-start]");
    var resetButton = box.querySelector("[data-near-reset]");
    var status = document.querySelector("[data-near-status]");
    var cards = Array.prototype.slice.call(list.querySelectorAll(".provider-card"));
    var homes = cards.map(function (c) { return c.parentNode; });
    var sorted = null, heading = null;
    /* what only fits 五十音順: hidden while the list is in distance order */
    var aside = Array.prototype.slice.call(document.querySelectorAll(".kana-index, .pager, .pager-status"));
    openButton.hidden = false;
    openButton.addEventListener("click", function () {  /* first the sentence, then the browser's question */
      box.hidden = !box.hidden;
      openButton.setAttribute("aria-expanded", box.hidden ? "false" : "true");
    });

    function showSorted(items, message) {
      if (!sorted) {  /* a heading of the level of the 五十音 rows' (h3), then the cards (h4) */
        heading = document.createElement("h3");
        heading.className = "near-heading";
        heading.id = "near-h";
        heading.textContent = "現在地から近い順";
        sorted = document.createElement("ol");
        sorted.className = "provider-list provider-list--near";
        sorted.setAttribute("aria-labelledby", "near-h");
        list.insertBefore(sorted, list.firstChild);
        list.insertBefore(heading, sorted);
      }
      while (sorted.firstChild) sorted.removeChild(sorted.firstChild);
      items.forEach(function (li) { sorted.appendChild(li); });
      list.classList.add("is-near");
      aside.forEach(function (el) { el.hidden = true; });
      resetButton.hidden = false;
      status.textContent = message + "現在地は、この画面の中だけで使い、どこにも送っていません。";
      document.dispatchEvent(new CustomEvent("kyoten:reorder"));
    }

    function sortCards(here) {
      var rows = cards.map(function (c) {
        var lat = c.getAttribute("data-lat");
        var d = lat === null ? Infinity : km(here, [Number(lat), Number(c.getAttribute("data-lon"))]);
        var note = c.querySelector(".provider-card__distance");
        if (!note) {
          note = document.createElement("p");
          note.className = "provider-card__distance";
          c.insertBefore(note, c.children[1]);
        }
        note.textContent = d === Infinity ? "位置はこのサイトに掲載していません" : "現在地から" + distanceText(d) + "（直線距離）";
        return { card: c, d: d };
      });
      rows.sort(function (a, b) { return a.d - b.d; });  /* stable: equal distances keep 五十音順 */
      showSorted(rows.map(function (r) { return r.card; }), "現在地から近い順に並べました（直線距離です）。");
    }

    startButton.addEventListener("click", function () {
      status.textContent = "現在地を確かめています…";
      navigator.geolocation.getCurrentPosition(function (pos) {
        var here = [pos.coords.latitude, pos.coords.longitude];
        if (!wholeSite) return sortCards(here);
        status.textContent = "近い事業所をさがしています…";
        nearestOfSite(box, here).then(function (items) {
          showSorted(items, "位置の登録がある事業所のうち、現在地から近い" + items.length +
                     "か所を近い順に表示しています（直線距離です）。");
        }).catch(function () {
          status.textContent = "近い事業所を調べられませんでした。一覧は五十音順のままです。";
        });
      }, function () {
        status.textContent = "現在地を使えませんでした（許可されなかったか、調べられませんでした）。一覧は五十音順のままです。";
      }, { enableHighAccuracy: false, timeout: 20000, maximumAge: 300000 });
    });

    resetButton.addEventListener("click", function () {
      if (!wholeSite) {
        cards.forEach(function (c, i) {
          homes[i].appendChild(c);
          var note = c.querySelector(".provider-card__distance");
          if (note) note.parentNode.removeChild(note);
        });
      }
      if (sorted) {
        sorted.parentNode.removeChild(sorted);
        heading.parentNode.removeChild(heading);
      }
      sorted = null;
      list.classList.remove("is-near");
      aside.forEach(function (el) { el.hidden = false; });
      resetButton.hidden = true;
      status.textContent = "五十音順に戻しました。";
      document.dispatchEvent(new CustomEvent("kyoten:reorder"));
    });
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
    var near = document.querySelector("[data-near]");
    if (near) setupNear(near);
  });
})();
