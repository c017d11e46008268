// @brief The "report a problem" view of one listing (?view=report&listing=ID), loaded with
// import() only when someone opens it: no account, no trace; POST /api/v1/reports with a
// category and an optional message. A view of the same page, so it adds no history entry
// (Quick exit's Back never finds it) and has its own way back to the listing.
import { el } from "./format.js";
import { t } from "./i18n.js";
import { textLang, inLang } from "./results.js";

// Each category's words are the catalog's "cat.<category>".
const CATEGORIES = ["no_longer_meets", "closed", "wrong_contact", "wrong_schedule", "wrong_location", "other"];

async function json(r) {
  try { return await r.json(); } catch { return {}; }
}

// d: the listing as GET /api/v1/listings/{id} gives it, or null (unknown listing).
// ctx.back(text, listing id or ""): a link back within the page.
export function renderReport(box, id, d, ctx) {
  const title = el("h2", { id: "report-title", tabindex: "-1" }, t("reportTitle"));
  const status = el("p", { id: "report-status", role: "status", "aria-live": "polite" });
  if (!d) {
    status.textContent = t("reportNone");
    box.replaceChildren(ctx.back(t("backSearch")), title, status);
    return;
  }
  const message = el("textarea", { id: "message", name: "message", maxlength: 1000, rows: 4 });
  const send = el("button", { type: "submit", class: "primary" }, t("send"));
  const form = el("form", { id: "report-form", novalidate: true },
    el("fieldset", {}, el("legend", {}, t("whatWrong")),
      CATEGORIES.map((value, i) => el("div", {},
        el("label", {}, el("input", { type: "radio", name: "category", value, required: i === 0 }), " " + t("cat." + value))))),
    el("div", { class: "field" }, el("label", { for: "message" }, t("message")), message),
    el("p", { class: "hint" }, t("noAccount")),
    send);
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const category = form.elements.category.value;
    if (!category) {
      status.textContent = t("chooseWrong");
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
        status.textContent = t("thanks");
      } else {
        const err = (await json(r)).error || {};
        status.textContent = r.status === 429 ? t("tooMany") : t("notSent", { why: err.message || t("refused", { status: r.status }) });
      }
    } catch {
      status.textContent = t("notSent", { why: t("noServer") });
    } finally {
      send.disabled = false;
    }
  });
  // The name keeps its own language, marked as on the listing ("… (French)").
  const own = textLang(d), [before, after] = t("listingName").split("{name}");
  box.replaceChildren(ctx.back(t("backListing"), id), title,
    el("p", { id: "listing-name" }, before, el("span", { lang: own }, d.listing.name), inLang(own), after), form, status);
}
