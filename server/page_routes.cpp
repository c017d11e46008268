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

constexpr const char* kHtmlType = "text/html; charset=utf-8";

// The page's own parameters, which the search API does not take.
bool page_only(const std::string& name) { return name == "listing" || name == "view" || name == "list"; }

std::string find(const std::vector<QueryParam>& params, std::string_view name) {
  for (const auto& p : params) {
    if (p.name == name) return p.value;
  }
  return "";
}

}  // namespace

PageRoutes::PageRoutes(SearcherPool& searchers, const Vocabulary& vocabulary, std::string web_dir, WriteApi* writes,
                       int hide_unverified_after_months)
    : searchers_(searchers),
      vocabulary_(vocabulary),
      web_dir_(std::move(web_dir)),
      writes_(writes),
      hide_months_(hide_unverified_after_months) {}

std::optional<Reply> PageRoutes::handle(const Request& request) {
  const bool get = request.method == "GET" || request.method == "HEAD";
  if (request.path == "/" && !request.query.empty() && get) return search_page(request.query);
  if (request.path != "/suggest") return std::nullopt;
  if (get) return suggest_form(request.query);
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

Reply PageRoutes::page(int status, std::string_view title, const std::string& block) {
  Reply r;
  r.status = status;
  r.content_type = kHtmlType;
  r.body = html::fill_page(read_web_file("index.html"), title, block);
  return r;
}

Reply PageRoutes::standalone(int status, std::string_view title, const std::string& block) {
  Reply r;
  r.status = status;
  r.content_type = kHtmlType;
  r.body = html::standalone_page(title, block);
  return r;
}

Reply PageRoutes::search_page(std::string_view query) {
  auto decoded = decode_query(query);
  if (!decoded) return page(400, html::say::kBadRequest, html::message_block(html::say::kBadRequest, decoded.error().message, {}));
  std::vector<QueryParam> params = *decoded;
  std::string api_query;
  for (const auto& p : params) {
    if (page_only(p.name)) continue;
    api_query += (api_query.empty() ? "" : "&") + html::query_component(p.name) + "=" + html::query_component(p.value);
  }
  auto refuse = [&](const Error& e) {
    int status = http_status(e.code);
    const char* title = status == 404 ? html::say::kNotFound : html::say::kBadRequest;
    return page(status, title, html::message_block(title, e.message, params));
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
    auto view = listing_view_json(*stored, std::chrono::system_clock::now());
    if (!view) return refuse(view.error());
    rapidjson::Document doc;
    if (Status s = parse_json(*view, doc); !s) return refuse(s.error());
    std::string name = doc["listing"].IsObject() && doc["listing"].HasMember("name") ? doc["listing"]["name"].GetString() : listing;
    return page(200, name + " · Kindred", html::listing_block(doc, vocabulary_, params));
  }

  auto request = parse_search_params(api_query);
  if (!request) return refuse(request.error());
  if (hide_months_ > 0) request->verified_since = months_before(request->now, hide_months_);
  auto result = (*searcher)->search(*request);
  if (!result) return refuse(result.error());
  std::string title = request->q.empty() ? std::string("Kindred: find peer support") : request->q + " · Kindred";
  std::string lines = result->crisis ? read_web_file("crisis-lines.json") : std::string();
  return page(200, title, html::search_block(*result, *request, params, vocabulary_, lines));
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

Reply PageRoutes::suggest_form(std::string_view query) {
  if (!writes_) return standalone(404, html::say::kSuggestTitle, "<p>" + html::text(html::say::kNotEnabled) + "</p>");
  auto refuse = [&](const Error& e) {
    return standalone(http_status(e.code), html::say::kSuggestTitle,
                      "<h2>" + html::text(html::say::kSuggestTitle) + "</h2><p class=\"error\">" + html::text(e.message) +
                          "</p><p><a href=\"/suggest\">" + html::text(html::say::kSuggest) + "</a></p>");
  };
  if (Status s = only_params(query, {"listing"}); !s) return refuse(s.error());
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
  return standalone(200, html::say::kSuggestTitle, html::suggest_form_block(values, {}, name));
}

Reply PageRoutes::suggest_post(const Request& request) {
  if (!writes_) return standalone(404, html::say::kSuggestTitle, "<p>" + html::text(html::say::kNotEnabled) + "</p>");
  auto refuse = [&](int status, const std::string& message) {
    return standalone(status, html::say::kSuggestTitle,
                      "<h2>" + html::text(html::say::kSuggestTitle) + "</h2><p class=\"error\">" + html::text(message) +
                          "</p><p><a href=\"/suggest\">" + html::text(html::say::kSuggest) + "</a></p>");
  };
  if (request.body.size() > kMaxBodyBytes) {
    return refuse(413, "the form is larger than " + std::to_string(kMaxBodyBytes / 1024) + " KiB");
  }
  if (Status s = only_params(request.body, {"action", "listing_id", "name", "details", "website", "contact"}); !s) {
    return refuse(400, s.error().message);
  }
  Suggestion s;
  for (auto [field, name] : {std::pair{&s.action, "action"}, {&s.listing_id, "listing_id"}, {&s.name, "name"},
                             {&s.details, "details"}, {&s.website, "website"}, {&s.contact, "contact"}}) {
    auto value = query_param(request.body, name);
    if (!value) return refuse(400, value.error().message);
    *field = std::move(*value);
  }
  auto saved = writes_->suggest(request.client, s);
  if (saved) return standalone(200, html::say::kThanksTitle, html::suggest_thanks_block(*saved));
  const Error& e = saved.error();
  if (e.code != ErrorCode::kInvalidListing) return refuse(http_status(e.code), e.message);
  std::string name;
  if (s.action == "correct" && is_listing_id(s.listing_id)) {
    if (auto found = listing_name(s.listing_id)) name = *found;
  }
  return standalone(422, html::say::kSuggestTitle, html::suggest_form_block(s, e.details, name));
}

}  // namespace kindred::http
