// @brief The referral list: a printable sheet (print rules in style.css), the same sheet
// as plain text, a share link with the ids in the URL, and a copy of the ids in
// localStorage only while the user ticks "remember".
import { el, fmtDate } from "./format.js";
import { listingFacts } from "./detail.js";

const KEY = "kindred.referral-list";
export const remembered = () => { try { return localStorage.getItem(KEY); } catch (e) { return null; } };
export function remember(list, on) {
  try {
    if (on) localStorage.setItem(KEY, list.join(","));
    else localStorage.removeItem(KEY);
  } catch (e) { /* storage disabled: the URL still holds the list */ }
}

const shareUrl = (list) => location.origin + location.pathname + "?view=list&list=" + list.join(",");

// The sheet as plain text (for an email or a record), read from the sheet itself.
function sheetText(sheet) {
  const out = [sheet.querySelector(".sheet-head").textContent, ""];
  sheet.querySelectorAll(".sheet-item").forEach((item, i) => {
    out.push(i + 1 + ". " + item.querySelector("h3").textContent);
    item.querySelectorAll(".facts > div").forEach(({ firstChild: dt, lastChild: dd }) => {
      const lines = [...dd.querySelectorAll(".line")].map((l) => l.textContent);
      out.push("   " + dt.textContent + ": " + (lines.length ? lines.join(dt.textContent === "Address" ? ", " : "; ") : dd.textContent));
    });
    item.querySelectorAll("p.gone").forEach((p) => out.push("   " + p.textContent));
    out.push("");
  });
  sheet.querySelectorAll(".sheet-foot").forEach((p) => out.push(p.textContent));
  return out.join("\n");
}

export function renderList(box, entries, ctx) {
  const list = entries.map((e) => e.id);
  const link = shareUrl(list);
  const status = el("p", { role: "status", class: "copied" });
  const copy = async (text, what) => {
    try {
      await navigator.clipboard.writeText(text);
      status.textContent = what + " copied.";
    } catch (e) {
      status.textContent = "Copying is blocked here: select the text and copy it yourself.";
    }
  };
  const sheet = list.length ? el("article", { id: "sheet", "aria-labelledby": "list-title" },
    el("p", { class: "sheet-head" }, "Peer support referral list, " + fmtDate(new Date().toISOString().slice(0, 10)) +
      ". Times are in each group's own time zone. Check with the group before going."),
    el("ol", {}, entries.map(({ id, d }) => el("li", { class: "sheet-item" },
      el("h3", {}, d ? d.listing.name : id),
      d ? listingFacts(d, null, "sheet") : el("p", { class: "gone" }, "No longer in the directory (it may have closed)."),
      el("p", { class: "no-print" }, ctx.listButton(id, d ? d.listing.name : id))))),
    el("p", { class: "sheet-foot" }, ctx.crisisText()),
    el("p", { class: "sheet-foot" }, "This list online: " + link)) : null;
  box.replaceChildren(...[
    ctx.back(),
    el("h2", { id: "list-title", tabindex: "-1" }, "Referral list"),
    sheet ? el("div", { class: "tools no-print" },
      el("p", { class: "actions" },
        el("button", { type: "button", id: "print-list", onclick: () => window.print() }, "Print"),
        el("button", { type: "button", id: "copy-text", onclick: () => copy(sheetText(sheet), "The list") }, "Copy as text"),
        el("button", { type: "button", id: "copy-link", onclick: () => copy(link, "The link") }, "Copy share link"),
        el("button", { type: "button", class: "link", id: "clear-list", onclick: ctx.clear }, "Empty the list")),
      el("p", {}, el("label", { for: "share-link" }, "Share link (opens this list on another device): "),
        el("input", { id: "share-link", type: "url", readonly: true, value: link, onfocus: (e) => e.target.select() })),
      el("p", {}, el("input", { type: "checkbox", id: "remember", checked: remembered() !== null,
        onchange: (e) => remember(list, e.target.checked) }),
      el("label", { for: "remember" }, " Remember this list on this device"),
      el("span", { class: "hint" }, " (only the listing ids, in this browser; searches are never saved)")),
      status) : el("p", {}, "The list is empty. Use “Add to list” on any result to collect groups to hand on or print."),
    sheet].filter(Boolean));
}
