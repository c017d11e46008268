// @brief The moderator's page (moderate.html): the queue of pending submissions, each with
// its field-by-field diff, approve (reason optional) and reject (reason required); open
// public reports; stale listings. It also holds what both staff pages share (maintain.js
// imports it): signing in with a token kept in this module's memory only, the API client
// that sends it, the diff list, and the page's status line. All data becomes text nodes.
import { $, el, fmtDate, label, learnLabels } from "./format.js";
import { fmtMeeting } from "./meeting.js";
import { views } from "./i18n.js";


// ---- Shared by both staff pages ----

// Says something in the page's polite live region (#page-status).
export function announce(text) {
  const box = $("page-status");
  box.textContent = "";
  // A fresh text node a moment later is announced even when the words repeat.
  setTimeout(() => { box.textContent = text; }, 50);
}

export const fmtTime = (rfc3339) => {
  const d = new Date(rfc3339 || "");
  if (isNaN(d)) return rfc3339 || "";
  return new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short", year: "numeric", hour: "numeric", minute: "2-digit" }).format(d);
};

// A date with its machine-readable form: <time datetime="2026-11-22">Nov 22, 2026</time>.
export const dateNode = (iso) => el("time", { datetime: iso || null }, fmtDate(iso));

// The public page of a listing, in a new tab: following it here would forget the token.
export const publicLink = (id, text) =>
  el("a", { href: "/?listing=" + encodeURIComponent(id), target: "_blank", rel: "noopener noreferrer" },
    text, el("span", { class: "vh" }, " (opens in a new tab)"));

export const REPORT_CATEGORIES = {
  no_longer_meets: "No longer meets", wrong_contact: "Wrong contact details", wrong_schedule: "Wrong meeting times",
  wrong_location: "Wrong location", closed: "Closed", other: "Something else",
};

// Facet values and labels from GET /api/v1/vocabulary: {facet: [{value, label}]}; with
// them the words of a schedule (meeting.js), which are the views' (i18n.js).
export async function loadVocabulary() {
  const [r] = await Promise.all([fetch("/api/v1/vocabulary", { credentials: "omit", headers: { Accept: "application/json" } }), views()]);
  if (!r.ok) throw new Error("The vocabulary could not be loaded (" + r.status + ")");
  const v = await r.json();
  learnLabels(v.facets);
  return Object.fromEntries(v.facets.map((f) => [f.name, f.values]));
}

// A function (method, path, body?, headers?) -> the JSON answer, sending the token. A
// failure throws an Error with status (0: unreachable), code and details from the body.
function client(token) {
  return async (method, path, body, headers = {}) => {
    const init = { method, credentials: "omit", cache: "no-store",
      headers: { Accept: "application/json", Authorization: "Bearer " + token, ...headers } };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    let r;
    try {
      r = await fetch("/api/v1/" + path, init);
    } catch (e) {
      throw Object.assign(new Error("Kindred could not be reached. Check your connection and try again."), { status: 0, details: [] });
    }
    let data = null;
    try { data = await r.json(); } catch (e) { /* not JSON: the status speaks */ }
    if (!r.ok) {
      const err = (data && data.error) || {};
      throw Object.assign(new Error(err.message || "The server answered " + r.status), { status: r.status, code: err.code || "", details: err.details || [] });
    }
    return data;
  };
}

// Signing in: #signin-form with #token and #token-error; #account (with #who and
// #sign-out) shows once signed in. The token is checked with GET /api/v1/me and then lives
// only in the `call` closure handed to onSignIn(me, call); the input is emptied. A token
// the server stops accepting signs the page out.
export function setupSession(role, { onSignIn, onSignOut }) {
  const box = $("token"), error = $("token-error"), button = $("signin-form").querySelector("button");
  let generation = 0;
  const fail = (...message) => {
    error.replaceChildren(...message);
    error.hidden = !message.length;
    if (message.length) box.setAttribute("aria-invalid", "true");
    else box.removeAttribute("aria-invalid");
    box.setAttribute("aria-describedby", message.length ? "token-hint token-error" : "token-hint");
    if (message.length) box.focus();
  };
  const signOut = (message) => {
    generation++;
    onSignOut();
    $("account").hidden = true;
    $("signin").hidden = false;
    document.title = document.title.replace(/ \(signed in\)$/, "");
    box.focus();
    announce(message);
  };
  $("signin-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const token = box.value.trim();
    if (!token) return fail("Paste your token first. It starts with kdr_.");
    const attempt = client(token);
    button.disabled = true;
    let me;
    try {
      me = await attempt("GET", "me");
    } catch (err) {
      return fail(err.status === 401 ? "That token was not accepted: it is unknown, incomplete or revoked. Check that you copied all of it, or ask your administrator for a new one."
        : err.status === 0 ? err.message : "Could not sign in: " + err.message);
    } finally {
      button.disabled = false;
    }
    if (me.role !== role) {
      const other = role === "moderator" ? ["the maintainer page", "/maintain.html"] : ["the moderation page", "/moderate.html"];
      return fail("This is a " + me.role + "'s token; this page needs a " + role + "'s. Use it on ", el("a", { href: other[1] }, other[0]), ".");
    }
    box.value = "";
    fail();
    const mine = ++generation;
    const call = async (...args) => {
      if (mine !== generation) throw Object.assign(new Error("Signed out."), { status: 401, details: [] });
      try {
        return await attempt(...args);
      } catch (err) {
        if (err.status === 401 && mine === generation) signOut("Your token is no longer accepted (it may have been revoked). Sign in again.");
        throw err;
      }
    };
    $("who").textContent = me.name;
    $("signin").hidden = true;
    $("account").hidden = false;
    document.title += " (signed in)";
    await onSignIn(me, call);
  });
  $("sign-out").addEventListener("click", () => signOut("Signed out. This page has forgotten the token."));
}

