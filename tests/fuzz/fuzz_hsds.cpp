// @brief Fuzz target: an HSDS 3.0 body (a service, an array of services or a service
// list page) -> import_hsds -> the imported listings validated as a build adds them.
//
// Invariants as for Meeting Guide: an error only for a body of the wrong shape, every
// item accounted for, every listing readable JSON.
#include "core/interop/hsds_import.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace kindred;
  const auto& env = fuzz::env();
  static const FeedSpec spec = fuzz::feed("hsds");
  ImportContext context{env.gazetteer, nullptr, fuzz::kFetched, fuzz::kToday};
  fuzz::check_import(import_hsds(spec, fuzz::as_text(data, size), context));
  return 0;
}
