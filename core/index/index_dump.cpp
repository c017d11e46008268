// @brief Every stored document of an index (see index_dump.h).
#include "core/index/index_dump.h"

#include <filesystem>

#include <xapian.h>

namespace kindred {

Expected<std::vector<std::string>> stored_documents(const std::string& index_path) {
  if (!std::filesystem::exists(index_path)) return make_error(ErrorCode::kNotFound, index_path + ": no such index");
  try {
    Xapian::Database db(index_path);
    std::vector<std::string> out;
    out.reserve(db.get_doccount());
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) out.push_back(db.get_document(*it).get_data());
    return out;
  } catch (const Xapian::Error& e) {
    return make_error(ErrorCode::kIo, index_path + ": " + e.get_description());
  }
}

}  // namespace kindred