// Friendly names for the fields a diff names; anything else shows its path.
const FIELD_NAMES = {
  id: "Id", name: "Name", kind: "Type of support", description: "Description", status: "Status",
  "organization.name": "Organisation", "organization.url": "Organisation website", topics: "Topics",
  communities: "Who it's for", attendance: "How it meets", languages: "Languages", cost: "Cost",
  cost_note: "Cost note", facilitation: "Led by", eligibility: "Eligibility", referral_required: "Referral needed",
  accessibility: "Accessibility", service_area: "Who may join (area)", schedule: "Meetings", schedule_note: "Schedule note",
  "contact.url": "Website", "contact.phone": "Phone", "contact.email": "Email", "contact.how_to_join": "How to join",
  "location.name": "Venue", "location.address": "Street address", "location.locality": "Town or city",
  "location.region": "Region", "location.postal_code": "Postal code", "location.country": "Country",
  translations: "Translations (other languages)", location: "Location", contact: "Contact", organization: "Organisation", sources: "Sources", last_verified: "Last verified",
};
// "translations.es.name" -> "Name (es)": a translated field is named like the field.
const fieldName = (path) => {
  const t = /^translations\.([a-z]{2,3})\.([a-z_]+)$/.exec(path);
  return t ? (FIELD_NAMES[t[2]] || t[2]) + " (" + t[1] + ")" : FIELD_NAMES[path] || path;
};
const FACET_OF = { topics: "topic", communities: "community", attendance: "attendance", languages: "language", accessibility: "accessibility", kind: "kind", cost: "cost", facilitation: "facilitation" };

function valueNode(field, v) {
  if (field === "schedule" && Array.isArray(v)) {
    return el("ul", { class: "plain" }, v.map((m) => {
      let text;
      try { text = fmtMeeting(m); } catch (e) { text = JSON.stringify(m); }
      return el("li", {}, text);
    }));
  }
  if (Array.isArray(v) && v.every((x) => typeof x === "string")) {
    return v.length ? v.map((x) => (FACET_OF[field] ? label(FACET_OF[field], x) + " (" + x + ")" : x)).join(", ") : "(empty list)";
  }
  if (typeof v === "string") return FACET_OF[field] && label(FACET_OF[field], v) !== v ? label(FACET_OF[field], v) + " (" + v + ")" : v;
  if (typeof v === "boolean") return v ? "Yes" : "No";
  return el("code", { class: "json" }, JSON.stringify(v, null, 1));
}

