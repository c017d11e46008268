// @brief The synthetic directory generator (see synthetic.h).
#include "bench/synthetic.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <random>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace kindred::bench {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

const std::vector<std::string> kTopics = {
    "depression", "anxiety", "general-mental-health", "bipolar", "substance-use", "trauma-ptsd",
    "grief", "family-caregivers", "psychosis", "dual-diagnosis", "eating-disorders", "ocd",
    "self-harm", "adhd", "suicide-loss", "hearing-voices", "perinatal", "autism",
    "chronic-illness", "bfrb", "stigma"};
const std::vector<std::string> kCommunities = {
    "young-adults", "women", "lgbtq", "veterans", "youth", "parents", "older-adults", "men",
    "students", "bipoc", "black", "latinx", "survivors-violence", "survivors-childhood-abuse",
    "indigenous", "asian", "healthcare-workers", "first-responders", "faith-based", "disabled",
    "deaf-hoh", "justice-involved"};
const std::array<const char*, 7> kDays = {"mo", "tu", "we", "th", "fr", "sa", "su"};

// Sentence parts a mental-health directory's descriptions are made of.
const std::vector<std::string> kOpeners = {
    "A peer-led group for people living with", "A welcoming space for anyone affected by",
    "Mutual support and shared experience around", "A confidential circle for adults coping with",
    "Peer support meetings for people in recovery from", "Facilitated conversations about"};
const std::vector<std::string> kMiddles = {
    "Members share coping strategies, listen without judgement and remind each other they are not alone.",
    "Newcomers are welcome; you can listen without speaking until you feel ready.",
    "Sessions follow simple guidelines on confidentiality and respect.",
    "Trained peer facilitators have lived experience of recovery themselves.",
    "Family members and friends may attend the first meeting of each month.",
    "We talk about sleep, stress, medication questions, relationships and hope.",
    "Some weeks include a short skills session on grounding, boundaries or relapse prevention.",
    "There is no pressure to share a diagnosis or to talk about treatment."};
const std::vector<std::string> kClosers = {
    "Peer support is not crisis care; if you are in danger, call your local emergency number.",
    "Tea and coffee provided.", "Please arrive a few minutes early if it is your first time.",
    "Online participants need a device with a camera or a phone line."};

class Gen {
 public:
  Gen(const PlaceTable& places, uint64_t seed) : places_(places), rng_(seed) {}

  std::string listing(uint64_t n, uint64_t seed);

 private:
  double uniform() { return std::uniform_real_distribution<double>(0, 1)(rng_); }
  size_t below(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng_); }
  bool chance(double p) { return uniform() < p; }
  // Zipf with s = 1 over n items: rank r with probability proportional to 1/r.
  size_t zipf(size_t n) {
    double h = 0;
    for (size_t r = 1; r <= n; ++r) h += 1.0 / static_cast<double>(r);
    double x = uniform() * h, acc = 0;
    for (size_t r = 1; r <= n; ++r) {
      acc += 1.0 / static_cast<double>(r);
      if (x <= acc) return r - 1;
    }
    return n - 1;
  }
  std::vector<std::string> pick_zipf(const std::vector<std::string>& from, size_t k) {
    std::vector<std::string> out;
    for (size_t tries = 0; out.size() < k && tries < 20; ++tries) {
      const std::string& v = from[zipf(from.size())];
      if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
    }
    return out;
  }
  const Place& place() {
    double x = uniform() * places_.cumulative.back();
    auto it = std::lower_bound(places_.cumulative.begin(), places_.cumulative.end(), x);
    return places_.places[static_cast<size_t>(it - places_.cumulative.begin())];
  }
  template <typename T>
  const T& one(const std::vector<T>& v) { return v[below(v.size())]; }

  const PlaceTable& places_;
  std::mt19937_64 rng_;
};

void strings(Writer& w, const char* key, const std::vector<std::string>& values) {
  w.Key(key);
  w.StartArray();
  for (const auto& v : values) w.String(v.c_str());
  w.EndArray();
}

std::string two(int v) { return (v < 10 ? "0" : "") + std::to_string(v); }

