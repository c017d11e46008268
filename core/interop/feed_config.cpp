// @brief Reading and checking the feeds file (see feed_config.h).
#include "core/interop/feed_config.h"

#include <regex>
#include <set>

#include <rapidjson/document.h>

#include "core/base/json_util.h"

namespace kindred {
namespace {

using rapidjson::Value;

const std::regex kFeedId("[a-z0-9][a-z0-9-]{1,29}");

// Reads typed members of one object, collecting a problem for each wrong one.
struct Reader {
  std::vector<Problem>& problems;

  bool check_keys(const Value& obj, const std::string& path, std::initializer_list<const char*> known) {
    if (!obj.IsObject()) {
      problems.push_back({path, "expected an object"});
      return false;
    }
    for (const auto& m : obj.GetObject()) {
      bool ok = false;
      for (const char* k : known) ok = ok || std::string(m.name.GetString()) == k;
      if (!ok) problems.push_back({path_join(path, m.name.GetString()), "unknown field"});
    }
    return true;
  }

  void string(const Value& obj, const char* key, const std::string& path, std::string& out) {
    auto it = obj.FindMember(key);
    if (it == obj.MemberEnd()) return;
    if (!it->value.IsString()) {
      problems.push_back({path_join(path, key), "expected a string"});
      return;
    }
    out = it->value.GetString();
  }

  // A whole number in [min, max].
  template <typename Int>
  void integer(const Value& obj, const char* key, const std::string& path, Int min, Int max, Int& out) {
    auto it = obj.FindMember(key);
    if (it == obj.MemberEnd()) return;
    if (!it->value.IsInt64() || it->value.GetInt64() < min || it->value.GetInt64() > max) {
      problems.push_back({path_join(path, key), "expected a whole number from " + std::to_string(min) + " to " +
                                                    std::to_string(max)});
      return;
    }
    out = static_cast<Int>(it->value.GetInt64());
  }

