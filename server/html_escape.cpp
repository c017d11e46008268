// @brief See html_escape.h.
#include "server/html_escape.h"

#include "core/base/utf8.h"

namespace kindred::http::html {
namespace {

std::string escape(std::string_view raw, bool quotes) {
  std::string s = is_valid_utf8(raw) ? std::string(raw) : repair_utf8(raw);
  std::string out;
  out.reserve(s.size() + 16);
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += quotes ? "&quot;" : "\""; break;
      case '\'': out += quotes ? "&#39;" : "'"; break;
      default: out += c;
    }
  }
  return out;
}

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool has_scheme(std::string_view url, std::string_view scheme) {
  if (url.size() <= scheme.size() + 1 || url[scheme.size()] != ':') return false;
  for (size_t i = 0; i < scheme.size(); ++i) {
    if (lower(url[i]) != scheme[i]) return false;
  }
  return true;
}

}  // namespace

std::string text(std::string_view s) { return escape(s, false); }

std::string attr(std::string_view s) { return escape(s, true); }

std::string url_attr(std::string_view url) {
  for (unsigned char c : url) {
    if (c < 0x20 || c == 0x7f || c == ' ') return "";  // no hidden tricks ("java\tscript:")
  }
  bool local = url.size() > 0 && url[0] == '/' && (url.size() == 1 || (url[1] != '/' && url[1] != '\\'));
  bool allowed = local;
  for (std::string_view scheme : {"http", "https", "tel", "sms", "mailto"}) allowed = allowed || has_scheme(url, scheme);
  return allowed ? attr(url) : std::string();
}

std::string query_component(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
                 c == '.' || c == '~';
    if (plain) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

}  // namespace kindred::http::html
