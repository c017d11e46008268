// @brief One listing (GET /api/v1/listings/{id}): facts for the card, the detail view and
// the referral sheet; contacts, address as text, calendar, report link.
import { el, label, labelList, fmtDate, fmtMeeting, fmtNext, fmtDistance, extLink, phoneLink, emailLink, addressLines, areaName } from "./format.js";

function fact(dl, term, ...desc) {
  if (desc.some((d) => d)) dl.append(el("div", {}, el("dt", {}, term), el("dd", {}, ...desc)));
}

function nextMeeting(next) {
  if (!next) return null;
  const [mine, theirs] = fmtNext(next);
  return el("span", {}, mine, " your time", theirs ? el("span", { class: "zone" }, " (" + theirs + " where the group meets)") : null);
}

// Facts as <dl> rows. mode: "card" (what a searcher asks first), "detail" (all), "sheet"
// (paper: times only in the group's zone).
export function listingFacts(d, hit, mode) {
  const L = d.listing, c = L.contact || {}, card = mode === "card", dl = el("dl", { class: "facts" });
  const row = (...args) => fact(dl, ...args);
  const lines = (list) => (list.length ? list.map((t) => el("span", { class: "line" }, t)) : null);
  const how = (L.attendance || []).map((a) => label("attendance", a)).join(" + ");
  const near = hit && [fmtDistance(hit.distance_km), hit.serves_place && "serves your area"].filter(Boolean).join(" · ");
  const next = mode !== "sheet" && nextMeeting((hit && hit.next_meeting) || d.computed.next_meeting);
  const language = () => row("Language", labelList("language", L.languages));
  if (card) { // the rest is one tap away, in the detail view
    row("Where", [how, near, L.location && addressLines(L.location).slice(-2, -1)[0]].filter(Boolean).join(" · "));
    row(next ? "Next" : "When", next || L.schedule_note);
    language();
    return dl;
  }
  row("What", label("kind", L.kind), " · ", labelList("topic", L.topics));
  if (L.languages) row("For", L.communities && L.communities.length ? labelList("community", L.communities) : "Everyone", L.eligibility ? " · " + L.eligibility : null);
  row("Referral", L.referral_required ? "Needs a referral" : null);
  row("How", [how, near].filter(Boolean).join(" · "), L.service_area ? " · for " + L.service_area.map(areaName).join(", ") : null);
  row("Address", L.location ? lines(addressLines(L.location)) : null);
  row("When", lines((L.schedule || []).map(fmtMeeting).concat(L.schedule_note || [])));
  row("Next", next);
  row("Cost", label("cost", L.cost), L.cost_note ? " · " + L.cost_note : null);
  language();
  row("Led by", label("facilitation", L.facilitation));
  row("Run by", mode === "detail" ? extLink(L.organization.url, L.organization.name) : L.organization.name);
  row("Access", labelList("accessibility", L.accessibility));
  row("Status", L.status === "paused" ? "Paused for now" : null);
  row("Website", c.url ? extLink(c.url) : null, d.computed.link_status === "dead" ? el("strong", { class: "stale" }, " ⚠ Broken when last checked") : null);
  row("Phone", c.phone ? phoneLink(c.phone) : null);
  row("Email", c.email ? emailLink(c.email) : null);
  row("How to join", c.how_to_join);
  row("Verified", fmtDate(L.last_verified), d.computed.stale ? el("strong", { class: "stale" }, " ⚠ May be out of date") : null);
  return dl;
}

export function renderDetail(box, d, hit, ctx) {
  const L = d.listing;
  const ics = L.schedule && L.schedule.length
    ? el("a", { class: "button", href: "/api/v1/listings/" + L.id + ".ics", download: L.id + ".ics" }, "Add to calendar (.ics)") : null;
  box.replaceChildren(
    ctx.back(),
    el("article", { "aria-labelledby": "detail-title" },
      el("h2", { id: "detail-title", tabindex: "-1" }, L.name),
      d.computed.stale ? el("p", { class: "notice warn" }, "These details were last checked on " + fmtDate(L.last_verified) +
        " and may be out of date. Check with the organizer before you go.") : null,
      el("p", { class: "description" }, L.description),
      listingFacts(d, hit, "detail"),
      el("p", { class: "actions" }, ics, ctx.listButton(L.id, L.name)),
      el("h3", {}, "Sources"),
      el("ul", {}, (L.sources || []).map((s) =>
        el("li", {}, s.url ? extLink(s.url, s.name) : s.name, s.date ? " (" + fmtDate(s.date) + ")" : null))),
      el("p", {}, el("a", { href: "/report.html?id=" + L.id, "data-replace": "" }, "Report a problem with this listing")),
      el("p", {}, el("a", { href: "/suggest?listing=" + L.id, "data-replace": "" }, "Correct this listing"))));
}
