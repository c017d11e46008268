// @brief Meeting Guide meetings -> kindred/1 listings (see meeting_guide.h).
#include "core/interop/meeting_guide.h"

#include <algorithm>
#include <set>

#include <rapidjson/document.h>

#include "core/base/json_build.h"
#include "core/base/json_util.h"
#include "core/interop/feed_text.h"
#include "core/interop/meeting_guide_place.h"
#include "core/interop/meeting_guide_values.h"
#include "core/listing/validate.h"

namespace kindred {
namespace {

using rapidjson::Value;
using json::Alloc;

constexpr const char* kTypesFormat = "kindred-meeting-guide-types/1";

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  return s;
}

// A member as text: strings as they are, whole numbers written out (slugs, ids).
std::string text_of(const Value& m, const char* key) {
  auto it = m.FindMember(key);
  if (it == m.MemberEnd()) return "";
  if (it->value.IsString()) return it->value.GetString();
  if (it->value.IsInt64()) return std::to_string(it->value.GetInt64());
  return "";
}

struct Mapped {
  std::set<std::string> communities, accessibility, languages, topics;
  bool online = false, paused = false;
  std::vector<std::string> labels;  // in feed order, unknown codes as given
};

Mapped map_types(const Value& m, const MeetingGuideTypes& table, ImportReport& report) {
  Mapped out;
  auto types = m.FindMember("types");
  if (types == m.MemberEnd()) return out;
  std::set<const MeetingGuideType*> seen;
  for (const std::string& code : mg_type_codes(types->value)) {
    const MeetingGuideType* type = table.find(code);
    if (type && !seen.insert(type).second) continue;  // "O" and "o"
    if (!type) {
      ++report.unknown_codes[code];
      out.labels.push_back(code);
      continue;
    }
    out.labels.push_back(type->label);
    out.communities.insert(type->communities.begin(), type->communities.end());
    out.accessibility.insert(type->accessibility.begin(), type->accessibility.end());
    out.languages.insert(type->languages.begin(), type->languages.end());
    out.topics.insert(type->topics.begin(), type->topics.end());
    for (const auto& a : type->attendance) out.online = out.online || a == "online";
    out.paused = out.paused || type->status == "paused";
  }
  return out;
}

class MeetingMapper {
 public:
  MeetingMapper(const FeedSpec& feed, const ImportContext& context, ImportReport& report)
      : feed_(feed), ctx_(context), report_(report) {}

  // The listing for meeting `m` at `path`, or an empty string (and a skipped entry).
  std::string map(const Value& m, const std::string& path, std::set<std::string>& ids);

 private:
  bool skip(const std::string& path, std::string why) {
    report_.skipped.push_back({path, std::move(why)});
    return false;
  }
  void note(const std::string& path, std::string what) { report_.notes.push_back({path, std::move(what)}); }

