// @brief The API's JSON encodings (see json_out.h).
#include "server/json_out.h"

#include <cmath>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "core/base/json_util.h"
#include "core/base/utf8.h"
#include "core/index/index_schema.h"
#include "core/listing/freshness.h"
#include "core/listing/listing.h"
#include "core/schedule/schedule.h"
#include "server/json_writer.h"

namespace kindred::http {
namespace {

using jw::field;
using jw::finish;
using jw::key;
using jw::put;
using jw::Writer;

void put_next_meeting(Writer& w, const std::string& start, const std::string& timezone) {
  key(w, "next_meeting");
  w.StartObject();
  field(w, "start", start);
  field(w, "timezone", timezone);
  w.EndObject();
}

void put_strings(Writer& w, const char* name, const std::vector<std::string>& values) {
  key(w, name);
  w.StartArray();
  for (const auto& v : values) put(w, v);
  w.EndArray();
}

// Omitted when empty, as the listing itself omits them.
void put_optional(Writer& w, const char* name, const std::string& value) {
  if (!value.empty()) field(w, name, value);
}

// --- Courses and terms (issue 17) ---
// "sessions": [{"start", "end", "timezone"}] of dated meetings, in order.
void put_sessions(Writer& w, const std::vector<NextMeeting>& starts, const std::vector<std::string>& ends) {
  if (starts.empty()) return;
  key(w, "sessions");
  w.StartArray();
  for (size_t i = 0; i < starts.size(); ++i) {
    w.StartObject();
    field(w, "start", starts[i].start);
    if (i < ends.size()) field(w, "end", ends[i]);
    field(w, "timezone", starts[i].timezone);
    w.EndObject();
  }
  w.EndArray();
}

void put_registration(Writer& w, const std::optional<Registration>& r) {
  if (!r) return;
  key(w, "registration");
  w.StartObject();
  put_optional(w, "url", r->url);
  put_optional(w, "deadline", r->deadline);
  put_optional(w, "note", r->note);
  w.EndObject();
}
// --- end of courses and terms ---

void put_hit(Writer& w, const Hit& h, bool place_given, std::string_view link_status) {
  w.StartObject();
  field(w, "id", h.id);
  field(w, "name", h.name);
  field(w, "kind", h.kind);
  field(w, "organization", h.organization);
  field(w, "snippet", h.snippet);
  if (!h.text_language.empty()) field(w, "text_language", h.text_language);
  // Every copy of the meeting this result stands for: one, or one per feed that lists it.
  key(w, "sources");
  w.StartArray();
  for (const auto& src : h.sources) {
    w.StartObject();
    field(w, "listing_id", src.listing_id);
    field(w, "origin", src.origin);
    field(w, "name", src.name);
    if (!src.url.empty()) field(w, "url", src.url);
    w.EndObject();
  }
  w.EndArray();
  put_strings(w, "attendance", h.attendance);
  // The card's fields (one request per search): the listing's own, unchanged.
  put_strings(w, "topics", h.topics);
  put_strings(w, "communities", h.communities);
  put_strings(w, "languages", h.languages);
  put_optional(w, "cost", h.cost);
  put_optional(w, "facilitation", h.facilitation);
  put_optional(w, "schedule_note", h.schedule_note);
  put_optional(w, "phone", h.phone);
  if (!h.locality.empty() || !h.region.empty() || !h.country.empty()) {
    key(w, "location");
    w.StartObject();
    put_optional(w, "locality", h.locality);
    put_optional(w, "region", h.region);
    put_optional(w, "postal_code", h.postal_code);
    put_optional(w, "country", h.country);
    w.EndObject();
  }
  if (place_given && h.distance_km) {
    key(w, "distance_km");
    w.Double(std::round(*h.distance_km * 10) / 10);
  }
  if (place_given) {
    key(w, "serves_place");
    w.Bool(h.serves_place);
  }
  if (h.next_meeting) put_next_meeting(w, h.next_meeting->start, h.next_meeting->timezone);
  put_sessions(w, h.sessions, h.session_ends);
  put_optional(w, "until", h.until);
  put_registration(w, h.registration);
  field(w, "status", h.status);
  key(w, "stale");
  w.Bool(h.stale);
  field(w, "last_verified", h.last_verified);
  if (!link_status.empty()) field(w, "link_status", link_status);
  if (h.general) {
    key(w, "general");
    w.Bool(true);
  }
  w.EndObject();
}

void put_place_fields(Writer& w, const Place& p) {
  field(w, "name", p.name);
  field(w, "admin1", p.admin1);
  field(w, "region", p.region_code);
  field(w, "country", p.country);
  key(w, "lat");
  w.Double(p.lat);
  key(w, "lon");
  w.Double(p.lon);
  field(w, "timezone", p.timezone);
}

void put_place_alternatives(Writer& w, const std::vector<Place>& alternatives) {
  if (alternatives.empty()) return;
  key(w, "alternatives");
  w.StartArray();
  for (const auto& p : alternatives) {
    w.StartObject();
    put_place_fields(w, p);
    key(w, "population");
    w.Uint(p.population);
    w.EndObject();
  }
  w.EndArray();
}

// "Moscow, Idaho, US": how the page names a place read from a sentence.
std::string place_label(const Place& p) {
  std::string out = p.name;
  if (!p.postal_code.empty() && p.postal_code != p.name) out = p.postal_code + " " + out;
  if (!p.admin1.empty()) out += ", " + p.admin1;
  if (!p.country.empty()) out += ", " + p.country;
  return out;
}

// understood, also_nearby and online_serving_place (issue 12: search that understands people).
void put_understanding(Writer& w, const SearchResult& result, bool place_given, const LinkStatusTable* links) {
  if (result.understood) {
    key(w, "understood");
    w.StartObject();
    if (result.understood->near) field(w, "near", place_label(*result.understood->near));
    if (!result.understood->filters.empty()) {
      key(w, "filters");
      w.StartObject();
      for (const auto& [facet, values] : result.understood->filters) {
        key(w, facet.c_str());
        w.StartArray();
        for (const auto& v : values) put(w, v);
        w.EndArray();
      }
      w.EndObject();
    }
    field(w, "q", result.understood->q);
    w.EndObject();
  }
  if (!result.also_nearby.empty()) {
    key(w, "also_nearby");
    w.StartArray();
    for (const auto& h : result.also_nearby) {
      put_hit(w, h, place_given, links ? links->status(h.id) : std::string_view());
    }
    w.EndArray();
  }
  if (result.online_serving_place) {
    key(w, "online_serving_place");
    w.Uint64(*result.online_serving_place);
  }
}

}  // namespace

std::string error_json(std::string_view code, std::string_view message, const std::vector<Problem>& details) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  key(w, "error");
  w.StartObject();
  field(w, "code", code);
  field(w, "message", message);
  if (!details.empty()) {
    key(w, "details");
    w.StartArray();
    for (const auto& d : details) {
      w.StartObject();
      field(w, "path", d.path);
      field(w, "message", d.message);
      w.EndObject();
    }
    w.EndArray();
  }
  w.EndObject();
  w.EndObject();
  return finish(buf);
}

