// @brief The controller. An action makes a new state, puts it in the one history entry
// (never a new entry, for Quick exit) and apply() shows it.
import { el, learnLabels } from "./format.js";
import { readUrl, writeUrl, searchParams, getJson, getListing, hasPlace, PER_PAGE } from "./state.js";
import { card, renderFacets, renderChips, renderUnderstood } from "./results.js";
import { remembered, remember } from "./referral.js";
import { setupPlaces, placeLabel } from "./places.js";

const $ = (id) => document.getElementById(id);
const qBox = $("q"), nearBox = $("near"), statusBox = $("status"), resultsBox = $("results");

// A link opens a state; then it lives in the history entry, never in the address (history).
let state = history.state && history.state.filters ? history.state : readUrl(location.search);
// Opened from a shared list link: the list as a client sees it (sheet.js).
if (!history.state && state.view && state.list.length) state.shared = 1;
let view = ""; // shown by apply(): "", "detail:<id>", "report:<id>" or "list"
let placeName = ""; // the place of the last search, as the server understood it
let locatedText = ""; // the place box's text while it means "my location"
const hits = new Map(); // id -> hit of the last search
let searchKey = null, searchSeq = 0, searchCtrl = null, typingTimer = 0, answer = null;
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
// New words are checked for spelling again.
const withState = (change) => {
  if (typingTimer) change = { q: qBox.value.trim(), ...change };
  clearTimeout(typingTimer);
  typingTimer = 0;
  const next = { ...state, page: 1, ...change };
  if (next.q !== state.q && !change.spelling) next.spelling = "";
  navigate(next);
};

// The words' reading without one part (understood, key "near" or "facet=value"): the
// words left and the other parts as plain parameters, so nothing is read twice.
function dropReading(key) {
  const u = answer.understood, filters = { ...state.filters };
  for (const [f, vs] of Object.entries(u.filters || {})) {
    for (const v of vs) if (key !== f + "=" + v) filters[f] = [...new Set([...(filters[f] || []), v])];
  }
  const place = u.near && key !== "near" ? { near: u.near, lat: null, lon: null } : {};
  qBox.value = u.q;
  if (place.near) nearBox.value = u.near;
  withState({ q: u.q, filters, ...place });
  qBox.focus();
}

// Results in view: the summary under the sticky bar (a tap on Search, "Show N results").
function showSummary() {
  const t = $("results-title");
  t.focus({ preventScroll: true });
  t.scrollIntoView({ block: "start" });
}

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
  linkTo: (id, v = "") => writeUrl({ ...state, listing: id, view: v }),
  // The views' own way back (the page adds no history entry for them): to the results, or a listing.
  back: (text = "← Back to results", id = "") => el("p", { class: "no-print" },
    el("a", { href: writeUrl({ ...state, listing: id, view: "" }), class: "back", "data-back": id }, text)),
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
  view = state.view === "list" ? "list" : state.listing ? (state.view || "detail") + ":" + state.listing : "";
  const kind = view.split(":")[0];
  $("search-view").hidden = view !== "";
  for (const v of ["detail", "list", "report"]) $(v + "-view").hidden = kind !== v;
  document.querySelector(".skip").setAttribute("href", "#" + (kind || "results") + "-title");
  if (view === "list") showList(was !== "list");
  else if (view) showDetail(state.listing, was !== view, kind);
  else if (was.startsWith("detail:")) {
    const link = document.querySelector('#results a[data-listing="' + was.slice(7) + '"]');
    if (link) link.focus();
  }
  runSearch();
}

