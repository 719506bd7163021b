// The review pages: accept or reject a fact, merge two entities or keep them apart, through
// kg's own API, with the reviewer's name (remembered in this tab's sessionStorage) and the
// write token the reviewer typed, which lives only in the input field: never stored, so a
// script of another page cannot read it.
(function () {
  "use strict";
  var reviewer = document.getElementById("reviewer");
  var token = document.getElementById("token");
  var message = document.getElementById("review-message");
  if (!reviewer || !token) {
    return;
  }
  reviewer.value = sessionStorage.getItem("kg-reviewer") || "";
  sessionStorage.removeItem("kg-token");  // written by earlier versions of this page
  reviewer.addEventListener("change", function () { sessionStorage.setItem("kg-reviewer", reviewer.value); });

  function say(text) { message.textContent = text; }

  // POST body to /api/review/<path>; on success done(row), else the buttons come back.
  function send(row, buttons, path, body, done) {
    if (!reviewer.value.trim() || !token.value.trim()) {
      say(message.getAttribute("data-need"));
      return;
    }
    sessionStorage.setItem("kg-reviewer", reviewer.value);
    body.reviewer = reviewer.value.trim();
    buttons.forEach(function (b) { b.disabled = true; });
    fetch("/api/review/" + path, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Authorization": "Bearer " + token.value.trim() },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().then(function (answer) { return { ok: response.ok, body: answer }; });
    }).then(function (result) {
      if (!result.ok) {
        buttons.forEach(function (b) { b.disabled = false; });
        say(message.getAttribute("data-failed") + result.body.error.message);
        return;
      }
      buttons.forEach(function (b) { b.remove(); });
      row.classList.add("decided");
      done(row);
    }).catch(function (error) {
      buttons.forEach(function (b) { b.disabled = false; });
      say(message.getAttribute("data-failed") + error);
    });
  }

  function mark(row, text, status) {
    var badge = row.querySelector(".status");
    badge.textContent = text;
    badge.className = "status status-" + status;
    say(text);
  }

  var facts = document.getElementById("review-table");
  if (facts) {
    facts.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-decision]");
      if (!button) {
        return;
      }
      var row = button.closest("tr");
      var decision = button.getAttribute("data-decision");
      send(row, row.querySelectorAll("button[data-decision]"), decision,
        { assertions: [row.getAttribute("data-assertion")] },
        function () {
          mark(row, message.getAttribute("data-" + decision), decision === "accept" ? "curated" : "rejected");
        });
    });
  }

  var merges = document.getElementById("merges-table");
  if (merges) {
    merges.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-action]");
      if (!button) {
        return;
      }
      var row = button.closest("tr");
      var action = button.getAttribute("data-action");
      var body = action === "merge"
        ? { keep: button.getAttribute("data-keep"), drop: button.getAttribute("data-drop") }
        : { entity: button.getAttribute("data-entity"), other: button.getAttribute("data-other") };
      send(row, row.querySelectorAll("button[data-action]"), action, body, function () {
        mark(row, message.getAttribute("data-" + action), action === "merge" ? "curated" : "rejected");
      });
    });
  }
})();
