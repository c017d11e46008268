// @brief scripts/check-layering: it passes on the repository, and on a temporary copy of
// core/ with one planted mistake it fails and names the file and line (or the cycle).
#include <algorithm>
#include <filesystem>
#include <regex>
#include <string>

#include <catch2/catch.hpp>

#include "tests/test_support.h"

namespace kindred {
namespace {

namespace fs = std::filesystem;

// A copy of the repository's core/ and server/ (the parts the check reads) in a fresh
// temporary directory, to plant mistakes in.
struct Copy {
  test::TempDir dir;
  Copy() {
    for (const char* part : {"core", "server"}) {
      fs::copy(test::source_path(part), dir.file(part), fs::copy_options::recursive);
    }
  }
  void append(const std::string& rel, const std::string& text) const {
    test::write_file(dir.file(rel), test::slurp(dir.file(rel)) + text);
  }
  int lines(const std::string& rel) const {
    std::string text = test::slurp(dir.file(rel));
    return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
  }
  test::CommandResult check() const { return test::run_command("scripts/check-layering '" + dir.path() + "'"); }
};

TEST_CASE("check-layering: the repository's modules hold to their declarations", "[layering]") {
  auto r = test::run_command("scripts/check-layering");
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK(r.output.find("layering holds") != std::string::npos);
}

TEST_CASE("check-layering: an unchanged copy passes", "[layering]") {
  Copy copy;
  auto r = copy.check();
  INFO(r.output);
  CHECK(r.exit_code == 0);
}

TEST_CASE("check-layering: a module including one it does not declare fails, naming file and line",
          "[layering]") {
  Copy copy;
  // store declares only base; search sits above it.
  copy.append("core/store/token.cpp", "#include \"core/search/search.h\"\n");
  const int line = copy.lines("core/store/token.cpp");
  auto r = copy.check();
  INFO(r.output);
  CHECK(r.exit_code == 1);
  CHECK(r.output.find("core/store/token.cpp:" + std::to_string(line) + ":") != std::string::npos);
  CHECK(r.output.find("does not declare 'search'") != std::string::npos);
}

TEST_CASE("check-layering: another module's internal header is refused", "[layering]") {
  Copy copy;
  copy.append("server/api.cpp", "#include \"core/store/internal/store_internal.h\"\n");
  auto r = copy.check();
  INFO(r.output);
  CHECK(r.exit_code == 1);
  CHECK(r.output.find("server/api.cpp:") != std::string::npos);
  CHECK(r.output.find("internal to module 'store'") != std::string::npos);
}

TEST_CASE("check-layering: a cycle in the declared graph fails", "[layering]") {
  Copy copy;
  // geo -> search, while search already declares geo.
  std::string cml = test::slurp(copy.dir.file("core/geo/CMakeLists.txt"));
  auto at = cml.find("DEPENDS base");
  REQUIRE(at != std::string::npos);
  cml.replace(at, 12, "DEPENDS base search");
  test::write_file(copy.dir.file("core/geo/CMakeLists.txt"), cml);
  auto r = copy.check();
  INFO(r.output);
  CHECK(r.exit_code == 1);
  CHECK(r.output.find("cycle") != std::string::npos);
}

TEST_CASE("check-layering: a stray file or an include outside any module fails", "[layering]") {
  Copy copy;
  test::write_file(copy.dir.file("core/loose.h"), "#pragma once\n");
  copy.append("core/search/search.cpp", "#include \"core/loose.h\"\n");
  auto r = copy.check();
  INFO(r.output);
  CHECK(r.exit_code == 1);
  CHECK(r.output.find("core/loose.h: core/ holds only module folders") != std::string::npos);
  CHECK(r.output.find("includes core/loose.h, which is in no module") != std::string::npos);
}

// CTest (catch_discover_tests) splits test names at ';', so a test named "a; b" is run as
// the filter "a", which matches no test: Catch then runs nothing and CTest reports a pass.
// Fourteen tests went unrun that way; this keeps it from coming back.
TEST_CASE("test names hold no semicolon, which CTest would split into a filter that runs nothing", "[layering]") {
  const std::regex kName(R"re(TEST_CASE\("((?:[^"\\]|\\.)*)")re");
  size_t names = 0;
  for (const auto& entry : fs::directory_iterator(test::source_path("tests"))) {
    if (entry.path().extension() != ".cpp") continue;
    const std::string text = test::slurp(entry.path().string());
    for (auto it = std::sregex_iterator(text.begin(), text.end(), kName); it != std::sregex_iterator(); ++it) {
      ++names;
      INFO(entry.path().filename().string() << ": " << (*it)[1].str());
      CHECK((*it)[1].str().find(';') == std::string::npos);
    }
  }
  CHECK(names > 200);  // the scan found the suite's tests
}

}  // namespace
}  // namespace kindred