async function runSearch() {
  const params = searchParams(state);
  params.set("per_page", PER_PAGE);
  // The person's own country (from the browser's language) first among places of one name.
  if (document.documentElement.dataset.region) params.set("country", document.documentElement.dataset.region);
  const key = params.toString();
  if (key === searchKey) return;
  searchKey = key;
  const seq = ++searchSeq;
  if (searchCtrl) searchCtrl.abort();
  const ctrl = (searchCtrl = new AbortController());
  resultsBox.setAttribute("aria-busy", "true");
  const slow = setTimeout(() => { statusBox.textContent = "Searching…"; }, 500);
  try {
    const r = await getJson("/api/v1/search?" + key, ctrl.signal); // all a card shows: one request
    await vocabulary;
    if (seq === searchSeq) showResults(r, seq);
  } catch (e) {
    if (e.name !== "AbortError" && seq === searchSeq) showError(e);
  } finally {
    clearTimeout(slow);
    if (seq === searchSeq) resultsBox.removeAttribute("aria-busy");
  }
}

function showResults(r, seq) {
  answer = r;
  learnLabels(r.facets);
  searched();
  placeName = r.place ? placeLabel(r.place) : "";
  document.dispatchEvent(new CustomEvent("kindred:results", { detail: { country: r.place && r.place.country, crisis: r.crisis && r.crisis.matched } }));
  if (state.lat !== null && r.place && document.activeElement !== nearBox) nearBox.value = locatedText = "Near me (" + placeName + ")";
  placeError("");
  hits.clear();
  r.results.concat(r.also_nearby || []).forEach((h) => hits.set(h.id, h));
  $("filters-panel").hidden = !renderFacets($("facets"), $("quick"), r.facets, state, toggleFacet);
  renderChips($("chips"), state, placeName, removeChip);
  renderUnderstood($("understood"), r.understood, dropReading);
  const n = r.total === 1 ? "1 result" : r.total + " results";
  $("filters-done").textContent = "Show " + n;
  const sug = $("suggestion");
  const fixed = r.corrected && r.corrected.to.trim();
  sug.hidden = !r.suggestion && !fixed;
  if (fixed) {
    sug.replaceChildren("Showing results for ", el("strong", {}, fixed), ", search instead for ",
      el("button", { type: "button", class: "link", onclick: () => withState({ spelling: "as-typed" }) }, r.corrected.from), ".");
  } else if (r.suggestion) {
    const text = r.suggestion.trim();
    sug.replaceChildren("Did you mean ", el("a", { href: writeUrl({ ...state, q: text, page: 1 }), onclick: (e) => {
      e.preventDefault();
      qBox.value = text;
      withState({ q: text });
    } }, text), "?");
  }
  // Online and phone groups that serve the place, in their own group; general support nearby.
  const serving = r.results.filter((h) => h.serves_place);
  resultsBox.replaceChildren(...r.results.filter((h) => !h.serves_place).map((h) => card(h, ctx)));
  $("serving").hidden = !serving.length;
  $("serving-title").textContent = "Online and phone groups serving " + placeName;
  $("serving").lastChild.replaceChildren(...serving.map((h) => card(h, ctx)));
  $("nearby").hidden = !(r.also_nearby || []).length;
  $("nearby").lastChild.replaceChildren(...(r.also_nearby || []).map((h) => card(h, ctx)));
  renderWhich(r);
  $("empty").hidden = r.total > 0;
  if (!r.total) {
    $("empty").replaceChildren(el("p", {}, "Looking for other ways…"));
    import("./empty.js").then((m) => m.emptyState($("empty"), state, r.place && r.place.alternatives, withState, () => seq === searchSeq));
  }
  const pages = Math.ceil(r.total / PER_PAGE);
  const first = (state.page - 1) * PER_PAGE + 1;
  const words = fixed || (r.understood ? r.understood.q : state.q); // what was searched as text
  statusBox.textContent = n + (words ? (r.relaxed ? " with some words of “" : " for “") + words + "”" : "") + (r.place ? " within " + r.place.radius_km + " km of " + placeName : "") +
    (pages > 1 ? ", showing " + first + "–" + Math.min(r.total, first + PER_PAGE - 1) : "") + ".";
  $("sort").querySelector('[value="distance"]').disabled = !r.place;
  renderPager(pages);
}

