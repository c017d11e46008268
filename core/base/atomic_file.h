// @brief Replacing a file so that readers see the old bytes or the new, never a mix, and
// the new ones survive a crash once this returns (temp file, fsync, rename, fsync dir).
#pragma once

#include <string>
#include <string_view>

#include "core/base/error.h"

namespace kindred {

// Writes `bytes` to `path` atomically, creating parent directories. kIo on failure, in
// which case `path` is unchanged and no temporary file is left behind.
Status write_file_atomically(const std::string& path, std::string_view bytes);

}  // namespace kindred
