// @brief The maintainer's page (maintain.html): sign in with a token (kept in memory only),
// the listings you maintain (stale ones marked, "Still accurate"), open reports about
// them, your submissions and their outcome, and the listing form. The form starts from
// the listing as it stands (GET /api/v1/me/listings/{id}); what it does not show, and
// what was not touched, goes back exactly as it was. The server's problems appear next to
// their fields; a submission accepted for review shows what will change.
import { $, el } from "./format.js";
import { setupSession, loadVocabulary, diffList, announce, fmtTime, dateNode, publicLink, REPORT_CATEGORIES } from "./moderate.js";

const form = $("listing-form");
const DAYS = [["mo", "Monday"], ["tu", "Tuesday"], ["we", "Wednesday"], ["th", "Thursday"], ["fr", "Friday"], ["sa", "Saturday"], ["su", "Sunday"]];
const WEEKS = [["", "Choose…"], ["1", "First"], ["2", "Second"], ["3", "Third"], ["4", "Fourth"], ["5", "Fifth"], ["-1", "Last"]];
const STATUS = { pending: "Waiting for review", approved: "Approved", rejected: "Rejected" };
const todayUtc = () => new Date().toISOString().slice(0, 10); // the server's "today" is a UTC date

let call = null; // the signed-in API client (moderate.js keeps the token)
let me = null;
let vocab = {};
let editing = null; // {original, isNew, opener}
let meetings = []; // meeting rows: {orig, node}
let pending = { body: "", key: "" }; // the Idempotency-Key of an unanswered submission
let errorSeq = 0, rowSeq = 0;

// ---- Paths: "location.postal_code", "sources[0].name", "schedule[1].days" ----

const keysOf = (path) => path.split(/\.|\[(\d+)\]/).filter((k) => k).map((k) => (/^\d+$/.test(k) ? +k : k));
const getPath = (obj, path) => keysOf(path).reduce((o, k) => (o == null ? undefined : o[k]), obj);
// Sets a value (creating objects on the way), or deletes it when `value` is undefined.
function setPath(obj, path, value) {
  const keys = keysOf(path);
  let o = obj;
  for (let i = 0; i < keys.length - 1; i++) {
    if (o[keys[i]] == null || typeof o[keys[i]] !== "object") {
      if (value === undefined) return;
      o[keys[i]] = typeof keys[i + 1] === "number" ? [] : {};
    }
    o = o[keys[i]];
  }
  if (value === undefined) delete o[keys[keys.length - 1]];
  else o[keys[keys.length - 1]] = value;
}

const sameSet = (a, b) => a.length === b.length && a.every((x) => b.includes(x));
const splitList = (text) => [...new Set(text.split(/[,\s]+/).filter(Boolean))];

// A text control's value into `out`: untouched (as shown when filled) leaves the field
// exactly as it was, absent included; emptied deletes it; anything else is set, trimmed.
function putText(out, original, path, value, dflt = "") {
  const was = getPath(original, path);
  if (value === (was == null ? dflt : String(was))) return;
  const v = value.trim();
  setPath(out, path, v === "" ? undefined : v);
}

// A multiple choice: the same set keeps the original order; otherwise what stays keeps
// its place and the new values follow. Nothing chosen deletes the field.
function putList(out, original, path, values) {
  const was = Array.isArray(getPath(original, path)) ? getPath(original, path) : [];
  if (sameSet(values, was)) return;
  const next = was.filter((v) => values.includes(v)).concat(values.filter((v) => !was.includes(v)));
  setPath(out, path, next.length ? next : undefined);
}

// ---- The form: filled from a listing, read back into one ----

const plainControls = () => [...form.querySelectorAll("input[data-path], select[data-path], textarea[data-path]")]
  .filter((c) => !c.closest("#meetings"));
const choiceSets = () => [...form.querySelectorAll("fieldset.choices")];
const checkedIn = (box) => [...box.querySelectorAll(":scope > .choice-list input:checked")].map((c) => c.value);

function fillSelect(select, value) {
  const values = vocab[select.dataset.facet] || [];
  const options = [el("option", { value: "" }, "Choose…"), ...values.map((v) => el("option", { value: v.value }, v.label))];
  if (value && !values.some((v) => v.value === value)) options.push(el("option", { value }, value));
  select.replaceChildren(...options);
}

