// @brief Accept-Encoding and If-None-Match (see content_coding.h).
#include "server/content_coding.h"

#include <cctype>
#include <string>

namespace kindred::http {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out;
  for (char c : s) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The q of one Accept-Encoding element's parameters ("; q=0.5"); 1 when absent. A q we
// cannot read counts as 0: never send a coding the client may have refused.
double quality(std::string_view params) {
  while (!params.empty()) {
    size_t semi = params.find(';');
    std::string_view p = trim(params.substr(0, semi));
    params = semi == std::string_view::npos ? std::string_view() : params.substr(semi + 1);
    if (p.size() < 2 || (p[0] != 'q' && p[0] != 'Q') || p[1] != '=') continue;
    std::string v(trim(p.substr(2)));
    if (v.empty() || v.size() > 5) return 0;
    for (char c : v) {
      if (!std::isdigit(static_cast<unsigned char>(c)) && c != '.') return 0;
    }
    try {
      return std::stod(v);
    } catch (const std::exception&) {
      return 0;
    }
  }
  return 1;
}

}  // namespace

bool accepts_coding(std::string_view accept_encoding, std::string_view coding) {
  double named = -1, star = -1;
  std::string_view rest = accept_encoding;
  while (!rest.empty()) {
    size_t comma = rest.find(',');
    std::string_view element = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    size_t semi = element.find(';');
    std::string name = lower(trim(element.substr(0, semi)));
    double q = semi == std::string_view::npos ? 1 : quality(element.substr(semi + 1));
    if (name == "x-gzip") name = "gzip";
    if (name == coding) named = std::max(named, q);
    if (name == "*") star = std::max(star, q);
  }
  if (named >= 0) return named > 0;
  return star > 0;
}

bool etag_matches(std::string_view if_none_match, std::string_view etag) {
  if (trim(if_none_match) == "*") return true;
  std::string_view rest = if_none_match;
  while (!rest.empty()) {
    size_t comma = rest.find(',');
    std::string_view tag = trim(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    if (tag.substr(0, 2) == "W/") tag.remove_prefix(2);
    if (tag == etag) return true;
  }
  return false;
}

}  // namespace kindred::http
