// @brief Conversion of a validated listing JSON value into the typed Listing.
#include "core/listing/listing.h"

#include <algorithm>

#include "core/base/json_build.h"

namespace kindred {
namespace {

using rapidjson::Value;

std::string str(const Value& obj, const char* name) {
  auto it = obj.FindMember(name);
  return it != obj.MemberEnd() && it->value.IsString() ? it->value.GetString() : std::string();
}


std::optional<double> number(const Value& obj, const char* name) {
  auto it = obj.FindMember(name);
  if (it == obj.MemberEnd() || !it->value.IsNumber()) return std::nullopt;
  return it->value.GetDouble();
}

Meeting meeting_from_json(const Value& m) {
  Meeting out;
  out.days = json::get_texts(m, "days");
  out.start_minute = parse_hhmm(str(m, "start"));
  if (m.HasMember("end")) out.end_minute = parse_hhmm(str(m, "end"));
  out.timezone = str(m, "timezone");
  if (m.HasMember("frequency")) out.frequency = str(m, "frequency");
  if (auto it = m.FindMember("week_of_month"); it != m.MemberEnd() && it->value.IsInt()) {
    out.week_of_month = it->value.GetInt();
  }
  out.anchor_date = str(m, "anchor_date");
  out.note = str(m, "note");
  // Courses and terms (issue 17).
  out.dates = json::get_texts(m, "dates");
  std::sort(out.dates.begin(), out.dates.end());
  out.from = str(m, "from");
  out.until = str(m, "until");
  if (!out.dates.empty() && !m.HasMember("frequency")) out.frequency.clear();
  return out;
}

}  // namespace

int parse_hhmm(const std::string& text) {
  if (text.size() != 5 || text[2] != ':') return -1;
  for (size_t i : {0u, 1u, 3u, 4u}) {
    if (text[i] < '0' || text[i] > '9') return -1;
  }
  int h = (text[0] - '0') * 10 + (text[1] - '0');
  int m = (text[3] - '0') * 10 + (text[4] - '0');
  if (h == 24 && m == 0) return 24 * 60;  // "24:00": the midnight that ends a day (an end only)
  if (h > 23 || m > 59) return -1;
  return h * 60 + m;
}

Listing listing_from_json(const Value& v) {
  Listing l;
  l.id = str(v, "id");
  l.name = str(v, "name");
  l.kind = str(v, "kind");
  l.description = str(v, "description");
  if (auto org = v.FindMember("organization"); org != v.MemberEnd() && org->value.IsObject()) {
    l.organization_name = str(org->value, "name");
    l.organization_url = str(org->value, "url");
  }
  l.topics = json::get_texts(v, "topics");
  l.communities = json::get_texts(v, "communities");
  l.attendance = json::get_texts(v, "attendance");
  l.languages = json::get_texts(v, "languages");
  l.accessibility = json::get_texts(v, "accessibility");
  l.service_area = json::get_texts(v, "service_area");
  l.cost = str(v, "cost");
  l.facilitation = str(v, "facilitation");
  if (v.HasMember("status")) l.status = str(v, "status");
  l.last_verified = str(v, "last_verified");
  l.schedule_note = str(v, "schedule_note");
  l.eligibility = str(v, "eligibility");
  l.translations = read_translations(v);
  if (auto rr = v.FindMember("referral_required"); rr != v.MemberEnd() && rr->value.IsBool()) {
    l.referral_required = rr->value.GetBool();
  }
  if (auto loc = v.FindMember("location"); loc != v.MemberEnd() && loc->value.IsObject()) {
    const Value& o = loc->value;
    l.location = Location{str(o, "name"),        str(o, "address"), str(o, "locality"),
                          str(o, "region"),      str(o, "postal_code"), str(o, "country"),
                          number(o, "lat"),      number(o, "lon")};
  }
  if (auto reg = v.FindMember("registration"); reg != v.MemberEnd() && reg->value.IsObject()) {
    l.registration = Registration{str(reg->value, "url"), str(reg->value, "deadline"), str(reg->value, "note")};
  }
  if (auto sched = v.FindMember("schedule"); sched != v.MemberEnd() && sched->value.IsArray()) {
    for (const auto& m : sched->value.GetArray()) {
      if (m.IsObject()) l.schedule.push_back(meeting_from_json(m));
    }
  }
  return l;
}

bool is_listing_id(std::string_view id) {
  if (id.size() < 3 || id.size() > 80) return false;
  for (size_t i = 0; i < id.size(); ++i) {
    char c = id[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '-' && i > 0);
    if (!ok) return false;
  }
  return true;
}

}  // namespace kindred
