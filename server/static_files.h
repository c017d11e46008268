// @brief The page's files (web/): request paths confined to one directory.
//
// A raw request path is percent-decoded, then refused (404, never a file's contents)
// when it has a backslash, a NUL or other control character, an empty, "." or ".."
// segment, a hidden (dot) segment, or invalid UTF-8; what remains is resolved with
// realpath() and must still lie inside the directory, so symlinks pointing out of it
// are refused too. "/" and paths ending in "/" mean index.html. Only known file types
// are served, each with its Content-Type.
// Text files are sent as Brotli or gzip when the client accepts it (from memory, compressed
// once: static_cache.h), with "Vary: Accept-Encoding"; every file carries a strong ETag
// for the form sent, and a request whose If-None-Match matches it gets a 304 and no body.
// Thread safety: serve() may run on any thread.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "server/reply.h"
#include "server/static_cache.h"

namespace kindred::http {

class StaticFiles {
 public:
  // `dir` need not exist; then every file is not found.
  explicit StaticFiles(const std::string& dir);

  // The file's bytes in the best form `accept_encoding` allows, a 304 when
  // `if_none_match` names that form's ETag, or a 404 JSON reply. The header values are
  // raw ("" when absent).
  Reply serve(std::string_view raw_path, std::string_view accept_encoding = "",
              std::string_view if_none_match = "") const;

  // The confined absolute path for `raw_path`, or "" when it is refused or missing.
  std::string resolve(std::string_view raw_path) const;

  const std::string& root() const { return root_; }

 private:
  std::string root_;  // realpath of the directory; empty when it does not exist
  std::unique_ptr<StaticCache> cache_ = std::make_unique<StaticCache>();
};

// "text/html; charset=utf-8" for "index.html"; nullptr for a type we do not serve.
const char* content_type_for(std::string_view file_name);

}  // namespace kindred::http
