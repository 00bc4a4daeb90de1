/* Search costs nothing until it is used: the search index and Material's search worker are fetched when the reader
 * first focuses the search box (a click or tap on it, or the search key: f, s or /), not with every page.
 *
 * Why: Material 9.8 fetches its language's whole index (about 45 KB gzipped) and the lunr worker (12 KB) as each
 * page loads, a third of what a page downloads before the reader does anything. Its bundle asks for the index with
 * XMLHttpRequest (browser/request) and creates the worker with `new Worker(config.search)` (browser/worker); this
 * script, loaded before the bundle (overrides/main.html), holds back the `send()` of that one request and the
 * creation of that one worker until first use. The bundle is not changed: messages it posts to the worker wait
 * for it, and everything else runs as before. Without this script search works as Material ships it.
 * Also released at once: a page opened from a search result (?h=…, the bundle highlights the words with the
 * index's settings) or a search link (?q=…). Checked by tests/test_search.py (no index on load; search works).
 *
 * Chinese queries: Material's worker cuts a run of Chinese characters into the index's words, but never takes the
 * run's last character into a word (query/segment: `j < query.length`), so 女性董事 is searched as 女性 alone and
 * 範疇二 as 範疇*, which also finds 範疇一. This script reads the words of the index when it arrives and, before a
 * query reaches the worker, cuts each run into whole index words itself (longest first) and ends each with 〇 (a
 * Han character the worker's cut never includes), so each word is searched whole.
 */
(function () {
  "use strict";
  var node = document.getElementById("__config");
  if (!node || !window.XMLHttpRequest || !window.Worker) return;
  var config;
  try { config = JSON.parse(node.textContent); } catch (e) { return; }
  var base = new URL(config.base || ".", location.href);
  var indexUrl = new URL("search/search_index.json", base).href;
  var workerUrl = config.search ? new URL(config.search, location.href).href : null;

  var used = false;
  var waiting = [];
  function use() {
    if (used) return;
    used = true;
    document.documentElement.setAttribute("data-esg-search", "used");
    waiting.splice(0).forEach(function (go) { go(); });
  }

  /* The index request: opened as the bundle asks, sent on first use. */
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    var xhr = this;
    xhr.__esgLazy = new URL(String(url), location.href).href === indexUrl;
    // heard before the bundle's own listener, which ends its request and so empties the response
    if (xhr.__esgLazy) xhr.addEventListener("load", function () { learn(xhr.response); });
    return open.apply(xhr, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var xhr = this, args = arguments;
    if (!xhr.__esgLazy || used) return send.apply(xhr, args);
    waiting.push(function () {
      if (xhr.readyState === XMLHttpRequest.OPENED) send.apply(xhr, args);   // not if aborted meanwhile
    });
  };

  /* The words of the index, for cutting Chinese queries (see above). */
  var words = null;
  var SENTINEL = "\u3007";
  function learn(body) {
    if (!body || typeof body.text !== "function") return;
    body.text().then(function (text) {
      var data = JSON.parse(text), found = new Set();
      var separator = new RegExp(data.config.separator);
      var fields = Object.keys(data.config.fields);
      data.docs.forEach(function (doc) {
        fields.forEach(function (field) {
          if (typeof doc[field] !== "string") return;
          doc[field].replace(/<[^>]+>/g, " ").toLowerCase().split(separator).forEach(function (word) {
            if (word) found.add(word);
          });
        });
      });
      words = found;
      document.documentElement.setAttribute("data-esg-search", "words");
    }).catch(function (err) {
      words = null;
      if (window.console) console.warn("search: the index's words could not be read", err);
    });
  }
  function cut(run) {   // the run as whole index words, or null when it is not made of them
    var out = [], i = 0;
    while (i < run.length) {
      var j = run.length;
      while (j > i && !words.has(run.slice(i, j))) j--;
      if (j === i) return null;
      out.push(run.slice(i, j) + SENTINEL);
      i = j;
    }
    return out.join(" ");
  }
  function query(message) {
    if (!words || !message || typeof message.data !== "string" || typeof message.type !== "number") return message;
    var data = message.data.replace(/\p{sc=Han}+/gu, function (run, at, all) {
      if (/[A-Za-z0-9]/.test(all.charAt(at - 1) + all.charAt(at + run.length))) return run;   // e研通: one word
      return (run.indexOf(SENTINEL) < 0 && cut(run)) || run;
    });
    return data === message.data ? message : { type: message.type, data: data };
  }

  /* The search worker: a stand-in that creates the real one on first use and passes messages both ways. */
  var RealWorker = window.Worker;
  function LazyWorker(url, options) {
    var target = document.createDocumentFragment();   // an EventTarget the bundle can listen to
    var worker = null, queue = [];
    function start() {
      worker = new RealWorker(url, options);
      worker.addEventListener("message", function (ev) {
        target.dispatchEvent(new MessageEvent("message", { data: ev.data }));
      });
      worker.addEventListener("error", function (ev) {
        target.dispatchEvent(new Event("error"));
        if (window.console) console.warn("search worker:", ev.message);
      });
      queue.splice(0).forEach(function (message) { worker.postMessage(message); });
    }
    target.postMessage = function (message) {
      message = query(message);
      if (worker) worker.postMessage(message); else queue.push(message);
    };
    target.terminate = function () { if (worker) worker.terminate(); };
    if (used) start(); else waiting.push(start);
    return target;
  }
  window.Worker = function (url, options) {
    if (workerUrl && new URL(String(url), location.href).href === workerUrl) return LazyWorker(url, options);
    return new RealWorker(url, options);
  };
  window.Worker.prototype = RealWorker.prototype;

  /* First use: the search box gets focus (click, tap, or Material's search keys focus it), or the search opens. */
  document.addEventListener("focusin", function (ev) {
    if (ev.target && ev.target.matches && ev.target.matches("[data-md-component=search-query]")) use();
  });
  document.addEventListener("change", function (ev) {
    if (ev.target && ev.target.id === "__search" && ev.target.checked) use();
  });
  var params = new URLSearchParams(location.search);
  if (params.has("h") || params.has("q")) use();
})();
