// The review page: accept or reject a fact through kg's own API, with the reviewer's name
// (remembered in this tab's sessionStorage) and the write token the reviewer typed, which
// lives only in the input field: never stored, so a script of another page cannot read it.
(function () {
  "use strict";
  var table = document.getElementById("review-table");
  var reviewer = document.getElementById("reviewer");
  var token = document.getElementById("token");
  var message = document.getElementById("review-message");
  if (!table || !reviewer || !token) {
    return;
  }
  reviewer.value = sessionStorage.getItem("kg-reviewer") || "";
  sessionStorage.removeItem("kg-token");  // written by earlier versions of this page
  reviewer.addEventListener("change", function () { sessionStorage.setItem("kg-reviewer", reviewer.value); });

  function say(text) { message.textContent = text; }

  table.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-decision]");
    if (!button) {
      return;
    }
    var row = button.closest("tr");
    var decision = button.getAttribute("data-decision");
    if (!reviewer.value.trim() || !token.value.trim()) {
      say(message.getAttribute("data-need"));
      return;
    }
    sessionStorage.setItem("kg-reviewer", reviewer.value);
    var buttons = row.querySelectorAll("button[data-decision]");
    buttons.forEach(function (b) { b.disabled = true; });
    fetch("/api/review/" + decision, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Authorization": "Bearer " + token.value.trim() },
      body: JSON.stringify({ assertions: [row.getAttribute("data-assertion")], reviewer: reviewer.value.trim() })
    }).then(function (response) {
      return response.json().then(function (body) { return { ok: response.ok, body: body }; });
    }).then(function (result) {
      if (!result.ok) {
        buttons.forEach(function (b) { b.disabled = false; });
        say(message.getAttribute("data-failed") + result.body.error.message);
        return;
      }
      var done = message.getAttribute("data-" + decision);
      var badge = row.querySelector(".status");
      badge.textContent = done;
      badge.className = "status status-" + (decision === "accept" ? "curated" : "rejected");
      buttons.forEach(function (b) { b.remove(); });
      row.classList.add("decided");
      say(done);
    }).catch(function (error) {
      buttons.forEach(function (b) { b.disabled = false; });
      say(message.getAttribute("data-failed") + error);
    });
  });
})();
