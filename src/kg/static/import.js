// The import page: check a table (a dry run through kg's own API), show what would change,
// then load it. The write token is read from its field when a request is sent and kept
// nowhere else: not in storage, not in a cookie; reloading the page forgets it.
(function () {
  "use strict";
  var form = document.getElementById("import-form");
  if (!form) {
    return;
  }
  var file = document.getElementById("file");
  var mapping = document.getElementById("mapping");
  var token = document.getElementById("token");
  var strict = document.getElementById("strict");
  var check = document.getElementById("check");
  var load = document.getElementById("load");
  var message = document.getElementById("import-message");
  var report = document.getElementById("import-report");
  var checked = null; // the file and options the last successful check was for
  form.addEventListener("submit", function (event) { event.preventDefault(); });

  function say(key, extra) { message.textContent = message.getAttribute("data-" + key) + (extra || ""); }
  function word(key) { return report.getAttribute("data-" + key); }
  function item(list, text) {
    var li = document.createElement("li");
    li.textContent = text;
    list.appendChild(li);
  }

  function options() {
    return { file: file.files[0], mapping: mapping.value, strict: strict.checked };
  }

  function send(dryRun) {
    var o = options();
    if (!o.file || !token.value.trim()) {
      say("need");
      return Promise.resolve(null);
    }
    var query = new URLSearchParams({ filename: o.file.name, mapping: o.mapping, dry_run: String(dryRun), strict: String(o.strict) });
    check.disabled = true;
    load.disabled = true;
    say(dryRun ? "checking" : "loading");
    return fetch("/api/import?" + query.toString(), {
      method: "POST",
      headers: { "Authorization": "Bearer " + token.value.trim(), "Content-Type": "application/octet-stream" },
      body: o.file
    }).then(function (response) {
      return response.json().then(function (body) { return { ok: response.ok, body: body, o: o }; });
    }).then(function (result) {
      check.disabled = false;
      if (!result.ok && result.body.error) {
        var details = result.body.error.details || [];
        say("failed", result.body.error.message);
        show(null, details);
        return null;
      }
      return result;
    }).catch(function (error) {
      check.disabled = false;
      say("failed", String(error));
      return null;
    });
  }

  function show(body, problems) {
    var summary = document.getElementById("report-summary");
    var bad = document.getElementById("report-bad");
    var links = document.getElementById("report-links");
    summary.textContent = "";
    bad.textContent = "";
    links.textContent = "";
    report.hidden = false;
    (problems || []).forEach(function (p) { item(bad, p); });
    if (!body) {
      return;
    }
    item(summary, body.file + " · SHA-256 " + body.sha256.slice(0, 12) + "… · " + body.mapping);
    item(summary, word("read") + " " + body.rows.read + " " + word("rows") + " · " + word("ok") + " " + body.rows.imported + " · " + word("bad") + " " + body.rows.bad);
    item(summary, (body.written ? word("loaded") : word("would")) + " " + body.statements + " " + word("statements"));
    item(summary, word("new") + " " + body.entities.new + " · " + word("known") + " " + body.entities.known);
    if (body.replaces.graphs.length) {
      item(summary, word("replaces") + ": " + body.replaces.records);
    }
    body.bad.forEach(function (b) {
      item(bad, (b.sheet ? b.sheet + " · " : "") + "row " + b.row + ": " + b.reasons.join("; "));
    });
    if (body.links.length) {
      item(links, word("links") + ":");
      body.links.slice(0, 50).forEach(function (l) { item(links, "row " + l.row + " " + l.name + " → " + l.iri + " (" + l.by + ")"); });
    }
  }

  function same(a, b) { return a && b && a.file === b.file && a.mapping === b.mapping && a.strict === b.strict; }

  check.addEventListener("click", function () {
    checked = null;
    send(true).then(function (result) {
      if (!result) {
        return;
      }
      show(result.body);
      if (result.body.unchanged) {
        say("unchanged");
        return;
      }
      message.textContent = "";
      checked = result.o;
      load.disabled = false;
    });
  });

  load.addEventListener("click", function () {
    if (!same(checked, options())) {
      load.disabled = true;
      return;
    }
    send(false).then(function (result) {
      if (!result) {
        return;
      }
      show(result.body);
      say(result.body.unchanged ? "unchanged" : "done");
      checked = null;
    });
  });

  [file, mapping, strict].forEach(function (el) {
    el.addEventListener("change", function () { checked = null; load.disabled = true; });
  });
})();