  const FeedSpec& feed_;
  const ImportContext& ctx_;
  ImportReport& report_;
};

std::string MeetingMapper::map(const Value& m, const std::string& path, std::set<std::string>& ids) {
  if (!m.IsObject()) return skip(path, "not an object"), "";
  std::string slug = text_of(m, "slug");
  if (slug.empty()) return skip(path, "no slug (the spec requires one)"), "";
  std::string id = feed_listing_id(feed_.id, slug);
  if (!ids.insert(id).second) return skip(path, "slug \"" + slug + "\" repeats an earlier meeting's"), "";
  std::string name = clean_text(json::get_text(m, "name"), 200);
  if (name.empty()) return skip(path, "slug \"" + slug + "\": no name"), "";

  Mapped types = map_types(m, *ctx_.meeting_guide_types, report_);
  FeedPlace place = resolve_place(m, ctx_.gazetteer, feed_.defaults.country);
  std::string conference_url = json::get_text(m, "conference_url");
  if (!is_http_url(conference_url)) conference_url.clear();
  std::string conference_phone = json::get_text(m, "conference_phone");
  // TSML's attendance_option says what its own page shows: trust it over guesses.
  std::string option = json::get_text(m, "attendance_option");
  bool online = !conference_url.empty() || types.online || option == "online" || option == "hybrid";
  bool phone = !conference_phone.empty();
  if (!online && !phone && place.locality.empty() && !place.has_coordinates) {
    const auto& d = feed_.defaults.attendance;
    online = std::find(d.begin(), d.end(), "online") != d.end();
    phone = std::find(d.begin(), d.end(), "phone") != d.end();
    if (!online && !phone) {
      return skip(path, "slug \"" + slug + "\": no address, coordinates, conference link or phone: nothing says "
                        "where or how it meets (a feed of online groups can say so in defaults.attendance)"), "";
    }
  }
  bool remote = online || phone;
  // TC with a conference link is the usual way feeds say "meeting moved online"; an
  // online meeting's approximate address is only where its organisers are.
  bool has_venue = !place.address.empty() && !(place.approximate && remote);
  bool in_person = !(types.paused && remote) && (has_venue || !remote);
  if (option == "online" && remote) in_person = false;
  if ((option == "hybrid" || option == "in_person") && !place.locality.empty()) in_person = true;
  bool paused = (types.paused && !remote) || option == "inactive";

  rapidjson::Document doc(rapidjson::kObjectType);
  Alloc& a = doc.GetAllocator();
  json::add_text(doc, "id", id, a);
  if (name.size() < 3) name += " (" + (place.name.empty() ? place.locality : place.name) + ")";
  json::add_text(doc, "name", name, a);
  json::add_text(doc, "kind", feed_.defaults.kind, a);

  std::vector<std::string> parts;
  for (const char* key : {"notes", "location_notes", "group_notes"}) {
    std::string t = clean_text(json::get_text(m, key), 2000);
    if (!t.empty()) parts.push_back(t);
  }
  std::vector<std::string> where;  // the feed's own grouping, for people who know it
  if (std::string g = clean_text(json::get_text(m, "group"), 200); !g.empty() && g != name) where.push_back("Group: " + g);
  if (std::string d = clean_text(json::get_text(m, "district"), 200); !d.empty()) where.push_back("District: " + d);
  std::vector<std::string> regions;
  if (auto r = m.FindMember("regions"); r != m.MemberEnd() && r->value.IsArray()) {
    for (const auto& x : r->value.GetArray()) {
      if (x.IsString() && *x.GetString()) regions.push_back(clean_text(x.GetString(), 100));
    }
  }
  if (regions.empty()) {
    for (const char* key : {"region", "sub_region"}) {
      if (std::string t = clean_text(json::get_text(m, key), 100); !t.empty()) regions.push_back(t);
    }
  }
  if (!regions.empty()) where.push_back("Region: " + join(regions, " > "));
  if (!where.empty()) parts.push_back(join(where, ". ") + ".");
  if (!types.labels.empty()) parts.push_back("Meeting types: " + join(types.labels, ", ") + ".");
  std::string description = join(parts, "\n\n");
  if (description.empty()) description = "A meeting listed in the " + source_name(feed_) + ".";
  json::add_text(doc, "description", clean_text(description, 5000), a);

  std::string org = clean_text(json::get_text(m, "entity"), 200);
  if (org.empty()) org = clean_text(json::get_text(m, "group"), 200);
  if (org.empty()) org = feed_.defaults.organization_name;
  if (org.size() < 2) org = source_name(feed_);
  Value organization(rapidjson::kObjectType);
  json::add_text(organization, "name", org, a);
  std::string org_url = json::get_text(m, "entity_url");
  if (!is_http_url(org_url)) org_url = json::get_text(m, "entity_website_url");
  if (!is_http_url(org_url)) org_url = feed_.defaults.organization_url;
  if (is_http_url(org_url)) json::add_text(organization, "url", org_url, a);
  json::add(doc, "organization", std::move(organization), a);

  std::set<std::string> topics(feed_.defaults.topics.begin(), feed_.defaults.topics.end());
  topics.insert(types.topics.begin(), types.topics.end());
  json::add_list(doc, "topics", {topics.begin(), topics.end()}, a);
  std::set<std::string> communities(feed_.defaults.communities.begin(), feed_.defaults.communities.end());
  communities.insert(types.communities.begin(), types.communities.end());
  json::add_list(doc, "communities", {communities.begin(), communities.end()}, a);
  std::vector<std::string> attendance;
  if (in_person) attendance.push_back("in-person");
  if (online) attendance.push_back("online");
  if (phone) attendance.push_back("phone");
  json::add_list(doc, "attendance", attendance, a);
  std::vector<std::string> languages(types.languages.begin(), types.languages.end());
  // The first language is the listing's own text language (translation.h). Meeting Guide
  // names and notes are written in the feed's language (English, or the feed's default)
  // unless the meeting meets in one language only ("S": a Spanish meeting, Spanish name).
  const std::vector<std::string>& feed_languages = feed_.defaults.languages;
  std::string text_language = feed_languages.empty() ? "en" : feed_languages.front();
  if (languages.size() > 1) {
    auto it = std::find(languages.begin(), languages.end(), text_language);
    if (it != languages.end()) std::rotate(languages.begin(), it, it + 1);
  }
  if (languages.empty()) languages = feed_.defaults.languages;
  if (languages.empty()) languages = {"en"};
  json::add_list(doc, "languages", languages, a);
  json::add_text(doc, "cost", feed_.defaults.cost, a);
  json::add_text(doc, "facilitation", feed_.defaults.facilitation, a);

  if (in_person) {
    Value loc(rapidjson::kObjectType);
    json::add_text(loc, "name", clean_text(json::get_text(m, "location"), 200), a);
    json::add_text(loc, "address", clean_text(place.address, 300), a);
    json::add_text(loc, "locality", clean_text(place.locality, 100), a);
    json::add_text(loc, "region", place.region, a);
    if (place.postal_code.size() >= 2 && place.postal_code.size() <= 12) {
      json::add_text(loc, "postal_code", place.postal_code, a);
    }
    json::add_text(loc, "country", place.country, a);
    if (place.has_coordinates) {
      loc.AddMember("lat", place.lat, a);
      loc.AddMember("lon", place.lon, a);
    }
    json::add(doc, "location", std::move(loc), a);
  }
  if (remote) {
    // Open to anyone unless the feed says otherwise: an online meeting's place (when it
    // has one) is where it is run from, so it is found from that country; one with no
    // place at all is found from anywhere ("worldwide" in the listing contract).
    std::vector<std::string> area = feed_.defaults.service_area;
    if (area.empty()) area = {place.country.empty() ? "worldwide" : place.country};
    json::add_list(doc, "service_area", area, a);
  }

  // The meeting's own zone, else (for a meeting held only online or by phone) the zone the
  // feed says it writes those in, else the place's, else the feed's default.
  std::string timezone = json::get_text(m, "timezone");
  if (!is_iana_zone(timezone)) {
    if (!timezone.empty()) note(path, "timezone \"" + timezone + "\" is not an IANA zone; using the place's");
    timezone = !in_person && !feed_.defaults.online_timezone.empty() ? feed_.defaults.online_timezone
               : place.timezone.empty()                               ? feed_.defaults.timezone
                                                                      : place.timezone;
    if (timezone == place.timezone && place.timezone_from_region) {
      note(path, "\"" + place.locality + "\" is not in the gazetteer; time zone " + timezone + " is its region's");
    }
  }
  std::string time_text = json::get_text(m, "time");
  std::string start = mg_time(time_text);
  if (start.empty() && !time_text.empty()) note(path, "time \"" + time_text + "\" is not a time of day");
  std::vector<std::string> days;
  if (auto d = m.FindMember("day"); d != m.MemberEnd()) days = mg_days(d->value);
  if (!days.empty() && !start.empty()) {
    if (!is_iana_zone(timezone)) {
      return skip(path, "slug \"" + slug + "\": no time zone: no timezone, coordinates or known city"), "";
    }
    Value meeting(rapidjson::kObjectType);
    json::add_list(meeting, "days", days, a);
    json::add_text(meeting, "start", start, a);
    EndTime end = mg_end_time(start, mg_time(json::get_text(m, "end_time"), /*is_end=*/true));
    if (!end.note.empty()) note(path, end.note);
    json::add_text(meeting, "end", end.end, a);
    json::add_text(meeting, "timezone", timezone, a);
    Value schedule(rapidjson::kArrayType);
    schedule.PushBack(meeting, a);
    json::add(doc, "schedule", std::move(schedule), a);
  } else {
    json::add_text(doc, "schedule_note", "By appointment: the feed gives no weekly day and time.", a);
  }

  Value contact(rapidjson::kObjectType);
  std::string url = json::get_text(m, "url");
  if (!is_http_url(url)) url = conference_url;
  if (url.empty()) url = is_http_url(org_url) ? org_url : feed_.defaults.contact_url;
  if (url.empty()) url = feed_.url;  // the published feed is where the facts are
  json::add_text(contact, "url", url, a);
  std::string email = json::get_text(m, "entity_email");
  if (!is_email(email)) email = feed_.defaults.contact_email;
  if (is_email(email)) json::add_text(contact, "email", email, a);
  std::string tel = e164_phone(json::get_text(m, "entity_phone"), place.country);
  if (tel.empty()) tel = feed_.defaults.contact_phone;
  json::add_text(contact, "phone", tel, a);
  std::vector<std::string> join_parts;
  if (!conference_url.empty()) {
    std::string notes = clean_text(json::get_text(m, "conference_url_notes"), 150);
    join_parts.push_back("Join online: " + conference_url + (notes.empty() ? "" : " (" + notes + ")"));
  }
  if (phone) {
    std::string notes = clean_text(json::get_text(m, "conference_phone_notes"), 100);
    join_parts.push_back("Dial in: " + clean_text(conference_phone, 60) + (notes.empty() ? "" : " (" + notes + ")"));
  }
  json::add_text(contact, "how_to_join", clean_text(join(join_parts, " "), 500), a);
  json::add(doc, "contact", std::move(contact), a);

  json::add_list(doc, "accessibility", {types.accessibility.begin(), types.accessibility.end()}, a);
  if (paused) json::add_text(doc, "status", "paused", a);
  std::string updated = mg_date(json::get_text(m, "updated"));
  if (updated.empty() || updated > ctx_.today) {
    if (!updated.empty()) note(path, "updated \"" + json::get_text(m, "updated") + "\" is not a usable date");
    updated = ctx_.fetched_date;
  }
  add_provenance(doc, feed_, updated, ctx_.fetched_date, a);
  return to_json(doc);
}

}  // namespace

