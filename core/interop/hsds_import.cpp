// @brief HSDS 3.0 services -> kindred/1 listings (see hsds_import.h).
#include "core/interop/hsds_import.h"

#include <algorithm>
#include <regex>
#include <set>

#include <rapidjson/document.h>

#include "core/base/json_build.h"
#include "core/base/json_util.h"
#include "core/interop/feed_text.h"
#include "core/interop/hsds_export.h"
#include "core/listing/validate.h"
#include "core/schedule/schedule.h"

namespace kindred {
namespace {

using rapidjson::Value;
using json::Alloc;

const Value& member(const Value& obj, const char* key) {
  static const Value kNull;
  if (!obj.IsObject()) return kNull;
  auto it = obj.FindMember(key);
  return it == obj.MemberEnd() ? kNull : it->value;
}

// "19:30", "19:30:00", "19:30-05:00", "19:30:00Z" -> "19:30"; "" when malformed.
std::string hhmm(const std::string& t) {
  std::smatch m;
  if (!std::regex_match(t, m, std::regex("([01][0-9]|2[0-3]):([0-5][0-9])(:[0-5][0-9])?(Z|[+-][0-9]{2}:?[0-9]{2})?"))) {
    return "";
  }
  return m[1].str() + ":" + m[2].str();
}

// Values in the order given, each once (a listing's lists are ordered, and a round trip
// through HSDS must not reorder them).
struct Ordered {
  std::vector<std::string> items;
  void insert(const std::string& v) {
    if (std::find(items.begin(), items.end(), v) == items.end()) items.push_back(v);
  }
  template <typename It>
  void insert(It begin, It end) {
    for (; begin != end; ++begin) insert(*begin);
  }
  bool empty() const { return items.empty(); }
  size_t count(const std::string& v) const { return std::find(items.begin(), items.end(), v) != items.end(); }
  void erase(const std::string& v) { items.erase(std::remove(items.begin(), items.end(), v), items.end()); }
};

struct Facets {
  Ordered topics, communities, attendance, accessibility;
  std::string kind, facilitation, cost, timezone;
  std::string registration_url, registration_deadline, registration_note;  // issue 17
};

// Attributes of Kindred's own taxonomy back to fields; other taxonomies are reported.
void read_attributes(const Value& attrs, Facets& f, ImportReport& report) {
  if (!attrs.IsArray()) return;
  for (const auto& a : attrs.GetArray()) {
    const Value& term = member(a, "taxonomy_term");
    std::string taxonomy = json::get_text(term, "taxonomy"), type = json::get_text(a, "link_type");
    std::string value = json::get_text(a, "value");
    if (value.empty()) value = json::get_text(term, "code");
    if (type == "timezone" && is_iana_zone(value)) {
      f.timezone = value;
    } else if (taxonomy == kHsdsTaxonomy) {
      if (type == "topic") f.topics.insert(value);
      else if (type == "community") f.communities.insert(value);
      else if (type == "attendance") f.attendance.insert(value);
      else if (type == "accessibility") f.accessibility.insert(value);
      else if (type == "kind") f.kind = value;
      else if (type == "facilitation") f.facilitation = value;
      else if (type == "cost") f.cost = value;
      else if (type == "registration_url") f.registration_url = value;
      else if (type == "registration_deadline") f.registration_deadline = value;
      else if (type == "registration_note") f.registration_note = value;
    } else if (type != "kindred_id") {
      std::string code = json::get_text(term, "code");
      if (code.empty()) code = json::get_text(term, "name");
      ++report.unknown_codes[(taxonomy.empty() ? "attribute" : taxonomy) + ":" + (code.empty() ? value : code)];
    }
  }
}

// "CA-ON" or "ON" (with country "CA") -> "CA-ON" when it is a real ISO 3166-2 code.
std::string region_code(const Gazetteer& gazetteer, std::string state, const std::string& country) {
  for (auto& c : state) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  if (gazetteer.is_region(state)) return state;
  if (!country.empty() && gazetteer.is_region(country + "-" + state)) return country + "-" + state;
  return "";
}

class ServiceMapper {
 public:
  ServiceMapper(const FeedSpec& feed, const ImportContext& ctx, ImportReport& report)
      : feed_(feed), ctx_(ctx), report_(report) {}
  std::string map(const Value& s, const std::string& path, std::set<std::string>& ids);

