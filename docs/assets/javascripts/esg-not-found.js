/* The site's one 404.html is what the host serves for every missing address, in any edition. A reader who mistyped
   an address in another edition (/en/…, /zh-Hans/…) is sent on to that edition's own 404 page: its language, its
   navigation and its search. Loaded by overrides/404.html on the root 404 page only (the edition prefixes and the
   site's path come from the build, in data- attributes); without JavaScript the page says it in every language. */
(function () {
  var me = document.currentScript;
  if (!me) return;
  var base = me.getAttribute("data-base");
  var path = location.pathname;
  JSON.parse(me.getAttribute("data-editions")).forEach(function (prefix) {
    var page = base + prefix + "404.html";
    if (path.indexOf(base + prefix) === 0 && path !== page) location.replace(page);
  });
})();
