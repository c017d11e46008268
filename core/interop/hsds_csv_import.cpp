// @brief HSDS CSV data packages -> listings (see hsds_csv_import.h).
#include "core/interop/hsds_csv_import.h"

#include <cstdlib>
#include <optional>
#include <set>

#include <rapidjson/document.h>

#include "core/base/json_build.h"
#include "core/base/json_util.h"
#include "core/base/text.h"
#include "core/interop/csv_read.h"
#include "core/interop/hsds_import.h"
#include "core/interop/meeting_guide_values.h"
#include "core/interop/zip_read.h"

namespace kindred {
namespace {

using rapidjson::Value;
using json::Alloc;
using Row = std::map<std::string, std::string>;

struct Table {
  std::string file;
  CsvTable csv;
  std::vector<Row> rows;
  std::string where(size_t i) const {
    auto id = rows[i].find("id");
    return file + " line " + std::to_string(csv.lines[i]) +
           (id != rows[i].end() && !id->second.empty() ? " (id " + id->second + ")" : "");
  }
};

std::string base_name(const std::string& path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// The first of `names` the package has, read; an empty table when none.
Table table(const CsvPackage& files, std::initializer_list<const char*> names, ImportReport& report) {
  Table t;
  for (const char* name : names) {
    for (const auto& [path, text] : files) {
      if (base_name(path) != name) continue;
      t.file = name;
      t.csv = read_csv(text);
      for (const auto& p : t.csv.problems) report.notes.push_back({t.file, p});
      for (size_t i = 0; i < t.csv.rows.size(); ++i) t.rows.push_back(csv_row(t.csv, i));
      return t;
    }
  }
  return t;
}

std::string get(const Row& r, const char* a, const char* b = nullptr) {
  auto it = r.find(a);
  if (it != r.end() && !it->second.empty()) return it->second;
  if (b) {
    it = r.find(b);
    if (it != r.end()) return it->second;
  }
  return "";
}

// English language names (as HSDS 1.x and Ohana write them) -> BCP 47; codes pass through.
std::string language_code(std::string name) {
  for (auto& c : name) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  static const std::map<std::string, std::string> kNames = {
      {"english", "en"}, {"spanish", "es"}, {"español", "es"}, {"french", "fr"}, {"german", "de"},
      {"chinese", "zh"}, {"mandarin", "zh"}, {"cantonese", "yue"}, {"tagalog", "tl"}, {"filipino", "fil"},
      {"vietnamese", "vi"}, {"korean", "ko"}, {"japanese", "ja"}, {"russian", "ru"}, {"arabic", "ar"},
      {"portuguese", "pt"}, {"italian", "it"}, {"polish", "pl"}, {"hindi", "hi"}, {"urdu", "ur"},
      {"farsi", "fa"}, {"persian", "fa"}, {"hebrew", "he"}, {"greek", "el"}, {"haitian creole", "ht"},
      {"somali", "so"}, {"amharic", "am"}, {"ukrainian", "uk"}, {"american sign language", "ase"},
      {"asl", "ase"}, {"sign language", "sgn"}, {"bengali", "bn"}, {"punjabi", "pa"}, {"gujarati", "gu"},
      {"thai", "th"}, {"khmer", "km"}, {"lao", "lo"}, {"hmong", "hmn"}, {"turkish", "tr"}, {"swahili", "sw"}};
  auto it = kNames.find(name);
  if (it != kNames.end()) return it->second;
  bool code = name.size() >= 2 && name.size() <= 3;
  for (char c : name) code = code && c >= 'a' && c <= 'z';
  return code ? name : "";
}

std::optional<double> number(const std::string& text) {
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  double v = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size()) return std::nullopt;
  return v;
}

class PackageJoin {
 public:
  PackageJoin(const FeedSpec& feed, const CsvPackage& files, ImportReport& report)
      : feed_(feed), report_(report),
        services_(table(files, {"services.csv"}, report)),
        organizations_(table(files, {"organizations.csv"}, report)),
        locations_(table(files, {"locations.csv"}, report)),
        links_(table(files, {"services_at_location.csv", "service_at_locations.csv", "service_at_location.csv"}, report)),
        addresses_(table(files, {"physical_addresses.csv", "addresses.csv"}, report)),
        postal_(table(files, {"postal_addresses.csv", "mail_addresses.csv"}, report)),
        phones_(table(files, {"phones.csv"}, report)),
        schedules_(table(files, {"regular_schedules.csv", "schedules.csv"}, report)),
        languages_(table(files, {"languages.csv"}, report)) {}

