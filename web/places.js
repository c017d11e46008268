// @brief The place box: an ARIA combobox over /api/v1/places. A complete postal code
// applies itself as it is typed; a suggestion applies when chosen (click, Enter). And
// "Which Moscow?" under results for a place name that means many, and "Use my location".
// Loaded with import() when one of these is first used.
import { el, placeLabel } from "./format.js";
import { getJson } from "./state.js";
import { t, region, views } from "./i18n.js";
import { stylesheet } from "./css.js";

await Promise.all([views(), stylesheet("/places.css"), stylesheet("/chips.css")]); // this part's words (i18n.js) and looks

const norm = (s) => s.replace(/\s+/g, "").toUpperCase();
const nearText = (p) => [p.name, p.admin1, p.country].filter(Boolean).join(", ");

// onPick(near text, place); ("", null) when the box is emptied.
export function setupPlaces(input, listbox, onPick) {
  let options = [];
  let active = -1;
  let ctrl = null;
  let timer = 0;

  const close = () => {
    listbox.hidden = true;
    listbox.replaceChildren();
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  };
  const mark = (i) => {
    active = i;
    [...listbox.children].forEach((li, k) => li.setAttribute("aria-selected", k === i));
    if (i >= 0) input.setAttribute("aria-activedescendant", "place-opt-" + i);
    else input.removeAttribute("aria-activedescendant");
  };
  const choose = (i) => {
    const p = options[i];
    close();
    input.value = placeLabel(p);
    onPick(nearText(p), p);
  };

  async function lookup() {
    const q = input.value.trim();
    if (ctrl) ctrl.abort();
    if (!q) { close(); onPick("", null); return; }
    if (q.length < 2) { close(); return; }
    ctrl = new AbortController();
    let found;
    try {
      // The person's country first.
      found = (await getJson("/api/v1/places?limit=6&q=" + encodeURIComponent(q) + (region ? "&country=" + region : ""), ctrl.signal)).places || [];
    } catch (e) {
      if (e.name !== "AbortError") close();
      return;
    }
    const postal = found.find((p) => p.postal_code && norm(p.postal_code) === norm(q));
    if (postal) { close(); onPick(q, postal); return; }
    options = found;
    if (!found.length) { close(); return; }
    listbox.replaceChildren(...found.map((p, i) => el("li", {
      role: "option", id: "place-opt-" + i, "aria-selected": "false",
      onmousedown: (e) => e.preventDefault(), onclick: () => choose(i),
    }, el("strong", {}, p.name), ", " + placeLabel(p).slice(p.name.length + 2), p.postal_code ? " " + p.postal_code : "")));
    listbox.hidden = false;
    input.setAttribute("aria-expanded", "true");
    active = -1;
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(lookup, 200);
  });
  input.addEventListener("blur", close);
  input.addEventListener("keydown", (e) => {
    const open = !listbox.hidden;
    if (e.key === "ArrowDown" && open) mark((active + 1) % options.length);
    else if (e.key === "ArrowUp" && open) mark(active <= 0 ? options.length - 1 : active - 1);
    else if (e.key === "Enter" && open && active >= 0) choose(active);
    else if (e.key === "Escape" && open) close();
    else {
      if (e.key === "Enter") { clearTimeout(timer); if (ctrl) ctrl.abort(); close(); }
      return;
    }
    e.preventDefault();
  });
  return { cancel: () => { clearTimeout(timer); if (ctrl) ctrl.abort(); close(); } };
}

// The place of search answer r (the person's own country first among the others) and the
// others it could be, each a button: another one goes in the place box (nearBox) and
// searches there, with update(change) (app.js), keeping the words read apart from it.
export function renderWhich(box, r, alt, nearBox, update) {
  const place = r.place, u = r.understood || {};
  alt.sort((a, b) => (b.country === region) - (a.country === region)); // stable: best first otherwise
  const pick = (p) => el("button", { type: "button", class: "chip", "aria-pressed": String(p === place), onclick: () => {
    if (p === place) return;
    nearBox.value = placeLabel(p);
    update({ near: [p.name, p.admin1, p.country].filter(Boolean).join(", "), lat: null, lon: null, ...(u.near ? { q: u.q } : {}) });
  } }, placeLabel(p));
  box.replaceChildren(el("strong", {}, t("which", { place: place.name })), pick(place), ...alt.map(pick));
}

// The person's position, asked of the browser, rounded to two decimals (~1 km: enough to
// find groups nearby). onError(message) says why not ("" to clear); onFound(lat, lon, the
// words for it in the place box).
export function locate(onError, onFound) {
  const fail = () => onError(t("noLocation"));
  if (!navigator.geolocation) return fail();
  onError("");
  const round = (x) => Math.round(x * 100) / 100;
  navigator.geolocation.getCurrentPosition(({ coords }) => onFound(round(coords.latitude), round(coords.longitude), t("nearMeShort")),
    fail, { timeout: 15000, maximumAge: 600000 });
}