// Checkboxes for a facet's values, plus any value the listing has that the vocabulary
// lacks (so it is kept). Languages outside the vocabulary go in "Other languages".
function fillChoices(box, selected) {
  const facet = box.dataset.facet, values = vocab[facet] || [];
  const known = new Set(values.map((v) => v.value));
  const extra = box.dataset.path === "languages" ? [] : selected.filter((v) => !known.has(v)).map((v) => ({ value: v, label: v }));
  const list = el("ul", { class: "choice-list" }, [...values, ...extra].map((v) => el("li", {}, el("label", {},
    el("input", { type: "checkbox", value: v.value, checked: selected.includes(v.value) }),
    " " + v.label + (facet === "language" && v.label !== v.value ? " (" + v.value + ")" : "")))));
  const old = box.querySelector(":scope > .choice-list");
  if (old) old.replaceWith(list);
  else box.querySelector(":scope > legend").after(list);
  if (box.dataset.path === "languages") $("f-languages-other").value = selected.filter((v) => !known.has(v)).join(", ");
}

function field(labelText, control, hint) {
  const id = control.id;
  return el("div", { class: "field" }, el("label", { for: id }, labelText),
    hint ? el("p", { class: "hint", id: id + "-hint" }, hint) : null, control);
}

// One meeting as a fieldset. Controls carry data-field; renumber() gives them their
// data-path ("schedule[0].start") so that the server's problems find them.
function meetingRow(m) {
  const u = "m" + ++rowSeq, orig = m || {};
  const input = (f, attrs) => el("input", { id: u + "-" + f, "data-field": f, ...attrs });
  const days = el("fieldset", { class: "choices days", "data-field": "days" }, el("legend", {}, "Days"),
    el("ul", { class: "choice-list" }, DAYS.map(([d, name]) => el("li", {}, el("label", {},
      el("input", { type: "checkbox", value: d, checked: (orig.days || []).includes(d) }), " " + name)))));
  const frequency = el("select", { id: u + "-frequency", "data-field": "frequency" },
    el("option", { value: "weekly" }, "Every week"), el("option", { value: "biweekly" }, "Every other week"),
    el("option", { value: "monthly" }, "Once a month"));
  frequency.value = orig.frequency || "weekly";
  const week = el("select", { id: u + "-week", "data-field": "week_of_month" }, WEEKS.map(([v, t]) => el("option", { value: v }, t)));
  week.value = orig.week_of_month == null ? "" : String(orig.week_of_month);
  const zone = orig.timezone || (meetings.length && meetings[meetings.length - 1].node.querySelector('[data-field="timezone"]').value) ||
    Intl.DateTimeFormat().resolvedOptions().timeZone;
  const weekField = field("Which week of the month", week), anchorField = field("Counting from (a date it met)",
    input("anchor_date", { type: "date", value: orig.anchor_date || "" }));
  const showFrequency = () => {
    weekField.hidden = frequency.value !== "monthly";
    anchorField.hidden = frequency.value !== "biweekly";
  };
  frequency.addEventListener("change", showFrequency);
  const row = { orig };
  const remove = el("button", { type: "button", class: "link", onclick: () => removeMeeting(row) }, "Remove this meeting");
  row.node = el("fieldset", { class: "meeting" }, el("legend", {}, "Meeting"), days,
    el("div", { class: "row" },
      field("Starts", input("start", { type: "time", value: orig.start || "" })),
      field("Ends", input("end", { type: "time", value: orig.end || "" })),
      field("Time zone", input("timezone", { type: "text", list: "zones", value: zone, autocapitalize: "off", spellcheck: "false", "aria-describedby": u + "-timezone-hint" }),
        "Where the group meets, such as America/Boise.")),
    el("div", { class: "row" }, field("How often", frequency), weekField, anchorField),
    // Courses and terms (issue 17): sessions on given dates instead of days, or a term.
    el("div", { class: "row" },
      field("Or on these dates only", input("dates", { type: "text", value: (orig.dates || []).join(", "), "aria-describedby": u + "-dates-hint" }),
        "A course's sessions as YYYY-MM-DD, separated by commas; then tick no days."),
      field("First day (term starts)", input("from", { type: "date", value: orig.from || "" })),
      field("Last day (term ends)", input("until", { type: "date", value: orig.until || "" }))),
    field("Note", input("note", { type: "text", maxlength: "300", value: orig.note || "" })),
    el("p", { class: "buttons" }, remove));
  showFrequency();
  return row;
}

