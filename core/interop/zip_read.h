// @brief Reading the files of a ZIP archive (PKWARE APPNOTE: stored and deflated entries,
// found through the central directory), for HSDS CSV data packages fetched over HTTP.
// zlib inflates; nothing else is needed.
//
// Refused with kInvalidArgument and the reason: not a ZIP, ZIP64, encrypted entries,
// methods other than stored/deflate, entries whose data lies outside the archive, a CRC
// that does not match, and more than `max_total_bytes` unpacked (a zip bomb).
// Directories and macOS "__MACOSX/" resource entries are skipped.
// Pure: no I/O. Thread-safe.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "core/base/error.h"

namespace kindred {

// Path inside the archive ("package/services.csv") -> the unpacked bytes.
Expected<std::map<std::string, std::string>> read_zip(std::string_view archive, size_t max_total_bytes);

// True when `bytes` starts like a ZIP archive ("PK\3\4", or "PK\5\6" for an empty one).
bool looks_like_zip(std::string_view bytes);

}  // namespace kindred
