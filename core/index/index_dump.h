// @brief Reading every stored listing document of an index, for tools that walk the
// whole directory (the link checker): {"listing", "computed", "source"} JSON each.
#pragma once

#include <string>
#include <vector>

#include "core/base/error.h"

namespace kindred {

// Every document of the index at `index_path` (a stub or a database directory), closed
// listings included, in docid order. kNotFound/kIo when it cannot be opened.
Expected<std::vector<std::string>> stored_documents(const std::string& index_path);

}  // namespace kindred
