// @brief What the page says when the words or the place were not taken as given, loaded
// with import() only then (a search that is understood as typed needs none of it): the
// words corrected ("Showing results for bipolar, search instead for biploar"), a spelling
// to try ("Did you mean …?") and a place the server does not know.
import { el } from "./format.js";
import { t, views } from "./i18n.js";

await views(); // these words are the views' (i18n.js)

// r: the answer, with corrected {from, to} or a suggestion. asTyped(): search the words as
// typed; words(text): search other words; href(text): the link to that search.
export function renderSpelling(box, r, { asTyped, words, href }) {
  const fixed = r.corrected && r.corrected.to.trim();
  if (fixed) {
    box.replaceChildren(t("fixed"), " ", el("strong", {}, fixed), t("instead"), " ",
      el("button", { type: "button", class: "link", onclick: asTyped }, r.corrected.from), ".");
  } else {
    const text = r.suggestion.trim();
    box.replaceChildren(t("didYou"), " ", el("a", { href: href(text), onclick: (e) => {
      e.preventDefault();
      words(text);
    } }, text), t("didYouEnd"));
  }
  box.hidden = false;
}

// A place the server could not find: under the place box, in the status line, and what to do.
export const unknownPlace = (place) => ({
  error: t("noPlace", { place }), status: t("noPlaceStatus", { place }), help: t("checkPlace") });
