// Placeholder page script: one search form over /api/v1/search. No third-party code, no
// storage, no cookies; results are written with textContent only.
"use strict";

(function () {
  const form = document.getElementById("search");
  const status = document.getElementById("status");
  const list = document.getElementById("results");

  // Leave quickly, and replace this page in the history so Back does not return to it.
  document.getElementById("quick-exit").addEventListener("click", function () {
    list.textContent = "";
    window.location.replace("https://www.wikipedia.org/");
  });

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    const params = new URLSearchParams();
    for (const name of ["q", "near"]) {
      const value = form.elements[name].value.trim();
      if (value) params.set(name, value);
    }
    status.textContent = "Searching…";
    list.textContent = "";
    try {
      const response = await fetch("/api/v1/search?" + params.toString(), {
        headers: { "Accept": "application/json" },
        credentials: "omit",
        referrerPolicy: "no-referrer",
      });
      const body = await response.json();
      if (!response.ok) {
        status.textContent = body.error ? body.error.message : "The search failed.";
        return;
      }
      status.textContent = body.total === 1 ? "1 result" : body.total + " results";
      if (body.suggestion) status.textContent += " — did you mean “" + body.suggestion.trim() + "”?";
      for (const result of body.results) {
        const item = document.createElement("li");
        item.textContent = result.name;
        list.appendChild(item);
      }
    } catch (err) {
      status.textContent = "The search could not be reached. Please try again.";
    }
  });
})();
