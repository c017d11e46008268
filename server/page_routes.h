// @brief The page's server-rendered routes, for browsers without JavaScript (and the first
// paint of a shared link): HTML in and out, over the same core calls as the API.
//
//   GET  /?q=&near=&<filters>…   the search answer (same parameters and parsing as
//                                /api/v1/search) inside web/index.html (html_page.h)
//   GET  /?listing={id}&…        one listing's details, with a link back to the search
//   GET  /suggest[?listing={id}] the public "add or correct a group" form
//   POST /suggest                the form (application/x-www-form-urlencoded): a thank-you
//                                page (200), or the form again with every problem (422);
//                                429 past the rate limit, 413 over kMaxBodyBytes
//   GET  /                       with an Accept-Language of es or fr: the start page in
//                                it (its frame, and its <noscript> part: the search form and
//                                the note on browsing without JavaScript)
// GET / with no query otherwise (English) stays the page's static file. A refusal is an HTML page with the
// status of the JSON API (400 naming the parameter, 404 for an unknown listing).
// Answers are never cached (Cache-Control: no-store), like the search API's.
//
// Language: the `lang` parameter (search_params.h parse_lang; es, fr, en; a malformed one
// is a 400 naming lang), else the Accept-Language header, else English. The page's
// sentences, the search's labels and text, and <html lang> follow it; a `lang` parameter
// rides along in every link and form (html_words.h, html_page.h).
//
// Thread safety: as Api (any number of threads).
#pragma once

#include <optional>
#include <string>

#include "core/listing/vocabulary.h"
#include "server/html_words.h"
#include "server/reply.h"
#include "server/request.h"
#include "server/searcher_pool.h"
#include "server/write_api.h"

namespace kindred::http {

class PageRoutes {
 public:
  // All references must outlive this object; `writes` may be null (no suggestions).
  PageRoutes(SearcherPool& searchers, const Vocabulary& vocabulary, std::string web_dir, WriteApi* writes,
             int hide_unverified_after_months);

  // The reply when `request` is one of these routes, else nullopt.
  std::optional<Reply> handle(const Request& request);

 private:
  Reply search_page(const Request& request);
  Reply start_page(const html::Words& w);
  Reply suggest_form(const Request& request);
  Reply suggest_post(const Request& request);
  Reply page(const html::Words& w, int status, std::string_view title, const std::string& block);
  Reply standalone(const html::Words& w, int status, std::string_view title, const std::string& block);
  // The words of the request's Accept-Language (English when it names none we speak).
  const html::Words& header_words(const Request& request) const;
  // The words of the `lang` in `raw_query` (a query or form body), else header_words();
  // kInvalidArgument naming lang when it is not shaped like a language tag.
  Expected<const html::Words*> words_for(const Request& request, std::string_view raw_query) const;
  std::string read_web_file(const char* name) const;
  Expected<std::string> listing_name(const std::string& id);

  SearcherPool& searchers_;
  const Vocabulary& vocabulary_;
  const std::string web_dir_;
  WriteApi* writes_;
  int hide_months_;
  const html::Catalogs catalogs_;  // web_dir_/i18n/nojs.<lang>.json, read once here
};

}  // namespace kindred::http
