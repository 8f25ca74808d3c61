/* Site search (see kyoten/render/search.py, which makes the index the same way): the query is
   normalised as the index was, a romaji word is also read as kana, a term of the vocabulary also finds
   its aliases; the keys the query needs are looked up in the shards they fall in, each loaded as a
   <script> (that works from file:// too), and the results are shown by kind. */
(function () {
  "use strict";
  var PER_KIND = 20;
  var A64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var A64_VALUE = {};
  for (var a = 0; a < A64.length; a++) A64_VALUE[A64.charCodeAt(a)] = a;

  // --- normalisation: render/search.py normalise() ---------------------------------------------
  var VOWEL = {};
  ["あ あかさたなはまやらわがざだばぱぁゃゎ", "い いきしちにひみりぎじぢびぴぃ", "う うくすつぬふむゆるぐずづぶぷぅゅゔ",
   "え えけせてねへめれげぜでべぺぇ", "う おこそとのほもよろをごぞどぼぽぉょ"].forEach(function (row) {
    for (var i = 2; i < row.length; i++) VOWEL[row.charAt(i)] = row.charAt(0);
  });

  function toHiragana(s) {
    return s.replace(/[\u30a1-\u30f6]/g, function (c) { return String.fromCharCode(c.charCodeAt(0) - 0x60); });
  }
  function longVowels(s) {
    var out = "";
    for (var i = 0; i < s.length; i++) {
      var ch = s.charAt(i);
      if (ch === "ー") ch = out ? (VOWEL[out.charAt(out.length - 1)] || "") : "";
      out += ch;
    }
    return out;
  }
  function normalise(s) { return longVowels(toHiragana(s.normalize("NFKC").toLowerCase())); }
  function runs(s) { return s.match(/[\p{L}\p{N}]+/gu) || []; }

  // --- romaji → kana (Hepburn and kunrei; soudan, sodan, tankinyusho, shotosutei) -------------------
  var ROMAJI = { a: "あ", i: "い", u: "う", e: "え", o: "お",
    shi: "し", chi: "ち", tsu: "つ", fu: "ふ", ji: "じ", wo: "を", wa: "わ", wi: "うぃ", we: "うぇ",
    ya: "や", yu: "ゆ", yo: "よ", ye: "いぇ", vu: "ゔ", va: "ゔぁ", vi: "ゔぃ", ve: "ゔぇ", vo: "ゔぉ",
    fa: "ふぁ", fi: "ふぃ", fe: "ふぇ", fo: "ふぉ", ja: "じゃ", ju: "じゅ", jo: "じょ", je: "じぇ",
    sha: "しゃ", shu: "しゅ", sho: "しょ", she: "しぇ", cha: "ちゃ", chu: "ちゅ", cho: "ちょ", che: "ちぇ",
    di: "ぢ", du: "づ", ti: "ち", tu: "つ", si: "し", zi: "じ", hu: "ふ" };
  (function () {
    var rows = { k: "かきくけこ", s: "さしすせそ", t: "たちつてと", n: "なにぬねの", h: "はひふへほ", m: "まみむめも",
                 r: "らりるれろ", g: "がぎぐげご", z: "ざじずぜぞ", d: "だぢづでど", b: "ばびぶべぼ", p: "ぱぴぷぺぽ" };
    Object.keys(rows).forEach(function (c) {
      "aiueo".split("").forEach(function (v, i) { if (!ROMAJI[c + v]) ROMAJI[c + v] = rows[c].charAt(i); });
      ["a", "u", "o"].forEach(function (v, i) { ROMAJI[c + "y" + v] = rows[c].charAt(1) + "ゃゅょ".charAt(i); });
    });
    ["a", "u", "o"].forEach(function (v, i) {
      ROMAJI["cy" + v] = "ち" + "ゃゅょ".charAt(i);
      ROMAJI["jy" + v] = "じ" + "ゃゅょ".charAt(i);
    });
  })();

  /* The kana a romaji word may stand for, or []: each long vowel Hepburn may leave out (o, u: sodan for
     そうだん, tankinyusho for たんきにゅうしょ) is tried with and without it. A consonant left at the end (a
     word still being typed) is dropped. */
  var MAX_FORMS = 64;
  function romajiToKana(s) {
    var units = [], i = 0;  // [kana, vowel]
    while (i < s.length) {
      var c = s.charAt(i), next = s.charAt(i + 1);
      if (/[0-9]/.test(c)) { units.push([c, ""]); i++; continue; }
      if (c === "'" || c === "-") { i++; continue; }
      if (c === "n" && (next === "" || (next !== "y" && "aiueon".indexOf(next) < 0))) { units.push(["ん", ""]); i++; continue; }
      if (c === "n" && next === "n") {
        units.push(["ん", ""]);
        i += "aiueoy".indexOf(s.charAt(i + 2)) >= 0 ? 1 : 2;
        continue;
      }
      if (c === "m" && next && "bmp".indexOf(next) >= 0) { units.push(["ん", ""]); i++; continue; }
      if ((c === next && "aiueon".indexOf(c) < 0) || (c === "t" && next === "c")) { units.push(["っ", ""]); i++; continue; }
      var hit = ROMAJI[s.substr(i, 3)] ? 3 : ROMAJI[s.substr(i, 2)] ? 2 : ROMAJI[c] ? 1 : 0;
      if (!hit) {
        if (/^[a-z]+$/.test(s.slice(i)) && s.length - i <= 2) break;  // still being typed
        return [];
      }
      var kana = ROMAJI[s.substr(i, hit)];
      units.push([kana, s.charAt(i + hit - 1)]);
      i += hit;
    }
    var forms = [""];
    units.forEach(function (u, k) {
      var after = units[k + 1] ? units[k + 1][0] : "";
      var extra = [""];
      if ("あいうえおう".indexOf(u[0]) < 0 && after !== "う" && after !== "お" && forms.length * 2 <= MAX_FORMS) {
        if (u[1] === "o" || u[1] === "u") extra = ["", "う"];
      }
      var grown = [];
      forms.forEach(function (f) { extra.forEach(function (x) { grown.push(f + u[0] + x); }); });
      forms = grown;
    });
    return forms[0] ? forms.map(longVowels) : [];
  }

  // --- the index --------------------------------------------------------------------------------
  var index = window.kyotenSearch;
  var shards = {}, chunks = {}, waiting = {};
  var aliasOf = {}, latinPairs = {};
  if (index) {
    index.aliases.forEach(function (group) {
      group.forEach(function (form) { aliasOf[form[0]] = aliasOf[form[1]] = group; });
    });
    for (var l = 0; l + 1 < index.latin.length; l += 2) latinPairs[index.latin.substr(l, 2)] = true;
    index.shard = function (n, data) { shards[n] = data; };
    index.chunk = function (n, data) { chunks[n] = data; };
    if (!index.shards) shards[0] = index.keys;
  }

  function shardOf(key) {
    if (!index.shards) return 0;
    var h = 0x811c9dc5;
    for (var i = 0; i < key.length; i++) {
      h ^= key.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h % index.shards;
  }

  function load(root, path, store, n) {
    if (store[n]) return Promise.resolve();
    var key = path + n;
    if (!waiting[key]) {
      waiting[key] = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = root + path.replace("{n}", n);
        s.onload = function () { if (store[n]) resolve(); else reject(new Error(key)); };
        s.onerror = function () { delete waiting[key]; reject(new Error(key)); };
        document.head.appendChild(s);
      });
    }
    return waiting[key];
  }

  function decode(text) {
    var set = new Uint32Array((index.n + 31) >> 5);
    if (!text) return set;
    if (text.charAt(0) === "~") {
      var bin = atob(text.slice(1));
      for (var b = 0; b < bin.length; b++) {
        var byte = bin.charCodeAt(b);
        if (byte) set[b >> 2] |= byte << ((b & 3) * 8);
      }
      return set;
    }
    var prev = -1, v = 0, shift = 0;
    for (var i = 0; i < text.length; i++) {
      var c = A64_VALUE[text.charCodeAt(i)];
      if (c >= 32) { v += (c - 32) * Math.pow(2, shift); shift += 5; continue; }
      prev += v + c * Math.pow(2, shift) + 1;
      set[prev >> 5] |= 1 << (prev & 31);
      v = 0; shift = 0;
    }
    return set;
  }
  function and(a, b) { for (var i = 0; i < a.length; i++) a[i] &= b[i]; return a; }
  function or(a, b) { for (var i = 0; i < a.length; i++) a[i] |= b[i]; return a; }
  function has(set, i) { return (set[i >> 5] >>> (i & 31)) & 1; }

  /* The query as words; each word as its forms (as written, as kana for romaji, a term's aliases), each
     form as the keys a document must hold. */
  function plan(query) {
    // a word of punctuation alone is left out; a romaji word that is no kana and no page's letters finds nothing
    return normalise(query).split(/\s+/).filter(function (word) { return runs(word).length; }).map(function (word) {
      var forms = [word];
      var latin = word.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
      if (/^[a-z0-9'-]+$/.test(latin) && /[a-z]/.test(latin)) {
        var letters = latin.replace(/['-]/g, "");
        var found = true;
        for (var i = 0; i + 1 < letters.length; i++) {
          if (/[a-z]{2}/.test(letters.substr(i, 2)) && !latinPairs[letters.substr(i, 2)]) found = false;
        }
        forms = (found ? [letters] : []).concat(romajiToKana(latin));
      }
      // a term of the vocabulary, an alias or the reading of either: every other form of the term too
      // (its written form; not when the word is already that form or its reading)
      forms.slice().forEach(function (f) {
        (aliasOf[f] || []).forEach(function (other) {
          if (forms.indexOf(other[0]) < 0 && forms.indexOf(other[1]) < 0) forms.push(other[0]);
        });
      });
      return forms.map(function (form) {
        var keys = [];
        runs(form).forEach(function (run) {
          var cs = Array.from(run);
          if (cs.length === 1) { keys.push(cs[0]); return; }
          for (var i = 0; i + 1 < cs.length; i++) {
            if (keys.indexOf(cs[i] + cs[i + 1]) < 0) keys.push(cs[i] + cs[i + 1]);
          }
        });
        return keys;
      }).filter(function (keys) { return keys.length; });
    });
  }

  function lookup(key, which) {
    var entry = (shards[shardOf(key)] || {})[key];
    return decode(entry ? entry[which] : "");
  }

  /* Documents holding every word (which 0), or whose title holds every word (which 1). */
  function match(words, which) {
    var result = null;
    words.forEach(function (forms) {
      var word = new Uint32Array((index.n + 31) >> 5);
      forms.forEach(function (keys) {
        var form = null;
        keys.forEach(function (key) { form = form ? and(form, lookup(key, which)) : lookup(key, which); });
        or(word, form);
      });
      result = result ? and(result, word) : word;
    });
    return result;
  }

  function describe(i) {
    if (i >= index.providers) {
      var d = index.docs[i - index.providers];
      return { title: d[0], url: d[1], kind: d[2], sub: "" };
    }
    var p = index.shards ? chunks[Math.floor(i / index.per_chunk)][i % index.per_chunk] : index.shown[i];
    return { title: p[0], url: index.provider_url[0] + p[1] + index.provider_url[1], kind: 0,
             sub: index.roles[p[2]] + "・" + index.areas[p[3]] };
  }

  function kindOf(i) { return i < index.providers ? 0 : index.docs[i - index.providers][2]; }

  /* Per kind, the document ids in their order: titles that hold the query first. */
  function rank(all, titles) {
    var byKind = index.kinds.map(function () { return []; });
    var later = index.kinds.map(function () { return []; });
    for (var i = 0; i < index.n; i++) {
      if (!has(all, i)) continue;
      (has(titles, i) ? byKind : later)[kindOf(i)].push(i);
    }
    return byKind.map(function (ids, k) { return ids.concat(later[k]); });
  }

  function ensureShown(root, ids) {
    if (!index.shards) return Promise.resolve();
    var need = {};
    ids.forEach(function (i) { if (i < index.providers) need[Math.floor(i / index.per_chunk)] = true; });
    return Promise.all(Object.keys(need).map(function (c) { return load(root, index.chunk_path, chunks, c); }));
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("[data-search]");
    if (!form) return;
    var input = form.querySelector("input[type=search]");
    var status = document.querySelector("[data-search-status]");
    var results = document.querySelector("[data-search-results]");
    var root = form.getAttribute("data-root");
    var current = 0;

    function item(d) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = root + d.url;
      a.textContent = d.title;
      li.appendChild(a);
      if (d.sub) {
        var sub = document.createElement("span");
        sub.className = "search-results__sub";
        sub.textContent = d.sub;
        li.appendChild(sub);
      }
      return li;
    }

    function section(k, ids) {
      var sec = document.createElement("section");
      sec.className = "search-kind";
      sec.setAttribute("aria-labelledby", "search-kind-" + k);
      var h = document.createElement("h2");
      h.id = "search-kind-" + k;
      h.textContent = index.kinds[k] + "（" + ids.length + "件）";
      var list = document.createElement("ol");
      list.className = "search-results";
      sec.appendChild(h);
      sec.appendChild(list);
      var shown = 0;
      var more = document.createElement("button");
      more.type = "button";
      more.className = "search-more";
      function next(focus) {
        var batch = ids.slice(shown, shown + PER_KIND);
        return ensureShown(root, batch).then(function () {
          var first = null;
          batch.forEach(function (i) {
            var li = item(describe(i));
            first = first || li.firstChild;
            list.appendChild(li);
          });
          shown += batch.length;
          if (shown < ids.length) {
            more.textContent = index.kinds[k] + "をさらに表示する（残り" + (ids.length - shown) + "件）";
            if (!more.parentNode) sec.appendChild(more);
          } else if (more.parentNode) {
            more.parentNode.removeChild(more);
          }
          if (focus && first) first.focus();
        });
      }
      more.addEventListener("click", function () { next(true).catch(failed); });
      return { el: sec, ready: next(false) };
    }

    function failed() {
      status.textContent = "検索の準備ができませんでした。事業所の一覧からおさがしください。";
    }

    function show(query) {
      var run = ++current;
      status.textContent = "";  // emptied first, so that the same count for a new query is announced again
      if (!query.trim()) { results.textContent = ""; return Promise.resolve(); }
      var words = plan(query);
      var need = {};
      words.forEach(function (forms) {
        forms.forEach(function (keys) { keys.forEach(function (key) { need[shardOf(key)] = true; }); });
      });
      return Promise.all(Object.keys(need).map(function (n) {
        return index.shards ? load(root, index.shard_path, shards, n) : null;
      })).then(function () {
        if (run !== current) return null;
        var ranked = words.length ? rank(match(words, 0), match(words, 1)) : index.kinds.map(function () { return []; });
        var parts = [], total = 0, sections = [];
        ranked.forEach(function (ids, k) {
          if (!ids.length) return;
          total += ids.length;
          parts.push(index.kinds[k] + " " + ids.length + "件");
          sections.push(section(k, ids));
        });
        return Promise.all(sections.map(function (s) { return s.ready; })).then(function () {
          if (run !== current) return;
          results.textContent = "";
          sections.forEach(function (s) { results.appendChild(s.el); });
          status.textContent = total
            ? "「" + query + "」の検索結果：" + total + "件（" + parts.join("、") + "）。"
            : "「" + query + "」に合うページは見つかりませんでした。ひらがなや、短い言葉でもお試しください。";
        });
      });
    }

    function run(query, push) {
      if (index) { show(query).catch(failed); } else { failed(); }
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
