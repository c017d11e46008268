// @brief The "report a problem" view of one listing (?view=report&listing=ID), loaded with
// import() only when someone opens it: no account, no trace; POST /api/v1/reports with a
// category and an optional message. A view of the same page, so it adds no history entry
// (Quick exit's Back never finds it) and has its own way back to the listing.
import { el } from "./format.js";

const CATEGORIES = [["no_longer_meets", "The group no longer meets"], ["closed", "The program has closed"],
  ["wrong_contact", "Wrong phone, email or website"], ["wrong_schedule", "Wrong days or times"],
  ["wrong_location", "Wrong address or place"], ["other", "Something else"]];

async function json(r) {
  try { return await r.json(); } catch { return {}; }
}

// d: the listing as GET /api/v1/listings/{id} gives it, or null (unknown listing).
// ctx.back(text, listing id or ""): a link back within the page.
export function renderReport(box, id, d, ctx) {
  const title = el("h2", { id: "report-title", tabindex: "-1" }, "Report a problem with a listing");
  const status = el("p", { id: "report-status", role: "status", "aria-live": "polite" });
  if (!d) {
    status.textContent = "This link does not name a listing in the directory. Open the listing and use its report link.";
    box.replaceChildren(ctx.back("← Back to search"), title, status);
    return;
  }
  const message = el("textarea", { id: "message", name: "message", maxlength: 1000, rows: 4 });
  const send = el("button", { type: "submit", class: "primary" }, "Send report");
  const form = el("form", { id: "report-form", novalidate: true },
    el("fieldset", {}, el("legend", {}, "What is wrong?"),
      CATEGORIES.map(([value, text], i) => el("div", {},
        el("label", {}, el("input", { type: "radio", name: "category", value, required: i === 0 }), " " + text)))),
    el("div", { class: "field" }, el("label", { for: "message" }, "Anything that would help us fix it (optional)"), message),
    el("p", { class: "hint" }, "No account needed. We do not store your address or anything about you; " +
      "please do not write your name or contact details here."),
    send);
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const category = form.elements.category.value;
    if (!category) {
      status.textContent = "Please choose what is wrong.";
      form.querySelector("input[name=category]").focus();
      return;
    }
    send.disabled = true;
    try {
      const r = await fetch("/api/v1/reports", {
        method: "POST", credentials: "omit",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ listing_id: id, category, message: message.value.trim() }),
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
      send.disabled = false;
    }
  });
  box.replaceChildren(ctx.back("← Back to the listing", id), title,
    el("p", { id: "listing-name" }, "Listing: " + d.listing.name), form, status);
}