std::string Gen::listing(uint64_t n, uint64_t seed) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  const Place& at = place();
  std::string kind;
  double k = uniform();
  kind = k < 0.55 ? "support-group" : k < 0.63 ? "online-forum" : k < 0.73 ? "peer-program"
       : k < 0.78 ? "warmline" : k < 0.81 ? "recovery-college" : k < 0.86 ? "peer-training"
       : k < 0.93 ? "peer-coaching" : "drop-in-center";
  std::vector<std::string> attendance;
  double a = uniform();
  if (kind == "online-forum") attendance = {"online"};
  else if (kind == "warmline") attendance = {"phone"};
  else if (a < 0.65) attendance = {"in-person"};
  else if (a < 0.80) attendance = {"in-person", "online"};
  else if (a < 0.95) attendance = {"online"};
  else attendance = {"phone"};
  bool in_person = attendance.front() == "in-person";
  std::vector<std::string> topics = pick_zipf(kTopics, 1 + below(3));
  std::vector<std::string> communities;
  if (chance(0.4)) communities = pick_zipf(kCommunities, 1 + below(2));

  w.StartObject();
  std::string id = "synthetic-" + std::to_string(seed) + "-" + std::to_string(n);
  w.Key("id"); w.String(id.c_str());
  std::string name = "Synthetic " + at.name + " " + topics.front() + " " + kind + " " + std::to_string(n);
  w.Key("name"); w.String(name.c_str());
  w.Key("kind"); w.String(kind.c_str());
  std::string description = "Synthetic benchmark listing, not a real program. " + one(kOpeners) + " " +
                            topics.front() + ". ";
  for (size_t i = 0, m = 1 + below(4); i < m; ++i) description += one(kMiddles) + " ";
  description += one(kClosers);
  w.Key("description"); w.String(description.c_str());
  w.Key("organization"); w.StartObject();
  std::string org = "Synthetic Org " + std::to_string(n % 5000) + " (synthetic)";
  w.Key("name"); w.String(org.c_str()); w.EndObject();
  strings(w, "topics", topics);
  if (!communities.empty()) strings(w, "communities", communities);
  strings(w, "attendance", attendance);
  std::vector<std::string> languages = {"en"};
  double l = uniform();
  if (at.country == "CA" && l < 0.25) languages = {"fr-CA"};
  else if (l < 0.08) languages = {"es"};
  else if (l < 0.12) languages = {"en", "es"};
  strings(w, "languages", languages);
  double c = uniform();
  w.Key("cost"); w.String(c < 0.7 ? "free" : c < 0.82 ? "donation" : c < 0.9 ? "sliding-scale" : c < 0.97 ? "fee" : "unknown");
  double f = uniform();
  w.Key("facilitation"); w.String(f < 0.6 ? "peer-led" : f < 0.85 ? "co-facilitated" : "professional-led");
  if (in_person) {
    w.Key("location"); w.StartObject();
    w.Key("locality"); w.String(at.name.c_str());
    w.Key("region"); w.String(at.region_code.c_str());
    w.Key("country"); w.String(at.country.c_str());
    // Jitter within a few km so listings in one city are not all at one point.
    w.Key("lat"); w.Double(std::round((at.lat + (uniform() - 0.5) * 0.05) * 1e5) / 1e5);
    w.Key("lon"); w.Double(std::round((at.lon + (uniform() - 0.5) * 0.05) * 1e5) / 1e5);
    w.EndObject();
  } else {
    double s = uniform();
    std::vector<std::string> area = {s < 0.5 ? at.country : s < 0.9 ? at.region_code : "worldwide"};
    strings(w, "service_area", area);
  }
  bool meets = kind == "support-group" || kind == "peer-program" || kind == "recovery-college";
  if (meets && !at.timezone.empty() && chance(0.9)) {
    w.Key("schedule"); w.StartArray();
    for (size_t i = 0, m = chance(0.2) ? 2 : 1; i < m; ++i) {
      w.StartObject();
      w.Key("days"); w.StartArray(); w.String(kDays[below(7)]); w.EndArray();
      int start = 8 * 60 + static_cast<int>(below(26)) * 30;  // 08:00 .. 20:30
      std::string s = two(start / 60) + ":" + two(start % 60);
      std::string e = two((start + 90) / 60) + ":" + two((start + 90) % 60);
      w.Key("start"); w.String(s.c_str());
      w.Key("end"); w.String(e.c_str());
      w.Key("timezone"); w.String(at.timezone.c_str());
      double fr = uniform();
      if (fr < 0.1) {
        w.Key("frequency"); w.String("biweekly");
        w.Key("anchor_date"); w.String("2026-01-05");
      } else if (fr < 0.2) {
        w.Key("frequency"); w.String("monthly");
        int wom = static_cast<int>(below(5));
        w.Key("week_of_month"); w.Int(wom == 4 ? -1 : wom + 1);
      }
      w.EndObject();
    }
    w.EndArray();
  }
  w.Key("contact"); w.StartObject();
  std::string url = "https://synthetic.example/" + id;
  w.Key("url"); w.String(url.c_str()); w.EndObject();
  int days_ago = static_cast<int>(below(3 * 365));
  int y = 2026, m = 11, d = 1;
  // A date within the last ~3 years, coarse but valid (28-day months are always real).
  int months_ago = days_ago / 30 + 1;  // from last month, so no date is in the future
  m -= months_ago % 12;
  y -= months_ago / 12;
  if (m <= 0) { m += 12; --y; }
  d = 1 + static_cast<int>(below(28));
  std::string verified = std::to_string(y) + "-" + two(m) + "-" + two(d);
  w.Key("last_verified"); w.String(verified.c_str());
  w.Key("sources"); w.StartArray(); w.StartObject();
  w.Key("name"); w.String("Synthetic benchmark data (not a real program)"); w.EndObject(); w.EndArray();
  w.EndObject();
  return std::string(buf.GetString(), buf.GetSize());
}

}  // namespace

PlaceTable load_places(const Gazetteer& gazetteer) {
  PlaceTable t;
  for (auto& p : gazetteer.cities(1000)) {
    // Only places whose region code is known can be valid in-person listings.
    if (p.region_code.empty() || p.timezone.empty() || !gazetteer.is_region(p.region_code)) continue;
    double prev = t.cumulative.empty() ? 0 : t.cumulative.back();
    t.cumulative.push_back(prev + p.population);
    t.places.push_back(std::move(p));
  }
  return t;
}

void generate(const Gazetteer& gazetteer, const SyntheticOptions& options,
              const std::function<void(const std::string&)>& emit) {
  PlaceTable places = load_places(gazetteer);
  Gen gen(places, options.seed);
  for (uint64_t n = 0; n < options.count; ++n) emit(gen.listing(n, options.seed));
}

}  // namespace kindred::bench