// Word by word: [before, after] node lists with the removed words in <del> and the added
// ones in <ins> (each also said in words for screen readers), or null when too long.
function wordDiff(a, b) {
  const A = a.split(/(\s+)/), B = b.split(/(\s+)/);
  if (A.length * B.length > 1500000) return null;
  const n = A.length, m = B.length, w = m + 1;
  const lcs = new Uint16Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * w + j] = A[i] === B[j] ? lcs[(i + 1) * w + j + 1] + 1 : Math.max(lcs[(i + 1) * w + j], lcs[i * w + j + 1]);
    }
  }
  const before = [], after = [];
  const mark = (list, tag, word) => {
    const last = list[list.length - 1];
    if (tag && last && last.tag === tag) last.text += word;
    else if (!tag && last && !last.tag) last.text += word;
    else list.push({ tag, text: word });
  };
  let i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && A[i] === B[j]) { mark(before, "", A[i]); mark(after, "", B[j]); i++; j++; }
    else if (j < m && (i === n || lcs[i * w + j + 1] >= lcs[(i + 1) * w + j])) mark(after, "ins", B[j++]);
    else mark(before, "del", A[i++]);
  }
  // One mark for a run of changed words: the spaces between them join the run.
  const join = (list) => list.reduce((out, p, k) => {
    const last = out[out.length - 1], next = list[k + 1];
    if (last && last.tag && !p.tag && /^\s+$/.test(p.text) && next && next.tag === last.tag) last.text += p.text;
    else if (last && last.tag && p.tag === last.tag) last.text += p.text;
    else out.push({ ...p });
    return out;
  }, []);
  const nodes = (list) => join(list).map((p) => (!p.tag ? p.text : el(p.tag, {},
    el("span", { class: "vh" }, p.tag === "ins" ? "[added: " : "[removed: "), p.text, el("span", { class: "vh" }, "]"))));
  return [nodes(before), nodes(after)];
}

// A submission's diff ([{field, old?, new?}]) as a list: each field with what happens to
// it in words (Added, Removed, Changed) and its value before and after.
export function diffList(diff) {
  if (!diff || !diff.length) return el("p", {}, "No fields change.");
  return el("ul", { class: "diff" }, diff.map((c) => {
    const kind = c.old === undefined ? "Added" : c.new === undefined ? "Removed" : "Changed";
    let before = c.old === undefined ? null : valueNode(c.field, c.old);
    let after = c.new === undefined ? null : valueNode(c.field, c.new);
    if (typeof c.old === "string" && typeof c.new === "string" && /\s/.test(c.old + c.new) && !FACET_OF[c.field]) {
      const words = wordDiff(c.old, c.new);
      if (words) [before, after] = words;
    }
    const name = fieldName(c.field) === c.field ? undefined : fieldName(c.field);
    return el("li", { class: "change " + kind.toLowerCase(), "data-field": c.field },
      el("p", { class: "change-head" }, el("strong", {}, name || c.field), name ? el("code", { class: "path" }, c.field) : null,
        el("span", { class: "change-kind" }, kind)),
      before === null ? null : el("div", { class: "before" }, el("span", { class: "side" }, "Before"), el("div", { class: "value" }, before)),
      after === null ? null : el("div", { class: "after" }, el("span", { class: "side" }, "After"), el("div", { class: "value" }, after)));
  }));
}

// ---- The moderator's page ----

