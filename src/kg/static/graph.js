// The neighbourhood drawing on entity pages (vendored Cytoscape.js). Click a node to add
// its neighbours; double-click (or Enter on the list below) to open its page.
(function () {
  "use strict";
  var box = document.getElementById("graph");
  if (!box || typeof cytoscape !== "function") return;
  var lang = box.dataset.lang || "zh";
  var root = box.dataset.iri;
  var expanded = {};
  var pages = {};
  var cy = cytoscape({
    container: box,
    elements: [],
    maxZoom: 1.5,
    style: [
      { selector: "node", style: {
          "label": "data(name)", "font-size": 10, "text-wrap": "ellipsis", "text-max-width": 90,
          "background-color": "#8aa4c2", "width": 18, "height": 18, "color": "#1d2430",
          "text-valign": "bottom", "text-margin-y": 3 } },
      { selector: "node[kind = 'enterprise']", style: { "background-color": "#2f7fd6" } },
      { selector: "node[kind = 'university'], node[kind = 'research-institute']", style: { "background-color": "#3c9a4f" } },
      { selector: "node[kind = 'park'], node[kind = 'project']", style: { "background-color": "#e59a1c" } },
      { selector: "node[kind = 'industry'], node[kind = 'chain'], node[kind = 'segment']", style: { "background-color": "#8a5cd1" } },
      { selector: "node[kind = 'region']", style: { "background-color": "#2aa3a3" } },
      { selector: "node.root", style: { "width": 28, "height": 28, "border-width": 3, "border-color": "#14263d" } },
      { selector: "edge", style: {
          "width": 1.2, "line-color": "#b8c2cf", "target-arrow-color": "#b8c2cf",
          "target-arrow-shape": "triangle", "curve-style": "bezier", "label": "data(name)",
          "font-size": 8, "color": "#5b6472", "text-rotation": "autorotate" } }
    ]
  });

  function name(item) {
    return (lang === "en" ? (item.label_en || item.label) : (item.label || item.label_en)) || item.iri;
  }

  function expand(iri) {
    if (expanded[iri]) return Promise.resolve();
    expanded[iri] = true;
    return fetch("/api/neighbourhood?iri=" + encodeURIComponent(iri), { headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
      .then(function (data) {
        var added = [];
        data.nodes.forEach(function (n) {
          pages[n.iri] = n.href;
          if (cy.getElementById(n.iri).empty()) {
            added.push({ group: "nodes", data: { id: n.iri, name: name(n), kind: n.kind } });
          }
        });
        data.edges.forEach(function (e) {
          var id = e.source + " " + e.predicate + " " + e.target;
          if (cy.getElementById(id).empty()) {
            added.push({ group: "edges", data: { id: id, source: e.source, target: e.target, name: name(e) } });
          }
        });
        cy.add(added);
        cy.getElementById(root).addClass("root");
        cy.layout({ name: "cose", animate: false, padding: 20, nodeRepulsion: 60000, idealEdgeLength: 160, nodeOverlap: 30, componentSpacing: 80 }).run();
        box.dataset.nodes = String(cy.nodes().length);
      });
  }

  cy.on("tap", "node", function (evt) { expand(evt.target.id()); });
  cy.on("dbltap", "node", function (evt) {
    var href = pages[evt.target.id()];
    if (href) window.location.href = href;
  });
  expand(root).catch(function (err) { box.textContent = String(err); });
})();
