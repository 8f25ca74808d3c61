/* Site search (see kyoten/render/search.py): the index is normalised at build time; the query is
   normalised the same way here and every word must appear in an entry. */
(function () {
  "use strict";
  var MAX = 100;

  function toHiragana(s) {
    return s.replace(/[\u30a1-\u30f6]/g, function (c) { return String.fromCharCode(c.charCodeAt(0) - 0x60); });
  }
  function normalise(s) { return toHiragana(s.normalize("NFKC").toLowerCase()); }
  function foldRomaji(s) { return s.replace(/([aiueo])\1+|ou/g, function (m, v) { return v || "o"; }); }

  function terms(query) {
    return normalise(query).split(/\s+/).filter(Boolean).map(function (t) {
      return /^[a-z0-9-]+$/.test(t) ? foldRomaji(t) : t;
    });
  }

  function search(docs, query) {
    var words = terms(query);
    if (!words.length) return [];
    var hits = [];
    docs.forEach(function (d, i) {
      var hay = d[3];
      if (!words.every(function (w) { return hay.indexOf(w) >= 0; })) return;
      var name = normalise(d[0]);
      var score = words.every(function (w) { return name.indexOf(w) === 0; }) ? 3
        : words.every(function (w) { return name.indexOf(w) >= 0; }) ? 2 : 1;
      hits.push({ doc: d, score: score, order: i });
    });
    hits.sort(function (a, b) { return b.score - a.score || a.order - b.order; });
    return hits.map(function (h) { return h.doc; });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("[data-search]");
    if (!form) return;
    var input = form.querySelector("input[type=search]");
    var status = document.querySelector("[data-search-status]");
    var list = document.querySelector("[data-search-results]");
    var root = form.getAttribute("data-root");
    var docs = window.kyotenSearchIndex ? window.kyotenSearchIndex.docs : null;

    function show(query) {
      list.textContent = "";
      if (!query.trim()) { status.textContent = ""; return; }
      var found = search(docs, query);
      found.slice(0, MAX).forEach(function (d) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = root + d[1];
        a.textContent = d[0];
        var sub = document.createElement("span");
        sub.className = "search-results__sub";
        sub.textContent = d[2];
        li.appendChild(a);
        li.appendChild(sub);
        list.appendChild(li);
      });
      status.textContent = found.length
        ? "「" + query + "」の検索結果：" + found.length + "件" + (found.length > MAX ? "（はじめの" + MAX + "件を表示しています）" : "") + "。"
        : "「" + query + "」に合うページは見つかりませんでした。ひらがなや、短い言葉でもお試しください。";
    }

    function run(query, push) {
      if (docs) { show(query); } else {
        status.textContent = "検索の準備ができませんでした。事業所の一覧からおさがしください。";
      }
      if (push && window.history && history.replaceState) {
        history.replaceState(null, "", "?q=" + encodeURIComponent(query));
      }
    }

    form.addEventListener("submit", function (e) {
      e.preventDefault();
      run(input.value, true);
    });
    var q = new URLSearchParams(location.search).get("q");
    if (q) { input.value = q; run(q, false); }
  });
})();
