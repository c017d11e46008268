// @brief The views of one listing (its details, its report form) and of the referral list,
// loaded with import() when one first opens: a search needs none of them. app: the page's
// { state(), ready (labels known), hits (of the last search), ctx } (app.js).
import { el } from "./format.js";
import { getListing } from "./state.js";
import { t, views } from "./i18n.js";

await views(); // this view's words (i18n.js)

const $ = (id) => document.getElementById(id);

export async function showDetail(app, id, focus, kind) {
  const box = $(kind + "-view"), { ctx } = app;
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
  renderList($("list-view"), entries, app.ctx);
  if (focus) $("list-title").focus();
}
