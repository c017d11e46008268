// @brief kindred/1 -> HSDS 3.0 services (see hsds_export.h).
#include "core/interop/hsds_export.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/base/json_build.h"
#include "core/base/json_util.h"
#include "core/base/uuid.h"
#include "core/index/index_schema.h"
#include "core/listing/listing.h"

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

// A meeting on one date, to ask core/schedule/schedule.h about that date.
Meeting dated_on(const std::string& date) {
  Meeting m;
  m.dates = {date};
  return m;
}

class ServiceBuilder {
 public:
  ServiceBuilder(const Value& listing, const HsdsExportContext& ctx, Alloc& a)
      : l_(listing), ctx_(ctx), a_(a), id_(json::get_text(listing, "id")) {}

  Value build(const Value* computed);

 private:
  std::string uuid(const std::string& what) const { return kindred_uuid("listing:" + id_ + ":" + what); }
  Value attribute(const std::string& facet, const std::string& link_type, const std::string& value);
  Value schedule(const Value& meeting, size_t index);
  // Courses and terms (issue 17): every HSDS schedule of one meeting, appended to `out`.
  void schedules_of(const Value& meeting, size_t index, Value& out);
  Value series_or_session(const Value& meeting, size_t index, const std::string& date, size_t nth = 0, size_t of = 0);
  Value physical_location(const Value& loc, const Value* computed);

  const Value& l_;
  const HsdsExportContext& ctx_;
  Alloc& a_;
  std::string id_;
};

Value ServiceBuilder::attribute(const std::string& facet, const std::string& link_type, const std::string& value) {
  Value attr(rapidjson::kObjectType), term(rapidjson::kObjectType);
  json::add_text(attr, "id", uuid("attribute:" + link_type + ":" + value), a_);
  json::add_text(attr, "link_entity", "service", a_);
  json::add_text(attr, "link_type", link_type, a_);
  json::add_text(attr, "value", value, a_);
  std::string label = facet.empty() ? value : ctx_.vocabulary.label(facet, value);
  json::add_text(term, "id", kindred_uuid("term:" + link_type + ":" + value), a_);
  json::add_text(term, "code", value, a_);
  json::add_text(term, "name", label, a_);
  json::add_text(term, "description", "Kindred " + link_type + ": " + label, a_);
  json::add_text(term, "taxonomy", kHsdsTaxonomy, a_);
  json::add_text(term, "language", "en", a_);
  json::add(attr, "taxonomy_term", std::move(term), a_);
  json::add_text(attr, "taxonomy_term_id", kindred_uuid("term:" + link_type + ":" + value), a_);
  return attr;
}

Value ServiceBuilder::schedule(const Value& m, size_t index) {
  Value s = series_or_session(m, index, "");
  return s;
}

// --- Courses and terms (issue 17) ---
// A dated meeting becomes one HSDS schedule per session: dtstart = valid_from = valid_to =
// until = the date, count 1, byday its weekday (hsds_import.h merges them back). A series'
// `from`/`until` are valid_from/valid_to, and `until` also RFC 5545's until.
void ServiceBuilder::schedules_of(const Value& m, size_t index, Value& out) {
  std::vector<std::string> dates = json::get_texts(m, "dates");
  std::sort(dates.begin(), dates.end());  // a listing may give them in any order
  if (dates.empty()) {
    out.PushBack(schedule(m, index), a_);
    return;
  }
  for (size_t i = 0; i < dates.size(); ++i) {
    out.PushBack(series_or_session(m, index, dates[i], i + 1, dates.size()), a_);
  }
}
// --- end of courses and terms ---

