// Material scrolls a wide Markdown table inside a box but, unlike a code block, gives the keyboard no way into that
// box (WCAG 2.1.1). A box whose table is wider than the screen becomes a focusable region named by the table's column
// headers; checked at 320 px by tests/test_accessibility.py. A file, not an inline script, so that the page's
// Content-Security-Policy (overrides/partials/meta.html) can allow only the site's own scripts. Loaded as a module:
// it runs after Material's deferred bundle, whose document$ it uses.
document$.subscribe(function () {
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
});
