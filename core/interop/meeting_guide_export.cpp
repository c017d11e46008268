// @brief kindred/1 listings -> a Meeting Guide feed (see meeting_guide_export.h).
#include "core/interop/meeting_guide_export.h"

#include <algorithm>
#include <set>

#include <rapidjson/document.h>

#include "core/base/json_build.h"
#include "core/base/json_util.h"
#include "core/base/text.h"
#include "core/index/index_schema.h"
#include "core/interop/meeting_guide.h"

namespace kindred {
namespace {

using rapidjson::Value;
using json::Alloc;


bool has(const std::vector<std::string>& list, const char* value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

const Value* object(const Value& obj, const char* key) {
  auto it = obj.FindMember(key);
  return it != obj.MemberEnd() && it->value.IsObject() ? &it->value : nullptr;
}

int day_number(const std::string& code) {
  static const char* const kCodes[] = {"su", "mo", "tu", "we", "th", "fr", "sa"};
  for (int i = 0; i < 7; ++i) {
    if (code == kCodes[i]) return i;
  }
  return -1;
}

// The meeting-independent part of every meeting of one listing.
void add_listing_fields(Value& out, const Value& l, const Value* computed, const MeetingGuideTypes* table, Alloc& a) {
  json::add_text(out, "name", json::get_text(l, "name"), a);
  json::add_text(out, "notes", json::get_text(l, "description"), a);
  std::vector<std::string> attendance = json::get_texts(l, "attendance");
  bool in_person = has(attendance, "in-person"), online = has(attendance, "online"), phone = has(attendance, "phone");
  const Value* contact = object(l, "contact");
  std::string url = contact ? json::get_text(*contact, "url") : "";
  std::string tel = contact ? json::get_text(*contact, "phone") : "";

  std::vector<std::string> types;
  if (table) {
    for (const char* facet : {"communities", "accessibility", "languages"}) {
      for (const auto& v : json::get_texts(l, facet)) {
        std::string code = table->code_for(facet, v);
        if (!code.empty() && !has(types, code.c_str())) types.push_back(code);
      }
    }
  }
  if (online && url.empty()) types.push_back("ONL");
  bool paused = json::get_text(l, "status") == "paused";
  // TC is "location temporarily closed": it pauses an in-person meeting; any paused
  // meeting is TSML's "inactive" (below).
  if (paused && in_person && !online && !phone) types.push_back("TC");
  json::add_list(out, "types", types, a);

  if (const Value* loc = in_person ? object(l, "location") : nullptr) {
    std::string region = json::get_text(*loc, "region");
    std::string state = region.size() > 3 ? region.substr(3) : "";
    json::add_text(out, "location", json::get_text(*loc, "name"), a);
    json::add_text(out, "address", json::get_text(*loc, "address"), a);
    json::add_text(out, "city", json::get_text(*loc, "locality"), a);
    json::add_text(out, "state", state, a);
    json::add_text(out, "postal_code", json::get_text(*loc, "postal_code"), a);
    json::add_text(out, "country", json::get_text(*loc, "country"), a);
    std::vector<std::string> parts;
    for (const std::string& p : {json::get_text(*loc, "address"), json::get_text(*loc, "locality"),
                                 state + (json::get_text(*loc, "postal_code").empty() ? "" : " " + json::get_text(*loc, "postal_code")),
                                 json::get_text(*loc, "country")}) {
      if (!p.empty() && p != " ") parts.push_back(p);
    }
    json::add_text(out, "formatted_address", join(parts, ", "), a);
    const Value* where = loc->HasMember("lat") && loc->HasMember("lon") ? loc : computed;
    if (where && where->HasMember("lat") && where->HasMember("lon") && (*where)["lat"].IsNumber() &&
        (*where)["lon"].IsNumber()) {
      out.AddMember("latitude", (*where)["lat"].GetDouble(), a);
      out.AddMember("longitude", (*where)["lon"].GetDouble(), a);
      if (where != loc) json::add_text(out, "approximate", "yes", a);  // the gazetteer's, not the venue's
    }
  }
  json::add_text(out, "attendance_option", paused                         ? "inactive"
                                           : in_person && (online || phone) ? "hybrid"
                                           : in_person                      ? "in_person"
                                                                            : "online", a);
  if (online && !url.empty()) {
    json::add_text(out, "conference_url", url, a);
    json::add_text(out, "conference_url_notes", contact ? json::get_text(*contact, "how_to_join") : "", a);
  }
  if (phone && !tel.empty()) json::add_text(out, "conference_phone", tel, a);

  const Value* org = object(l, "organization");
  json::add_text(out, "url", !url.empty() ? url : org ? json::get_text(*org, "url") : "", a);
  if (org) {
    json::add_text(out, "entity", json::get_text(*org, "name"), a);
    json::add_text(out, "entity_url", json::get_text(*org, "url"), a);
  }
  if (contact) {
    json::add_text(out, "entity_email", json::get_text(*contact, "email"), a);
    json::add_text(out, "entity_phone", tel, a);
  }
  std::string verified = json::get_text(l, "last_verified");
  if (!verified.empty()) json::add_text(out, "updated", verified + " 00:00:00", a);
}

}  // namespace

MeetingGuideFeed meeting_guide_feed(const std::vector<std::string>& stored_documents, const MeetingGuideTypes* types) {
  MeetingGuideFeed feed;
  rapidjson::Document out(rapidjson::kArrayType);
  Alloc& a = out.GetAllocator();
  std::set<std::string> slugs;
  for (const auto& stored : stored_documents) {
    rapidjson::Document doc;
    if (!parse_json(stored, doc) || !doc.IsObject() || !doc.HasMember(schema::kDataListing)) continue;
    const Value& l = doc[schema::kDataListing];
    const Value* computed = object(doc, schema::kDataComputed);
    auto schedule = l.FindMember("schedule");
    if (schedule == l.MemberEnd() || !schedule->value.IsArray() || schedule->value.Empty()) {
      ++feed.left_out;  // ongoing or on demand: nothing to show in a meeting list
      continue;
    }
    std::string id = json::get_text(l, "id");
    size_t n = 0;
    for (const auto& m : schedule->value.GetArray()) {
      std::string frequency = json::get_text(m, "frequency");
      if (!frequency.empty() && frequency != "weekly") {
        ++feed.left_out;
        continue;
      }
      // The spec's `day` is one weekday: a meeting on several days is several meetings.
      for (const auto& d : json::get_texts(m, "days")) {
        int number = day_number(d);
        if (number < 0) continue;
        std::string slug = ++n == 1 ? id : id + "-meeting-" + std::to_string(n);
        if (!slugs.insert(slug).second) {
          ++feed.left_out;
          continue;
        }
        Value meeting(rapidjson::kObjectType);
        json::add_text(meeting, "slug", slug, a);
        meeting.AddMember("day", number, a);
        json::add_text(meeting, "time", json::get_text(m, "start"), a);
        std::string end = json::get_text(m, "end");
        json::add_text(meeting, "end_time", end == "24:00" ? "00:00" : end, a);
        json::add_text(meeting, "timezone", json::get_text(m, "timezone"), a);
        add_listing_fields(meeting, l, computed, types, a);
        out.PushBack(meeting, a);
        ++feed.meetings;
      }
    }
  }
  feed.json = to_json(out);
  return feed;
}

}  // namespace kindred
