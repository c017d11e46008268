// @brief Fuzz target: a Meeting Guide feed body -> import_meeting_guide -> the imported
// listings validated and added as a build adds them (add_feed_listings).
//
// A feed is someone else's server: its body may be anything. Invariants: the import
// either fails with kInvalidArgument (not a JSON array) or accounts for every item (a
// listing or a skip reason), and each listing it makes is JSON that the validator reads.
#include <rapidjson/document.h>

#include "core/json_util.h"
#include "core/meeting_guide.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace kindred;
  const auto& env = fuzz::env();
  static const FeedSpec spec = fuzz::feed("meeting-guide");
  ImportContext context{env.gazetteer, &env.meeting_guide_types, fuzz::kFetched, fuzz::kToday};
  auto imported = import_meeting_guide(spec, fuzz::as_text(data, size), context);
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
  KINDRED_FUZZ_CHECK(accepted == into.accepted.size());
  KINDRED_FUZZ_CHECK(accepted + into.rejected.size() == feed.listings.size());
  describe_report("fz", feed.report);
  return 0;
}
