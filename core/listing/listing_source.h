// @brief Reading listing sources (kindred/1 files, single listings, JSON Lines) and
// validating them as one set, with ids unique across every source.
#pragma once

#include <cstdint>
#include <fstream>
#include <optional>
#include <string>
#include <unordered_map>
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

// One record of a listing file as read, before it is checked: a listing's JSON text to
// check, or problems found while reading (an unreadable file, a line that is not JSON, a
// collection's header).
struct ListingRecord {
  SourceListing source;           // json: the listing's text (compact for a collection's entry)
  std::vector<Problem> problems;  // found while reading
  bool rejected = false;          // the record is unusable: report it rejected, check nothing
  bool check = false;             // source.json is a listing to parse and validate
};

// Reads listing files record by record, so a build never holds a whole JSON Lines file:
// memory is one line at a time (a .json file is read whole, it is one JSON document).
// Not thread-safe; one reader feeds the threads that check the records.
class ListingReader {
 public:
  explicit ListingReader(std::vector<std::string> files);
  // Appends up to `max` records; false once every file is read (nothing appended).
  bool next(size_t max, std::vector<ListingRecord>& out);
  size_t files_opened() const { return opened_; }

 private:
  void open_next(std::vector<ListingRecord>& out);
  std::vector<std::string> files_;
  size_t next_file_ = 0, opened_ = 0;
  std::ifstream jsonl_;  // the JSON Lines file being read, if any
  std::string jsonl_name_;
  size_t line_no_ = 0;
};

// A record checked on its own: parsed, validated, and (when valid) typed. Pure and
// thread-safe: builds run it on several threads at once.
struct CheckedListing {
  SourceListing source;
  std::vector<Problem> problems;  // every problem but the cross-source id rule's
  std::optional<std::string> id;  // the "id" when the record has a string one
  std::optional<Listing> listing; // when problems is empty
  bool rejected = false;          // unusable as read (ListingRecord::rejected)
  bool check = true;              // false: a problem-only record (nothing to accept or reject)
};
CheckedListing check_record(ListingRecord record, const ListingValidator& validator);

// The rule that ids are unique across every source, applied in source order: a listing
// whose id an earlier *accepted* listing has is rejected, naming where that one is.
class UniqueIds {
 public:
  // Adds the id problem to `item` if an earlier accepted listing has its id.
  void check(CheckedListing& item) const;
  // The problem of a listing at `path` with this id, if an earlier accepted listing has it.
  std::optional<Problem> conflict(const std::string& id, const std::string& path) const;
  // Records an accepted listing's id and where it is.
  void accept(const std::string& id, const SourceListing& where);
  // Where an accepted listing with this id is ("FILE: PATH"), or "".
  std::string where(const std::string& id) const;

 private:
  // The file names are kept once (files_), a location as (file index, path), so the rule
  // costs about 100 bytes a listing rather than a copy of every file name.
  std::vector<std::string> files_;
  std::unordered_map<std::string, uint32_t> file_index_;
  std::unordered_map<std::string, std::pair<uint32_t, std::string>> seen_;
};

// Applies the id rule to a checked record, in source order: its problems and a rejection go
// into `result`; an accepted listing (its id now recorded in `ids`) is returned, for the
// caller to keep (load_listings) or to index at once (index_build.h).
std::optional<LoadedListing> file_checked(CheckedListing&& item, UniqueIds& ids, LoadResult& result);

// Reads, parses and validates every listing of every file. A listing with any problem is
// rejected (all its problems reported); so is a listing whose id an earlier one has.
// A file that cannot be read or parsed is reported and contributes no listings.
LoadResult load_listings(const std::vector<std::string>& files, const ListingValidator& validator);

}  // namespace kindred
