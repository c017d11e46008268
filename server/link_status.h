// @brief The link checker's verdicts (kindred-index check-links --out FILE), loaded by
// `kindred-serve --link-status FILE` so that listings carry `link_status` and the page
// can mark a dead link.
//
// Thread safety: immutable after load(); share it freely.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>

#include "core/base/error.h"

namespace kindred::http {

class LinkStatusTable {
 public:
  // Reads {"format": "kindred-link-status/1", "checked_at", "listings": {id: {"status", ...}}}.
  // kNotFound/kIo when unreadable, kCorrupt when it is not that format.
  static Expected<LinkStatusTable> load(const std::string& path);

  // "dead", "error", "blocked", "ok" for a checked listing; "" when it was not checked.
  std::string_view status(std::string_view id) const;
  const std::string& checked_at() const { return checked_at_; }
  size_t size() const { return status_.size(); }

 private:
  std::unordered_map<std::string, std::string> status_;
  std::string checked_at_;
};

}  // namespace kindred::http
