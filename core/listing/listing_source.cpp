// @brief Listing sources: file shapes, per-listing validation, cross-source unique ids.
#include "core/listing/listing_source.h"

#include <algorithm>
#include <filesystem>
#include <unordered_map>

#include "core/base/json_util.h"

namespace kindred {
namespace {

namespace fs = std::filesystem;
using rapidjson::Value;

constexpr const char* kFormat = "kindred/1";

ListingRecord problem_record(const std::string& file, std::string path, std::string message, bool rejected) {
  ListingRecord r;
  r.source = {file, path, ""};
  r.problems.push_back({std::move(path), std::move(message)});
  r.rejected = rejected;
  return r;
}

ListingRecord listing_record(const std::string& file, std::string path, std::string json) {
  ListingRecord r;
  r.source = {file, std::move(path), std::move(json)};
  r.check = true;
  return r;
}

// The records of a .json file: one listing, or a kindred/1 collection.
void read_json(const std::string& file, const std::string& text, std::vector<ListingRecord>& out) {
  rapidjson::Document doc;
  if (Status s = parse_json(text, doc); !s) return out.push_back(problem_record(file, "", s.error().message, true));
  if (!doc.IsObject()) {
    return out.push_back(problem_record(
        file, "", "expected an object: {\"format\": \"kindred/1\", \"listings\": [...]} or one listing", true));
  }
  if (!doc.HasMember("listings") && !doc.HasMember("format")) return out.push_back(listing_record(file, "", to_json(doc)));
  bool usable = true;
  for (const auto& m : doc.GetObject()) {
    std::string name = m.name.GetString();
    if (name != "format" && name != "listings") {
      out.push_back(problem_record(file, name, "unknown field \"" + name + "\" (a file has only format and listings)", false));
    }
  }
  auto format = doc.FindMember("format");
  if (format == doc.MemberEnd()) {
    out.push_back(problem_record(file, "format", "required field is missing (expected \"kindred/1\")", false));
    usable = false;
  } else if (!format->value.IsString() || std::string(format->value.GetString()) != kFormat) {
    out.push_back(problem_record(file, "format", quote_value(format->value) + " is not supported (expected \"kindred/1\")", false));
    usable = false;
  }
  auto listings = doc.FindMember("listings");
  if (listings == doc.MemberEnd() || !listings->value.IsArray()) {
    out.push_back(problem_record(file, "listings", listings == doc.MemberEnd() ? "required field is missing"
                                                                               : "expected an array of listings", false));
    usable = false;
  }
  if (!usable) {
    ListingRecord r;
    r.source = {file, "", ""};
    r.rejected = true;
    return out.push_back(std::move(r));
  }
  const Value& arr = listings->value;
  for (rapidjson::SizeType i = 0; i < arr.Size(); ++i) out.push_back(listing_record(file, path_index("listings", i), to_json(arr[i])));
}

}  // namespace

ListingReader::ListingReader(std::vector<std::string> files) : files_(std::move(files)) {}

void ListingReader::open_next(std::vector<ListingRecord>& out) {
  const std::string& file = files_[next_file_++];
  ++opened_;
  if (fs::path(file).extension() == ".jsonl") {
    jsonl_.clear();
    jsonl_.open(file, std::ios::binary);
    if (!jsonl_) {
      // The same message read_file gives for any other file.
      auto text = read_file(file);
      out.push_back(problem_record(file, "", text ? file + ": cannot be read" : text.error().message, true));
      return;
    }
    jsonl_name_ = file;
    line_no_ = 0;
    return;
  }
  auto text = read_file(file);
  if (!text) return out.push_back(problem_record(file, "", text.error().message, true));
  read_json(file, *text, out);
}

bool ListingReader::next(size_t max, std::vector<ListingRecord>& out) {
  size_t before = out.size();
  std::string line;
  while (out.size() - before < max) {
    if (jsonl_.is_open()) {
      if (!std::getline(jsonl_, line)) {
        jsonl_.close();
        continue;
      }
      ++line_no_;
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      out.push_back(listing_record(jsonl_name_, "line " + std::to_string(line_no_), std::move(line)));
      continue;
    }
    if (next_file_ >= files_.size()) break;
    open_next(out);
  }
  return out.size() > before;
}

CheckedListing check_record(ListingRecord record, const ListingValidator& validator) {
  CheckedListing c;
  c.source = std::move(record.source);
  c.problems = std::move(record.problems);
  c.rejected = record.rejected;
  c.check = record.check;
  if (!record.check) return c;
  const bool line = c.source.path.rfind("line ", 0) == 0;
  rapidjson::Document doc;
  if (Status s = parse_json(c.source.json, doc); !s) {
    // The position inside a one-line document is just its column.
    std::string message = s.error().message;
    if (line && message.rfind("line 1, ", 0) == 0) message.erase(0, 8);
    c.problems.push_back({c.source.path, std::move(message)});
    c.source.json.clear();
    c.source.path.clear();  // rejected as an unreadable part of the file, as a .json file is
    c.rejected = true;
    c.check = false;
    return c;
  }
  c.problems = validator.validate(doc, c.source.path);
  // MemberEnd() only of an object: on a JSON Lines line such as `1` it is undefined
  // behaviour (found by fuzzing; RapidJSON asserts in a debug build).
  if (doc.IsObject()) {
    auto it = doc.FindMember("id");
    if (it != doc.MemberEnd() && it->value.IsString()) c.id = std::string(it->value.GetString(), it->value.GetStringLength());
  }
  if (line) c.source.json = to_json(doc);  // compact, as a collection's entries already are
  if (c.problems.empty()) c.listing = listing_from_json(doc);
  return c;
}

std::optional<Problem> UniqueIds::conflict(const std::string& id, const std::string& path) const {
  std::string earlier = where(id);
  if (earlier.empty()) return std::nullopt;
  return Problem{path_join(path, "id"), "\"" + id + "\" is already used by " + earlier};
}

void UniqueIds::check(CheckedListing& item) const {
  // Checked even when the listing has other problems, so a maintainer sees all at once.
  if (!item.id) return;
  if (auto p = conflict(*item.id, item.source.path)) item.problems.push_back(std::move(*p));
}

void UniqueIds::accept(const std::string& id, const SourceListing& where) {
  auto file = file_index_.emplace(where.file, static_cast<uint32_t>(files_.size()));
  if (file.second) files_.push_back(where.file);
  seen_.emplace(id, std::make_pair(file.first->second, where.path));
}

std::string UniqueIds::where(const std::string& id) const {
  auto it = seen_.find(id);
  if (it == seen_.end()) return "";
  const std::string& path = it->second.second;
  return files_[it->second.first] + ": " + (path.empty() ? "$" : path);
}

std::optional<LoadedListing> file_checked(CheckedListing&& item, UniqueIds& ids, LoadResult& result) {
  if (item.check) ids.check(item);
  for (auto& p : item.problems) result.problems.push_back({item.source.file, std::move(p)});
  if (!item.check) {
    if (item.rejected) result.rejected.push_back(std::move(item.source));
    return std::nullopt;
  }
  if (!item.problems.empty() || !item.listing) {
    result.rejected.push_back(std::move(item.source));
    return std::nullopt;
  }
  ids.accept(*item.id, item.source);
  return LoadedListing{std::move(item.source), std::move(*item.listing)};
}

std::string format_problem(const FileProblem& p) {
  return p.file + ": " + (p.problem.path.empty() ? "$" : p.problem.path) + ": " + p.problem.message;
}

Expected<std::vector<std::string>> find_listing_files(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return make_error(ErrorCode::kNotFound, dir + ": not a directory");
  }
  std::vector<std::string> files;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const auto& p = it->path();
    if (!it->is_regular_file()) continue;
    if (p.filename().string().front() == '.') continue;
    if (p.extension() == ".json" || p.extension() == ".jsonl") files.push_back(p.string());
  }
  if (ec) return make_error(ErrorCode::kIo, dir + ": " + ec.message());
  std::sort(files.begin(), files.end());
  return files;
}

LoadResult load_listings(const std::vector<std::string>& files, const ListingValidator& validator) {
  LoadResult result;
  UniqueIds ids;
  ListingReader reader(files);
  std::vector<ListingRecord> records;
  while (reader.next(256, records)) {
    for (auto& r : records) {
      if (auto accepted = file_checked(check_record(std::move(r), validator), ids, result)) {
        result.accepted.push_back(std::move(*accepted));
      }
    }
    records.clear();
  }
  result.files = reader.files_opened();
  return result;
}

}  // namespace kindred
