// @brief The benchmark query mix (see query_mix.h).
#include "bench/query_mix.h"

#include <random>
#include <sstream>

namespace kindred::bench {
namespace {

const std::vector<std::string> kKeywords = {
    "depression", "anxiety", "bipolar", "grief", "peer support", "recovery", "family",
    "veterans", "lgbtq", "hearing voices", "trauma", "eating disorders", "self harm",
    "substance use", "young adults", "women", "psychosis", "ocd", "caregivers", "postpartum"};
const std::vector<std::pair<std::string, std::vector<std::string>>> kFacetValues = {
    {"kind", {"support-group", "online-forum", "peer-program", "warmline", "peer-coaching"}},
    {"topic", {"depression", "anxiety", "bipolar", "substance-use", "trauma-ptsd", "grief"}},
    {"community", {"young-adults", "women", "lgbtq", "veterans", "youth"}},
    {"attendance", {"in-person", "online", "phone", "-online"}},
    {"cost", {"free", "donation", "sliding-scale"}},
    {"facilitation", {"peer-led", "co-facilitated"}},
    {"language", {"en", "es", "fr"}},
    {"day", {"mo", "tu", "we", "th", "fr", "sa", "su"}},
    {"time_of_day", {"morning", "afternoon", "evening"}}};

// Words most listings have (issue 16: "support group" matches ~95% of the synthetic
// directory): each matches more than half of it, so a search's cost shows whether it
// grows with the matches or with the 20 results shown.
const std::vector<std::string> kBroad = {"support group", "peer support", "support", "group meeting", "peer",
                                         "support meeting"};

std::string misspell(std::string word, std::mt19937_64& rng) {
  if (word.size() < 4) return word;
  size_t i = 1 + std::uniform_int_distribution<size_t>(0, word.size() - 3)(rng);
  if (word[i] == ' ') return word;
  std::swap(word[i], word[i + 1]);  // a transposition, the commonest typo
  return word;
}

}  // namespace

std::vector<BenchQuery> make_query_mix(const PlaceTable& places, size_t count, uint64_t seed) {
  std::mt19937_64 rng(seed);
  auto below = [&](size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng); };
  auto place = [&]() -> const Place& {
    double x = std::uniform_real_distribution<double>(0, places.cumulative.back())(rng);
    auto it = std::lower_bound(places.cumulative.begin(), places.cumulative.end(), x);
    return places.places[static_cast<size_t>(it - places.cumulative.begin())];
  };
  auto add_facets = [&](SearchRequest& r, size_t n) {
    for (size_t i = 0; i < n; ++i) {
      const auto& [facet, values] = kFacetValues[below(kFacetValues.size())];
      std::string v = values[below(values.size())];
      FacetFilter& f = r.filters[facet];
      if (v[0] == '-') f.exclude.push_back(v.substr(1));
      else f.include.push_back(v);
    }
  };
  auto set_place = [&](SearchRequest& r) {
    const Place& p = place();
    r.lat = p.lat;
    r.lon = p.lon;
    r.radius_km = below(3) == 0 ? 100 : 50;
  };
  // Submitted searches, not search-as-you-type: a trailing space tells Kindred the last
  // word is complete, so both systems match whole words (see query_mix.h).
  auto keyword = [&] { return kKeywords[below(kKeywords.size())] + " "; };
  std::vector<BenchQuery> mix;
  for (size_t i = 0; i < count; ++i) {
    BenchQuery b;
    SearchRequest& r = b.request;
    r.q.clear();
    double x = std::uniform_real_distribution<double>(0, 1)(rng);
    if (x < 0.20) {
      b.query_class = "keyword";
      r.q = keyword();
    } else if (x < 0.30) {
      // Alone, with a facet or near a place: the broad words with the usual narrowing.
      b.query_class = "broad";
      r.q = kBroad[below(kBroad.size())] + " ";
      size_t variant = below(4);
      if (variant == 2) add_facets(r, 1);
      if (variant == 3) set_place(r);
    } else if (x < 0.50) {
      b.query_class = "keyword+place";
      r.q = keyword();
      set_place(r);
    } else if (x < 0.70) {
      b.query_class = "place+facets";
      set_place(r);
      add_facets(r, 1 + below(3));
    } else if (x < 0.85) {
      b.query_class = "facets";
      add_facets(r, 1 + below(3));
    } else if (x < 0.93) {
      b.query_class = "misspelled";
      r.q = misspell(kKeywords[below(kKeywords.size())], rng) + " ";
    } else {
      b.query_class = "next";
      set_place(r);
      r.sort = SortOrder::kNext;
      if (below(2)) add_facets(r, 1);
    }
    mix.push_back(std::move(b));
  }
  return mix;
}

std::string to_query_string(const SearchRequest& r) {
  std::ostringstream s;
  auto esc = [](const std::string& v) {
    std::string out;
    for (unsigned char c : v) {
      if (std::isalnum(c) || c == '-' || c == '.' || c == '_') out += static_cast<char>(c);
      else if (c == ' ') out += '+';
      else {
        static const char* kHex = "0123456789ABCDEF";
        out += '%';
        out += kHex[c >> 4];
        out += kHex[c & 15];
      }
    }
    return out;
  };
  const char* sep = "";
  auto param = [&](const std::string& k, const std::string& v) {
    s << sep << k << '=' << esc(v);
    sep = "&";
  };
  if (!r.q.empty()) param("q", r.q);
  if (r.lat) param("lat", std::to_string(*r.lat));
  if (r.lon) param("lon", std::to_string(*r.lon));
  if (r.radius_km) param("radius_km", std::to_string(static_cast<int>(*r.radius_km)));
  for (const auto& [facet, f] : r.filters) {
    for (const auto& v : f.include) param(facet, v);
    for (const auto& v : f.exclude) param(facet, "-" + v);
  }
  if (r.sort == SortOrder::kNext) param("sort", "next");
  if (r.sort == SortOrder::kDistance) param("sort", "distance");
  return s.str();
}

}  // namespace kindred::bench