  bool has_services() const { return !services_.file.empty(); }
  // The services as an HSDS 3.0 array, and for each its label ("services.csv line 3 (id 7)").
  std::string services_json(std::vector<std::string>& labels);

 private:
  Value location(const std::string& id, Alloc& a);
  void schedules(const std::string& service, const std::set<std::string>& locs, const std::set<std::string>& links,
                 Value& out, Alloc& a);
  void unused(const Table& t, const std::set<size_t>& used, const std::string& why);

  const FeedSpec& feed_;
  ImportReport& report_;
  Table services_, organizations_, locations_, links_, addresses_, postal_, phones_, schedules_, languages_;
  std::set<size_t> used_locations_, used_links_, used_phones_, used_schedules_, used_languages_;
};

Value PackageJoin::location(const std::string& id, Alloc& a) {
  Value loc(rapidjson::kObjectType);
  json::add_text(loc, "id", id, a);
  json::add_text(loc, "location_type", "physical", a);
  for (size_t i = 0; i < locations_.rows.size(); ++i) {
    const Row& r = locations_.rows[i];
    if (get(r, "id") != id) continue;
    used_locations_.insert(i);
    json::add_text(loc, "name", get(r, "name"), a);
    auto lat = number(get(r, "latitude")), lon = number(get(r, "longitude"));
    if (lat && lon) {
      loc.AddMember("latitude", *lat, a);
      loc.AddMember("longitude", *lon, a);
    } else if (!get(r, "latitude").empty() || !get(r, "longitude").empty()) {
      report_.notes.push_back({locations_.where(i), "latitude/longitude are not numbers; left out"});
    }
  }
  Value addresses(rapidjson::kArrayType);
  for (const Table* t : {&addresses_, &postal_}) {
    for (const Row& r : t->rows) {
      if (get(r, "location_id") != id || !addresses.Empty()) continue;
      Value addr(rapidjson::kObjectType);
      json::add_text(addr, "address_1", get(r, "address_1"), a);
      json::add_text(addr, "address_2", get(r, "address_2"), a);
      json::add_text(addr, "city", get(r, "city"), a);
      json::add_text(addr, "state_province", get(r, "state_province"), a);
      json::add_text(addr, "postal_code", get(r, "postal_code"), a);
      std::string country = get(r, "country");
      json::add_text(addr, "country", country.empty() ? feed_.defaults.country : country, a);
      addresses.PushBack(addr, a);
    }
  }
  json::add(loc, "addresses", std::move(addresses), a);
  return loc;
}

void PackageJoin::schedules(const std::string& service, const std::set<std::string>& locs,
                            const std::set<std::string>& links, Value& out, Alloc& a) {
  for (size_t i = 0; i < schedules_.rows.size(); ++i) {
    const Row& r = schedules_.rows[i];
    std::string sid = get(r, "service_id"), lid = get(r, "location_id"), link = get(r, "service_at_location_id");
    bool mine = sid == service || (!link.empty() && links.count(link)) || (sid.empty() && !lid.empty() && locs.count(lid));
    if (!mine) continue;
    used_schedules_.insert(i);
    std::string opens = mg_time(get(r, "opens_at")), closes = mg_time(get(r, "closes_at"), true);
    std::string byday = get(r, "byday");
    if (byday.empty()) {
      Value day(get(r, "weekday").c_str(), a);
      auto days = mg_days(day);
      static const std::map<std::string, std::string> kRfc = {{"su", "SU"}, {"mo", "MO"}, {"tu", "TU"}, {"we", "WE"},
                                                              {"th", "TH"}, {"fr", "FR"}, {"sa", "SA"}};
      for (const auto& d : days) byday += (byday.empty() ? "" : ",") + kRfc.at(d);
    }
    if (opens.empty() || byday.empty()) {
      report_.notes.push_back({schedules_.where(i), opens.empty() ? "no opening time (a closed day?); left out"
                                                                  : "no day it can read; left out"});
      continue;
    }
    EndTime end = mg_end_time(opens, closes);
    if (!end.note.empty()) report_.notes.push_back({schedules_.where(i), end.note});
    Value s(rapidjson::kObjectType);
    std::string freq = get(r, "freq");
    json::add_text(s, "freq", freq.empty() ? "WEEKLY" : freq, a);
    auto interval = number(get(r, "interval"));
    s.AddMember("interval", interval ? *interval : 1, a);
    json::add_text(s, "byday", byday, a);
    json::add_text(s, "dtstart", get(r, "dtstart"), a);
    json::add_text(s, "opens_at", opens, a);
    json::add_text(s, "closes_at", end.end, a);
    json::add_text(s, "description", get(r, "description"), a);
    out.PushBack(s, a);
  }
}

void PackageJoin::unused(const Table& t, const std::set<size_t>& used, const std::string& why) {
  for (size_t i = 0; i < t.rows.size(); ++i) {
    if (!used.count(i)) report_.notes.push_back({t.where(i), why});
  }
}

std::string PackageJoin::services_json(std::vector<std::string>& labels) {
  rapidjson::Document doc(rapidjson::kArrayType);
  Alloc& a = doc.GetAllocator();
  for (size_t i = 0; i < services_.rows.size(); ++i) {
    const Row& r = services_.rows[i];
    std::string id = get(r, "id");
    labels.push_back(services_.where(i));
    Value s(rapidjson::kObjectType);
    json::add_text(s, "id", id, a);
    json::add_text(s, "name", get(r, "name"), a);
    json::add_text(s, "description", get(r, "description"), a);
    json::add_text(s, "url", get(r, "url", "website"), a);
    json::add_text(s, "email", get(r, "email"), a);
    json::add_text(s, "status", get(r, "status"), a);
    json::add_text(s, "application_process", get(r, "application_process"), a);
    json::add_text(s, "fees_description", get(r, "fees_description", "fees"), a);
    json::add_text(s, "eligibility_description", get(r, "eligibility_description", "eligibility"), a);
    std::set<std::string> locs, links;
    for (size_t k = 0; k < links_.rows.size(); ++k) {
      if (id.empty() || get(links_.rows[k], "service_id") != id) continue;
      used_links_.insert(k);
      locs.insert(get(links_.rows[k], "location_id"));
      links.insert(get(links_.rows[k], "id"));
    }
    if (std::string lid = get(r, "location_id"); !lid.empty()) locs.insert(lid);
    locs.erase("");
    links.erase("");
    std::string org_id = get(r, "organization_id");
    // Ohana's services name no organisation; their locations do.
    for (size_t k = 0; k < locations_.rows.size() && org_id.empty(); ++k) {
      if (locs.count(get(locations_.rows[k], "id"))) org_id = get(locations_.rows[k], "organization_id");
    }
    for (const Row& o : organizations_.rows) {
      if (org_id.empty() || get(o, "id") != org_id) continue;
      Value org(rapidjson::kObjectType);
      json::add_text(org, "id", org_id, a);
      json::add_text(org, "name", get(o, "name"), a);
      json::add_text(org, "website", get(o, "website", "url"), a);
      json::add(s, "organization", std::move(org), a);
      break;
    }
    if (!org_id.empty() && !s.HasMember("organization")) {
      report_.notes.push_back({labels.back(), "organization_id " + org_id + " is not in organizations.csv; the feed's default organization is used"});
    }
    if (id.empty()) {  // import_hsds skips it with the reason; nothing to join
      doc.PushBack(s, a);
      continue;
    }
    Value at(rapidjson::kArrayType);
    for (const auto& lid : locs) {
      Value sal(rapidjson::kObjectType);
      json::add(sal, "location", location(lid, a), a);
      at.PushBack(sal, a);
    }
    json::add(s, "service_at_locations", std::move(at), a);
    Value phones(rapidjson::kArrayType);
    // The service's own phones, else its locations', else its organization's.
    for (int pass = 0; pass < 3 && phones.Empty(); ++pass) {
      for (size_t k = 0; k < phones_.rows.size(); ++k) {
        const Row& p = phones_.rows[k];
        bool match = pass == 0 ? get(p, "service_id") == id
                   : pass == 1 ? locs.count(get(p, "location_id")) > 0
                               : !org_id.empty() && get(p, "organization_id") == org_id;
        if (!match || get(p, "number").empty()) continue;
        std::string type = get(p, "type", "number_type");
        if (type == "fax") continue;
        used_phones_.insert(k);
        Value ph(rapidjson::kObjectType);
        json::add_text(ph, "number", get(p, "number"), a);
        phones.PushBack(ph, a);
      }
    }
    json::add(s, "phones", std::move(phones), a);
    Value langs(rapidjson::kArrayType);
    std::vector<std::string> names;
    for (size_t k = 0; k < languages_.rows.size(); ++k) {
      if (get(languages_.rows[k], "service_id") != id) continue;
      used_languages_.insert(k);
      names.push_back(get(languages_.rows[k], "language"));
    }
    std::string inline_list = get(r, "languages");
    for (size_t p = 0; p <= inline_list.size();) {
      size_t comma = inline_list.find(',', p);
      if (comma == std::string::npos) comma = inline_list.size();
      names.push_back(clean_text(inline_list.substr(p, comma - p), 100));
      p = comma + 1;
    }
    for (const auto& n : names) {
      if (n.empty()) continue;
      std::string code = language_code(n);
      if (code.empty()) {
        report_.notes.push_back({labels.back(), "language \"" + n + "\" is not a name or code we know; left out"});
        continue;
      }
      Value l(rapidjson::kObjectType);
      json::add_text(l, "code", code, a);
      langs.PushBack(l, a);
    }
    json::add(s, "languages", std::move(langs), a);
    Value sched(rapidjson::kArrayType);
    schedules(id, locs, links, sched, a);
    json::add(s, "schedules", std::move(sched), a);
    doc.PushBack(s, a);
  }
  unused(locations_, used_locations_, "no service is at this location; not imported");
  unused(links_, used_links_, "names a service that is not in services.csv; not imported");
  unused(schedules_, used_schedules_, "names no service (nor a location a service is at); not imported");
  unused(phones_, used_phones_, "a fax, or not the phone of any imported service; not imported");
  unused(languages_, used_languages_, "names a service that is not in services.csv; not imported");
  return to_json(doc);
}

// "[3]..." (import_hsds's path of the fourth service) -> "services.csv line 5 (id 9)...".
void relabel(std::string& path, const std::vector<std::string>& labels) {
  if (path.empty() || path[0] != '[') return;
  size_t close = path.find(']');
  if (close == std::string::npos) return;
  size_t i = static_cast<size_t>(std::strtoul(path.c_str() + 1, nullptr, 10));
  if (i < labels.size()) path = labels[i] + path.substr(close + 1);
}

}  // namespace

Expected<ImportedFeed> import_hsds_csv(const FeedSpec& feed, const CsvPackage& files, const ImportContext& context) {
  ImportReport joined;
  PackageJoin join(feed, files, joined);
  if (!join.has_services()) {
    return make_error(ErrorCode::kInvalidArgument, "an HSDS CSV data package needs a services.csv");
  }
  std::vector<std::string> labels;
  std::string services = join.services_json(labels);
  auto out = import_hsds(feed, services, context);
  if (!out) return out.error();
  for (auto& p : out->paths) relabel(p, labels);
  for (auto& p : out->report.skipped) relabel(p.path, labels);
  for (auto& p : out->report.notes) relabel(p.path, labels);
  out->report.notes.insert(out->report.notes.begin(), joined.notes.begin(), joined.notes.end());
  return out;
}

Expected<ImportedFeed> import_hsds_csv_zip(const FeedSpec& feed, std::string_view zip, const ImportContext& context) {
  auto files = read_zip(zip, kMaxHsdsCsvUnpackedBytes);
  if (!files) return files.error();
  return import_hsds_csv(feed, *files, context);
}

}  // namespace kindred
