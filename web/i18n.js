// @brief The page's language: ?lang= (kept in the address and in links), else the
// browser's languages, else English. Only its catalog (web/i18n/<lang>.json) is fetched;
// t() reads it, with {name} slots; tn() picks the plural form by Intl.PluralRules.
export const LANGS = { en: "English", es: "Español", fr: "Français" };
const tags = navigator.languages || [navigator.language];
const asked = new URLSearchParams(location.search).get("lang");
export const chosen = LANGS[asked] ? asked : "";
// Pages without the switcher (the staff pages, which share format.js) stay in English.
export const lang = !document.getElementById("langs") ? "en" : chosen || tags.map((tag) => String(tag).split("-")[0].toLowerCase()).find((l) => LANGS[l]) || "en";
let own = "";
for (const tag of tags) {
  try { own = own || new Intl.Locale(tag).region || ""; } catch (e) { /* not a language tag */ }
}
// The person's country (from the browser): their crisis line, places and miles or km.
export const region = own;
// Dates and numbers as the page's language writes them in that country ("18 h 30" in fr-CA).
export const locale = lang + (own ? "-" + own : "");

// Two flat catalogs a language: <lang>.json for the search page, views.<lang>.json for the
// views a first search does not open (a listing, the report form, the list, the empty
// state, "Which Moscow?"), fetched by those with views().
const load = (name) => fetch("/i18n/" + name + ".json", { credentials: "omit" }).then((r) => (r.ok ? r.json() : {})).catch(() => ({}));
const cat = await load(lang);
let en = lang === "en" ? cat : null, more = null;
export const views = () => (more = more || load("views." + lang).then((c) => { Object.assign(cat, c); }));
// A key the catalogs lack reads English, fetched only then; the page redraws when it comes.
function english(key) {
  if (!en) {
    en = {};
    Promise.all([load("en"), load("views.en")]).then((parts) => {
      Object.assign(en, ...parts);
      document.dispatchEvent(new Event("kindred:catalog"));
    });
  }
  return en[key];
}

export function t(key, vars) {
  const s = cat[key] ?? english(key) ?? "";
  return vars ? s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? vars[k] : m)) : s;
}
const rules = new Intl.PluralRules(locale);
export const num = (n) => new Intl.NumberFormat(locale).format(n);
// tn("results", 3) reads "results.other" ("results.one" for 1 in English), {n} the number.
export function tn(key, n, vars) {
  const form = key + "." + rules.select(n);
  return t(cat[form] || (en && en[form]) ? form : key + ".other", { n: num(n), ...vars });
}
// A language's name in the page's language ("inglés").
export function langName(code) {
  try { return new Intl.DisplayNames([lang], { type: "language" }).of(code) || code; } catch (e) { return code; }
}

// The page's own markup: data-t="key" sets the text, data-ta="attr=key ..." attributes.
export function translate() {
  for (const n of document.querySelectorAll("[data-t]")) n.textContent = t(n.dataset.t) || n.textContent;
  for (const n of document.querySelectorAll("[data-ta]")) {
    for (const pair of n.dataset.ta.split(" ")) {
      const [attr, key] = pair.split("=");
      n.setAttribute(attr, t(key) || n.getAttribute(attr) || "");
    }
  }
  Object.assign(document.documentElement, { lang, dir: t("dir") || "ltr" });
  document.title = t("title") || document.title;
}
