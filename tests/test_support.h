// @brief Shared test helpers: the real data files, temporary directories, and running
// the built command-line tools as a user would.
#pragma once

#include <string>

#include "core/geo/gazetteer.h"
#include "core/listing/schema_check.h"
#include "core/listing/vocabulary.h"
#include "core/interop/meeting_guide.h"
#include "core/search/crisis.h"

namespace kindred::test {

std::string source_path(const std::string& rel);  // KINDRED_SOURCE_DIR/rel
std::string binary_path(const std::string& rel);  // KINDRED_BINARY_DIR/rel

// Third-party sample data (HSDS schemas and examples, Meeting Guide feeds) is never copied
// into the repository: it is read from the CMake setting KINDRED_SAMPLES_DIR. sample_path
// gives the file's path, or "" when it is absent.
std::string samples_dir();
std::string sample_path(const std::string& rel);

// Declares `var` as the sample file `rel`; when it is absent, the test warns and returns,
// and CTest reports it as skipped (SKIP_REGULAR_EXPRESSION in tests/CMakeLists.txt).
#define KINDRED_NEED_SAMPLE(var, rel)                                                          \
  const std::string var = ::kindred::test::sample_path(rel);                                  \
  if (var.empty()) {                                                                          \
    WARN("skipped: third-party sample data absent: " << ::kindred::test::samples_dir() << "/" \
                                                     << (rel));                               \
    return;                                                                                   \
  }

// Loaded once per test process; a missing file fails the test with how to make it.
const SchemaChecker& schema();
const Vocabulary& vocabulary();
const CrisisPhrases& crisis_phrases();
const MeetingGuideTypes& meeting_guide_types();  // data/meeting-guide-types.json  // data/crisis-phrases.json
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

// `s` with ASCII letters lower-cased (for comparing what a test reads, not for search).
std::string lower(std::string s);

struct CommandResult {
  int exit_code = -1;  // -1 if killed by a signal
  std::string output;  // stdout and stderr together
};
// Runs a shell command line from the repository root.
CommandResult run_command(const std::string& command_line);

}  // namespace kindred::test
