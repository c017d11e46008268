// @brief Text rules shared by the feed importers (see feed_text.h).
#include "core/feed_text.h"

#include <cctype>
#include <cstdio>
#include <regex>

#include "core/json_build.h"

namespace kindred {

uint64_t fnv1a64(std::string_view text) {
  uint64_t h = 14695981039346656037ull;
  for (char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return h;
}

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

std::string utf8_prefix(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  size_t n = max_bytes;
  while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;  // not inside a character
  return std::string(text.substr(0, n));
}

namespace {

// Tags are found by hand, not with std::regex: libstdc++'s matcher recurses once per
// character of a match, and a feed's 30 KB "<a..." without a ">" overflowed the stack
// (issue 8). Same rule as the regexes it replaces, <\s*/?\s*[A-Za-z!][^>]*>.

bool is_regex_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
bool is_word(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// For a '<' at text[i] that starts a tag: the index of the tag's '>' (the first after
// it), and in `name` the word the tag starts with ("br" of "</BR >"). npos if no tag
// starts at i. `last_gt` is text.rfind('>'), so a run of unclosed tags stays linear.
size_t tag_end(std::string_view text, size_t i, size_t last_gt, std::string_view& name) {
  if (last_gt == std::string_view::npos || last_gt <= i) return std::string_view::npos;
  size_t j = i + 1;
  while (j < text.size() && is_regex_space(text[j])) ++j;
  if (j < text.size() && text[j] == '/') ++j;
  while (j < text.size() && is_regex_space(text[j])) ++j;
  if (j >= last_gt || !(std::isalpha(static_cast<unsigned char>(text[j])) || text[j] == '!')) {
    return std::string_view::npos;
  }
  size_t k = j;
  while (k < text.size() && is_word(text[k])) ++k;
  name = text.substr(j, k - j);
  return text.find('>', j + 1);
}

// Tags that break a line (the regex's (br|p|div|li|ul|ol|tr|h[1-6])\b, any case).
bool is_block_tag(std::string_view name) {
  std::string lower;
  for (char c : name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* b :
       {"br", "p", "div", "li", "ul", "ol", "tr", "h1", "h2", "h3", "h4", "h5", "h6"}) {
    if (lower == b) return true;
  }
  return false;
}

// Replaces each tag (only block tags when `blocks_only`) with `with`, left to right.
std::string replace_tags(std::string_view text, bool blocks_only, std::string_view with) {
  std::string out;
  out.reserve(text.size());
  const size_t last_gt = text.rfind('>');
  for (size_t i = 0; i < text.size(); ++i) {
    std::string_view name;
    size_t end = text[i] == '<' ? tag_end(text, i, last_gt, name) : std::string_view::npos;
    if (end != std::string_view::npos && (!blocks_only || is_block_tag(name))) {
      out += with;
      i = end;
    } else {
      out += text[i];
    }
  }
  return out;
}

}  // namespace

bool contains_html_tag(std::string_view text) {
  const size_t last_gt = text.rfind('>');
  std::string_view name;
  for (size_t i = text.find('<'); i != std::string_view::npos; i = text.find('<', i + 1)) {
    if (tag_end(text, i, last_gt, name) != std::string_view::npos) return true;
  }
  return false;
}

std::string clean_text(std::string_view text, size_t max_bytes) {
  // Tags that break a line become one; inline ones (<b>, <a>) vanish without a gap.
  std::string s = replace_tags(text, true, "\n");
  s = replace_tags(s, false, "");
  struct Entity { const char* from; const char* to; };
  for (const Entity& e : {Entity{"&nbsp;", " "}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"},
                          {"&amp;", "&"}}) {
    for (size_t pos; (pos = s.find(e.from)) != std::string::npos;) s.replace(pos, std::string(e.from).size(), e.to);
  }
  // A decoded "<b>" must not become a tag again: tags are not allowed in listings.
  s = replace_tags(s, false, "");
  std::string out;
  int newlines = 0;
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (ch == '\r') continue;
    if (ch == '\n') {
      while (!out.empty() && out.back() == ' ') out.pop_back();
      if (!out.empty() && newlines < 2) out += '\n';
      ++newlines;
      continue;
    }
    if (c < 0x20 || c == 0x7f) ch = ' ';
    if (ch == ' ' && (out.empty() || out.back() == ' ' || out.back() == '\n')) continue;
    out += ch;
    newlines = 0;
  }
  while (!out.empty() && (out.back() == ' ' || out.back() == '\n')) out.pop_back();
  out = utf8_prefix(out, max_bytes);
  while (!out.empty() && (out.back() == ' ' || out.back() == '\n')) out.pop_back();
  return out;
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (const auto& p : parts) {
    if (p.empty()) continue;
    if (!out.empty()) out += separator;
    out += p;
  }
  return out;
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
