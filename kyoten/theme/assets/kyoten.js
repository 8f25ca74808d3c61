/* kyoten: progressive enhancement only. Without this script every link still goes to a real page. */
(function () {
  "use strict";

  /* Directory filters: the facet links become toggle buttons that filter the list in place.
     Within one facet a provider matches any chosen value; across facets it must match all. */
  function setupFacets(root) {
    var list = document.getElementById("provider-results");
    if (!list) return;
    var cards = Array.prototype.slice.call(list.querySelectorAll(".provider-card"));
    var groups = Array.prototype.slice.call(list.querySelectorAll(".kana-group"));
    var status = document.querySelector("[data-facets-status]");  /* outside the <details>: seen when it is closed */
    var label = root.querySelector("[data-facets-label]");
    var chosen = {};
    var buttons = [];

    Array.prototype.forEach.call(root.querySelectorAll("[data-facet] a[data-value]"), function (a) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "chip";
      while (a.firstChild) b.appendChild(a.firstChild);  // keeps the <ruby> of the label
      b.dataset.facet = a.closest("[data-facet]").dataset.facet;
      b.dataset.value = a.dataset.value;
      b.setAttribute("aria-pressed", "false");
      b.addEventListener("click", function () {
        toggle(b.dataset.facet, b.dataset.value);
        apply(true);
      });
      a.parentNode.replaceChild(b, a);
      buttons.push(b);
    });

    var reset = document.createElement("button");
    reset.type = "button";
    reset.className = "facets__reset";
    reset.textContent = "条件をすべて解除";
    reset.addEventListener("click", function () { chosen = {}; apply(true); });
    status.parentNode.insertBefore(reset, status);

    function toggle(facet, value) {
      var set = chosen[facet] || (chosen[facet] = []);
      var i = set.indexOf(value);
      if (i >= 0) set.splice(i, 1); else set.push(value);
      if (!set.length) delete chosen[facet];
    }

    function matches(card) {
      return Object.keys(chosen).every(function (facet) {
        var have = (card.getAttribute("data-" + facet) || "").split(" ");
        return chosen[facet].some(function (v) { return have.indexOf(v) >= 0; });
      });
    }

    function apply(announce) {
      var shown = 0;
      cards.forEach(function (c) {
        var ok = matches(c);
        c.hidden = !ok;
        if (ok) shown++;
      });
      groups.forEach(function (g) {
        g.hidden = !g.querySelector(".provider-card:not([hidden])");
        var link = document.querySelector('.kana-index a[href="#' + g.id + '"]');
        if (link) link.parentNode.hidden = g.hidden;
      });
      buttons.forEach(function (b) {
        var on = (chosen[b.dataset.facet] || []).indexOf(b.dataset.value) >= 0;
        b.setAttribute("aria-pressed", on ? "true" : "false");
      });
      document.dispatchEvent(new CustomEvent("kyoten:filter"));  /* the map shows the same providers */
      var any = Object.keys(chosen).length > 0;
      var count = Object.keys(chosen).reduce(function (n, f) { return n + chosen[f].length; }, 0);
      label.textContent = count ? "絞り込み（" + count + "件選択中）" : "絞り込み";
      reset.hidden = !any;
      if (announce || any) {
        status.textContent = any ? shown + "か所の事業所が条件に合います。" : "すべての事業所（" + cards.length + "か所）を表示しています。";
      }
      var hash = Object.keys(chosen).sort().map(function (f) {
        return f + "=" + chosen[f].map(encodeURIComponent).join(",");
      }).join("&");
      if (announce && window.history && history.replaceState) {
        history.replaceState(null, "", hash ? "#" + hash : location.pathname + location.search);
      }
    }

    /* 「現在地から近い順」 (map.js) moved the cards: show the 五十音 rows and their index again as they are */
    document.addEventListener("kyoten:reorder", function () { apply(false); });

    /* restore filters from the address (#area=chuo&function=emergency) */
    location.hash.replace(/^#/, "").split("&").forEach(function (part) {
      var kv = part.split("=");
      if (kv.length !== 2 || !/^(area|function|service|target|role|emergency)$/.test(kv[0])) return;
      kv[1].split(",").forEach(function (v) { toggle(kv[0], decodeURIComponent(v)); });
    });
    apply(false);
  }

  /* Furigana: the ruby is in the HTML (made at build time) and hidden by CSS until switched on;
     the choice is remembered across pages. */
  function setupFurigana() {
    var root = document.documentElement;
    Array.prototype.forEach.call(document.querySelectorAll("[data-furigana-toggle]"), function (b) {
      b.hidden = false;
      b.setAttribute("aria-pressed", root.classList.contains("furigana") ? "true" : "false");
      b.addEventListener("click", function () {
        var on = !root.classList.contains("furigana");
        root.classList.toggle("furigana", on);
        b.setAttribute("aria-pressed", on ? "true" : "false");
        try { localStorage.setItem("kyoten-furigana", on ? "on" : "off"); } catch (e) {}
        scrollableTables();  // the readings make text wider
      });
    });
  }

  /* On a phone the filters start closed, so that the results come first (open in the HTML: without
     JS they are simply there). */
  function closeOnPhones() {
    if (!window.matchMedia || !window.matchMedia("(max-width: 47.99rem)").matches) return;
    Array.prototype.forEach.call(document.querySelectorAll("[data-facets-box]"), function (d) { d.open = false; });
  }

  /* On a phone the menu is one row that scrolls sideways (kyoten.css): a focused item is brought fully
     into view (browsers leave one that is half in view where it is). */
  function menuFollowsFocus() {
    var nav = document.querySelector(".global-nav");
    if (!nav) return;
    nav.addEventListener("focusin", function (e) {
      if (e.target.scrollIntoView) e.target.scrollIntoView({ block: "nearest", inline: "nearest" });
    });
  }

  /* Accessible names read as words with furigana on or off: a control or heading that holds <ruby> gets
     its text without the readings as aria-label (the accessible-name algorithm of the spec, as axe and
     Playwright follow it, puts the <rt> reading and spaces around it into the name: 「検索 けんさく する」). */
  function plainText(node) {
    if (node.nodeType === 3) return node.nodeValue;
    if (node.nodeType !== 1 || /^(RT|RP|SCRIPT|STYLE|TEMPLATE|SELECT|TEXTAREA)$/.test(node.nodeName) ||
        node.hidden || node.getAttribute("aria-hidden") === "true" || getComputedStyle(node).display === "none") return "";
    if (node.nodeName === "IMG") return node.getAttribute("alt") || "";
    if (node.hasAttribute("aria-label")) return node.getAttribute("aria-label");
    var out = "";
    for (var c = node.firstChild; c; c = c.nextSibling) out += plainText(c);
    return out;
  }
  function words(nodes) {  // the text inside each node (a node itself may be hidden for now: the map button)
    return nodes.map(function (n) {
      var out = "";
      for (var c = n.firstChild; c; c = c.nextSibling) out += plainText(c);
      return out;
    }).join(" ").replace(/\s+/g, " ").trim();
  }
  var NAMED = "a, button, summary, h1, h2, h3, h4, h5, h6, fieldset, input, select, textarea";
  function plainNames(root) {
    var els = Array.prototype.slice.call(root.querySelectorAll(NAMED));
    if (root.matches && root.matches(NAMED)) els.push(root);
    els.forEach(function (el) {
      if (el.hasAttribute("aria-label") || el.hasAttribute("aria-labelledby")) return;
      var from = el.nodeName === "FIELDSET" ? [el.querySelector(":scope > legend")].filter(Boolean)
        : /^(INPUT|SELECT|TEXTAREA)$/.test(el.nodeName) ? Array.prototype.slice.call(el.labels || []) : [el];
      if (!from.some(function (f) { return f.querySelector("ruby"); })) return;
      var name = words(from);
      if (name) el.setAttribute("aria-label", name);
    });
  }

  /* A table wider than a narrow screen scrolls sideways (CSS): it joins the tab order then, so that the
     keyboard can scroll it too (axe scrollable-region-focusable); a screen reader names it by its caption. */
  function scrollableTables() {
    Array.prototype.forEach.call(document.querySelectorAll("main table"), function (t) {
      if (t.scrollWidth > t.clientWidth + 1) t.setAttribute("tabindex", "0");
      else t.removeAttribute("tabindex");
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setupFurigana();
    menuFollowsFocus();
    closeOnPhones();
    var facets = document.querySelector("[data-facets]");
    if (facets) setupFacets(facets);
    plainNames(document);
    /* and whatever the map and search scripts add later */
    new MutationObserver(function (records) {
      records.forEach(function (r) {
        Array.prototype.forEach.call(r.addedNodes, function (n) { if (n.nodeType === 1) plainNames(n); });
      });
    }).observe(document.body, {childList: true, subtree: true});
    scrollableTables();
    window.addEventListener("resize", scrollableTables);
  });
})();