Value ServiceBuilder::series_or_session(const Value& m, size_t index, const std::string& date, size_t nth,
                                        size_t of) {
  Value s(rapidjson::kObjectType);
  std::string zone = json::get_text(m, "timezone");
  std::string frequency = json::get_text(m, "frequency");
  std::string start = json::get_text(m, "start"), end = json::get_text(m, "end");
  json::add_text(s, "id", uuid("schedule:" + std::to_string(index) + (date.empty() ? "" : ":" + date)), a_);
  std::vector<std::string> days = date.empty() ? json::get_texts(m, "days") : session_weekdays(dated_on(date));
  std::string byday;
  int week = member(m, "week_of_month").IsInt() ? member(m, "week_of_month").GetInt() : 0;
  for (auto day : days) {
    for (auto& c : day) c = static_cast<char>(c - 'a' + 'A');
    if (!byday.empty()) byday += ",";
    if (frequency == "monthly") byday += std::to_string(week == 0 ? 1 : week);
    byday += day;
  }
  json::add_text(s, "freq", frequency == "monthly" ? "MONTHLY" : "WEEKLY", a_);
  s.AddMember("interval", frequency == "biweekly" ? 2 : 1, a_);
  json::add_text(s, "wkst", "MO", a_);
  json::add_text(s, "byday", byday, a_);
  // RFC 5545 needs a first date to know which weeks an every-other-week series meets.
  std::string from = json::get_text(m, "from"), until = json::get_text(m, "until");
  std::string anchor = json::get_text(m, "anchor_date");
  if (!date.empty()) {
    for (const char* field : {"valid_from", "valid_to", "dtstart", "until"}) json::add_text(s, field, date, a_);
    s.AddMember("count", 1, a_);
  } else {
    json::add_text(s, "valid_from", from, a_);
    json::add_text(s, "valid_to", until, a_);
    json::add_text(s, "dtstart", anchor.empty() ? from : anchor, a_);
    json::add_text(s, "until", until, a_);
  }
  json::add_text(s, "opens_at", start, a_);
  // HSDS times are RFC 3339 partial times, which have no "24:00": midnight is "00:00",
  // and a closing time before the opening one is the next day (said in the description).
  json::add_text(s, "closes_at", end == "24:00" ? "00:00" : end, a_);

  // HSDS's timezone is an offset; take the next meeting's, and say which zone it is.
  Listing one;
  one.schedule.push_back(listing_from_json(l_).schedule.at(index));
  if (!date.empty()) one.schedule[0].dates = {date};
  auto next = next_occurrence(one.schedule[0], ctx_.now);
  if (!next && !date.empty()) next = first_occurrence(one.schedule[0]);  // a past session
  if (next) {
    const std::string& local = next->start_local;  // ...T19:30:00-05:00
    if (local.size() >= 6) {
      int sign = local[local.size() - 6] == '-' ? -1 : 1;
      int hours = std::stoi(local.substr(local.size() - 5, 2)), minutes = std::stoi(local.substr(local.size() - 2));
      double offset = sign * (hours + minutes / 60.0);
      s.AddMember("timezone", offset, a_);
    }
  }
  std::string days_text;
  for (const auto& d : days) days_text += (days_text.empty() ? "" : ", ") + ctx_.vocabulary.label("day", d);
  std::string when = (frequency == "biweekly" ? "Every other week on " : frequency == "monthly" ? "Monthly on " : "Weekly on ");
  if (!date.empty()) when = "Session " + std::to_string(nth) + " of " + std::to_string(of) + ": " + date + ", ";
  if (date.empty() && !from.empty()) when = "From " + from + (until.empty() ? ", " : " to " + until + ", ") + when;
  else if (date.empty() && !until.empty()) when = "Until " + until + ", " + when;
  when += days_text + " at " + start + (end.empty() ? "" : "-" + end) +
          (!end.empty() && end <= start ? " (ending the next day)" : "") + " local time (" + zone + ")";
  json::add_text(s, "description", when, a_);
  std::string note = json::get_text(m, "note");
  json::add_text(s, "notes", "Times are local to the IANA time zone " + zone +
                                 "; the timezone offset given is that of the next meeting and changes with daylight saving time." +
                                 (note.empty() ? "" : " " + note), a_);
  std::vector<std::string> attendance = json::get_texts(l_, "attendance");
  std::string attending;
  for (const auto& x : attendance) attending += (attending.empty() ? "" : ", ") + ctx_.vocabulary.label("attendance", x);
  json::add_text(s, "attending_type", attending, a_);
  Value attrs(rapidjson::kArrayType);
  attrs.PushBack(attribute("", "timezone", zone), a_);
  json::add(s, "attributes", std::move(attrs), a_);
  return s;
}

