// @brief The controller. An action makes a new state, puts it in the one history entry
// (never a new entry, for Quick exit) and apply() shows it.
import { $, el, learnLabels, placeLabel } from "./format.js";
import { t, tn, num, lang, chosen, region, translate, views, LANGS } from "./i18n.js";
import { readUrl, writeUrl, searchParams, getJson, hasPlace, PER_PAGE } from "./state.js";
import { card, renderFacets } from "./results.js";
import { remembered, remember } from "./referral.js";

translate(); // the page's own markup in its language, before anything is drawn
const qBox = $("q"), nearBox = $("near"), statusBox = $("status"), resultsBox = $("results");

// A link opens a state; then it lives in the history entry, never in the address.
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
const vocabulary = getJson("/api/v1/vocabulary?lang=" + lang).then((v) => learnLabels(v.facets)).catch(() => {});
const labelsReady = () => Promise.all([vocabulary, firstSearch]);

// sync: rewrite the boxes.
function navigate(next, sync = false) {
  history.replaceState((state = next), "", location.pathname + (chosen ? "?lang=" + chosen : "")); // the language stays
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

// Chips (chips.js: a filter, a place, words read) load when there is one, then draw at
// once (a removed chip hands on the focus).
let chips = null;
const chipApp = { state: () => state, update: withState, toggle: toggleFacet };
async function withChips(needed, draw) {
  if (!chips && needed) chips = await import("./chips.js");
  if (chips) draw(chips);
}
const drawChips = () => withChips(hasPlace(state) || Object.keys(state.filters).length,
  (m) => m.renderChips($("chips"), state, placeName || state.near || t("yours"), chipApp));

function toggleList(id) {
  const list = flip(state.list, id);
  navigate({ ...state, list });
  if (remembered() !== null) remember(list, true);
  // views.<lang>.json's words
  views().then(() => { $("list-status").textContent = t(list.includes(id) ? "list.added" : "list.removed", { n: list.length }); });
}

function listButton(id, name, own) {
  const on = state.list.includes(id);
  return el("button", { type: "button", class: "add" + (on ? " on" : ""), "data-list-id": id, onclick: () => toggleList(id) },
    t(on ? "list.remove" : "list.add"), el("span", { class: "vh" }, ": ", el("span", { lang: own }, name)));
}

function syncListButtons() {
  for (const b of document.querySelectorAll("[data-list-id]")) {
    const on = state.list.includes(b.dataset.listId);
    b.classList.toggle("on", on);
    b.firstChild.textContent = t(on ? "list.remove" : "list.add");
  }
  for (const a of document.querySelectorAll("a[data-listing]")) a.href = ctx.linkTo(a.dataset.listing);
  $("list-count").textContent = "(" + state.list.length + ")";
  $("list-link").href = writeUrl({ ...state, listing: "", view: "list" });
  // The languages, each named in itself: the same state in another language (a new load).
  $("langs").replaceChildren(...Object.entries(LANGS).map(([code, name]) => el("a", { href: writeUrl(state, code), lang: code, hreflang: code,
    "data-replace": "", "aria-current": code === lang && "true" }, name)));
}

// What cards and views use; the views add their own (views.js).
const ctx = { listButton, linkTo: (id, v = "") => writeUrl({ ...state, listing: id, view: v }) };
const app = { state: () => state, navigate, ready: labelsReady, hits, ctx };

function apply(sync) {
  if (sync || document.activeElement !== qBox) qBox.value = state.q;
  if (sync) nearBox.value = state.lat !== null ? locatedText || t("me") : state.near;
  $("radius-field").hidden = !hasPlace(state);
  const radius = $("radius"), r = String(state.radius || 50);
  if (![...radius.options].some((o) => o.value === r)) radius.add(new Option(r + " km", r));
  radius.value = r;
  $("sort").value = state.sort || "relevance";
  syncListButtons();
  drawChips();

  const was = view;
  view = state.view === "list" ? "list" : state.listing ? (state.view || "detail") + ":" + state.listing : "";
  const kind = view.split(":")[0];
  $("search-view").hidden = view !== "";
  for (const v of ["detail", "list", "report"]) $(v + "-view").hidden = kind !== v;
  document.querySelector(".skip").setAttribute("href", "#" + (kind || "results") + "-title");
  // The views are not part of a first visit: they load when one opens.
  if (view === "list") import("./views.js").then((m) => m.showList(app, was !== "list"));
  else if (view) import("./views.js").then((m) => m.showDetail(app, state.listing, was !== view, kind));
  else if (was.startsWith("detail:")) {
    const link = document.querySelector('#results a[data-listing="' + was.slice(7) + '"]');
    if (link) link.focus();
  }
  runSearch();
}

async function runSearch() {
  const params = searchParams(state);
  params.set("per_page", PER_PAGE);
  params.set("lang", lang);
  // The person's country (from the browser's language) first among places of one name.
  if (region) params.set("country", region);
  const key = params.toString();
  if (key === searchKey) return;
  searchKey = key;
  const seq = ++searchSeq;
  if (searchCtrl) searchCtrl.abort();
  const ctrl = (searchCtrl = new AbortController());
  resultsBox.setAttribute("aria-busy", "true");
  const slow = setTimeout(() => { statusBox.textContent = t("searching"); }, 500);
  try {
    const r = await getJson("/api/v1/search?" + key, ctrl.signal); // all a card shows: one request
    clearTimeout(slow); // answered: "Searching…" is over
    await vocabulary;
    if (seq === searchSeq) await showResults(r, seq); // busy until all of it is drawn
  } catch (e) {
    clearTimeout(slow);
    if (e.name !== "AbortError" && seq === searchSeq) await showError(e, seq);
  } finally {
    if (seq === searchSeq) resultsBox.removeAttribute("aria-busy");
  }
}

function showResults(r, seq) {
  answer = r;
  learnLabels(r.facets);
  searched();
  placeName = r.place ? placeLabel(r.place) : "";
  document.dispatchEvent(new CustomEvent("kindred:results", { detail: { country: r.place && r.place.country, crisis: r.crisis && r.crisis.matched } }));
  if (state.lat !== null && r.place && document.activeElement !== nearBox) nearBox.value = locatedText = t("nearMe", { place: placeName });
  placeError("");
  hits.clear();
  r.results.concat(r.also_nearby || []).forEach((h) => hits.set(h.id, h));
  $("filters-panel").hidden = !renderFacets($("facets"), $("quick"), r.facets, state, toggleFacet);
  const u = r.understood || {};
  $("understood").hidden = true;
  const lazy = [drawChips(), withChips(u.near || Object.keys(u.filters || {}).length,
    (m) => answer === r && m.renderUnderstood($("understood"), u, chipApp))];
  $("filters-done").textContent = tn("show", r.total);
  // Words corrected or a spelling to try (corrections.js, loaded only then).
  const fixed = r.corrected && r.corrected.to.trim();
  $("suggestion").hidden = true;
  if (fixed || r.suggestion) {
    lazy.push(import("./corrections.js").then((m) => answer === r && m.renderSpelling($("suggestion"), r, {
      asTyped: () => withState({ spelling: "as-typed" }),
      words: (text) => { qBox.value = text; withState({ q: text }); },
      href: (text) => writeUrl({ ...state, q: text, page: 1 }) })));
  }
  // Online and phone groups serving the place, in their own group; general support nearby.
  const serving = r.results.filter((h) => h.serves_place);
  resultsBox.replaceChildren(...r.results.filter((h) => !h.serves_place).map((h) => card(h, ctx)));
  $("serving").hidden = !serving.length;
  $("serving-title").textContent = t("serving", { place: placeName });
  $("serving").lastChild.replaceChildren(...serving.map((h) => card(h, ctx)));
  $("nearby").hidden = !(r.also_nearby || []).length;
  $("nearby").lastChild.replaceChildren(...(r.also_nearby || []).map((h) => card(h, ctx)));
  renderWhich(r, seq);
  $("empty").hidden = r.total > 0;
  if (!r.total) {
    $("empty").replaceChildren(el("p", {}, t("looking")));
    import("./empty.js").then((m) => m.emptyState($("empty"), state, r.place && r.place.alternatives, withState, () => seq === searchSeq));
  }
  const pages = Math.ceil(r.total / PER_PAGE);
  const first = (state.page - 1) * PER_PAGE + 1;
  const words = fixed || (r.understood ? r.understood.q : state.q); // what was searched as text
  statusBox.textContent = tn("results", r.total) + (words ? " " + t(r.relaxed ? "someWords" : "forWords", { words }) : "") +
    (r.place ? " " + t("withinOf", { km: num(r.place.radius_km), place: placeName }) : "") +
    (pages > 1 ? t("showing", { from: num(first), to: num(Math.min(r.total, first + PER_PAGE - 1)) }) : "") + ".";
  $("sort").querySelector('[value="distance"]').disabled = !r.place;
  renderPager(pages);
  return Promise.all(lazy).catch(() => {}); // the parts loaded on demand are drawn
}

// "Which Moscow?" (places.js, loaded for a place of many): another place searches there.
function renderWhich(r, seq) {
  const alt = (r.total && r.place && r.place.alternatives) || [];
  $("which").hidden = !alt.length;
  if (alt.length) import("./places.js").then((m) => seq === searchSeq && m.renderWhich($("which"), r, alt, nearBox, withState));
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
  nav.replaceChildren(...[go(state.page - 1, t("prev")), el("span", {}, t("page", { n: num(state.page), of: num(pages) })), go(state.page + 1, t("nextPage"))].filter(Boolean));
}

function placeError(message) {
  Object.assign($("place-error"), { hidden: !message, textContent: message });
  nearBox.setAttribute("aria-invalid", !!message);
}

async function showError(e, seq) {
  searched();
  searchKey = null; // the same search may be tried again
  resultsBox.replaceChildren();
  for (const id of ["pager", "suggestion", "serving", "nearby", "which", "understood"]) $(id).hidden = true;
  $("empty").hidden = false;
  const retry = el("button", { type: "button", onclick: () => { searchKey = null; runSearch(); } }, t("retry"));
  let said = { status: e.status ? t("failed", { why: e.message }) : t("offline"), help: retry };
  // A place the server does not know (corrections.js, loaded only then).
  if (/^near: no place/.test(e.message)) said = await import("./corrections.js").then((m) => m.unknownPlace(state.near), () => said);
  if (seq !== searchSeq) return;
  if (said.error) placeError(said.error);
  statusBox.textContent = said.status;
  $("empty").replaceChildren(said.help);
}

// Place suggestions load on the place box's first use (a first search needs none).
let places = null;
nearBox.addEventListener("focus", () => {
  const before = nearBox.value;
  import("./places.js").then(({ setupPlaces }) => {
    places = setupPlaces(nearBox, $("place-options"), (near) => {
      if (!near && !hasPlace(state)) return;
      withState({ near, lat: null, lon: null });
    });
    if (nearBox.value !== before) nearBox.dispatchEvent(new Event("input")); // typed while it loaded
  });
}, { once: true });

qBox.addEventListener("input", () => {
  clearTimeout(typingTimer);
  typingTimer = setTimeout(() => withState({}), 250);
});

$("search-form").addEventListener("submit", (e) => {
  e.preventDefault();
  clearTimeout(typingTimer);
  if (places) places.cancel();
  const near = nearBox.value.trim();
  const located = state.lat !== null && near && near === locatedText;
  searchKey = null;
  withState({ q: qBox.value.trim(), ...(located ? {} : { near, lat: null, lon: null }) });
  showSummary();
});

// Filters, a sheet over the results on phones: "Show N results" closes it.
const filters = $("filters-panel"), wide = matchMedia("(min-width: 56em)");
$("filters-done").addEventListener("click", () => { filters.open = false; showSummary(); });
filters.addEventListener("keydown", (e) => {
  if (e.key === "Escape" && filters.open && !wide.matches) {
    e.preventDefault();
    filters.open = false;
    filters.firstElementChild.focus();
  }
});

$("radius").addEventListener("change", (e) => withState({ radius: +e.target.value }));
$("sort").addEventListener("change", (e) => withState({ sort: e.target.value === "relevance" ? "" : e.target.value }));

// "Use my location" (places.js, loaded when asked).
$("locate").addEventListener("click", () => import("./places.js").then((m) => m.locate(placeError, (lat, lon, words) => {
  nearBox.value = locatedText = words;
  withState({ near: "", lat, lon });
})));

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

if (wide.matches) filters.open = true;
// A key the catalog lacked has come in English: the page is drawn again with it.
document.addEventListener("kindred:catalog", () => { translate(); searchKey = null; navigate(state, true); });

// A list remembered on this device comes back only when the URL brings none.
if (!state.list.length && remembered()) state = { ...state, list: readUrl("?list=" + remembered()).list };
navigate(state, !qBox.value); // keeps words typed while loading
