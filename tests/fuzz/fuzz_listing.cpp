// @brief Fuzz target: a listing file's bytes -> load_listings (parse, shape, the schema
// and the semantic checks of ListingValidator, unique ids), as `kindred-index validate`
// and `build` read data/listings.
//
// The bytes are written to a real file because load_listings is what the indexer runs;
// they are read as a .json file and, when they have more than one line, also as JSON
// Lines. Invariants: a problem for every rejection and a rejection for every problem;
// every accepted listing's stored JSON validates again (what we store is what we checked).
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <rapidjson/document.h>

#include "core/base/json_util.h"
#include "core/listing/listing_source.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

using namespace kindred;

// One scratch directory per fuzzing process (libFuzzer's -jobs/-fork run several),
// removed when the run ends normally (libFuzzer calls exit() at -max_total_time). Never
// destroyed itself, so the exit handler can still read it.
const std::string& scratch_dir() {
  static const std::string* dir = [] {
    std::string tmpl = (std::filesystem::temp_directory_path() / "kindred-fuzz-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) fuzz::invariant_failed("mkdtemp", __FILE__, __LINE__);
    return new std::string(tmpl);
  }();
  static const bool cleanup = std::atexit([] {
                                std::error_code ec;
                                std::filesystem::remove_all(*dir, ec);
                              }) == 0;
  (void)cleanup;
  return *dir;
}

void write(const std::string& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

void check(const LoadResult& r) {
  KINDRED_FUZZ_CHECK(r.files == 1);
  KINDRED_FUZZ_CHECK(r.rejected.empty() == r.problems.empty());
  for (const auto& p : r.problems) KINDRED_FUZZ_CHECK(!p.problem.message.empty());
  for (const auto& l : r.accepted) {
    rapidjson::Document doc;
    KINDRED_FUZZ_CHECK(parse_json(l.source.json, doc).ok());
    KINDRED_FUZZ_CHECK(fuzz::env().validator.validate(doc, l.source.path).empty());
    KINDRED_FUZZ_CHECK(l.listing.id == doc["id"].GetString());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto& env = fuzz::env();
  std::string_view text = fuzz::as_text(data, size);
  const std::string json_file = scratch_dir() + "/input.json";
  write(json_file, text);
  check(load_listings({json_file}, env.validator));
  if (text.find('\n') != std::string_view::npos) {
    const std::string jsonl_file = scratch_dir() + "/input.jsonl";
    write(jsonl_file, text);
    check(load_listings({jsonl_file}, env.validator));
  }
  return 0;
}
