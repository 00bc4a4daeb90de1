/* The report's own small scripts (a file, not inline: the site is to get a Content-Security-Policy).
   Loaded after Material's bundle (mkdocs.yml extra_javascript, deferred like it by overrides/main.html).

   1. The language switcher keeps the reader's place: every link to another edition carries the page's #anchor —
      the one in the address, or else the heading of the section being read — since the editions share heading and
      row ids. Set when the page loads, when the anchor changes, and at the moment of the click.
   2. A Markdown table too wide for the screen scrolls in a box which, unlike a code block, Material gives the keyboard
      no way into (WCAG 2.1.1): such a box becomes a focusable region named by the table's column headers. */
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
})();
