(function () {
  "use strict";
  // The partition tree: expand or collapse every branch.
  function setTree(open) {
    document.querySelectorAll("#tree details").forEach(function (d) { d.open = open; });
  }
  var expand = document.getElementById("tree-expand");
  var collapse = document.getElementById("tree-collapse");
  if (expand) { expand.addEventListener("click", function () { setTree(true); }); }
  if (collapse) { collapse.addEventListener("click", function () { setTree(false); }); }
  // A link to a partition opens the branches above it.
  function reveal(id) {
    var target = document.getElementById(id);
    for (var node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") { node.open = true; }
    }
    return target;
  }
  document.addEventListener("click", function (e) {
    var a = e.target.closest ? e.target.closest("a[href^='#p']") : null;
    if (a) { var t = reveal(a.getAttribute("href").slice(1)); if (t) { e.preventDefault(); t.scrollIntoView({ block: "center" }); } }
  });
  if (location.hash.indexOf("#p") === 0) { reveal(location.hash.slice(1)); }

  // The discrepancies: a text filter and one checkbox per type.
  var filter = document.getElementById("filter");
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input.type-filter"));
  var groups = Array.prototype.slice.call(document.querySelectorAll("table.diffs tbody.d"));
  var shown = document.getElementById("shown");
  var texts = null;
  function apply() {
    if (texts === null) {
      // Each discrepancy's cells, space-separated, read once.
      texts = groups.map(function (g) {
        return Array.prototype.map.call(g.querySelectorAll("td"), function (td) { return td.textContent; }).join(" ").toLowerCase();
      });
    }
    var words = (filter ? filter.value : "").toLowerCase().split(/\s+/).filter(Boolean);
    var types = {};
    boxes.forEach(function (b) { types[b.value] = b.checked; });
    var count = 0;
    groups.forEach(function (g, i) {
      var type = g.getAttribute("data-type");
      var visible = types[type] !== false && words.every(function (w) { return texts[i].indexOf(w) >= 0; });
      g.classList.toggle("hidden", !visible);
      if (visible) { count++; }
    });
    showCount(count);
  }
  function showCount(count) {
    if (shown) { shown.textContent = count.toLocaleString("en-US") + " of " + groups.length.toLocaleString("en-US") + " shown"; }
  }
  if (filter) { filter.addEventListener("input", apply); }
  boxes.forEach(function (b) { b.addEventListener("change", apply); });
  showCount(groups.length); // the texts are read on the first filtering, not while the page loads

})();
