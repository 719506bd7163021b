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
  if (location.hash.length > 1) activate([location.hash.slice(1).replace(/^facts-/, "")]);
})();
