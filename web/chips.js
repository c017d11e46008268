// @brief The chips above the results, loaded with import() when there is one to show (a
// search of words only has none): the active filters and the place, each removing itself,
// and what was read from the words (understood), each searching again without it.
import { $, el, label } from "./format.js";
import { FACETS, hasPlace } from "./state.js";
import { facetTitle } from "./results.js";
import { t } from "./i18n.js";
import { stylesheet } from "./css.js";

await stylesheet("/chips.css"); // their looks, before any is drawn


// app (app.js): state(), the current state; update(change), a new search with the change;
// toggle(facet, value), a filter on or off.

// A removed chip hands the keyboard focus to the one that took its place (else the words).
function remove(key, app) {
  const at = [...document.querySelectorAll("#chips [data-chip]")].findIndex((c) => c.dataset.chip === key);
  if (key === "all" || key === "place") {
    $("near").value = "";
    app.update({ near: "", lat: null, lon: null, radius: null, ...(key === "all" ? { filters: {} } : {}) });
  } else app.toggle(...key.split(/=(.*)/s));
  const left = document.querySelectorAll("#chips [data-chip]"); // drawn again at once (app.js)
  (left[Math.min(at, left.length - 1)] || $("q")).focus();
}

// The words' reading without one part (understood, key "near" or "facet=value"): the
// words left and the other parts as plain parameters, so nothing is read twice.
function drop(u, key, app) {
  const filters = { ...app.state().filters };
  for (const [f, vs] of Object.entries(u.filters || {})) {
    for (const v of vs) if (key !== f + "=" + v) filters[f] = [...new Set([...(filters[f] || []), v])];
  }
  const place = u.near && key !== "near" ? { near: u.near, lat: null, lon: null } : {};
  $("q").value = u.q;
  if (place.near) $("near").value = u.near;
  app.update({ q: u.q, filters, ...place });
  $("q").focus();
}

// Chips for every active filter and the place; each removes itself.
export function renderChips(ul, state, placeName, app) {
  const onRemove = (key) => remove(key, app);
  const chips = [];
  if (hasPlace(state)) chips.push(["place", t("withinChip", { km: state.radius || 50, place: placeName })]);
  for (const f of FACETS) {
    for (const v of state.filters[f] || []) {
      const not = v.startsWith("-");
      const name = label(f, not ? v.slice(1) : v);
      chips.push([f + "=" + v, t(not ? "notChip" : "chip", { facet: facetTitle(f), value: name })]);
    }
  }
  // The same chips as shown: leave them (and the keyboard focus) in place.
  const keys = chips.map((c) => c.join("\n")).join("\n\n");
  if (ul.dataset.keys === keys) return;
  ul.dataset.keys = keys;
  ul.replaceChildren(...chips.map(([key, text]) => el("li", {},
    el("button", { type: "button", class: "chip", "data-chip": key, "aria-label": t("removeChip", { chip: text }), onclick: () => onRemove(key) },
      text, el("span", { "aria-hidden": "true" }, " ✕")))));
  if (chips.length > 1) {
    ul.append(el("li", {}, el("button", { type: "button", class: "chip clear", "data-chip": "all", onclick: () => onRemove("all") }, t("clearAll"))));
  }
  ul.hidden = chips.length === 0;
}

// What was read from the words (understood): each part a chip that searches without it.
export function renderUnderstood(ul, understood, app) {
  const u = understood || {}, onDrop = (key) => drop(u, key, app), parts = u.near ? [["near", t("nearChip", { place: u.near })]] : [];
  for (const [f, vs] of Object.entries(u.filters || {})) for (const v of vs) parts.push([f + "=" + v, t("chip", { facet: facetTitle(f), value: label(f, v) })]);
  ul.hidden = !parts.length;
  ul.replaceChildren(el("li", {}, t("readWords")), ...parts.map(([key, text]) => el("li", {},
    el("button", { type: "button", class: "chip", "data-reading": key, "aria-label": t("without", { chip: text }), onclick: () => onDrop(key) },
      text, el("span", { "aria-hidden": "true" }, " ✕")))));
}
