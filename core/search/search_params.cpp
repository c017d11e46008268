// @brief Query-string decoding and the search API's parameters (see search_params.h).
#include "core/search/search_params.h"

#include "core/listing/translation.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "core/base/utc_time.h"
#include "core/base/utf8.h"

namespace kindred {
namespace {

Error invalid(std::string message) { return make_error(ErrorCode::kInvalidArgument, std::move(message)); }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The label a decoded parameter name gets at the start of a message.
std::string label(std::string_view name) { return name.empty() ? "parameter name" : utf8_excerpt(name, 40); }

bool is_single(std::string_view name) {
  static constexpr std::string_view kSingle[] = {"q",    "near", "lat",      "lon",     "radius_km",
                                                 "sort", "page", "per_page", "country", "spelling",
                                                 "now",  "lang", "facet_values"};
  return std::find(std::begin(kSingle), std::end(kSingle), name) != std::end(kSingle);
}

bool is_facet(std::string_view name) {
  const auto& names = search_facet_names();
  return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

Expected<std::string> parse_lang(std::string_view value) {
  if (value.empty()) return std::string("en");
  std::string primary = primary_language(value);
  bool shaped = is_primary_language_tag(primary);
  // Subtags after the primary one: 1-8 letters or digits each ("es-419", "zh-Hant-TW").
  for (size_t i = primary.size(); shaped && i < value.size();) {
    if (value[i] != '-') { shaped = false; break; }
    size_t end = value.find('-', i + 1);
    if (end == std::string_view::npos) end = value.size();
    size_t n = end - i - 1;
    shaped = n >= 1 && n <= 8 &&
             std::all_of(value.begin() + static_cast<std::ptrdiff_t>(i + 1), value.begin() + static_cast<std::ptrdiff_t>(end),
                         [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; });
    i = end;
  }
  if (!shaped) {
    return make_error(ErrorCode::kInvalidArgument,
                      "lang: \"" + utf8_excerpt(value, 40) + "\" is not a language code; use one such as en, es or fr");
  }
  return answer_language(primary);
}

Expected<std::string> lang_param(std::string_view raw_query) {
  auto value = query_param(raw_query, "lang");
  if (!value) return value.error();
  return parse_lang(*value);
}

Expected<std::string> percent_decode(std::string_view text, std::string_view name) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '+') {
      out += ' ';
    } else if (c == '%') {
      int hi = i + 1 < text.size() ? hex_value(text[i + 1]) : -1;
      int lo = i + 2 < text.size() ? hex_value(text[i + 2]) : -1;
      if (hi < 0 || lo < 0) {
        return invalid(std::string(name) + ": bad percent escape (% must be followed by two hex digits)");
      }
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += c;
    }
  }
  for (size_t i = 0; i < out.size();) {
    unsigned char c = static_cast<unsigned char>(out[i]);
    if (c < 0x20 || c == 0x7F) return invalid(std::string(name) + ": contains a control character");
    size_t n = utf8_sequence_length(out, i);
    if (n == 0) return invalid(std::string(name) + ": is not valid UTF-8");
    i += n;
  }
  return out;
}

Expected<std::vector<QueryParam>> decode_query(std::string_view raw) {
  std::vector<QueryParam> out;
  size_t start = 0;
  while (start <= raw.size()) {
    size_t end = raw.find('&', start);
    if (end == std::string_view::npos) end = raw.size();
    std::string_view pair = raw.substr(start, end - start);
    start = end + 1;
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    auto name = percent_decode(pair.substr(0, eq), "parameter name");
    if (!name) return name.error();
    if (name->empty()) return invalid("parameter name: empty (a pair starts with '=')");
    std::string_view raw_value = eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    auto value = percent_decode(raw_value, label(*name));
    if (!value) return value.error();
    out.push_back({std::move(name).value(), std::move(value).value()});
  }
  return out;
}

Expected<std::string> query_param(std::string_view raw, std::string_view name) {
  auto params = decode_query(raw);
  if (!params) return params.error();
  std::string value;
  bool seen = false;
  for (auto& p : *params) {
    if (p.name != name) continue;
    if (seen) return invalid(std::string(name) + ": given more than once");
    seen = true;
    value = std::move(p.value);
  }
  return value;
}

Status only_params(std::string_view raw, std::initializer_list<std::string_view> known) {
  auto params = decode_query(raw);
  if (!params) return params.error();
  for (const auto& p : *params) {
    if (std::find(known.begin(), known.end(), p.name) == known.end()) {
      return invalid(label(p.name) + ": unknown parameter");
    }
  }
  return Ok{};
}