std::string search_json(const SearchResult& result, const SearchRequest& request, const LinkStatusTable* links) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  const bool place_given = result.place.has_value();
  w.StartObject();
  field(w, "lang", request.lang);
  key(w, "total");
  w.Uint64(result.total);
  key(w, "results");
  w.StartArray();
  for (const auto& h : result.hits) put_hit(w, h, place_given, links ? links->status(h.id) : std::string_view());
  w.EndArray();
  key(w, "facets");
  w.StartArray();
  for (const auto& f : result.facets) {
    w.StartObject();
    field(w, "name", f.name);
    field(w, "label", f.label);
    key(w, "values");
    w.StartArray();
    for (const auto& v : f.values) {
      w.StartObject();
      field(w, "value", v.value);
      field(w, "label", v.label);
      key(w, "count");
      w.Uint64(v.count);
      key(w, "selected");
      w.Bool(v.selected);
      w.EndObject();
    }
    w.EndArray();
    if (f.more > 0) {
      key(w, "more");
      w.Uint64(f.more);
    }
    w.EndObject();
  }
  w.EndArray();
  if (result.place) {
    key(w, "place");
    w.StartObject();
    put_place_fields(w, result.place->place);
    key(w, "radius_km");
    w.Double(result.place->radius_km);
    put_place_alternatives(w, result.place->alternatives);
    w.EndObject();
  }
  if (result.suggestion) field(w, "suggestion", *result.suggestion);
  if (result.relaxed) {
    key(w, "relaxed");
    w.Bool(true);
  }
  put_understanding(w, result, place_given, links);
  if (result.corrected) {
    key(w, "corrected");
    w.StartObject();
    field(w, "from", result.corrected->from);
    field(w, "to", result.corrected->to);
    w.EndObject();
  }
  // Always present, so the page need not guess what an absent flag means.
  key(w, "crisis");
  w.StartObject();
  key(w, "matched");
  w.Bool(result.crisis);
  w.EndObject();
  key(w, "page");
  w.Uint(request.page);
  key(w, "per_page");
  w.Uint(request.per_page);
  w.EndObject();
  return finish(buf);
}

