// The region field of a form (the macro region_field): the select lists the provinces and
// macro regions; a city or district is typed beside it, and here suggested as one types -
// names and pinyin, from /api/search (kind=region). The server prefers the place typed
// and resolves a name itself, so without this script the field works as plain text; with
// it, a suggestion picked is sent as its IRI (two places of one name stay apart).
"use strict";

for (const input of document.querySelectorAll("input[data-region-place]")) {
  const list = document.getElementById(input.getAttribute("list"));
  const iris = new Map(); // a suggestion's text -> its IRI
  let timer = null;
  let asked = "";

  const suggest = async () => {
    const q = input.value.trim();
    if (!q || q === asked || iris.has(q)) return;
    asked = q;
    const params = new URLSearchParams({ q, kind: "region", limit: "20" });
    const response = await fetch("/api/search?" + params, {
      headers: { Accept: "application/json" },
    });
    if (!response.ok || input.value.trim() !== q) return;
    const { results } = await response.json();
    const seen = new Map(); // label -> how many suggestions carry it
    for (const hit of results) seen.set(hit.label, (seen.get(hit.label) || 0) + 1);
    const options = results.map((hit) => {
      const option = document.createElement("option");
      // two places of one name are told apart by what they lie in (a district by its city), else by
      // their IRI's last part
      const within = (hit.part_of || []).join("、") || hit.iri.split("/").pop();
      option.value = seen.get(hit.label) > 1 ? `${hit.label} · ${within}` : hit.label;
      if (hit.label_en) option.label = hit.label_en;
      iris.set(option.value, hit.iri);
      return option;
    });
    list.replaceChildren(...options);
  };

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(suggest, 150);
  });
  input.form.addEventListener("submit", () => {
    clearTimeout(timer); // no suggestions for a page being left
    const iri = iris.get(input.value.trim());
    if (iri) input.value = iri;
  });
}
