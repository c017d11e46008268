// @brief The empty state (loaded with import() only when a search finds nothing): ways
// out, each a one-click change of the search that is tried first, so every one shows how
// many results it leads to and none leads to 0; then 211 and findahelpline as links.
import { el, label } from "./format.js";
import { FACETS, hasPlace, searchParams, getJson } from "./state.js";
import { facetTitle } from "./results.js";
import { t, tn, lang, region, views } from "./i18n.js";

await views(); // this view's words (i18n.js)

// What could be tried: [text, change of state].
function tries(state, alternatives) {
  const out = [];
  const wider = [50, 100, 200, 500].find((r) => r >= (state.radius || 50) * 4) || ((state.radius || 50) < 500 && 500);
  if (hasPlace(state) && wider) out.push([t("wider", { km: wider }), { radius: wider }]);
  for (const p of alternatives || []) {
    out.push([t("searchNear", { place: [p.name, p.admin1, label("country", p.country)].filter(Boolean).join(", ") }),
      { near: [p.name, p.admin1, p.country].filter(Boolean).join(", "), lat: null, lon: null }]);
  }
  const att = state.filters.attendance || [];
  if (!(att.length === 1 && att[0] === "online")) {
    out.push([t("tryOnline"), { filters: { ...state.filters, attendance: ["online"] } }]);
  }
  for (const f of FACETS) {
    if (f === "attendance" || !state.filters[f]) continue;
    const rest = { ...state.filters };
    delete rest[f];
    out.push([t("dropFilter", { facet: facetTitle(f).toLowerCase() }), { filters: rest }]);
  }
  if (state.q) out.push([t("dropWords", { words: state.q }), { q: "" }]);
  return out;
}

// The number of results a change leads to: a real search, asking for one result.
async function count(state, change, country) {
  const p = searchParams({ ...state, ...change, page: 1 });
  p.set("per_page", 1);
  p.set("lang", lang);
  if (country) p.set("country", country);
  try { return (await getJson("/api/v1/search?" + p)).total; } catch (e) { return 0; }
}

// Resolves once the box shows the tries that lead somewhere. current(): still this search?
export async function emptyState(box, state, alternatives, act, current) {
  const country = region;
  const all = tries(state, alternatives);
  const totals = await Promise.all(all.map(([, change]) => count(state, change, country)));
  if (!current()) return;
  const ok = all.map((t, i) => [...t, totals[i]]).filter((t) => t[2] > 0);
  const two11 = { US: "https://www.211.org/", CA: "https://211.ca/" }[country];
  box.replaceChildren(
    el("h3", {}, t("nothing")),
    el("p", {}, t("small") + (ok.length ? " " + t("youCould") : "")),
    ok.length ? el("ul", {}, ok.map(([text, change, n]) => el("li", {},
      el("button", { type: "button", class: "link", onclick: () => act(change) }, text, " (" + tn("results", n) + ")")))) : null,
    el("p", {}, t("ask"), " ", two11 ? [t("ask211"), " ", el("a", { href: two11 }, "211")] : t("askCenter"),
      " " + t("askNear") + " ", el("a", { href: "https://findahelpline.com/" }, "findahelpline.com"), "."));
}