  void strings(const Value& obj, const char* key, const std::string& path, std::vector<std::string>& out) {
    auto it = obj.FindMember(key);
    if (it == obj.MemberEnd()) return;
    if (!it->value.IsArray()) {
      problems.push_back({path_join(path, key), "expected an array of strings"});
      return;
    }
    out.clear();
    for (rapidjson::SizeType i = 0; i < it->value.Size(); ++i) {
      if (!it->value[i].IsString()) {
        problems.push_back({path_index(path_join(path, key), i), "expected a string"});
        continue;
      }
      out.push_back(it->value[i].GetString());
    }
  }
};

void read_defaults(Reader& r, const Value& v, const std::string& path, FeedDefaults& d) {
  if (!r.check_keys(v, path, {"kind", "topics", "communities", "languages", "cost", "facilitation",
                              "organization", "contact", "service_area", "timezone", "online_timezone",
                              "attendance", "country", "source_name"})) {
    return;
  }
  r.string(v, "kind", path, d.kind);
  r.strings(v, "topics", path, d.topics);
  r.strings(v, "communities", path, d.communities);
  r.strings(v, "languages", path, d.languages);
  r.string(v, "cost", path, d.cost);
  r.string(v, "facilitation", path, d.facilitation);
  r.strings(v, "service_area", path, d.service_area);
  r.string(v, "timezone", path, d.timezone);
  r.string(v, "online_timezone", path, d.online_timezone);
  r.strings(v, "attendance", path, d.attendance);
  r.string(v, "country", path, d.country);
  if (!d.country.empty() && !std::regex_match(d.country, std::regex("[A-Z]{2}"))) {
    r.problems.push_back({path_join(path, "country"), "must be an ISO 3166-1 alpha-2 code such as \"US\""});
  }
  for (const auto& a : d.attendance) {
    if (a != "online" && a != "phone") {
      r.problems.push_back({path_join(path, "attendance"), "\"" + a + "\" is not \"online\" or \"phone\""});
    }
  }
  r.string(v, "source_name", path, d.source_name);
  if (auto org = v.FindMember("organization"); org != v.MemberEnd()) {
    std::string p = path_join(path, "organization");
    if (r.check_keys(org->value, p, {"name", "url"})) {
      r.string(org->value, "name", p, d.organization_name);
      r.string(org->value, "url", p, d.organization_url);
    }
  }
  if (auto contact = v.FindMember("contact"); contact != v.MemberEnd()) {
    std::string p = path_join(path, "contact");
    if (r.check_keys(contact->value, p, {"url", "email", "phone"})) {
      r.string(contact->value, "url", p, d.contact_url);
      r.string(contact->value, "email", p, d.contact_email);
      r.string(contact->value, "phone", p, d.contact_phone);
    }
  }
}

FeedSpec read_feed(Reader& r, const Value& v, const std::string& path) {
  FeedSpec f;
  if (!r.check_keys(v, path, {"id", "url", "format", "enabled", "refresh_minutes", "timeout_seconds", "max_bytes",
                              "retries", "note", "defaults"})) return f;
  r.string(v, "id", path, f.id);
  r.string(v, "url", path, f.url);
  r.string(v, "format", path, f.format);
  if (!std::regex_match(f.id, kFeedId)) {
    r.problems.push_back({path_join(path, "id"), "must be 2-30 characters of a-z, 0-9 and '-'"});
  }
  if (f.url.rfind("http://", 0) != 0 && f.url.rfind("https://", 0) != 0) {
    r.problems.push_back({path_join(path, "url"), "must be an http:// or https:// URL"});
  }
  if (f.format != "kindred" && f.format != "meeting-guide" && f.format != "hsds" && f.format != "hsds-csv") {
    r.problems.push_back({path_join(path, "format"), "must be \"kindred\", \"meeting-guide\", \"hsds\" or \"hsds-csv\""});
  }
  if (auto e = v.FindMember("enabled"); e != v.MemberEnd()) {
    if (e->value.IsBool()) f.enabled = e->value.GetBool();
    else r.problems.push_back({path_join(path, "enabled"), "expected true or false"});
  }
  r.integer(v, "refresh_minutes", path, 1, 525600, f.refresh_minutes);
  r.integer(v, "timeout_seconds", path, 1, 600, f.timeout_seconds);
  r.integer(v, "retries", path, 0, 5, f.retries);
  r.integer(v, "max_bytes", path, 1024L, 1L << 30, f.max_bytes);
  if (auto d = v.FindMember("defaults"); d != v.MemberEnd()) read_defaults(r, d->value, path_join(path, "defaults"), f.defaults);
  return f;
}

}  // namespace

Expected<std::vector<FeedSpec>> parse_feeds(std::string_view json, const std::string& source_name) {
  rapidjson::Document doc;
  if (Status s = parse_json(json, doc); !s) {
    return make_error(ErrorCode::kInvalidArgument, source_name + ": " + s.error().message);
  }
  std::vector<Problem> problems;
  Reader r{problems};
  std::vector<FeedSpec> feeds;
  if (r.check_keys(doc, "", {"format", "feeds", "note"})) {
    std::string format;
    r.string(doc, "format", "", format);
    if (format != kFeedsFormat) problems.push_back({"format", std::string("expected \"") + kFeedsFormat + "\""});
    auto list = doc.FindMember("feeds");
    if (list == doc.MemberEnd() || !list->value.IsArray()) {
      problems.push_back({"feeds", "expected an array of feeds"});
    } else {
      std::set<std::string> ids;
      for (rapidjson::SizeType i = 0; i < list->value.Size(); ++i) {
        std::string path = path_index("feeds", i);
        FeedSpec f = read_feed(r, list->value[i], path);
        if (!f.id.empty() && !ids.insert(f.id).second) {
          problems.push_back({path_join(path, "id"), "\"" + f.id + "\" is used by another feed"});
        }
        feeds.push_back(std::move(f));
      }
    }
  }
  if (!problems.empty()) {
    Error e = make_error(ErrorCode::kInvalidArgument, source_name + ": not a valid feeds file");
    e.details = std::move(problems);
    return e;
  }
  return feeds;
}

Expected<std::vector<FeedSpec>> load_feeds(const std::string& path) {
  auto text = read_file(path);
  if (!text) return text.error();
  return parse_feeds(*text, path);
}

}  // namespace kindred
