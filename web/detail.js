// @brief One listing (GET /api/v1/listings/{id}), loaded with import() when a listing is
// first opened (a search needs only the card, results.js): the facts of the detail view
// and the referral sheet; contacts, address as text, calendar, report link.
import { el, label, labelList, fmtDate, fmtMeeting, extLink, phoneLink, addressLines, factList, howText, nearText, nextMeeting } from "./format.js";
import { courseRows, meetingLine } from "./course.js";

// Only a listing shows these, so they load with it, not with the search page.
function emailLink(email) {
  return /^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/.test(email) ? el("a", { href: "mailto:" + email }, email) : email;
}
function areaName(code) {
  if (code === "worldwide") return "Anywhere (worldwide)";
  return /^[A-Z]{2}$/.test(code) ? label("country", code) : label("region", code);
}

// Facts as <dl> rows. mode: "detail" (all), "sheet" (paper: times only in the group's zone).
export function listingFacts(d, hit, mode) {
  const L = d.listing, c = L.contact || {}, { dl, row } = factList();
  const lines = (list) => (list.length ? list.map((t) => el("span", { class: "line" }, t)) : null);
  const how = howText(L), near = nearText(hit);
  const next = mode !== "sheet" && nextMeeting((hit && hit.next_meeting) || d.computed.next_meeting);
  row("What", label("kind", L.kind), " · ", labelList("topic", L.topics));
  if (L.languages) row("For", L.communities && L.communities.length ? labelList("community", L.communities) : "Everyone", L.eligibility ? " · " + L.eligibility : null);
  row("Referral", L.referral_required ? "Needs a referral" : null);
  row("How", [how, near].filter(Boolean).join(" · "), L.service_area ? " · for " + L.service_area.map(areaName).join(", ") : null);
  row("Address", L.location ? lines(addressLines(L.location)) : null);
  row("When", lines((L.schedule || []).map((m) => meetingLine(m, fmtMeeting)).concat(L.schedule_note || [])));
  row("Next", d.computed.ended ? null : next);
  courseRows(row, { ended: d.computed.ended, registration: L.registration }, el);  // issue 17
  row("Cost", label("cost", L.cost), L.cost_note ? " · " + L.cost_note : null);
  row("Language", labelList("language", L.languages));
  row("Led by", label("facilitation", L.facilitation));
  row("Run by", mode === "detail" ? extLink(L.organization.url, L.organization.name) : L.organization.name);
  row("Access", labelList("accessibility", L.accessibility));
  row("Status", L.status === "paused" ? "Paused for now" : null);
  row("Website", c.url ? extLink(c.url) : null, d.computed.link_status === "dead" ? el("strong", { class: "stale" }, " ⚠ Broken when last checked") : null);
  row("Phone", c.phone ? phoneLink(c.phone) : null);
  row("Email", c.email ? emailLink(c.email) : null);
  row("How to join", c.how_to_join);
  // Stale by the freshness rule (last checked over 12 months ago): said on screen, not on paper.
  row("Verified", fmtDate(L.last_verified), d.computed.stale && mode === "detail" ? el("strong", { class: "stale" }, " May be out of date") : null);
  return dl;
}

export function renderDetail(box, d, hit, ctx) {
  const L = d.listing;
  const ics = L.schedule && L.schedule.length
    ? el("a", { class: "button", href: "/api/v1/listings/" + L.id + ".ics", download: L.id + ".ics" }, "Add to calendar (.ics)") : null;
  box.replaceChildren(
    ctx.back("← Back to results", ""),
    el("article", { "aria-labelledby": "detail-title" },
      el("h2", { id: "detail-title", tabindex: "-1" }, L.name),
      d.computed.stale ? el("p", { class: "notice warn" }, "These details were last checked on " + fmtDate(L.last_verified) +
        " and may be out of date. Check with the organizer before you go.") : null,
      el("p", { class: "description" }, L.description),
      listingFacts(d, hit, "detail"),
      el("p", { class: "actions" }, ics, ctx.listButton(L.id, L.name)),
      el("h3", {}, "Sources"),
      // The project's own working notes ("Seed document: ...") are not sources to show.
      el("ul", {}, (L.sources || []).filter((s) => !/^Seed document\b/i.test(s.name)).map((s) =>
        el("li", {}, s.url ? extLink(s.url, s.name) : s.name, s.date ? " (" + fmtDate(s.date) + ")" : null))),
      el("p", {}, el("a", { href: ctx.linkTo(L.id, "report"), "data-report": L.id }, "Report a problem with this listing")),
      el("p", {}, el("a", { href: "/suggest?listing=" + L.id, "data-replace": "" }, "Correct this listing"))));
}