function renumber() {
  meetings.forEach((row, i) => {
    row.node.querySelector(":scope > legend").textContent = "Meeting " + (i + 1);
    row.node.dataset.path = "schedule[" + i + "]";
    for (const c of row.node.querySelectorAll("[data-field]")) c.dataset.path = "schedule[" + i + "]." + c.dataset.field;
    row.node.querySelector("button").replaceChildren("Remove this meeting", el("span", { class: "vh" }, " (meeting " + (i + 1) + ")"));
  });
}

function addMeeting(m) {
  const row = meetingRow(m);
  meetings.push(row);
  $("meetings").append(row.node);
  renumber();
  return row;
}

function removeMeeting(row) {
  meetings = meetings.filter((r) => r !== row);
  row.node.remove();
  renumber();
  $("add-meeting").focus();
  announce("Meeting removed.");
}

function readMeeting(row) {
  const { orig, node } = row, m = structuredClone(orig);
  const get = (f) => node.querySelector('[data-field="' + f + '"]');
  const days = [...get("days").querySelectorAll("input:checked")].map((c) => c.value);
  if (!sameSet(days, orig.days || [])) {
    const order = DAYS.map(([d]) => d);
    m.days = days.sort((a, b) => order.indexOf(a) - order.indexOf(b));
    if (!m.days.length) delete m.days;
  }
  for (const f of ["start", "end", "timezone", "note"]) putText(m, orig, f, get(f).value);
  putText(m, orig, "frequency", get("frequency").value, "weekly");
  const frequency = m.frequency || "weekly";
  if (frequency !== "monthly") delete m.week_of_month;
  else if (get("week_of_month").value === "") delete m.week_of_month;
  else if (+get("week_of_month").value !== orig.week_of_month) m.week_of_month = +get("week_of_month").value;
  if (frequency !== "biweekly") delete m.anchor_date;
  else putText(m, orig, "anchor_date", get("anchor_date").value);
  putText(m, orig, "from", get("from").value);
  putText(m, orig, "until", get("until").value);
  const dates = splitList(get("dates").value);
  if (!sameSet(dates, orig.dates || [])) {
    if (dates.length) m.dates = dates;
    else delete m.dates;
  }
  return m;
}

function fillForm(listing, isNew) {
  form.reset();
  for (const c of plainControls()) {
    const v = getPath(listing, c.dataset.path);
    if (c.dataset.facet) fillSelect(c, v);
    if (c.type === "checkbox") c.checked = v === true;
    else if (c.dataset.path === "service_area") c.value = (v || []).join(", ");
    else c.value = v == null ? c.dataset.default || "" : String(v);
  }
  for (const box of choiceSets()) fillChoices(box, getPath(listing, box.dataset.path) || []);
  meetings = [];
  $("meetings").replaceChildren();
  for (const m of listing.schedule || []) addMeeting(m);
  const id = $("f-id");
  id.readOnly = !isNew;
  $("f-id-hint").textContent = isNew ? "3–80 characters: a–z, 0–9 and hyphens, such as dublin-peer-warmline. It never changes once published."
    : "The id of a published listing never changes.";
  const more = (listing.sources || []).length - 1;
  $("sources-more").hidden = more < 1;
  $("sources-more").textContent = "The first source is shown; the other " + (more === 1 ? "one is" : more + " are") + " kept as they are.";
  $("verified-note").replaceChildren(...(isNew ? ["Last verified: today. The directory sets it when a moderator approves."]
    : ["Last verified: ", dateNode(listing.last_verified), ". When a moderator approves this change, it becomes the day you sent it."]));
  if (isNew && me.organizations.length) $("f-org").value = me.organizations[0];
}

