/* The report's own small scripts (a file, not inline: the site is to get a Content-Security-Policy).
   Loaded after Material's bundle (mkdocs.yml extra_javascript, deferred like it by overrides/main.html).

   1. The language switcher keeps the reader's place: every link to another edition carries the page's #anchor —
      the one in the address, or else the heading of the section being read — since the editions share heading and
      row ids. Set when the page loads, when the anchor changes, and at the moment of the click.
   2. A Markdown table too wide for the screen scrolls in a box which, unlike a code block, Material gives the keyboard
      no way into (WCAG 2.1.1): such a box becomes a focusable region named by the table's column headers.
   3. A way through long pages (more than five screens, e.g. the KPI appendix at about 19 phone screens): a bar of the
      page's sections under the header, where the table of contents is out of reach (phones, tablets), its current
      section marked; and, on every long page, a thin reading-progress line. The bar is a list of ordinary links
      named like Material's table of contents (so in the page's language); neither is printed (extra.css).
   4. A jump to a section or a row (a link, a chip of the bar, another edition's switcher) lands where it should,
      though the tables and charts on the way are laid out only near the screen, at a guessed height until then
      (extra.css: content-visibility): once the jump has laid out what it passed, the target is aligned again. */
(function () {
  "use strict";

  function currentSection() {
    var headings = document.querySelectorAll(".md-content article :is(h2, h3)[id]");
    var line = 80, found = "";  // just below the sticky header
    for (var i = 0; i < headings.length; i++) {
      if (headings[i].getBoundingClientRect().top > line) break;
      found = headings[i].id;
    }
    return found ? "#" + found : "";
  }

  function place(link, hash) {
    link.href = link.href.split("#")[0] + hash;
  }

  function placeAll() {
    var hash = location.hash;
    document.querySelectorAll("a.md-select__link[hreflang]").forEach(function (link) { place(link, hash); });
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.md-select__link[hreflang]");
    if (link) place(link, location.hash || currentSection());
  }, true);
  window.addEventListener("hashchange", placeAll);
  placeAll();

  function focusableScrollBoxes() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (box) {
      function update() {
        var head = box.querySelector("thead tr");
        if (box.scrollWidth > box.clientWidth) {
          box.setAttribute("tabindex", "0");
          box.setAttribute("role", "region");
          box.setAttribute("aria-label", head ? Array.from(head.cells, function (c) { return c.textContent.trim(); }).join(", ") : "");
        } else {
          ["tabindex", "role", "aria-label"].forEach(function (name) { box.removeAttribute(name); });
        }
      }
      update();
      new ResizeObserver(update).observe(box);
    });
  }
  // Material wraps the tables as its document$ emits (after its bundle has run); without it, at once.
  if (window.document$) window.document$.subscribe(focusableScrollBoxes); else focusableScrollBoxes();

  var LONG = 5;   // screens: a page longer than this gets the section bar and the progress line

  function wayThrough() {
    var article = document.querySelector(".md-content article");
    var header = document.querySelector(".md-header");
    if (!article || !header || header.querySelector(".esg-progress")) return;
    var heads = Array.prototype.slice.call(article.querySelectorAll("h2[id]"));
    if (article.offsetHeight < LONG * window.innerHeight || heads.length < 3) return;
    var progress = document.createElement("div");
    progress.className = "esg-progress";
    progress.setAttribute("aria-hidden", "true");
    header.appendChild(progress);
    var tocTitle = document.querySelector(".md-nav--secondary > .md-nav__title");
    // not a second <nav> landmark: it would repeat the name of Material's table of contents (axe: landmark-unique)
    var bar = document.createElement("div");
    bar.className = "esg-sectionbar";
    var list = document.createElement("ul");
    list.setAttribute("aria-label", tocTitle ? tocTitle.textContent.trim() : document.title);
    var links = heads.map(function (h) {
      var item = document.createElement("li"), link = document.createElement("a");
      link.href = "#" + h.id;
      var label = h.cloneNode(true);
      label.querySelectorAll(".headerlink").forEach(function (e) { e.remove(); });
      link.textContent = label.textContent.trim();
      item.appendChild(link);
      list.appendChild(item);
      return link;
    });
    bar.appendChild(list);
    header.appendChild(bar);
    document.documentElement.classList.add("esg-has-sectionbar");

    var pending = false;
    function update() {
      pending = false;
      var doc = document.documentElement, room = doc.scrollHeight - window.innerHeight;
      progress.style.transform = "scaleX(" + (room > 0 ? Math.min(1, window.scrollY / room) : 1) + ")";
      var line = header.getBoundingClientRect().bottom + 24, current = -1;   // a section just jumped to counts
      for (var i = 0; i < heads.length; i++) {
        if (heads[i].getBoundingClientRect().top > line) break;
        current = i;
      }
      links.forEach(function (link, i) {
        if (i === current) {
          if (link.getAttribute("aria-current") !== "location") {
            link.setAttribute("aria-current", "location");
            // keep the current chip in view inside the bar, without moving the page
            list.scrollLeft = link.parentNode.offsetLeft - (list.clientWidth - link.parentNode.offsetWidth) / 2;
          }
        } else {
          link.removeAttribute("aria-current");
        }
      });
    }
    function schedule() { if (!pending) { pending = true; window.requestAnimationFrame(update); } }
    window.addEventListener("scroll", schedule, {passive: true});
    window.addEventListener("resize", schedule);
    update();
  }
  if (window.document$) window.document$.subscribe(wayThrough); else wayThrough();

  function settle() {
    var id = decodeURIComponent(location.hash.slice(1)), target = id && document.getElementById(id);
    if (!target) return;
    window.requestAnimationFrame(function () {
      window.requestAnimationFrame(function () { target.scrollIntoView({block: "start"}); });
    });
  }
  window.addEventListener("hashchange", settle);
  // arriving with an anchor (not a reload, where the browser puts the reader back where they were)
  var arrival = window.performance && performance.getEntriesByType && performance.getEntriesByType("navigation")[0];
  if (!arrival || arrival.type !== "reload") window.addEventListener("load", settle);
})();
