// @brief Semantic listing checks on top of the JSON Schema: codes that exist, real
// zones and dates, safe URLs, and the rules that tie fields together.
#include "core/listing/validate.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <regex>

#include <date/date.h>
#include <date/tz.h>

#include "core/base/json_build.h"
#include "core/base/json_util.h"
#include "core/base/text.h"
#include "core/listing/listing.h"
#include "core/listing/translation.h"

namespace kindred {
namespace {

using rapidjson::Value;

const std::regex kDateShape("[0-9]{4}-[0-9]{2}-[0-9]{2}");
const std::regex kRegionShape("[A-Z]{2}-[A-Z0-9]{1,3}");
const std::regex kAreaShape("worldwide|[A-Z]{2}|[A-Z]{2}-[A-Z0-9]{1,3}");

const Value* get(const Value& obj, const char* name) {
  if (!obj.IsObject()) return nullptr;
  auto it = obj.FindMember(name);
  return it == obj.MemberEnd() ? nullptr : &it->value;
}

const char* get_string(const Value& obj, const char* name) {
  const Value* v = get(obj, name);
  return v && v->IsString() ? v->GetString() : nullptr;
}

bool array_has(const Value* arr, const char* want) {
  if (!arr || !arr->IsArray()) return false;
  for (const auto& v : arr->GetArray()) {
    if (v.IsString() && std::string(v.GetString()) == want) return true;
  }
  return false;
}

// The schema already insists on an http(s) scheme; this checks what follows it.
std::string url_problem(const std::string& url) {
  size_t start = url.find("://") + 3;
  size_t end = url.find_first_of("/?#", start);
  std::string authority = url.substr(start, end == std::string::npos ? end : end - start);
  if (authority.empty()) return "has no host name";
  if (authority.find('@') != std::string::npos) return "must not contain a user name or password";
  for (char c : url) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return "contains a control character";
  }
  for (char c : authority) {
    bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' ||
              c == '[' || c == ']';
    if (!ok) return "has an invalid host name";
  }
  return "";
}

void check_urls(const Value& v, const std::string& path, std::vector<Problem>& out) {
  // Every "url" member anywhere in the listing (organization, contact, sources[i]).
  if (v.IsObject()) {
    for (const auto& m : v.GetObject()) {
      std::string child = path_join(path, m.name.GetString());
      if (std::string(m.name.GetString()) == "url" && m.value.IsString()) {
        std::string url = m.value.GetString();
        if (url.size() > 8 && (url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0)) {
          if (std::string p = url_problem(url); !p.empty()) out.push_back({child, quote_value(m.value) + " " + p});
        }
      } else {
        check_urls(m.value, child, out);
      }
    }
  } else if (v.IsArray()) {
    for (rapidjson::SizeType i = 0; i < v.Size(); ++i) check_urls(v[i], path_index(path, i), out);
  }
}

}  // namespace

std::string latest_date_on_earth(std::chrono::system_clock::time_point now) {
  auto day = date::floor<date::days>(now + std::chrono::hours(14));
  return date::format("%F", day);
}

bool is_calendar_date(const std::string& text) {
  if (!std::regex_match(text, kDateShape)) return false;
  date::year_month_day ymd{date::year{std::stoi(text.substr(0, 4))},
                           date::month{static_cast<unsigned>(std::stoi(text.substr(5, 2)))},
                           date::day{static_cast<unsigned>(std::stoi(text.substr(8, 2)))}};
  return ymd.ok();
}

bool is_iana_zone(const std::string& name) {
  try {
    return date::locate_zone(name) != nullptr;
  } catch (const std::exception&) {
    return false;
  }
}

ListingValidator::ListingValidator(const SchemaChecker& schema, const Gazetteer& gazetteer,
                                   std::string today)
    : schema_(schema), gazetteer_(gazetteer), today_(std::move(today)) {}

std::vector<Problem> ListingValidator::validate(const Value& listing, const std::string& path) const {
  std::vector<Problem> out = schema_.check(listing, path);
  if (!listing.IsObject()) return out;
  std::vector<Problem> semantic;
  check_semantics(listing, path, semantic);
  // One problem per path: where the schema already objected, its message stands.
  for (auto& p : semantic) {
    bool seen = std::any_of(out.begin(), out.end(), [&](const Problem& q) { return q.path == p.path; });
    if (!seen) out.push_back(std::move(p));
  }
  return out;
}

