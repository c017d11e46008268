// @brief Building a complete index from loaded listings and publishing it atomically.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "core/base/error.h"
#include "core/geo/gazetteer.h"
#include "core/listing/listing_source.h"
#include "core/listing/vocabulary.h"

namespace kindred {

struct BuildReport {
  size_t indexed = 0;
  size_t placed = 0;                  // in-person listings with coordinates
  size_t duplicates_hidden = 0;       // feed copies of a meeting another listing shows (duplicate_index.h)
  std::vector<std::string> warnings;  // accepted, but something a maintainer should fix
  std::string generation;             // the directory now live
};

// Called now and then while documents are added: (done, total).
using BuildProgress = std::function<void(size_t done, size_t total)>;

// Called once the new generation is complete, with the index's write lock held
// (IndexStore::lock_writes), just before it is published: the place to apply store
// changes approved while the build ran (core/moderation/index_update.h). An error aborts the build.
using BuildFinish = std::function<Status(Xapian::WritableDatabase& db)>;

// Writes every accepted listing into a new generation and publishes it over
// `index_path`. On any error nothing is published and the previous index stays live.
// Refuses (kInvalidArgument) to publish an empty index when listings were rejected: a
// directory where everything is broken must not wipe a good index.
Expected<BuildReport> build_index(const LoadResult& loaded, const std::string& index_path,
                                  const Gazetteer& gazetteer, const Vocabulary& vocabulary,
                                  const BuildProgress& progress = {}, const BuildFinish& finish = {});

}  // namespace kindred
