// @brief The public "report a problem" form (report.html?id=LISTING): no account, no
// trace; POST /api/v1/reports with a category and an optional message.
const $ = (id) => document.getElementById(id);
const id = new URLSearchParams(location.search).get("id") || "";
const status = $("report-status"), form = $("report-form");

async function json(r) {
  try { return await r.json(); } catch { return {}; }
}

(async () => {
  if (!/^[a-z0-9][a-z0-9-]{2,79}$/.test(id)) {
    form.hidden = true;
    status.textContent = "This link does not name a listing. Open the listing and use its report link.";
    return;
  }
  Object.assign($("back"), { href: "/?listing=" + id, textContent: "← Back to the listing" });
  const r = await fetch("/api/v1/listings/" + id);
  if (r.ok) $("listing-name").textContent = "Listing: " + (await json(r)).listing.name;
})();

form.addEventListener("submit", async (e) => {
  e.preventDefault();
  const category = form.elements.category.value;
  if (!category) {
    status.textContent = "Please choose what is wrong.";
    form.querySelector("input[name=category]").focus();
    return;
  }
  const button = form.querySelector("button");
  button.disabled = true;
  try {
    const r = await fetch("/api/v1/reports", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ listing_id: id, category, message: $("message").value.trim() }),
    });
    if (r.ok) {
      form.hidden = true;
      status.textContent = "Thank you. A moderator and the listing's maintainers will check it.";
    } else {
      const err = (await json(r)).error || {};
      status.textContent = r.status === 429 ? "Too many reports from here just now; please try again later."
        : "Not sent: " + (err.message || "the server could not take it (" + r.status + ")");
    }
  } catch {
    status.textContent = "Not sent: the server could not be reached.";
  } finally {
    button.disabled = false;
  }
});
