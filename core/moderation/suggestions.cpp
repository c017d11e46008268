// @brief Public suggestions: the checks on what anyone may send, and the moderators'
// queue of them (see moderation.h).
#include <string>

#include "core/base/utf8.h"
#include "core/listing/listing.h"
#include "core/moderation/moderation.h"

namespace kindred {
namespace {

// Text a person typed: valid UTF-8, no control characters but line breaks and tabs.
bool plain_text(std::string_view text) {
  if (!is_valid_utf8(text)) return false;
  for (unsigned char c : text) {
    if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0x7f) return false;
  }
  return true;
}

bool web_address(std::string_view url) {
  auto after = [&](std::string_view scheme) { return url.substr(0, scheme.size()) == scheme && url.size() > scheme.size(); };
  if (!after("http://") && !after("https://")) return false;
  for (unsigned char c : url) {
    if (c <= 0x20 || c == 0x7f || c == '"' || c == '<' || c == '>' || c == '\\') return false;
  }
  return true;
}

void check_text(std::vector<Problem>& problems, const char* field, const std::string& text, size_t max) {
  if (text.size() > max) {
    problems.push_back({field, "at most " + std::to_string(max) + " bytes (this is " + std::to_string(text.size()) + ")"});
  } else if (!plain_text(text)) {
    problems.push_back({field, "must be plain text (no control characters)"});
  }
}

bool blank(const std::string& text) { return text.find_first_not_of(" \t\r\n") == std::string::npos; }

}  // namespace

Expected<Suggestion> Moderation::suggest(const Suggestion& proposed) {
  std::vector<Problem> problems;
  Suggestion s;
  s.action = proposed.action;
  s.listing_id = proposed.listing_id;
  s.name = proposed.name;
  s.details = proposed.details;
  s.website = proposed.website;
  s.contact = proposed.contact;
  if (s.action != "add" && s.action != "correct") {
    problems.push_back({"action", "must be \"add\" (a new group) or \"correct\" (a listing we have)"});
  }
  if (s.action == "correct") {
    if (!is_listing_id(s.listing_id)) {
      problems.push_back({"listing_id", "the id of the listing to correct"});
    } else if (auto cur = current(s.listing_id); !cur) {
      if (cur.error().code != ErrorCode::kNotFound) return cur.error();
      problems.push_back({"listing_id", "no listing \"" + s.listing_id + "\""});
    }
  } else if (!s.listing_id.empty()) {
    problems.push_back({"listing_id", "only for a correction"});
  }
  if (s.action == "add" && blank(s.name)) problems.push_back({"name", "required: the group's name"});
  check_text(problems, "name", s.name, kMaxSuggestionName);
  if (blank(s.details)) {
    problems.push_back({"details", s.action == "correct" ? "required: what is wrong, and what it should say"
                                                          : "required: what the group is, and when and where it meets"});
  }
  check_text(problems, "details", s.details, kMaxSuggestionDetails);
  if (!s.website.empty() && (s.website.size() > kMaxSuggestionWebsite || !web_address(s.website))) {
    problems.push_back({"website", "an http:// or https:// address of at most " +
                                       std::to_string(kMaxSuggestionWebsite) + " bytes"});
  }
  check_text(problems, "contact", s.contact, kMaxSuggestionContact);
  if (!problems.empty()) {
    std::string message = problems.size() == 1 ? "1 problem" : std::to_string(problems.size()) + " problems";
    return Error{ErrorCode::kInvalidListing, "the suggestion has " + message, std::move(problems)};
  }
  return store_.add_suggestion(s);
}

Expected<std::vector<Suggestion>> Moderation::suggestions(const Principal& by, bool pending_only, size_t limit) {
  if (by.role != Role::kModerator || !by.revoked_at.empty()) {
    return refuse(by, "", "only a moderator may read suggestions").error();
  }
  return store_.suggestions(pending_only, limit);
}

Expected<Suggestion> Moderation::resolve_suggestion(const Principal& by, int64_t id) {
  if (by.role != Role::kModerator || !by.revoked_at.empty()) {
    return refuse(by, "", "only a moderator may resolve a suggestion").error();
  }
  return store_.resolve_suggestion(id, by);
}

}  // namespace kindred