Expected<MeetingGuideTypes> MeetingGuideTypes::parse(std::string_view text, const std::string& source_name) {
  rapidjson::Document doc;
  if (Status s = parse_json(text, doc); !s) return make_error(ErrorCode::kCorrupt, source_name + ": " + s.error().message);
  if (!doc.IsObject() || json::get_text(doc, "format") != kTypesFormat || !doc.HasMember("types") ||
      !doc["types"].IsObject()) {
    return make_error(ErrorCode::kCorrupt, source_name + ": expected {\"format\": \"" + kTypesFormat + "\", \"types\": {...}}");
  }
  MeetingGuideTypes out;
  for (const auto& t : doc["types"].GetObject()) {
    MeetingGuideType type;
    type.label = json::get_text(t.value, "label");
    auto list = [&](const char* key, std::vector<std::string>& into) {
      auto it = t.value.FindMember(key);
      if (it == t.value.MemberEnd() || !it->value.IsArray()) return;
      for (const auto& v : it->value.GetArray()) if (v.IsString()) into.push_back(v.GetString());
    };
    list("communities", type.communities);
    list("accessibility", type.accessibility);
    list("languages", type.languages);
    list("topics", type.topics);
    list("attendance", type.attendance);
    type.status = json::get_text(t.value, "status");
    if (type.label.empty()) {
      return make_error(ErrorCode::kCorrupt, source_name + ": types." + t.name.GetString() + ": no label");
    }
    out.folded_.emplace(upper(type.label), t.name.GetString());
    out.types_.emplace(t.name.GetString(), std::move(type));
  }
  // A code wins over a label spelt the same; among codes, the exact spelling is found first.
  for (const auto& [code, type] : out.types_) out.folded_[upper(code)] = code;
  for (const auto& [code, type] : out.types_) {
    size_t values = type.communities.size() + type.accessibility.size() + type.languages.size() +
                    type.topics.size() + type.attendance.size();
    if (values != 1 || !type.status.empty()) continue;
    std::string key = !type.communities.empty()     ? "communities:" + type.communities[0]
                      : !type.accessibility.empty() ? "accessibility:" + type.accessibility[0]
                      : !type.languages.empty()     ? "languages:" + type.languages[0]
                                                    : "";
    if (key.empty()) continue;
    auto it = out.reverse_.find(key);
    if (it == out.reverse_.end() || code.size() < it->second.size()) out.reverse_[key] = code;
  }
  return out;
}