function moderatorPage() {
  let call = null;
  const vocabulary = loadVocabulary().catch(() => null);
  const names = new Map(); // listing id -> name, for reports

  const count = (key, n) => { $(key + "-count").textContent = "(" + n + ")"; };
  const itemError = (item, message) => {
    const box = item.querySelector(".item-error");
    box.textContent = message;
    box.hidden = !message;
  };
  // Takes a decided item away, moving the keyboard focus to the next one (or the heading).
  const removeItem = (item, title, left) => {
    const next = item.nextElementSibling || item.previousElementSibling;
    item.remove();
    count(left, $(left).children.length);
    $(left + "-empty").hidden = $(left).children.length > 0;
    (next ? next.querySelector("h3") : $(title)).focus();
  };

  async function nameOf(id) {
    if (!names.has(id)) {
      names.set(id, fetch("/api/v1/listings/" + encodeURIComponent(id), { credentials: "omit" })
        .then((r) => (r.ok ? r.json() : null)).then((d) => (d && d.listing ? d.listing.name : id), () => id));
    }
    return names.get(id);
  }

  function queueItem(s) {
    const name = (s.proposed && s.proposed.name) || (s.current && s.current.name) || s.listing_id;
    const reason = el("textarea", { id: "reason-" + s.id, rows: "2", maxlength: "1000", "aria-describedby": "reason-hint-" + s.id });
    const reasonError = el("p", { class: "error", id: "reason-error-" + s.id, hidden: true });
    const item = el("li", { class: "item", id: "submission-" + s.id, "data-submission": s.id, "data-listing": s.listing_id },
      el("article", { "aria-labelledby": "sub-title-" + s.id },
        el("h3", { id: "sub-title-" + s.id, tabindex: "-1" }, (s.action === "create" ? "New listing: " : "Update: ") + name),
        el("p", { class: "meta" }, "Submission #" + s.id + " for ", el("code", {}, s.listing_id), " by " + s.submitted_by + ", " + fmtTime(s.submitted_at),
          s.action === "update" ? [" · ", publicLink(s.listing_id, "See it as published")] : null),
        s.note ? el("p", { class: "note" }, el("strong", {}, "Note from the maintainer: "), s.note) : null,
        el("h4", {}, "What will change"),
        diffList(s.diff),
        el("div", { class: "decide" },
          el("label", { for: "reason-" + s.id }, "Reason"),
          el("p", { class: "hint", id: "reason-hint-" + s.id }, "Needed to reject, optional to approve. The maintainer sees it."),
          reason, reasonError,
          el("p", { class: "buttons" },
            el("button", { type: "button", class: "primary", "data-action": "approve", onclick: () => decide(item, s, name, true) }, "Approve and publish"),
            el("button", { type: "button", "data-action": "reject", onclick: () => decide(item, s, name, false) }, "Reject")),
          el("p", { class: "error item-error", role: "alert", hidden: true }))));
    return item;
  }

  async function decide(item, s, name, approve) {
    const reasonBox = item.querySelector("textarea"), reasonError = item.querySelector("#reason-error-" + s.id);
    const reason = reasonBox.value.trim();
    const reasonProblem = (text) => {
      reasonError.textContent = text;
      reasonError.hidden = !text;
      if (text) reasonBox.setAttribute("aria-invalid", "true");
      else reasonBox.removeAttribute("aria-invalid");
      reasonBox.setAttribute("aria-describedby", "reason-hint-" + s.id + (text ? " " + reasonError.id : ""));
    };
    if (!approve && !reason) {
      reasonProblem("Say why it is rejected, so the maintainer can fix it.");
      reasonBox.focus();
      return;
    }
    reasonProblem("");
    itemError(item, "");
    const buttons = item.querySelectorAll("button");
    buttons.forEach((b) => { b.disabled = true; });
    try {
      const r = await call("POST", "submissions/" + s.id + "/" + (approve ? "approve" : "reject"), reason ? { reason } : {});
      const said = approve ? (r.live ? "Approved: “" + name + "” is live in search now." : "Approved and saved: “" + name + "” will be in search after the next sync (" + (r.index_note || "the index is catching up") + ").")
        : "Rejected: “" + name + "”. The maintainer will see your reason.";
      $("decided").prepend(el("li", { "data-submission": s.id, class: approve ? "approved" : "rejected" }, "Submission #" + s.id + ": " + said,
        approve ? [" ", publicLink(s.listing_id, "Open it")] : null));
      $("decided-section").hidden = false;
      removeItem(item, "queue-title", "queue");
      announce(said);
    } catch (err) {
      buttons.forEach((b) => { b.disabled = false; });
      itemError(item, err.status === 409 ? "Not decided: " + err.message + ". Refresh to see the queue as it stands."
        : "Could not " + (approve ? "approve" : "reject") + " it: " + err.message);
    }
  }

  async function loadQueue() {
    const { submissions } = await call("GET", "submissions?status=pending");
    submissions.reverse(); // the oldest waits longest: first
    const full = await Promise.all(submissions.map((s) => call("GET", "submissions/" + s.id).then((r) => r.submission, () => s)));
    await vocabulary;
    $("queue").replaceChildren(...full.map(queueItem));
    $("queue-empty").hidden = full.length > 0;
    count("queue", full.length);
  }

  async function loadReports() {
    const { reports } = await call("GET", "reports?open=1");
    const titles = await Promise.all(reports.map((r) => nameOf(r.listing_id)));
    $("reports").replaceChildren(...reports.map((r, i) => {
      const item = el("li", { class: "item", "data-report": r.id, "data-listing": r.listing_id },
        el("h3", { tabindex: "-1" }, (REPORT_CATEGORIES[r.category] || r.category) + ": " + titles[i]),
        el("p", { class: "meta" }, "Report #" + r.id + " about ", el("code", {}, r.listing_id), ", " + fmtTime(r.created_at) + " · ", publicLink(r.listing_id, "See the listing")),
        r.message ? el("p", { class: "note" }, el("strong", {}, "What they said: "), r.message) : el("p", { class: "hint" }, "No message."),
        el("p", { class: "buttons" }, el("button", { type: "button", onclick: async (e) => {
          const button = e.currentTarget;
          button.disabled = true;
          try {
            await call("POST", "reports/" + r.id + "/resolve");
            removeItem(item, "reports-title", "reports");
            announce("Report #" + r.id + " resolved.");
          } catch (err) {
            button.disabled = false;
            itemError(item, "Could not resolve it: " + err.message);
          }
        } }, "Mark resolved", el("span", { class: "vh" }, ": report #" + r.id))),
        el("p", { class: "error item-error", role: "alert", hidden: true }));
      return item;
    }));
    $("reports-empty").hidden = reports.length > 0;
    count("reports", reports.length);
  }

  // Public suggestions: plain text shown as text; a website only as a link when it is http(s).
  async function loadSuggestions() {
    const { suggestions } = await call("GET", "suggestions?pending=1");
    $("suggestions").replaceChildren(...suggestions.map((s) => {
      const about = s.action === "correct" ? "Correction to " + s.listing_id : "New group: " + (s.name || "(no name)");
      const item = el("li", { class: "item", "data-suggestion": s.id },
        el("h3", { tabindex: "-1" }, about),
        el("p", { class: "meta" }, "Suggestion #" + s.id + ", " + fmtTime(s.created_at),
          s.action === "correct" ? [" · ", publicLink(s.listing_id, "See the listing")] : null),
        s.action === "correct" && s.name ? el("p", {}, el("strong", {}, "Name given: "), s.name) : null,
        el("p", { class: "note" }, el("strong", {}, "Details: "), s.details),
        s.website ? el("p", {}, el("strong", {}, "Website: "), /^https?:\/\//.test(s.website)
          ? el("a", { href: s.website, rel: "noreferrer" }, s.website) : s.website) : null,
        el("p", {}, el("strong", {}, "Sender's contact: "), s.contact || "none given"),
        el("p", { class: "buttons" }, el("button", { type: "button", onclick: async (e) => {
          const button = e.currentTarget;
          button.disabled = true;
          try {
            await call("POST", "suggestions/" + s.id + "/resolve");
            removeItem(item, "suggestions-title", "suggestions");
            announce("Suggestion #" + s.id + " marked done.");
          } catch (err) {
            button.disabled = false;
            itemError(item, "Could not mark it done: " + err.message);
          }
        } }, "Mark done", el("span", { class: "vh" }, ": suggestion #" + s.id))),
        el("p", { class: "error item-error", role: "alert", hidden: true }));
      return item;
    }));
    $("suggestions-empty").hidden = suggestions.length > 0;
    count("suggestions", suggestions.length);
  }

  async function loadStale() {
    const { total, listings } = await call("GET", "stale");
    $("stale").replaceChildren(...listings.map((l) => {
      const item = el("li", { class: "item", "data-listing": l.id },
        el("h3", { tabindex: "-1" }, l.name),
        el("p", { class: "meta" }, el("code", {}, l.id), " · " + l.organization + " · ", publicLink(l.id, "See it")),
        el("p", {}, "Last verified ", dateNode(l.last_verified), " ", el("strong", { class: "stale" }, "⚠ over a year ago")),
        el("p", { class: "buttons" }, el("button", { type: "button", onclick: async (e) => {
          const button = e.currentTarget;
          button.disabled = true;
          try {
            await call("POST", "listings/" + encodeURIComponent(l.id) + "/verify");
            removeItem(item, "stale-title", "stale");
            announce("“" + l.name + "” marked as still accurate today.");
          } catch (err) {
            button.disabled = false;
            itemError(item, "Could not mark it: " + err.message);
          }
        } }, "Still accurate", el("span", { class: "vh" }, ": " + l.name))),
        el("p", { class: "error item-error", role: "alert", hidden: true }));
      return item;
    }));
    $("stale-empty").hidden = listings.length > 0;
    $("stale-more").hidden = total <= listings.length;
    $("stale-more").textContent = "Showing the " + listings.length + " oldest of " + total + ".";
    count("stale", total);
  }

  async function refresh() {
    $("load-error").hidden = true;
    const results = await Promise.allSettled([loadQueue(), loadReports(), loadSuggestions(), loadStale()]);
    const failed = results.find((r) => r.status === "rejected");
    if (failed && call) {
      $("load-error").textContent = "Some of this could not be loaded: " + failed.reason.message;
      $("load-error").hidden = false;
    }
    return !failed;
  }

  setupSession("moderator", {
    async onSignIn(me, c) {
      call = c;
      $("work").hidden = false;
      announce("Signed in as " + me.name + ". Loading the queue…");
      if (await refresh()) announce($("queue").children.length + " waiting for review, " + $("reports").children.length + " open reports.");
      $("queue-title").focus();
    },
    onSignOut() {
      call = null;
      $("work").hidden = true;
      for (const id of ["queue", "reports", "suggestions", "stale", "decided"]) $(id).replaceChildren();
      $("decided-section").hidden = true;
    },
  });
  $("refresh").addEventListener("click", async () => {
    announce("Refreshing…");
    if (await refresh()) announce("Up to date: " + $("queue").children.length + " waiting for review.");
  });
}

if (document.body.dataset.page === "moderate") moderatorPage();
