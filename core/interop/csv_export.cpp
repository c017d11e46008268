// @brief Search results as CSV (see csv_export.h).
#include "core/interop/csv_export.h"

#include <algorithm>

#include <cstdio>

#include <rapidjson/document.h>

#include "core/base/json_build.h"
#include "core/base/json_util.h"
#include "core/index/index_schema.h"

namespace kindred {
namespace {

constexpr const char* kColumns[] = {"id",         "name",        "kind",          "organization", "topics",
                                    "communities", "attendance", "languages",     "cost",         "facilitation",
                                    "locality",   "region",      "country",       "distance_km",  "next_meeting",
                                    "timezone",   "schedule",    "contact_url",   "phone",        "email",
                                    "how_to_join", "last_verified", "status", "dates", "registration_deadline",
                                    "registration_url"};
// The same columns' headers for people reading the file in Spanish and French (?lang=).
constexpr const char* kColumnsEs[] = {"id",          "nombre",       "tipo",          "organización", "temas",
                                      "comunidades", "modalidad",    "idiomas",       "costo",        "dirigido por",
                                      "localidad",   "región",       "país",          "distancia_km", "próxima reunión",
                                      "zona horaria", "horario",     "sitio web",     "teléfono",     "correo",
                                      "cómo unirse", "verificado el", "estado",       "fechas",       "inscripción hasta",
                                      "inscripción"};
constexpr const char* kColumnsFr[] = {"id",          "nom",          "type",          "organisme",    "thèmes",
                                      "communautés", "modalité",     "langues",       "coût",         "animé par",
                                      "localité",    "région",       "pays",          "distance_km",  "prochaine rencontre",
                                      "fuseau horaire", "horaire",   "site web",      "téléphone",    "courriel",
                                      "comment participer", "vérifié le", "statut",   "dates",        "inscription avant le",
                                      "inscription"};
static_assert(std::size(kColumnsEs) == std::size(kColumns) && std::size(kColumnsFr) == std::size(kColumns));

const char* const* column_titles(const std::string& lang) {
  return lang == "es" ? kColumnsEs : lang == "fr" ? kColumnsFr : kColumns;
}

std::string labels(const rapidjson::Value& listing, const char* field, const char* facet, const Vocabulary& v,
                   const std::string& lang) {
  std::string out;
  auto it = listing.FindMember(field);
  if (it == listing.MemberEnd() || !it->value.IsArray()) return out;
  for (const auto& x : it->value.GetArray()) {
    if (!x.IsString()) continue;
    if (!out.empty()) out += "; ";
    out += v.label(facet, x.GetString(), lang);
  }
  return out;
}

// A meeting's dates in date order (a listing may give them in any order).
std::vector<std::string> sorted_dates(const rapidjson::Value& meeting) {
  std::vector<std::string> dates = json::get_texts(meeting, "dates");
  std::sort(dates.begin(), dates.end());
  return dates;
}

// The words Kindred writes around a schedule's values, in the file's language (?lang=).
struct ScheduleWords {
  const char* sessions;  // before a course's dates
  const char* biweekly;  // before the days
  const char* monthly;
  const char* from;      // before the first date of a series
  const char* until;     // before its last
};
constexpr ScheduleWords kScheduleEn{"sessions ", "every other ", "monthly, ", " from ", " until "};
constexpr ScheduleWords kScheduleEs{"sesiones ", "cada dos semanas, ", "cada mes, ", " desde el ", " hasta el "};
constexpr ScheduleWords kScheduleFr{"séances ", "une semaine sur deux, ", "chaque mois, ", " à partir du ", " jusqu’au "};

const ScheduleWords& schedule_words(const std::string& lang) {
  return lang == "es" ? kScheduleEs : lang == "fr" ? kScheduleFr : kScheduleEn;
}

// "Tuesday 19:30-21:00 (America/Toronto); ..." in the meeting's own local time.
std::string schedule_text(const rapidjson::Value& listing, const Vocabulary& v, const std::string& lang) {
  const ScheduleWords& say = schedule_words(lang);
  std::string out;
  auto it = listing.FindMember("schedule");
  if (it != listing.MemberEnd() && it->value.IsArray()) {
    for (const auto& m : it->value.GetArray()) {
      std::string days;
      for (const auto& d : json::get_texts(m, "days")) days += (days.empty() ? "" : ", ") + v.label("day", d, lang);
      std::string dates;  // a course's sessions (issue 17), in date order
      for (const auto& d : sorted_dates(m)) dates += (dates.empty() ? "" : ", ") + d;
      std::string freq = json::get_text(m, "frequency"), end = json::get_text(m, "end");
      std::string from = json::get_text(m, "from"), until = json::get_text(m, "until");
      if (!out.empty()) out += "; ";
      if (!dates.empty()) {
        out += say.sessions + dates + " ";
      } else {
        out += std::string(freq == "biweekly" ? say.biweekly : freq == "monthly" ? say.monthly : "") + days + " ";
      }
      out += json::get_text(m, "start") + (end.empty() ? "" : "-" + end) + " (" + json::get_text(m, "timezone") + ")";
      if (!from.empty()) out += say.from + from;
      if (!until.empty()) out += say.until + until;
    }
  }
  std::string note = json::get_text(listing, "schedule_note");
  if (!note.empty()) out += (out.empty() ? "" : "; ") + note;
  return out;
}

// Every dated session of the listing, "2026-01-12; 2026-01-19" (issue 17).
std::string all_dates(const rapidjson::Value& listing) {
  std::string out;
  auto it = listing.FindMember("schedule");
  if (it == listing.MemberEnd() || !it->value.IsArray()) return out;
  for (const auto& m : it->value.GetArray()) {
    for (const auto& d : sorted_dates(m)) out += (out.empty() ? "" : "; ") + d;
  }
  return out;
}

const rapidjson::Value& member_or_empty(const rapidjson::Value& obj, const char* name) {
  static const rapidjson::Value kEmpty(rapidjson::kObjectType);
  auto it = obj.FindMember(name);
  return it != obj.MemberEnd() && it->value.IsObject() ? it->value : kEmpty;
}

}  // namespace

std::string csv_cell(std::string_view text) {
  std::string s(text);
  if (!s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r')) {
    s.insert(0, "'");
  }
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string quoted = "\"";
  for (char c : s) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

std::string search_csv(const std::vector<Hit>& hits, const std::vector<std::string>& stored, const Vocabulary& v,
                       const std::string& lang) {
  std::string out = "\xEF\xBB\xBF";
  const char* const* titles = column_titles(lang);
  for (size_t i = 0; i < std::size(kColumns); ++i) out += (i ? "," : "") + std::string(titles[i]);
  out += "\r\n";
  for (size_t i = 0; i < hits.size(); ++i) {
    const Hit& h = hits[i];
    rapidjson::Document doc;
    static const rapidjson::Value kEmpty(rapidjson::kObjectType);
    const rapidjson::Value* l = &kEmpty;
    if (i < stored.size() && parse_json(stored[i], doc) && doc.IsObject() && doc.HasMember(schema::kDataListing)) {
      l = &doc[schema::kDataListing];
    }
    const rapidjson::Value& loc = l->HasMember("location") ? (*l)["location"] : kEmpty;
    const rapidjson::Value& contact = l->HasMember("contact") ? (*l)["contact"] : kEmpty;
    std::string distance;
    if (h.distance_km) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.1f", *h.distance_km);
      distance = buf;
    }
    std::vector<std::string> cells = {
        h.id,
        h.name,
        v.label("kind", h.kind, lang),
        h.organization,
        labels(*l, "topics", "topic", v, lang),
        labels(*l, "communities", "community", v, lang),
        labels(*l, "attendance", "attendance", v, lang),
        labels(*l, "languages", "language", v, lang),
        v.label("cost", json::get_text(*l, "cost"), lang),
        v.label("facilitation", json::get_text(*l, "facilitation"), lang),
        json::get_text(loc, "locality"),
        json::get_text(loc, "region"),
        json::get_text(loc, "country"),
        distance,
        h.next_meeting ? h.next_meeting->start : "",
        h.next_meeting ? h.next_meeting->timezone : "",
        schedule_text(*l, v, lang),
        json::get_text(contact, "url"),
        json::get_text(contact, "phone"),
        json::get_text(contact, "email"),
        json::get_text(contact, "how_to_join"),
        h.last_verified,
        h.status,
        all_dates(*l),
        json::get_text(member_or_empty(*l, "registration"), "deadline"),
        json::get_text(member_or_empty(*l, "registration"), "url"),
    };
    for (size_t c = 0; c < cells.size(); ++c) out += (c ? "," : "") + csv_cell(cells[c]);
    out += "\r\n";
  }
  return out;
}

}  // namespace kindred
