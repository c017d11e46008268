// @brief The page without JavaScript: search answers, listing details and the suggestion
// form rendered as HTML by the server (routes in server/page_routes.h).
//
// The page's own file (web/index.html) is the template. Its `<noscript>` holds the
// marker kNoScriptMarker; fill_page() puts a rendered block there. A browser running
// scripts ignores the block and the page's script renders the same URL itself; a browser
// without scripts shows the block (web/nojs.css, linked from a <noscript> in the head,
// hides the parts that need scripts). Every value from data or the request goes through
// server/html_escape.h; every sentence is in server/html_strings.h, said in the reader's
// language through `w` (server/html_words.h). A `lang` request parameter rides along
// in every link and form (links are built from the request's params).
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>

#include "core/listing/vocabulary.h"
#include "core/search/search.h"
#include "core/search/search_params.h"
#include "core/store/store.h"
#include "server/html_words.h"

namespace kindred::http::html {

// The template's default no-script content sits between these two comments.
inline constexpr std::string_view kNoScriptMarker = "<!--kindred:server-view-->";
inline constexpr std::string_view kNoScriptEnd = "<!--/kindred:server-view-->";

// The template with `block` in place of what its markers enclose (or before </body>, or at the end, for a
// template without one), `title` as its <title> and <html lang dir> set to w's language.
std::string fill_page(const Words& w, std::string_view page_template, std::string_view title, std::string_view block);

// A page of its own, with no script (the suggestion form): the crisis bar with its quick
// exit link, the masthead, `block` and the footer, styled by the page's stylesheets.
std::string standalone_page(const Words& w, std::string_view title, std::string_view block);

// The search form holding the request's q, near and radius, and every other parameter
// given (filters, sort) as hidden fields, so a new search keeps them.
std::string search_form(const Words& w, const std::vector<QueryParam>& params);

// The crisis card: every line of web/crisis-lines.json (`lines_json`), the line of
// `country` first; "" when the file cannot be read.
std::string crisis_card(const Words& w, std::string_view lines_json, std::string_view country);

// The start page's part for a browser without scripts (GET / with no query): the
// language switcher, the search form and the note on browsing without JavaScript.
std::string start_block(const Words& w);

// A search answer: the form, the crisis card when flagged, the filters as links with
// counts (and a form), the results with links to their details, and the pager.
std::string search_block(const Words& w, const SearchResult& result, const SearchRequest& request,
                         const std::vector<QueryParam>& params, const Vocabulary& vocabulary,
                         std::string_view crisis_lines_json);

// One listing from its API view (listing_view_json): every fact, contacts as links,
// sources, and links back to `params`' results and to correct it.
std::string listing_block(const Words& w, const rapidjson::Value& view, const Vocabulary& vocabulary,
                          const std::vector<QueryParam>& params);

// A refusal (a bad parameter, an unknown listing) with the search form to try again.
std::string message_block(const Words& w, std::string_view title, std::string_view message, const std::vector<QueryParam>& params);

// The suggestion form, holding `values`, with `problems` listed first (each naming its
// field). `listing_name`: the listing a correction is about ("" if none). `lang_param`:
// the request's `lang` parameter, kept in a hidden field ("" for none).
std::string suggest_form_block(const Words& w, const Suggestion& values, const std::vector<Problem>& problems,
                               std::string_view listing_name, std::string_view lang_param);

// After a suggestion was stored: its number and what happens next.
std::string suggest_thanks_block(const Words& w, const Suggestion& saved, std::string_view lang_param);

// The language switcher: each of kPageLanguages named in itself, a link to `base` (a
// path, with or without a query) plus lang=<code>; the current language is not a link.
std::string language_switch(const Words& w, std::string_view base);

// "/?a=1&b=2" from decoded params ("/" when there are none), each component encoded.
std::string page_link(const std::vector<QueryParam>& params);

// `params` without its `lang` (the base of the language switcher's links).
std::vector<QueryParam> without_lang(const std::vector<QueryParam>& params);

// "/suggest", with listing=`listing_id` when given and the `lang` of `params` when there is one.
std::string suggest_link(const std::vector<QueryParam>& params, std::string_view listing_id = {});

}  // namespace kindred::http::html
