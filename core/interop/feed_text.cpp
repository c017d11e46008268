// @brief Text rules shared by the feed importers (see feed_text.h).
#include "core/interop/feed_text.h"

#include <cctype>
#include <cstdio>
#include <regex>

#include "core/base/json_build.h"
#include "core/base/text.h"

namespace kindred {

std::string feed_listing_id(const std::string& feed_id, const std::string& slug) {
  constexpr size_t kMaxSlug = 40;
  static const std::regex kClean("[a-z0-9]+(-[a-z0-9]+)*");
  if (slug.size() <= kMaxSlug && std::regex_match(slug, kClean)) return feed_id + "-" + slug;
  std::string norm;
  for (char ch : slug) {
    char c = (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch - 'A' + 'a') : ch;
    bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (alnum) norm += c;
    else if (!norm.empty() && norm.back() != '-') norm += '-';
  }
  if (norm.size() > kMaxSlug) norm.resize(kMaxSlug);
  while (!norm.empty() && norm.back() == '-') norm.pop_back();
  char hash[9];
  std::snprintf(hash, sizeof hash, "%08x", static_cast<unsigned>(fnv1a64(slug) & 0xffffffffu));
  return feed_id + "-" + (norm.empty() ? "" : norm + "-") + hash;
}

bool is_http_url(const std::string& url) {
  static const std::regex kUrl("[Hh][Tt][Tt][Pp][Ss]?://[A-Za-z0-9.-]+(:[0-9]+)?([/?#][^ \\x00-\\x1f]*)?");
  return url.size() <= 2000 && std::regex_match(url, kUrl);
}

bool is_email(const std::string& email) {
  static const std::regex kEmail("[^@ ]+@[^@ ]+\\.[^@ ]+");
  return email.size() <= 254 && std::regex_match(email, kEmail);
}

std::string e164_phone(const std::string& text, const std::string& country) {
  std::string digits;
  for (char c : text) {
    if (c >= '0' && c <= '9') digits += c;
    else if (c == ',' || c == ';' || c == '#' || c == '*' || c == 'x') break;  // pauses and extensions
  }
  bool plus = text.find_first_not_of(" ") != std::string::npos && text[text.find_first_not_of(" ")] == '+';
  if (!plus && (country == "US" || country == "CA")) {
    if (digits.size() == 10) digits = "1" + digits;
    else if (!(digits.size() == 11 && digits[0] == '1')) return "";
  } else if (!plus) {
    return "";
  }
  if (digits.size() < 7 || digits.size() > 15 || digits[0] == '0') return "";
  return "+" + digits;
}

std::string source_name(const FeedSpec& feed) {
  return feed.defaults.source_name.empty() ? feed.id + " feed" : feed.defaults.source_name;
}

void add_provenance(rapidjson::Value& listing, const FeedSpec& feed, const std::string& last_verified,
                    const std::string& fetched_date, rapidjson::Document::AllocatorType& alloc) {
  json::add_text(listing, "last_verified", last_verified, alloc);
  rapidjson::Value sources(rapidjson::kArrayType), source(rapidjson::kObjectType);
  json::add_text(source, "name", source_name(feed), alloc);
  json::add_text(source, "url", feed.url, alloc);
  json::add_text(source, "date", fetched_date, alloc);
  sources.PushBack(source, alloc);
  json::add(listing, "sources", std::move(sources), alloc);
}

}  // namespace kindred
