// @brief Shared set-up of the fuzz targets (see fuzz_support.h).
#include "tests/fuzz/fuzz_support.h"

#include <iostream>

#include <rapidjson/document.h>

#include "core/base/json_util.h"
#include "core/listing/listing_source.h"

namespace kindred::fuzz {
namespace {

// Loading failures are set-up errors, not findings: say what to do and stop.
template <typename T>
T must(Expected<T> e, const std::string& what, const std::string& hint) {
  if (!e) {
    std::cerr << "fuzz set-up: cannot load " << what << ": " << e.error().message << "\n  " << hint
              << "\n";
    std::exit(2);
  }
  return std::move(e).value();
}

}  // namespace

std::string sample_path(const std::string& rel) { return std::string(KINDRED_SAMPLES_DIR) + "/" + rel; }

std::string source_path(const std::string& rel) {
  const char* dir = std::getenv("KINDRED_SOURCE_DIR");
  return std::string(dir && *dir ? dir : KINDRED_SOURCE_DIR) + "/" + rel;
}

const Env& env() {
  static const SchemaChecker schema =
      must(SchemaChecker::load(source_path("data/schema/kindred-1.schema.json")),
           "the listing schema", "set KINDRED_SOURCE_DIR to the repository");
  static const Gazetteer gazetteer =
      must(Gazetteer::open(source_path("var/gazetteer/gazetteer.bin")), "the gazetteer",
           "run scripts/setup to fetch and compile it");
  static const MeetingGuideTypes types =
      must(MeetingGuideTypes::load(source_path("data/meeting-guide-types.json")),
           "the Meeting Guide types", "set KINDRED_SOURCE_DIR to the repository");
  static const ListingValidator validator(schema, gazetteer, kToday);
  static const Env e{schema, gazetteer, types, validator};
  return e;
}

FeedSpec feed(const std::string& format) {
  FeedSpec f;
  f.id = "fz";
  f.url = "https://feed.example/" + format + ".json";
  f.format = format;
  f.defaults.topics = {"substance-use"};
  f.defaults.organization_name = "Fuzz intergroup (synthetic)";
  f.defaults.timezone = "America/Toronto";
  f.defaults.service_area = {"CA-ON"};
  return f;
}

void invariant_failed(const char* what, const char* file, int line) {
  std::cerr << file << ":" << line << ": invariant failed: " << what << std::endl;
  std::abort();
}

void check_import(const Expected<ImportedFeed>& imported) {
  if (!imported) {
    KINDRED_FUZZ_CHECK(imported.error().code == ErrorCode::kInvalidArgument);
    return;
  }
  const ImportedFeed& feed = *imported;
  KINDRED_FUZZ_CHECK(feed.listings.size() == feed.paths.size());
  KINDRED_FUZZ_CHECK(feed.listings.size() + feed.report.skipped.size() == feed.report.items);
  for (const auto& json : feed.listings) {
    rapidjson::Document doc;
    KINDRED_FUZZ_CHECK(parse_json(json, doc).ok());
  }
  LoadResult into;
  size_t accepted = add_feed_listings(into, "feed:fz", feed, env().validator);
  KINDRED_FUZZ_CHECK(accepted == into.accepted.size());
  KINDRED_FUZZ_CHECK(accepted + into.rejected.size() == feed.listings.size());
  describe_report("fz", feed.report);
}

}  // namespace kindred::fuzz