void ListingValidator::check_date(const Value& v, const char* field, const std::string& path,
                                  std::vector<Problem>& out, bool may_be_future) const {
  const char* text = get_string(v, field);
  if (!text) return;
  std::string where = path_join(path, field);
  if (!is_calendar_date(text)) {
    // A wrong shape is already reported by the schema; only report impossible dates.
    if (std::regex_match(text, kDateShape)) {
      out.push_back({where, std::string("\"") + text + "\" is not a real calendar date"});
    }
  } else if (!may_be_future && text > today_) {
    out.push_back({where, std::string("\"") + text + "\" is in the future (latest allowed: " +
                              today_ + ")"});
  }
}

void ListingValidator::check_location(const Value& loc, const std::string& path,
                                      std::vector<Problem>& out) const {
  const char* country = get_string(loc, "country");
  const char* region = get_string(loc, "region");
  bool country_ok = country && gazetteer_.is_country(country);
  if (country && std::strlen(country) == 2 && !country_ok) {
    out.push_back({path_join(path, "country"), std::string("\"") + country + "\" is not a country"});
  }
  if (region && std::regex_match(region, kRegionShape)) {
    if (!gazetteer_.is_region(region)) {
      out.push_back({path_join(path, "region"), std::string("\"") + region + "\" is not a region"});
    } else if (country_ok && std::string(region).rfind(std::string(country) + "-", 0) != 0) {
      out.push_back({path_join(path, "region"), std::string("\"") + region +
                                                    "\" is not a region of " + country});
    }
  }
  bool has_lat = get(loc, "lat") != nullptr, has_lon = get(loc, "lon") != nullptr;
  if (has_lat != has_lon) {
    out.push_back({path_join(path, has_lat ? "lon" : "lat"), "lat and lon must be given together"});
  }
}

void ListingValidator::check_schedule(const Value& schedule, const std::string& path,
                                      std::vector<Problem>& out) const {
  if (!schedule.IsArray()) return;
  for (rapidjson::SizeType i = 0; i < schedule.Size(); ++i) {
    const Value& m = schedule[i];
    std::string where = path_index(path, i);
    if (const char* zone = get_string(m, "timezone"); zone && *zone && !is_iana_zone(zone)) {
      out.push_back({path_join(where, "timezone"),
                     std::string("\"") + zone + "\" is not an IANA time zone (e.g. \"America/Boise\")"});
    }
    const char* start = get_string(m, "start");
    const char* end = get_string(m, "end");
    if (start && end) {
      int s = parse_hhmm(start), e = parse_hhmm(end);
      // An end before the start is on the next day (a late meeting past midnight); an equal
      // one says nothing (no length, or a whole day?), so it is refused with what to write.
      if (s >= 0 && e >= 0 && e == s) {
        out.push_back({path_join(where, "end"), std::string("\"") + end + "\" is the same as start \"" + start +
                                                    "\": leave end out when the end time is not known "
                                                    "(a meeting then counts as one hour)"});
      }
    }
    const char* freq = get_string(m, "frequency");
    if (get(m, "week_of_month") && (!freq || std::string(freq) != "monthly")) {
      out.push_back({path_join(where, "week_of_month"), "only applies when frequency is \"monthly\""});
    }
    // Every other week is ambiguous without one known date of the series.
    if (get(m, "anchor_date") && (!freq || std::string(freq) != "biweekly")) {
      out.push_back({path_join(where, "anchor_date"), "only applies when frequency is \"biweekly\""});
    }
    if (freq && std::string(freq) == "biweekly" && !get(m, "anchor_date")) {
      out.push_back({path_join(where, "anchor_date"),
                     "required for biweekly meetings: the date of one real meeting (YYYY-MM-DD)"});
    }
    check_date(m, "anchor_date", where, out, /*may_be_future=*/true);  // a series may start later
    check_course_meeting(m, where, out);
  }
}

// --- Courses and terms (issue 17): dated sessions, bounded series, registration ---

void ListingValidator::check_course_meeting(const Value& m, const std::string& where,
                                            std::vector<Problem>& out) const {
  const Value* days = get(m, "days");
  const Value* dates = get(m, "dates");
  if (!days && !dates) {
    out.push_back({path_join(where, "days"),
                   "required field is missing (or give \"dates\" for sessions on given days)"});
  }
  if (days && dates) {
    out.push_back({path_join(where, "dates"),
                   "give either days (a weekly, biweekly or monthly series) or dates (sessions on given days), not both"});
  }
  if (dates) {
    // week_of_month and anchor_date are already refused above (they need a frequency).
    for (const char* field : {"frequency", "from", "until"}) {
      if (get(m, field)) {
        out.push_back({path_join(where, field), "does not apply to dated sessions (\"dates\")"});
      }
    }
    if (dates->IsArray()) {
      for (rapidjson::SizeType i = 0; i < dates->Size(); ++i) {
        const Value& d = (*dates)[i];
        if (d.IsString() && std::regex_match(d.GetString(), kDateShape) && !is_calendar_date(d.GetString())) {
          out.push_back({path_index(path_join(where, "dates"), i),
                         std::string("\"") + d.GetString() + "\" is not a real calendar date"});
        }
      }
    }
  }
  check_date(m, "from", where, out, /*may_be_future=*/true);
  check_date(m, "until", where, out, /*may_be_future=*/true);
  const char* from = get_string(m, "from");
  const char* until = get_string(m, "until");
  if (from && until && is_calendar_date(from) && is_calendar_date(until) && std::string(until) < from) {
    out.push_back({path_join(where, "until"), std::string("\"") + until + "\" is before from \"" + from + "\""});
  }
}

