// @brief Shared test helpers: the real data files, temporary directories, and running
// the built command-line tools as a user would.
#pragma once

#include <string>

#include "core/gazetteer.h"
#include "core/schema_check.h"
#include "core/vocabulary.h"

namespace kindred::test {

std::string source_path(const std::string& rel);  // KINDRED_SOURCE_DIR/rel
std::string binary_path(const std::string& rel);  // KINDRED_BINARY_DIR/rel

// Loaded once per test process; a missing file fails the test with how to make it.
const SchemaChecker& schema();
const Vocabulary& vocabulary();
const Gazetteer& gazetteer();

// A new empty directory under /tmp, removed when the object goes out of scope.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

void write_file(const std::string& path, const std::string& text);
std::string slurp(const std::string& path);

struct CommandResult {
  int exit_code = -1;  // -1 if killed by a signal
  std::string output;  // stdout and stderr together
};
// Runs a shell command line from the repository root.
CommandResult run_command(const std::string& command_line);

}  // namespace kindred::test