Value ServiceBuilder::physical_location(const Value& loc, const Value* computed) {
  Value out(rapidjson::kObjectType);
  json::add_text(out, "id", uuid("location"), a_);
  json::add_text(out, "location_type", "physical", a_);
  std::string locality = json::get_text(loc, "locality");
  std::string name = json::get_text(loc, "name");
  json::add_text(out, "name", name.empty() ? locality : name, a_);
  const Value& lat = member(loc, "lat").IsNumber() || !computed ? member(loc, "lat") : member(*computed, "lat");
  const Value& lon = member(loc, "lon").IsNumber() || !computed ? member(loc, "lon") : member(*computed, "lon");
  if (lat.IsNumber() && lon.IsNumber()) {
    out.AddMember("latitude", lat.GetDouble(), a_);
    out.AddMember("longitude", lon.GetDouble(), a_);
  }
  std::string region = json::get_text(loc, "region"), country = json::get_text(loc, "country");
  Value address(rapidjson::kObjectType);
  json::add_text(address, "id", uuid("address"), a_);
  // HSDS requires every one of these; an unknown street or postal code is "", not invented.
  json::add(address, "address_1", json::str(json::get_text(loc, "address"), a_), a_);
  json::add(address, "city", json::str(locality, a_), a_);
  json::add(address, "state_province", json::str(region.substr(region.find('-') + 1), a_), a_);
  json::add(address, "postal_code", json::str(json::get_text(loc, "postal_code"), a_), a_);
  json::add(address, "country", json::str(country, a_), a_);
  json::add_text(address, "region", ctx_.gazetteer.region_name(region), a_);
  json::add_text(address, "address_type", "physical", a_);
  Value addresses(rapidjson::kArrayType);
  addresses.PushBack(address, a_);
  json::add(out, "addresses", std::move(addresses), a_);
  return out;
}

