// Material 9.8.2's partials/javascripts/content.html, as a file (no inline script: overrides/partials/meta.html).
// Opens the content tab a link points to (#__tabbed_…).
var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))
