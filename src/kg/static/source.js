// Source pages: selecting a marked sentence highlights the facts it backs, and back.
(function () {
  "use strict";
  function activate(ids) {
    document.querySelectorAll("mark.active, .passage.active").forEach(function (el) { el.classList.remove("active"); });
    ids.forEach(function (id) {
      var mark = document.querySelector('mark[data-passages~="' + id + '"]');
      var facts = document.getElementById("facts-" + id);
      if (mark) mark.classList.add("active");
      if (facts) facts.classList.add("active");
    });
  }
  document.querySelectorAll("mark[data-passages]").forEach(function (mark) {
    mark.addEventListener("click", function () { activate(mark.dataset.passages.split(" ")); });
  });
  document.querySelectorAll(".passage h2 a").forEach(function (a) {
    a.addEventListener("click", function () { activate([a.getAttribute("href").slice(1)]); });
  });
  if (location.hash.length > 1) {
    var id = location.hash.slice(1).replace(/^facts-/, "");
    var mark = document.querySelector('mark[data-passages~="' + id + '"] a');
    // a passage whose facts another page of the source lists (an evidence link to it):
    // that page, which its mark links to
    if (mark && !document.getElementById("facts-" + id) && mark.getAttribute("href").charAt(0) === "?") {
      location.replace(mark.getAttribute("href").split("#")[0] + "#" + id);
    } else {
      activate([id]);
    }
  }
})();