Value ServiceBuilder::build(const Value* computed) {
  Value s(rapidjson::kObjectType);
  const Value& org = member(l_, "organization");
  const Value& contact = member(l_, "contact");
  std::string org_name = json::get_text(org, "name"), org_url = json::get_text(org, "url");
  std::string contact_url = json::get_text(contact, "url");
  std::string org_id = hsds_organization_id(org_name);
  json::add_text(s, "id", hsds_service_id(id_), a_);
  json::add_text(s, "organization_id", org_id, a_);
  json::add_text(s, "name", json::get_text(l_, "name"), a_);
  json::add_text(s, "description", json::get_text(l_, "description"), a_);
  json::add_text(s, "url", contact_url.empty() ? org_url : contact_url, a_);
  json::add_text(s, "email", json::get_text(contact, "email"), a_);
  std::string status = json::get_text(l_, "status");
  json::add_text(s, "status", status == "paused" ? "temporarily closed" : status == "closed" ? "inactive" : "active", a_);
  std::string process = json::get_text(contact, "how_to_join");
  if (member(l_, "referral_required").IsTrue()) process += std::string(process.empty() ? "" : " ") + "A referral is required.";
  json::add_text(s, "application_process", process, a_);
  std::string cost = json::get_text(l_, "cost"), cost_note = json::get_text(l_, "cost_note");
  json::add_text(s, "fees_description", ctx_.vocabulary.label("cost", cost) + (cost_note.empty() ? "" : ". " + cost_note), a_);
  json::add_text(s, "eligibility_description", json::get_text(l_, "eligibility"), a_);
  std::string verified = json::get_text(l_, "last_verified"), updated = json::get_text(l_, "updated");
  json::add_text(s, "assured_date", verified, a_);
  json::add_text(s, "last_modified", updated.empty() ? verified + "T00:00:00Z" : updated, a_);

  Value organization(rapidjson::kObjectType);
  json::add_text(organization, "id", org_id, a_);
  json::add_text(organization, "name", org_name, a_);
  json::add_text(organization, "description", org_name + " runs " + json::get_text(l_, "name") + ".", a_);
  json::add_text(organization, "website", org_url, a_);
  json::add(s, "organization", std::move(organization), a_);

  Value phones(rapidjson::kArrayType);
  if (std::string phone = json::get_text(contact, "phone"); !phone.empty()) {
    Value p(rapidjson::kObjectType);
    json::add_text(p, "id", uuid("phone"), a_);
    json::add_text(p, "number", phone, a_);
    json::add_text(p, "type", "voice", a_);
    phones.PushBack(p, a_);
  }
  json::add(s, "phones", std::move(phones), a_);

  Value languages(rapidjson::kArrayType);
  for (const auto& tag : json::get_texts(l_, "languages")) {
    Value lang(rapidjson::kObjectType);
    json::add_text(lang, "id", uuid("language:" + tag), a_);
    json::add_text(lang, "name", ctx_.vocabulary.label("language", tag), a_);
    json::add_text(lang, "code", tag, a_);
    languages.PushBack(lang, a_);
  }
  json::add(s, "languages", std::move(languages), a_);

  Value areas(rapidjson::kArrayType);
  for (const auto& code : json::get_texts(l_, "service_area")) {
    Value area(rapidjson::kObjectType);
    std::string name = code == "worldwide" ? "Worldwide"
                       : code.size() == 2  ? ctx_.gazetteer.country_name(code)
                                           : ctx_.gazetteer.region_name(code);
    json::add_text(area, "id", uuid("area:" + code), a_);
    json::add_text(area, "name", name.empty() ? code : name, a_);
    json::add_text(area, "extent", code, a_);
    json::add_text(area, "extent_type", "text", a_);
    areas.PushBack(area, a_);
  }
  json::add(s, "service_areas", std::move(areas), a_);

  Value at_locations(rapidjson::kArrayType);
  std::vector<std::string> attendance = json::get_texts(l_, "attendance");
  auto has = [&](const char* mode) { return std::find(attendance.begin(), attendance.end(), mode) != attendance.end(); };
  if (const Value& loc = member(l_, "location"); loc.IsObject() && has("in-person")) {
    Value sal(rapidjson::kObjectType);
    json::add_text(sal, "id", uuid("service-at-location"), a_);
    json::add(sal, "location", physical_location(loc, computed), a_);
    at_locations.PushBack(sal, a_);
  }
  if (has("online") && !contact_url.empty()) {
    Value sal(rapidjson::kObjectType), virt(rapidjson::kObjectType);
    json::add_text(sal, "id", uuid("service-at-virtual-location"), a_);
    json::add_text(virt, "id", uuid("virtual-location"), a_);
    json::add_text(virt, "location_type", "virtual", a_);
    json::add_text(virt, "name", "Online", a_);
    json::add_text(virt, "url", contact_url, a_);
    json::add(sal, "location", std::move(virt), a_);
    at_locations.PushBack(sal, a_);
  }
  json::add(s, "service_at_locations", std::move(at_locations), a_);

  Value schedules(rapidjson::kArrayType);
  if (const Value& sched = member(l_, "schedule"); sched.IsArray()) {
    for (rapidjson::SizeType i = 0; i < sched.Size(); ++i) schedules_of(sched[i], i, schedules);
  }
  json::add(s, "schedules", std::move(schedules), a_);

  Value cost_options(rapidjson::kArrayType);
  if (!cost.empty()) {
    Value option(rapidjson::kObjectType);
    json::add_text(option, "id", uuid("cost"), a_);
    json::add_text(option, "option", ctx_.vocabulary.label("cost", cost), a_);
    if (cost == "free") option.AddMember("amount", 0, a_);
    json::add_text(option, "amount_description", cost_note, a_);
    cost_options.PushBack(option, a_);
  }
  json::add(s, "cost_options", std::move(cost_options), a_);

  Value attrs(rapidjson::kArrayType);
  attrs.PushBack(attribute("kind", "kind", json::get_text(l_, "kind")), a_);
  struct Field { const char* field; const char* facet; };
  for (const Field& f : {Field{"topics", "topic"}, {"communities", "community"}, {"attendance", "attendance"},
                         {"accessibility", "accessibility"}}) {
    for (const auto& v : json::get_texts(l_, f.field)) attrs.PushBack(attribute(f.facet, f.facet, v), a_);
  }
  attrs.PushBack(attribute("facilitation", "facilitation", json::get_text(l_, "facilitation")), a_);
  attrs.PushBack(attribute("cost", "cost", cost), a_);
  attrs.PushBack(attribute("", "kindred_id", id_), a_);
  // Registration (issue 17): HSDS 3.0 has no field for it; Kindred's own attributes carry
  // it whole, and application_process is already the contact's how_to_join.
  const Value& registration = member(l_, "registration");
  for (const char* field : {"url", "deadline", "note"}) {
    std::string value = json::get_text(registration, field);
    if (!value.empty()) attrs.PushBack(attribute("", std::string("registration_") + field, value), a_);
  }
  json::add(s, "attributes", std::move(attrs), a_);
  return s;
}

}  // namespace

