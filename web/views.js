// @brief The views of one listing (its details, its report form) and of the referral list,
// loaded with import() when one first opens: a search needs none of them. app: the page's
// { state(), navigate(state), ready (labels known), hits (of the last search), ctx } (app.js).
import { $, el } from "./format.js";
import { getJson, writeUrl } from "./state.js";
import { remembered, remember } from "./referral.js";
import { stylesheet } from "./css.js";
import { t, lang, views } from "./i18n.js";

await views(); // this view's words (i18n.js)
// The views' own rules and the print rules (views.css): people print the views (a listing,
// the sheet). Before sheet.css (sheet.js), whose rules for the sheet on paper come after.
await stylesheet("/views.css");


// Listings by id, kept in memory for this page only (never stored).
const listings = new Map();
function getListing(id) {
  if (!listings.has(id)) {
    const p = getJson("/api/v1/listings/" + encodeURIComponent(id) + "?lang=" + lang).catch((e) => {
      listings.delete(id);
      return e.status === 404 ? null : Promise.reject(e);
    });
    listings.set(id, p);
  }
  return listings.get(id);
}

// What the views use besides the cards' ctx (app.js).
function viewCtx(app) {
  return { ...app.ctx,
    // The views' own way back (the page adds no history entry for them): to the results, or a listing.
    back: (text = t("back"), id = "") => el("p", { class: "no-print" },
      el("a", { href: writeUrl({ ...app.state(), listing: id, view: "" }), class: "back", "data-back": id }, text)),
    // The bar's sentence as text (its links are the page's, not paper's), a line's name
    // still marked with its language.
    crisisText: () => [t("crisisText") + " ", ...[...$("help-line").firstChild.childNodes]
      .map((n) => (n.nodeName === "STRONG" ? n.cloneNode(true) : n.textContent))],
    shared: () => !!app.state().shared,
    clear: () => { app.navigate({ ...app.state(), list: [] }); if (remembered() !== null) remember([], true); } };
}

export async function showDetail(app, id, focus, kind) {
  const box = $(kind + "-view"), ctx = viewCtx(app);
  if (focus) box.replaceChildren(el("p", { role: "status" }, t("loading")));
  let d;
  try {
    d = await getListing(id);
    await app.ready();
  } catch (e) {
    d = undefined;
  }
  const state = app.state();
  if (state.listing !== id || (state.view || "detail") !== kind) return;
  if (kind === "report") (await import("./report.js")).renderReport(box, id, d, ctx);
  else if (d) (await import("./detail.js")).renderDetail(box, d, app.hits.get(id), ctx);
  else {
    box.replaceChildren(ctx.back(),
      el("h2", { id: "detail-title", tabindex: "-1" }, t(d === null ? "gone" : "unreachable")));
  }
  if (focus) $(kind + "-title").focus();
}

export async function showList(app, focus) {
  const list = app.state().list, want = list.join(",");
  const entries = await Promise.all(list.map((id) => getListing(id).then((d) => ({ id, d }), () => ({ id, d: null }))));
  const { renderList } = await import("./sheet.js");
  await app.ready();
  const state = app.state();
  if (state.view !== "list" || state.list.join(",") !== want) return;
  renderList($("list-view"), entries, viewCtx(app));
  if (focus) $("list-title").focus();
}
