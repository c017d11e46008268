// @brief See page_routes.h.
#include "server/page_routes.h"

#include <fstream>
#include <sstream>

#include <rapidjson/document.h>

#include "core/base/json_util.h"
#include "core/listing/freshness.h"
#include "core/listing/listing.h"
#include "core/search/search_params.h"
#include "server/html_escape.h"
#include "server/html_page.h"
#include "server/html_strings.h"
#include "server/json_out.h"

namespace kindred::http {
namespace {

// Marks an answer that depends on the browser's languages.
Reply with_vary(Reply r) {
  add_vary(r, "Accept-Language");
  return r;
}

constexpr const char* kHtmlType = "text/html; charset=utf-8";

// The page's own parameters, which the search API does not take.
bool page_only(const std::string& name) { return name == "listing" || name == "view" || name == "list"; }

std::string find(const std::vector<QueryParam>& params, std::string_view name) {
  for (const auto& p : params) {
    if (p.name == name) return p.value;
  }
  return "";
}

// The value of `name` in a raw query or form body ("" when absent or undecodable).
std::string find_raw(std::string_view raw, std::string_view name) {
  auto value = query_param(raw, std::string(name));
  return value ? *value : std::string();
}

}  // namespace

PageRoutes::PageRoutes(SearcherPool& searchers, const Vocabulary& vocabulary, std::string web_dir, WriteApi* writes,
                       int hide_unverified_after_months)
    : searchers_(searchers),
      vocabulary_(vocabulary),
      web_dir_(std::move(web_dir)),
      writes_(writes),
      hide_months_(hide_unverified_after_months),
      catalogs_(html::Catalogs::load(web_dir_)) {}

std::optional<Reply> PageRoutes::handle(const Request& request) {
  const bool get = request.method == "GET" || request.method == "HEAD";
  // Both answers at "/" follow Accept-Language (unless ?lang= says otherwise), so a
  // shared cache must key them on it.
  if (request.path == "/" && !request.query.empty() && get) return with_vary(search_page(request));
  // The static file's <noscript> part is English: a reader whose browser asks for another
  // language we speak gets the start page rendered in it.
  if (request.path == "/" && get && header_words(request).lang() != "en") {
    return with_vary(start_page(header_words(request)));
  }
  if (request.path != "/suggest") return std::nullopt;
  if (get) return suggest_form(request);
  if (request.method == "POST") return suggest_post(request);
  Reply r = error_reply(405, "method_not_allowed", "use GET or POST here");
  r.allow = "GET, HEAD, POST";
  return r;
}

std::string PageRoutes::read_web_file(const char* name) const {
  std::ifstream in(web_dir_ + "/" + name, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

const html::Words& PageRoutes::header_words(const Request& request) const {
  return catalogs_.words(html::language_from_header(request.accept_language));
}

Expected<const html::Words*> PageRoutes::words_for(const Request& request, std::string_view raw_query) const {
  auto params = decode_query(raw_query);
  if (!params) return params.error();
  const QueryParam* given = nullptr;
  for (const auto& p : *params) {
    if (p.name == "lang") given = &p;
  }
  if (!given) return &header_words(request);
  auto lang = parse_lang(given->value);
  if (!lang) return lang.error();
  return &catalogs_.words(*lang);
}

Reply PageRoutes::page(const html::Words& w, int status, std::string_view title, const std::string& block) {
  Reply r;
  r.status = status;
  r.content_type = kHtmlType;
  r.body = html::fill_page(w, read_web_file("index.html"), title, block);
  return r;
}

Reply PageRoutes::standalone(const html::Words& w, int status, std::string_view title, const std::string& block) {
  Reply r;
  r.status = status;
  r.content_type = kHtmlType;
  r.body = html::standalone_page(w, title, block);
  return r;
}

Reply PageRoutes::search_page(const Request& http_request) {
  const html::Words* words = &header_words(http_request);
  auto decoded = decode_query(http_request.query);
  if (!decoded) {
    const html::Words& w = *words;
    return page(w, 400, w(html::say::kBadRequest), html::message_block(w, w(html::say::kBadRequest), decoded.error().message, {}));
  }
  std::vector<QueryParam> params = *decoded;
  if (auto chosen = words_for(http_request, http_request.query); chosen) {
    words = *chosen;
  } else {
    const html::Words& w = *words;
    return page(w, 400, w(html::say::kBadRequest),
                html::message_block(w, w(html::say::kBadRequest), chosen.error().message, html::without_lang(params)));
  }
  const html::Words& w = *words;
  std::string api_query;
  for (const auto& p : params) {
    if (page_only(p.name)) continue;
    api_query += (api_query.empty() ? "" : "&") + html::query_component(p.name) + "=" + html::query_component(p.value);
  }
  auto refuse = [&](const Error& e) {
    int status = http_status(e.code);
    std::string title = status == 404 ? w(html::say::kNotFound) : w(html::say::kBadRequest);
    return page(w, status, title, html::message_block(w, title, e.message, params));
  };
  auto searcher = searchers_.acquire();
  if (!searcher) return refuse(searcher.error());

  std::string listing = find(params, "listing");
  if (!listing.empty()) {
    if (!is_listing_id(listing)) {
      return refuse(make_error(ErrorCode::kInvalidArgument,
                               "listing: must be 3 to 80 lower-case letters, digits and hyphens"));
    }
    auto stored = (*searcher)->listing_json(listing);
    if (!stored) return refuse(stored.error());
    auto view = listing_view_json(*stored, std::chrono::system_clock::now(), {}, w.lang());
    if (!view) return refuse(view.error());
    rapidjson::Document doc;
    if (Status s = parse_json(*view, doc); !s) return refuse(s.error());
    std::string name = doc["listing"].IsObject() && doc["listing"].HasMember("name") ? doc["listing"]["name"].GetString() : listing;
    return page(w, 200, name + " · Kindred", html::listing_block(w, doc, vocabulary_, params));
  }

  auto request = parse_search_params(api_query);
  if (!request) return refuse(request.error());
  request->lang = w.lang();  // from ?lang= (parsed the same way) or Accept-Language
  if (hide_months_ > 0) request->verified_since = months_before(request->now, hide_months_);
  auto result = (*searcher)->search(*request);
  if (!result) return refuse(result.error());
  std::string title = request->q.empty() ? "Kindred: " + w(html::say::kTagline) : request->q + " · Kindred";
  std::string lines = result->crisis ? read_web_file("crisis-lines.json") : std::string();
  return page(w, 200, title, html::search_block(w, *result, *request, params, vocabulary_, lines));
}

Reply PageRoutes::start_page(const html::Words& w) {
  return page(w, 200, "Kindred: " + w(html::say::kTagline), html::start_block(w));
}

Expected<std::string> PageRoutes::listing_name(const std::string& id) {
  auto searcher = searchers_.acquire();
  if (!searcher) return searcher.error();
  auto stored = (*searcher)->listing_json(id);
  if (!stored) return stored.error();
  rapidjson::Document doc;
  if (Status s = parse_json(*stored, doc); !s) return s.error();
  if (!doc.IsObject() || !doc.HasMember("listing") || !doc["listing"].IsObject() || !doc["listing"].HasMember("name") ||
      !doc["listing"]["name"].IsString()) {
    return make_error(ErrorCode::kInternal, "stored listing cannot be read");
  }
  return std::string(doc["listing"]["name"].GetString());
}

Reply PageRoutes::suggest_form(const Request& request) {
  std::string_view query = request.query;
  auto chosen = words_for(request, query);
  const html::Words& w = chosen ? **chosen : header_words(request);
  std::string lang_given = find_raw(query, "lang");
  if (!writes_) return standalone(w, 404, w(html::say::kSuggestTitle), "<p>" + html::text(w(html::say::kNotEnabled)) + "</p>");
  auto refuse = [&](const Error& e) {
    return standalone(w, http_status(e.code), w(html::say::kSuggestTitle),
                      "<h2>" + html::text(w(html::say::kSuggestTitle)) + "</h2><p class=\"error\">" + html::text(e.message) +
                          "</p><p><a href=\"" + html::attr(html::suggest_link({{"lang", lang_given}})) + "\">" +
                          html::text(w(html::say::kSuggest)) + "</a></p>");
  };
  if (Status s = only_params(query, {"listing", "lang"}); !s) return refuse(s.error());
  if (!chosen) return refuse(chosen.error());
  auto id = query_param(query, "listing");
  if (!id) return refuse(id.error());
  Suggestion values;
  values.action = "add";
  std::string name;
  if (!id->empty()) {
    if (!is_listing_id(*id)) return refuse(make_error(ErrorCode::kInvalidArgument, "listing: not a listing id"));
    auto found = listing_name(*id);
    if (!found) return refuse(found.error());
    name = *found;
    values.action = "correct";
    values.listing_id = *id;
  }
  return standalone(w, 200, w(html::say::kSuggestTitle), html::suggest_form_block(w, values, {}, name, lang_given));
}

Reply PageRoutes::suggest_post(const Request& request) {
  // The form's hidden `lang` (when the page had one) is read before the size check so even
  // that refusal is in the reader's language; a body too large to read says English.
  std::string_view body = request.body.size() > kMaxBodyBytes ? std::string_view() : request.body;
  auto chosen = words_for(request, body);
  const html::Words& w = chosen ? **chosen : header_words(request);
  std::string lang_given = find_raw(body, "lang");
  if (!writes_) return standalone(w, 404, w(html::say::kSuggestTitle), "<p>" + html::text(w(html::say::kNotEnabled)) + "</p>");
  auto refuse = [&](int status, const std::string& message) {
    return standalone(w, status, w(html::say::kSuggestTitle),
                      "<h2>" + html::text(w(html::say::kSuggestTitle)) + "</h2><p class=\"error\">" + html::text(message) +
                          "</p><p><a href=\"" + html::attr(html::suggest_link({{"lang", lang_given}})) + "\">" +
                          html::text(w(html::say::kSuggest)) + "</a></p>");
  };
  if (request.body.size() > kMaxBodyBytes) {
    return refuse(413, "the form is larger than " + std::to_string(kMaxBodyBytes / 1024) + " KiB");
  }
  if (Status s = only_params(request.body, {"action", "listing_id", "name", "details", "website", "contact", "lang"}); !s) {
    return refuse(400, s.error().message);
  }
  if (!chosen) return refuse(400, chosen.error().message);
  Suggestion s;
  for (auto [field, name] : {std::pair{&s.action, "action"}, {&s.listing_id, "listing_id"}, {&s.name, "name"},
                             {&s.details, "details"}, {&s.website, "website"}, {&s.contact, "contact"}}) {
    auto value = query_param(request.body, name);
    if (!value) return refuse(400, value.error().message);
    *field = std::move(*value);
  }
  auto saved = writes_->suggest(request.client, s);
  if (saved) return standalone(w, 200, w(html::say::kThanksTitle), html::suggest_thanks_block(w, *saved, lang_given));
  const Error& e = saved.error();
  if (e.code != ErrorCode::kInvalidListing) return refuse(http_status(e.code), e.message);
  std::string name;
  if (s.action == "correct" && is_listing_id(s.listing_id)) {
    if (auto found = listing_name(s.listing_id)) name = *found;
  }
  return standalone(w, 422, w(html::say::kSuggestTitle), html::suggest_form_block(w, s, e.details, name, lang_given));
}

}  // namespace kindred::http
