// @brief Contact URL checks and their verdicts (see link_check.h).
#include "indexer/link_check.h"

#include <map>

#include <rapidjson/document.h>

#include "core/base/json_build.h"
#include "core/base/json_util.h"
#include "core/index/index_schema.h"

namespace kindred::links {
namespace {

int rank(const std::string& status) {
  if (status == "dead") return 3;
  if (status == "error") return 2;
  if (status == "blocked") return 1;
  return 0;
}

// Servers that answer HEAD with these often serve GET fine.
bool head_refused(const fetch::FetchResult& r) {
  return r.status == 400 || r.status == 403 || r.status == 404 || r.status == 405 || r.status == 406 ||
         r.status == 501 || (r.status == 0 && r.error.find("timed out") == std::string::npos &&
                             r.error.find("resolve") == std::string::npos);
}

}  // namespace

bool is_per_meeting_host(const std::string& host) {
  static const char* kDomains[] = {"zoom.us",        "zoom.com",        "meet.google.com", "teams.microsoft.com",
                                   "teams.live.com", "webex.com",       "whereby.com",     "gotomeeting.com",
                                   "meet.jit.si",    "us02web.zoom.us", "bluejeans.com"};
  for (const char* d : kDomains) {
    std::string domain = d;
    if (host == domain) return true;
    if (host.size() > domain.size() && host.compare(host.size() - domain.size(), domain.size(), domain) == 0 &&
        host[host.size() - domain.size() - 1] == '.') {
      return true;
    }
  }
  return false;
}

LinkVerdict judge(const LinkToCheck& link, const fetch::FetchResult& r) {
  LinkVerdict v{link, "ok", r.status, r.error, r.effective_url};
  bool no_host = r.status == 0 && r.error.find("resolve") != std::string::npos;
  if (is_per_meeting_host(fetch::url_host(link.url)) && !no_host) {
    v.detail = "per-meeting link: redirects and sign-in pages are expected";
    return v;
  }
  if (no_host || r.status == 404 || r.status == 410) v.status = "dead";
  else if (r.status == 401 || r.status == 403 || r.status == 429) v.status = "blocked";
  else if (!r.ok()) v.status = "error";
  if (v.detail.empty()) v.detail = r.redirects > 0 ? "ok after " + std::to_string(r.redirects) + " redirects" : "ok";
  return v;
}

std::vector<LinkVerdict> check_links(const std::vector<LinkToCheck>& links, const fetch::FetchOptions& options) {
  std::map<std::string, size_t> index;  // url -> request
  std::vector<fetch::FetchRequest> heads;
  for (const auto& l : links) {
    if (index.emplace(l.url, heads.size()).second) {
      fetch::FetchRequest r;
      r.url = l.url;
      r.head = true;
      heads.push_back(r);
    }
  }
  std::vector<fetch::FetchResult> results = fetch::fetch_all(heads, options);
  // Second round: GET (stopping after a small prefix) where HEAD was refused.
  std::vector<fetch::FetchRequest> gets;
  std::vector<size_t> which;
  for (size_t i = 0; i < results.size(); ++i) {
    if (!head_refused(results[i])) continue;
    fetch::FetchRequest r;
    r.url = heads[i].url;
    gets.push_back(r);
    which.push_back(i);
  }
  fetch::FetchOptions get_options = options;
  get_options.truncate_ok = true;
  get_options.max_body_bytes = 64 * 1024;
  std::vector<fetch::FetchResult> second = fetch::fetch_all(gets, get_options);
  for (size_t k = 0; k < second.size(); ++k) results[which[k]] = std::move(second[k]);

  std::vector<LinkVerdict> out;
  for (const auto& l : links) out.push_back(judge(l, results[index[l.url]]));
  return out;
}

std::vector<LinkToCheck> links_of(const std::vector<std::string>& stored_documents) {
  std::vector<LinkToCheck> out;
  for (const auto& stored : stored_documents) {
    rapidjson::Document doc;
    if (!parse_json(stored, doc) || !doc.IsObject() || !doc.HasMember(schema::kDataListing)) continue;
    const rapidjson::Value& l = doc[schema::kDataListing];
    std::string id = json::get_text(l, "id");
    for (const char* field : {"contact", "organization"}) {
      auto it = l.FindMember(field);
      if (it == l.MemberEnd()) continue;
      std::string url = json::get_text(it->value, "url");
      if (!url.empty()) out.push_back({id, std::string(field) + ".url", url});
    }
  }
  return out;
}

std::string link_status_json(const std::vector<LinkVerdict>& verdicts, const std::string& checked_at) {
  rapidjson::Document doc(rapidjson::kObjectType);
  auto& a = doc.GetAllocator();
  json::add_text(doc, "format", "kindred-link-status/1", a);
  json::add_text(doc, "checked_at", checked_at, a);
  rapidjson::Value listings(rapidjson::kObjectType);
  for (const auto& v : verdicts) {
    auto it = listings.FindMember(v.link.listing_id.c_str());
    if (it == listings.MemberEnd()) {
      rapidjson::Value entry(rapidjson::kObjectType);
      json::add_text(entry, "status", "ok", a);
      json::add(entry, "links", rapidjson::Value(rapidjson::kArrayType), a);
      json::add(listings, v.link.listing_id, std::move(entry), a);
      it = listings.FindMember(v.link.listing_id.c_str());
    }
    rapidjson::Value& entry = it->value;
    if (rank(v.status) > rank(entry["status"].GetString())) entry["status"] = json::str(v.status, a);
    rapidjson::Value link(rapidjson::kObjectType);
    json::add_text(link, "field", v.link.field, a);
    json::add_text(link, "url", v.link.url, a);
    json::add_text(link, "status", v.status, a);
    link.AddMember("http_status", static_cast<int64_t>(v.http_status), a);
    json::add_text(link, "detail", v.detail, a);
    if (v.final_url != v.link.url) json::add_text(link, "final_url", v.final_url, a);
    entry["links"].PushBack(link, a);
  }
  json::add(doc, "listings", std::move(listings), a);
  return to_json(doc);
}

}  // namespace kindred::links
