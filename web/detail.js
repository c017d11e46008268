// @brief One listing (GET /api/v1/listings/{id}), loaded with import() when a listing is
// first opened (a search needs only the card, results.js): the facts of the detail view
// and the referral sheet; contacts, address as text, calendar, report link.
import { el, label, fmtDate, extLink, phoneLink, addressLines, factList, howText, nearText, nextMeeting } from "./format.js";
import { t, lang } from "./i18n.js";
import { fmtMeeting } from "./meeting.js";
import { textLang, inLang, langNames } from "./results.js";
import { courseRows, meetingLine } from "./course.js";

// Only a listing shows these, so they load with it, not with the search page.
function emailLink(email) {
  return /^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/.test(email) ? el("a", { href: "mailto:" + email }, email) : email;
}
const labelList = (facet, values) => (values || []).map((v) => label(facet, v)).join(", ");
function areaName(code) {
  if (code === "worldwide") return t("worldwide");
  return /^[A-Z]{2}$/.test(code) ? label("country", code) : label("region", code);
}

// Facts as <dl> rows. mode: "detail" (all), "sheet" (paper: times only in the group's zone).
export function listingFacts(d, hit, mode) {
  const L = d.listing, c = L.contact || {}, { dl, row } = factList();
  const lines = (list) => (list.length ? list.map((t) => el("span", { class: "line" }, t)) : null);
  const how = howText(L), near = nearText(hit);
  const next = mode !== "sheet" && nextMeeting((hit && hit.next_meeting) || d.computed.next_meeting);
  // Free text of the listing (eligibility, notes, how to join) keeps its own language.
  const own = textLang(d), mark = (s) => s && el("span", { lang: own }, s);
  row(t("what"), label("kind", L.kind), " · ", labelList("topic", L.topics));
  if (L.languages) row(t("for"), L.communities && L.communities.length ? labelList("community", L.communities) : t("everyone"), L.eligibility ? [" · ", mark(L.eligibility)] : null);
  row(t("referral"), L.referral_required ? t("needsReferral") : null);
  row(t("how"), [how, near].filter(Boolean).join(" · "), L.service_area ? " · " + t("forArea", { areas: L.service_area.map(areaName).join(", ") }) : null);
  row(t("address"), L.location ? lines(addressLines(L.location)) : null);
  row(t("when"), lines((L.schedule || []).map((m) => meetingLine(m, fmtMeeting)).concat(L.schedule_note || [])));
  row(t("next"), d.computed.ended ? null : next);
  courseRows(row, { ended: d.computed.ended, registration: L.registration }, el);  // issue 17
  row(t("cost"), label("cost", L.cost), L.cost_note ? [" · ", mark(L.cost_note)] : null);
  row(t("language"), langNames(L.languages));
  row(t("ledBy"), label("facilitation", L.facilitation));
  row(t("runBy"), mode === "detail" ? extLink(L.organization.url, L.organization.name) : L.organization.name);
  row(t("access"), labelList("accessibility", L.accessibility));
  row(t("status"), L.status === "paused" ? t("pausedNow") : null);
  row(t("website"), c.url ? extLink(c.url) : null, d.computed.link_status === "dead" ? el("strong", { class: "stale" }, " ⚠ " + t("brokenChecked")) : null);
  row(t("phone"), c.phone ? phoneLink(c.phone) : null);
  row(t("email"), c.email ? emailLink(c.email) : null);
  row(t("join"), mark(c.how_to_join));
  // Stale by the freshness rule (last checked over 12 months ago): said on screen, not on paper.
  row(t("verified"), fmtDate(L.last_verified), d.computed.stale && mode === "detail" ? el("strong", { class: "stale" }, " " + t("mayBeOld")) : null);
  return dl;
}

export function renderDetail(box, d, hit, ctx) {
  const L = d.listing;
  const ics = L.schedule && L.schedule.length
    ? el("a", { class: "button", href: "/api/v1/listings/" + L.id + ".ics?lang=" + lang, download: L.id + ".ics" }, t("ics")) : null;
  const own = textLang(d);
  box.replaceChildren(
    ctx.back(t("back"), ""),
    el("article", { "aria-labelledby": "detail-title" },
      el("h2", { id: "detail-title", tabindex: "-1" }, el("span", { lang: own }, L.name), inLang(own)),
      d.computed.stale ? el("p", { class: "notice warn" }, t("staleNotice", { date: fmtDate(L.last_verified) })) : null,
      el("p", { class: "description", lang: own }, L.description),
      listingFacts(d, hit, "detail"),
      el("p", { class: "actions" }, ics, ctx.listButton(L.id, L.name, own)),
      el("h3", {}, t("sources")),
      // The project's own working notes ("Seed document: ...") are not sources to show.
      el("ul", {}, (L.sources || []).filter((s) => !/^Seed document\b/i.test(s.name)).map((s) =>
        el("li", {}, s.url ? extLink(s.url, s.name) : s.name, s.date ? " (" + fmtDate(s.date) + ")" : null))),
      el("p", {}, el("a", { href: ctx.linkTo(L.id, "report"), "data-report": L.id }, t("reportLink"))),
      el("p", {}, el("a", { href: "/suggest?listing=" + L.id, "data-replace": "" }, t("correct")))));
}
