// @brief Safety, needing only format.js and i18n.js: Quick exit (button, or Escape twice)
// replaces the one history entry, so Back skips Kindred; the crisis lines (own, plus a
// searched place's), in the page's language; a line's name too where its own says it;
// the bar's height as the scroll padding.
import { $, el, label, extLink } from "./format.js";
import { t, lang, region } from "./i18n.js";

const leave = () => {
  document.title = "Wikipedia";
  document.body.hidden = true;
  location.replace("https://www.wikipedia.org/");
};
$("quick-exit").addEventListener("click", (e) => { e.preventDefault(); leave(); });
let lastEscape = -1e9;
document.addEventListener("keydown", (e) => {
  // An Escape that closed something (place suggestions) does not count.
  if (e.key !== "Escape" || e.defaultPrevented) lastEscape = -1e9;
  else if (e.timeStamp - lastEscape < 1000) leave();
  else lastEscape = e.timeStamp;
});
new ResizeObserver(([e]) => (document.documentElement.style.scrollPaddingTop = e.target.offsetHeight + 8 + "px")).observe($("crisis"));
// # links move the focus (a fragment navigation adds an entry); data-replace replaces.
document.addEventListener("click", (e) => {
  const a = e.target.closest("a[href^='#'], a[data-replace]");
  if (!a || e.defaultPrevented || e.button || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  e.preventDefault();
  if (a.hasAttribute("data-replace")) return location.replace(a.href);
  const to = $(a.getAttribute("href").slice(1));
  if (to) to.focus();
});

// Links only from strictly shaped data; short: a class hiding the number.
const dial = (how, n, verb, cls, short) => (/^[0-9]{3,15}$/.test(n.dial)
  ? el("a", { href: how + ":" + n.dial, class: cls, "aria-label": short && verb + n.display }, verb, el("span", { class: short }, n.display))
  : el("span", {}, n.display));
const web = (url, text) => extLink(url, text || url.replace(/^https:\/\/(www\.)?|\/$/g, ""));
// How a line reaches someone in the page's language: a key to press, a word to text
// (crisis-lines.json "ways"), or only that it speaks it.
const way = (l) => lang !== "en" && (l.languages || []).includes(lang) && ((l.ways || {})[lang] || {});
// Call, and Text where offered; else the finder. Short (phones): Text's number hidden
// in English only, whose verb reads whole alone.
function buttons(l, short) {
  if (!l.call) return [Object.assign(web(l.url, t("finder")), { className: "button" })];
  const w = way(l), word = w && w.keyword;
  return [dial("tel", l.call, t("call") + " ", "button"), w && w.press && el("span", {}, t("press", { key: w.press })),
    l.text && dial("sms", l.text, (word ? t("keyword", { word }) : t("text")) + " ", "button", lang === "en" && !word && short),
    w && !w.press && !w.keyword && el("span", {}, t("speaks"))].filter(Boolean);
}
// "24/7" reads the same in every language; other hours are the data's English.
const hours = (h) => (lang === "en" || /^[0-9/ ]+$/.test(h) ? ". " + h : "");
// Named in the page's language if sourced ("names"), else marked English.
const named = (l, n = (l.names || {})[lang]) => el("strong", { lang: n ? null : "en" }, n || l.name);
const sentence = (l, where) => el("p", {}, where && t("inCountry", { country: label("country", where) }) + " ", named(l),
  ...(l.call ? [t("callLower") + " ", dial("tel", l.call, ""), ...(l.text ? [", " + t("textLower") + " ", dial("sms", l.text, "")] : []),
    ", " + t("visit") + " ", web(l.url), hours(l.hours)] : [" " + t("lists") + ": ", web(l.url)]),
  ". " + t("danger", { n: l.emergency ? l.emergency.replace(" or ", " " + t("or") + " ") : t("localEmergency") }) + ".");

// Until the lines load, the bar is index.html's.
let data = null, place = "", crisis = false;
function render() {
  if (!data) return;
  const find = (cc) => data.lines.find((l) => l.countries.includes(cc)) || data.fallback;
  const mine = find(region), there = place && place !== region && find(place) !== mine && find(place);
  const card = $("crisis-card");
  if (card) {
    card.hidden = !crisis;
    card.replaceChildren(el("h3", { id: "crisis-title" }, t("talkNow")),
      ...[mine, there].filter(Boolean).flatMap((l) => [sentence(l, l === there && place), el("p", { class: "big" }, ...buttons(l))]));
  }
  Object.assign($("crisis").dataset, { country: mine.call ? region : "", place: there ? place : "" });
  $("crisis-line").replaceChildren(el("span", { class: "wide-only" }, t("inCrisis")), ...buttons(mine, "wide-only"));
  if ($("help-line")) $("help-line").replaceChildren(sentence(mine), there && sentence(there, place));
}
document.addEventListener("kindred:results", (e) => {
  place = /^[A-Z]{2}$/.test(e.detail.country) ? e.detail.country : "";
  crisis = !!e.detail.crisis;
  render();
});
fetch("/crisis-lines.json", { credentials: "omit" }).then((r) => r.json()).then((j) => { data = j; render(); }).catch(() => {});
