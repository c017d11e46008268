// @brief Meeting Guide meetings -> kindred/1 listings (see meeting_guide.h).
#include "core/interop/meeting_guide.h"

#include <algorithm>
#include <regex>
#include <set>

#include <rapidjson/document.h>

#include "core/base/json_build.h"
#include "core/base/json_util.h"
#include "core/interop/feed_text.h"
#include "core/interop/meeting_guide_place.h"
#include "core/listing/validate.h"

namespace kindred {
namespace {

using rapidjson::Value;
using json::Alloc;

constexpr const char* kTypesFormat = "kindred-meeting-guide-types/1";
constexpr const char* kDayCodes[] = {"su", "mo", "tu", "we", "th", "fr", "sa"};

// A number or a numeric string ("2"), as feeds write both.
bool as_int(const Value& v, int& out) {
  if (v.IsInt()) {
    out = v.GetInt();
    return true;
  }
  if (v.IsString() && std::regex_match(v.GetString(), std::regex("[0-9]{1,2}"))) {
    out = std::stoi(v.GetString());
    return true;
  }
  return false;
}

// "H:MM", "HH:MM" or "HH:MM:SS" -> "HH:MM"; "" when malformed.
std::string normalise_time(const std::string& t) {
  std::smatch m;
  if (!std::regex_match(t, m, std::regex("([0-9]{1,2}):([0-5][0-9])(:[0-5][0-9])?"))) return "";
  int h = std::stoi(m[1]);
  if (h > 23) return "";
  return (h < 10 ? "0" : "") + std::to_string(h) + ":" + m[2].str();
}

struct Mapped {
  std::set<std::string> communities, accessibility, languages, topics;
  bool online = false, paused = false;
  std::vector<std::string> labels;  // in feed order, unknown codes as given
};

Mapped map_types(const Value& m, const MeetingGuideTypes& table, ImportReport& report) {
  Mapped out;
  auto types = m.FindMember("types");
  if (types == m.MemberEnd() || !types->value.IsArray()) return out;
  std::set<std::string> seen;
  for (const auto& t : types->value.GetArray()) {
    if (!t.IsString()) continue;
    std::string code = t.GetString();
    if (!seen.insert(code).second) continue;
    const MeetingGuideType* type = table.find(code);
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
  std::string slug;
  if (auto s = m.FindMember("slug"); s != m.MemberEnd()) {
    if (s->value.IsString()) slug = s->value.GetString();
    else if (s->value.IsInt64()) slug = std::to_string(s->value.GetInt64());
  }
  if (slug.empty()) return skip(path, "no slug (the spec requires one)"), "";
  std::string id = feed_listing_id(feed_.id, slug);
  if (!ids.insert(id).second) return skip(path, "slug \"" + slug + "\" repeats an earlier meeting's"), "";
  std::string name = clean_text(json::get_text(m, "name"), 200);
  if (name.empty()) return skip(path, "no name"), "";

  Mapped types = map_types(m, *ctx_.meeting_guide_types, report_);
  FeedPlace place = resolve_place(m, ctx_.gazetteer);
  std::string conference_url = json::get_text(m, "conference_url");
  if (!is_http_url(conference_url)) conference_url.clear();
  std::string conference_phone = json::get_text(m, "conference_phone");
  bool online = !conference_url.empty() || types.online;
  bool phone = !conference_phone.empty();
  bool remote = online || phone;
  // TC with a conference link is the usual way feeds say "meeting moved online".
  bool in_person = !(types.paused && remote) && (!place.address.empty() || !remote);
  bool paused = types.paused && !remote;

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
    std::vector<std::string> area = feed_.defaults.service_area;
    if (area.empty() && !place.country.empty()) area = {place.country};
    json::add_list(doc, "service_area", area, a);
  }

  std::string timezone = json::get_text(m, "timezone");
  if (!is_iana_zone(timezone)) {
    if (!timezone.empty()) note(path, "timezone \"" + timezone + "\" is not an IANA zone; using the place's");
    timezone = place.timezone.empty() ? feed_.defaults.timezone : place.timezone;
  }
  std::string start = normalise_time(json::get_text(m, "time"));
  std::vector<std::string> days;
  if (auto d = m.FindMember("day"); d != m.MemberEnd()) {
    std::vector<const Value*> values;
    if (d->value.IsArray()) for (const auto& x : d->value.GetArray()) values.push_back(&x);
    else values.push_back(&d->value);
    for (const Value* v : values) {
      int n = -1;
      if (as_int(*v, n) && n >= 0 && n <= 6 &&
          std::find(days.begin(), days.end(), kDayCodes[n]) == days.end()) {
        days.push_back(kDayCodes[n]);
      }
    }
  }
  if (!days.empty() && !start.empty()) {
    if (!is_iana_zone(timezone)) return skip(path, "no time zone: no timezone, coordinates or known city"), "";
    Value meeting(rapidjson::kObjectType);
    json::add_list(meeting, "days", days, a);
    json::add_text(meeting, "start", start, a);
    std::string end = normalise_time(json::get_text(m, "end_time"));
    if (!end.empty() && end > start) json::add_text(meeting, "end", end, a);
    else if (!end.empty()) json::add_text(meeting, "note", "Ends at " + end + " (the next day or as given).", a);
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
  std::string updated = json::get_text(m, "updated").substr(0, 10);
  if (!is_calendar_date(updated) || updated > ctx_.today) {
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
    out.types_.emplace(t.name.GetString(), std::move(type));
  }
  return out;
}

Expected<MeetingGuideTypes> MeetingGuideTypes::load(const std::string& path) {
  auto text = read_file(path);
  if (!text) return text.error();
  return parse(*text, path);
}

const MeetingGuideType* MeetingGuideTypes::find(const std::string& code) const {
  auto it = types_.find(code);
  return it == types_.end() ? nullptr : &it->second;
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