 private:
  void add_location(const Value& s, Value& doc, Alloc& a, std::string& zone, std::string& country, bool& in_person,
                    bool& online);
  Value meetings(const Value& s, const std::string& zone, const std::string& path, Alloc& a);

  const FeedSpec& feed_;
  const ImportContext& ctx_;
  ImportReport& report_;
};

void ServiceMapper::add_location(const Value& s, Value& doc, Alloc& a, std::string& zone, std::string& country,
                                 bool& in_person, bool& online) {
  const Value& list = member(s, "service_at_locations");
  if (!list.IsArray()) return;
  for (const auto& sal : list.GetArray()) {
    const Value& loc = member(sal, "location");
    std::string type = json::get_text(loc, "location_type");
    if (type == "virtual") online = true;
    if (type != "physical" || in_person) continue;
    const Value& addresses = member(loc, "addresses");
    const Value& addr = addresses.IsArray() && !addresses.Empty() ? addresses[0] : member(loc, "address");
    std::string city = json::get_text(addr, "city"), state = json::get_text(addr, "state_province");
    country = json::get_text(addr, "country");
    std::string region = region_code(ctx_.gazetteer, state, country);
    auto place = ctx_.gazetteer.locate(json::get_text(addr, "postal_code"), city, region, country);
    if (region.empty() && place) region = place->region_code;
    if (place) zone = place->timezone;
    if (city.empty() || region.empty() || country.empty()) continue;  // not a place we can list
    Value l(rapidjson::kObjectType);
    json::add_text(l, "name", clean_text(json::get_text(loc, "name"), 200), a);
    std::string street = join({json::get_text(addr, "address_1"), json::get_text(addr, "address_2")}, ", ");
    json::add_text(l, "address", clean_text(street, 300), a);
    json::add_text(l, "locality", clean_text(city, 100), a);
    json::add_text(l, "region", region, a);
    std::string postal = json::get_text(addr, "postal_code");
    if (postal.size() >= 2 && postal.size() <= 12) json::add_text(l, "postal_code", postal, a);
    json::add_text(l, "country", country, a);
    const Value& lat = member(loc, "latitude");
    const Value& lon = member(loc, "longitude");
    if (lat.IsNumber() && lon.IsNumber() && std::abs(lat.GetDouble()) <= 90 && std::abs(lon.GetDouble()) <= 180) {
      l.AddMember("lat", lat.GetDouble(), a);
      l.AddMember("lon", lon.GetDouble(), a);
    }
    json::add(doc, "location", std::move(l), a);
    in_person = true;
  }
}

Value ServiceMapper::meetings(const Value& s, const std::string& zone, const std::string& path, Alloc& a) {
  Value out(rapidjson::kArrayType);
  const Value& list = member(s, "schedules");
  if (!list.IsArray()) return out;
  for (rapidjson::SizeType i = 0; i < list.Size(); ++i) {
    const Value& sc = list[i];
    std::string where = path + ".schedules[" + std::to_string(i) + "]";
    Facets f;
    read_attributes(member(sc, "attributes"), f, report_);
    std::string tz = f.timezone.empty() ? zone : f.timezone;
    std::string freq = json::get_text(sc, "freq"), start = hhmm(json::get_text(sc, "opens_at"));
    // Casting a double outside int's range is undefined behaviour (UBSan): such
    // an interval is unusable anyway, so it becomes 0.
    const Value& every = member(sc, "interval");
    double every_n = every.IsNumber() ? every.GetDouble() : 1;
    int interval = std::abs(every_n) < 1000 ? static_cast<int>(every_n) : 0;
    std::vector<std::string> days;
    int week = 0;
    std::string byday = json::get_text(sc, "byday");
    static const std::regex kDay("(-?[1-5])?(MO|TU|WE|TH|FR|SA|SU)");
    for (std::sregex_iterator it(byday.begin(), byday.end(), kDay), end;
         it != end; ++it) {
      std::string day = (*it)[2].str();
      for (auto& c : day) c = static_cast<char>(c - 'A' + 'a');
      if (std::find(days.begin(), days.end(), day) == days.end()) days.push_back(day);
      if ((*it)[1].matched && week == 0) week = std::stoi((*it)[1].str());
    }
    std::string frequency = freq == "MONTHLY" ? "monthly" : interval == 2 ? "biweekly" : "weekly";
    std::string anchor = json::get_text(sc, "dtstart").substr(0, 10);
    // Courses and terms (issue 17): a schedule with a count is that many sessions from
    // dtstart (a course); valid_from/valid_to (or until) bound a series.
    std::vector<std::string> dates;
    const Value& count = member(sc, "count");
    if (count.IsNumber() && count.GetDouble() >= 1 && is_calendar_date(anchor) && freq == "WEEKLY") {
      dates = weekly_session_dates(anchor, days, interval == 2 ? 2 : 1,
                            static_cast<size_t>(std::min(count.GetDouble(), 100.0)));
    }
    bool usable = (freq == "WEEKLY" || freq == "MONTHLY") && (interval == 1 || (interval == 2 && freq == "WEEKLY")) &&
                  !days.empty() && !start.empty() && is_iana_zone(tz) &&
                  (frequency != "biweekly" || is_calendar_date(anchor));
    if (!usable) {
      report_.notes.push_back({where, "not a weekly, every-other-week or monthly schedule with days, a time and a "
                                      "time zone; left out (see the listing's source)"});
      continue;
    }
    std::string end = hhmm(json::get_text(sc, "closes_at"));
    if (!dates.empty()) {
      // Sessions of one course come as one schedule each: consecutive ones at the same
      // times in the same zone are one meeting again.
      if (out.Size() > 0) {
        Value& last = out[out.Size() - 1];
        if (last.HasMember("dates") && json::get_text(last, "start") == start &&
            json::get_text(last, "end") == (end != start ? end : "") && json::get_text(last, "timezone") == tz) {
          std::vector<std::string> have = json::get_texts(last, "dates");
          for (const auto& d : dates) {
            if (std::find(have.begin(), have.end(), d) == have.end()) last["dates"].PushBack(Value(d.c_str(), a), a);
          }
          continue;
        }
      }
      Value meeting(rapidjson::kObjectType);
      json::add_list(meeting, "dates", dates, a);
      json::add_text(meeting, "start", start, a);
      if (!end.empty() && end != start) json::add_text(meeting, "end", end, a);
      json::add_text(meeting, "timezone", tz, a);
      json::add_text(meeting, "note", clean_text(json::get_text(sc, "description"), 300), a);
      out.PushBack(meeting, a);
      continue;
    }
    Value meeting(rapidjson::kObjectType);
    json::add_list(meeting, "days", days, a);
    json::add_text(meeting, "start", start, a);
    // A closing time before the opening one is the next day (HSDS writes a late meeting
    // that way); an equal one says nothing about the length, so it is left out.
    if (!end.empty() && end != start) json::add_text(meeting, "end", end, a);
    json::add_text(meeting, "timezone", tz, a);
    if (frequency != "weekly") json::add_text(meeting, "frequency", frequency, a);
    if (frequency == "monthly" && week != 0) meeting.AddMember("week_of_month", week, a);
    if (frequency == "biweekly") json::add_text(meeting, "anchor_date", anchor, a);
    std::string valid_from = json::get_text(sc, "valid_from").substr(0, 10);
    std::string valid_to = json::get_text(sc, "until").substr(0, 10);
    if (!is_calendar_date(valid_to)) valid_to = json::get_text(sc, "valid_to").substr(0, 10);
    if (is_calendar_date(valid_from)) json::add_text(meeting, "from", valid_from, a);
    if (is_calendar_date(valid_to) && (!is_calendar_date(valid_from) || valid_to >= valid_from)) {
      json::add_text(meeting, "until", valid_to, a);
    }
    std::string note = clean_text(json::get_text(sc, "description"), 300);
    json::add_text(meeting, "note", note, a);
    out.PushBack(meeting, a);
  }
  return out;
}

std::string ServiceMapper::map(const Value& s, const std::string& path, std::set<std::string>& ids) {
  auto skip = [&](std::string why) {
    report_.skipped.push_back({path, std::move(why)});
    return std::string();
  };
  if (!s.IsObject()) return skip("not an object");
  std::string service_id = json::get_text(s, "id");
  if (service_id.empty()) return skip("no id");
  std::string id = feed_listing_id(feed_.id, service_id);
  if (!ids.insert(id).second) return skip("id \"" + service_id + "\" repeats an earlier service's");
  std::string name = clean_text(json::get_text(s, "name"), 200);
  if (name.size() < 3) return skip("no usable name");
  Facets f;
  read_attributes(member(s, "attributes"), f, report_);

  rapidjson::Document doc(rapidjson::kObjectType);
  Alloc& a = doc.GetAllocator();
  json::add_text(doc, "id", id, a);
  json::add_text(doc, "name", name, a);
  json::add_text(doc, "kind", f.kind.empty() ? feed_.defaults.kind : f.kind, a);
  std::string description = clean_text(json::get_text(s, "description"), 5000);
  json::add_text(doc, "description", description.empty() ? "A service listed in the " + source_name(feed_) + "." : description, a);
  const Value& org = member(s, "organization");
  std::string org_name = clean_text(json::get_text(org, "name"), 200), org_url = json::get_text(org, "website");
  if (org_name.size() < 2) org_name = feed_.defaults.organization_name;
  if (org_name.size() < 2) org_name = source_name(feed_);
  if (!is_http_url(org_url)) org_url = feed_.defaults.organization_url;
  Value organization(rapidjson::kObjectType);
  json::add_text(organization, "name", org_name, a);
  if (is_http_url(org_url)) json::add_text(organization, "url", org_url, a);
  json::add(doc, "organization", std::move(organization), a);
  f.topics.insert(feed_.defaults.topics.begin(), feed_.defaults.topics.end());
  json::add_list(doc, "topics", f.topics.items, a);
  f.communities.insert(feed_.defaults.communities.begin(), feed_.defaults.communities.end());
  json::add_list(doc, "communities", f.communities.items, a);

  std::string zone, country;
  bool in_person = false, online = false;
  Value location_holder(rapidjson::kObjectType);
  add_location(s, location_holder, a, zone, country, in_person, online);
  std::vector<std::string> phones;
  if (const Value& list = member(s, "phones"); list.IsArray()) {
    // A service with no address is in the feed's own country (as the feeds file says).
    std::string phone_country = country.empty() ? feed_.defaults.country : country;
    for (const auto& p : list.GetArray()) phones.push_back(e164_phone(json::get_text(p, "number"), phone_country));
  }
  std::string phone = phones.empty() ? "" : phones[0];
  Ordered attendance = f.attendance;
  if (attendance.empty()) {
    if (in_person) attendance.insert("in-person");
    if (online) attendance.insert("online");
    if (attendance.empty()) attendance.insert(phone.empty() ? "online" : "phone");
  }
  if (!in_person) attendance.erase("in-person");
  if (attendance.empty()) attendance.insert("online");
  json::add_list(doc, "attendance", attendance.items, a);
  std::vector<std::string> languages;
  if (const Value& list = member(s, "languages"); list.IsArray()) {
    for (const auto& l : list.GetArray()) {
      std::string code = json::get_text(l, "code");
      // The length first: std::regex recurses per character, and a 27 KB code overflowed
      // the stack. A BCP 47 tag is at most 35 characters in practice (RFC 5646).
      if (code.size() <= 64 &&
          std::regex_match(code, std::regex("[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")) &&
          std::find(languages.begin(), languages.end(), code) == languages.end()) {
        languages.push_back(code);
      }
    }
  }
  if (languages.empty()) languages = feed_.defaults.languages;
  if (languages.empty()) languages = {"en"};
  json::add_list(doc, "languages", languages, a);
  json::add_text(doc, "cost", f.cost.empty() ? feed_.defaults.cost : f.cost, a);
  json::add_text(doc, "cost_note", clean_text(json::get_text(s, "fees_description"), 300), a);
  json::add_text(doc, "facilitation", f.facilitation.empty() ? feed_.defaults.facilitation : f.facilitation, a);
  if (in_person) json::add(doc, "location", Value(location_holder["location"], a), a);
  if (attendance.count("online") || attendance.count("phone")) {
    std::vector<std::string> area;
    if (const Value& list = member(s, "service_areas"); list.IsArray()) {
      for (const auto& sa : list.GetArray()) {
        std::string code = json::get_text(sa, "extent");
        if (code == "worldwide" || ctx_.gazetteer.is_country(code) || ctx_.gazetteer.is_region(code)) area.push_back(code);
      }
    }
    // Only online/phone-only listings need a service area; a hybrid one has its place.
    if (area.empty() && !in_person) area = feed_.defaults.service_area;
    if (area.empty() && !in_person && !country.empty()) area = {country};
    json::add_list(doc, "service_area", area, a);
  }
  if (zone.empty()) zone = feed_.defaults.timezone;
  Value schedule = meetings(s, zone, path, a);
  if (!schedule.Empty()) json::add(doc, "schedule", std::move(schedule), a);

  Value contact(rapidjson::kObjectType);
  std::string url = json::get_text(s, "url");
  if (!is_http_url(url)) url = is_http_url(org_url) ? org_url : feed_.defaults.contact_url;
  json::add_text(contact, "url", url, a);
  json::add_text(contact, "phone", phone.empty() ? feed_.defaults.contact_phone : phone, a);
  std::string email = json::get_text(s, "email");
  if (!is_email(email)) email = feed_.defaults.contact_email;
  json::add_text(contact, "email", email, a);
  json::add_text(contact, "how_to_join", clean_text(json::get_text(s, "application_process"), 500), a);
  json::add(doc, "contact", std::move(contact), a);
  json::add_list(doc, "accessibility", f.accessibility.items, a);
  json::add_text(doc, "eligibility", clean_text(json::get_text(s, "eligibility_description"), 500), a);
  if (!f.registration_url.empty() || !f.registration_deadline.empty() || !f.registration_note.empty()) {
    Value registration(rapidjson::kObjectType);  // issue 17; the validator checks the values
    json::add_text(registration, "url", f.registration_url, a);
    json::add_text(registration, "deadline", f.registration_deadline, a);
    json::add_text(registration, "note", clean_text(f.registration_note, 300), a);
    json::add(doc, "registration", std::move(registration), a);
  }
  std::string status = json::get_text(s, "status");
  if (status == "temporarily closed") json::add_text(doc, "status", "paused", a);
  else if (status == "inactive" || status == "defunct") json::add_text(doc, "status", "closed", a);
  std::string verified = json::get_text(s, "assured_date").substr(0, 10);
  if (!is_calendar_date(verified)) verified = json::get_text(s, "last_modified").substr(0, 10);
  if (!is_calendar_date(verified) || verified > ctx_.today) verified = ctx_.fetched_date;
  add_provenance(doc, feed_, verified, ctx_.fetched_date, a);
  return to_json(doc);
}

}  // namespace

Expected<ImportedFeed> import_hsds(const FeedSpec& feed, std::string_view body, const ImportContext& context) {
  rapidjson::Document doc;
  if (Status s = parse_json(body, doc); !s) return s.error();
  const Value* list = &doc;
  if (doc.IsObject() && doc.HasMember("contents")) list = &doc["contents"];
  ImportedFeed out;
  ServiceMapper mapper(feed, context, out.report);
  std::set<std::string> ids;
  auto take = [&](const Value& s, const std::string& path) {
    ++out.report.items;
    std::string listing = mapper.map(s, path, ids);
    if (listing.empty()) return;
    out.listings.push_back(std::move(listing));
    out.paths.push_back(path);
  };
  if (list->IsArray()) {
    for (rapidjson::SizeType i = 0; i < list->Size(); ++i) take((*list)[i], "[" + std::to_string(i) + "]");
  } else if (list->IsObject() && list->HasMember("id")) {
    take(*list, "");
  } else {
    return make_error(ErrorCode::kInvalidArgument, "expected an HSDS service, an array of services or a service list page");
  }
  return out;
}

}  // namespace kindred
