// @brief What every fuzz target shares: the real schema, gazetteer and type table, loaded
// once per process, and a check that stops the run with a message when an invariant fails.
//
// Data is read from the source tree named by the environment variable KINDRED_SOURCE_DIR,
// else from the tree this was built from. The gazetteer must exist (scripts/setup builds
// var/gazetteer/gazetteer.bin); without it a target exits at once with how to make it.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/geo/gazetteer.h"
#include "core/interop/feed_config.h"
#include "core/interop/feed_import.h"
#include "core/interop/meeting_guide.h"
#include "core/listing/schema_check.h"
#include "core/listing/validate.h"

namespace kindred::fuzz {

// The fixed date the targets validate against, so a run does not depend on the calendar.
inline constexpr const char* kToday = "2026-11-22";
inline constexpr const char* kFetched = "2026-11-20";

struct Env {
  const SchemaChecker& schema;
  const Gazetteer& gazetteer;
  const MeetingGuideTypes& meeting_guide_types;
  const ListingValidator& validator;
};

// Loaded on first use and kept for the life of the process (the fuzzer never exits
// between inputs, and the gazetteer alone is a 30 MB mapping we must not reopen).
const Env& env();

// source_dir()/rel.
std::string source_path(const std::string& rel);
// Third-party sample data (KINDRED_SAMPLES_DIR; may be absent: seeds from it are then skipped).
std::string sample_path(const std::string& rel);

// A feed of the given format with the defaults a real feeds.json would give it, so
// imported listings can pass validation and the validator's deeper checks are reached.
FeedSpec feed(const std::string& format);

// The bytes as a string_view (libFuzzer hands in uint8_t).
inline std::string_view as_text(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// The invariants of any feed import's result (Meeting Guide, HSDS): a refusal is a
// kInvalidArgument; every item is a listing or a skip; every listing is JSON and goes
// through the indexer's validation as accepted or rejected.
void check_import(const Expected<ImportedFeed>& imported);

[[noreturn]] void invariant_failed(const char* what, const char* file, int line);

}  // namespace kindred::fuzz

// Like assert, but also in release builds and with a message libFuzzer keeps in the log:
// a broken invariant is a finding, just like a crash, and leaves a crash-* artifact.
#define KINDRED_FUZZ_CHECK(cond) \
  ((cond) ? (void)0 : ::kindred::fuzz::invariant_failed(#cond, __FILE__, __LINE__))