void ListingValidator::check_registration(const Value& reg, const std::string& path,
                                          std::vector<Problem>& out) const {
  if (!reg.IsObject()) return;
  if (!get(reg, "url") && !get(reg, "deadline") && !get(reg, "note")) {
    out.push_back({path, "needs at least one of url, deadline or note"});
  }
  check_date(reg, "deadline", path, out, /*may_be_future=*/true);
}

// --- end of courses and terms ---

void ListingValidator::check_semantics(const Value& v, const std::string& path,
                                       std::vector<Problem>& out) const {
  const Value* attendance = get(v, "attendance");
  const Value* location = get(v, "location");
  bool in_person = array_has(attendance, "in-person");
  if (in_person && !location) {
    out.push_back({path_join(path, "location"), "required for in-person listings"});
  }
  if (location && location->IsObject()) check_location(*location, path_join(path, "location"), out);

  const Value* area = get(v, "service_area");
  bool remote = array_has(attendance, "online") || array_has(attendance, "phone");
  if (remote && !in_person && !area) {
    out.push_back({path_join(path, "service_area"),
                   "required for online or phone listings (who may join: \"US\", \"GB-SCT\", \"worldwide\")"});
  }
  if (area && area->IsArray()) {
    for (rapidjson::SizeType i = 0; i < area->Size(); ++i) {
      const Value& a = (*area)[i];
      if (!a.IsString()) continue;
      std::string code = a.GetString();
      bool ok = code == "worldwide" || gazetteer_.is_country(code) || gazetteer_.is_region(code);
      bool shaped = std::regex_match(code, kAreaShape);
      if (shaped && !ok) {
        out.push_back({path_index(path_join(path, "service_area"), i),
                       "\"" + code + "\" is not a country or region"});
      }
    }
  }

  if (const Value* contact = get(v, "contact"); contact && contact->IsObject()) {
    if (!get(*contact, "url") && !get(*contact, "phone") && !get(*contact, "email")) {
      out.push_back({path_join(path, "contact"), "needs at least one of url, phone or email"});
    }
  }
  if (const Value* schedule = get(v, "schedule")) check_schedule(*schedule, path_join(path, "schedule"), out);
  if (const Value* reg = get(v, "registration")) check_registration(*reg, path_join(path, "registration"), out);

  check_date(v, "last_verified", path, out);
  if (const Value* sources = get(v, "sources"); sources && sources->IsArray()) {
    for (rapidjson::SizeType i = 0; i < sources->Size(); ++i) {
      check_date((*sources)[i], "date", path_index(path_join(path, "sources"), i), out);
    }
  }
  if (const char* description = get_string(v, "description")) {
    // Not std::regex: it recursed per character and a 30 KB description overflowed the
    // stack (issue 8); the schema's maxLength is checked alongside, not before.
    if (contains_html_tag(description)) {
      out.push_back({path_join(path, "description"), "must be plain text; HTML tags are not allowed"});
    }
  }
  if (const Value* translations = get(v, "translations")) {
    check_translations(v, *translations, path_join(path, "translations"), out);
  }
  check_urls(v, path, out);
}

void ListingValidator::check_translations(const Value& listing, const Value& translations, const std::string& path,
                                          std::vector<Problem>& out) const {
  if (!translations.IsObject()) return;  // the schema has said so
  std::string own = own_text_language(json::get_texts(listing, "languages"));
  for (const auto& m : translations.GetObject()) {
    std::string tag = m.name.GetString();
    std::string where = path_join(path, tag);
    if (!is_primary_language_tag(tag)) {
      out.push_back({where, "\"" + tag + "\" is not a language: use a lower-case primary language tag such as "
                                         "\"es\" or \"fr\""});
    } else if (tag == own) {
      out.push_back({where, "\"" + tag + "\" is the listing's own text language (its first languages entry); "
                                         "that text belongs in the fields themselves"});
    }
    if (const char* description = get_string(m.value, "description"); description && contains_html_tag(description)) {
      out.push_back({path_join(where, "description"), "must be plain text; HTML tags are not allowed"});
    }
  }
}

}  // namespace kindred