// The listing as the form says: the original with every shown field put back.
function readForm() {
  const { original, isNew } = editing;
  const out = structuredClone(original);
  for (const c of plainControls()) {
    const path = c.dataset.path;
    if (path === "service_area") putList(out, original, path, splitList(c.value.toUpperCase().replace(/WORLDWIDE/g, "worldwide")));
    else if (c.type === "checkbox") {
      if (c.checked !== (getPath(original, path) === true)) setPath(out, path, c.checked);
    } else putText(out, original, path, c.value, c.dataset.default);
  }
  for (const box of choiceSets()) {
    const values = checkedIn(box);
    if (box.dataset.path === "languages") values.push(...splitList($("f-languages-other").value));
    putList(out, original, box.dataset.path, values);
  }
  // An emptied place means no place (coordinates from the gazetteer go with it).
  if (plainControls().filter((c) => c.dataset.path.startsWith("location.")).every((c) => !c.value.trim())) delete out.location;
  if (out.sources && out.sources[0] && !Object.keys(out.sources[0]).length) out.sources.splice(0, 1);
  if (out.sources && !out.sources.length) delete out.sources;
  if (out.registration && !Object.keys(out.registration).length) delete out.registration;
  // A translation emptied of every field goes, and so does an empty translations object.
  if (out.translations && typeof out.translations === "object") {
    for (const lang of Object.keys(out.translations)) {
      if (!Object.keys(out.translations[lang] || {}).length) delete out.translations[lang];
    }
    if (!Object.keys(out.translations).length) delete out.translations;
  }
  const schedule = meetings.map(readMeeting);
  if (JSON.stringify(schedule) !== JSON.stringify(original.schedule || [])) {
    if (schedule.length) out.schedule = schedule;
    else delete out.schedule;
  }
  if (isNew) out.last_verified = todayUtc();
  return out;
}

// ---- Problems next to their fields ----

function clearProblems() {
  for (const n of form.querySelectorAll(".field-error")) n.remove();
  for (const c of form.querySelectorAll("[aria-invalid]")) c.removeAttribute("aria-invalid");
  for (const c of form.querySelectorAll("[data-describedby]")) {
    if (c.dataset.describedby) c.setAttribute("aria-describedby", c.dataset.describedby);
    else c.removeAttribute("aria-describedby");
    delete c.dataset.describedby;
  }
  $("problems").hidden = true;
}

