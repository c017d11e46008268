#include <cctype>
// @brief Shared test helpers (see test_support.h).
#include "tests/test_support.h"

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace kindred::test {
namespace {

template <typename T>
T must(Expected<T> e, const std::string& hint) {
  if (!e) throw std::runtime_error(e.error().message + " — " + hint);
  return std::move(e).value();
}

}  // namespace

std::string source_path(const std::string& rel) { return std::string(KINDRED_SOURCE_DIR) + "/" + rel; }

std::string samples_dir() { return KINDRED_SAMPLES_DIR; }

std::string sample_path(const std::string& rel) {
  std::string path = samples_dir() + "/" + rel;
  std::error_code ec;
  return std::filesystem::is_regular_file(path, ec) ? path : "";
}
std::string binary_path(const std::string& rel) { return std::string(KINDRED_BINARY_DIR) + "/" + rel; }

const SchemaChecker& schema() {
  static const SchemaChecker s =
      must(SchemaChecker::load(source_path("data/schema/kindred-1.schema.json")), "the schema must load");
  return s;
}

const Vocabulary& vocabulary() {
  static const Vocabulary v =
      must(Vocabulary::load(source_path("data/vocabulary.json")), "the vocabulary must load");
  return v;
}

const CrisisPhrases& crisis_phrases() {
  static const CrisisPhrases c =
      must(CrisisPhrases::load(source_path("data/crisis-phrases.json")), "the crisis phrases must load");
  return c;
}

const MeetingGuideTypes& meeting_guide_types() {
  static const MeetingGuideTypes t =
      must(MeetingGuideTypes::load(source_path("data/meeting-guide-types.json")), "the Meeting Guide types must load");
  return t;
}

const Gazetteer& gazetteer() {
  static const Gazetteer g = must(Gazetteer::open(source_path("var/gazetteer/gazetteer.bin")),
                                  "run scripts/setup to fetch and compile the gazetteer");
  return g;
}

TempDir::TempDir() {
  char tmpl[] = "/tmp/kindred-test-XXXXXX";
  if (!mkdtemp(tmpl)) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

void write_file(const std::string& path, const std::string& text) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path);
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

CommandResult run_command(const std::string& command_line) {
  std::string full = "cd '" + std::string(KINDRED_SOURCE_DIR) + "' && " + command_line + " 2>&1";
  CommandResult r;
  FILE* pipe = popen(full.c_str(), "r");
  if (!pipe) throw std::runtime_error("popen failed");
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) r.output.append(buf, n);
  int status = pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

}  // namespace kindred::test
