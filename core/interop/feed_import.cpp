// @brief Feed bodies -> listings, validated into a build's LoadResult (see feed_import.h).
#include "core/interop/feed_import.h"

#include <unordered_map>

#include <rapidjson/document.h>

#include "core/base/json_util.h"
#include "core/interop/hsds_csv_import.h"
#include "core/interop/hsds_import.h"
#include "core/interop/meeting_guide.h"

namespace kindred {
namespace {

// Our own format: a kindred/1 file, one listing, or an array of listings; passed through.
Expected<ImportedFeed> import_kindred(std::string_view body) {
  rapidjson::Document doc;
  if (Status s = parse_json(body, doc); !s) return s.error();
  const rapidjson::Value* list = &doc;
  if (doc.IsObject() && doc.HasMember("listings")) list = &doc["listings"];
  ImportedFeed out;
  if (list->IsArray()) {
    out.report.items = list->Size();
    for (rapidjson::SizeType i = 0; i < list->Size(); ++i) {
      out.listings.push_back(to_json((*list)[i]));
      out.paths.push_back(path_index("listings", i));
    }
  } else if (list->IsObject()) {
    out.report.items = 1;
    out.listings.push_back(to_json(*list));
    out.paths.push_back("");
  } else {
    return make_error(ErrorCode::kInvalidArgument, "expected a kindred/1 file, a listing or an array of listings");
  }
  return out;
}

}  // namespace

Expected<ImportedFeed> import_feed(const FeedSpec& feed, std::string_view body, const ImportContext& context) {
  if (feed.format == "meeting-guide") return import_meeting_guide(feed, body, context);
  if (feed.format == "hsds") return import_hsds(feed, body, context);
  if (feed.format == "hsds-csv") return import_hsds_csv_zip(feed, body, context);
  if (feed.format == "kindred") return import_kindred(body);
  return make_error(ErrorCode::kInvalidArgument, "unknown feed format \"" + feed.format + "\"");
}

size_t add_feed_listings(LoadResult& into, const std::string& source, const ImportedFeed& feed,
                         const ListingValidator& validator) {
  std::unordered_map<std::string, std::string> seen;
  for (const auto& a : into.accepted) seen.emplace(a.listing.id, a.source.file + ": " + a.source.path);
  ++into.files;
  size_t accepted = 0;
  for (size_t i = 0; i < feed.listings.size(); ++i) {
    const std::string& path = feed.paths[i];
    rapidjson::Document doc;
    SourceListing where{source, path, feed.listings[i]};
    if (Status s = parse_json(feed.listings[i], doc); !s) {
      into.problems.push_back({source, {path, s.error().message}});
      into.rejected.push_back(std::move(where));
      continue;
    }
    std::vector<Problem> problems = validator.validate(doc, path);
    if (doc.IsObject() && doc.HasMember("id") && doc["id"].IsString()) {
      auto it = seen.find(doc["id"].GetString());
      if (it != seen.end()) {
        problems.push_back({path_join(path, "id"), std::string("\"") + doc["id"].GetString() +
                                                       "\" is already used by " + it->second});
      }
    }
    if (!problems.empty()) {
      for (auto& p : problems) into.problems.push_back({source, std::move(p)});
      into.rejected.push_back(std::move(where));
      continue;
    }
    seen.emplace(doc["id"].GetString(), source + ": " + path);
    into.accepted.push_back({std::move(where), listing_from_json(doc)});
    ++accepted;
  }
  return accepted;
}

std::vector<std::string> describe_report(const std::string& feed_id, const ImportReport& report) {
  std::vector<std::string> lines;
  for (const auto& s : report.skipped) lines.push_back("feed " + feed_id + ": skipped " + s.path + ": " + s.message);
  if (!report.unknown_codes.empty()) {
    std::string line = "feed " + feed_id + ": unknown type codes (kept in the description, not mapped):";
    bool first = true;
    for (const auto& [code, count] : report.unknown_codes) {
      line += (first ? " " : ", ") + code + " (" + std::to_string(count) + ")";
      first = false;
    }
    lines.push_back(line);
  }
  for (const auto& n : report.notes) lines.push_back("feed " + feed_id + ": note " + n.path + ": " + n.message);
  return lines;
}

}  // namespace kindred