// The control (or group) for "listing.location.postal_code", else its nearest shown
// parent ("listing.languages[2]" -> the languages group); null when the form has none.
function targetOf(path) {
  const rel = path.replace(/^listing\.?/, "");
  for (let p = rel; p; p = p.replace(/(\.[^.[\]]+|\[\d+\])$/, "")) {
    const t = form.querySelector('[data-path="' + CSS.escape(p) + '"]');
    if (t && !t.closest("[hidden]")) return { node: t, exact: p === rel };
    if (!/[.[]/.test(p)) break;
  }
  return null;
}

const ensureId = (node) => node.id || (node.id = "t-" + ++errorSeq);
const firstControl = (node) => (node.matches("input, select, textarea") ? node : node.querySelector("input:not([type=hidden]), select, textarea"));
const sentence = (s) => s.charAt(0).toUpperCase() + s.slice(1);
// What a field is called on screen: its label or its group's legend, without the marks.
function nameOf(node) {
  const named = node.tagName === "FIELDSET" ? node.querySelector(":scope > legend") : form.querySelector('label[for="' + CSS.escape(node.id) + '"]');
  const text = named ? [...named.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join("").trim() : "";
  const row = node.closest(".meeting");
  return (row && row !== node ? row.querySelector(":scope > legend").textContent + ", " : "") + (text || node.dataset.path);
}

function markProblem(node, text) {
  const msg = el("p", { class: "error field-error", id: "err-" + ++errorSeq }, text);
  if (node.tagName === "FIELDSET") {
    const before = [...node.querySelectorAll(":scope > .field-error")].pop() || node.querySelector(":scope > legend");
    before.after(msg);
  } else {
    (node.closest(".field") || node.parentNode).append(msg);
    node.setAttribute("aria-invalid", "true");
  }
  if (!("describedby" in node.dataset)) node.dataset.describedby = node.getAttribute("aria-describedby") || "";
  node.setAttribute("aria-describedby", ((node.getAttribute("aria-describedby") || "") + " " + msg.id).trim());
}

// Every problem next to its field and in the summary at the top (fields as links); the
// keyboard focus goes to the first field in trouble, else to the summary.
function showProblems(problems, headline) {
  clearProblems();
  const items = [], targets = [];
  for (const p of problems) {
    const rel = p.path.replace(/^listing\.?/, "");
    const t = targetOf(p.path);
    const message = p.message.startsWith("required field is missing") ? "this is required." : p.message;
    const text = sentence(t && t.exact ? message : (rel ? rel + ": " : "") + message);
    if (!t) { items.push({ node: null, li: el("li", {}, text) }); continue; }
    markProblem(t.node, text);
    targets.push(t.node);
    const go = firstControl(t.node) || t.node;
    items.push({ node: t.node, li: el("li", {}, el("a", { href: "#" + ensureId(go), onclick: (e) => { e.preventDefault(); go.focus(); } },
      nameOf(t.node) + ": " + text)) });
  }
  // Problems without a field first, then the fields in the order they appear.
  const order = (a, b) => (a === b ? 0 : !a ? -1 : !b ? 1 : a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1);
  items.sort((a, b) => order(a.node, b.node));
  targets.sort(order);
  $("problems-title").textContent = headline;
  $("problems-list").replaceChildren(...items.map((i) => i.li));
  $("problems").hidden = false;
  const first = targets.length ? firstControl(targets[0]) : null;
  (first || $("problems")).focus();
  announce(headline);
}

// ---- Submitting ----

const newKey = () => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");

form.addEventListener("submit", async (e) => {
  e.preventDefault();
  if ($("send").disabled) return;
  clearProblems();
  const body = { listing: readForm() };
  const note = $("f-note").value.trim();
  if (note) body.note = note;
  // The same body again (after a lost answer) is the same submission, not a second one.
  const json = JSON.stringify(body);
  if (json !== pending.body) pending = { body: json, key: newKey() };
  $("send").disabled = true;
  announce("Sending…");
  try {
    const r = await call("POST", "submissions", body, { "Idempotency-Key": pending.key });
    pending = { body: "", key: "" };
    showResult(r.submission);
  } catch (err) {
    if (err.status === 401) return;
    const identical = err.details.length === 1 && err.details[0].path === "listing";
    if (identical) showProblems([], "Nothing has changed. If the listing is still accurate, use “Still accurate” in your list instead.");
    else if (err.status === 422 && err.details.length) {
      const n = err.details.length;
      showProblems(err.details, (n === 1 ? "1 problem" : n + " problems") + " to fix. Nothing was sent for review.");
    } else showProblems([], "Not sent: " + err.message);
  } finally {
    $("send").disabled = false;
  }
});

function showResult(s) {
  form.hidden = true;
  $("result").hidden = false;
  $("result").dataset.submission = s.id;
  $("result-summary").textContent = "Submission #" + s.id + " (" + (s.action === "create" ? "a new listing, " : "an update to ") + s.listing_id +
    ") is " + (STATUS[s.status] || s.status).toLowerCase() + ". A moderator will look at it; nothing in the directory changes until it is approved.";
  $("result-diff").replaceChildren(diffList(s.diff));
  $("result-title").focus();
  announce("Sent for review as submission #" + s.id + ".");
  loadSubmissions().catch(() => {});
}

// ---- The editor view ----

async function openEditor(id, opener) {
  let original = {};
  if (id) {
    try {
      original = (await call("GET", "me/listings/" + encodeURIComponent(id))).listing;
    } catch (err) {
      if (err.status !== 401) announce("Could not open " + id + ": " + err.message);
      return;
    }
  }
  editing = { original, isNew: !id, opener };
  pending = { body: "", key: "" };
  clearProblems();
  fillForm(original, !id);
  $("editor-title").textContent = id ? "Edit “" + original.name + "”" : "New listing";
  $("work").hidden = true;
  $("editor").hidden = false;
  form.hidden = false;
  $("result").hidden = true;
  $("editor-title").focus();
}

function closeEditor() {
  const opener = editing && editing.opener;
  editing = null;
  $("editor").hidden = true;
  $("work").hidden = false;
  const back = opener && opener.dataset.listing ? $("listings").querySelector('[data-listing="' + CSS.escape(opener.dataset.listing) + '"] .edit') : null;
  (back || (opener && opener.isConnected ? opener : $("listings-title"))).focus();
}

// ---- The lists ----

const byId = () => new Map((me ? me.listings : []).map((l) => [l.id, l]));

function listingItem(l) {
  const item = el("li", { class: "item", "data-listing": l.id },
    el("h3", {}, l.name),
    el("p", { class: "meta" }, el("code", {}, l.id), " · " + l.organization,
      l.status !== "active" ? el("span", { class: "badge warn" }, l.status === "paused" ? "Paused" : "Closed") : null,
      l.ended ? el("span", { class: "badge warn" }, "Ended: every session is over") : null,
      " · ", publicLink(l.id, "See it in the directory")),
    el("p", { class: "verified" }, "Last verified ", dateNode(l.last_verified),
      l.stale ? el("strong", { class: "stale" }, " ⚠ Over a year ago: please check it") : null),
    el("p", { class: "buttons" },
      el("button", { type: "button", class: "edit", "data-listing": l.id, onclick: (e) => openEditor(l.id, e.currentTarget) },
        "Edit", el("span", { class: "vh" }, " “" + l.name + "”")),
      el("button", { type: "button", class: "verify", onclick: (e) => verify(l, e.currentTarget) },
        "Still accurate", el("span", { class: "vh" }, ": “" + l.name + "”"))),
    el("p", { class: "error item-error", role: "alert", hidden: true }));
  return item;
}

async function verify(l, button) {
  const item = button.closest("li"), error = item.querySelector(".item-error");
  button.disabled = true;
  try {
    const r = await call("POST", "listings/" + encodeURIComponent(l.id) + "/verify");
    l.last_verified = (r.submission.proposed && r.submission.proposed.last_verified) || todayUtc();
    l.stale = false;
    const fresh = listingItem(l);
    item.replaceWith(fresh);
    fresh.querySelector(".verify").focus();
    announce("“" + l.name + "” is marked as still accurate: last verified today." + (r.live ? "" : " Search shows it after the next sync."));
  } catch (err) {
    button.disabled = false;
    error.textContent = "Could not mark it: " + err.message;
    error.hidden = false;
  }
}

function renderListings() {
  $("listings").replaceChildren(...me.listings.map(listingItem));
  $("listings-empty").hidden = me.listings.length > 0;
}

async function loadReports() {
  const { reports } = await call("GET", "reports?open=1");
  const names = byId();
  $("reports").replaceChildren(...reports.map((r) => {
    const name = names.has(r.listing_id) ? names.get(r.listing_id).name : r.listing_id;
    const item = el("li", { class: "item", "data-report": r.id, "data-listing": r.listing_id },
      el("h3", { tabindex: "-1" }, (REPORT_CATEGORIES[r.category] || r.category) + ": " + name),
      el("p", { class: "meta" }, "Reported " + fmtTime(r.created_at) + " about ", el("code", {}, r.listing_id)),
      r.message ? el("p", { class: "note" }, el("strong", {}, "What they said: "), r.message) : el("p", { class: "hint" }, "No message."),
      el("p", { class: "buttons" },
        names.has(r.listing_id) ? el("button", { type: "button", onclick: (e) => openEditor(r.listing_id, e.currentTarget) }, "Edit the listing", el("span", { class: "vh" }, " “" + name + "”")) : null,
        el("button", { type: "button", onclick: async (e) => {
          const button = e.currentTarget;
          button.disabled = true;
          try {
            await call("POST", "reports/" + r.id + "/resolve");
            item.remove();
            $("reports-empty").hidden = $("reports").children.length > 0;
            $("reports-title").focus();
            announce("Report about “" + name + "” resolved.");
          } catch (err) {
            button.disabled = false;
            item.querySelector(".item-error").textContent = "Could not resolve it: " + err.message;
            item.querySelector(".item-error").hidden = false;
          }
        } }, "Mark resolved", el("span", { class: "vh" }, ": report about “" + name + "”"))),
      el("p", { class: "error item-error", role: "alert", hidden: true }));
    return item;
  }));
  $("reports-empty").hidden = reports.length > 0;
}

async function loadSubmissions() {
  const { submissions } = await call("GET", "submissions");
  const names = byId();
  const nameOf = (s) => {
    const named = s.diff.find((c) => c.field === "name");
    return names.has(s.listing_id) ? names.get(s.listing_id).name : named && typeof named.new === "string" ? named.new : s.listing_id;
  };
  $("submissions").replaceChildren(...submissions.map((s) => el("li", { class: "item submission " + s.status, "data-submission": s.id, "data-listing": s.listing_id },
    el("h3", {}, "#" + s.id + " " + (s.action === "create" ? "New listing: " : "Update: ") + nameOf(s)),
    el("p", { class: "meta" }, el("span", { class: "state " + s.status }, STATUS[s.status] || s.status),
      " · sent " + fmtTime(s.submitted_at), s.decided_at ? " · decided by " + s.decided_by + ", " + fmtTime(s.decided_at) : null),
    s.reason ? el("p", { class: "note reason" }, el("strong", {}, s.status === "rejected" ? "Why it was rejected: " : "Moderator's note: "), s.reason) : null,
    s.note ? el("p", { class: "hint" }, "Your note: " + s.note) : null,
    el("details", {}, el("summary", {}, "What it changes", el("span", { class: "vh" }, " (#" + s.id + ")")), diffList(s.diff)))));
  $("submissions-empty").hidden = submissions.length > 0;
}

// Reloads everything (`who`: GET /api/v1/me's answer when it is fresh).
async function refresh(who) {
  $("load-error").hidden = true;
  try {
    me = who || (await call("GET", "me"));
    renderListings();
  } catch (err) {
    if (call) { $("load-error").textContent = "Your listings could not be loaded: " + err.message; $("load-error").hidden = false; }
    return false;
  }
  const results = await Promise.allSettled([loadReports(), loadSubmissions()]);
  const failed = results.find((r) => r.status === "rejected");
  if (failed && call) {
    $("load-error").textContent = "Some of this could not be loaded: " + failed.reason.message;
    $("load-error").hidden = false;
  }
  return !failed;
}

const vocabulary = loadVocabulary().then((v) => { vocab = v; }, () => announce("The lists of topics and languages could not be loaded; reload the page."));
try {
  $("zones").replaceChildren(...Intl.supportedValuesOf("timeZone").map((z) => el("option", { value: z })));
} catch (e) { /* an older browser: the zone is typed */ }

setupSession("maintainer", {
  async onSignIn(who, c) {
    call = c;
    await vocabulary;
    const scope = [...who.organizations, ...who.listing_ids];
    $("scope").textContent = scope.length ? scope.join(", ") : "no listings yet";
    $("orgs").replaceChildren(...who.organizations.map((o) => el("option", { value: o })));
    $("work").hidden = false;
    const ok = await refresh(who);
    const stale = me.listings.filter((l) => l.stale).length;
    if (ok) announce("Signed in as " + who.name + ". " + me.listings.length + (me.listings.length === 1 ? " listing" : " listings") + (stale ? ", " + stale + " not verified for over a year." : "."));
    $("listings-title").focus();
  },
  onSignOut() {
    call = me = editing = null;
    $("work").hidden = $("editor").hidden = true;
    for (const id of ["listings", "reports", "submissions"]) $(id).replaceChildren();
    form.reset();
    clearProblems();
  },
});

$("refresh").addEventListener("click", async () => {
  announce("Refreshing…");
  if (await refresh(null)) announce("Up to date.");
});
$("new-listing").addEventListener("click", (e) => openEditor("", e.currentTarget));
$("add-meeting").addEventListener("click", () => {
  const row = addMeeting(null);
  row.node.querySelector("input").focus();
});
for (const id of ["cancel", "editor-back", "result-back"]) $(id).addEventListener("click", closeEditor);
