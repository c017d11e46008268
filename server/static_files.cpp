// @brief Confined static files (see static_files.h).
#include "server/static_files.h"

#include <sys/stat.h>

#include <cctype>
#include <climits>
#include <cstdlib>

#include "core/base/utf8.h"
#include "server/content_coding.h"

namespace kindred::http {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool forbidden_byte(unsigned char c) { return c < 0x20 || c == 0x7F || c == '\\'; }

// The decoded path ('+' stays '+' in paths), or "" when it is malformed or forbidden.
std::string decode_path(std::string_view raw) {
  std::string out;
  for (size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c == '%') {
      int hi = i + 1 < raw.size() ? hex_value(raw[i + 1]) : -1;
      int lo = i + 2 < raw.size() ? hex_value(raw[i + 2]) : -1;
      if (hi < 0 || lo < 0) return "";
      c = static_cast<char>(hi * 16 + lo);
      i += 2;
    }
    if (forbidden_byte(static_cast<unsigned char>(c))) return "";
    out += c;
  }
  return is_valid_utf8(out) ? out : "";
}

// Every segment after the leading '/' must be a plain, visible name.
bool safe_segments(const std::string& path) {
  if (path.empty() || path[0] != '/') return false;
  size_t start = 1;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    std::string_view seg(path.data() + start, end - start);
    if (seg.empty() || seg[0] == '.') return false;  // "//", ".", "..", ".git"
    start = end + 1;
  }
  return true;
}

}  // namespace

const char* content_type_for(std::string_view file_name) {
  size_t dot = file_name.rfind('.');
  if (dot == std::string_view::npos) return nullptr;
  std::string ext;
  for (char c : file_name.substr(dot + 1)) ext += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  struct Type { const char* ext; const char* type; };
  static constexpr Type kTypes[] = {
      {"html", "text/html; charset=utf-8"},
      {"css", "text/css; charset=utf-8"},
      {"js", "text/javascript; charset=utf-8"},
      {"mjs", "text/javascript; charset=utf-8"},
      {"json", "application/json; charset=utf-8"},
      {"webmanifest", "application/manifest+json; charset=utf-8"},
      {"svg", "image/svg+xml; charset=utf-8"},
      {"txt", "text/plain; charset=utf-8"},
      {"png", "image/png"},
      {"ico", "image/x-icon"},
      {"webp", "image/webp"},
      {"jpg", "image/jpeg"},
      {"jpeg", "image/jpeg"},
      {"woff2", "font/woff2"},
  };
  for (const auto& t : kTypes) {
    if (ext == t.ext) return t.type;
  }
  return nullptr;
}

StaticFiles::StaticFiles(const std::string& dir) {
  char resolved[PATH_MAX];
  if (::realpath(dir.c_str(), resolved) != nullptr) root_ = resolved;
}

std::string StaticFiles::resolve(std::string_view raw_path) const {
  if (root_.empty()) return "";
  std::string path = decode_path(raw_path);
  if (path.empty()) return "";
  if (path.back() == '/') path += "index.html";
  if (!safe_segments(path)) return "";
  std::string candidate = root_ + path;
  char resolved[PATH_MAX];
  if (::realpath(candidate.c_str(), resolved) == nullptr) return "";
  std::string real = resolved;
  if (real.compare(0, root_.size() + 1, root_ + "/") != 0) return "";  // a symlink out of the root
  struct stat st {};
  if (::stat(real.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return "";
  return real;
}

Reply StaticFiles::serve(std::string_view raw_path, std::string_view accept_encoding,
                         std::string_view if_none_match) const {
  std::string path = resolve(raw_path);
  const char* type = path.empty() ? nullptr : content_type_for(path);
  if (!type) return error_reply(404, "not_found", "no such page or file");
  // Text compresses; PNG, WebP, JPEG and WOFF2 already are compressed.
  std::string_view t = type;
  bool compressible = t.find("charset=") != std::string_view::npos || t == "image/x-icon";
  auto file = cache_->get(path, compressible);
  if (!file) return error_reply(404, "not_found", "no such page or file");
  const EncodedFile::Form* chosen = &file->identity;
  const char* coding = "";
  if (!file->brotli.bytes.empty() && accepts_coding(accept_encoding, "br")) {
    chosen = &file->brotli;
    coding = "br";
  } else if (!file->gzip.bytes.empty() && accepts_coding(accept_encoding, "gzip")) {
    chosen = &file->gzip;
    coding = "gzip";
  }
  Reply r;
  r.content_type = type;
  r.no_store = false;
  r.etag = chosen->etag;
  // Whenever another form exists, caches must key this answer on Accept-Encoding.
  if (!file->brotli.bytes.empty() || !file->gzip.bytes.empty()) r.vary = "Accept-Encoding";
  if (!if_none_match.empty() && etag_matches(if_none_match, chosen->etag)) {
    r.status = 304;
    return r;
  }
  r.status = 200;
  r.content_encoding = coding;
  r.body = chosen->bytes;
  return r;
}

}  // namespace kindred::http
