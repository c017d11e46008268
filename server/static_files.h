// @brief The page's files (web/): request paths confined to one directory.
//
// A raw request path is percent-decoded, then refused (404, never a file's contents)
// when it has a backslash, a NUL or other control character, an empty, "." or ".."
// segment, a hidden (dot) segment, or invalid UTF-8; what remains is resolved with
// realpath() and must still lie inside the directory, so symlinks pointing out of it
// are refused too. "/" and paths ending in "/" mean index.html. Only known file types
// are served, each with its Content-Type.
// Thread safety: immutable after construction; serve() may run on any thread.
#pragma once

#include <string>
#include <string_view>

#include "server/reply.h"

namespace kindred::http {

class StaticFiles {
 public:
  // `dir` need not exist; then every file is not found.
  explicit StaticFiles(const std::string& dir);

  // A reply naming the file to send, or a 404 JSON reply.
  Reply serve(std::string_view raw_path) const;

  // The confined absolute path for `raw_path`, or "" when it is refused or missing.
  std::string resolve(std::string_view raw_path) const;

  const std::string& root() const { return root_; }

 private:
  std::string root_;  // realpath of the directory; empty when it does not exist
};

// "text/html; charset=utf-8" for "index.html"; nullptr for a type we do not serve.
const char* content_type_for(std::string_view file_name);

}  // namespace kindred::http
