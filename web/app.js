// @brief The controller. An action makes a new state, puts it in the one history entry
// (never a new entry, for Quick exit) and apply() shows it.
import { el, learnLabels } from "./format.js";
import { readUrl, writeUrl, searchParams, getJson, getListing, hasPlace, PER_PAGE } from "./state.js";
import { card, renderFacets, renderChips, emptyState } from "./results.js";
import { renderDetail } from "./detail.js";
import { remembered, remember } from "./referral.js";
import { setupPlaces, placeLabel } from "./places.js";

const $ = (id) => document.getElementById(id);
const qBox = $("q"), nearBox = $("near"), statusBox = $("status"), resultsBox = $("results");

// A link opens a state; then it lives in the history entry, never in the address (history).
let state = history.state && history.state.filters ? history.state : readUrl(location.search);
// Opened from a shared list link: the list as a client sees it (sheet.js).
if (!history.state && state.view && state.list.length) state.shared = 1;
let view = ""; // shown by apply(): "", "detail:<id>" or "list"
let placeName = ""; // the place of the last search, as the server understood it
let locatedText = ""; // the place box's text while it means "my location"
const hits = new Map(); // id -> hit of the last search
let searchKey = null, searchSeq = 0, searchCtrl = null, typingTimer = 0;
// Labels: the vocabulary, and region names from the first search's facets.
let searched;
const firstSearch = new Promise((resolve) => { searched = resolve; });
const vocabulary = getJson("/api/v1/vocabulary").then((v) => learnLabels(v.facets)).catch(() => {});
const labelsReady = () => Promise.all([vocabulary, firstSearch]);

// sync: rewrite the boxes.
function navigate(next, sync = false) {
  history.replaceState((state = next), "", location.pathname);
  apply(sync);
}

// Words still in the debounce go with any change (as "Use my location").
const withState = (change) => {
  if (typingTimer) change = { q: qBox.value.trim(), ...change };
  clearTimeout(typingTimer);
  typingTimer = 0;
  navigate({ ...state, page: 1, ...change });
};

const flip = (list, x) => (list.includes(x) ? list.filter((v) => v !== x) : [...list, x]);

function toggleFacet(name, value) {
  const filters = { ...state.filters, [name]: flip(state.filters[name] || [], value) };
  if (!filters[name].length) delete filters[name];
  withState({ filters });
}

function removeChip(key) {
  const chips = [...document.querySelectorAll("#chips [data-chip]")];
  const at = chips.findIndex((c) => c.dataset.chip === key);
  if (key === "all" || key === "place") {
    nearBox.value = "";
    withState({ near: "", lat: null, lon: null, radius: null, ...(key === "all" ? { filters: {} } : {}) });
  } else toggleFacet(...key.split(/=(.*)/s));
  const left = document.querySelectorAll("#chips [data-chip]");
  (left[Math.min(at, left.length - 1)] || qBox).focus();
}

function toggleList(id) {
  const list = flip(state.list, id);
  navigate({ ...state, list });
  if (remembered() !== null) remember(list, true);
  $("list-status").textContent = (list.includes(id) ? "Added to" : "Removed from") + " the referral list (" + list.length + ").";
}

function listButton(id, name) {
  const on = state.list.includes(id);
  return el("button", { type: "button", class: "add" + (on ? " on" : ""), "data-list-id": id, onclick: () => toggleList(id) },
    on ? "Remove from list" : "Add to list", el("span", { class: "vh" }, ": " + name));
}

function syncListButtons() {
  for (const b of document.querySelectorAll("[data-list-id]")) {
    const on = state.list.includes(b.dataset.listId);
    b.classList.toggle("on", on);
    b.firstChild.textContent = on ? "Remove from list" : "Add to list";
  }
  for (const a of document.querySelectorAll("a[data-listing]")) a.href = ctx.linkTo(a.dataset.listing);
  $("list-count").textContent = "(" + state.list.length + ")";
  $("list-link").href = writeUrl({ ...state, listing: "", view: "list" });
}

const ctx = {
  listButton,
  linkTo: (id) => writeUrl({ ...state, listing: id, view: "" }),
  // The views' own way back (the page adds no history entry for them).
  back: () => el("p", { class: "no-print" }, el("a", { href: writeUrl({ ...state, listing: "", view: "" }), class: "back", "data-back": "" }, "← Back to results")),
  crisisText: () => "Peer support is not crisis care. In crisis: " + $("help-line").firstChild.textContent,
  shared: () => !!state.shared,
  clear: () => { navigate({ ...state, list: [] }); if (remembered() !== null) remember([], true); },
};

