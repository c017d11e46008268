// @brief Gazetteer lookup() and locate(): reading what a person typed, and ranking places.
//
// A score is log10(population) (about 1..7) plus bonuses sized so that the kind of match
// decides before size does: the postal code typed > a qualifier that fits ("Moscow, ID")
// > the place's own name > an alternate name > a prefix > a typo. Within one kind the
// bigger place wins, which is what a person means by "Moscow" or "Sydney".
#include <algorithm>
#include <cctype>
#include <cmath>

#include "core/geo/internal/gazetteer_impl.h"
#include "core/geo/internal/gazetteer_text.h"

namespace kindred {

using namespace gaz;

namespace {

constexpr double kPostalMatch = 30;
constexpr double kRegionMatch = 6, kCountryMatch = 5, kQualifierMiss = -3;
constexpr double kOwnName = 4, kAltName = 3, kPrefixOwn = 1.5, kPrefixAlt = 1.0;
constexpr double kTypo1 = 1.0, kTypo2 = 0.0, kTypoViaAlt = -1.0;
constexpr double kPostalNameAgrees = 5;
constexpr size_t kMaxEntriesPerKey = 5000;  // "san jose": hundreds; a cap, not a filter
constexpr size_t kMaxPrefixEntries = 3000;  // beyond that a prefix says too little
constexpr size_t kMaxTokens = 8;

std::vector<std::string_view> split_tokens(std::string_view s) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == ' ') {
      if (i > start) out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

std::string join(const std::vector<std::string_view>& t, size_t from, size_t to) {
  std::string out;
  for (size_t i = from; i < to; ++i) {
    if (i > from) out += ' ';
    out.append(t[i]);
  }
  return out;
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

double base_score(const PlaceRec& p) {
  double s = std::log10(static_cast<double>(p.population) + 10.0);
  if (p.flags & kCapital) s += 0.5;
  if (p.flags & kNeighbourhood) s -= 0.7;  // "Belleville" the Paris quarter < the towns
  if (p.kind == kPostal) s -= 0.3;         // a postcode suburb only GeoNames lacks
  return s;
}

// A qualifier phrase ("ID", "Ontario", "Oregon USA") read as alternatives; an alternative
// is one or two target lists (region and/or country), each of which must fit the place.
struct Qualifier {
  std::vector<std::vector<std::vector<uint32_t>>> alternatives;
  bool must_match = false;  // from a split without a comma: no fit, no candidate
};

enum class Fit { kNone, kCountry, kRegion };

Fit fit(const PlaceRec& p, const Qualifier& q) {
  Fit best = Fit::kNone;
  for (const auto& alt : q.alternatives) {
    bool all = true, region = false;
    for (const auto& targets : alt) {
      bool r = p.region != kNoRegion &&
               std::find(targets.begin(), targets.end(), p.region) != targets.end();
      bool c =
          std::find(targets.begin(), targets.end(), kQualifierCountry | p.country) != targets.end();
      all = all && (r || c);
      region = region || r;
    }
    if (all) best = std::max(best, region ? Fit::kRegion : Fit::kCountry);
  }
  return best;
}

struct Hit {
  uint32_t place;
  double score;
  bool postal;
};

// Name-index positions of keys within `budget` typos of `key` (never `key` itself), with
// their distance, found through the deletion index.
std::vector<std::pair<size_t, int>> typo_keys(const Gazetteer::Impl& g, std::string_view key,
                                              int budget) {
  std::vector<std::pair<size_t, int>> out;
  if (budget <= 0 || key.find_first_of("0123456789") != std::string_view::npos) return out;
  std::vector<size_t> positions;
  for (uint32_t h : deletion_hashes(key)) {
    uint64_t lo = uint64_t{h} << 32;
    for (auto it = std::lower_bound(g.fuzzy.begin(), g.fuzzy.end(), lo);
         it != g.fuzzy.end() && (*it >> 32) == h; ++it)
      positions.push_back(static_cast<size_t>(*it & 0xFFFFFFFFu));
  }
  std::sort(positions.begin(), positions.end());
  positions.erase(std::unique(positions.begin(), positions.end()), positions.end());
  for (size_t pos : positions) {
    std::string_view other = g.str(g.names[pos].key);
    if (other == key) continue;
    int d = edit_distance(key, other, budget);
    if (d <= budget) out.emplace_back(pos, d);
  }
  return out;
}

// Reads tokens [from, to) as a qualifier: the whole phrase, or a region phrase followed by
// a country phrase ("Oregon USA").
Qualifier resolve(const Gazetteer::Impl& g, const std::vector<std::string_view>& q, size_t from,
                  size_t to) {
  Qualifier out;
  auto targets = [&](const std::string& key) {
    std::vector<uint32_t> t;
    auto [lo, hi] = g.range(g.qualifiers, key);
    for (size_t i = lo; i < hi; ++i) t.push_back(g.qualifiers[i].value);
    return t;
  };
  auto whole = targets(join(q, from, to));
  if (!whole.empty()) out.alternatives.push_back({whole});
  for (size_t mid = from + 1; mid < to && to - from <= 5; ++mid) {
    auto a = targets(join(q, from, mid)), b = targets(join(q, mid, to));
    if (!a.empty() && !b.empty()) out.alternatives.push_back({a, b});
  }
  return out;
}

// Name matches for the first comma part: every split into a name and a trailing
// qualifier, each name matched exactly, by prefix (allow_prefix) and with typos.
void name_candidates(const Gazetteer::Impl& g, const std::vector<std::string_view>& name_tokens,
                     const std::vector<Qualifier>& comma_quals, bool allow_prefix, bool lenient,
                     std::vector<Hit>& hits) {
  const size_t n = name_tokens.size();
  for (size_t k = n; k >= 1 && k + 4 >= n; --k) {
    std::vector<Qualifier> quals = comma_quals;
    double ignored = 0;  // penalty for trailing words read as nothing (lenient pass)
    if (k < n) {
      Qualifier q = resolve(g, name_tokens, k, n);
      if (!q.alternatives.empty()) {
        q.must_match = true;
        quals.push_back(std::move(q));
      } else if (lenient) {
        ignored = kQualifierMiss;
      } else {
        continue;
      }
    }
    std::string key = join(name_tokens, 0, k);
    auto consider = [&](uint32_t value, double bonus) {
      uint32_t id = value & ~kAlternate;
      const PlaceRec& p = g.places[id];
      double score = base_score(p) + bonus + ignored;
      if (!quals.empty()) {
        bool all = true, region = false;
        for (const auto& q : quals) {
          Fit f = fit(p, q);
          if (f == Fit::kNone && q.must_match) return;
          all = all && f != Fit::kNone;
          region = region || f == Fit::kRegion;
        }
        score += all ? (region ? kRegionMatch : kCountryMatch) : kQualifierMiss;
      }
      hits.push_back({id, score, false});
    };
    auto [lo, hi] = g.range(g.names, key);
    for (size_t i = lo; i < hi && i < lo + kMaxEntriesPerKey; ++i)
      consider(g.names[i].value, (g.names[i].value & kAlternate) ? kAltName : kOwnName);
    // Typing in progress ("Calg"): only for the whole text, only when the prefix is telling.
    if (k == n && allow_prefix && key.size() >= 3) {
      auto [plo, phi] = g.range(g.names, key, true);
      if (phi - plo <= kMaxPrefixEntries) {
        for (size_t i = plo; i < phi; ++i) {
          if (i >= lo && i < hi) continue;
          consider(g.names[i].value, (g.names[i].value & kAlternate) ? kPrefixAlt : kPrefixOwn);
        }
      }
    }
    for (auto [pos, d] : typo_keys(g, key, typo_budget(key.size()))) {
      for (size_t i = pos; i < g.names.size && g.names[i].key == g.names[pos].key && i < pos + 1000;
           ++i) {
        double bonus =
            (d == 1 ? kTypo1 : kTypo2) + ((g.names[i].value & kAlternate) ? kTypoViaAlt : 0);
        consider(g.names[i].value, bonus);
      }
    }
    if (k == 1) break;
  }
}

}  // namespace

std::vector<Place> Gazetteer::Impl::lookup(std::string_view text, size_t limit) const {
  if (limit == 0) return {};
  text = text.substr(0, 256);
  std::vector<std::string> parts;  // normalised, split at commas
  for (size_t start = 0; start <= text.size();) {
    size_t comma = std::min(text.find(',', start), text.size());
    std::string part = normalize(text.substr(start, comma - start));
    if (!part.empty()) parts.push_back(std::move(part));
    start = comma + 1;
  }
  if (parts.empty()) return {};
  std::vector<Hit> hits;

  // Postal codes anywhere: 5 digits (+4) a US ZIP, 4 digits an Australian postcode.
  std::vector<std::vector<std::string_view>> part_tokens;
  std::string words;  // the text without its postal codes, to check a postal place's name
  bool postal_found = false;
  for (const auto& part : parts) {
    auto toks = split_tokens(part);
    std::vector<std::string_view> kept;
    for (size_t i = 0; i < toks.size(); ++i) {
      bool zip4 =
          i > 0 && toks[i].size() == 4 && toks[i - 1].size() == 5 && all_digits(toks[i - 1]);
      const char* cc = !all_digits(toks[i]) || zip4 ? nullptr
                       : toks[i].size() == 5        ? "US "
                       : toks[i].size() == 4        ? "AU "
                                                    : nullptr;
      auto [lo, hi] = cc ? range(postal, std::string(cc) + std::string(toks[i]))
                         : std::pair<size_t, size_t>{0, 0};
      for (size_t e = lo; e < hi; ++e) hits.push_back({postal[e].value, kPostalMatch, true});
      if (lo < hi || zip4) {
        postal_found = postal_found || lo < hi;
      } else {
        kept.push_back(toks[i]);
        words += " " + std::string(toks[i]) + " ";
      }
    }
    part_tokens.push_back(std::move(kept));
  }
  for (auto& h : hits) {
    const PlaceRec& p = places[h.place];
    h.score += base_score(p);
    if (!words.empty() && words.find(" " + normalize(str(p.name)) + " ") != std::string::npos)
      h.score += kPostalNameAgrees;  // "Haymarket 2000" prefers Haymarket among 2000's suburbs
  }

  std::vector<Qualifier> comma_quals;
  for (size_t i = 1; i < part_tokens.size(); ++i) {
    if (!part_tokens[i].empty())
      comma_quals.push_back(resolve(*this, part_tokens[i], 0, part_tokens[i].size()));
  }

  auto& name_tokens = part_tokens[0];
  if (name_tokens.size() > kMaxTokens) name_tokens.resize(kMaxTokens);
  // Every split of the first part into a name and a trailing qualifier ("Calgary AB"). When
  // that finds nothing, a second, lenient pass ignores trailing words it cannot read
  // ("Toronto M5V": Canadian postcodes are not known) at a qualifier-miss penalty.
  for (int pass = 0; pass < 2 && hits.empty(); ++pass) {
    name_candidates(*this, name_tokens, comma_quals, parts.size() == 1 && !postal_found, pass == 1,
                    hits);
  }

  // Best score per place, then best first.
  std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
    return a.place != b.place ? a.place < b.place : a.score > b.score;
  });
  hits.erase(std::unique(hits.begin(), hits.end(),
                         [](const Hit& a, const Hit& b) { return a.place == b.place; }),
             hits.end());
  std::sort(hits.begin(), hits.end(), [&](const Hit& a, const Hit& b) {
    if (a.score != b.score) return a.score > b.score;
    return a.place < b.place;
  });
  std::vector<Place> out;
  for (const Hit& h : hits) {
    if (out.size() == limit) break;
    Place p = to_place(h.place, h.postal);
    bool dup = std::any_of(out.begin(), out.end(), [&](const Place& o) {  // GeoNames twins
      return o.name == p.name && o.region_code == p.region_code && o.country == p.country &&
             o.postal_code == p.postal_code && o.admin1 == p.admin1;
    });
    if (!dup) out.push_back(std::move(p));
  }
  return out;
}

