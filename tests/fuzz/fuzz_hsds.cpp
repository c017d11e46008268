// @brief Fuzz target: an HSDS 3.0 body (a service, an array of services or a service
// list page) -> import_hsds -> the imported listings validated as a build adds them.
//
// Invariants as for Meeting Guide: an error only for a body of the wrong shape, every
// item accounted for, every listing readable JSON.
#include <rapidjson/document.h>

#include "core/hsds_import.h"
#include "core/json_util.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace kindred;
  const auto& env = fuzz::env();
  static const FeedSpec spec = fuzz::feed("hsds");
  ImportContext context{env.gazetteer, nullptr, fuzz::kFetched, fuzz::kToday};
  auto imported = import_hsds(spec, fuzz::as_text(data, size), context);
  if (!imported) {
    KINDRED_FUZZ_CHECK(imported.error().code == ErrorCode::kInvalidArgument);
    return 0;
  }
  const ImportedFeed& feed = *imported;
  KINDRED_FUZZ_CHECK(feed.listings.size() == feed.paths.size());
  KINDRED_FUZZ_CHECK(feed.listings.size() + feed.report.skipped.size() == feed.report.items);
  for (const auto& json : feed.listings) {
    rapidjson::Document doc;
    KINDRED_FUZZ_CHECK(parse_json(json, doc).ok());
  }
  LoadResult into;
  size_t accepted = add_feed_listings(into, "feed:fz", feed, env.validator);
  KINDRED_FUZZ_CHECK(accepted + into.rejected.size() == feed.listings.size());
  describe_report("fz", feed.report);
  return 0;
}