std::string places_json(const std::vector<Place>& places) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  key(w, "places");
  w.StartArray();
  for (const auto& p : places) {
    w.StartObject();
    put_place_fields(w, p);
    if (!p.postal_code.empty()) field(w, "postal_code", p.postal_code);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return finish(buf);
}

std::string vocabulary_json(const Vocabulary& vocabulary, const std::string& lang) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  field(w, "lang", lang);
  key(w, "facets");
  w.StartArray();
  for (const auto& f : vocabulary.facets()) {
    w.StartObject();
    field(w, "name", f.name);
    field(w, "label", vocabulary.facet_label(f.name, lang));
    key(w, "values");
    w.StartArray();
    for (const auto& v : f.values) {
      w.StartObject();
      field(w, "value", v.value);
      field(w, "label", vocabulary.label(f.name, v.value, lang));
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return finish(buf);
}

std::string health_json(uint64_t listings) {
  return "{\"status\":\"ok\",\"listings\":" + std::to_string(listings) + "}";
}

Expected<std::string> listing_view_json(const std::string& stored, std::chrono::system_clock::time_point now,
                                        std::string_view link_status, const std::string& lang) {
  rapidjson::Document doc;
  if (Status s = parse_json(stored, doc); !s) {
    return make_error(ErrorCode::kInternal, "stored listing: " + s.error().message);
  }
  if (!doc.IsObject() || !doc.HasMember(schema::kDataListing) || !doc[schema::kDataListing].IsObject()) {
    return make_error(ErrorCode::kInternal, "stored listing: no listing object");
  }
  rapidjson::Value& listing = doc[schema::kDataListing];
  Listing typed = listing_from_json(listing);
  auto next = next_meeting(typed.schedule, std::chrono::floor<std::chrono::seconds>(now));
  // The translatable fields in `lang` where a translation has them; `translations` stays,
  // so staff and referral pages can show every language.
  std::string text_language = shown_text_language(listing, lang);
  show_in_language(listing, text_language, doc.GetAllocator());

  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  field(w, "lang", lang);
  field(w, "text_language", text_language);
  key(w, "listing");
  listing.Accept(w);
  key(w, "computed");
  w.StartObject();
  auto computed = doc.FindMember(schema::kDataComputed);
  if (computed != doc.MemberEnd() && computed->value.IsObject()) {
    for (const auto& m : computed->value.GetObject()) {
      w.Key(m.name.GetString(), m.name.GetStringLength());
      m.value.Accept(w);
    }
  }
  if (next) put_next_meeting(w, next->start_local, next->timezone);
  // Courses and terms (issue 17): each dated session, and whether every session is over.
  std::vector<NextMeeting> sessions;
  std::vector<std::string> ends;
  for (const Meeting& m : typed.schedule) {
    for (const Occurrence& o : dated_sessions(m)) {
      sessions.push_back({o.start_local, o.timezone});
      ends.push_back(o.end_local);
    }
  }
  put_sessions(w, sessions, ends);
  auto end = schedule_end(typed.schedule);
  key(w, "ended");
  w.Bool(end && *end <= now);
  key(w, "stale");
  w.Bool(is_stale(typed.last_verified, now));
  if (!link_status.empty()) field(w, "link_status", link_status);
  w.EndObject();
  // The copies this listing stands for (duplicate meetings), and the id asked for when it
  // was a hidden copy's: the listing shown for it answers.
  if (auto copies = doc.FindMember("copies"); copies != doc.MemberEnd()) {
    key(w, "copies");
    copies->value.Accept(w);
  }
  if (auto requested = doc.FindMember("requested_id"); requested != doc.MemberEnd()) {
    key(w, "requested_id");
    requested->value.Accept(w);
  }
  w.EndObject();
  return finish(buf);
}

}  // namespace kindred::http