rapidjson::Value hsds_service(const rapidjson::Value& listing, const rapidjson::Value* computed,
                              const HsdsExportContext& context, rapidjson::Document::AllocatorType& alloc) {
  return ServiceBuilder(listing, context, alloc).build(computed);
}

std::string hsds_service_id(std::string_view listing_id) {
  return kindred_uuid("listing:" + std::string(listing_id) + ":service");
}

std::string hsds_organization_id(std::string_view organization_name) {
  return kindred_uuid("organization:" + std::string(organization_name));
}

std::string hsds_page(rapidjson::Document& out, Value contents, uint64_t total_items, uint32_t page,
                      uint32_t per_page) {
  out.SetObject();
  Alloc& a = out.GetAllocator();
  uint64_t pages = per_page == 0 ? 0 : (total_items + per_page - 1) / per_page;
  out.AddMember("total_items", total_items, a);
  out.AddMember("total_pages", pages, a);
  out.AddMember("page_number", page, a);
  out.AddMember("size", contents.Size(), a);
  out.AddMember("first_page", page == 1, a);
  out.AddMember("last_page", page >= pages, a);
  out.AddMember("empty", contents.Empty(), a);
  out.AddMember("contents", contents, a);
  return to_json(out);
}

std::string hsds_service_list(const std::vector<std::string>& stored_documents, uint64_t total_items,
                              uint32_t page, uint32_t per_page, const HsdsExportContext& context) {
  rapidjson::Document out(rapidjson::kObjectType);
  Alloc& a = out.GetAllocator();
  Value contents(rapidjson::kArrayType);
  for (const auto& stored : stored_documents) {
    rapidjson::Document doc;
    if (!parse_json(stored, doc) || !doc.IsObject() || !doc.HasMember(schema::kDataListing)) continue;
    const Value* computed = doc.HasMember(schema::kDataComputed) ? &doc[schema::kDataComputed] : nullptr;
    contents.PushBack(hsds_service(doc[schema::kDataListing], computed, context, a), a);
  }
  return hsds_page(out, std::move(contents), total_items, page, per_page);
}

}  // namespace kindred
