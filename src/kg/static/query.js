// The SPARQL editor page: YASGUI on kg's own endpoint, with one tab per named example query.
(function () {
  "use strict";
  var endpoint = new URL("/sparql", window.location.href).href;
  // The example queries (named queries of /api/queries) and their tab names, in the
  // page's language: the page gives them (the words are the catalogue's, kg.messages).
  var examples = JSON.parse(document.getElementById("yasgui").dataset.examples);
  Yasgui.Yasqe.defaults.value = [
    "# kg's prefixes are predeclared; they are spelled out here for the editor's checks.",
    "PREFIX kg: <https://w3id.org/kg-industry/def#>",
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>",
    "SELECT ?org ?name WHERE {",
    "  ?org a kg:Enterprise ; rdfs:label ?name .",
    "  FILTER(LANG(?name) = \"zh\")",
    "}"
  ].join("\n");
  // Only local completers: the class and property completers would call a remote service.
  Yasgui.Yasqe.defaults.autocompleters = ["prefixes", "variables"];
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    persistenceId: "kg-yasgui"
  });
  Object.keys(examples).forEach(function (name) {
    fetch("/api/queries/" + name)
      .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
      .then(function (text) {
        var exists = yasgui.persistentConfig.getTabs().some(function (id) {
          var tab = yasgui.getTab(id);
          return tab && tab.getName() === examples[name];
        });
        if (!exists) {
          yasgui.addTab(false, { name: examples[name], yasqe: { value: text }, requestConfig: { endpoint: endpoint } });
        }
      })
      .catch(function (error) { console.warn("example " + name + " not loaded: " + error); });
  });
})();
