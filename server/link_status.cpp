// @brief Loading the link checker's verdicts (see link_status.h).
#include "server/link_status.h"

#include <rapidjson/document.h>

#include "core/base/json_build.h"
#include "core/base/json_util.h"

namespace kindred::http {

Expected<LinkStatusTable> LinkStatusTable::load(const std::string& path) {
  auto text = read_file(path);
  if (!text) return text.error();
  rapidjson::Document doc;
  if (Status s = parse_json(*text, doc); !s) return make_error(ErrorCode::kCorrupt, path + ": " + s.error().message);
  if (!doc.IsObject() || json::get_text(doc, "format") != "kindred-link-status/1" || !doc.HasMember("listings") ||
      !doc["listings"].IsObject()) {
    return make_error(ErrorCode::kCorrupt, path + ": not a kindred-link-status/1 file (made by kindred-index check-links)");
  }
  LinkStatusTable table;
  table.checked_at_ = json::get_text(doc, "checked_at");
  for (const auto& m : doc["listings"].GetObject()) {
    std::string status = json::get_text(m.value, "status");
    if (!status.empty()) table.status_.emplace(m.name.GetString(), std::move(status));
  }
  return table;
}

std::string_view LinkStatusTable::status(std::string_view id) const {
  auto it = status_.find(std::string(id));
  return it == status_.end() ? std::string_view() : std::string_view(it->second);
}

}  // namespace kindred::http
