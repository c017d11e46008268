// @brief The parallel half of a build (index_build.h): chunks of listings read, checked
// and indexed into shard databases on several threads, in source order.
#pragma once

#include <string>
#include <vector>

#include "core/base/error.h"
#include "core/geo/gazetteer.h"
#include "core/index/index_build.h"
#include "core/listing/listing_source.h"
#include "core/listing/vocabulary.h"

namespace kindred::internal {

// One chunk's shard: its documents are the next ones in source order.
struct Shard {
  std::string path;  // the shard database
  size_t indexed = 0, placed = 0;
  std::vector<std::string> warnings;
};

struct PipelineResult {
  std::vector<Shard> shards;          // in source order; chunks that accepted nothing have none
  std::vector<std::string> spelling;  // words of names for "did you mean", each once, first seen first
  BuildTimings timings;
  unsigned jobs = 1;
};

// Reads `input` and writes one shard database a chunk under `shard_dir` (which must exist),
// with `jobs` threads and at most `chunk` listings a chunk. What reading finds goes into
// `read`. On error the shards written so far are left for the caller to remove.
Expected<PipelineResult> run_shard_pipeline(const BuildInput& input, LoadResult& read, const std::string& shard_dir,
                                            const Gazetteer& gazetteer, const Vocabulary& vocabulary,
                                            const BuildOptions& options, const BuildProgress& progress);

}  // namespace kindred::internal
