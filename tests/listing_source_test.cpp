// @brief Listing sources: file shapes, JSON errors with positions, ids unique across
// files, the schema agreeing with the vocabulary, and the validate command's output.
#include <catch2/catch.hpp>

#include <sstream>

#include "core/listing/listing_source.h"
#include "tests/test_support.h"

using namespace kindred;

namespace {

const char* kToday = "2026-11-22";

LoadResult load(const std::vector<std::string>& files) {
  ListingValidator v(test::schema(), test::gazetteer(), kToday);
  return load_listings(files, v);
}

std::string all_problems(const LoadResult& r) {
  std::string out;
  for (const auto& p : r.problems) out += format_problem(p) + "\n";
  return out;
}

}  // namespace

TEST_CASE("the fixture directory loads in every file shape", "[source]") {
  auto files = find_listing_files(test::source_path("tests/fixtures/listings"));
  REQUIRE(files.ok());
  REQUIRE(files->size() == 4);
  LoadResult r = load(*files);
  INFO(all_problems(r));
  CHECK(r.problems.empty());
  CHECK(r.accepted.size() == 8);
  CHECK(r.files == 4);
  // Paths say where each listing came from, per shape.
  std::vector<std::string> paths;
  for (const auto& a : r.accepted) paths.push_back(a.source.path);
  CHECK(std::count(paths.begin(), paths.end(), "line 2") == 1);
  CHECK(std::count(paths.begin(), paths.end(), "listings[2]") == 1);
  CHECK(std::count(paths.begin(), paths.end(), "") == 1);
}

TEST_CASE("file-level problems are reported with the file's position", "[source]") {
  test::TempDir dir;
  test::write_file(dir.file("broken.json"), "{\n  \"format\": \"kindred/1\",\n  \"listings\": [\n}\n");
  test::write_file(dir.file("wrong-format.json"), R"({"format": "kindred/2", "listings": []})");
  test::write_file(dir.file("extra.json"), R"({"format": "kindred/1", "listings": [], "notes": "x"})");
  test::write_file(dir.file("array.json"), "[]");
  test::write_file(dir.file("lines.jsonl"), "\n{\"id\": 1}\nnot json\n");
  auto files = find_listing_files(dir.path());
  REQUIRE(files.ok());
  LoadResult r = load(*files);
  std::string out = all_problems(r);
  INFO(out);
  CHECK_THAT(out, Catch::Contains(dir.file("broken.json") + ": $: line 4, column 1: invalid JSON"));
  CHECK_THAT(out, Catch::Contains(dir.file("wrong-format.json") + ": format: \"kindred/2\" is not supported"));
  CHECK_THAT(out, Catch::Contains(dir.file("extra.json") + ": notes: unknown field \"notes\""));
  CHECK_THAT(out, Catch::Contains(dir.file("array.json") + ": $: expected an object"));
  CHECK_THAT(out, Catch::Contains(dir.file("lines.jsonl") + ": line 2.id: expected string, got integer"));
  CHECK_THAT(out, Catch::Contains(dir.file("lines.jsonl") + ": line 3: column 2: invalid JSON"));
  CHECK(r.accepted.empty());
}

TEST_CASE("a missing file is a problem, not a crash", "[source]") {
  LoadResult r = load({"/nonexistent/kindred.json"});
  REQUIRE(r.problems.size() == 1);
  CHECK_THAT(r.problems[0].problem.message, Catch::Contains("cannot open"));
  CHECK(r.rejected.size() == 1);
}

TEST_CASE("ids are unique across files, the first keeps it", "[source]") {
  test::TempDir dir;
  std::string listing = test::slurp(test::source_path("tests/fixtures/listings/warmline.json"));
  test::write_file(dir.file("a.json"), listing);
  test::write_file(dir.file("b.json"), listing);
  LoadResult r = load({dir.file("a.json"), dir.file("b.json")});
  REQUIRE(r.accepted.size() == 1);
  CHECK(r.accepted[0].source.file == dir.file("a.json"));
  REQUIRE(r.problems.size() == 1);
  CHECK(format_problem(r.problems[0]) ==
        dir.file("b.json") + ": id: \"fixture-idaho-warmline\" is already used by " + dir.file("a.json") + ": $");
}

TEST_CASE("the schema's closed lists equal the vocabulary's", "[source][vocabulary]") {
  const std::vector<std::pair<std::string, std::string>> pairs = {
      {"kind", "/properties/kind"},
      {"topic", "/definitions/topic"},
      {"community", "/definitions/community"},
      {"attendance", "/properties/attendance/items"},
      {"cost", "/properties/cost"},
      {"facilitation", "/properties/facilitation"},
      {"accessibility", "/definitions/accessibility"},
      {"day", "/definitions/meeting/properties/days/items"},
  };
  for (const auto& [facet_name, pointer] : pairs) {
    INFO("facet " << facet_name << " vs schema " << pointer);
    const Facet* facet = test::vocabulary().facet(facet_name);
    REQUIRE(facet != nullptr);
    std::vector<std::string> vocab_values;
    for (const auto& v : facet->values) vocab_values.push_back(v.value);
    CHECK(vocab_values == test::schema().enum_values(pointer));
  }
}

TEST_CASE("validate prints every mistake of a broken file and exits non-zero", "[source][cli]") {
  auto r = test::run_command(test::binary_path("indexer/kindred-index") +
                             " validate tests/fixtures/invalid/dozen-mistakes.json");
  INFO(r.output);
  CHECK(r.exit_code == 1);
  std::istringstream expected(test::slurp(test::source_path("tests/fixtures/invalid/dozen-mistakes.expected")));
  std::string line;
  int checked = 0;
  while (std::getline(expected, line)) {
    if (line.empty()) continue;
    CHECK_THAT(r.output, Catch::Contains("tests/fixtures/invalid/dozen-mistakes.json: " + line));
    ++checked;
  }
  CHECK(checked >= 12);
}

TEST_CASE("validate accepts the fixtures and the real directory", "[source][cli]") {
  auto fixtures = test::run_command(test::binary_path("indexer/kindred-index") + " validate tests/fixtures/listings");
  INFO(fixtures.output);
  CHECK(fixtures.exit_code == 0);
  auto real = test::run_command(test::binary_path("indexer/kindred-index") + " validate data/listings");
  INFO(real.output);
  CHECK(real.exit_code == 0);
  CHECK_THAT(real.output, Catch::Contains("0 rejected, 0 problems"));
}
