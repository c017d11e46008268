// @brief The empty state (loaded with import() only when a search finds nothing): ways
// out, each a one-click change of the search that is tried first, so every one shows how
// many results it leads to and none leads to 0; then 211 and findahelpline as links.
import { el, label } from "./format.js";
import { FACETS, hasPlace, searchParams, getJson } from "./state.js";
import { facetTitle } from "./results.js";

// What could be tried: [text, change of state].
function tries(state, alternatives) {
  const out = [];
  const wider = [50, 100, 200, 500].find((r) => r >= (state.radius || 50) * 4) || ((state.radius || 50) < 500 && 500);
  if (hasPlace(state) && wider) out.push(["Search a wider area (" + wider + " km)", { radius: wider }]);
  for (const p of alternatives || []) {
    out.push(["Search near " + [p.name, p.admin1, label("country", p.country)].filter(Boolean).join(", "),
      { near: [p.name, p.admin1, p.country].filter(Boolean).join(", "), lat: null, lon: null }]);
  }
  const att = state.filters.attendance || [];
  if (!(att.length === 1 && att[0] === "online")) {
    out.push(["Try online groups", { filters: { ...state.filters, attendance: ["online"] } }]);
  }
  for (const f of FACETS) {
    if (f === "attendance" || !state.filters[f]) continue;
    const rest = { ...state.filters };
    delete rest[f];
    out.push(["Drop the " + facetTitle(f).toLowerCase() + " filter", { filters: rest }]);
  }
  if (state.q) out.push(["Search without the words “" + state.q + "”", { q: "" }]);
  return out;
}

// The number of results a change leads to: a real search, asking for one result.
async function count(state, change, country) {
  const p = searchParams({ ...state, ...change, page: 1 });
  p.set("per_page", 1);
  if (country) p.set("country", country);
  try { return (await getJson("/api/v1/search?" + p)).total; } catch (e) { return 0; }
}

// Resolves once the box shows the tries that lead somewhere. current(): still this search?
export async function emptyState(box, state, alternatives, act, current) {
  const country = document.documentElement.dataset.region;
  const all = tries(state, alternatives);
  const totals = await Promise.all(all.map(([, change]) => count(state, change, country)));
  if (!current()) return;
  const ok = all.map((t, i) => [...t, totals[i]]).filter((t) => t[2] > 0);
  const two11 = { US: "https://www.211.org/", CA: "https://211.ca/" }[country];
  box.replaceChildren(
    el("h3", {}, "Nothing matched"),
    el("p", {}, "Only groups someone has checked are listed, so the directory is still small." + (ok.length ? " You could:" : "")),
    ok.length ? el("ul", {}, ok.map(([text, change, n]) => el("li", {},
      el("button", { type: "button", class: "link", onclick: () => act(change) }, text, " (" + n + (n === 1 ? " result)" : " results)"))))) : null,
    el("p", {}, "Or ask a mental health association", two11 ? [", a peer-run center or ", el("a", { href: two11 }, "211")] : " or a peer-run center",
      " near you, or find a helpline at ", el("a", { href: "https://findahelpline.com/" }, "findahelpline.com"), "."));
}