Expected<MeetingGuideTypes> MeetingGuideTypes::load(const std::string& path) {
  auto text = read_file(path);
  if (!text) return text.error();
  return parse(*text, path);
}

std::string MeetingGuideTypes::code_for(const std::string& facet, const std::string& value) const {
  auto it = reverse_.find(facet + ":" + value);
  return it == reverse_.end() ? "" : it->second;
}

const MeetingGuideType* MeetingGuideTypes::find(const std::string& code) const {
  auto it = types_.find(code);
  if (it != types_.end()) return &it->second;
  auto folded = folded_.find(upper(code));
  return folded == folded_.end() ? nullptr : &types_.at(folded->second);
}

Expected<ImportedFeed> import_meeting_guide(const FeedSpec& feed, std::string_view body, const ImportContext& context) {
  rapidjson::Document doc;
  if (Status s = parse_json(body, doc); !s) return s.error();
  if (!doc.IsArray()) return make_error(ErrorCode::kInvalidArgument, "expected a JSON array of meetings");
  if (!context.meeting_guide_types) return make_error(ErrorCode::kInternal, "no Meeting Guide type table");
  ImportedFeed out;
  out.report.items = doc.Size();
  MeetingMapper mapper(feed, context, out.report);
  std::set<std::string> ids;
  for (rapidjson::SizeType i = 0; i < doc.Size(); ++i) {
    std::string path = "[" + std::to_string(i) + "]";
    std::string listing = mapper.map(doc[i], path, ids);
    if (listing.empty()) continue;
    out.listings.push_back(std::move(listing));
    out.paths.push_back(path);
  }
  return out;
}

}  // namespace kindred
