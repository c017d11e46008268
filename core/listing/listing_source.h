// @brief Reading listing sources (kindred/1 files, single listings, JSON Lines) and
// validating them as one set, with ids unique across every source.
#pragma once

#include <string>
#include <vector>

#include "core/base/error.h"
#include "core/listing/listing.h"
#include "core/listing/validate.h"

namespace kindred {

// A problem located in a source file.
struct FileProblem {
  std::string file;
  Problem problem;
};

// "FILE: PATH: MESSAGE", with "$" for the file's root when PATH is empty.
std::string format_problem(const FileProblem& p);

// One listing as read from a source.
struct SourceListing {
  std::string file;  // the source file as named by the caller
  std::string path;  // "listings[3]"; "" for a one-listing file; "line 4" for JSON Lines
  std::string json;  // the listing as compact JSON, exactly as given
};

struct LoadedListing {
  SourceListing source;
  Listing listing;
};

struct LoadResult {
  std::vector<LoadedListing> accepted;
  std::vector<FileProblem> problems;    // every problem found, in file order
  std::vector<SourceListing> rejected;  // each rejected listing (json empty for an unreadable file)
  size_t files = 0;
};

// The listing files (*.json, *.jsonl) under `dir`, recursively, in a stable sorted order.
// kNotFound if `dir` is not a directory.
Expected<std::vector<std::string>> find_listing_files(const std::string& dir);

// Reads, parses and validates every listing of every file. A listing with any problem is
// rejected (all its problems reported); so is a listing whose id an earlier one has.
// A file that cannot be read or parsed is reported and contributes no listings.
LoadResult load_listings(const std::vector<std::string>& files, const ListingValidator& validator);

}  // namespace kindred
