// @brief The search view: cards and facets (kept between searches so focus and open state
// survive). The chips (chips.js) and the empty state (empty.js) load when there are some.
import { el, label, fmtDate, phoneLink, addressLines, factList, howText, nearText, nextMeeting } from "./format.js";
import { t, lang, langName } from "./i18n.js";

const cap = (s) => s.charAt(0).toUpperCase() + s.slice(1).replace(/_/g, " ");
// A listing's text language (the server's text_language, else its first language) when
// it is not the page's: the text gets a lang attribute and "(English)".
export const textLang = (x) => {
  const L = x.listing || x; // a hit, or a listing's answer (its text_language at either level)
  const l = x.text_language || L.text_language || (L.languages || [])[0] || "en";
  return l === lang ? null : l;
};
export const inLang = (l) => l && el("span", { class: "in-lang" }, " (" + langName(l) + ")");
// Language names, each in itself, marked so.
export const langNames = (c) => c && c.length && c.flatMap((v, i) => [i ? ", " : "", el("span", { lang: v }, label("language", v))]);
const facetLabel = (f) => (f.label && f.label !== f.name ? f.label : cap(f.name));

// A result card, short for phones, from the search answer alone. Stale listings say
// when last checked, quietly.
export function card(hit, ctx) {
  const { dl, row } = factList(), next = nextMeeting(hit.next_meeting), own = textLang(hit);
  row(t("where"), [howText(hit), nearText(hit), hit.location && addressLines(hit.location).slice(-2, -1)[0]].filter(Boolean).join(" · "));
  row(t(next ? "next" : "when"), next || hit.schedule_note);
  row(t("language"), langNames(hit.languages));
  row(t("phone"), hit.phone ? phoneLink(hit.phone) : null);
  if (hit.sessions || hit.until || hit.registration) import("./course.js").then((m) => m.courseRows(row, hit, el));
  return el("li", { class: "card" },
    el("article", { "aria-labelledby": "r-" + hit.id },
      el("p", { class: "kicker" }, [label("kind", hit.kind), hit.cost && label("cost", hit.cost),
        hit.stale && t("checked", { date: fmtDate(hit.last_verified) })].filter(Boolean).join(" · ")),
      el("h3", { id: "r-" + hit.id }, el("a", { href: ctx.linkTo(hit.id), "data-listing": hit.id, lang: own }, hit.name), inLang(own)),
      hit.status === "paused" || hit.link_status === "dead" ? el("p", { class: "badges" },
        hit.status === "paused" ? el("span", { class: "badge warn" }, t("paused")) : null,
        hit.link_status === "dead" ? el("span", { class: "badge warn" }, t("broken")) : null) : null,
      el("p", { class: "snippet", lang: own }, hit.snippet),
      dl,
      el("p", { class: "actions" }, ctx.listButton(hit.id, hit.name, own))));
}

// Facets: made once per facet and value, then updated in place (left out: hidden).
const facetEls = new Map();
const OPEN = ["kind", "topic", "community"];
// Returns whether any facet list has something to show.
export function renderFacets(box, quick, facets, state, onToggle) {
  let any = false;
  for (const f of facets) {
    const isQuick = f.name === "attendance";
    let fe = facetEls.get(f.name);
    if (!fe) {
      const list = el(isQuick ? "div" : "ul", { class: isQuick ? "quick-list" : "facet-list" });
      const name = facetLabel(f), summary = el("summary", {}, name);
      fe = { list, summary, items: new Map(),
        wrap: isQuick ? el("div", { role: "group", "aria-label": name }, el("span", { class: "quick-label", "aria-hidden": "true" }, name + ":"), list)
          : el("details", { class: "facet", open: OPEN.includes(f.name), "data-facet": f.name }, summary, list) };
      (isQuick ? quick : box).append(fe.wrap);
      facetEls.set(f.name, fe);
    }
    const chosen = state.filters[f.name] || [];
    let shown = 0;
    fe.items.forEach((i) => (i.li.hidden = true));
    for (const v of f.values) {
      let it = fe.items.get(v.value);
      if (!it) {
        it = { count: el("span", { class: "count" }) };
        const toggle = () => onToggle(f.name, v.value);
        if (isQuick) {
          it.input = el("button", { type: "button", class: "quick", onclick: toggle }, v.label, " ", it.count);
          it.li = it.input;
        } else {
          it.input = el("input", { type: "checkbox", onchange: toggle });
          it.li = el("li", {}, el("label", {}, it.input, " ", el("span", { lang: f.name == "language" && v.value }, v.label), " ", it.count));
        }
        fe.items.set(v.value, it);
        fe.list.append(it.li);
      }
      const on = chosen.includes(v.value);
      if (isQuick) it.input.setAttribute("aria-pressed", on);
      else it.input.checked = on;
      it.count.textContent = isQuick ? "(" + v.count + ")" : v.count;
      it.li.hidden = !on && v.count === 0;
      if (!it.li.hidden) shown++;
    }
    fe.wrap.hidden = shown === 0;
    any = any || (shown > 0 && !isQuick);
    fe.name = facetLabel(f);
    if (!isQuick) fe.summary.textContent = fe.name + (chosen.length ? " " + t("chosen", { n: chosen.length }) : "");
  }
  return any;
}

export function facetTitle(name) {
  const fe = facetEls.get(name);
  return fe ? fe.name : cap(name);
}
