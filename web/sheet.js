// @brief The referral sheet to hand over (loaded with import() when the list view first
// opens, so the search page does not carry it): a header with the directory's name, the
// date and the client's name and notes (typed here, printed, never sent or stored), phones
// in their country's format, the shared list's link as text and as a QR code (qr.js); the same sheet as plain
// text; and, for a client who opens a shared link, the programs first with no staff tools.
import { el, fmtDate } from "./format.js";
import { listingFacts } from "./detail.js";
import { textLang, inLang } from "./results.js";
import { remembered, remember } from "./referral.js";
import { qrSvg } from "./qr.js";
import { stylesheet } from "./css.js";
import { t, lang } from "./i18n.js";

// Print and layout rules of the sheet, on demand like this file.
// The sheet's styles are in place before anything is drawn with them: a client's shared
// link must not flash the search form above the programs (the import waits for this).
await stylesheet("/sheet.css");

// The share link as printed: without the scheme, which nobody types.
const shortLink = (url) => url.replace(/^https?:\/\//, "");

// The sheet as plain text (for an email or a record), read from the sheet itself. The
// client's name and the notes are left out: they stay on this screen and on paper.
function sheetText(sheet) {
  const out = [[...sheet.querySelectorAll(".sheet-title, .sheet-date, .sheet-note")].map((p) => p.textContent).join(". "), ""];
  sheet.querySelectorAll(".sheet-item").forEach((item, i) => {
    out.push(i + 1 + ". " + item.querySelector("h3").textContent);
    item.querySelectorAll(".facts > div").forEach(({ firstChild: dt, lastChild: dd }) => {
      const lines = [...dd.querySelectorAll(".line")].map((l) => l.textContent);
      out.push("   " + dt.textContent + ": " + (lines.length ? lines.join(dt.textContent === t("address") ? ", " : "; ") : dd.textContent));
    });
    item.querySelectorAll("p.gone").forEach((p) => out.push("   " + p.textContent));
    out.push("");
  });
  sheet.querySelectorAll(".sheet-foot").forEach((p) => out.push(p.textContent));
  return out.join("\n");
}

// A field typed on the page and printed: no name, no form, no autocomplete, so the browser
// neither sends nor saves it; on paper its copy shows (or a line to write on).
function field(id, text, multi) {
  const copy = el(multi ? "div" : "span", { class: "print-copy" });
  const input = el(multi ? "textarea" : "input", { id, autocomplete: "off", spellcheck: "false", rows: multi ? 2 : null,
    oninput: (e) => { copy.textContent = e.target.value; } });
  return el(multi ? "div" : "p", { class: "sheet-field" + (multi ? " notes" : "") }, el("label", { for: id }, text), input, copy);
}

const facts = (d) => listingFacts(d, null, "sheet"); // phones as their country writes them (format.js)

export function renderList(box, entries, ctx) {
  const list = entries.map((e) => e.id), shared = ctx.shared();
  // The sheet's language goes with its link.
  const link = location.origin + location.pathname + "?view=list&list=" + list.join(",") + "&lang=" + lang;
  const status = el("p", { role: "status", class: "copied" });
  const copy = async (text, what) => {
    try {
      await navigator.clipboard.writeText(text);
      status.textContent = what;
    } catch (e) {
      status.textContent = t("copyBlocked");
    }
  };
  const sheet = list.length ? el("article", { id: "sheet", "aria-labelledby": "list-title" },
    el("header", { class: "sheet-head" },
      el("p", { class: "sheet-title" }, t("sheetTitle")),
      el("p", { class: "sheet-date" }, fmtDate(new Date().toISOString().slice(0, 10))),
      shared ? null : field("sheet-client", t("for") + " ", false),
      shared ? null : field("sheet-notes", t("notes") + " ", true),
      el("p", { class: "sheet-note" }, t("sheetNote"))),
    el("ol", {}, entries.map(({ id, d }) => el("li", { class: "sheet-item" },
      el("h3", {}, d ? [el("span", { lang: textLang(d) }, d.listing.name), inLang(textLang(d))] : id),
      d ? facts(d) : el("p", { class: "gone" }, t("goneSheet")),
      shared ? null : el("p", { class: "no-print" }, ctx.listButton(id, d ? d.listing.name : id))))),
    el("div", { class: "sheet-end" },
      el("div", {},
        el("p", { class: "sheet-foot" }, ctx.crisisText()),
        el("p", { class: "sheet-foot" }, t("online") + " ", el("a", { href: link }, shortLink(link)))),
      qrSvg(link, t("qr")))) : null;
  const tools = sheet && !shared ? el("div", { class: "tools no-print" },
    el("p", { class: "actions" },
      el("button", { type: "button", id: "print-list", onclick: () => window.print() }, t("print")),
      el("button", { type: "button", id: "copy-text", onclick: () => copy(sheetText(sheet), t("copiedList")) }, t("copyText")),
      el("button", { type: "button", id: "copy-link", onclick: () => copy(link, t("copiedLink")) }, t("copyLink")),
      el("button", { type: "button", class: "link", id: "clear-list", onclick: ctx.clear }, t("emptyList"))),
    el("p", {}, el("label", { for: "share-link" }, t("shareLink") + " "),
      el("input", { id: "share-link", type: "url", readonly: true, value: link, onfocus: (e) => e.target.select() })),
    el("p", {}, el("input", { type: "checkbox", id: "remember", checked: remembered() !== null,
      onchange: (e) => remember(list, e.target.checked) }),
    el("label", { for: "remember" }, " " + t("remember")),
    el("span", { class: "hint" }, " " + t("rememberHint"))),
    status) : null;
  const title = el("h2", { id: "list-title", tabindex: "-1" }, t(shared ? "forYou" : "list"));
  const empty = list.length ? null : el("p", {}, t("listEmpty"));
  // A client's shared link: the programs first (sheet.css hides the search form above
  // them while the list shows), the way back to searching after them.
  document.body.classList.toggle("shared-list", shared);
  box.replaceChildren(...(shared ? [title, sheet, empty, ctx.back()] : [ctx.back(), title, tools, empty, sheet]).filter(Boolean));
}
