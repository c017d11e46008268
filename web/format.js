// @brief DOM building that never parses markup (listing text only ever becomes text
// nodes), safe links, and the wording of facts: labels, dates, times in a stated zone,
// in the page's language (i18n.js).
import { t, lang, locale, region } from "./i18n.js";

export const $ = (id) => document.getElementById(id);
// el("p", {class: "x"}, "text", child...): strings become text; null/false skipped.
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) {
    if (c == null || c === false) continue;
    node.append(typeof c === "string" ? document.createTextNode(c) : c);
  }
  return node;
}

// Only http(s) URLs from listings become links; the rest stays text.
export function extLink(url, text) {
  let href = null;
  try { href = /^https?:$/.test(new URL(url).protocol) ? new URL(url).href : null; } catch (e) { /* not a URL */ }
  return href ? el("a", { href, rel: "noopener noreferrer" }, text || url) : text || url;
}

// "+12088831045" -> "(208) 883-1045": the way the group's own country writes it (the
// numbers are E.164 in the data). Countries without a rule here keep "+CC" and groups.
export function fmtPhone(p) {
  const m = /^\+(\d+)$/.exec(p || "");
  if (!m) return p;
  const d = m[1], g = (s, ...n) => n.map((k) => { const part = s.slice(0, k); s = s.slice(k); return part; }).concat(s || []).join(" ");
  if (/^1\d{10}$/.test(d)) return "(" + d.slice(1, 4) + ") " + d.slice(4, 7) + "-" + d.slice(7);
  if (/^44\d{10}$/.test(d)) {
    const n = d.slice(2);
    return "0" + (/^2/.test(n) ? g(n, 2, 4) : /^[389]/.test(n) ? g(n, 3, 3) : g(n, 4));
  }
  if (/^61\d{9}$/.test(d)) {
    const n = d.slice(2);
    return /^4/.test(n) ? "0" + g(n, 3, 3) : "(0" + n[0] + ") " + g(n.slice(1), 4);
  }
  if (/^61(1[38]00)\d{6}$/.test(d)) return g(d.slice(2), 4, 3);
  const cc = /^(1|7|2[07]|3[0-469]|4[013-9]|5[1-8]|6[0-6]|8[1246]|9[0-58])/.exec(d);
  const cut = cc ? cc[1].length : 3;
  return "+" + d.slice(0, cut) + " " + g(d.slice(cut), 3, 3);
}

// tel: and mailto: only from strictly shaped values (E.164, a plain address).
export function phoneLink(phone) {
  return /^\+[1-9][0-9]{6,14}$/.test(phone) ? el("a", { href: "tel:" + phone }, fmtPhone(phone)) : phone;
}

// Labels for facet values, filled from /api/v1/vocabulary and the search facets.
const labels = {};
export const placeLabel = (p) => [p.name, p.admin1 !== p.name ? p.admin1 : null, label("country", p.country)].filter(Boolean).join(", ");
export function learnLabels(facets) {
  for (const f of facets || []) {
    const m = (labels[f.name] = labels[f.name] || {});
    for (const v of f.values) m[v.value] = v.label;
  }
}
export function label(facet, value) {
  const known = labels[facet] && labels[facet][value];
  if (known) return known;
  try {
    if (facet === "language") return new Intl.DisplayNames([lang], { type: "language" }).of(value) || value;
    if (facet === "country") return new Intl.DisplayNames([lang], { type: "region" }).of(value) || value;
  } catch (e) { /* an unknown code: show it as is */ }
  return value;
}

export function fmtDate(iso) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso || "")) return iso || t("unknown");
  return new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" })
    .format(new Date(iso + "T12:00:00Z"));
}

const userZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

function fmtInstant(date, tz) {
  return new Intl.DateTimeFormat(locale, {
    weekday: "short", day: "numeric", month: "short", hour: "numeric", minute: "2-digit",
    timeZone: tz, timeZoneName: "short",
  }).format(date);
}

// Next meeting: [reader's zone, group's zone if its clock differs | null].
function fmtNext(next) {
  const date = new Date(next.start);
  if (isNaN(date)) return [next.start, null];
  const mine = fmtInstant(date, userZone());
  let theirs = null;
  try {
    const plain = (tz) => new Intl.DateTimeFormat("en-US", { timeZone: tz, day: "numeric", hour: "numeric", minute: "numeric" }).format(date);
    if (next.timezone && plain(next.timezone) !== plain(userZone())) theirs = fmtInstant(date, next.timezone);
  } catch (e) { /* unknown zone: the reader's time stands alone */ }
  return [mine, theirs];
}

// In miles where the person's country measures roads in miles, else in km.
function fmtDistance(km) {
  if (km == null) return null;
  const miles = ["US", "GB", "LR", "MM"].includes(region), d = miles ? km * 0.621371 : km;
  const unit = (n) => new Intl.NumberFormat(locale, { style: "unit", unit: miles ? "mile" : "kilometer", maximumFractionDigits: n < 10 ? 1 : 0 }).format(n);
  return d < 1 ? t("lessAway", { d: unit(1) }) : t("away", { d: unit(d) });
}

export function addressLines(loc) {
  if (!loc) return [];
  const place = [loc.locality, label("region", loc.region).replace(/^[A-Z]{2}-/, ""), loc.postal_code].filter(Boolean).join(", ");
  return [loc.name, loc.address, place, loc.country ? label("country", loc.country) : null].filter(Boolean);
}

// A <dl class="facts"> and row(term, ...desc), which adds a row only when some desc is given.
export function factList() {
  const dl = el("dl", { class: "facts" });
  return { dl, row: (term, ...desc) => { if (desc.some((d) => d)) dl.append(el("div", {}, el("dt", {}, term), el("dd", {}, ...desc))); } };
}
export const howText = (L) => (L.attendance || []).map((a) => label("attendance", a)).join(" + ");
export const nearText = (hit) => hit && [fmtDistance(hit.distance_km), hit.serves_place && t("servesArea")].filter(Boolean).join(" · ");

export function nextMeeting(next) {
  if (!next) return null;
  const [mine, theirs] = fmtNext(next);
  return el("span", {}, mine, " " + t("yourTime"), theirs ? el("span", { class: "zone" }, " " + t("theirTime", { time: theirs })) : null);
}