std::optional<Place> Gazetteer::Impl::locate(std::string_view postal_code,
                                             std::string_view locality,
                                             std::string_view region_code,
                                             std::string_view country) const {
  auto upper = [](std::string_view s) {
    std::string u(s);
    for (char& c : u) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return u;
  };
  std::string cc = upper(country), rc = upper(region_code);
  if (cc.empty() && rc.size() > 3 && rc[2] == '-') cc = rc.substr(0, 2);
  int ci = -1, ri = -1;
  if (!cc.empty() && (ci = country_index(cc)) < 0) return std::nullopt;
  if (!rc.empty()) {
    if ((ri = region_index(rc)) < 0 || rc.compare(0, 2, cc) != 0) return std::nullopt;
    // Finer than GeoNames' first level (GB-LND): only the country can be checked.
    if (!(regions[static_cast<size_t>(ri)].flags & kRegionHasPlaces)) ri = -1;
  }
  auto fits = [&](uint32_t id) {
    const PlaceRec& p = places[id];
    return (ci < 0 || p.country == ci) && (ri < 0 || p.region == ri);
  };
  const std::string want = normalize(locality);

  // split_tokens returns views: keep the normalised string alive while they are used.
  const std::string code_norm = normalize(postal_code);
  auto code_tokens = split_tokens(code_norm);
  if (!code_tokens.empty()) {
    std::string code(code_tokens[0]);  // "83843-1234" -> 83843
    std::string pcc = !cc.empty() ? cc : code.size() == 5 ? "US" : code.size() == 4 ? "AU" : "";
    auto [lo, hi] = range(postal, pcc + " " + code);
    std::optional<uint32_t> best;
    for (size_t i = lo; i < hi; ++i) {
      uint32_t id = postal[i].value;
      if (!fits(id)) continue;
      if (!best) best = id;
      if (!want.empty() && normalize(str(places[id].name)) == want) {
        best = id;
        break;
      }
    }
    if (best) return to_place(*best, true);
  }
  if (want.empty()) return std::nullopt;
  auto [lo, hi] = range(names, want);
  for (size_t i = lo; i < hi; ++i) {  // own names first, then by population
    uint32_t id = names[i].value & ~kAlternate;
    if (fits(id)) return to_place(id, false);
  }
  std::optional<uint32_t> best;
  double best_score = 0;
  for (auto [pos, d] : typo_keys(*this, want, std::min(1, typo_budget(want.size())))) {
    for (size_t i = pos; i < names.size && names[i].key == names[pos].key; ++i) {
      uint32_t id = names[i].value & ~kAlternate;
      double s = base_score(places[id]) - ((names[i].value & kAlternate) ? 1 : 0);
      if (fits(id) && (!best || s > best_score)) best = id, best_score = s;
    }
  }
  if (best) return to_place(*best, false);
  return std::nullopt;
}

}  // namespace kindred