function apply(sync) {
  if (sync || document.activeElement !== qBox) qBox.value = state.q;
  if (sync) nearBox.value = state.lat !== null ? locatedText || "My location" : state.near;
  $("radius-field").hidden = !hasPlace(state);
  const radius = $("radius"), r = String(state.radius || 50);
  if (![...radius.options].some((o) => o.value === r)) radius.add(new Option(r + " km", r));
  radius.value = r;
  $("sort").value = state.sort || "relevance";
  syncListButtons();
  renderChips($("chips"), state, placeName || state.near || "your location", removeChip);

  const was = view;
  view = state.view === "list" ? "list" : state.listing ? "detail:" + state.listing : "";
  $("search-view").hidden = view !== "";
  $("detail-view").hidden = !view.startsWith("detail:");
  $("list-view").hidden = view !== "list";
  document.querySelector(".skip").setAttribute("href", "#" + (view === "list" ? "list" : view ? "detail" : "results") + "-title");
  if (view === "list") showList(was !== "list");
  else if (view) showDetail(state.listing, was !== view);
  else if (was.startsWith("detail:")) {
    const link = document.querySelector('#results a[data-listing="' + was.slice(7) + '"]');
    if (link) link.focus();
  }
  runSearch();
}

async function runSearch() {
  const params = searchParams(state);
  params.set("per_page", PER_PAGE);
  const key = params.toString();
  if (key === searchKey) return;
  searchKey = key;
  const seq = ++searchSeq;
  if (searchCtrl) searchCtrl.abort();
  const ctrl = (searchCtrl = new AbortController());
  resultsBox.setAttribute("aria-busy", "true");
  const slow = setTimeout(() => { statusBox.textContent = "Searching…"; }, 500);
  try {
    const r = await getJson("/api/v1/search?" + key, ctrl.signal);
    const details = await Promise.all(r.results.map((h) => getListing(h.id).catch(() => null)));
    await vocabulary;
    if (seq === searchSeq) showResults(r, details);
  } catch (e) {
    if (e.name !== "AbortError" && seq === searchSeq) showError(e);
  } finally {
    clearTimeout(slow);
    if (seq === searchSeq) resultsBox.removeAttribute("aria-busy");
  }
}

function showResults(r, details) {
  learnLabels(r.facets);
  searched();
  placeName = r.place ? placeLabel(r.place) : "";
  document.dispatchEvent(new CustomEvent("kindred:results", { detail: { country: r.place && r.place.country, crisis: r.crisis && r.crisis.matched } }));
  if (state.lat !== null && r.place && document.activeElement !== nearBox) nearBox.value = locatedText = "Near me (" + placeName + ")";
  placeError("");
  hits.clear();
  r.results.forEach((h) => hits.set(h.id, h));
  $("filters-panel").hidden = !renderFacets($("facets"), $("quick"), r.facets, state, toggleFacet);
  renderChips($("chips"), state, placeName, removeChip);
  const sug = $("suggestion");
  const fixed = r.corrected && r.corrected.to.trim();
  sug.hidden = !r.suggestion && !fixed;
  if (fixed) sug.replaceChildren("Showing results for ", el("strong", {}, fixed), ".");
  else if (r.suggestion) {
    const text = r.suggestion.trim();
    sug.replaceChildren("Did you mean ", el("a", { href: writeUrl({ ...state, q: text, page: 1 }), onclick: (e) => {
      e.preventDefault();
      qBox.value = text;
      withState({ q: text });
    } }, text), "?");
  }
  resultsBox.replaceChildren(...r.results.map((h, i) => card(h, details[i], ctx)));
  $("empty").hidden = r.total > 0;
  if (!r.total) emptyState($("empty"), state, (change) => withState(change));
  const pages = Math.ceil(r.total / PER_PAGE);
  const first = (state.page - 1) * PER_PAGE + 1;
  statusBox.textContent = (r.total === 1 ? "1 result" : r.total + " results") +
    (state.q ? " for “" + (fixed || state.q) + "”" : "") + (r.place ? " within " + r.place.radius_km + " km of " + placeName : "") +
    (pages > 1 ? ", showing " + first + "–" + Math.min(r.total, first + PER_PAGE - 1) : "") + ".";
  $("sort").querySelector('[value="distance"]').disabled = !r.place;
  renderPager(pages);
}