Expected<double> parse_number(std::string_view name, std::string_view text) {
  auto bad = [&] { return invalid(std::string(name) + ": must be a number"); };
  if (text.empty() || text.size() > 64) return bad();
  for (char c : text) {
    bool ok = (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E';
    if (!ok) return bad();  // no spaces, hex, "inf" or "nan"
  }
  std::string copy(text);
  char* end = nullptr;
  errno = 0;
  double v = std::strtod(copy.c_str(), &end);
  if (end != copy.c_str() + copy.size() || !std::isfinite(v) || errno == ERANGE) return bad();
  return v;
}

Expected<long> parse_integer(std::string_view name, std::string_view text, long min, long max) {
  std::string range = std::string(name) + ": must be between " + std::to_string(min) + " and " + std::to_string(max);
  size_t i = text.size() > 0 && text[0] == '-' ? 1 : 0;
  if (i == text.size()) return invalid(std::string(name) + ": must be a whole number");
  for (size_t k = i; k < text.size(); ++k) {
    if (text[k] < '0' || text[k] > '9') return invalid(std::string(name) + ": must be a whole number");
  }
  if (text.size() - i > 18) return invalid(range);  // too many digits for any range we use
  long v = 0;
  for (size_t k = i; k < text.size(); ++k) v = v * 10 + (text[k] - '0');
  if (i == 1) v = -v;
  if (v < min || v > max) return invalid(range);
  return v;
}

Expected<SearchRequest> parse_search_params(std::string_view raw) {
  auto params = decode_query(raw);
  if (!params) return params.error();
  SearchRequest req;
  std::vector<std::string> seen;
  for (auto& p : *params) {
    const std::string& name = p.name;
    std::string& value = p.value;
    if (is_facet(name)) {
      if (value.empty()) continue;
      if (value.size() > 100) return invalid(name + ": value longer than 100 bytes");
      FacetFilter& filter = req.filters[name];
      if (value[0] == '-') {
        if (value.size() == 1) return invalid(name + ": \"-\" names no value to exclude");
        filter.exclude.push_back(value.substr(1));
      } else {
        filter.include.push_back(std::move(value));
      }
      continue;
    }
    if (!is_single(name)) return invalid(label(name) + ": unknown parameter");
    if (std::find(seen.begin(), seen.end(), name) != seen.end()) {
      return invalid(name + ": given more than once");
    }
    seen.push_back(name);
    if (value.empty()) continue;  // an empty form field means "not given"
    if (name == "q") {
      req.q = std::move(value);
    } else if (name == "near") {
      if (value.size() > kMaxNearBytes) {
        return invalid("near: longer than " + std::to_string(kMaxNearBytes) + " bytes");
      }
      req.near = std::move(value);
    } else if (name == "country") {
      if (value.size() != 2) return invalid("country: must be a two-letter ISO 3166-1 code such as US or GB");
      req.country = std::move(value);
    } else if (name == "lat" || name == "lon" || name == "radius_km") {
      auto v = parse_number(name, value);
      if (!v) return v.error();
      (name == "lat" ? req.lat : name == "lon" ? req.lon : req.radius_km) = *v;
    } else if (name == "sort") {
      if (value == "relevance") req.sort = SortOrder::kRelevance;
      else if (value == "distance") req.sort = SortOrder::kDistance;
      else if (value == "next") req.sort = SortOrder::kNext;
      else return invalid("sort: must be relevance, distance or next");
    } else if (name == "lang") {
      auto lang = parse_lang(value);
      if (!lang) return lang.error();
      req.lang = *lang;
    } else if (name == "spelling") {
      if (value == "as-typed") req.correct_spelling = false;
      else if (value != "correct") return invalid("spelling: must be correct or as-typed");
    } else if (name == "now") {
      // What is on at another moment (issue 17: courses end, terms start); never stored.
      auto t = parse_utc_time(value);
      if (!t) return invalid("now: must be a date (2026-01-12) or an RFC 3339 time such as 2026-01-12T18:00:00Z");
      req.now = *t;
    } else if (name == "page") {
      auto v = parse_integer(name, value, 1, kMaxPage);
      if (!v) return v.error();
      req.page = static_cast<uint32_t>(*v);
    } else if (name == "per_page") {
      auto v = parse_integer(name, value, 1, kMaxPerPage);
      if (!v) return v.error();
      req.per_page = static_cast<uint32_t>(*v);
    } else if (name == "facet_values") {
      auto v = parse_integer(name, value, 1, kMaxFacetValues);
      if (!v) return v.error();
      req.facet_values = static_cast<uint32_t>(*v);
    }
  }
  return req;
}

}  // namespace kindred
