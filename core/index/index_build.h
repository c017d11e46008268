// @brief Building a complete index from listing files (and listings loaded elsewhere) and
// publishing it atomically.
//
// How a build runs (docs/architecture.md, "The build"): `jobs` worker threads each take
// the next chunk of records from one reader, parse and validate it, wait their turn to
// apply the unique-id rule in source order, then index the chunk into a shard database
// of its own. When every chunk is done the shards are merged in order with
// Xapian::Database::compact into the new generation, which therefore holds the same
// documents under the same docids as a one-thread build; then spelling, synonyms and
// duplicates are added, `finish` runs under the write lock, and the stub is swapped.
// Memory: at most `jobs` chunks are in flight (the reader is only asked for a chunk when
// a worker is free), each at most `chunk_listings` listings, plus the id set of the
// unique-id rule (about 100 bytes a listing) and the problems of rejected listings.
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

// What a build reads, in this order: the listing files (read, parsed and validated on the
// build's threads), then `more` (listings already accepted elsewhere, such as feeds'; their
// ids are checked against the files'). A listing of `overrides` (the store's approved
// versions) replaces an accepted listing with its id where that one stands; the others are
// added at the end, in their order. Every pointer must outlive the build.
struct BuildInput {
  std::vector<std::string> files;
  const ListingValidator* validator = nullptr;  // required when there are files
  const std::vector<LoadedListing>* more = nullptr;
  const std::vector<LoadedListing>* overrides = nullptr;
  // When set, a file's listing records its file relative to this directory (the --data
  // directory): "listings/us-ca.json". The index, and every search answer's `sources`,
  // then never carry the path of the machine that built it; so do the build's warnings
  // about an accepted listing. Problems found while reading name the file as given.
  std::string files_root;
};

struct BuildOptions {
  unsigned jobs = 0;               // worker threads; 0: one per core
  size_t chunk_listings = 10000;   // listings per shard
  size_t shard_commit_every = 250; // a shard commits after each this many documents (why: write_shard)
};

// Where a build's time went (a profile): CPU seconds of each stage summed over the threads
// (wall time on a shared machine mostly measures the others), then the wall seconds of the
// one-thread merge and finish.
struct BuildTimings {
  double read = 0, check = 0, document = 0, write = 0, commit = 0;  // CPU
  double merge = 0, finish = 0;                                      // wall
};

struct BuildReport {
  size_t indexed = 0;
  size_t placed = 0;                  // in-person listings with coordinates
  size_t duplicates_hidden = 0;       // feed copies of a meeting another listing shows (duplicate_index.h)
  std::vector<std::string> warnings;  // accepted, but something a maintainer should fix
  std::string generation;             // the directory now live
  unsigned jobs = 1;                   // threads used
  size_t shards = 0;                   // shard databases merged
  BuildTimings timings;
};

// Called now and then while documents are added: (done, total); total is 0 while unknown
// (files are read as the build goes).
using BuildProgress = std::function<void(size_t done, size_t total)>;

// Called once the new generation is complete, with the index's write lock held
// (IndexStore::lock_writes), just before it is published: the place to apply store
// changes approved while the build ran (core/moderation/index_update.h). An error aborts the build.
using BuildFinish = std::function<Status(Xapian::WritableDatabase& db)>;

// Writes every accepted listing into a new generation and publishes it over
// `index_path`. On any error nothing is published and the previous index stays live.
// Refuses (kInvalidArgument) to publish an empty index when listings were rejected: a
// directory where everything is broken must not wipe a good index.
// Builds from `input`. What reading found goes into `read` as the build goes (files
// counted, problems and rejected listings, in source order; `read.accepted` stays empty), so
// it is there even when the build fails.
Expected<BuildReport> build_index(const BuildInput& input, LoadResult& read, const std::string& index_path,
                                  const Gazetteer& gazetteer, const Vocabulary& vocabulary,
                                  const BuildProgress& progress = {}, const BuildFinish& finish = {},
                                  const BuildOptions& options = {});

// Builds from listings loaded already (their problems and rejections in `loaded`).
Expected<BuildReport> build_index(const LoadResult& loaded, const std::string& index_path,
                                  const Gazetteer& gazetteer, const Vocabulary& vocabulary,
                                  const BuildProgress& progress = {}, const BuildFinish& finish = {},
                                  const BuildOptions& options = {});

}  // namespace kindred