function renderPager(pages) {
  const nav = $("pager");
  nav.hidden = pages < 2;
  if (pages < 2) return;
  const go = (page, text) => page < 1 || page > pages ? null : el("a", { href: writeUrl({ ...state, page }), onclick: (e) => {
    e.preventDefault();
    navigate({ ...state, page });
    $("results-title").focus();
  } }, text);
  nav.replaceChildren(...[go(state.page - 1, "← Previous"), el("span", {}, "Page " + state.page + " of " + pages), go(state.page + 1, "Next →")].filter(Boolean));
}

function placeError(message) {
  Object.assign($("place-error"), { hidden: !message, textContent: message });
  nearBox.setAttribute("aria-invalid", !!message);
}

function showError(e) {
  searched();
  searchKey = null; // the same search may be tried again
  resultsBox.replaceChildren();
  $("pager").hidden = $("suggestion").hidden = true;
  $("empty").hidden = false;
  const place = /^near: no place/.test(e.message);
  if (place) placeError("We could not find “" + state.near + "”. Try a town, city or postal code.");
  statusBox.textContent = place ? "No place found for “" + state.near + "”." : e.status ? "The search could not run: " + e.message
    : "Kindred could not be reached. Check your connection.";
  $("empty").replaceChildren(place ? "Check the place name, or clear it to search everywhere."
    : el("button", { type: "button", onclick: () => { searchKey = null; runSearch(); } }, "Try again"));
}

async function showDetail(id, focus) {
  const box = $("detail-view");
  if (focus) box.replaceChildren(el("p", { role: "status" }, "Loading…"));
  let d;
  try {
    d = await getListing(id);
    await labelsReady();
  } catch (e) {
    d = undefined;
  }
  if (state.listing !== id || state.view) return;
  if (d) renderDetail(box, d, hits.get(id), ctx);
  else {
    box.replaceChildren(ctx.back(),
      el("h2", { id: "detail-title", tabindex: "-1" }, d === null ? "Not in the directory (it may have closed)" : "Kindred could not be reached"));
  }
  if (focus) $("detail-title").focus();
}

async function showList(focus) {
  const want = state.list.join(",");
  const entries = await Promise.all(state.list.map((id) => getListing(id).then((d) => ({ id, d }), () => ({ id, d: null }))));
  const { renderList } = await import("./sheet.js"); // not part of the search page's first visit
  await labelsReady();
  if (state.view !== "list" || state.list.join(",") !== want) return;
  renderList($("list-view"), entries, ctx);
  if (focus) $("list-title").focus();
}

const places = setupPlaces(nearBox, $("place-options"), (near, place) => {
  if (!near && !hasPlace(state)) return;
  withState({ near, lat: null, lon: null });
});

qBox.addEventListener("input", () => {
  clearTimeout(typingTimer);
  typingTimer = setTimeout(() => withState({}), 250);
});

$("search-form").addEventListener("submit", (e) => {
  e.preventDefault();
  clearTimeout(typingTimer);
  places.cancel();
  const near = nearBox.value.trim();
  const located = state.lat !== null && near && near === locatedText;
  searchKey = null;
  withState({ q: qBox.value.trim(), ...(located ? {} : { near, lat: null, lon: null }) });
  $("results-title").focus();
});

$("radius").addEventListener("change", (e) => withState({ radius: +e.target.value }));
$("sort").addEventListener("change", (e) => withState({ sort: e.target.value === "relevance" ? "" : e.target.value }));

$("locate").addEventListener("click", () => {
  const fail = () => placeError("Your location is not available. Type a town or postal code instead.");
  if (!navigator.geolocation) return fail();
  placeError("");
  // Two decimals (~1 km) find groups nearby.
  const round = (x) => Math.round(x * 100) / 100;
  navigator.geolocation.getCurrentPosition(({ coords }) => {
    nearBox.value = locatedText = "Near me";
    withState({ near: "", lat: round(coords.latitude), lon: round(coords.longitude) });
  }, fail, { timeout: 15000, maximumAge: 600000 });
});

// Links inside the page (results, back, list) navigate without reloading.
document.addEventListener("click", (e) => {
  const a = e.target.closest("a[data-listing], a[data-back], #list-link, .brand a");
  if (!a || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  e.preventDefault();
  if (a.dataset.listing) navigate({ ...state, listing: a.dataset.listing, view: "" });
  else if (a.id === "list-link") navigate({ ...state, listing: "", view: "list" });
  else if (a.closest(".brand")) navigate({ ...readUrl(""), list: state.list }, true);
  else navigate({ ...state, listing: "", view: "" }, true);
});

if (matchMedia("(min-width: 56em)").matches) $("filters-panel").open = true;

// A list remembered on this device comes back only when the URL brings none.
if (!state.list.length && remembered()) state = { ...state, list: readUrl("?list=" + remembered()).list };
navigate(state, true);