// "Which Moscow?": the place chosen (the person's own country first), and the others it could be.
function renderWhich(r) {
  const box = $("which"), alt = (r.total && r.place && r.place.alternatives) || [];
  box.hidden = !alt.length;
  if (!alt.length) return;
  const u = r.understood || {}, own = document.documentElement.dataset.region;
  alt.sort((a, b) => (b.country === own) - (a.country === own)); // stable: best first otherwise
  const pick = (p) => el("button", { type: "button", class: "chip", "aria-pressed": String(p === r.place), onclick: () => {
    if (p === r.place) return;
    nearBox.value = placeLabel(p);
    withState({ near: [p.name, p.admin1, p.country].filter(Boolean).join(", "), lat: null, lon: null, ...(u.near ? { q: u.q } : {}) });
  } }, placeLabel(p));
  box.replaceChildren(el("strong", {}, "Which " + r.place.name + "?"), pick(r.place), ...alt.map(pick));
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
  for (const id of ["pager", "suggestion", "serving", "nearby", "which", "understood"]) $(id).hidden = true;
  $("empty").hidden = false;
  const place = /^near: no place/.test(e.message);
  if (place) placeError("We could not find “" + state.near + "”. Try a town, city or postal code.");
  statusBox.textContent = place ? "No place found for “" + state.near + "”." : e.status ? "The search could not run: " + e.message
    : "Kindred could not be reached. Check your connection.";
  $("empty").replaceChildren(place ? "Check the place name, or clear it to search everywhere."
    : el("button", { type: "button", onclick: () => { searchKey = null; runSearch(); } }, "Try again"));
}

async function showDetail(id, focus, kind) {
  const box = $(kind + "-view");
  if (focus) box.replaceChildren(el("p", { role: "status" }, "Loading…"));
  let d;
  try {
    d = await getListing(id);
    await labelsReady();
  } catch (e) {
    d = undefined;
  }
  if (state.listing !== id || (state.view || "detail") !== kind) return;
  if (kind === "report") (await import("./report.js")).renderReport(box, id, d, ctx); // not part of the first visit
  else if (d) (await import("./detail.js")).renderDetail(box, d, hits.get(id), ctx); // nor is this
  else {
    box.replaceChildren(ctx.back(),
      el("h2", { id: "detail-title", tabindex: "-1" }, d === null ? "Not in the directory (it may have closed)" : "Kindred could not be reached"));
  }
  if (focus) $(kind + "-title").focus();
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
  showSummary();
});

// Filters, a sheet over the results on phones: "Show N results" closes it.
const filters = $("filters-panel");
$("filters-done").addEventListener("click", () => { filters.open = false; showSummary(); });
filters.addEventListener("keydown", (e) => {
  if (e.key === "Escape" && filters.open && !matchMedia("(min-width: 56em)").matches) {
    e.preventDefault();
    filters.open = false;
    filters.firstElementChild.focus();
  }
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
  const a = e.target.closest("a[data-listing], a[data-back], a[data-report], #list-link, .brand a");
  if (!a || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  e.preventDefault();
  if (a.dataset.listing) navigate({ ...state, listing: a.dataset.listing, view: "" });
  else if (a.dataset.report) navigate({ ...state, listing: a.dataset.report, view: "report" });
  else if (a.id === "list-link") navigate({ ...state, listing: "", view: "list" });
  else if (a.closest(".brand")) navigate({ ...readUrl(""), list: state.list }, true);
  else navigate({ ...state, listing: a.dataset.back, view: "" }, true);
});

if (matchMedia("(min-width: 56em)").matches) $("filters-panel").open = true;

// A list remembered on this device comes back only when the URL brings none.
if (!state.list.length && remembered()) state = { ...state, list: readUrl("?list=" + remembered()).list };
navigate(state, true);
