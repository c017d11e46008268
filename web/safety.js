// @brief Safety, needing only format.js: Quick exit (button, or Escape twice) replaces the
// one history entry, so Back skips Kindred; the crisis lines (own, plus a searched place's).
import { el, label, extLink } from "./format.js";

const $ = (id) => document.getElementById(id);
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
// # links move the focus (a fragment navigation adds an entry); data-replace replaces.
document.addEventListener("click", (e) => {
  const a = e.target.closest("a[href^='#'], a[data-replace]");
  if (!a || e.defaultPrevented || e.button || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  e.preventDefault();
  if (a.hasAttribute("data-replace")) return location.replace(a.href);
  const to = $(a.getAttribute("href").slice(1));
  if (to) to.focus();
});

let own = "";
for (const tag of navigator.languages || [navigator.language]) {
  try { own = own || new Intl.Locale(tag).region || ""; } catch (e) { /* not a language tag */ }
}
document.documentElement.dataset.region = own;
// Links only from strictly shaped data; short: a class hiding the number.
const dial = (how, n, verb, cls, short) => (/^[0-9]{3,15}$/.test(n.dial)
  ? el("a", { href: how + ":" + n.dial, class: cls, "aria-label": short && verb + n.display }, verb, el("span", { class: short }, n.display))
  : el("span", {}, n.display));
const web = (url, text) => extLink(url, text || url.replace(/^https:\/\/(www\.)?|\/$/g, ""));
// Call, and Text where offered; else the finder.
const buttons = (l, short) => (l.call ? [dial("tel", l.call, "Call ", "button"), l.text && dial("sms", l.text, "Text ", "button", short)]
  : [Object.assign(web(l.url, "Find a helpline"), { className: "button" })]);
const sentence = (l, where) => el("p", {}, where && "In " + label("country", where) + ": ", el("strong", {}, l.name),
  ...(l.call ? [": call ", dial("tel", l.call, ""), ...(l.text ? [", text ", dial("sms", l.text, "")] : []), ", or visit ", web(l.url),
    ". " + l.hours] : [" lists " + l.summary + ": ", web(l.url)]), ". In immediate danger, call " + l.emergency + ".");

// Until the lines load, the bar is index.html's.
let data = null, place = "", crisis = false;
function render() {
  if (!data) return;
  const find = (cc) => data.lines.find((l) => l.countries.includes(cc)) || data.fallback;
  const mine = find(own), there = place && place !== own && find(place) !== mine && find(place);
  const card = $("crisis-card");
  if (card) {
    card.hidden = !crisis;
    card.replaceChildren(el("h3", { id: "crisis-title" }, "Talk to someone now"),
      ...[mine, there].filter(Boolean).flatMap((l) => [sentence(l, l === there && place), el("p", { class: "big" }, ...buttons(l))]));
  }
  Object.assign($("crisis").dataset, { country: mine.call ? own : "", place: there ? place : "" });
  $("crisis-line").replaceChildren(el("span", { class: "wide-only" }, "In crisis?"), ...buttons(mine, "wide-only"));
  if ($("help-line")) $("help-line").replaceChildren(sentence(mine), there && sentence(there, place));
}
document.addEventListener("kindred:results", (e) => {
  place = /^[A-Z]{2}$/.test(e.detail.country) ? e.detail.country : "";
  crisis = !!e.detail.crisis;
  render();
});
fetch("/crisis-lines.json", { credentials: "omit" }).then((r) => r.json()).then((j) => { data = j; render(); }).catch(() => {});
