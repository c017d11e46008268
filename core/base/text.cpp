// @brief Small text helpers shared across modules (see text.h).
#include "core/base/text.h"

#include <cctype>

namespace kindred {

uint64_t fnv1a64(std::string_view text) {
  uint64_t h = 14695981039346656037ull;
  for (char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return h;
}

std::string utf8_prefix(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  size_t n = max_bytes;
  while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;  // not inside a character
  return std::string(text.substr(0, n));
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

}  // namespace kindred
