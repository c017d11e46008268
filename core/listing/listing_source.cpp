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

struct Loader {
  const ListingValidator& validator;
  LoadResult result;
  // id -> where it was first accepted, for the cross-source uniqueness rule.
  std::unordered_map<std::string, std::string> seen_ids;

  void add_problem(const std::string& file, std::string path, std::string message) {
    result.problems.push_back({file, {std::move(path), std::move(message)}});
  }

  void reject_file(const std::string& file, std::string path, std::string message) {
    add_problem(file, std::move(path), std::move(message));
    result.rejected.push_back({file, "", ""});
  }

  void take(const std::string& file, const Value& v, const std::string& path) {
    std::vector<Problem> problems = validator.validate(v, path);
    // Checked even when the listing has other problems, so a maintainer sees all at once.
    // MemberEnd() only of an object: on a JSON Lines line such as `1` it is undefined
    // behaviour (found by fuzzing; RapidJSON asserts in a debug build).
    const Value* id = nullptr;
    if (v.IsObject()) {
      auto it = v.FindMember("id");
      if (it != v.MemberEnd() && it->value.IsString()) id = &it->value;
    }
    if (id) {
      auto it = seen_ids.find(id->GetString());
      if (it != seen_ids.end()) {
        problems.push_back({path_join(path, "id"), std::string("\"") + id->GetString() +
                                                       "\" is already used by " + it->second});
      }
    }
    SourceListing source{file, path, to_json(v)};
    if (!problems.empty()) {
      for (auto& p : problems) result.problems.push_back({file, std::move(p)});
      result.rejected.push_back(std::move(source));
      return;
    }
    seen_ids.emplace(v["id"].GetString(), file + ": " + (path.empty() ? "$" : path));
    Listing listing = listing_from_json(v);
    result.accepted.push_back({std::move(source), std::move(listing)});
  }

  void read_collection(const std::string& file, const Value& doc) {
    bool usable = true;
    for (const auto& m : doc.GetObject()) {
      std::string name = m.name.GetString();
      if (name != "format" && name != "listings") {
        add_problem(file, name, "unknown field \"" + name + "\" (a file has only format and listings)");
      }
    }
    auto format = doc.FindMember("format");
    if (format == doc.MemberEnd()) {
      add_problem(file, "format", "required field is missing (expected \"kindred/1\")");
      usable = false;
    } else if (!format->value.IsString() || std::string(format->value.GetString()) != kFormat) {
      add_problem(file, "format", quote_value(format->value) + " is not supported (expected \"kindred/1\")");
      usable = false;
    }
    auto listings = doc.FindMember("listings");
    if (listings == doc.MemberEnd() || !listings->value.IsArray()) {
      add_problem(file, "listings", listings == doc.MemberEnd() ? "required field is missing"
                                                                 : "expected an array of listings");
      usable = false;
    }
    if (!usable) {
      result.rejected.push_back({file, "", ""});
      return;
    }
    const Value& arr = listings->value;
    for (rapidjson::SizeType i = 0; i < arr.Size(); ++i) take(file, arr[i], path_index("listings", i));
  }

  void read_json(const std::string& file, const std::string& text) {
    rapidjson::Document doc;
    if (Status s = parse_json(text, doc); !s) return reject_file(file, "", s.error().message);
    if (!doc.IsObject()) {
      return reject_file(file, "", "expected an object: {\"format\": \"kindred/1\", \"listings\": [...]} or one listing");
    }
    if (doc.HasMember("listings") || doc.HasMember("format")) return read_collection(file, doc);
    take(file, doc, "");
  }

  void read_jsonl(const std::string& file, const std::string& text) {
    size_t line_no = 0, pos = 0;
    while (pos < text.size()) {
      size_t end = text.find('\n', pos);
      if (end == std::string::npos) end = text.size();
      std::string_view line(text.data() + pos, end - pos);
      pos = end + 1;
      ++line_no;
      if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
      std::string path = "line " + std::to_string(line_no);
      rapidjson::Document doc;
      if (Status s = parse_json(line, doc); !s) {
        // The position inside a one-line document is just its column.
        std::string message = s.error().message;
        if (message.rfind("line 1, ", 0) == 0) message.erase(0, 8);
        reject_file(file, path, message);
        continue;
      }
      take(file, doc, path);
    }
  }

  void read(const std::string& file) {
    ++result.files;
    auto text = read_file(file);
    if (!text) return reject_file(file, "", text.error().message);
    if (fs::path(file).extension() == ".jsonl") return read_jsonl(file, *text);
    read_json(file, *text);
  }
};

}  // namespace

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
  Loader loader{validator, {}, {}};
  for (const auto& f : files) loader.read(f);
  return std::move(loader.result);
}

}  // namespace kindred
