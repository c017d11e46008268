// @brief The page's whole state, read from and written as a link (to a search, a listing
// or a list), and the same-origin API calls. Nothing here touches storage or cookies.
import { chosen } from "./i18n.js";

export const FACETS = ["kind", "topic", "community", "attendance", "language", "cost", "facilitation", "region", "day", "time_of_day"];
export const PER_PAGE = 10;
const VIEWS = ["list", "report"];
const ID = /^[a-z0-9][a-z0-9-]{2,79}$/;
const num = (v) => (v !== null && v !== "" && isFinite(+v) ? +v : null);

// {q, near, lat, lon, radius, filters: {facet: [value|-value]}, sort, page, listing, view, list,
// spelling: "as-typed" when the person asked for their own words ("search instead for")}
export function readUrl(search) {
  const p = new URLSearchParams(search);
  const s = {
    q: p.get("q") || "", near: p.get("near") || "", lat: num(p.get("lat")), lon: num(p.get("lon")),
    radius: num(p.get("radius_km")), filters: {}, sort: p.get("sort") || "", page: Math.max(1, num(p.get("page")) || 1),
    listing: ID.test(p.get("listing") || "") ? p.get("listing") : "", view: VIEWS.includes(p.get("view")) ? p.get("view") : "",
    list: ids(p.get("list")), spelling: p.get("spelling") === "as-typed" ? "as-typed" : "",
  };
  if (s.lat === null || s.lon === null) s.lat = s.lon = null;
  for (const f of FACETS) {
    const vals = [...new Set(p.getAll(f).filter(Boolean))];
    if (vals.length) s.filters[f] = vals;
  }
  return s;
}

function ids(text) {
  return [...new Set((text || "").split(",").filter((id) => ID.test(id)))].slice(0, 50);
}

// The search part of the state as API parameters (also the URL's first part).
export function searchParams(s) {
  const p = new URLSearchParams();
  if (s.q) p.set("q", s.q);
  if (s.lat !== null) { p.set("lat", s.lat); p.set("lon", s.lon); } else if (s.near) p.set("near", s.near);
  if (s.radius && (s.near || s.lat !== null)) p.set("radius_km", s.radius);
  for (const f of FACETS) for (const v of s.filters[f] || []) p.append(f, v);
  if (s.q && s.spelling) p.set("spelling", s.spelling);
  if (s.sort) p.set("sort", s.sort);
  if (s.page > 1) p.set("page", s.page);
  return p;
}

// to: a language to name in the link (the page's own, when the address chose it).
export function writeUrl(s, to = chosen) {
  const p = searchParams(s);
  if (to) p.set("lang", to);
  if (s.listing) p.set("listing", s.listing);
  if (s.view) p.set("view", s.view);
  let qs = p.toString();
  if (s.list.length) qs += (qs ? "&" : "") + "list=" + s.list.join(","); // ids need no escaping
  return location.pathname + (qs ? "?" + qs : "");
}

export const hasPlace = (s) => !!s.near || s.lat !== null;

export async function getJson(path, signal) {
  const r = await fetch(path, { signal, credentials: "omit", headers: { Accept: "application/json" } });
  let body = null;
  try { body = await r.json(); } catch (e) { /* not JSON: the status speaks */ }
  if (!r.ok) {
    const err = new Error((body && body.error && body.error.message) || "The server answered " + r.status);
    err.status = r.status;
    throw err;
  }
  return body;
}
