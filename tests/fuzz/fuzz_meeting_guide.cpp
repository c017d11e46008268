// @brief Fuzz target: a Meeting Guide feed body -> import_meeting_guide -> the imported
// listings validated and added as a build adds them (add_feed_listings).
//
// A feed is someone else's server: its body may be anything. Invariants: the import
// either fails with kInvalidArgument (not a JSON array) or accounts for every item (a
// listing or a skip reason), and each listing it makes is JSON that the validator reads.
#include "core/interop/meeting_guide.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace kindred;
  const auto& env = fuzz::env();
  static const FeedSpec spec = fuzz::feed("meeting-guide");
  ImportContext context{env.gazetteer, &env.meeting_guide_types, fuzz::kFetched, fuzz::kToday};
  fuzz::check_import(import_meeting_guide(spec, fuzz::as_text(data, size), context));
  return 0;
}
